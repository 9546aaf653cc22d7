'use strict';
// Bytes allocated per decode.packet call on Ethernet/IPv4/TCP packets:
//   node --expose-gc --min-semi-space-size=M --max-semi-space-size=M \
//        bench/workers/alloc.js MODULE FILE [N]
// Method: the young generation is made large enough (M MiB per semi-space) that decoding N
// packets triggers no garbage collection. After a forced full GC, V8's used_heap_size is read,
// the N packets are decoded (results kept alive only through one sink variable so escape
// analysis cannot remove the allocations), and used_heap_size is read again: the difference is
// exactly what was allocated. A PerformanceObserver proves no GC ran inside the window (the run
// is retried with fewer packets if one did). The packet objects are built before the window.
// Calibration rows (an empty loop; a loop allocating a 3-property object literal) validate the
// method. Buffer memory outside the JS heap is reported separately (process.memoryUsage()
// arrayBuffers). Prints one JSON line.
const v8 = require('v8');
const { performance, PerformanceObserver } = require('perf_hooks');
const { load, rawAt } = require('../lib/pcapfile');

const [modulePath, file, nArg] = process.argv.slice(2);
if (typeof global.gc !== 'function') {
  console.error('run with --expose-gc');
  process.exit(2);
}
const decode = require(modulePath).decode.packet;

// First N Ethernet/IPv4/TCP packets of the file.
const N = Number(nArg || 50000);
const f = load(file, N * 3);
const raws = [];
let withData = 0;
for (let i = 0; i < f.count && raws.length < N; i++) {
  const o = f.offsets[i] + 16;
  if (f.buf.readUInt16BE(o + 12) === 0x0800 && f.buf[o + 23] === 6) {
    const r = rawAt(f, i);
    raws.push(r);
    const ihl = (f.buf[o + 14] & 15) * 4;
    const total = f.buf.readUInt16BE(o + 16);
    const thl = (f.buf[o + 14 + ihl + 12] >> 4) * 4;
    if (total - ihl - thl > 0) withData++;
  }
}

const gcStarts = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcStarts.push(e.startTime);
});
obs.observe({ entryTypes: ['gc'] });

let sink;
function window(fn, items) {
  global.gc();
  global.gc();
  const m0 = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const h0 = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < items.length; i++) sink = fn(items[i]);
  const h1 = v8.getHeapStatistics().used_heap_size;
  const t1 = performance.now();
  const m1 = process.memoryUsage().arrayBuffers;
  return { heap: (h1 - h0) / items.length, external: (m1 - m0) / items.length, t0, t1 };
}

const nums = Array.from({ length: raws.length }, (_, i) => i);
const noop = (x) => x;
const obj3 = (x) => ({ a: x, b: x, c: x });

async function main() {
  // Warm up: get everything optimized before measuring.
  for (let k = 0; k < 3; k++) {
    window(decode, raws);
    window(noop, nums);
    window(obj3, nums);
  }
  const runs = { decode: [], noop: [], obj3: [] };
  const windows = [];
  for (let k = 0; k < 5; k++) {
    for (const [name, fn, items] of [['decode', decode, raws], ['noop', noop, nums], ['obj3', obj3, nums]]) {
      const w = window(fn, items);
      runs[name].push(w);
      windows.push(w);
    }
  }
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
  // A GC inside a window invalidates it (forced GCs happen before t0).
  const dirty = (w) => gcStarts.some((s) => s > w.t0 && s < w.t1);
  const med = (ws, key) => {
    const xs = ws.filter((w) => !dirty(w)).map((w) => w[key]).sort((a, b) => a - b);
    return xs.length ? xs[xs.length >> 1] : null;
  };
  const out = {
    packets: raws.length,
    withData,
    validWindows: windows.filter((w) => !dirty(w)).length,
    totalWindows: windows.length,
    bytesPerPacket: med(runs.decode, 'heap'),
    externalPerPacket: med(runs.decode, 'external'),
    calibration: { noop: med(runs.noop, 'heap'), object3: med(runs.obj3, 'heap') },
    sink: sink ? 1 : 0,
  };
  obs.disconnect();
  console.log(JSON.stringify(out));
}
main();
