#!/usr/bin/env node
'use strict';
// Deterministic generator of a realistic Ethernet capture for the benchmarks (classic pcap,
// microsecond timestamps, LINKTYPE_ETHERNET). Pure JS, no dependencies; the same seed and count
// always give the same bytes.
//
// Traffic mix (interleaved conversations, several flows open at once):
//   - TCP over IPv4 and IPv6: handshakes with real option sets, HTTP-like request/response flows
//     (text requests, responses from a few hundred bytes to ~1 MB in MSS-sized segments, delayed
//     ACKs, rare retransmissions), TLS-like flows on 443, SSH-like interactive flows, FIN and RST
//     teardowns.
//   - UDP: DNS queries and answers (A, AAAA, CNAME chains with name compression, NXDOMAIN, EDNS),
//     QUIC-like 443 traffic, NTP.
//   - ARP requests and replies, ICMP echo, ICMPv6 echo, neighbour discovery, router
//     advertisements and MLDv2 reports (behind an IPv6 hop-by-hop header).
// IPv4 header checksums and TCP/UDP/ICMP/ICMPv6 checksums are computed; every length field
// (IP total/payload length, UDP length, caplen, len) is exact.
//
// Usage: node bench/generate.js [--packets N] [--seed S] [--out FILE]
//        (default: 2,000,000 packets, seed 1, bench/data/mix-<N>-s<S>.pcap)
// Also writes FILE.json with the packet/byte counts per class.

const fs = require('fs');
const path = require('path');

// 2: NXDOMAIN answers' SOA records have their MINIMUM field (version 1 wrote 2 of its 4 bytes,
// which the DNS decoder rightly calls bad rdata)
const GENERATOR_VERSION = 2;

// ---------------------------------------------------------------- random numbers (mulberry32)

function makeRng(seed) {
  let a = seed >>> 0;
  function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return next;
}

// ---------------------------------------------------------------- pcap writer

class PcapWriter {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.buf = Buffer.alloc(8 << 20);
    this.pos = 0;
    this.count = 0;
    this.bytes = 0;
    const h = this.buf;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(65535, 16); // snaplen
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.pos = 24;
  }

  /** Reserves room for one frame; returns the offset in this.buf where the frame starts. */
  begin() {
    if (this.pos + 16 + 2048 > this.buf.length) this.flush();
    return this.pos + 16;
  }

  end(frameLen, tsSec, tsUsec) {
    const b = this.buf;
    const p = this.pos;
    b.writeUInt32LE(tsSec >>> 0, p);
    b.writeUInt32LE(tsUsec >>> 0, p + 4);
    b.writeUInt32LE(frameLen, p + 8);
    b.writeUInt32LE(frameLen, p + 12);
    this.pos = p + 16 + frameLen;
    this.count++;
    this.bytes += frameLen;
  }

  flush() {
    let off = 0;
    while (off < this.pos) off += fs.writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------- checksums

function sum16(b, start, end, acc) {
  let i = start;
  for (; i + 1 < end; i += 2) acc += (b[i] << 8) | b[i + 1];
  if (i < end) acc += b[i] << 8;
  return acc;
}

function fold(acc) {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 65536);
  return ~acc & 0xffff;
}

/** Checksum of an L4 segment at [l4, l4 + len) with the pseudo header of the IP header at ip. */
function l4Checksum(b, ip, v6, l4, len, proto) {
  let acc = 0;
  if (v6) acc = sum16(b, ip + 8, ip + 40, 0);
  else acc = sum16(b, ip + 12, ip + 20, 0);
  acc += proto + (len & 0xffff) + Math.floor(len / 65536);
  acc = sum16(b, l4, l4 + len, acc);
  return fold(acc);
}

// ---------------------------------------------------------------- header builders

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_ARP = 0x0806;

function eth(b, o, dst, src, type) {
  dst.copy(b, o);
  src.copy(b, o + 6);
  b.writeUInt16BE(type, o + 12);
  return o + 14;
}

function ipv4(b, o, src, dst, proto, payloadLen, ttl, id, tos) {
  b[o] = 0x45;
  b[o + 1] = tos;
  b.writeUInt16BE(20 + payloadLen, o + 2);
  b.writeUInt16BE(id & 0xffff, o + 4);
  b.writeUInt16BE(proto === 1 || proto === 17 ? 0 : 0x4000, o + 6);
  b[o + 8] = ttl;
  b[o + 9] = proto;
  b.writeUInt16BE(0, o + 10);
  src.copy(b, o + 12);
  dst.copy(b, o + 16);
  b.writeUInt16BE(fold(sum16(b, o, o + 20, 0)), o + 10);
  return o + 20;
}

function ipv6(b, o, src, dst, nextHeader, payloadLen, hopLimit, flow) {
  b.writeUInt32BE((0x60000000 | (flow & 0xfffff)) >>> 0, o);
  b.writeUInt16BE(payloadLen, o + 4);
  b[o + 6] = nextHeader;
  b[o + 7] = hopLimit;
  src.copy(b, o + 8);
  dst.copy(b, o + 24);
  return o + 40;
}

function mac(s) {
  return Buffer.from(s.split(':').map((x) => parseInt(x, 16)));
}

function ip4(s) {
  return Buffer.from(s.split('.').map(Number));
}

function ip6(s) {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const words = h.concat(new Array(8 - h.length - t.length).fill('0'), t);
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16), i * 2));
  return b;
}

// ---------------------------------------------------------------- the generator

function generate({ packets, seed, out }) {
  const rnd = makeRng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const chance = (p) => rnd() < p;

  const w = new PcapWriter(out);
  const stats = {};
  const count = (cls, len) => {
    const s = stats[cls] || (stats[cls] = { packets: 0, bytes: 0 });
    s.packets++;
    s.bytes += len;
  };

  // Clock: starts 2023-11-14T22:13:20Z, packets ~25 us apart on average (exponential gaps).
  let tsSec = 1700000000;
  let tsUsec = 0;
  function tick() {
    tsUsec += Math.floor(-Math.log(1 - rnd()) * 25) + 1;
    while (tsUsec >= 1000000) {
      tsUsec -= 1000000;
      tsSec++;
    }
  }
  function finish(len, cls) {
    tick();
    w.end(len, tsSec, tsUsec);
    count(cls, len);
  }

  // Random byte pool for payloads (encrypted-looking data), and text for HTTP-like payloads.
  const pool = Buffer.alloc(1 << 16);
  for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(rnd() * 256);
  const text = Buffer.from(
    ('<div class="item"><a href="/catalog/item/NNNN">Item NNNN</a><span>price 12.50</span></div>\n' +
      '{"id":NNNN,"name":"widget","tags":["a","b"],"ok":true}\n').repeat(400),
  );
  function fill(b, o, len, bin) {
    const src = bin ? pool : text;
    let s = int(0, src.length - 2048);
    while (len > 0) {
      const n = Math.min(len, src.length - s);
      src.copy(b, o, s, s + n);
      o += n;
      len -= n;
      s = 0;
    }
  }

  // Hosts. Clients sit on a LAN behind a gateway; servers are remote.
  const gwMac = mac('00:1a:2b:3c:4d:01');
  const gw4 = ip4('10.0.0.1');
  const gw6ll = ip6('fe80::21a:2bff:fe3c:4d01');
  const clients = [];
  for (let i = 0; i < 24; i++) {
    const m = Buffer.from([0x02, 0x42, 0xac, 0x11, int(0, 255), 10 + i]);
    clients.push({
      mac: m,
      ip4: Buffer.from([10, 0, int(0, 3), 10 + i]),
      ip6: Buffer.concat([ip6('2001:db8:100::').subarray(0, 8), Buffer.from([0, 0, 0, 0, 0, int(1, 255), int(0, 255), 10 + i])]),
      ll6: Buffer.concat([ip6('fe80::').subarray(0, 8), Buffer.from([0, 0x42, 0xac, 0xff, 0xfe, 0x11, m[4], m[5]])]),
    });
  }
  const servers4 = [];
  const servers6 = [];
  for (let i = 0; i < 64; i++) {
    servers4.push(Buffer.from([pick([93, 151, 104, 172, 185, 198, 203]), int(0, 255), int(0, 255), int(1, 254)]));
    servers6.push(Buffer.concat([ip6('2a00:1450::').subarray(0, 4), Buffer.from(Array.from({ length: 12 }, () => int(0, 255)))]));
  }
  const dns4 = ip4('10.0.0.53');
  const dns6 = ip6('2001:db8:100::53');

  // DNS names, pre-encoded.
  const words = ['www', 'api', 'cdn', 'static', 'mail', 'img', 'login', 'edge', 'video', 'update', 'ads', 'news'];
  const bases = ['example', 'widgets', 'acme-cloud', 'shopfront', 'newsdaily', 'videohost', 'maps', 'telemetry', 'social', 'search'];
  const tlds = ['com', 'net', 'org', 'io', 'co.uk', 'de'];
  const names = [];
  for (let i = 0; i < 400; i++) {
    const labels = [pick(words)];
    if (chance(0.3)) labels.push('eu' + int(1, 9));
    labels.push(pick(bases) + (chance(0.5) ? int(1, 99) : ''));
    for (const t of pick(tlds).split('.')) labels.push(t);
    const parts = [];
    for (const l of labels) parts.push(Buffer.from([l.length]), Buffer.from(l));
    parts.push(Buffer.from([0]));
    names.push(Buffer.concat(parts));
  }

  // HTTP-ish request texts.
  const requests = [];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', 'curl/7.88.1', 'okhttp/4.12.0', 'python-requests/2.31.0'];
  for (let i = 0; i < 64; i++) {
    let r = `${pick(['GET', 'GET', 'GET', 'POST', 'HEAD'])} /${pick(words)}/v${int(1, 3)}/${pick(bases)}/${int(1, 99999)}${chance(0.4) ? '?page=' + int(1, 50) + '&sort=asc' : ''} HTTP/1.1\r\n`;
    r += `Host: ${pick(words)}.${pick(bases)}.${pick(tlds)}\r\nUser-Agent: ${pick(agents)}\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n`;
    if (chance(0.6)) {
      const k = int(0, 4000);
      r += `Cookie: session=${pool.toString('hex', k, k + int(16, 48))}\r\n`;
    }
    r += 'Connection: keep-alive\r\n\r\n';
    requests.push(Buffer.from(r));
  }

  // ---------------------------------------------------------------- TCP

  const TCP_FIN = 0x01;
  const TCP_SYN = 0x02;
  const TCP_RST = 0x04;
  const TCP_PSH = 0x08;
  const TCP_ACK = 0x10;

  function newFlow(v6, port) {
    const c = pick(clients);
    return {
      v6,
      cmac: c.mac,
      smac: gwMac,
      cip: v6 ? c.ip6 : c.ip4,
      sip: v6 ? pick(servers6) : pick(servers4),
      cport: int(32768, 60999),
      sport: port,
      seq: [int(0, 0xffffffff), int(0, 0xffffffff)],
      ts: [int(0, 0x7fffffff), int(0, 0x7fffffff)],
      ipid: [int(0, 0xffff), int(0, 0xffff)],
      ttl: [64, pick([52, 56, 57, 58, 116, 118, 120])],
      useTs: chance(0.75),
      wscale: [7, pick([7, 8, 9, 10])],
      flowLabel: [int(0, 0xfffff), int(0, 0xfffff)],
      mss: v6 ? 1440 : 1460,
    };
  }

  /**
   * One TCP segment. dir 0 = client to server, 1 = server to client. payload: null (no data),
   * a Buffer (copied, truncated to len) or 'bin'/'text' (filled from the pools).
   * seqOverride: send with this sequence number instead of the flow's (retransmissions).
   */
  function tcp(f, dir, flags, len, payload, seqOverride) {
    const b = w.buf;
    const start = w.begin();
    const fromClient = dir === 0;
    let o = eth(b, start, fromClient ? f.smac : f.cmac, fromClient ? f.cmac : f.smac, f.v6 ? ETH_IPV6 : ETH_IPV4);
    const ipStart = o;
    // Options.
    let optLen = 0;
    const syn = (flags & TCP_SYN) !== 0;
    if (syn) optLen = f.useTs ? 20 : 12;
    else if (f.useTs && !(flags & TCP_RST)) optLen = 12;
    const hdrLen = 20 + optLen;
    const segLen = hdrLen + len;
    o = f.v6
      ? ipv6(b, o, fromClient ? f.cip : f.sip, fromClient ? f.sip : f.cip, 6, segLen, f.ttl[dir], f.flowLabel[dir])
      : ipv4(b, o, fromClient ? f.cip : f.sip, fromClient ? f.sip : f.cip, 6, segLen, f.ttl[dir], f.ipid[dir]++, 0);
    const t = o;
    b.writeUInt16BE(fromClient ? f.cport : f.sport, t);
    b.writeUInt16BE(fromClient ? f.sport : f.cport, t + 2);
    b.writeUInt32BE((seqOverride !== undefined ? seqOverride : f.seq[dir]) >>> 0, t + 4);
    b.writeUInt32BE(flags & TCP_ACK ? f.seq[1 - dir] >>> 0 : 0, t + 8);
    b[t + 12] = (hdrLen / 4) << 4;
    b[t + 13] = flags;
    b.writeUInt16BE(syn ? 64240 : int(500, 2048), t + 14);
    b.writeUInt16BE(0, t + 16); // checksum, below
    b.writeUInt16BE(0, t + 18);
    let p = t + 20;
    if (syn) {
      b[p++] = 2; b[p++] = 4; b.writeUInt16BE(f.mss, p); p += 2; // MSS
      if (f.useTs) {
        b[p++] = 4; b[p++] = 2; // SACK permitted
        b[p++] = 8; b[p++] = 10; b.writeUInt32BE(f.ts[dir] >>> 0, p); b.writeUInt32BE(flags & TCP_ACK ? f.ts[1 - dir] >>> 0 : 0, p + 4); p += 8;
        b[p++] = 1; b[p++] = 3; b[p++] = 3; b[p++] = f.wscale[dir]; // NOP, window scale
      } else {
        b[p++] = 1; b[p++] = 3; b[p++] = 3; b[p++] = f.wscale[dir];
        b[p++] = 1; b[p++] = 1; b[p++] = 4; b[p++] = 2;
      }
    } else if (optLen) {
      b[p++] = 1; b[p++] = 1; b[p++] = 8; b[p++] = 10;
      b.writeUInt32BE(f.ts[dir] >>> 0, p); b.writeUInt32BE(f.ts[1 - dir] >>> 0, p + 4); p += 8;
    }
    if (len > 0) {
      if (Buffer.isBuffer(payload)) {
        const n = Math.min(len, payload.length);
        payload.copy(b, p, 0, n);
        if (n < len) fill(b, p + n, len - n, false);
      } else {
        fill(b, p, len, payload === 'bin');
      }
    }
    b.writeUInt16BE(l4Checksum(b, ipStart, f.v6, t, segLen, 6), t + 16);
    if (seqOverride === undefined) f.seq[dir] = (f.seq[dir] + len + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    f.ts[dir] = (f.ts[dir] + int(0, 3)) >>> 0;
    finish(p + len - start, f.v6 ? 'tcp6' : 'tcp4');
  }

  function* handshake(f) {
    tcp(f, 0, TCP_SYN, 0);
    yield;
    if (chance(0.01)) { // SYN retry
      f.seq[0] = (f.seq[0] - 1) >>> 0;
      tcp(f, 0, TCP_SYN, 0);
      yield;
    }
    tcp(f, 1, TCP_SYN | TCP_ACK, 0);
    yield;
    tcp(f, 0, TCP_ACK, 0);
    yield;
  }

  function* teardown(f) {
    if (chance(0.06)) {
      tcp(f, pick([0, 1]), TCP_RST | TCP_ACK, 0);
      yield;
      return;
    }
    const first = chance(0.6) ? 0 : 1;
    tcp(f, first, TCP_FIN | TCP_ACK, 0);
    yield;
    tcp(f, 1 - first, TCP_FIN | TCP_ACK, 0);
    yield;
    tcp(f, first, TCP_ACK, 0);
    yield;
  }

  // Sends `size` bytes from dir in MSS segments, the other side ACKing every second segment.
  function* bulk(f, dir, size, kind, head) {
    const mss = f.mss - (f.useTs ? 12 : 0);
    let seg = 0;
    let first = true;
    while (size > 0) {
      const n = Math.min(mss, size);
      size -= n;
      const seq = f.seq[dir];
      tcp(f, dir, size === 0 ? TCP_PSH | TCP_ACK : TCP_ACK, n, first && head ? head : kind);
      first = false;
      yield;
      if (chance(0.002)) { // retransmission of the segment just sent
        tcp(f, dir, TCP_ACK, n, kind, seq);
        yield;
      }
      seg++;
      if (seg % 2 === 0 || size === 0) {
        tcp(f, 1 - dir, TCP_ACK, 0);
        yield;
      }
    }
  }

  function responseSize() {
    const r = rnd();
    if (r < 0.62) return int(120, 1200); // API / small objects
    if (r < 0.92) return int(1200, 8000);
    if (r < 0.992) return int(8000, 60000);
    return int(60000, 600000);
  }

  function* webFlow() {
    const tls = chance(0.55);
    const f = newFlow(chance(0.3), tls ? 443 : 80);
    yield* handshake(f);
    if (tls) {
      tcp(f, 0, TCP_PSH | TCP_ACK, int(230, 560), 'bin'); // ClientHello
      yield;
      yield* bulk(f, 1, int(2800, 5200), 'bin'); // ServerHello .. Finished
      tcp(f, 0, TCP_PSH | TCP_ACK, int(64, 130), 'bin');
      yield;
    }
    const n = chance(0.5) ? 1 : int(2, 8);
    for (let i = 0; i < n; i++) {
      const req = pick(requests);
      tcp(f, 0, TCP_PSH | TCP_ACK, tls ? req.length + 29 : req.length, tls ? 'bin' : req);
      yield;
      const size = responseSize();
      const head = tls ? null : Buffer.from(`HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${size}\r\nConnection: keep-alive\r\n\r\n`);
      yield* bulk(f, 1, size + (head ? head.length : 0), tls ? 'bin' : 'text', head);
    }
    yield* teardown(f);
  }

  function* interactiveFlow() {
    const f = newFlow(chance(0.35), 22);
    yield* handshake(f);
    tcp(f, 1, TCP_PSH | TCP_ACK, 21, Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'));
    yield;
    tcp(f, 0, TCP_PSH | TCP_ACK, 32, Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    yield;
    const n = int(20, 300);
    for (let i = 0; i < n; i++) {
      tcp(f, 0, TCP_PSH | TCP_ACK, pick([36, 36, 36, 52, 68, 100]), 'bin'); // keystroke
      yield;
      if (chance(0.8)) {
        tcp(f, 1, TCP_PSH | TCP_ACK, pick([36, 36, 52, 84, 148, 300, 1100]), 'bin'); // echo / output
        yield;
        tcp(f, 0, TCP_ACK, 0);
        yield;
      } else {
        tcp(f, 1, TCP_ACK, 0);
        yield;
      }
    }
    yield* teardown(f);
  }

  // ---------------------------------------------------------------- UDP

  function udp(v6, smac, dmac, sip, dip, sport, dport, len, writePayload, cls, ttl) {
    const b = w.buf;
    const start = w.begin();
    let o = eth(b, start, dmac, smac, v6 ? ETH_IPV6 : ETH_IPV4);
    const ipStart = o;
    o = v6 ? ipv6(b, o, sip, dip, 17, 8 + len, ttl, int(0, 0xfffff)) : ipv4(b, o, sip, dip, 17, 8 + len, ttl, int(0, 0xffff), 0);
    b.writeUInt16BE(sport, o);
    b.writeUInt16BE(dport, o + 2);
    b.writeUInt16BE(8 + len, o + 4);
    b.writeUInt16BE(0, o + 6);
    writePayload(b, o + 8);
    let ck = l4Checksum(b, ipStart, v6, o, 8 + len, 17);
    if (ck === 0) ck = 0xffff;
    b.writeUInt16BE(ck, o + 6);
    finish(o + 8 + len - start, cls);
  }

  const QTYPE = { A: 1, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, HTTPS: 65, OPT: 41 };

  function* dnsExchange() {
    const v6 = chance(0.15);
    const c = pick(clients);
    const sip = v6 ? c.ip6 : c.ip4;
    const dip = v6 ? dns6 : dns4;
    const sport = int(1024, 65535);
    const id = int(0, 0xffff);
    const name = pick(names);
    const r = rnd();
    const qtype = r < 0.55 ? QTYPE.A : r < 0.85 ? QTYPE.AAAA : r < 0.93 ? QTYPE.HTTPS : pick([QTYPE.MX, QTYPE.TXT, QTYPE.PTR]);
    const edns = chance(0.6);
    const question = Buffer.alloc(name.length + 4);
    name.copy(question, 0);
    question.writeUInt16BE(qtype, name.length);
    question.writeUInt16BE(1, name.length + 2);
    const opt = Buffer.from([0, 0, QTYPE.OPT, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]); // root, OPT, 1232, rcode/flags, rdlen 0

    const query = Buffer.alloc(12 + question.length + (edns ? opt.length : 0));
    query.writeUInt16BE(id, 0);
    query.writeUInt16BE(0x0100, 2); // RD
    query.writeUInt16BE(1, 4);
    query.writeUInt16BE(edns ? 1 : 0, 10);
    question.copy(query, 12);
    if (edns) opt.copy(query, 12 + question.length);
    udp(v6, c.mac, gwMac, sip, dip, sport, 53, query.length, (b, o) => query.copy(b, o), v6 ? 'dns6' : 'dns4', 64);
    yield;
    if (chance(0.04)) return; // unanswered

    // Answer.
    const parts = [];
    let an = 0;
    let ns = 0;
    let rcode = 0;
    const rr = (type, ttl, rdata) => {
      const h = Buffer.alloc(12);
      h.writeUInt16BE(0xc00c, 0); // pointer to the question name
      h.writeUInt16BE(type, 2);
      h.writeUInt16BE(1, 4);
      h.writeUInt32BE(ttl, 6);
      h.writeUInt16BE(rdata.length, 10);
      parts.push(h, rdata);
    };
    if (chance(0.05)) {
      rcode = 3; // NXDOMAIN with an SOA in authority
      // MNAME and RNAME (pointers to the question's name), then serial, refresh, retry, expire, minimum
      const soa = Buffer.alloc(24);
      soa.writeUInt16BE(0xc00c, 0);
      soa.writeUInt16BE(0xc00c, 2);
      soa.writeUInt32BE(2023111401, 4);
      soa.writeUInt32BE(7200, 8);
      soa.writeUInt32BE(3600, 12);
      soa.writeUInt32BE(1209600, 16);
      soa.writeUInt32BE(300, 20);
      const h = Buffer.alloc(12);
      h.writeUInt16BE(0xc00c, 0);
      h.writeUInt16BE(QTYPE.SOA, 2);
      h.writeUInt16BE(1, 4);
      h.writeUInt32BE(900, 6);
      h.writeUInt16BE(soa.length, 10);
      parts.push(h, soa);
      ns = 1;
    } else if (qtype === QTYPE.A || qtype === QTYPE.AAAA) {
      if (chance(0.3)) { // CNAME to another name (not compressed)
        rr(QTYPE.CNAME, int(60, 3600), pick(names));
        an++;
      }
      const k = int(1, 4);
      for (let i = 0; i < k; i++) {
        rr(qtype, int(20, 300), qtype === QTYPE.A ? pick(servers4) : pick(servers6));
        an++;
      }
    } else if (qtype === QTYPE.MX) {
      const rd = Buffer.concat([Buffer.from([0, 10]), Buffer.from([4]), Buffer.from('mail'), Buffer.from([0xc0, 0x0c])]);
      rr(QTYPE.MX, 3600, rd);
      an++;
    } else if (qtype === QTYPE.TXT) {
      const s = 'v=spf1 include:_spf.' + 'example.com ~all';
      rr(QTYPE.TXT, 3600, Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]));
      an++;
    } else if (qtype === QTYPE.PTR) {
      rr(QTYPE.PTR, 3600, pick(names));
      an++;
    } else {
      // HTTPS: priority 1, target ".", alpn h2,h3
      rr(QTYPE.HTTPS, 300, Buffer.from([0, 1, 0, 0, 1, 0, 6, 2, 0x68, 0x32, 2, 0x68, 0x33]));
      an++;
    }
    const body = Buffer.concat(parts);
    const ans = Buffer.alloc(12 + question.length + body.length + (edns ? opt.length : 0));
    ans.writeUInt16BE(id, 0);
    ans.writeUInt16BE(0x8180 | rcode, 2);
    ans.writeUInt16BE(1, 4);
    ans.writeUInt16BE(an, 6);
    ans.writeUInt16BE(ns, 8);
    ans.writeUInt16BE(edns ? 1 : 0, 10);
    question.copy(ans, 12);
    body.copy(ans, 12 + question.length);
    if (edns) opt.copy(ans, 12 + question.length + body.length);
    udp(v6, gwMac, c.mac, dip, sip, 53, sport, ans.length, (b, o) => ans.copy(b, o), v6 ? 'dns6' : 'dns4', 64);
    yield;
  }

  function* quicFlow() {
    const v6 = chance(0.4);
    const c = pick(clients);
    const s = v6 ? pick(servers6) : pick(servers4);
    const cip = v6 ? c.ip6 : c.ip4;
    const sport = int(32768, 60999);
    const n = int(6, 60);
    for (let i = 0; i < n; i++) {
      const up = i === 0 || chance(0.3);
      const len = i === 0 ? 1252 : up ? int(30, 60) : chance(0.7) ? int(1200, 1350) : int(40, 300);
      if (up) udp(v6, c.mac, gwMac, cip, s, sport, 443, len, (b, o) => fill(b, o, len, true), v6 ? 'udp6' : 'udp4', 64);
      else udp(v6, gwMac, c.mac, s, cip, 443, sport, len, (b, o) => fill(b, o, len, true), v6 ? 'udp6' : 'udp4', 57);
      yield;
    }
  }

  function* ntp() {
    const c = pick(clients);
    const s = pick(servers4);
    udp(false, c.mac, gwMac, c.ip4, s, 123, 123, 48, (b, o) => { b.fill(0, o, o + 48); b[o] = 0x23; }, 'udp4', 64);
    yield;
    udp(false, gwMac, c.mac, s, c.ip4, 123, 123, 48, (b, o) => { fill(b, o, 48, true); b[o] = 0x24; b[o + 1] = 2; }, 'udp4', 55);
    yield;
  }

  // ---------------------------------------------------------------- ARP, ICMP, ICMPv6

  const BCAST = mac('ff:ff:ff:ff:ff:ff');
  const ZERO6 = Buffer.alloc(6);

  function arpFrame(op, dmac, smac, sha, spa, tha, tpa, pad) {
    const b = w.buf;
    const start = w.begin();
    let o = eth(b, start, dmac, smac, ETH_ARP);
    b.writeUInt16BE(1, o);
    b.writeUInt16BE(0x0800, o + 2);
    b[o + 4] = 6;
    b[o + 5] = 4;
    b.writeUInt16BE(op, o + 6);
    sha.copy(b, o + 8);
    spa.copy(b, o + 14);
    tha.copy(b, o + 18);
    tpa.copy(b, o + 24);
    o += 28;
    if (pad) {
      b.fill(0, o, start + 60);
      o = start + 60;
    }
    finish(o - start, 'arp');
  }

  function* arpExchange() {
    const c = pick(clients);
    const pad = chance(0.5);
    if (chance(0.5)) { // client asks for the gateway
      arpFrame(1, BCAST, c.mac, c.mac, c.ip4, ZERO6, gw4, pad);
      yield;
      arpFrame(2, c.mac, gwMac, gwMac, gw4, c.mac, c.ip4, true);
      yield;
    } else { // gateway asks for the client
      arpFrame(1, BCAST, gwMac, gwMac, gw4, ZERO6, c.ip4, true);
      yield;
      arpFrame(2, gwMac, c.mac, c.mac, c.ip4, gwMac, gw4, pad);
      yield;
    }
  }

  function icmp4(smac, dmac, sip, dip, type, id, seq, ttl) {
    const b = w.buf;
    const start = w.begin();
    let o = eth(b, start, dmac, smac, ETH_IPV4);
    o = ipv4(b, o, sip, dip, 1, 64, ttl, int(0, 0xffff), 0);
    b[o] = type;
    b[o + 1] = 0;
    b.writeUInt16BE(0, o + 2);
    b.writeUInt16BE(id, o + 4);
    b.writeUInt16BE(seq, o + 6);
    b.writeUInt32BE(tsSec >>> 0, o + 8);
    b.writeUInt32BE(tsUsec, o + 12);
    for (let i = 16; i < 64; i++) b[o + i] = i - 8; // Linux ping pattern 0x08..
    b.writeUInt16BE(fold(sum16(b, o, o + 64, 0)), o + 2);
    finish(o + 64 - start, 'icmp');
  }

  function* ping4() {
    const c = pick(clients);
    const s = chance(0.5) ? gw4 : pick(servers4);
    const id = int(1, 0xffff);
    const n = int(1, 5);
    for (let i = 1; i <= n; i++) {
      icmp4(c.mac, gwMac, c.ip4, s, 8, id, i, 64);
      yield;
      if (chance(0.95)) {
        icmp4(gwMac, c.mac, s, c.ip4, 0, id, i, s === gw4 ? 64 : 54);
        yield;
      }
    }
  }

  // ICMPv6 message: body(b, o) writes the message after the 4-byte type/code/checksum header and
  // returns its length. hbh: prepend a hop-by-hop header with a router alert (MLD).
  function icmp6(smac, dmac, sip, dip, type, code, hopLimit, bodyLen, body, hbh) {
    const b = w.buf;
    const start = w.begin();
    let o = eth(b, start, dmac, smac, ETH_IPV6);
    const ipStart = o;
    const msgLen = 4 + bodyLen;
    o = ipv6(b, o, sip, dip, hbh ? 0 : 58, msgLen + (hbh ? 8 : 0), hopLimit, 0);
    if (hbh) { // next 58, len 0, router alert (5, 2, 0x0000), PadN(1, 0)
      b[o] = 58; b[o + 1] = 0; b[o + 2] = 5; b[o + 3] = 2; b[o + 4] = 0; b[o + 5] = 0; b[o + 6] = 1; b[o + 7] = 0;
      o += 8;
    }
    b[o] = type;
    b[o + 1] = code;
    b.writeUInt16BE(0, o + 2);
    body(b, o + 4);
    b.writeUInt16BE(l4Checksum(b, ipStart, true, o, msgLen, 58), o + 2);
    finish(o + msgLen - start, 'icmp6');
  }

  function solicitedNode(ip) {
    const a = ip6('ff02::1:ff00:0');
    ip.copy(a, 13, 13, 16);
    return a;
  }

  function multicastMac(ip) {
    return Buffer.from([0x33, 0x33, ip[12], ip[13], ip[14], ip[15]]);
  }

  function* icmp6Exchange() {
    const c = pick(clients);
    const r = rnd();
    if (r < 0.5) { // ping6
      const s = pick(servers6);
      const id = int(1, 0xffff);
      const n = int(1, 4);
      for (let i = 1; i <= n; i++) {
        for (const [smac, dmac, sip, dip, type, hl] of [[c.mac, gwMac, c.ip6, s, 128, 64], [gwMac, c.mac, s, c.ip6, 129, 57]]) {
          icmp6(smac, dmac, sip, dip, type, 0, hl, 60, (b, o) => {
            b.writeUInt16BE(id, o);
            b.writeUInt16BE(i, o + 2);
            b.writeUInt32BE(tsSec >>> 0, o + 4);
            b.writeUInt32BE(tsUsec, o + 8);
            for (let k = 12; k < 60; k++) b[o + k] = k - 4;
          });
          yield;
        }
      }
    } else if (r < 0.85) { // neighbour solicitation / advertisement for the gateway
      const sn = solicitedNode(gw6ll);
      icmp6(c.mac, multicastMac(sn), c.ll6, sn, 135, 0, 255, 28, (b, o) => {
        b.writeUInt32BE(0, o);
        gw6ll.copy(b, o + 4);
        b[o + 20] = 1; b[o + 21] = 1; c.mac.copy(b, o + 22); // source link-layer address
      });
      yield;
      icmp6(gwMac, c.mac, gw6ll, c.ll6, 136, 0, 255, 28, (b, o) => {
        b.writeUInt32BE(0xe0000000, o); // router, solicited, override
        gw6ll.copy(b, o + 4);
        b[o + 20] = 2; b[o + 21] = 1; gwMac.copy(b, o + 22); // target link-layer address
      });
      yield;
    } else if (r < 0.93) { // router advertisement to all nodes
      const all = ip6('ff02::1');
      icmp6(gwMac, multicastMac(all), gw6ll, all, 134, 0, 255, 60, (b, o) => {
        b[o] = 64; b[o + 1] = 0; b.writeUInt16BE(1800, o + 2); b.writeUInt32BE(0, o + 4); b.writeUInt32BE(0, o + 8);
        let p = o + 12;
        b[p] = 1; b[p + 1] = 1; gwMac.copy(b, p + 2); p += 8; // source lladdr
        b[p] = 5; b[p + 1] = 1; b.writeUInt16BE(0, p + 2); b.writeUInt32BE(1500, p + 4); p += 8; // MTU
        b[p] = 3; b[p + 1] = 4; b[p + 2] = 64; b[p + 3] = 0xc0; // prefix information
        b.writeUInt32BE(86400, p + 4); b.writeUInt32BE(14400, p + 8); b.writeUInt32BE(0, p + 12);
        ip6('2001:db8:100::').copy(b, p + 16);
      });
      yield;
    } else { // MLDv2 report, behind a hop-by-hop header
      const dst = ip6('ff02::16');
      icmp6(c.mac, multicastMac(dst), c.ll6, dst, 143, 0, 1, 24, (b, o) => {
        b.writeUInt16BE(0, o); b.writeUInt16BE(1, o + 2); // reserved, 1 record
        b[o + 4] = 4; b[o + 5] = 0; b.writeUInt16BE(0, o + 6); // CHANGE_TO_EXCLUDE, no sources
        solicitedNode(c.ll6).copy(b, o + 8);
      }, true);
      yield;
    }
  }

  // ---------------------------------------------------------------- scheduling

  // Conversation kinds and how often a new one starts (relative weights).
  const kinds = [
    [webFlow, 30],
    [interactiveFlow, 2],
    [dnsExchange, 90],
    [quicFlow, 2.5],
    [ntp, 2],
    [arpExchange, 6],
    [ping4, 6],
    [icmp6Exchange, 6],
  ];
  const totalWeight = kinds.reduce((s, k) => s + k[1], 0);
  function spawn() {
    let r = rnd() * totalWeight;
    for (const [fn, wt] of kinds) {
      if ((r -= wt) < 0) return fn();
    }
    return kinds[0][0]();
  }

  const active = [];
  const TARGET_ACTIVE = 24;
  while (w.count < packets) {
    while (active.length < TARGET_ACTIVE) active.push(spawn());
    const i = Math.floor(rnd() * active.length);
    if (active[i].next().done) {
      active[i] = active[active.length - 1];
      active.pop();
    }
  }
  w.close();
  return { packets: w.count, bytes: w.bytes, classes: stats };
}

function defaultPath(packets, seed) {
  return path.join(__dirname, 'data', `mix-${packets}-s${seed}.pcap`);
}

/**
 * Makes sure the capture exists (regenerating it if the file or its .json summary is missing
 * or from another generator version). Returns {file, meta}.
 */
function ensure({ packets = 2000000, seed = 1, out, log = () => {} } = {}) {
  const file = out || defaultPath(packets, seed);
  const metaFile = file + '.json';
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    const st = fs.statSync(file);
    if (meta.version === GENERATOR_VERSION && meta.packets === packets && meta.seed === seed && meta.fileSize === st.size) {
      return { file, meta };
    }
  } catch (e) {
    // regenerate
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  log(`generating ${file} (${packets} packets, seed ${seed}) ...`);
  const t0 = process.hrtime.bigint();
  const r = generate({ packets, seed, out: file });
  const meta = {
    version: GENERATOR_VERSION,
    seed,
    packets: r.packets,
    bytes: r.bytes,
    avgFrame: r.bytes / r.packets,
    fileSize: fs.statSync(file).size,
    classes: r.classes,
  };
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n');
  log(`generated in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
  return { file, meta };
}

module.exports = { generate, ensure, defaultPath, GENERATOR_VERSION };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = { packets: 2000000, seed: 1 };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--packets') opt.packets = Number(args[++i]);
    else if (args[i] === '--seed') opt.seed = Number(args[++i]);
    else if (args[i] === '--out') opt.out = args[++i];
    else {
      console.error('usage: node bench/generate.js [--packets N] [--seed S] [--out FILE]');
      process.exit(2);
    }
  }
  const out = opt.out || defaultPath(opt.packets, opt.seed);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const t0 = process.hrtime.bigint();
  const r = generate({ packets: opt.packets, seed: opt.seed, out });
  const meta = {
    version: GENERATOR_VERSION,
    seed: opt.seed,
    packets: r.packets,
    bytes: r.bytes,
    avgFrame: r.bytes / r.packets,
    fileSize: fs.statSync(out).size,
    classes: r.classes,
  };
  fs.writeFileSync(out + '.json', JSON.stringify(meta, null, 2) + '\n');
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${out}: ${r.packets} packets, ${r.bytes} bytes of frames, avg ${(r.bytes / r.packets).toFixed(1)} B, ${secs.toFixed(1)} s`);
  for (const [k, v] of Object.entries(r.classes).sort()) {
    console.log(`  ${k.padEnd(6)} ${String(v.packets).padStart(9)} packets ${(100 * v.packets / r.packets).toFixed(1).padStart(5)}%  avg ${(v.bytes / v.packets).toFixed(0)} B`);
  }
}
