#!/usr/bin/env node
'use strict';
// pcap benchmarks: `npm run bench` or `node bench/run.js [suite ...] [options]`.
// Suites: offline lag decode alloc live print track (default: all). See bench/README.md.
// Every figure is printed next to a baseline measured in the same run, as a ratio.

const os = require('os');
const fs = require('fs');
const env = require('./lib/env');
const { table } = require('./lib/report');
const { cleanupNow } = require('./lib/proc');

const SUITES = {
  offline: require('./suites/offline'),
  lag: require('./suites/lag'),
  decode: require('./suites/decode'),
  alloc: require('./suites/alloc'),
  live: require('./suites/live'),
  print: require('./suites/print'),
  track: require('./suites/track'),
};

const USAGE = `usage: node bench/run.js [${Object.keys(SUITES).join('|')} ...] [options]
  --runs N          repetitions per measurement (default 5; lag/decode/live/print use at most 3)
  --stat S          best|median: which run the throughput rows report (default best)
  --packets N       packets in the generated capture (default 2000000)
  --seed S          generator seed (default 1)
  --live-buffer MB  kernel buffer for both live captures (default 10, node_pcap's default)
  --install-tools   apt-get install tcpreplay if it is missing
  --ours DIR        measure our library from another checkout (e.g. a git worktree of an older
                    commit, for before/after figures); default: this repository
  --json FILE       also write the rows as JSON`;

function parseArgs(argv) {
  const opts = { suites: [], stat: 'best', runs: 5, packets: 2000000, seed: 1, liveBufferMb: 10, installTools: false, json: null, oursDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (SUITES[a]) opts.suites.push(a);
    else if (a === '--runs') opts.runs = Math.round(num());
    else if (a === '--packets') opts.packets = Math.round(num());
    else if (a === '--stat') {
      opts.stat = argv[++i];
      if (opts.stat !== 'best' && opts.stat !== 'median') throw new Error('--stat is best or median');
    }
    else if (a === '--seed') opts.seed = Math.round(num());
    else if (a === '--live-buffer') opts.liveBufferMb = num();
    else if (a === '--install-tools') opts.installTools = true;
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--ours') opts.oursDir = require('path').resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!opts.suites.length) opts.suites = Object.keys(SUITES);
  return opts;
}

function memo(fn) {
  let v;
  let done = false;
  return () => {
    if (!done) {
      v = fn();
      done = true;
    }
    return v;
  };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const log = (m) => console.log(m);
  const ctx = {
    opts,
    log,
    data: memo(() => env.data(opts, log)),
    ours: memo(() => {
      const st = env.ours(opts.oursDir);
      if (!st.ok) log(`SKIP ours: ${st.reason}`);
      return st;
    }),
    baseline: memo(() => {
      const st = env.baseline(log);
      if (!st.ok) log(`SKIP node_pcap baseline: ${st.reason}`);
      return st;
    }),
    cLoop: memo(() => {
      const st = env.cLoop(log);
      if (!st.ok) log(`SKIP C loop baseline: ${st.reason}`);
      return st;
    }),
  };

  const cpu = os.cpus();
  log(`pcap benchmarks — node ${process.version}, ${cpu.length} × ${cpu[0] ? cpu[0].model.trim() : 'cpu'}, ${os.release()}`);
  const { file, meta } = ctx.data();
  log(`capture: ${file} — ${meta.packets} packets, avg frame ${meta.avgFrame.toFixed(0)} B, ${(meta.fileSize / 1e6).toFixed(0)} MB`);
  log(`suites: ${opts.suites.join(' ')}, runs ${opts.runs}, throughput rows report the ${opts.stat} run; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const rows = [];
  for (const name of opts.suites) {
    log(`\n== ${name}`);
    const t0 = Date.now();
    try {
      const got = await SUITES[name](ctx);
      rows.push(...got);
      for (const r of got) log(`  ${r.name}: ours ${r.oursText}, baseline ${r.baseText}, ratio ${r.ratioText}, target ${r.targetText} ${r.result}`);
    } catch (e) {
      log(`  ${name} failed: ${e && e.stack ? e.stack : e}`);
      rows.push(require('./lib/report').row({ name: `${name} (suite error)`, skip: String(e && e.message), note: String(e && e.message) }));
    }
    log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  cleanupNow();

  log('\n' + table(rows));
  const fails = rows.filter((r) => r.pass === false).length;
  const skips = rows.filter((r) => r.skip).length;
  log(`\n${rows.filter((r) => r.pass === true).length} pass, ${fails} fail, ${skips} skipped`);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ date: new Date().toISOString(), node: process.version, capture: meta, opts, rows }, null, 2) + '\n');
}

main();
