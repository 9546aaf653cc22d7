'use strict';
// Offline read, counting packets in a 'packet' handler. Three whole processes on the same file:
//   ours:      node bench/workers/count.js <repo> FILE
//   node_pcap: node bench/workers/count.js bench/baseline/node_modules/pcap FILE
//   C:         bench/data/count FILE (pcap_next_ex loop)
// Wall time from spawn to exit; runs interleaved (order rotates each round); the best run is
// reported (--stat median for the median), both are in the notes. CPU seconds (user+sys, as
// the process reports them) are in the notes too.

const path = require('path');
const { run, lastJson, median, pickTime } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { WORKERS } = require('../lib/env');

module.exports = async function offline(ctx) {
  const { file, meta } = ctx.data();
  const ours = ctx.ours();
  const base = ctx.baseline();
  const c = ctx.cLoop();
  const worker = path.join(WORKERS, 'count.js');
  const contenders = [];
  if (ours.ok) contenders.push({ key: 'ours', cmd: process.execPath, args: [worker, ours.modulePath, file], parse: (o) => lastJson(o).packets, cpu: (o) => lastJson(o).cpu });
  if (base.ok) contenders.push({ key: 'node_pcap', cmd: process.execPath, args: [worker, base.modulePath, file], parse: (o) => lastJson(o).packets, cpu: (o) => lastJson(o).cpu });
  if (c.ok) contenders.push({ key: 'c', cmd: c.bin, args: [file], parse: (o) => Number(o.trim().split(/\s+/)[0]), cpu: (o) => Number(o.trim().split(/\s+/)[2]) });

  // Warm the page cache so no contender pays for the disk.
  if (c.ok) await run(c.bin, [file]);
  else require('fs').readFileSync(file);

  // Bare Node start-up, for reading the whole-process figures.
  const boot = [];
  for (let r = 0; r < 3; r++) boot.push((await run(process.execPath, ['-e', '0'])).wall);

  const walls = { ours: [], node_pcap: [], c: [] };
  const cpus = { ours: [], node_pcap: [], c: [] };
  const errors = {};
  for (let r = 0; r < ctx.opts.runs; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const x = contenders[(k + r) % contenders.length];
      const res = await run(x.cmd, x.args);
      let n = NaN;
      try {
        n = x.parse(res.stdout);
      } catch (e) {
        // below
      }
      if (res.code !== 0 || n !== meta.packets) {
        errors[x.key] = `exit ${res.code}, counted ${n} of ${meta.packets}: ${(res.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        ctx.log(`  ${x.key} run failed: ${errors[x.key]}`);
        continue;
      }
      walls[x.key].push(res.wall);
      cpus[x.key].push(x.cpu(res.stdout));
    }
    ctx.log(`  offline round ${r + 1}/${ctx.opts.runs}: ` + contenders.map((x) => `${x.key} ${fmtNum(walls[x.key][walls[x.key].length - 1])} s`).join(', '));
  }
  const stat = ctx.opts.stat;
  const pps = (k) => (walls[k].length ? meta.packets / pickTime(walls[k], stat) : NaN);
  const detail = (k) => (walls[k].length ? `${k} best ${Math.min(...walls[k]).toFixed(3)} s, median ${median(walls[k]).toFixed(3)} s, CPU median ${median(cpus[k]).toFixed(3)} s` : `${k}: ${errors[k] || 'not run'}`);
  const oursSkip = !ours.ok ? ours.reason : !walls.ours.length ? errors.ours : undefined;
  const failures = walls.ours.length ? errors.ours : undefined;
  const rows = [];
  const label = `${stat} of ${ctx.opts.runs}`;
  rows.push(row({
    name: `offline count, whole process vs node_pcap (pkt/s, ${label})`,
    ours: pps('ours'), baseline: base.ok ? pps('node_pcap') : undefined, unit: 'pkt/s',
    kind: 'ratio-min', target: 2.0, failures,
    skip: oursSkip || (!base.ok ? base.reason : !walls.node_pcap.length ? errors.node_pcap : undefined),
    note: `${detail('ours')}; ${detail('node_pcap')}`,
  }));
  rows.push(row({
    name: `offline count, whole process vs C pcap_next_ex (pkt/s, ${label})`,
    ours: pps('ours'), baseline: c.ok ? pps('c') : undefined, unit: 'pkt/s',
    kind: 'ratio-min', target: 0.9, failures,
    skip: oursSkip || (!c.ok ? c.reason : !walls.c.length ? errors.c : undefined),
    note: `${detail('c')}; for scale: \`node -e 0\` takes ${(median(boot) * 1000).toFixed(0)} ms`,
  }));
  // Baseline figures even when ours cannot run yet.
  if (oursSkip && base.ok && c.ok) {
    rows.push(row({ name: 'offline count: node_pcap vs C loop (baselines only)', ours: pps('node_pcap'), baseline: pps('c'), unit: 'pkt/s', note: 'ours column = node_pcap here' }));
  }
  return rows;
};
