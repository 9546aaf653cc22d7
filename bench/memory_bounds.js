'use strict';
// What the trackers' bounds for all connections together save, on traffic built to fill them
// (README's figures for max_reorder_total, max_exchanges and max_ws_windows). Run by hand:
//   node --expose-gc bench/memory_bounds.js reorder|exchanges|windows [unbounded]
// Each builds packets with the tests' Flow (test/track/helpers.js), feeds them to a TCPTracker,
// forces a GC and prints one line: what the bound dropped and the memory kept (RSS, heap or
// ArrayBuffers, growth since the start). `unbounded` sets the bound to its largest value.
const zlib = require('zlib');
const { TCPTracker, encodeFrame } = require('../lib/track');
const { Flow, h2Frame, H2_PREFACE } = require('../test/track/helpers');

const [what, mode] = process.argv.slice(2);
const unbounded = mode === 'unbounded';
if (typeof global.gc !== 'function') {
  console.error('run with --expose-gc');
  process.exit(2);
}
const MiB = (n) => (n / 2 ** 20).toFixed(0) + ' MiB';
const flowFor = (i) => new Flow({ cport: 1024 + (i % 60000), client: `10.${1 + ((i / 62500) | 0)}.${((i / 250) | 0) % 250}.${(i % 250) + 1}` });

function run(tracker, connections, packetsOf) {
  global.gc();
  const m0 = process.memoryUsage();
  let wire = 0;
  for (let i = 0; i < connections; i++) {
    for (const p of packetsOf(flowFor(i))) {
      wire += p.pcap_header.caplen;
      tracker.track_packet(p);
    }
  }
  global.gc();
  const m1 = process.memoryUsage();
  return { wire, rss: m1.rss - m0.rss, heap: m1.heapUsed - m0.heapUsed, arrayBuffers: m1.arrayBuffers - m0.arrayBuffers };
}

if (what === 'reorder') {
  // 1,000 connections, each with 700 segments of 1,400 bytes held behind a one-segment hole
  const tracker = new TCPTracker({ max_reorder_total: unbounded ? Number.MAX_SAFE_INTEGER : undefined });
  const payload = Buffer.alloc(1400, 120);
  const r = run(tracker, 1000, (f) => {
    const out = f.handshake();
    f.cseq += 1400;
    for (let k = 0; k < 700; k++) out.push(f.pkt(true, 'PA', payload));
    return out;
  });
  console.log(`reorder ${unbounded ? 'unbounded' : 'bounded'}: 1000 connections, ${MiB(r.wire)} sent, ${tracker.stats.reorder_overflows} holes given up, RSS +${MiB(r.rss)}, ArrayBuffers +${MiB(r.arrayBuffers)}`);
} else if (what === 'exchanges') {
  // 192 HTTP/2 connections of 4,096 streams, each request 19 references to one 3.9 KB header
  const tracker = new TCPTracker({ http: unbounded ? { max_exchanges: 0x7fffffff } : true });
  const big = Buffer.alloc(3900, 97);
  const literal = Buffer.concat([Buffer.from([0x40, 3]), Buffer.from('x-a'), Buffer.from([0x7f, ((3900 - 127) & 0x7f) | 0x80, (3900 - 127) >> 7]), big]);
  const refs = Buffer.concat([Buffer.from([0x82, 0x84, 0x86]), Buffer.alloc(19, 0x80 | 62)]);
  const chunks = [H2_PREFACE, h2Frame(4, 0, 0), h2Frame(1, 0x04, 1, Buffer.concat([Buffer.from([0x82, 0x84, 0x86]), literal]))];
  for (let s = 3; s < 2 * 4096; s += 2) chunks.push(h2Frame(1, 0x04, s, refs));
  const bytes = Buffer.concat(chunks);
  const r = run(tracker, 192, (f) => [...f.handshake(), ...f.data(true, bytes, 1400)]);
  console.log(`exchanges ${unbounded ? 'unbounded' : 'bounded'}: 192 connections, ${MiB(r.wire)} sent, ${tracker.http.stats.exchanges_shed} streams shed, heap +${MiB(r.heap)}, RSS +${MiB(r.rss)}`);
} else if (what === 'windows') {
  // 8,000 WebSocket connections with permessage-deflate, one compressed 32 KiB message each way
  const tracker = new TCPTracker({ http: unbounded ? { max_ws_windows: 0x7fffffff } : true });
  const z = zlib.deflateRawSync(Buffer.alloc(32768, 'a'), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const payload = z.subarray(0, z.length - 4);
  const up = 'GET /c HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n';
  const ok = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n';
  const r = run(tracker, 8000, (f) => [...f.handshake(), f.pkt(true, 'PA', up), f.pkt(false, 'PA', ok),
    f.pkt(true, 'PA', encodeFrame(1, payload, { rsv1: true, mask: Buffer.from([1, 2, 3, 4]) })), f.pkt(false, 'PA', encodeFrame(1, payload, { rsv1: true }))]);
  console.log(`windows ${unbounded ? 'unbounded' : 'bounded'}: 8000 connections, ${MiB(r.wire)} sent, ${tracker.http.stats.ws_windows_dropped} windows dropped, ArrayBuffers +${MiB(r.arrayBuffers)}, RSS +${MiB(r.rss)}`);
} else {
  console.error('usage: node --expose-gc bench/memory_bounds.js reorder|exchanges|windows [unbounded]');
  process.exit(2);
}
