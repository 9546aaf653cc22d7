'use strict';
// decode.packet on packets already in memory:
//   node bench/workers/decode_mem.js MODULE FILE [decode|touch] [LIMIT]
// The file is loaded and indexed first, and every packet is turned into a {buf, header, link_type}
// object (views into the loaded file), all untimed; then a full garbage collection moves those
// objects out of the young generation, so that the timed loop pays for the garbage the decoder
// makes and not for copying the harness's own objects (which, made chunk by chunk right before
// the clock started, would otherwise dominate every scavenge). A first pass over WARM packets
// warms the JIT and is not counted. Run with --expose-gc (bench/suites/decode.js does).
// The full collection comes before the warm-up pass, never between it and the timed pass: it
// would collect the maps of the warm-up's (all dead) layer objects and with them throw away the
// optimized code that embeds those maps ("marking dependent code ... reason: weak objects" under
// --trace-deopt), so the timed pass would begin by compiling everything again. Measured that way,
// the timed pass's first 131,072 packets took 84-128 ms and each later 131,072 took 20-35 ms.
// Mode 'touch' also reads the fields most programs read after decoding (addresses, ports, TCP
// sequence numbers and flags, payload length) so lazy and eager decoders can be compared on the
// same amount of user-visible work.
// Prints {"packets", "secs", "pps", "check"}; check counts decoded layers on the first packets so
// two decoders that do different amounts of work can be told apart.
const { load, rawAt } = require('../lib/pcapfile');

const [modulePath, file, mode = 'decode', limitArg] = process.argv.slice(2);
const decodePacket = require(modulePath).decode.packet;

let acc = 0;
function touch(p) {
  const l2 = p.payload;
  if (!l2) return p;
  const l3 = l2.payload;
  if (!l3) return p;
  if (l3.saddr !== undefined) {
    acc += String(l3.saddr).length + String(l3.daddr).length + (l3.ttl | 0) + (l3.hopLimit | 0);
    const l4 = l3.payload;
    if (l4 && l4.sport !== undefined) {
      acc += l4.sport + l4.dport;
      if (l4.seqno !== undefined) acc += (l4.seqno & 1) + (l4.ackno & 1) + (l4.flags && l4.flags.syn ? 1 : 0) + (l4.dataLength | 0);
      else acc += l4.length | 0;
    }
  } else if (l3.sender_pa !== undefined) {
    acc += String(l3.sender_pa).length + String(l3.target_pa).length;
  }
  return p;
}
const decode = mode === 'touch' ? (raw) => touch(decodePacket(raw)) : decodePacket;
const f = load(file, limitArg ? Number(limitArg) : Infinity);
const WARM = Math.min(f.count, 200000);

let sink;
const raws = new Array(f.count);
for (let i = 0; i < f.count; i++) raws[i] = rawAt(f, i);
function pass(from, to) {
  const t = process.hrtime.bigint();
  for (let i = from; i < to; i++) sink = decode(raws[i]);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

if (global.gc) global.gc();
pass(0, WARM);
const secs = pass(0, f.count);

// Layers decoded on the first packets: link, network (saddr), transport (sport), app payload.
const check = { packets: 0, net: 0, transport: 0, app: 0 };
for (let i = 0; i < Math.min(f.count, 20000); i++) {
  const p = decode(rawAt(f, i));
  check.packets++;
  const l2 = p && p.payload;
  const l3 = l2 && l2.payload;
  const l4 = l3 && l3.payload;
  if (l3 && (l3.saddr !== undefined || l3.sender_pa !== undefined)) check.net++;
  if (l4 && l4.sport !== undefined) check.transport++;
  if (l4 && l4.payload && typeof l4.payload === 'object' && !Buffer.isBuffer(l4.payload)) check.app++;
}
console.log(JSON.stringify({ mode, packets: f.count, secs, pps: f.count / secs, check, sink: sink ? 1 : 0, acc }));
