'use strict';
// Printing every packet: `node examples/simple_capture.js -r FILE > /dev/null` vs
// `tcpdump -nr FILE > /dev/null`. Whole processes, interleaved, best run (or --stat median); one extra untimed run of
// ours with stdout piped checks that it printed one line per packet.

const { spawn } = require('child_process');
const { run, median, pickTime, track } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { which, simpleCapture } = require('../lib/env');

function countLines(cmd, args) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }));
    let lines = 0;
    child.stdout.on('data', (d) => {
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
    });
    child.on('close', (code) => resolve({ code, lines }));
  });
}

module.exports = async function print(ctx) {
  const { file, meta } = ctx.data();
  const ours = ctx.ours();
  const sc = simpleCapture();
  const tcpdump = which('tcpdump');
  const name = `simple_capture -r vs tcpdump -nr, stdout /dev/null (pkt/s, ${ctx.opts.stat} of ${Math.max(1, Math.min(ctx.opts.runs, 3))})`;
  const skip = !ours.ok ? ours.reason : !sc.ok ? sc.reason : !tcpdump ? 'tcpdump not found (apt-get install -y tcpdump)' : null;
  if (skip) return [row({ name, kind: 'ratio-min', target: 2, skip, note: skip })];

  const runs = Math.max(1, Math.min(ctx.opts.runs, 3));
  const check = await countLines(process.execPath, [sc.file, '-r', file]);
  const contenders = [
    ['ours', process.execPath, [sc.file, '-r', file]],
    ['tcpdump', tcpdump, ['-nr', file]],
  ];
  const walls = { ours: [], tcpdump: [] };
  const errors = {};
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const [key, cmd, args] = contenders[(k + r) % contenders.length];
      const out = await run(cmd, args, { stdout: 'ignore' });
      if (out.code !== 0) {
        errors[key] = `exit ${out.code}: ${(out.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        ctx.log(`  ${key} run failed: ${errors[key]}`);
        continue;
      }
      walls[key].push(out.wall);
    }
    ctx.log(`  print round ${r + 1}/${runs}: ours ${fmtNum(walls.ours[walls.ours.length - 1])} s, tcpdump ${fmtNum(walls.tcpdump[walls.tcpdump.length - 1])} s`);
  }
  const pps = (k) => (walls[k].length ? meta.packets / pickTime(walls[k], ctx.opts.stat) : NaN);
  // One line per packet, plus a few header/summary lines.
  const checkOk = check.code === 0 && check.lines >= meta.packets && check.lines <= meta.packets + 10;
  const lineNote = `ours printed ${check.lines} lines for ${meta.packets} packets (exit ${check.code})`;
  if (!checkOk) errors.ours = (errors.ours ? errors.ours + '; ' : '') + `line check: ${lineNote}`;
  return [row({
    name,
    ours: pps('ours'), baseline: walls.tcpdump.length ? pps('tcpdump') : undefined, unit: 'pkt/s',
    kind: 'ratio-min', target: 2,
    skip: (!walls.ours.length ? errors.ours : undefined) || (!walls.tcpdump.length ? errors.tcpdump : undefined),
    failures: walls.ours.length ? errors.ours : undefined,
    note: `${lineNote}; ours best ${Math.min(...walls.ours).toFixed(2)} s, median ${median(walls.ours).toFixed(2)} s; tcpdump best ${Math.min(...walls.tcpdump).toFixed(2)} s, median ${median(walls.tcpdump).toFixed(2)} s`,
  })];
};
