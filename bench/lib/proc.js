'use strict';
// Child-process helpers: whole-process wall time, JSON results from workers, CPU time from /proc.

const fs = require('fs');
const { spawn } = require('child_process');
const { fmtNum } = require('./report');

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux

// Children still running and synchronous clean-up steps (e.g. deleting a network namespace):
// run on normal exit, on an exception, and on SIGINT/SIGTERM, so nothing is left behind.
const children = new Set();
const cleanups = [];
let handlersInstalled = false;

function cleanupNow() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch (e) {
      // gone
    }
  }
  children.clear();
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      fn();
    } catch (e) {
      console.error(`cleanup failed: ${e.message}`);
    }
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n${sig}: cleaning up`);
      cleanupNow();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(e && e.stack ? e.stack : e);
    cleanupNow();
    process.exit(1);
  });
}

/** Registers a synchronous clean-up step; returns a function that runs it now (once). */
function onCleanup(fn) {
  installHandlers();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  cleanups.push(once);
  return () => {
    const i = cleanups.indexOf(once);
    if (i >= 0) cleanups.splice(i, 1);
    once();
  };
}

/** Remembers a child so it is killed if the benchmark is interrupted. */
function track(child) {
  installHandlers();
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/**
 * Runs a command to completion. Wall time is measured from spawn() to the 'exit' event, so it
 * covers the whole process (start-up, module loading, the work, teardown).
 * @returns {Promise<{code, signal, wall, stdout, stderr}>}
 */
function run(cmd, args, { env, stdout = 'pipe', timeoutMs = 600000, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = track(spawn(cmd, args, { env: env || process.env, cwd, stdio: ['ignore', stdout, 'pipe'] }));
    let out = '';
    let err = '';
    let wall = 0;
    if (child.stdout) child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', () => {
      wall = Number(process.hrtime.bigint() - t0) / 1e9;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, wall, stdout: out, stderr: err });
    });
  });
}

/** The last line of stdout that parses as JSON (workers print their result that way). */
function lastJson(text) {
  const lines = String(text).trim().split('\n').reverse();
  for (const l of lines) {
    try {
      return JSON.parse(l);
    } catch (e) {
      // keep looking
    }
  }
  return null;
}

/** user+sys CPU seconds of a live process (all its threads), from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after the comm: [0]=state ... utime is field 14 overall -> index 11 here, stime 12
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch (e) {
    return NaN;
  }
}

/**
 * CPU seconds a live process has run (user+sys, all current threads), in nanosecond precision,
 * from /proc/<pid>/task/<tid>/schedstat (first field: time on CPU in ns). Threads that exited
 * are not included, so callers compare it with cpuSeconds().
 */
function cpuSecondsPrecise(pid) {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch (e) {
        // thread exited meanwhile
      }
    }
    return ns / 1e9;
  } catch (e) {
    return NaN;
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The figure a suite reports for repeated runs: 'best' (default) or 'median'. */
function pickTime(walls, stat) {
  const a = walls.filter((x) => Number.isFinite(x));
  if (!a.length) return NaN;
  return stat === 'median' ? median(a) : Math.min(...a);
}

function pickRate(rates, stat) {
  const a = rates.filter((x) => Number.isFinite(x));
  if (!a.length) return NaN;
  return stat === 'median' ? median(a) : Math.max(...a);
}

function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (!a.length) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/**
 * Runs one node process per implementation and run, `runs` rounds, rotating which goes first:
 * `impls` is [[key, state], ...], `argsFor(state)` the node arguments, `parse(json, out)` the
 * figure from the process's last JSON line (NaN, or any non-finite value: the run failed).
 * Logs each failure and, at the end, the figures under `label`.
 * @returns {Promise<{got: Object<string, number[]>, extra: Object<string, object>, errors: Object<string, string>}>}
 *   got: the figures per key; extra: each key's last good JSON; errors: each key's last failure
 */
async function interleaved(ctx, impls, runs, label, argsFor, parse) {
  const got = Object.fromEntries(impls.map(([key]) => [key, []]));
  const extra = {};
  const errors = {};
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < impls.length; k++) {
      const [key, st] = impls[(k + r) % impls.length];
      const out = await run(process.execPath, argsFor(st));
      const j = lastJson(out.stdout);
      const v = out.code === 0 && j ? parse(j, out) : NaN;
      if (!Number.isFinite(v)) {
        errors[key] = `exit ${out.code}: ${(out.stderr || '').trim().split('\n').slice(-2).join(' | ')}`;
        ctx.log(`  ${key} run failed (${label}): ${errors[key]}`);
        continue;
      }
      got[key].push(v);
      extra[key] = j;
    }
  }
  ctx.log(`  ${label}: ` + impls.map(([k]) => `${k} ${got[k].map((x) => fmtNum(x)).join(' / ')}`).join(', '));
  return { got, extra, errors };
}

module.exports = { run, lastJson, interleaved, cpuSeconds, cpuSecondsPrecise, sleep, median, pickTime, pickRate, track, onCleanup, cleanupNow, CLK_TCK };
