'use strict';

const assert = require('node:assert/strict');
const { RadioPacket } = require('../../../lib/decode/link/radiotap');
const h = require('./helpers');

const hex8 = (n) => '0x' + n.toString(16).padStart(8, '0');

/** Every radiotap field tshark reports for the fixture. */
function checkRadiotap(name) {
  const t = h.fixture(name).tshark.radiotap;
  const r = h.decodeFx(name).payload;
  assert.ok(r instanceof RadioPacket);
  assert.equal(r.decoderName, 'radio-packet');
  assert.equal(r.headerRevision, t.version);
  assert.equal(r.headerLength, t.len);
  assert.deepEqual(r.present.map(hex8), t.present);
  assert.equal(r.flags, t.flags);
  assert.equal(r.fcs, t.fcs);
  assert.equal(r.tsft, t.tsft);
  assert.equal(r.frequency, t.channel_freq);
  assert.equal(r.channelFlags, t.channel_flags);
  assert.equal(r.signalStrength, t.dbm_antsignal);
  assert.equal(r.signalNoise, t.dbm_antnoise);
  assert.equal(r.antenna, t.antenna);
  assert.equal(r.rate, t.rate_mbps);
  assert.equal(r.ieee802_11Frame, r.payload);
  assert.equal(r.payload.decoderName, 'radio-frame');
  return r;
}

const CORPUS = ['rt_qos_data_tods', 'rt_qos_data_fromds', 'rt_data_rate_ipv6', 'rt_fcs_not_captured', 'rt_data_eapol',
  'rt_ack', 'rt_beacon', 'rt_beacon_nofcs', 'rt_probe_req', 'rt_probe_resp_retry'];

describe('link/radiotap', () => {
  it('matches tshark on every corpus fixture', () => {
    for (const name of CORPUS) {
      const r = checkRadiotap(name);
      assert.equal(r.error, null, name);
    }
  });

  it('XChannel, MCS and A-MPDU (zeek radiotap #1), unset fields undefined', () => {
    const r = checkRadiotap('rt_qos_data_tods');
    assert.equal(r.headerPad, 0);
    assert.deepEqual(r.xchannel, { flags: 0x00010140, frequency: 5540, channel: 108, maxPower: 34 });
    assert.deepEqual(r.mcs, { known: 0x1f, flags: 1, index: 7 });
    assert.deepEqual(r.ampdu, { reference: 1, flags: 0, delimiterCrc: 0 });
    for (const f of ['rate', 'fhss', 'lockQuality', 'txAttenuation', 'dbTxAttenuation', 'dbmTxPower', 'dbAntennaSignal',
      'dbAntennaNoise', 'rxFlags', 'txFlags', 'rtsRetries', 'dataRetries', 'vht', 'timestamp', 'he', 'heMu', 'zeroLengthPsdu', 'lsig']) {
      assert.equal(r[f], undefined, f);
    }
    const pf = r.presentFields;
    assert.equal(pf.tsft, true);
    assert.equal(pf.rate, false);
    assert.equal(pf.mcs, true);
    assert.equal(pf.ext, false);
    assert.ok(String(r).startsWith('radiotap 5540 MHz -74dBm 802.11 QoS Data 90:72:40:97:b6:f5 -> 44:2b:03:aa:ab:8d LLC '));
    const j = JSON.parse(JSON.stringify(r));
    assert.equal(j.frequency, 5540);
    assert.equal(j.payload.decoderName, 'radio-frame');
  });

  it('FCS flag: the last 4 bytes are the FCS, not frame body', () => {
    const pkt = h.decodeFx('rt_qos_data_tods');
    const frame = pkt.payload.payload;
    assert.equal(frame._end, 149 - 4);
    assert.equal(frame.fcs, h.fixture('rt_qos_data_tods').tshark.wlan.fcs);
  });

  it('FCS flag on a frame cut by the snaplen: nothing removed (arp-who-has-radiotap)', () => {
    const frame = h.decodeFx('rt_fcs_not_captured').payload.payload;
    assert.equal(frame._end, 110);
    assert.equal(frame.fcs, undefined);
    assert.equal(h.names(h.decodeFx('rt_fcs_not_captured')).join('>'), 'radio-packet>radio-frame>llc>arp');
  });

  it('FCS cut by the capture (caplen len-1 to len-3): not read from bytes past the capture, not taken as body', () => {
    const fx = h.fixture('rt_qos_data_tods');
    const all = Buffer.from(fx.hex, 'hex');
    for (const cut of [1, 2, 3]) {
      const caplen = all.length - cut;
      // the bytes after the capture belong to something else (in a session's batch, the next record)
      const buf = Buffer.concat([all.subarray(0, caplen), Buffer.alloc(8, 0xee)]);
      const header = Buffer.alloc(16);
      header.writeUInt32LE(caplen, 8);
      header.writeUInt32LE(all.length, 12);
      const frame = h.decode.packet({ buf, header, dlt: fx.dlt }).payload.payload;
      assert.equal(frame.fcs, undefined, `cut ${cut}`);
      assert.equal(frame._end, all.length - 4);
      assert.equal(frame.error, null); // as when no byte of the FCS was captured
    }
  });

  it('without a decode context the frame is assumed complete', () => {
    const buf = Buffer.from(h.fixture('rt_qos_data_tods').hex, 'hex');
    const r = new RadioPacket().decode(buf, 0, buf.length);
    assert.equal(r.payload._end, buf.length - 4);
  });

  it('extended bitmaps, a second radiotap namespace and a vendor namespace (handmade)', () => {
    const r = h.decodeFx('rt_namespaces').payload;
    assert.equal(r.error, null);
    assert.deepEqual(r.present, [0xa000002f, 0xc0000820, 0x00000001]);
    assert.equal(r.tsft, Number(0x0102030405060708n)); // a Number: exact only up to 2^53
    assert.equal(r.flags, 0x10);
    assert.equal(r.rate, 6);
    assert.equal(r.frequency, 2437);
    assert.equal(r.channelFlags, 0xa0);
    assert.equal(r.signalStrength, -40); // the first namespace wins
    assert.equal(r.antenna, 2); // only in the second namespace
    const frame = r.payload;
    assert.equal(frame._o, 44); // vendor data skipped by its skip_length
    assert.equal(frame.fcs, 0xdeadbeef);
    assert.equal(frame.payload.payload.decoderName, 'arp');
  });

  it('an unknown field stops the field parse, not the frame', () => {
    const r = h.decodeFx('rt_unknown_field').payload;
    assert.equal(r.error, null);
    assert.equal(r.flags, 2);
    assert.equal(r.fcs, false);
    assert.equal(r.antenna, undefined);
    assert.equal(r.payload._o, 20);
    assert.equal(r.payload.payload.payload.decoderName, 'arp');
  });

  it('data padding flag: the body starts at a 4-byte boundary', () => {
    const pkt = h.decodeFx('rt_datapad');
    assert.deepEqual(h.names(pkt), ['radio-packet', 'radio-frame', 'llc', 'arp']);
    assert.equal(pkt.payload.payload.payload._o, 9 + 28);
  });

  it('malformed headers: bad length, too many presence words, unknown version', () => {
    const bad = h.decodeFx('rt_bad_len').payload;
    assert.equal(bad.error.reason, 'bad radiotap length');
    assert.equal(bad.truncated, false);
    assert.equal(bad.payload, null);
    assert.equal(String(bad), 'radiotap');
    const many = h.decodeFx('rt_too_many_words').payload;
    assert.equal(many.error.reason, 'radiotap presence bitmap too long');
    assert.equal(many.payload, null);
    assert.deepEqual(many.present, []);
    for (const name of ['rt_bad_version', 'rt_bad_version_short']) {
      const t = h.fixture(name).tshark.radiotap;
      const r = h.decodeFx(name).payload;
      assert.equal(r.headerRevision, t.version);
      assert.equal(r.headerLength, t.len);
      assert.deepEqual(r.present, t.present);
      assert.equal(r.flags, undefined);
      assert.equal(r.error.reason, 'unknown radiotap version');
      assert.equal(r.payload.decoderName, 'radio-frame'); // tshark still decodes 802.11 after len
    }
  });

  it('a field crossing the header length is malformed; the frame still decodes', () => {
    const buf = Buffer.from(h.fixture('rt_datapad').hex, 'hex');
    buf[4] = 0x01; // TSFT (8 bytes, aligned to 8) cannot fit a 9-byte header
    const r = new RadioPacket().decode(buf, 0, buf.length);
    assert.equal(r.error.reason, 'radiotap field beyond header length');
    assert.equal(r.truncated, false);
    assert.equal(r.tsft, undefined);
    assert.equal(r.payload.decoderName, 'radio-frame');
  });

  it('every truncation', () => {
    h.truncationSweep('rt_qos_data_tods', [['radio-packet', 48], ['radio-frame', 74], ['llc', 82]]);
    h.truncationSweep('rt_data_rate_ipv6', [['radio-packet', 25], ['radio-frame', 49], ['llc', 57]]);
    h.truncationSweep('rt_namespaces', [['radio-packet', 44], ['radio-frame', 70], ['llc', 78]]);
    h.truncationSweep('rt_beacon', [['radio-packet', 24], ['radio-frame', 24 + 36, 'loose']]);
    h.truncationSweep('rt_ack', [['radio-packet', 24], ['radio-frame', 34]]);
    const r = h.decodeFx('rt_qos_data_tods', 20).payload;
    assert.equal(r.error.reason, 'radiotap header truncated');
    assert.equal(r.tsft, 1448501729); // fields that were captured still read
    assert.equal(r.antenna, undefined);
  });

  it('garbage never throws', () => {
    h.garbageSweep(127, ['rt_qos_data_tods', 'rt_namespaces', 'rt_beacon', 'rt_unknown_field', 'rt_datapad'], 800);
  });
});
