'use strict';
// Everything the benchmarks need besides our library: the generated capture, node_pcap 3.1.0 in
// bench/baseline/, the C read loop, and the external tools. Each ensure*() returns
// {ok, ..., reason} and never throws, so a missing piece turns into a skip line, not a crash.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const generate = require('../generate');

const BENCH = path.resolve(__dirname, '..');
const ROOT = path.resolve(BENCH, '..');
const DATA = path.join(BENCH, 'data');
const BASELINE = path.join(BENCH, 'baseline');
const BASELINE_PCAP = path.join(BASELINE, 'node_modules', 'pcap');
const WORKERS = path.join(BENCH, 'workers');

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch (e) {
      // next
    }
  }
  return null;
}

function tail(text, lines = 6) {
  return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

/** Checks in a child process that `modulePath` loads and has the named functions. */
function probeModule(modulePath, fns) {
  const code = `const m = require(${JSON.stringify(modulePath)});
    for (const f of ${JSON.stringify(fns)}) {
      const v = f.split('.').reduce((o, k) => (o == null ? o : o[k]), m);
      if (typeof v !== 'function') { console.error('missing ' + f); process.exit(3); }
    }`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60000 });
  if (r.status === 0) return { ok: true };
  const msg = String(r.stderr || '').split('\n').find((l) => /Error|missing|Cannot/.test(l)) || tail(r.stderr, 1) || `exit ${r.status}`;
  return { ok: false, reason: msg.trim() };
}

/**
 * Our library, loaded from the repository root (or another checkout: --ours DIR). Beyond loading, it must read a small generated
 * capture to the end (the native addon loads lazily) and decode its packets.
 */
function ours(dir = ROOT) {
  const res = { modulePath: dir };
  let st = probeModule(dir, ['createOfflineSession', 'createSession', 'decode.packet']);
  if (!st.ok) return { ...res, ok: false, reason: `our library does not load yet (${st.reason})` };
  const probe = generate.ensure({ packets: 100, seed: 1, out: path.join(DATA, 'probe-100.pcap') });
  const code = `const p = require(${JSON.stringify(dir)}); let n = 0;
    const s = p.createOfflineSession(${JSON.stringify(probe.file)}, {});
    s.on('packet', (r) => { p.decode.packet(r); n++; });
    s.on('error', (e) => { console.error(e.message); process.exit(4); });
    s.on('complete', () => { if (n !== ${probe.meta.packets}) { console.error('read ' + n + ' of ${probe.meta.packets} packets'); process.exit(5); } });`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) {
    st = { ok: false, reason: String(r.stderr || '').split('\n').find((l) => /Error|ERR_|read |ASan/.test(l)) || tail(r.stderr, 1) || `exit ${r.status}` };
    return { ...res, ok: false, reason: `our library cannot read a capture yet (${st.reason.trim()})` };
  }
  return { ...res, ok: true };
}

/** node_pcap 3.1.0 from npm in bench/baseline/, installed on first use. */
function baseline(log) {
  const res = { modulePath: BASELINE_PCAP };
  let st = probeModule(BASELINE_PCAP, ['createOfflineSession', 'decode.packet']);
  if (st.ok) return { ...res, ok: true };
  if (!which('npm')) return { ...res, ok: false, reason: 'node_pcap 3.1.0 not installed and npm not found' };
  log(`installing node_pcap 3.1.0 into ${path.relative(ROOT, BASELINE)}/ (npm install pcap@3.1.0, built with node-gyp) ...`);
  fs.mkdirSync(BASELINE, { recursive: true });
  const pkg = path.join(BASELINE, 'package.json');
  if (!fs.existsSync(pkg)) {
    fs.writeFileSync(pkg, JSON.stringify({ name: 'pcap-bench-baseline', private: true, description: 'node_pcap 3.1.0 for bench/ (generated)' }, null, 2) + '\n');
  }
  // node-gyp cannot download Node's headers here; point it at the installed ones.
  const env = { ...process.env };
  const nodedir = ['/usr', path.resolve(process.execPath, '../..')].find((d) => fs.existsSync(path.join(d, 'include', 'node', 'node.h')));
  if (nodedir && !env.npm_config_nodedir) env.npm_config_nodedir = nodedir;
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', 'pcap@3.1.0'], { cwd: BASELINE, env, encoding: 'utf8', timeout: 600000 });
  st = probeModule(BASELINE_PCAP, ['createOfflineSession', 'decode.packet']);
  if (!st.ok && fs.existsSync(path.join(BASELINE_PCAP, 'binding.gyp'))) {
    // npm may have skipped the install script (allowScripts policies): build it ourselves.
    const gyp = path.join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    const args = fs.existsSync(gyp) ? [gyp, 'rebuild'] : null;
    if (args) {
      if (nodedir) args.push(`--nodedir=${nodedir}`);
      const g = spawnSync(process.execPath, args, { cwd: BASELINE_PCAP, env, encoding: 'utf8', timeout: 600000 });
      st = probeModule(BASELINE_PCAP, ['createOfflineSession', 'decode.packet']);
      if (!st.ok) return { ...res, ok: false, reason: `node_pcap 3.1.0 build failed: ${tail(g.stderr, 2)}` };
    }
  }
  if (!st.ok) {
    return { ...res, ok: false, reason: `could not install node_pcap 3.1.0 (npm exit ${r.status}): ${tail(r.stderr || r.stdout, 2) || st.reason}` };
  }
  log('node_pcap 3.1.0 installed');
  return { ...res, ok: true };
}

/** The C pcap_next_ex loop, compiled into bench/data/ when missing or older than its source. */
function cLoop(log) {
  const src = path.join(BENCH, 'c', 'count.c');
  const bin = path.join(DATA, 'count');
  try {
    if (fs.statSync(bin).mtimeMs >= fs.statSync(src).mtimeMs) return { ok: true, bin };
  } catch (e) {
    // build
  }
  const cc = which('cc') || which('gcc') || which('clang');
  if (!cc) return { ok: false, reason: 'no C compiler (cc) found' };
  if (!fs.existsSync('/usr/include/pcap/pcap.h') && !fs.existsSync('/usr/include/pcap.h')) {
    return { ok: false, reason: 'libpcap headers missing (apt-get install -y libpcap-dev)' };
  }
  fs.mkdirSync(DATA, { recursive: true });
  log(`compiling ${path.relative(ROOT, src)} -> ${path.relative(ROOT, bin)}`);
  const r = spawnSync(cc, ['-O2', '-Wall', '-o', bin, src, '-lpcap'], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, reason: `cc failed: ${tail(r.stderr, 2)}` };
  return { ok: true, bin };
}

/** The generated capture (bench/generate.js), regenerated when missing or stale. */
function data(opts, log) {
  return generate.ensure({ packets: opts.packets, seed: opts.seed, log });
}

/** examples/simple_capture(.js) if it exists. */
function simpleCapture() {
  for (const p of ['examples/simple_capture.js', 'examples/simple_capture']) {
    const f = path.join(ROOT, p);
    if (fs.existsSync(f)) return { ok: true, file: f };
  }
  return { ok: false, reason: 'examples/simple_capture.js does not exist yet' };
}

module.exports = { BENCH, ROOT, DATA, BASELINE, BASELINE_PCAP, WORKERS, which, ours, baseline, cLoop, data, simpleCapture, tail };
