'use strict';
// Event-loop lag during an offline read: node bench/workers/lag.js MODULE FILE
// A 1 ms setInterval runs for the whole read; lag = time between two ticks minus 1 ms.
// Prints {"packets", "secs", "ticks", "maxLagMs", "p99LagMs"}.
const { performance } = require('perf_hooks');
const [modulePath, file] = process.argv.slice(2);
const pcap = require(modulePath);

const gaps = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  gaps.push(now - last - 1);
  last = now;
}, 1);

// Let the interval settle for a few ticks, then start reading.
setTimeout(() => {
  gaps.length = 0;
  last = performance.now();
  const t0 = performance.now();
  let n = 0;
  const session = pcap.createOfflineSession(file, {});
  session.on('packet', () => n++);
  session.on('error', (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
  session.once('complete', () => {
    // One more tick so a read that blocked until 'complete' is counted.
    setTimeout(() => {
      clearInterval(timer);
      const secs = (performance.now() - t0) / 1000;
      const sorted = gaps.slice().sort((a, b) => a - b);
      const maxLagMs = sorted.length ? sorted[sorted.length - 1] : NaN;
      const p99LagMs = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : NaN;
      console.log(JSON.stringify({ packets: n, secs, ticks: gaps.length, maxLagMs, p99LagMs }));
    }, 1);
  });
}, 50);
