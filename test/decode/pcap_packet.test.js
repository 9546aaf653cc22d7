'use strict';
// The root of a decoded packet (PcapPacket): link_type and pcap_header for both kinds of input,
// a session's RawPacket and node_pcap's {buf, header, link_type}.

const assert = require('node:assert');
const path = require('node:path');
const pcap = require('../..');

const FILE = path.join(__dirname, '..', 'fixtures', 'capture', 'lo-us.pcap');

// Ethernet / IPv4 / UDP 12345 -> 9 with 4 bytes of payload, and node_pcap's 16-byte header
function nodePcapRaw() {
  const eth = Buffer.from('0200000000020200000000010800', 'hex');
  const ip = Buffer.from('4500002000004000401100007f0000017f000001', 'hex');
  const udp = Buffer.from('30390009000c0000' + 'deadbeef', 'hex');
  const buf = Buffer.concat([eth, ip, udp]);
  const header = Buffer.alloc(16);
  header.writeUInt32LE(1700000000, 0);
  header.writeUInt32LE(123456, 4);
  header.writeUInt32LE(buf.length, 8);
  header.writeUInt32LE(buf.length + 10, 12);
  return { buf, header, link_type: 'LINKTYPE_ETHERNET' };
}

describe('decode/pcap_packet', function () {
  it("link_type and pcap_header come from node_pcap's {buf, header, link_type}", function () {
    const p = pcap.decode.packet(nodePcapRaw());
    assert.strictEqual(p.link_type, 'LINKTYPE_ETHERNET');
    assert.deepStrictEqual({ ...p.pcap_header }, { tv_sec: 1700000000, tv_usec: 123456, caplen: 46, len: 56 });
    assert.strictEqual(p.payload.payload.payload.dport, 9);
    const j = JSON.parse(JSON.stringify(p));
    assert.strictEqual(j.link_type, 'LINKTYPE_ETHERNET');
    assert.strictEqual(j.pcap_header.len, 56);
  });

  it("link_type is the session packet's own", async function () {
    const session = pcap.createOfflineSession(FILE);
    const seen = [];
    session.on('packet', (raw) => {
      if (seen.length < 3) seen.push([raw.link_type, pcap.decode.packet(raw).link_type]);
    });
    await new Promise((resolve, reject) => {
      session.on('end', resolve);
      session.on('error', reject);
    });
    assert.ok(seen.length > 0);
    for (const [raw, decoded] of seen) {
      assert.strictEqual(decoded, raw);
      assert.strictEqual(decoded, session.link_type);
    }
  });

  it('link_type can be assigned, as on node_pcap, and then reads back and serializes', function () {
    const p = pcap.decode.packet(nodePcapRaw());
    p.link_type = 'LINKTYPE_RAW';
    assert.strictEqual(p.link_type, 'LINKTYPE_RAW');
    assert.ok(Object.keys(p).includes('link_type'));
    assert.strictEqual(JSON.parse(JSON.stringify(p)).link_type, 'LINKTYPE_RAW');
    assert.strictEqual(pcap.decode.packet(nodePcapRaw()).link_type, 'LINKTYPE_ETHERNET', 'other packets keep their own');
  });

  it('anything that is not a packet decodes to an empty root, without throwing', function () {
    for (const raw of [null, undefined, 42, 'x', {}, { buf: 'not bytes', link_type: 'LINKTYPE_ETHERNET' }]) {
      const p = pcap.decode.packet(raw);
      assert.strictEqual(p.payload, null);
      assert.strictEqual(p.link_type, raw !== null && typeof raw === 'object' ? raw.link_type : undefined);
      assert.strictEqual(typeof p.toString(), 'string');
    }
  });
});
