'use strict';
// Event-loop lag during the offline read: a 1 ms setInterval runs while the whole file is read
// (bench/workers/lag.js); lag = gap between ticks - 1 ms. Worst of the runs is reported.

const path = require('path');
const { run, lastJson } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { WORKERS } = require('../lib/env');

module.exports = async function lag(ctx) {
  const { file, meta } = ctx.data();
  const ours = ctx.ours();
  const base = ctx.baseline();
  const worker = path.join(WORKERS, 'lag.js');
  const res = { ours: [], node_pcap: [] };
  const errors = {};
  const runs = Math.max(1, Math.min(ctx.opts.runs, 3));
  for (let r = 0; r < runs; r++) {
    for (const [key, st] of [['ours', ours], ['node_pcap', base]]) {
      if (!st.ok) continue;
      const out = await run(process.execPath, [worker, st.modulePath, file]);
      const j = lastJson(out.stdout);
      if (out.code !== 0 || !j || j.packets !== meta.packets) {
        errors[key] = `exit ${out.code}: ${(out.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        ctx.log(`  ${key} run failed: ${errors[key]}`);
        continue;
      }
      res[key].push(j);
    }
  }
  const worst = (k) => (res[k].length ? Math.max(...res[k].map((j) => j.maxLagMs)) : NaN);
  const detail = (k) => {
    if (!res[k].length) return `${k}: ${errors[k] || 'not run'}`;
    const j = res[k].reduce((a, b) => (a.maxLagMs >= b.maxLagMs ? a : b));
    return `${k}: ${j.ticks} ticks in ${j.secs.toFixed(2)} s, p99 ${fmtNum(j.p99LagMs)} ms`;
  };
  return [row({
    name: `event-loop lag during ${fmtNum(meta.packets)}-packet offline read (max ms, worst of ${runs})`,
    ours: worst('ours'), baseline: base.ok && res.node_pcap.length ? worst('node_pcap') : undefined, unit: 'ms',
    kind: 'abs-lt', target: 50,
    skip: !ours.ok ? ours.reason : !res.ours.length ? errors.ours : undefined,
    failures: res.ours.length ? errors.ours : undefined,
    note: `${detail('ours')}; ${detail('node_pcap')}`,
  })];
};
