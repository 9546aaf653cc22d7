'use strict';
const assert = require('node:assert');
const { EventEmitter } = require('node:events');
require('../../../lib/decode');
const { UDP } = require('../../../lib/decode/transport/udp');
const { readPcap, ipPayload, truth, cutFrame } = require('./fixtures');

function datagram({ sport = 5000, dport = 9999, length, csum = 0x1234, payload = [] } = {}, pad = 2, trailer = 6) {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(length === undefined ? 8 + payload.length : length, 4);
  h.writeUInt16BE(csum, 6);
  const b = Buffer.concat([Buffer.alloc(pad, 0xee), h, Buffer.from(payload), Buffer.alloc(trailer, 0xdd)]);
  return { b, start: pad, end: b.length - trailer };
}

function udpFrames(rel) {
  return readPcap(rel).map((r, i) => {
    const ip = ipPayload(r.buf);
    if (!ip || ip.proto !== 17) return null;
    return { n: i + 1, udp: new UDP().decode(r.buf, ip.offset, ip.end), ip, r };
  }).filter(Boolean);
}

describe('decode/transport/udp', () => {
  for (const rel of ['app/dns_lo.pcap', 'app/dns__mdns.pcap']) {
    it(`every UDP field of every frame of ${rel} matches tshark`, () => {
      const t = truth(rel);
      const frames = udpFrames(rel);
      assert.ok(frames.length > 10);
      for (const { n, udp, ip, r } of frames) {
        const w = t[n];
        assert.strictEqual(udp.sport, Number(w['udp.srcport'][0]), `frame ${n}`);
        assert.strictEqual(udp.dport, Number(w['udp.dstport'][0]));
        assert.strictEqual(udp.length, Number(w['udp.length'][0]));
        assert.strictEqual(udp.checksum, parseInt(w['udp.checksum'][0], 16));
        assert.strictEqual(udp.dataLength, udp.length - 8);
        assert.strictEqual(udp.data.length, udp.length - 8);
        assert.strictEqual(udp.data.byteOffset, r.buf.byteOffset + ip.offset + 8);
        assert.strictEqual(udp.error, null);
      }
    });
  }

  it('a DNS query: every field, the payload and the line', () => {
    const { udp } = udpFrames('app/dns_lo.pcap')[0];
    const w = truth('app/dns_lo.pcap')[1];
    assert.strictEqual(udp.decoderName, 'udp');
    assert.strictEqual(udp.sport, Number(w['udp.srcport'][0]));
    assert.strictEqual(udp.dport, 53);
    assert.strictEqual(udp.length, 32);
    assert.strictEqual(udp.checksum, parseInt(w['udp.checksum'][0], 16));
    assert.strictEqual(udp.dataLength, 24);
    assert.strictEqual(udp.data.readUInt16BE(0), parseInt(w['dns.id'][0], 16));
    assert.strictEqual(udp.payload.decoderName, 'dns');
    assert.strictEqual(udp.payload.question[0].name, 'a.test');
    assert.strictEqual(udp.toString(), `${udp.sport} -> 53 len 24 DNS question a.test A`);
    assert.deepStrictEqual(Object.keys(udp).sort(), ['_b', '_end', '_o', 'payload']);
    const j = JSON.parse(JSON.stringify(udp));
    assert.deepStrictEqual([j.sport, j.dport, j.length, j.dataLength, j.payload.decoderName], [udp.sport, 53, 32, 24, 'dns']);
  });

  it('mDNS on 5353 and LLMNR on 5355 over IPv4 and IPv6', () => {
    const lo = udpFrames('app/dns_lo.pcap');
    assert.strictEqual(lo.find((f) => f.n === 71).udp.payload.protocol, 'mdns');
    assert.strictEqual(lo.find((f) => f.n === 73).udp.payload.protocol, 'llmnr');
    const v6 = udpFrames('app/dns__mdns.pcap').filter((f) => f.ip.version === 6);
    assert.ok(v6.length > 0);
    for (const f of v6) {
      assert.strictEqual(f.udp.payload.protocol, 'mdns');
      assert.strictEqual(f.udp.dataLength, f.ip.end - f.ip.offset - 8);
    }
  });

  it('the UDP length narrows the layer (link padding is not payload)', () => {
    const { b, start, end } = datagram({ sport: 53, dport: 53, length: 8 + 3, payload: [1, 2, 3, 0, 0, 0, 0] });
    const udp = new UDP().decode(b, start, end);
    assert.strictEqual(udp.dataLength, 3);
    assert.deepStrictEqual([...udp.data], [1, 2, 3]);
    assert.strictEqual(udp.payload.error.reason, 'header truncated', 'DNS sees only the 3 bytes');
  });

  it('a UDP length past the end of a whole IP packet is malformed ("bad length"); in a first fragment it is not', () => {
    const frame = (mf) => {
      const ip = Buffer.from('450000280001' + (mf ? '2000' : '0000') + '40110000' + '0a000001' + '0a000002', 'hex'); // total 40: 20 bytes of UDP
      const udp = Buffer.from('13881389' + '0064' + '0000' + '000102030405060708090a0b', 'hex'); // length 100
      const buf = Buffer.concat([Buffer.from('00112233445566778899aabb0800', 'hex'), ip, udp]);
      const header = Buffer.alloc(16);
      header.writeUInt32LE(buf.length, 8);
      header.writeUInt32LE(buf.length, 12);
      return require('../../../lib/decode').packet({ buf, header, link_type: 'LINKTYPE_ETHERNET' }).payload.payload.payload;
    };
    const whole = frame(false);
    assert.deepStrictEqual([whole.error.reason, whole.error.needed, whole.error.available, whole.truncated], ['bad length', 100, 20, false]);
    assert.strictEqual(whole.dataLength, 12, 'what is there is still read');
    assert.strictEqual(frame(true).error, null);
  });

  it('a UDP length past the captured end keeps the captured end', () => {
    const { b, start, end } = datagram({ length: 500, payload: [1, 2, 3, 4] });
    const udp = new UDP().decode(b, start, end);
    assert.strictEqual(udp.length, 500);
    assert.strictEqual(udp.dataLength, 4);
    assert.strictEqual(udp.error, null);
  });

  it('a datagram cut by the snap length: dataLength per the UDP and IP lengths, data what was captured', () => {
    // a UDP header (length 1008) and 1000 payload bytes, captured only up to 10 of them
    const uh = Buffer.alloc(8);
    uh.writeUInt16BE(40000, 0);
    uh.writeUInt16BE(9999, 2);
    uh.writeUInt16BE(1008, 4);
    const raw = cutFrame({ proto: 17, transport: uh, payload: 1000, captured: 10 });
    const { decode } = require('../../../lib/decode');
    const pkt = decode(raw);
    const udp = pkt.payload.payload.payload;
    assert.strictEqual(udp.dataLength, 1000);
    assert.strictEqual(udp.data.length, 10);
    assert.match(String(pkt), /UDP len 1000$/);
    // the frame on the wire was shorter than the IP length claims: its end bounds the length
    raw.header.writeUInt32LE(14 + 20 + 8 + 50, 12);
    assert.strictEqual(decode(raw).payload.payload.payload.dataLength, 50);
  });

  it('length 0 (IPv6 jumbogram) keeps the end the IP layer gave', () => {
    const { b, start, end } = datagram({ length: 0, payload: [1, 2, 3, 4, 5] });
    const udp = new UDP().decode(b, start, end);
    assert.strictEqual(udp.dataLength, 5);
    assert.strictEqual(udp.error, null);
  });

  for (const len of [1, 7]) {
    it(`length ${len} (< 8) is malformed and not dispatched`, () => {
      const { b, start, end } = datagram({ sport: 53, length: len, payload: [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] });
      const udp = new UDP().decode(b, start, end);
      assert.strictEqual(udp.error.reason, 'bad length');
      assert.strictEqual(udp.truncated, false);
      assert.strictEqual(udp.payload, null);
      assert.strictEqual(udp.dataLength, undefined);
      assert.strictEqual(udp.data, null);
      assert.strictEqual(udp.sport, 53);
      assert.doesNotMatch(udp.toString(), /undefined/);
    });
  }

  it('an empty datagram has data null and no application layer', () => {
    const { b, start, end } = datagram({ sport: 53, dport: 53 });
    const udp = new UDP().decode(b, start, end);
    assert.strictEqual(udp.dataLength, 0);
    assert.strictEqual(udp.data, null);
    assert.strictEqual(udp.payload, null);
    assert.strictEqual(udp.toString(), '53 -> 53 len 0');
  });

  it('every truncation of a real datagram', () => {
    const f = udpFrames('app/dns_lo.pcap').find((x) => x.n === 2);
    const full = f.udp;
    const s = f.ip.offset;
    for (let cut = 0; cut <= f.ip.end - s; cut++) {
      const udp = new UDP().decode(f.r.buf, s, s + cut);
      assert.strictEqual(udp.sport, cut >= 2 ? full.sport : undefined);
      assert.strictEqual(udp.dport, cut >= 4 ? full.dport : undefined);
      assert.strictEqual(udp.length, cut >= 6 ? full.length : undefined);
      assert.strictEqual(udp.checksum, cut >= 8 ? full.checksum : undefined);
      assert.strictEqual(udp.dataLength, cut >= 8 ? cut - 8 : undefined);
      assert.strictEqual(udp.error ? udp.error.reason : null, cut < 8 ? 'header truncated' : null);
      assert.strictEqual(udp.payload === null, cut <= 8);
      if (udp.payload) {
        assert.strictEqual(udp.payload.truncated, cut < full.length, `dns truncated at ${cut}`);
      }
      assert.doesNotMatch(udp.toString(), /undefined/);
      JSON.stringify(udp);
    }
  });

  it('decodeAs: another port as DNS, or DNS turned off', () => {
    const f = udpFrames('app/dns_lo.pcap')[1];
    const off = new UDP().decode(f.r.buf, f.ip.offset, f.ip.end, { options: { decodeAs: { udp: { 53: null } } } });
    assert.strictEqual(off.payload, null);
    const { b, start, end } = datagram({ sport: 1000, dport: 2000, payload: [...f.udp.data] });
    assert.strictEqual(new UDP().decode(b, start, end).payload, null);
    const on = new UDP().decode(b, start, end, { options: { decodeAs: { udp: { 2000: 'dns' } } } });
    assert.strictEqual(on.payload.answer[0].rdata, '93.184.216.34');
    const mdns = new UDP().decode(b, start, end, { options: { decodeAs: { udp: { 1000: 'mdns' } } } });
    assert.strictEqual(mdns.payload.protocol, 'mdns');
  });

  it('emits the application layer', () => {
    const f = udpFrames('app/dns_lo.pcap')[0];
    const emitter = new EventEmitter();
    let got = null;
    emitter.on('dns', (l) => { got = l; });
    const udp = new UDP().decode(f.r.buf, f.ip.offset, f.ip.end, { emitter });
    assert.strictEqual(got, udp.payload);
  });
});
