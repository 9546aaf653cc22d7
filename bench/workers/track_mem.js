'use strict';
// TCPTracker.track_packet on packets decoded beforehand:
//   node bench/workers/track_mem.js MODULE FILE [LIMIT]
// The file is loaded, then decoded CHUNK packets at a time with MODULE's own decode.packet
// (untimed: the decode suite measures that), and only the track_packet calls on each chunk are
// timed. The chunks are small: each scavenge during the timed calls copies the chunk's packets,
// still young, and with 65,536 of them that copying doubled the time measured. This library's
// layers decode lazily, so its figure includes decoding what the tracker reads (node_pcap's
// decoder did all of it before). A first pass over WARM packets, on a tracker of its own, warms
// the JIT and is not counted.
// node_pcap 3.1.0's tracker does less work than this library's: IPv4 only, no reassembly or
// reordering, and its sessions are never removed. The figure is what each costs a program that
// feeds it every packet, as node_pcap's examples do.
// Prints {"packets", "secs", "pps", "sessions"}.
const { load, rawAt } = require('../lib/pcapfile');

const [modulePath, file, limitArg] = process.argv.slice(2);
const pcap = require(modulePath);
const f = load(file, limitArg ? Number(limitArg) : Infinity);
const CHUNK = 1024;
const WARM = Math.min(f.count, 200000);

let sessions = 0;
function pass(to) {
  const tracker = new pcap.TCPTracker();
  tracker.on('session', () => sessions++);
  const decoded = new Array(CHUNK);
  let secs = 0;
  for (let from = 0; from < to; from += CHUNK) {
    const n = Math.min(CHUNK, to - from);
    for (let i = 0; i < n; i++) decoded[i] = pcap.decode.packet(rawAt(f, from + i));
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) tracker.track_packet(decoded[i]);
    secs += Number(process.hrtime.bigint() - t) / 1e9;
  }
  return secs;
}

pass(WARM);
sessions = 0;
const secs = pass(f.count);
console.log(JSON.stringify({ packets: f.count, secs, pps: f.count / secs, sessions }));
