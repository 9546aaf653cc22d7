'use strict';
// The cache of line starts (`shost -> dhost saddr:sport -> daddr:dport `) in
// lib/decode/print/flow_prefix.js: a cached line start must never be returned for a packet that
// differs from the one it was built for in any byte it shows, whatever the packet's layout. The
// packets here are made by hand (Ethernet with or without VLAN tags, IPv4 with or without options,
// IPv6 with or without a hop-by-hop header, TCP or UDP, no payload), placed at an offset in a
// batch as a session hands them over, and the expected line is built from the layers' own getters,
// apart from the printer. A flow's text is kept from its second packet on, so every packet is
// printed more than once.

const assert = require('assert');
const pcap = require('../../..');
const { RawPacket, IDX } = require('../../../lib/raw_packet');
const { EthernetPacket } = require('../../../lib/decode/link/ethernet');
const { IPv4 } = require('../../../lib/decode/net/ipv4');
const { tables } = require('../../../lib/decode/registry');
const { flowPrefix } = require('../../../lib/decode/print/flow_prefix');

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

/**
 * A frame and where its shown bytes are: {frame, shown: offsets of the MACs, IP addresses and
 * ports}. `shape`: v6, tcp, vlan (a tag id), ipOptions (bytes of IPv4 options, a multiple of 4),
 * hopByHop (an 8-byte IPv6 hop-by-hop header), moreFragments (IPv4 MF flag), ieee8023 (a length
 * field where the type goes).
 */
function makeFrame(rnd, shape) {
  const { v6 = false, tcp = true, vlan, ipOptions = 0, hopByHop = false, moreFragments = false, ieee8023 = false } = shape;
  const l4 = tcp ? 20 : 8;
  const ext = v6 && hopByHop ? 8 : 0;
  const ipLen = v6 ? 40 + ext : 20 + ipOptions;
  const eth = vlan !== undefined ? 18 : 14;
  const b = Buffer.alloc(eth + ipLen + l4);
  for (let i = 0; i < 12; i++) b[i] = Math.floor(rnd() * 256);
  if (vlan !== undefined) {
    b.writeUInt16BE(0x8100, 12);
    b.writeUInt16BE(vlan, 14);
  }
  b.writeUInt16BE(ieee8023 ? ipLen + l4 : v6 ? 0x86dd : 0x0800, eth - 2);
  const ip = eth;
  const shown = [];
  for (let i = 0; i < 12; i++) shown.push(i);
  if (v6) {
    b[ip] = 0x60;
    b.writeUInt16BE(ext + l4, ip + 4);
    b[ip + 6] = ext ? 0 : tcp ? 6 : 17;
    b[ip + 7] = 64;
    for (let i = 8; i < 40; i++) {
      b[ip + i] = Math.floor(rnd() * 256);
      shown.push(ip + i);
    }
    if (ext) {
      b[ip + 40] = tcp ? 6 : 17; // next header; length 0 (8 bytes); PadN fills the rest
      b[ip + 42] = 1;
      b[ip + 43] = 4;
    }
  } else {
    b[ip] = 0x40 | ((20 + ipOptions) >> 2);
    b.writeUInt16BE(ipLen + l4, ip + 2);
    b.writeUInt16BE(Math.floor(rnd() * 65536), ip + 4);
    b[ip + 6] = moreFragments ? 0x20 : 0x40;
    b[ip + 8] = 64;
    b[ip + 9] = tcp ? 6 : 17;
    for (let i = 12; i < 20; i++) {
      b[ip + i] = Math.floor(rnd() * 256);
      shown.push(ip + i);
    }
    b.fill(1, ip + 20, ip + 20 + ipOptions); // NOPs
  }
  const t = ip + ipLen;
  // ports 20000-29999: no application decoder is registered there, so the line ends at the transport
  b.writeUInt16BE(20000 + Math.floor(rnd() * 10000), t);
  b.writeUInt16BE(20000 + Math.floor(rnd() * 10000), t + 2);
  for (let i = 0; i < 4; i++) shown.push(t + i);
  if (tcp) {
    b[t + 12] = 0x50;
    b[t + 13] = FLAG_VALUES[Math.floor(rnd() * FLAG_VALUES.length)];
  } else {
    b.writeUInt16BE(8, t + 4);
  }
  return { frame: b, shown };
}

/** The frame as a session's 'packet' event gives it: a RawPacket `offset` bytes into its batch. */
function rawAt(frame, offset) {
  const data = Buffer.alloc(offset + frame.length + 16, 0xa5);
  frame.copy(data, offset);
  const index = new Uint32Array(IDX.WORDS);
  index[IDX.OFFSET] = offset;
  index[IDX.CAPLEN] = frame.length;
  index[IDX.LEN] = frame.length;
  return new RawPacket(data, index, 0, 'LINKTYPE_ETHERNET');
}

const decoded = (frame, offset = 0) => pcap.decode.packet(offset === 0 ? { buf: frame, link_type: 'LINKTYPE_ETHERNET' } : rawAt(frame, offset));
const line = (frame, offset) => String(decoded(frame, offset));

/** The line the printer must give, from the layers' getters. */
function expectedLine(frame) {
  const eth = decoded(frame).payload;
  const ip = eth.payload;
  const t = ip.payload;
  assert.ok(t && !t.payload, 'a test packet has no application payload');
  let s = `${eth.shost === undefined ? '?' : eth.shost} -> ${eth.dhost === undefined ? '?' : eth.dhost}`;
  if (eth.vlan) s += ` vlan ${eth.vlan.id}`;
  if (eth.length !== undefined) s += ` 802.3 len ${eth.length}`;
  const v6 = ip.decoderName === 'ipv6';
  const ep = (a, p) => (v6 ? `[${a}]` : a) + ':' + p;
  s += ` ${ep(ip.saddr, t.sport)} -> ${ep(ip.daddr, t.dport)} `;
  s += t.decoderName === 'tcp' ? 'TCP len 0' + FLAGS[t.flagsValue] : 'UDP len 0';
  if (!v6 && ip.flags.moreFragments && ip.fragmentOffset === 0) s += ` [first fragment id ${ip.identification}]`;
  return s;
}

const PRINTS = 3; // a flow's first packet is printed the general way, its second keeps the text

describe('print: the cache of line starts', () => {
  it('gives every packet its own line, over flows and layouts enough to evict and collide', () => {
    const rnd = random(7);
    const packets = [];
    for (let i = 0; i < 6000; i++) {
      const v6 = rnd() < 0.4;
      const shape = {
        v6,
        tcp: rnd() < 0.7,
        vlan: rnd() < 0.1 ? 1 + Math.floor(rnd() * 4094) : undefined,
        ipOptions: !v6 && rnd() < 0.2 ? 4 * (1 + Math.floor(rnd() * 3)) : 0,
        hopByHop: v6 && rnd() < 0.2,
        moreFragments: !v6 && rnd() < 0.1,
      };
      const { frame } = makeFrame(rnd, shape);
      packets.push({ frame, offset: Math.floor(rnd() * 8), want: expectedLine(frame) });
    }
    // each packet PRINTS times, in a shuffled order: first sights, second ones, hits and
    // evicted slots mixed
    const order = [];
    for (let k = 0; k < PRINTS; k++) order.push(...packets);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const p of order) assert.strictEqual(line(p.frame, p.offset), p.want);
  });

  const layouts = [
    ['IPv4 at offset 0', { v6: false }, 0],
    ['IPv6 at offset 0', { v6: true }, 0],
    ['IPv4 with options, 3 bytes into its batch', { v6: false, ipOptions: 8 }, 3],
    ['IPv6 with a hop-by-hop header, 5 bytes into its batch', { v6: true, hopByHop: true, tcp: false }, 5],
  ];
  for (const [what, shape, offset] of layouts) {
    it(`tells apart flows that differ in one shown byte (${what})`, () => {
      // Each shown byte takes all 256 values with the rest kept: 256 flows in 2048 slots share
      // about 16 slots in pairs that differ in that byte alone, so a byte left out of the compare
      // (or read from the wrong place) would hand one of each pair the other's line.
      const rnd = random(10 + offset + (shape.v6 ? 1 : 0));
      const { frame: base, shown } = makeFrame(rnd, shape);
      const baseLine = expectedLine(base);
      for (let k = 0; k < PRINTS; k++) assert.strictEqual(line(base, offset), baseLine);
      for (const at of shown) {
        const other = Buffer.from(base);
        for (let v = 0; v < 256; v++) {
          other[at] = v;
          const want = expectedLine(other);
          if (v !== base[at]) assert.notStrictEqual(want, baseLine, `byte ${at} = ${v} shows in the line`);
          for (let k = 1; k <= PRINTS; k++) assert.strictEqual(line(other, offset), want, `byte ${at} = ${v}, print ${k}`);
        }
        assert.strictEqual(line(base, offset), baseLine, `after byte ${at} took every value`);
      }
    });
  }

  it("keeps a flow's text from its second packet on, and builds it once", () => {
    const eth = (frame) => decoded(frame).payload;
    const { frame } = makeFrame(random(5), {});
    let builds = 0;
    const build = () => `text ${++builds}`;
    assert.strictEqual(flowPrefix(eth(frame), build), undefined, 'first packet: printed the general way');
    assert.strictEqual(flowPrefix(eth(frame), build), 'text 1');
    assert.strictEqual(flowPrefix(eth(frame), build), 'text 1');
    assert.strictEqual(builds, 1);
  });

  it('leaves to the general way what it cannot key: no ports, VLAN tags, layers made by hand', () => {
    const never = () => assert.fail('nothing to build');
    const rnd = random(6);
    const cut = makeFrame(rnd, {}).frame.subarray(0, 14 + 20 + 3);
    const tagged = makeFrame(rnd, { vlan: 7 }).frame;
    const hand = new EthernetPacket();
    hand.payload = decoded(makeFrame(rnd, {}).frame).payload.payload;
    for (let k = 0; k < PRINTS; k++) {
      assert.strictEqual(flowPrefix(decoded(cut).payload, never), undefined, 'ports cut short');
      assert.strictEqual(flowPrefix(decoded(tagged).payload, never), undefined, 'VLAN tag');
      assert.strictEqual(flowPrefix(hand, never), undefined, 'Ethernet layer made by hand');
    }
  });

  it('prints VLAN tags, 802.3 lengths and layers made by hand as before, however often', () => {
    const rnd = random(8);
    const tagged = makeFrame(rnd, { vlan: 42 }).frame;
    const hand = new EthernetPacket();
    const handPacket = decoded(makeFrame(rnd, {}).frame);
    hand.payload = handPacket.payload.payload;
    const handWant = `? -> ? ${hand.payload.saddr}:${hand.payload.payload.sport} -> ${hand.payload.daddr}:${hand.payload.payload.dport} TCP len 0${FLAGS[hand.payload.payload.flagsValue]}`;
    handPacket.payload = hand;
    // a decoder registered for 802.3 frames (LLC's key) that takes them as IPv4
    const ieee = makeFrame(rnd, { ieee8023: true }).frame;
    const llc = tables.ethertype.get(0x0004);
    pcap.decode.register('ethertype', 0x0004, IPv4);
    try {
      const ieeeWant = expectedLine(ieee);
      assert.ok(ieeeWant.includes(' 802.3 len 40 '), ieeeWant);
      for (let k = 0; k < PRINTS; k++) {
        assert.strictEqual(line(tagged, 2), expectedLine(tagged));
        assert.ok(line(tagged).includes(' vlan 42 '));
        assert.strictEqual(line(ieee, 1), ieeeWant);
        assert.strictEqual(String(handPacket), handWant);
      }
    } finally {
      pcap.decode.register('ethertype', 0x0004, llc);
    }
  });

  it('prints an IP layer cut short before its addresses as before, even with a transport put under it', () => {
    // no decoder gives such a layer a payload; a program can: the line must stay the general one
    const rnd = random(9);
    for (const v6 of [false, true]) {
      const donor = decoded(makeFrame(rnd, { v6 }).frame).payload.payload.payload;
      const { frame } = makeFrame(rnd, { v6 });
      const pkt = decoded(frame.subarray(0, 14 + (v6 ? 30 : 14)));
      pkt.payload.payload.payload = donor;
      const first = String(pkt);
      assert.ok(first.includes(v6 ? ' IPv6' : ' IPv4'), first);
      for (let k = 1; k < PRINTS; k++) assert.strictEqual(String(pkt), first);
    }
  });

  it('marks a first IPv4 fragment, however often', () => {
    const { frame } = makeFrame(random(3), { moreFragments: true });
    const want = expectedLine(frame);
    assert.ok(want.endsWith(` [first fragment id ${frame.readUInt16BE(18)}]`), want);
    for (let k = 0; k < PRINTS; k++) assert.strictEqual(line(frame, 4), want);
  });
});
