'use strict';
// Live capture on a veth pair inside a network namespace created for the run:
//   ip netns add pcapbench-<pid>; IPv6 off (no stray DAD/RS packets); veth va <-> vb, both up.
//   The capture (ours: bench/workers/live.js counting only; baseline: tcpdump -w /dev/null)
//   listens on vb; `tcpreplay --topspeed -i va FILE` replays the generated capture.
// Per run: packets sent (tcpreplay's "Successful packets"), packets seen, ps_drop, and CPU
// seconds of the capture process (all threads: schedstat, checked against utime+stime) between
// "ready" and the end of the replay plus a settle delay, divided by packets sent.
// Both captures use the same kernel buffer size and snap length. Runs alternate ours/tcpdump.
// The namespace is deleted on every exit path (normal, exception, SIGINT/SIGTERM).

const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { run, cpuSeconds, cpuSecondsPrecise, sleep, median, track, onCleanup } = require('../lib/proc');
const { row, fmtNum } = require('../lib/report');
const { which, WORKERS } = require('../lib/env');

const SETTLE_MS = 2500; // > the 1 s packet-buffer timeout of both captures

function ip(args) {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(r.stderr || '').trim()}`);
  return r.stdout;
}

function softnetDrops() {
  try {
    return fs.readFileSync('/proc/net/softnet_stat', 'utf8').trim().split('\n').reduce((s, l) => s + parseInt(l.split(/\s+/)[1], 16), 0);
  } catch (e) {
    return NaN;
  }
}

/** Starts a capture in the namespace and resolves once it is listening. */
function startCapture(ns, cmd, args, readyRe, stream) {
  return new Promise((resolve, reject) => {
    const child = track(spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    let ready = false;
    const check = () => {
      if (!ready && readyRe.test(stream === 'stderr' ? err : out)) {
        ready = true;
        resolve({ child, output: () => ({ out, err }) });
      }
    };
    child.stdout.on('data', (d) => { out += d; check(); });
    child.stderr.on('data', (d) => { err += d; check(); });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`${cmd} exited ${code} before it was ready: ${err.trim().split('\n').slice(-2).join(' | ')}`));
    });
    setTimeout(() => {
      if (!ready) {
        child.kill('SIGKILL');
        reject(new Error(`${cmd} not ready after 20 s`));
      }
    }, 20000);
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('close', () => resolve());
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 10000);
  });
}

module.exports = async function live(ctx) {
  const { file, meta } = ctx.data();
  const ours = ctx.ours();
  const nameLoss = 'live veth replay: packets lost (all runs)';
  const nameCpu = 'live veth replay: capture CPU per packet (µs, median)';
  const skipRows = (why) => [row({ name: nameLoss, kind: 'abs-max', target: 0, skip: why, note: why }), row({ name: nameCpu, kind: 'ratio-max', target: 1.0, skip: why })];

  if (process.getuid && process.getuid() !== 0) return skipRows('needs root (network namespace, packet capture): run as root');
  const missing = ['ip', 'tcpreplay', 'tcpdump'].filter((t) => !which(t));
  if (missing.includes('tcpreplay') && ctx.opts.installTools && which('apt-get')) {
    ctx.log('installing tcpreplay (apt-get install -y tcpreplay) ...');
    spawnSync('apt-get', ['install', '-y', 'tcpreplay'], { stdio: 'ignore' });
    if (which('tcpreplay')) missing.splice(missing.indexOf('tcpreplay'), 1);
  }
  if (missing.length) return skipRows(`missing ${missing.join(', ')} (apt-get install -y ${missing.map((m) => (m === 'ip' ? 'iproute2' : m)).join(' ')}, or run with --install-tools)`);

  const ns = `pcapbench-${process.pid}`;
  // Leftovers of an earlier run that was killed with SIGKILL (its pid is gone).
  for (const l of ip(['netns', 'list']).split('\n')) {
    const m = /^pcapbench-(\d+)/.exec(l);
    if (m && !fs.existsSync(`/proc/${m[1]}`)) spawnSync('ip', ['netns', 'del', `pcapbench-${m[1]}`]);
  }
  const removeNs = onCleanup(() => spawnSync('ip', ['netns', 'del', ns]));
  try {
    ip(['netns', 'add', ns]);
    ip(['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    ip(['-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
    for (const dev of ['lo', 'va', 'vb']) ip(['-n', ns, 'link', 'set', dev, 'up']);
  } catch (e) {
    removeNs();
    return skipRows(`could not set up the network namespace: ${e.message}`);
  }

  const bufBytes = ctx.opts.liveBufferMb * 1024 * 1024;
  const runs = Math.max(1, Math.min(ctx.opts.runs, 3));
  const worker = path.join(WORKERS, 'live.js');
  const contenders = [];
  if (ours.ok) contenders.push({ key: 'ours', cmd: process.execPath, args: [worker, ours.modulePath, 'vb', String(bufBytes)], ready: /"ready":true/, stream: 'stdout' });
  contenders.push({ key: 'tcpdump', cmd: which('tcpdump'), args: ['-n', '-i', 'vb', '-B', String(bufBytes / 1024), '-s', '65535', '-w', '/dev/null'], ready: /listening on/, stream: 'stderr' });

  const res = { ours: [], tcpdump: [] };
  const errors = {};
  try {
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const x = contenders[(k + r) % contenders.length];
        let cap;
        try {
          cap = await startCapture(ns, x.cmd, x.args, x.ready, x.stream);
        } catch (e) {
          errors[x.key] = e.message;
          ctx.log(`  live ${x.key} run ${r + 1} failed: ${e.message}`);
          continue;
        }
        await sleep(300);
        const pid = cap.child.pid; // `ip netns exec` execs the command: same pid
        const cpu0 = cpuSeconds(pid);
        const pcpu0 = cpuSecondsPrecise(pid);
        const sn0 = softnetDrops();
        const rep = await run('ip', ['netns', 'exec', ns, 'tcpreplay', '--topspeed', '-i', 'va', file]);
        await sleep(SETTLE_MS);
        const cpu1 = cpuSeconds(pid);
        const pcpu1 = cpuSecondsPrecise(pid);
        const sn1 = softnetDrops();
        await stop(cap.child);
        const { out, err } = cap.output();
        const sentM = /Successful packets:\s+(\d+)/.exec(rep.stdout);
        const ppsM = /([\d.]+) pps/.exec(rep.stdout);
        const sent = sentM ? Number(sentM[1]) : NaN;
        if (rep.code !== 0 || !sentM) {
          errors[x.key] = `tcpreplay failed (exit ${rep.code}): ${(rep.stderr || rep.stdout).trim().split('\n').slice(-2).join(' | ')}`;
          ctx.log(`  live ${x.key} run ${r + 1}: ${errors[x.key]}`);
          continue;
        }
        let seen;
        let drop;
        if (x.key === 'ours') {
          const line = out.trim().split('\n').reverse().find((l) => l.includes('"packets"'));
          if (!line) {
            errors.ours = `no result from the capture: ${err.trim().split('\n').slice(-2).join(' | ')}`;
            ctx.log(`  live ours run ${r + 1} failed: ${errors.ours}`);
            continue;
          }
          const j = JSON.parse(line);
          seen = j.packets;
          drop = j.stats ? j.stats.ps_drop : NaN;
        } else {
          const cm = /(\d+) packets captured/.exec(err);
          const dm = /(\d+) packets dropped by kernel/.exec(err);
          seen = cm ? Number(cm[1]) : NaN;
          drop = dm ? Number(dm[1]) : NaN;
        }
        // schedstat (ns) when it agrees with the tick-based total, i.e. no thread exited between
        // the two readings; otherwise the tick-based figure.
        const ticks = cpu1 - cpu0;
        const precise = pcpu1 - pcpu0;
        const cpu = Number.isFinite(precise) && Math.abs(precise - ticks) <= 0.03 + 0.05 * ticks ? precise : ticks;
        // extra packets (none are expected in the namespace) must not hide losses of another run
        const one = { sent, seen, drop, lost: Math.max(0, sent - seen), extra: Math.max(0, seen - sent), cpu, cpuTicks: ticks, cpuPerPkt: (cpu / sent) * 1e6, replayPps: ppsM ? Number(ppsM[1]) : NaN, softnetDrops: sn1 - sn0 };
        res[x.key].push(one);
        ctx.log(`  live ${x.key} run ${r + 1}: sent ${sent}, seen ${seen}, ps_drop ${drop}, CPU ${one.cpu.toFixed(3)} s [ticks ${one.cpuTicks.toFixed(2)} s] (${one.cpuPerPkt.toFixed(3)} µs/pkt), replay ${fmtNum(one.replayPps)} pkt/s, softnet drops ${one.softnetDrops}`);
      }
    }
  } finally {
    removeNs();
  }

  const sum = (k, f) => res[k].reduce((s, o) => s + o[f], 0);
  const lossText = (k) => (res[k].length ? `${sum(k, 'lost')} (ps_drop ${sum(k, 'drop')}${sum(k, 'extra') ? `, ${sum(k, 'extra')} extra` : ''})` : 'n/a');
  const desc = (k) => (res[k].length ? `${k}: ${res[k].length} runs, ${sum(k, 'sent')} sent, ${sum(k, 'seen')} seen, replay median ${fmtNum(median(res[k].map((o) => o.replayPps)))} pkt/s` : `${k}: ${errors[k] || 'not run'}`);
  const sn = res.ours.concat(res.tcpdump).reduce((s, o) => s + o.softnetDrops, 0);
  const common = `buffer ${ctx.opts.liveBufferMb} MiB, snaplen 65535, ${meta.packets} packets per replay; kernel backlog (softnet) drops during replays: ${sn}`;
  const oursSkip = !ours.ok ? ours.reason : errors.ours && !res.ours.length ? errors.ours : undefined;
  const failures = res.ours.length ? errors.ours : undefined;
  return [
    row({
      name: nameLoss,
      ours: res.ours.length ? sum('ours', 'lost') : NaN,
      baseline: res.tcpdump.length ? sum('tcpdump', 'lost') : undefined,
      oursText: lossText('ours'), baseText: `${lossText('tcpdump')} tcpdump`,
      kind: 'abs-max', target: 0, failures,
      skip: oursSkip,
      note: `${desc('ours')}; ${desc('tcpdump')}; ${common}`,
    }),
    row({
      name: nameCpu,
      ours: median(res.ours.map((o) => o.cpuPerPkt)), baseline: res.tcpdump.length ? median(res.tcpdump.map((o) => o.cpuPerPkt)) : undefined, unit: 'µs',
      kind: 'ratio-max', target: 1.0, failures,
      skip: oursSkip,
      note: `CPU = time on CPU of the capture process (all threads; /proc/<pid>/task/*/schedstat, cross-checked with utime+stime from /proc/<pid>/stat) from 'ready' to the end of the replay + ${SETTLE_MS} ms settle, divided by packets sent; baseline is tcpdump -w /dev/null`,
    }),
  ];
};
