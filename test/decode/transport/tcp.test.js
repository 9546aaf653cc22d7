'use strict';
const assert = require('node:assert');
const { EventEmitter } = require('node:events');
const decode = require('../../../lib/decode'); // also fills the dispatch tables (DNS on port 53)
const { TCP } = require('../../../lib/decode/transport/tcp');
const { readPcap, ipPayload, truth, hex, cutFrame } = require('./fixtures');

/** Builds a TCP header (+ payload) after `pad` junk bytes so offsets are exercised. */
function segment({ sport = 40000, dport = 80, seq = 1, ack = 0, off = 5, flags = 0x002, win = 1024, csum = 0xbeef, urg = 0, options = [], payload = [] } = {}, pad = 3) {
  const opt = Buffer.from(options);
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h.writeUInt16BE((off << 12) | (flags & 0x0fff), 12);
  h.writeUInt16BE(win, 14);
  h.writeUInt16BE(csum, 16);
  h.writeUInt16BE(urg, 18);
  return Buffer.concat([Buffer.alloc(pad, 0xee), h, opt, Buffer.from(payload), Buffer.alloc(4, 0xdd)]);
}
const decodeSeg = (spec, ctx) => {
  const b = segment(spec);
  const end = b.length - 4; // trailing 0xdd bytes stand for link padding beyond the IP end
  return new TCP().decode(b, 3, end, ctx);
};

/** Every TCP frame of a fixture capture, decoded from the bytes the IP layer would hand over. */
function tcpFrames(rel) {
  return readPcap(rel).map((r, i) => {
    const ip = ipPayload(r.buf);
    if (!ip || ip.proto !== 6) return null;
    return { n: i + 1, tcp: new TCP().decode(r.buf, ip.offset, ip.end), ip, r };
  }).filter(Boolean);
}

const num = (v) => (v === undefined ? undefined : Number(v));

function compareWithTshark(rel) {
  const t = truth(rel);
  let checked = 0;
  for (const { n, tcp } of tcpFrames(rel)) {
    const w = t[n];
    const ctx = `${rel} frame ${n}`;
    assert.strictEqual(tcp.sport, num(w['tcp.srcport'][0]), ctx);
    assert.strictEqual(tcp.dport, num(w['tcp.dstport'][0]), ctx);
    assert.strictEqual(tcp.seqno, num(w['tcp.seq_raw'][0]), ctx);
    assert.strictEqual(tcp.ackno, num(w['tcp.ack_raw'][0]), ctx);
    assert.strictEqual(tcp.headerLength, num(w['tcp.hdr_len'][0]), ctx);
    assert.strictEqual(tcp.flagsValue, parseInt(w['tcp.flags'][0], 16), ctx);
    assert.strictEqual(tcp.windowSize, num(w['tcp.window_size_value'][0]), ctx);
    assert.strictEqual(tcp.checksum, parseInt(w['tcp.checksum'][0], 16), ctx);
    assert.strictEqual(tcp.urgentPointer, num(w['tcp.urgent_pointer'][0]), ctx);
    assert.strictEqual(tcp.dataLength, num(w['tcp.len'][0]), ctx);
    const o = tcp.options;
    assert.deepStrictEqual(o.list.map((x) => x.kind), (w['tcp.option_kind'] || []).map(Number), ctx);
    assert.strictEqual(o.mss, w['tcp.options.mss_val'] ? num(w['tcp.options.mss_val'][0]) : null, ctx);
    assert.strictEqual(o.window_scale, w['tcp.options.wscale.shift'] ? num(w['tcp.options.wscale.shift'][0]) : null, ctx);
    assert.strictEqual(o.sack_ok, w['tcp.options.sack_perm'] ? true : null, ctx);
    assert.strictEqual(o.timestamp, w['tcp.options.timestamp.tsval'] ? num(w['tcp.options.timestamp.tsval'][0]) : null, ctx);
    assert.strictEqual(o.echo, w['tcp.options.timestamp.tsecr'] ? num(w['tcp.options.timestamp.tsecr'][0]) : null, ctx);
    if (w['tcp.options.sack_le']) {
      assert.deepStrictEqual(o.sack, w['tcp.options.sack_le'].map((l, i) => [Number(l), Number(w['tcp.options.sack_re'][i])]), ctx);
    } else assert.strictEqual(o.sack, null, ctx);
    if (w['tcp.options.tfo.cookie']) assert.strictEqual(o.tfo.cookie.toString('hex'), w['tcp.options.tfo.cookie'][0], ctx);
    if (w['tcp.options.mptcp.subtype']) assert.strictEqual(o.mptcp.subtype, num(w['tcp.options.mptcp.subtype'][0]), ctx);
    assert.strictEqual(tcp.error, null, ctx);
    checked++;
  }
  return checked;
}

describe('decode/transport/tcp', () => {
  describe('against tshark on real captures', () => {
    for (const rel of ['transport/tcp_lo.pcap', 'app/dns_lo.pcap', 'app/dns_tcp.pcap', 'app/dns_tcp_multi_f4.pcap',
      'transport/tfo-5c1fa7f9ae91.pcap', 'transport/sack_igmppackets_f67.pcap']) {
      it(`every TCP field of every frame of ${rel}`, () => {
        assert.ok(compareWithTshark(rel) > 0);
      });
    }
  });

  describe('a Linux SYN (dig +tcp on loopback)', () => {
    const { tcp, r, ip } = tcpFrames('app/dns_lo.pcap').find((f) => f.n === 21);
    const w = truth('app/dns_lo.pcap')[21];

    it('reads every header field', () => {
      assert.strictEqual(tcp.decoderName, 'tcp');
      assert.strictEqual(tcp.sport, Number(w['tcp.srcport'][0]));
      assert.strictEqual(tcp.dport, 53);
      assert.strictEqual(tcp.seqno, Number(w['tcp.seq_raw'][0]));
      assert.strictEqual(tcp.ackno, 0);
      assert.strictEqual(tcp.headerLength, 40);
      assert.deepStrictEqual({ ...tcp.flags }, { nonce: false, cwr: false, ece: false, urg: false, ack: false, psh: false, rst: false, syn: true, fin: false });
      assert.strictEqual(tcp.flagsValue, 0x002);
      assert.strictEqual(tcp.windowSize, 64660);
      assert.strictEqual(tcp.checksum, parseInt(w['tcp.checksum'][0], 16));
      assert.strictEqual(tcp.urgentPointer, 0);
      assert.strictEqual(tcp.dataLength, 0);
      assert.strictEqual(tcp.data, null);
      assert.strictEqual(tcp.payload, null);
      assert.strictEqual(tcp.error, null);
      assert.strictEqual(tcp.truncated, false);
      assert.strictEqual(ip.end, r.buf.length);
    });

    it('reads the options (node_pcap names and the full list)', () => {
      const o = tcp.options;
      assert.strictEqual(o.mss, 1220);
      assert.strictEqual(o.window_scale, 10);
      assert.strictEqual(o.sack_ok, true);
      assert.strictEqual(o.sack, null);
      assert.strictEqual(o.timestamp, Number(w['tcp.options.timestamp.tsval'][0]));
      assert.strictEqual(o.echo, 0);
      assert.strictEqual(o.error, null);
      assert.deepStrictEqual(o.list.map((x) => [x.kind, x.length]), [[2, 4], [4, 2], [8, 10], [1, 1], [3, 3]]);
      assert.deepStrictEqual(o.list[0], { kind: 2, length: 4, mss: 1220 });
      assert.deepStrictEqual(o.list[4], { kind: 3, length: 3, shift: 10 });
      assert.strictEqual(tcp.options, o, 'parsed once and kept');
    });

    it('prints one line', () => {
      assert.strictEqual(tcp.toString(), `${tcp.sport} -> 53 [syn] seq ${tcp.seqno} ack 0 win 64660 len 0`);
    });

    it('shows its fields to JSON', () => {
      const j = JSON.parse(JSON.stringify(tcp));
      assert.strictEqual(j.decoderName, 'tcp');
      assert.strictEqual(j.dport, 53);
      assert.strictEqual(j.flags.syn, true);
      assert.strictEqual(j.options.mss, 1220);
      assert.strictEqual(j.dataLength, 0);
    });
  });

  describe('segments cut by the snap length', () => {
    it('dataLength is the segment size per the IP length; data is what was captured', () => {
      // a TCP header (data offset 5, ACK+PSH) and 100 payload bytes, captured only up to 10 of them
      const th = Buffer.alloc(20);
      th[12] = 0x50;
      th[13] = 0x18;
      const tcp = decode.packet(cutFrame({ proto: 6, transport: th, payload: 100, captured: 10 })).payload.payload.payload;
      assert.strictEqual(tcp.dataLength, 100);
      assert.strictEqual(tcp.data.length, 10);
    });
  });

  describe('laziness (hot path)', () => {
    it('decode() keeps only the bytes and offsets on the layer (payload too when there is one)', () => {
      const { r, ip } = tcpFrames('transport/tcp_lo.pcap')[0];
      const tcp = new TCP().decode(r.buf, ip.offset, ip.end);
      assert.deepStrictEqual(Object.keys(tcp).sort(), ['_b', '_end', '_o']);
      assert.strictEqual(tcp.payload, null, 'no application layer: the prototype says null');
      assert.strictEqual(JSON.parse(JSON.stringify(tcp)).payload, null);
      void tcp.flags; void tcp.data;
      assert.deepStrictEqual(Object.keys(tcp).sort(), ['_b', '_end', '_o'], 'flags and data are not cached');
      assert.strictEqual(tcp.options.mss, 65495);
    });

    it('data is a view into the packet, not a copy', () => {
      const f = tcpFrames('transport/tcp_lo.pcap').find((x) => x.n === 9);
      const d = f.tcp.data;
      assert.ok(Buffer.isBuffer(d));
      assert.strictEqual(d.toString(), 'hello tfo 1');
      assert.strictEqual(d.buffer, f.r.buf.buffer);
      assert.strictEqual(d.byteOffset, f.r.buf.byteOffset + f.ip.offset + f.tcp.headerLength);
    });
  });

  describe('TCP Fast Open', () => {
    const frames = tcpFrames('transport/tcp_lo.pcap');
    it('cookie request: kind 34 with no cookie (node_pcap threw, #240)', () => {
      const o = frames.find((f) => f.n === 1).tcp.options;
      const tfo = o.list.find((x) => x.kind === 34);
      assert.strictEqual(tfo.length, 2);
      assert.strictEqual(tfo.cookie.length, 0);
      assert.strictEqual(o.tfo.cookie.length, 0);
      assert.match(o.toString(), /tfo cookiereq/);
    });
    it('cookie in the SYN-ACK, then cookie and data in the next SYN', () => {
      const cookie = frames.find((f) => f.n === 2).tcp.options.tfo.cookie;
      assert.strictEqual(cookie.length, 8);
      const syn = frames.find((f) => f.n === 9).tcp;
      assert.ok(syn.options.tfo.cookie.equals(cookie));
      assert.strictEqual(syn.flags.syn, true);
      assert.strictEqual(syn.dataLength, 11);
    });
    it('experimental kind 254 with ExID 0xF989 (RFC 7413 before kind 34)', () => {
      const [f1, f2, f3] = tcpFrames('transport/tfo-5c1fa7f9ae91.pcap');
      const exp = f1.tcp.options.list[0];
      assert.strictEqual(exp.kind, 254);
      assert.strictEqual(exp.exid, 0xf989);
      assert.strictEqual(exp.cookie.length, 0);
      assert.strictEqual(f1.tcp.options.tfo.experimental, true);
      assert.strictEqual(f2.tcp.options.mss, 1460);
      assert.strictEqual(f3.tcp.options.tfo.cookie.toString('hex'), '090909090000');
      assert.strictEqual(f3.tcp.options.list[0].length, 10);
    });
  });

  describe('MPTCP (kind 30)', () => {
    const frames = tcpFrames('transport/tcp_lo.pcap');
    it('MP_CAPABLE in the handshake', () => {
      const o = frames.find((f) => f.n === 17).tcp.options;
      assert.strictEqual(o.mptcp.kind, 30);
      assert.strictEqual(o.mptcp.subtype, 0);
      assert.strictEqual(o.mptcp.subtypeName, 'MP_CAPABLE');
      assert.strictEqual(o.mptcp.version, 1);
      assert.strictEqual(o.mptcp.length, 4);
    });
    it('DSS on data', () => {
      const o = frames.find((f) => f.n === 21).tcp.options;
      assert.strictEqual(o.mptcp.subtype, 2);
      assert.strictEqual(o.mptcp.subtypeName, 'DSS');
      assert.strictEqual(o.mptcp.data.length, o.mptcp.length - 2);
    });
  });

  describe('SACK (kind 5)', () => {
    it('reads the blocks of a real SACK', () => {
      const { tcp } = tcpFrames('transport/sack_igmppackets_f67.pcap')[0];
      assert.deepStrictEqual(tcp.options.sack, [[3600595809, 3600595810]]);
      assert.deepStrictEqual(tcp.options.list.map((x) => x.kind), [1, 1, 5]);
      assert.strictEqual(tcp.options.list[2].length, 10);
    });
    it('reads several blocks', () => {
      const blocks = [1, 2, 0xfffffff0, 0xffffffff, 100, 200];
      const bytes = [1, 1, 5, 26];
      for (const v of blocks) bytes.push(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
      const tcp = decodeSeg({ off: 5 + 7, options: bytes.concat([1, 1, 1, 1]) });
      assert.deepStrictEqual(tcp.options.sack, [[1, 2], [0xfffffff0, 0xffffffff], [100, 200]]);
    });
  });

  describe('options that broke node_pcap', () => {
    it('unknown kinds 237, 112 and 34 are kept as {kind, length, data} (#206, #245, #240)', () => {
      const tcp = decodeSeg({ off: 5 + 4, options: [237, 4, 0xaa, 0xbb, 112, 3, 0xcc, 34, 2, 1, 0, 0, 0, 0, 0, 0] });
      const l = tcp.options.list;
      assert.deepStrictEqual(l.map((x) => x.kind), [237, 112, 34, 1, 0, 0, 0, 0, 0, 0]);
      assert.deepStrictEqual([l[0].length, [...l[0].data]], [4, [0xaa, 0xbb]]);
      assert.deepStrictEqual([l[1].length, [...l[1].data]], [3, [0xcc]]);
      assert.strictEqual(tcp.options.error, null);
      assert.match(tcp.options.toString(), /unknown-237,unknown-112,tfo cookiereq,nop,eol/);
    });
    for (const kind of [254, 255, 30, 8]) {
      for (const len of [0, 1]) {
        it(`kind ${kind} with length ${len} stops with an error instead of looping`, () => {
          const tcp = decodeSeg({ off: 6, options: [1, kind, len, 0] });
          const o = tcp.options;
          assert.strictEqual(o.error, 'bad option length');
          assert.deepStrictEqual(o.list, [{ kind: 1, length: 1 }, { kind, length: len }]);
          assert.strictEqual(tcp.error, null, 'the header itself is fine');
          assert.strictEqual(tcp.dataLength, 0);
        });
      }
    }
    it('an option running past the data offset is malformed', () => {
      const o = decodeSeg({ off: 6, options: [2, 4, 5, 0xb4], payload: [9, 9, 9, 9] }).options;
      assert.strictEqual(o.mss, 1460);
      const bad = decodeSeg({ off: 6, options: [1, 8, 10, 0], payload: [0, 0, 0, 0, 0, 0] }).options;
      assert.strictEqual(bad.error, 'bad option length');
      assert.strictEqual(bad.timestamp, null);
      assert.strictEqual(bad.list[1].kind, 8);
    });
    it('a length byte cut by the header end is malformed', () => {
      const o = decodeSeg({ off: 6, options: [1, 1, 1, 3] }).options;
      assert.strictEqual(o.error, 'option length missing');
      assert.strictEqual(o.list.length, 3);
    });
    it('known kinds with a wrong length are kept raw and not reported as the option', () => {
      const o = decodeSeg({ off: 7, options: [2, 3, 5, 3, 2, 8, 4, 1] }).options;
      assert.strictEqual(o.mss, null);
      assert.strictEqual(o.window_scale, null);
      assert.strictEqual(o.list[0].data.length, 1);
      assert.strictEqual(o.list[1].kind, 3);
    });
    it('MD5 (19) and user timeout (28)', () => {
      const md5 = Array.from({ length: 16 }, (_, i) => i);
      const o = decodeSeg({ off: 5 + 6, options: [19, 18, ...md5, 28, 4, 0x80, 10, 0, 0] }).options;
      assert.deepStrictEqual([...o.md5], md5);
      assert.deepStrictEqual(o.userTimeout, { granularity: 'minutes', timeout: 10 });
      assert.deepStrictEqual(o.list.map((x) => x.kind), [19, 28, 0, 0]);
    });
    it('EOL ends the list: zero padding is listed, anything after it is ignored', () => {
      const o = decodeSeg({ off: 7, options: [2, 4, 1, 0, 0, 0, 99, 0] }).options;
      assert.deepStrictEqual(o.list.map((x) => x.kind), [2, 0, 0]);
      assert.strictEqual(o.error, null);
    });
    it('fuzz: random option bytes never throw and the list never grows past the bytes', () => {
      let seed = 12345;
      const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed >> 16; };
      for (let i = 0; i < 3000; i++) {
        const n = 4 * (rnd() % 11);
        const opts = Array.from({ length: n }, () => (rnd() % 4 === 0 ? rnd() % 3 : rnd() & 255));
        const tcp = decodeSeg({ off: 5 + n / 4, options: opts });
        const o = tcp.options;
        assert.ok(o.list.length <= n);
        assert.strictEqual(typeof o.toString(), 'string');
        JSON.stringify(tcp);
      }
    });
  });

  describe('flags', () => {
    it('every bit, including AE/NS (node_pcap #214) and the reserved bits', () => {
      const tcp = decodeSeg({ flags: 0xfff });
      assert.deepStrictEqual({ ...tcp.flags }, { nonce: true, cwr: true, ece: true, urg: true, ack: true, psh: true, rst: true, syn: true, fin: true });
      assert.strictEqual(tcp.flagsValue, 0xfff);
      assert.match(tcp.toString(), /\[cwr,ece,urg,ack,psh,rst,syn,fin,ae\]/);
    });
    for (const [bit, name] of [[0x100, 'nonce'], [0x80, 'cwr'], [0x40, 'ece'], [0x20, 'urg'], [0x10, 'ack'], [0x08, 'psh'], [0x04, 'rst'], [0x02, 'syn'], [0x01, 'fin']]) {
      it(`${name} alone`, () => {
        const f = decodeSeg({ flags: bit }).flags;
        for (const k of Object.keys(f)) assert.strictEqual(f[k], k === name, k);
      });
    }
    it('no flags prints []', () => {
      assert.match(decodeSeg({ flags: 0 }).toString(), / \[\] seq/);
    });
  });

  describe('malformed and truncated headers', () => {
    for (let off = 0; off < 5; off++) {
      it(`data offset ${off} is malformed`, () => {
        const tcp = decodeSeg({ off, payload: [1, 2, 3] });
        assert.strictEqual(tcp.error.reason, 'bad data offset');
        assert.strictEqual(tcp.error.layer, 'tcp');
        assert.strictEqual(tcp.truncated, false);
        assert.strictEqual(tcp.headerLength, off * 4);
        assert.strictEqual(tcp.sport, 40000);
        assert.strictEqual(tcp.windowSize, 1024);
        assert.strictEqual(tcp.dataLength, undefined);
        assert.strictEqual(tcp.data, null);
        assert.strictEqual(tcp.payload, null);
        assert.deepStrictEqual(tcp.options.list, []);
        assert.doesNotMatch(tcp.toString(), /undefined/);
      });
    }

    it('a data offset past the end of the segment is truncated', () => {
      const tcp = decodeSeg({ off: 15, options: [1, 1, 1, 1] });
      assert.strictEqual(tcp.error.reason, 'options truncated');
      assert.strictEqual(tcp.truncated, true);
      assert.strictEqual(tcp.dataLength, 0);
      assert.strictEqual(tcp.options.error, 'options truncated');
      assert.deepStrictEqual(tcp.options.list.map((x) => x.kind), [1, 1, 1, 1]);
    });

    it('every truncation of a real segment with options and data', () => {
      const f = tcpFrames('transport/tcp_lo.pcap').find((x) => x.n === 9); // SYN + TFO cookie + 11 bytes
      const full = f.tcp;
      const start = f.ip.offset;
      const want = { sport: 0, dport: 2, seqno: 4, ackno: 8, headerLength: 12, flagsValue: 12, windowSize: 14, checksum: 16, urgentPointer: 18 };
      const size = { sport: 2, dport: 2, seqno: 4, ackno: 4, headerLength: 1, flagsValue: 2, windowSize: 2, checksum: 2, urgentPointer: 2 };
      for (let cut = 0; cut <= f.ip.end - start; cut++) {
        const tcp = new TCP().decode(f.r.buf, start, start + cut);
        for (const k of Object.keys(want)) {
          assert.strictEqual(tcp[k], want[k] + size[k] <= cut ? full[k] : undefined, `${k} at ${cut}`);
        }
        if (cut < 20) assert.strictEqual(tcp.error.reason, 'header truncated');
        else if (cut < full.headerLength) assert.strictEqual(tcp.error.reason, 'options truncated');
        else assert.strictEqual(tcp.error, null);
        assert.strictEqual(tcp.truncated, cut < full.headerLength);
        assert.strictEqual(tcp.dataLength, cut < 20 ? undefined : Math.max(0, cut - full.headerLength));
        if (cut > 20) assert.ok(tcp.options.list.length <= full.options.list.length);
        if (cut >= full.headerLength) assert.deepStrictEqual(tcp.options.list.map((x) => x.kind), full.options.list.map((x) => x.kind));
        assert.doesNotMatch(tcp.toString(), /undefined/);
        JSON.stringify(tcp);
      }
    });

    it('empty and negative ranges', () => {
      const b = Buffer.alloc(8);
      for (const [o, e] of [[0, 0], [8, 8], [4, 2], [2, 8]]) {
        const tcp = new TCP().decode(b, o, e);
        assert.strictEqual(tcp.error.reason, 'header truncated');
        assert.strictEqual(tcp.error.available, Math.max(0, e - o));
        assert.strictEqual(tcp.urgentPointer, undefined);
        assert.strictEqual(tcp.flags, undefined);
        assert.strictEqual(tcp.options, undefined);
        assert.strictEqual(tcp.data, null);
      }
    });

    it('error offsets are relative to the packet (ctx.base)', () => {
      const b = segment({ off: 3 }, 10);
      const tcp = new TCP().decode(b, 10, b.length, { base: 4 });
      assert.strictEqual(tcp.error.offset, 10 + 12 - 4);
    });
  });

  describe('payload length', () => {
    it('is bounded by the end the IP layer gives, not by the buffer (trailing padding)', () => {
      const tcp = decodeSeg({ payload: [1, 2, 3] });
      assert.strictEqual(tcp.dataLength, 3);
      assert.deepStrictEqual([...tcp.data], [1, 2, 3]);
    });
    it('real Ethernet padding after a short segment is not payload', () => {
      const f = tcpFrames('app/dns_tcp.pcap').find((x) => x.n === 2);
      assert.strictEqual(f.r.buf.length, 60);
      assert.strictEqual(f.tcp.dataLength, 0);
      assert.strictEqual(f.tcp.data, null);
    });
    it('is right over IPv6 (node_pcap said len 14 for an empty SYN)', () => {
      const frames = tcpFrames('transport/tcp_lo.pcap').filter((f) => f.ip.version === 6);
      assert.strictEqual(frames.length, 10);
      const syn = frames[0].tcp;
      assert.strictEqual(syn.flags.syn, true);
      assert.strictEqual(syn.dataLength, 0);
      const data = frames.find((f) => f.tcp.dataLength > 0 && f.tcp.dport === 7003).tcp;
      assert.strictEqual(data.data.toString(), 'hello v6');
    });
  });

  describe('application dispatch', () => {
    it('DNS over TCP on port 53', () => {
      const f = tcpFrames('app/dns_tcp.pcap').find((x) => x.n === 6);
      const dns = f.tcp.payload;
      assert.strictEqual(dns.decoderName, 'dns');
      assert.strictEqual(dns.header.isResponse, true);
      assert.strictEqual(dns.answer.length, 2);
      assert.match(f.tcp.toString(), / len 226 DNS answer www\.tcpdump\.org A 192\.139\.46\.66/);
    });
    it('no application layer for an empty segment or an unknown port', () => {
      assert.strictEqual(tcpFrames('app/dns_tcp.pcap')[0].tcp.payload, null);
      assert.strictEqual(tcpFrames('transport/tcp_lo.pcap').find((x) => x.n === 9).tcp.payload, null);
    });
    it('decodeAs picks the decoder for another port; null turns one off', () => {
      const f = tcpFrames('app/dns_lo.pcap').find((x) => x.n === 56);
      assert.strictEqual(f.tcp.dport === 8053 || f.tcp.sport === 8053, true);
      assert.strictEqual(f.tcp.payload, null);
      const on = new TCP().decode(f.r.buf, f.ip.offset, f.ip.end, { options: { decodeAs: { tcp: { 8053: 'dns' } } } });
      assert.strictEqual(on.payload.decoderName, 'dns');
      assert.strictEqual(on.payload.answer[0].rdata, '93.184.216.34');
      const g = tcpFrames('app/dns_tcp.pcap').find((x) => x.n === 6);
      const off = new TCP().decode(g.r.buf, g.ip.offset, g.ip.end, { options: { decodeAs: { tcp: { 53: null } } } });
      assert.strictEqual(off.payload, null);
    });
    it('emits the application layer on ctx.emitter', () => {
      const f = tcpFrames('app/dns_tcp.pcap').find((x) => x.n === 4);
      const emitter = new EventEmitter();
      const seen = [];
      emitter.on('dns', (l) => seen.push(l));
      const tcp = new TCP().decode(f.r.buf, f.ip.offset, f.ip.end, { emitter });
      assert.deepStrictEqual(seen, [tcp.payload]);
    });
    it('hex fixture: a segment holding only a partial length prefix', () => {
      const tcp = decodeSeg({ sport: 53, dport: 5555, flags: 0x18, payload: [0] });
      assert.strictEqual(tcp.payload.error.reason, 'length truncated');
      assert.strictEqual(tcp.payload.id, undefined);
      assert.doesNotMatch(tcp.toString(), /undefined/);
      assert.ok(hex('00 ff').equals(Buffer.from([0, 255])));
    });
  });
});
