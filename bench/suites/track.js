'use strict';
// TCP tracking: TCPTracker.track_packet on every packet of the capture, ours vs node_pcap 3.1.0,
// packets decoded beforehand by each library's own decoder (bench/workers/track_mem.js). Each
// run in its own process, interleaved; best of the runs (or --stat median). node_pcap's tracker
// does less (IPv4 only, no reassembly, sessions never removed): the ratio is informational.

const path = require('path');
const { run, lastJson, pickRate } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { WORKERS } = require('../lib/env');

module.exports = async function track(ctx) {
  const { file, meta } = ctx.data();
  const impls = [['ours', ctx.ours()], ['node_pcap', ctx.baseline()]].filter(([, st]) => st.ok);
  const runs = Math.max(1, Math.min(ctx.opts.runs, 3));
  const got = { ours: [], node_pcap: [] };
  const errors = {};
  const sessions = {};
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < impls.length; k++) {
      const [key, st] = impls[(k + r) % impls.length];
      const out = await run(process.execPath, ['--max-old-space-size=8192', path.join(WORKERS, 'track_mem.js'), st.modulePath, file]);
      const j = lastJson(out.stdout);
      if (out.code !== 0 || !j || j.packets !== meta.packets) {
        errors[key] = `exit ${out.code}: ${(out.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        ctx.log(`  ${key} run failed: ${errors[key]}`);
        continue;
      }
      got[key].push(j.pps);
      sessions[key] = j.sessions;
    }
  }
  ctx.log('  track_packet: ' + impls.map(([k]) => `${k} ${got[k].map((x) => fmtNum(x)).join(' / ')}`).join(', '));
  return [row({
    name: `TCPTracker.track_packet on every packet, decoded beforehand (pkt/s, ${ctx.opts.stat} of ${runs})`,
    ours: got.ours.length ? pickRate(got.ours, ctx.opts.stat) : undefined,
    baseline: got.node_pcap.length ? pickRate(got.node_pcap, ctx.opts.stat) : undefined,
    unit: 'pkt/s',
    skip: !got.ours.length ? errors.ours || ctx.ours().reason : undefined,
    failures: got.ours.length ? errors.ours : undefined,
    note: `sessions opened: ours ${sessions.ours} (IPv4 and IPv6, ended ones removed), node_pcap ${sessions.node_pcap} (IPv4 only)`,
  })];
};
