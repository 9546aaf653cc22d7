'use strict';
// TCP tracking: TCPTracker.track_packet on every packet of the capture, ours vs node_pcap 3.1.0,
// packets decoded beforehand by each library's own decoder (bench/workers/track_mem.js). Each
// run in its own process, interleaved; best of the runs (or --stat median). node_pcap's tracker
// does less (IPv4 only, no reassembly, sessions never removed): the ratio is informational.

const path = require('path');
const { interleaved, pickRate } = require('../lib/proc');
const { row } = require('../lib/report');
const { WORKERS } = require('../lib/env');

module.exports = async function track(ctx) {
  const { file, meta } = ctx.data();
  const impls = [['ours', ctx.ours()], ['node_pcap', ctx.baseline()]].filter(([, st]) => st.ok);
  const runs = Math.max(1, Math.min(ctx.opts.runs, 3));
  const args = (st) => ['--max-old-space-size=8192', path.join(WORKERS, 'track_mem.js'), st.modulePath, file];
  const { got, extra, errors } = await interleaved(ctx, impls, runs, 'track_packet', args, (j) => (j.packets === meta.packets ? j.pps : NaN));
  const sessions = (k) => (extra[k] ? extra[k].sessions : '-');
  return [row({
    name: `TCPTracker.track_packet on every packet, decoded beforehand (pkt/s, ${ctx.opts.stat} of ${runs})`,
    ours: got.ours.length ? pickRate(got.ours, ctx.opts.stat) : undefined,
    baseline: got.node_pcap && got.node_pcap.length ? pickRate(got.node_pcap, ctx.opts.stat) : undefined,
    unit: 'pkt/s',
    skip: !got.ours.length ? errors.ours || ctx.ours().reason : undefined,
    failures: got.ours.length ? errors.ours : undefined,
    note: `sessions opened: ours ${sessions('ours')} (IPv4 and IPv6, ended ones removed), node_pcap ${sessions('node_pcap')} (IPv4 only)`,
  })];
};
