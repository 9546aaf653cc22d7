'use strict';
// Synthetic TCP segments for tracker tests: Ethernet + IPv4/IPv6 + TCP frames built byte by
// byte and decoded by the library's own decoder, and a Flow that keeps sequence numbers.

const decode = require('../../lib/decode');
const { TCPTracker } = require('../../lib/track');

const FLAG = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 };

function ipv4Bytes(s) {
  return Buffer.from(s.split('.').map(Number));
}

function ipv6Bytes(s) {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

/**
 * One decoded packet.
 * @param {object} o {src, dst, sport, dport, seq, ack, flags ('SA', 'PA', ...), data, v6,
 *   t (seconds), wscale, tsval (a TCP timestamp option), captured (bytes of payload actually
 *   captured), hopByHop (IPv6)}
 */
function segment(o) {
  const data = o.data === undefined || o.data === null ? Buffer.alloc(0) : Buffer.from(o.data);
  const parts = [];
  if (o.wscale !== undefined) parts.push(Buffer.from([3, 3, o.wscale, 1]));
  if (o.tsval !== undefined) {
    const ts = Buffer.from([1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0]); // NOP NOP TS, as Linux lays it out
    ts.writeUInt32BE(o.tsval >>> 0, 4);
    parts.push(ts);
  }
  const opts = Buffer.concat(parts);
  const tcp = Buffer.alloc(20 + opts.length);
  tcp.writeUInt16BE(o.sport, 0);
  tcp.writeUInt16BE(o.dport, 2);
  tcp.writeUInt32BE(o.seq >>> 0, 4);
  tcp.writeUInt32BE((o.ack || 0) >>> 0, 8);
  tcp[12] = (tcp.length / 4) << 4;
  let f = 0;
  for (const c of o.flags || '') f |= FLAG[c];
  tcp[13] = f;
  tcp.writeUInt16BE(65535, 14);
  opts.copy(tcp, 20);
  let ip;
  let ethertype;
  if (o.v6) {
    ethertype = 0x86dd;
    const ext = o.hopByHop ? Buffer.from([6, 0, 1, 4, 0, 0, 0, 0]) : Buffer.alloc(0);
    ip = Buffer.alloc(40 + ext.length);
    ip[0] = 0x60;
    ip.writeUInt16BE(ext.length + tcp.length + data.length, 4);
    ip[6] = o.hopByHop ? 0 : 6;
    ip[7] = 64;
    ipv6Bytes(o.src).copy(ip, 8);
    ipv6Bytes(o.dst).copy(ip, 24);
    ext.copy(ip, 40);
  } else {
    ethertype = 0x0800;
    ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + tcp.length + data.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    ipv4Bytes(o.src).copy(ip, 12);
    ipv4Bytes(o.dst).copy(ip, 16);
  }
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(ethertype, 12);
  let buf = Buffer.concat([eth, ip, tcp, data]);
  if (o.captured !== undefined) buf = buf.subarray(0, buf.length - data.length + o.captured);
  const t = o.t || 0;
  const header = Buffer.alloc(16);
  header.writeUInt32LE(Math.floor(t), 0);
  header.writeUInt32LE(Math.round((t - Math.floor(t)) * 1e6), 4);
  header.writeUInt32LE(buf.length, 8);
  header.writeUInt32LE(buf.length, 12);
  return decode.packet({ buf, header, link_type: 'LINKTYPE_ETHERNET' });
}

/**
 * A connection between a client and a server, keeping each side's next sequence number.
 * Methods return decoded packets; the clock advances 1 ms per packet unless `t` is given.
 */
class Flow {
  constructor(o = {}) {
    this.v6 = !!o.v6;
    this.client = o.client || (this.v6 ? '2001:db8::1' : '10.0.0.1');
    this.server = o.server || (this.v6 ? '2001:db8::2' : '10.0.0.2');
    this.cport = o.cport || 40000;
    this.sport = o.sport || 80;
    this.cseq = o.cisn !== undefined ? o.cisn : 1000;
    this.sseq = o.sisn !== undefined ? o.sisn : 5000;
    this.t = o.t || 1000;
    this.hopByHop = !!o.hopByHop;
  }

  /** A packet from the client (`fromClient`) or the server. `seq` defaults to the side's next. */
  pkt(fromClient, flags, data, extra = {}) {
    const len = data ? Buffer.byteLength(data) : 0;
    const seq = extra.seq !== undefined ? extra.seq : fromClient ? this.cseq : this.sseq;
    const ack = extra.ack !== undefined ? extra.ack : fromClient ? this.sseq : this.cseq;
    this.t = extra.t !== undefined ? extra.t : this.t + 0.001;
    const p = segment({
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      sport: fromClient ? this.cport : this.sport,
      dport: fromClient ? this.sport : this.cport,
      seq,
      ack,
      flags,
      data,
      v6: this.v6,
      t: this.t,
      wscale: extra.wscale,
      tsval: extra.tsval,
      captured: extra.captured,
      hopByHop: this.hopByHop,
    });
    if (extra.seq === undefined && !extra.noAdvance) {
      const adv = len + (flags.includes('S') ? 1 : 0) + (flags.includes('F') ? 1 : 0);
      if (fromClient) this.cseq = (this.cseq + adv) >>> 0;
      else this.sseq = (this.sseq + adv) >>> 0;
    }
    return p;
  }

  handshake() {
    return [this.pkt(true, 'S', null, { wscale: 7 }), this.pkt(false, 'SA', null, { wscale: 8 }), this.pkt(true, 'A')];
  }

  /** Data from one side, in segments of `mss` bytes; returns the packets (not yet fed). */
  data(fromClient, bytes, mss = 1000) {
    const b = Buffer.from(bytes);
    const out = [];
    for (let i = 0; i < b.length; i += mss) out.push(this.pkt(fromClient, 'PA', b.subarray(i, i + mss)));
    return out;
  }
}

/** A tracker that records every event as [name, ...details] in `log`. */
function recorder(options) {
  const tracker = new TCPTracker(options);
  const log = [];
  const streams = new Map(); // session -> {send: [Buffer], recv: [Buffer]}
  tracker.on('session', (s) => {
    const st = { send: [], recv: [], session: s };
    streams.set(s, st);
    log.push(['session', s.src, s.dst]);
    s.on('start', () => log.push(['start']));
    s.on('data send', (_, d) => st.send.push(d));
    s.on('data recv', (_, d) => st.recv.push(d));
    s.on('retransmit', (_, dir, seqEnd, seq) => log.push(['retransmit', dir, seqEnd, seq]));
    s.on('reset', (_, dir) => log.push(['reset', dir]));
    s.on('syn retry', () => log.push(['syn retry']));
    s.on('gap', (_, dir, seq, len) => log.push(['gap', dir, seq, len]));
    s.on('fin', (_, dir) => log.push(['fin', dir]));
    s.on('end', () => log.push(['end', s.end_reason]));
  });
  const text = (s, dir) => Buffer.concat(streams.get(s)[dir]).toString('latin1');
  const feed = (...pkts) => pkts.flat().forEach((p) => tracker.track_packet(p));
  const only = () => [...streams.keys()][0];
  return { tracker, log, streams, text, feed, only, names: () => log.map((e) => e[0]) };
}

/** An HTTP/2 frame (RFC 9113 4.1): a 9-byte header, then `payload`. */
function h2Frame(type, flags, stream, payload = Buffer.alloc(0)) {
  const h = Buffer.alloc(9);
  h.writeUIntBE(payload.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, payload]);
}

/** What an HTTP/2 client sends first (3.4). */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * What `root` holds: the objects reachable from it through properties, array items, Map and Set
 * entries (functions are not entered), the bytes of the distinct ArrayBuffers under the Buffers
 * among them, and the path to the first Buffer that is a view into `batch` (an ArrayBuffer; null
 * if none). What a tracker keeps across calls must be its own copy: a view of a segment pins the
 * whole capture batch the segment is in.
 */
function holds(root, batch) {
  const seen = new Set();
  const arrays = new Set();
  let into = null;
  const stack = [[root, 'root']];
  while (stack.length > 0) {
    const [v, path] = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      arrays.add(v.buffer);
      if (v.buffer === batch && into === null) into = path;
      continue;
    }
    if (v instanceof Map || v instanceof Set) {
      let i = 0;
      for (const e of v) stack.push([e, `${path}[${i++}]`]);
      continue;
    }
    for (const k of Object.keys(v)) stack.push([v[k], `${path}.${k}`]);
  }
  let bytes = 0;
  for (const b of arrays) bytes += b.byteLength;
  return { objects: seen.size, bytes, into };
}

/** `bytes` copied to `offset` of a large batch buffer (as libpcap's are): a view of it. */
function inBatch(batch, offset, bytes) {
  const b = Buffer.from(bytes);
  b.copy(batch, offset);
  return batch.subarray(offset, offset + b.length);
}

module.exports = { segment, Flow, recorder, ipv6Bytes, h2Frame, H2_PREFACE, holds, inBatch };
