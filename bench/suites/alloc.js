'use strict';
// Bytes allocated on the JS heap per decode.packet of an Ethernet/IPv4/TCP packet
// (bench/workers/alloc.js explains the method: a young generation big enough that no GC runs
// while N packets are decoded, used_heap_size before/after, calibrated).

const path = require('path');
const { run, lastJson } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { WORKERS } = require('../lib/env');

const SEMI_MB = 512;
const PACKETS = 50000;

module.exports = async function alloc(ctx) {
  const { file } = ctx.data();
  const ours = ctx.ours();
  const base = ctx.baseline();
  const worker = path.join(WORKERS, 'alloc.js');
  const res = {};
  const errors = {};
  for (const [key, st] of [['ours', ours], ['node_pcap', base]]) {
    if (!st.ok) continue;
    let n = PACKETS;
    for (let attempt = 0; attempt < 3; attempt++, n >>= 1) {
      const out = await run(process.execPath, ['--expose-gc', `--min-semi-space-size=${SEMI_MB}`, `--max-semi-space-size=${SEMI_MB}`, worker, st.modulePath, file, String(n)]);
      const j = lastJson(out.stdout);
      if (out.code !== 0 || !j) {
        errors[key] = `exit ${out.code}: ${(out.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        break;
      }
      if (j.bytesPerPacket === null) {
        errors[key] = `a GC ran inside every window even with ${n} packets`;
        continue; // fewer packets
      }
      delete errors[key];
      res[key] = j;
      break;
    }
  }
  const d = (k) => (res[k] ? `${k} ${fmtNum(res[k].bytesPerPacket)} B heap + ${fmtNum(res[k].externalPerPacket)} B external over ${res[k].packets} packets (${res[k].withData} with payload), ${res[k].validWindows}/${res[k].totalWindows} GC-free windows` : `${k}: ${errors[k] || 'not run'}`);
  const cal = res.ours || res.node_pcap;
  // The method must measure an empty loop as 0 B and a three-field literal as 48 B; a row from a
  // measurement that does not is no result at all.
  const calOff = cal && (Math.abs(cal.calibration.noop) > 4 || Math.abs(cal.calibration.object3 - 48) > 4)
    ? `the measurement is off: its calibration gave ${fmtNum(cal.calibration.noop)} B and ${fmtNum(cal.calibration.object3)} B where 0 and 48 are expected`
    : undefined;
  return [row({
    name: 'heap allocated per Eth/IPv4/TCP decode.packet (bytes)',
    ours: res.ours ? res.ours.bytesPerPacket : NaN, baseline: res.node_pcap ? res.node_pcap.bytesPerPacket : undefined, unit: 'B',
    kind: 'abs-max', target: 300,
    skip: !ours.ok ? ours.reason : errors.ours || calOff,
    note: `${d('ours')}; ${d('node_pcap')}` + (cal ? `; calibration: empty loop ${fmtNum(cal.calibration.noop)} B, {a,b,c} literal ${fmtNum(cal.calibration.object3)} B (expected 0 and 48)` : ''),
  })];
};
