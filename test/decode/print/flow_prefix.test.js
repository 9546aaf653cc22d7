'use strict';
// The cache of line starts (`shost -> dhost saddr:sport -> daddr:dport `) in
// lib/decode/print/flow_prefix.js: a cached line start must never be returned for a packet that
// differs from the one it was built for in any byte it shows. The packets here are made by hand
// (Ethernet, IPv4 or IPv6, TCP or UDP, no payload), and the expected line is built from the
// layers' own getters, apart from the printer.

const assert = require('assert');
const pcap = require('../../..');

const FLAGS = { 0x02: ' [syn]', 0x12: ' [ack,syn]', 0x10: ' [ack]', 0x11: ' [ack,fin]', 0x04: ' [rst]' };
const FLAG_VALUES = Object.keys(FLAGS).map(Number);

/** A seeded generator (mulberry32), so a failure repeats. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets of the bytes a line start is made of: the MACs, the IP addresses and the ports. */
function shownBytes(v6) {
  const ipAddrs = v6 ? [22, 54] : [26, 34];
  const out = [];
  for (let i = 0; i < 12; i++) out.push(i);
  for (let i = ipAddrs[0]; i < ipAddrs[1]; i++) out.push(i);
  for (let i = 0; i < 4; i++) out.push(ipAddrs[1] + i);
  return out;
}

/** Ethernet + IPv4/IPv6 + TCP (20 bytes) or UDP (8 bytes), no payload, random addresses and ports. */
function makePacket(rnd, v6, tcp, ipv4FlagsByte = 0x40) {
  const l4 = tcp ? 20 : 8;
  const ipLen = v6 ? 40 : 20;
  const b = Buffer.alloc(14 + ipLen + l4);
  for (let i = 0; i < 12; i++) b[i] = Math.floor(rnd() * 256);
  b.writeUInt16BE(v6 ? 0x86dd : 0x0800, 12);
  const ip = 14;
  if (v6) {
    b[ip] = 0x60;
    b.writeUInt16BE(l4, ip + 4);
    b[ip + 6] = tcp ? 6 : 17;
    b[ip + 7] = 64;
    for (let i = 8; i < 40; i++) b[ip + i] = Math.floor(rnd() * 256);
  } else {
    b[ip] = 0x45;
    b.writeUInt16BE(ipLen + l4, ip + 2);
    b.writeUInt16BE(Math.floor(rnd() * 65536), ip + 4);
    b[ip + 6] = ipv4FlagsByte;
    b[ip + 8] = 64;
    b[ip + 9] = tcp ? 6 : 17;
    for (let i = 12; i < 20; i++) b[ip + i] = Math.floor(rnd() * 256);
  }
  const t = ip + ipLen;
  // ports 20000-29999: no application decoder is registered there, so the line ends at the transport
  b.writeUInt16BE(20000 + Math.floor(rnd() * 10000), t);
  b.writeUInt16BE(20000 + Math.floor(rnd() * 10000), t + 2);
  if (tcp) {
    b[t + 12] = 0x50;
    b[t + 13] = FLAG_VALUES[Math.floor(rnd() * FLAG_VALUES.length)];
  } else {
    b.writeUInt16BE(8, t + 4);
  }
  return b;
}

/** The line the printer must give, from the layers' getters. */
function expectedLine(buf) {
  const eth = pcap.decode.packet({ buf, link_type: 'LINKTYPE_ETHERNET' }).payload;
  const ip = eth.payload;
  const t = ip.payload;
  assert.ok(t && !t.payload, 'a test packet has no application payload');
  const v6 = ip.decoderName === 'ipv6';
  const ep = (a, p) => (v6 ? `[${a}]` : a) + ':' + p;
  const tail = t.decoderName === 'tcp' ? 'TCP len 0' + FLAGS[t.flagsValue] : 'UDP len 0';
  return `${eth.shost} -> ${eth.dhost} ${ep(ip.saddr, t.sport)} -> ${ep(ip.daddr, t.dport)} ${tail}`;
}

const line = (buf) => String(pcap.decode.packet({ buf, link_type: 'LINKTYPE_ETHERNET' }));

describe('print: the cache of line starts', () => {
  it('gives every packet its own addresses and ports, over flows enough to evict and collide', () => {
    const rnd = random(7);
    const packets = [];
    for (let i = 0; i < 6000; i++) packets.push(makePacket(rnd, i % 2 === 1, i % 3 !== 0));
    // each packet three times, in a shuffled order: first sights, second ones (when a text is
    // kept), hits and evicted slots mixed
    const order = packets.concat(packets, packets);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const b of order) assert.strictEqual(line(b), expectedLine(b));
  });

  for (const v6 of [false, true]) {
    it(`tells apart flows that differ in one shown byte (${v6 ? 'IPv6' : 'IPv4'})`, () => {
      // Each shown byte takes all 256 values with the rest kept: 256 flows in 2048 slots share
      // about 16 slots in pairs that differ in that byte alone, so a byte left out of the compare
      // would hand one of each pair the other's line (whatever the hash does with it). Each is
      // printed twice: a flow's text is kept from its second packet on.
      const rnd = random(v6 ? 11 : 10);
      const base = makePacket(rnd, v6, true);
      const baseLine = line(base);
      assert.strictEqual(baseLine, expectedLine(base));
      for (const at of shownBytes(v6)) {
        const other = Buffer.from(base);
        for (let v = 0; v < 256; v++) {
          other[at] = v;
          const want = expectedLine(other);
          for (let time = 1; time <= 2; time++) {
            const got = line(other);
            if (v !== base[at]) assert.notStrictEqual(got, baseLine, `byte ${at} = ${v}, print ${time}`);
            assert.strictEqual(got, want, `byte ${at} = ${v}, print ${time}`);
          }
        }
        assert.strictEqual(line(base), baseLine, `after byte ${at} took every value`);
      }
    });
  }

  it("keeps a flow's text from its second packet on, and builds it once", () => {
    const { flowPrefix } = require('../../../lib/decode/print/flow_prefix');
    const eth = (buf) => pcap.decode.packet({ buf, link_type: 'LINKTYPE_ETHERNET' }).payload;
    const b = makePacket(random(5), false, true);
    let builds = 0;
    const build = () => `text ${++builds}`;
    assert.strictEqual(flowPrefix(eth(b), build), undefined, 'first packet: printed the general way');
    assert.strictEqual(flowPrefix(eth(b), build), 'text 1');
    assert.strictEqual(flowPrefix(eth(b), build), 'text 1');
    assert.strictEqual(builds, 1);
    // not this library's layers, or not Ethernet/IP/TCP-UDP: never cached
    const hand = { decoderName: 'ethernet-packet', vlan: null, payload: eth(b).payload };
    assert.strictEqual(flowPrefix(hand, build), undefined);
    assert.strictEqual(flowPrefix(eth(b.subarray(0, 14 + 20 + 3)), build), undefined, 'ports cut short');
  });

  it('still marks a first IPv4 fragment', () => {
    const b = makePacket(random(3), false, true, 0x20); // more fragments, offset 0
    const id = b.readUInt16BE(18);
    assert.strictEqual(line(b), expectedLine(b) + ` [first fragment id ${id}]`);
  });
});
