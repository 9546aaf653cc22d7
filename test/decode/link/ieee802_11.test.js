'use strict';

const assert = require('node:assert/strict');
const { RadioFrame } = require('../../../lib/decode/link/ieee802_11');
const h = require('./helpers');

const frameOf = (pkt) => h.chain(pkt).find((l) => l.decoderName === 'radio-frame');

/** Every wlan field tshark reports for the fixture (its fc is byte0 << 8 | byte1). */
function checkWlan(name) {
  const t = h.fixture(name).tshark.wlan;
  const f = frameOf(h.decodeFx(name));
  assert.ok(f instanceof RadioFrame);
  assert.equal(f.decoderName, 'radio-frame');
  const fc = f.frameControl;
  assert.equal(((fc & 0xff) << 8) | (fc >> 8), t.fc);
  assert.equal(f.type, t.type);
  assert.equal(f.subType, t.subtype);
  assert.equal(f.flags.raw, t.flags);
  assert.equal(f.flags.toDS, t.tods);
  assert.equal(f.flags.fromDS, t.fromds);
  assert.equal(f.flags.retry, t.retry);
  assert.equal(f.flags.protected, t.protected);
  assert.equal(f.duration, t.duration);
  for (const k of ['ra', 'ta', 'da', 'sa', 'bssid', 'seq', 'frag', 'qos', 'fcs', 'ssid']) assert.equal(h.text(f[k]), t[k], `${name} ${k}`);
  return f;
}

const CORPUS = ['rt_qos_data_tods', 'rt_qos_data_fromds', 'rt_data_rate_ipv6', 'rt_fcs_not_captured', 'rt_data_eapol',
  'rt_ack', 'rt_beacon', 'rt_beacon_nofcs', 'rt_probe_req', 'rt_probe_resp_retry', 'wlan_qos_arp'];

describe('link/ieee802_11', () => {
  it('matches tshark on every corpus fixture', () => {
    for (const name of CORPUS) {
      const f = checkWlan(name);
      assert.equal(f.error, null, name);
      assert.equal(f.version, 0);
    }
  });

  it('QoS data, ToDS (DLT 105, zeek arp-who-has-wlanmon): addresses, QoS, LLC -> ARP', () => {
    const f = checkWlan('wlan_qos_arp');
    assert.equal(f.headerLength, 26);
    assert.equal(f.tid, 6);
    assert.equal(f.amsdu, false);
    assert.equal(f.htControl, undefined);
    assert.equal(f.fragSeq, 0x0010);
    assert.equal(h.text(f.shost), '78:31:c1:c6:3f:c2');
    assert.equal(h.text(f.dhost), 'ff:ff:ff:ff:ff:ff');
    assert.equal(f.fcs, undefined);
    assert.equal(f.llc, f.payload);
    assert.deepEqual(h.names(h.decodeFx('wlan_qos_arp')), ['radio-frame', 'llc', 'arp']);
    assert.deepEqual(f.flags, {
      raw: 1, toDS: true, fromDS: false, moreFrag: false, retry: false, powerMgmt: false, moreData: false, protected: false,
      order: false, moreFragments: false, isRetry: false, encrypted: false, ordered: false,
    });
    assert.ok(String(f).startsWith('802.11 QoS Data 78:31:c1:c6:3f:c2 -> ff:ff:ff:ff:ff:ff LLC 0xaa>0xaa SNAP '));
    for (const k of ['timestamp', 'beaconInterval', 'capability', 'tags', 'ssid', 'rates', 'channel', 'beacon', 'probe']) assert.equal(f[k], undefined, k);
  });

  it('control wrapper (subtype 7): RA, then the carried frame control and HT control, and no transmitter address', () => {
    // frame control 0x0074, duration 0, RA 11:11:11:11:11:11, carried FC 0x00d4 (ACK), HT control 0x04030201
    const buf = Buffer.from('74000000111111111111d40001020304', 'hex');
    const f = new RadioFrame().decode(buf, 0, buf.length);
    assert.deepEqual([f.type, f.subType, h.text(f.ra), h.text(f.ta), f.carriedFrameControl, f.htControl, f.error], [1, 7, '11:11:11:11:11:11', undefined, 0xd4, 0x04030201, null]);
    assert.ok(!String(f).includes('d4:00:01:02:03:04'), String(f));
  });

  it('an SSID with a newline in it stays on one line in toString()', () => {
    const fx = h.fixture('rt_beacon');
    const hex = fx.hex.replace(Buffer.from('Coherer').toString('hex'), Buffer.from('Coh\nrer').toString('hex'));
    const pkt = h.decodeFx({ ...fx, hex });
    const f = frameOf(pkt);
    assert.equal(f.ssid, 'Coh\nrer');
    assert.ok(String(f).includes('(Coh\\x0arer)'), String(f));
    assert.ok(!String(pkt.payload).includes('\n'));
  });

  it('beacon: fixed fields and tagged parameters (libpcap wpa-Induction #3)', () => {
    const f = checkWlan('rt_beacon');
    assert.equal(f.ssid, 'Coherer');
    assert.equal(f.timestamp, 4767641989); // tshark wlan.fixed.timestamp
    assert.equal(f.beaconInterval, 100);
    assert.equal(f.capability, 0x0411);
    assert.deepEqual(f.rates, [1, 2, 5.5, 11, 18, 24, 36, 54, 6, 9, 12, 48]);
    assert.equal(f.channel, 1);
    const tags = f.tags;
    assert.deepEqual(tags.map((t) => t.typeId), [0, 1, 3, 5, 42, 47, 48, 50, 221, 221]);
    assert.equal(tags[0].type, 'ssid');
    assert.equal(tags[0].ssid, 'Coherer');
    assert.equal(tags[0].length, 7);
    assert.equal(tags[1].type, 'rates');
    assert.equal(tags[2].channel, 1);
    assert.equal(tags[8].type, 'vendor_specific');
    assert.deepEqual(f.beacon.tags.map((t) => t.typeId), tags.map((t) => t.typeId));
    assert.equal(f.probe, undefined);
    assert.equal(f.payload, null);
    assert.ok(String(f).includes('Beacon 00:0c:41:82:b2:55 -> ff:ff:ff:ff:ff:ff (Coherer)'));
    JSON.stringify(f);
    // a protected beacon or probe request has no tags to read: no beacon/probe object either
    const header = (fc) => Buffer.concat([Buffer.from(fc, 'hex'), Buffer.alloc(22 + 12 + 4, 1)]);
    for (const [fc, field] of [['8040', 'beacon'], ['4040', 'probe']]) {
      const p = h.decode({ buf: header(fc), link_type: 'LINKTYPE_IEEE802_11' }).payload;
      assert.deepEqual([p.subType, p.tags, p[field], p.truncated], [fc === '8040' ? 8 : 4, undefined, undefined, false], fc);
    }
  });

  it('probe request (wildcard SSID) and probe response with retry', () => {
    const req = checkWlan('rt_probe_req');
    assert.equal(req.ssid, '');
    assert.equal(req.timestamp, undefined);
    assert.equal(req.capability, undefined);
    assert.deepEqual(req.probe.tags.map((t) => t.typeId).slice(0, 3), [0, 1, 3]);
    assert.deepEqual(req.rates, [6, 9, 12, 18, 24, 36, 48, 54]);
    assert.equal(req.channel, 36);
    const resp = checkWlan('rt_probe_resp_retry');
    assert.equal(resp.flags.retry, true);
    assert.equal(resp.flags.isRetry, true);
    assert.equal(resp.ssid, 'ikeriri-5g');
    assert.equal(resp.timestamp, 322324815363);
    assert.equal(resp.beaconInterval, 102);
    assert.equal(resp.channel, undefined); // no DS parameter set in this 5 GHz response
    assert.deepEqual(resp.tags.map((t) => t.typeId).slice(0, 5), [0, 1, 45, 48, 61]);
  });

  it('timing advertisement: timestamp and capability, no beacon interval, then the elements', () => {
    // IEEE 802.11-2016 9.3.3.15. tshark 4.0 is no reference here: it reads subtype 6 as the
    // pre-standard Measurement Pilot (its own fixed fields), so the frame is built by hand.
    const f = h.decodeFx('wlan_timing_adv').payload;
    assert.deepEqual([f.type, f.subType, h.text(f.ta), f.seq], [0, 6, '02:00:00:00:00:02', 16]);
    assert.equal(f.timestamp, 0x1122334455);
    assert.equal(f.beaconInterval, undefined);
    assert.equal(f.capability, 0x0431);
    assert.deepEqual(f.tags.map((t) => [t.typeId, t.length]), [[3, 1], [7, 6]]);
    assert.equal(f.channel, 11);
    assert.equal(f.ssid, undefined);
    h.touch(f);
  });

  it('control frames: ACK, RTS, CTS, PS-Poll', () => {
    const ack = checkWlan('rt_ack');
    assert.equal(ack.headerLength, 10);
    assert.equal(h.text(ack.ta), undefined);
    assert.equal(ack.seq, undefined);
    assert.equal(h.text(ack.dhost), '00:0d:93:82:36:3a');
    assert.equal(String(ack), '802.11 Ack 00:0d:93:82:36:3a');
    const rts = h.decodeFx('wlan_rts').payload;
    assert.deepEqual([rts.type, rts.subType, rts.duration, h.text(rts.ra), h.text(rts.ta), h.text(rts.bssid)], [1, 11, 0x015e, '02:00:00:00:00:01', '02:00:00:00:00:02', undefined]);
    assert.equal(String(rts), '802.11 RTS 02:00:00:00:00:02 -> 02:00:00:00:00:01');
    const cts = h.decodeFx('wlan_cts').payload;
    assert.deepEqual([cts.subType, h.text(cts.ra), h.text(cts.ta), h.text(cts.da), h.text(cts.sa)], [12, '02:00:00:00:00:02', undefined, undefined, undefined]);
    const ps = h.decodeFx('wlan_pspoll').payload;
    assert.deepEqual([ps.subType, ps.duration, h.text(ps.bssid), h.text(ps.ta)], [10, 0xc001, '02:00:00:00:00:01', '02:00:00:00:00:02']);
  });

  it('four-address (WDS) data frame', () => {
    const f = h.decodeFx('wlan_wds').payload;
    assert.equal(f.headerLength, 30);
    assert.deepEqual([h.text(f.ra), h.text(f.ta), h.text(f.da), h.text(f.sa), h.text(f.bssid)], ['02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:03', '02:00:00:00:00:04', undefined]);
    assert.deepEqual([f.seq, f.frag], [18, 0]);
    assert.equal(f.payload.payload.decoderName, 'arp');
  });

  it('QoS data with +HTC (order bit): HT control skipped', () => {
    const f = h.decodeFx('wlan_qos_htc').payload;
    assert.equal(f.headerLength, 30);
    assert.equal(f.flags.order, true);
    assert.equal(f.qos, 5);
    assert.equal(f.tid, 5);
    assert.equal(f.htControl, 0x12345678);
    assert.equal(f.payload.decoderName, 'llc');
    assert.equal(f.payload.payload.decoderName, 'arp');
  });

  it('protected, A-MSDU and null-data frames carry no payload', () => {
    const p = h.decodeFx('wlan_protected').payload;
    assert.equal(p.flags.protected, true);
    assert.equal(p.flags.encrypted, true);
    assert.equal(p.payload, null);
    assert.ok(String(p).endsWith(' protected'));
    const a = h.decodeFx('wlan_amsdu').payload;
    assert.equal(a.amsdu, true);
    assert.equal(a.payload, null);
    const n = h.decodeFx('wlan_null').payload;
    assert.deepEqual([n.subType, n.flags.powerMgmt, n.headerLength, n.payload, n.error], [4, true, 24, null, null]);
    assert.equal(String(n), '802.11 Null 02:00:00:00:00:02 -> 02:00:00:00:00:01');
  });

  it('garbage frames from tcpdump tests: decoded as far as they go', () => {
    for (const name of ['wlan_garbage_1', 'wlan_garbage_2', 'wlan_garbage_3', 'wlan_garbage_4', 'wlan_bad_elements']) {
      const t = h.fixture(name).tshark.wlan;
      const f = h.decodeFx(name).payload;
      assert.equal(f.type, t.type, name);
      assert.equal(f.subType, t.subtype, name);
      assert.equal(f.duration, t.duration, name);
      assert.equal(h.text(f.ra), t.ra, name);
      assert.equal(f.truncated, true, name); // header or a tagged parameter cut short
      h.touch(f);
    }
  });

  it('every truncation', () => {
    h.truncationSweep('wlan_qos_arp', [['radio-frame', 26], ['llc', 34]]);
    h.truncationSweep('wlan_wds', [['radio-frame', 30], ['llc', 38]]);
    h.truncationSweep('wlan_qos_htc', [['radio-frame', 30], ['llc', 38]]);
    h.truncationSweep('wlan_rts', [['radio-frame', 16]]);
    h.truncationSweep('wlan_cts', [['radio-frame', 10]]);
    h.truncationSweep('rt_probe_req', [['radio-packet', 24], ['radio-frame', 48, 'loose']]);
    const f = h.decodeFx('rt_beacon', 24 + 24 + 12 + 5).payload.payload;
    assert.equal(f.error.reason, 'tagged parameter truncated');
    assert.equal(f.ssid, undefined); // the SSID parameter was cut
    assert.deepEqual(f.tags, []);
    assert.equal(f.beaconInterval, 100);
  });

  it('garbage never throws', () => {
    h.garbageSweep(105, ['wlan_qos_arp', 'wlan_wds', 'wlan_qos_htc', 'wlan_rts', 'wlan_garbage_4'], 800);
  });
});
