'use strict';
// decode.packet on working sets of different sizes, to tell decoding work from memory latency:
//   node --expose-gc --max-old-space-size=8192 bench/workers/decode_working_set.js MODULE FILE N
// Loads the first N packets as {buf, header, link_type} views (as decode_mem.js does), then
// decodes them over and over, about 2 million decodes in all, after three untimed passes.
// With N = 1,000 or 10,000 the packets and the harness's objects stay in the CPU caches; with
// 100,000 and more they come from memory on every pass. MODULE may also be a file exporting
// decode.packet(raw) that only reads a few bytes, to measure the harness's own memory cost.
// Prints {"packets", "passes", "nsPerPacket"}.
const path = require('path');
const { load, rawAt } = require('../lib/pcapfile');

const [modulePath, file, nArg] = process.argv.slice(2);
const decodePacket = require(path.resolve(modulePath)).decode.packet; // relative to the current folder
const f = load(file, Number(nArg));
const raws = [];
for (let i = 0; i < f.count; i++) raws.push(rawAt(f, i));
if (global.gc) global.gc();

let sink;
function pass() {
  for (let i = 0; i < raws.length; i++) sink = decodePacket(raws[i]);
}
const passes = Math.max(1, Math.round(2e6 / raws.length));
for (let r = 0; r < Math.min(passes, 3); r++) pass();
const t = process.hrtime.bigint();
for (let r = 0; r < passes; r++) pass();
const ns = Number(process.hrtime.bigint() - t) / (passes * raws.length);
console.log(JSON.stringify({ packets: raws.length, passes, nsPerPacket: Number(ns.toFixed(1)), sink: sink ? 1 : 0 }));
