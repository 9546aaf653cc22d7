'use strict';
// examples/http_trace and examples/tcp_metrics run with -r on the loopback fixtures (and on a
// synthetic capture with resets, retransmissions and a connection joined mid-stream): exact
// output lines, filters, options, usage and exit codes.

const assert = require('assert');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const pcap = require('../..');
const { Flow, h2Frame, H2_PREFACE } = require('./helpers');
const { readPcap } = require('../helpers/pcap_file');

const root = path.join(__dirname, '..', '..');
const fixture = (name) => path.join(root, 'test', 'fixtures', 'track', name);

/** Runs an example; TZ=UTC so the HH:MM:SS in its lines do not depend on the machine. */
function tool(name, ...args) {
  const r = spawnSync(process.execPath, [path.join(root, 'examples', name), ...args], {
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '' },
    encoding: 'utf8',
    timeout: 20000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

/**
 * Runs an example with test/helpers/tool_probe.js preloaded: its result as tool()'s, with `probe`:
 * {concatBytes, batches, batchesAlive} (bytes Buffer.concat joined; the capture's batch buffers,
 * and how many of them open connections still held at the end).
 */
function probedTool(name, ...args) {
  const out = path.join(os.tmpdir(), `pcap-probe-${process.pid}.json`);
  const r = spawnSync(process.execPath, ['--expose-gc', '-r', path.join(root, 'test', 'helpers', 'tool_probe.js'), path.join(root, 'examples', name), ...args], {
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '', PCAP_PROBE_OUT: out },
    encoding: 'utf8',
    timeout: 30000,
    maxBuffer: 64 << 20,
  });
  try {
    return { code: r.status, out: r.stdout, err: r.stderr, lines: r.stdout.split('\n').filter(Boolean), probe: JSON.parse(fs.readFileSync(out, 'utf8')) };
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** Frames of a protocol no tool reads, `mib` MiB of them (a file is read in batches of 2 MiB). */
function filler(raw, mib, t) {
  const buf = Buffer.alloc(1400);
  buf.writeUInt16BE(0x88b5, 12); // a local experimental EtherType
  for (let i = 0; i < (mib * 1048576) / 1400; i++) raw({ buf, ts_sec: t, ts_usec: 0, ts_nsec: 0, len: buf.length });
}

/** Writes hand-made packets (test/track/helpers.js Flow) to a capture file: put(...packets) (arrays too), then close(). */
function flowCapture(file, options) {
  const w = pcap.createWriter(file, options);
  return { put: (...pkts) => pkts.flat().forEach((p) => w.write(p._raw)), raw: (r) => w.write(r), close: () => w.close() };
}

/**
 * Runs `toolName -r` on a capture of one connection per [client bytes, server bytes] pair, from
 * 10.0.0.1:cport, cport + 1, ... to 10.0.0.2:port, and returns its result (exit 0 asserted).
 */
function traceFlows(toolName, port, cport, pairs) {
  const file = path.join(os.tmpdir(), `pcap-${toolName}-flows-${process.pid}-${cport}.pcap`);
  const { put, close } = flowCapture(file);
  pairs.forEach(([client, server], i) => {
    const f = new Flow({ sport: port, cport: cport + i, t: cport + i + 1 });
    put(f.handshake(), f.pkt(true, 'PA', client), f.pkt(false, 'PA', Buffer.from(server)));
  });
  close();
  try {
    const r = tool(toolName, '-r', file);
    assert.strictEqual(r.code, 0, r.err);
    return r;
  } finally {
    fs.unlinkSync(file);
  }
}

/**
 * Starts tool `name` live with `args` and resolves once it listens: {child, exit (resolves with
 * its exit code), stop() (for a finally: kills it, and clears the guard that kills it after
 * `guardMs`)}. Its stdout is left unread for the test to read, or not.
 */
async function startLiveTool(name, args, guardMs, env = {}) {
  const child = spawn(process.execPath, [path.join(root, 'examples', name), ...args], { env: { ...process.env, ...env } });
  const guard = setTimeout(() => child.kill('SIGKILL'), guardMs);
  const exit = new Promise((resolve) => child.on('exit', resolve));
  const stop = () => {
    clearTimeout(guard);
    child.kill('SIGKILL');
  };
  try {
    await new Promise((resolve, reject) => {
      child.stderr.on('data', (d) => /listening on /.test(d) && resolve());
      exit.then((code) => reject(new Error(`${name} exited (${code}) before it listened`)));
    });
  } catch (e) {
    stop();
    throw e;
  }
  return { child, exit, stop };
}

/** A tool's lines without their leading HH:MM:SS.mmm. */
const untimed = (lines) => lines.map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, ''));

const HTTP_LINES = [
  '23:33:49.669 127.0.0.1:56072 -> 127.0.0.1:18180 GET 127.0.0.1:18180/index.html',
  '23:33:49.669 127.0.0.1:56072 -> 127.0.0.1:18180 GET 127.0.0.1:18180/chunked',
  '23:33:49.672 127.0.0.1:18180 -> 127.0.0.1:56072 200 OK text/html 241 bytes 2.5 ms',
  '23:33:49.693 127.0.0.1:18180 -> 127.0.0.1:56072 200 OK text/plain 25 bytes 23.2 ms',
  '23:33:49.820 127.0.0.1:56072 -> 127.0.0.1:18180 POST 127.0.0.1:18180/submit',
  '23:33:49.862 127.0.0.1:18180 -> 127.0.0.1:56072 201 Created application/json 76 bytes 41.5 ms',
  '23:33:49.951 127.0.0.1:56072 -> 127.0.0.1:18180 HEAD 127.0.0.1:18180/index.html',
  '23:33:49.952 127.0.0.1:18180 -> 127.0.0.1:56072 200 OK text/html 0 bytes 0.5 ms',
  '23:33:50.002 127.0.0.1:56072 -> 127.0.0.1:18180 GET 127.0.0.1:18180/empty',
  '23:33:50.002 127.0.0.1:56072 -> 127.0.0.1:18180 GET 127.0.0.1:18180/cached',
  '23:33:50.002 127.0.0.1:18180 -> 127.0.0.1:56072 204 No Content 0 bytes 0.5 ms',
  '23:33:50.002 127.0.0.1:18180 -> 127.0.0.1:56072 304 Not Modified 0 bytes 0.8 ms',
  '23:33:50.107 127.0.0.1:56076 -> 127.0.0.1:18180 POST 127.0.0.1:18180/submit',
  '23:33:50.107 127.0.0.1:18180 -> 127.0.0.1:56076 100 Continue 0 bytes 0.4 ms',
  '23:33:50.108 127.0.0.1:18180 -> 127.0.0.1:56076 201 Created application/json 50 bytes 1.2 ms',
  '23:33:50.212 [::1]:43984 -> [::1]:18180 GET [::1]:18180/missing',
  '23:33:50.212 [::1]:18180 -> [::1]:43984 404 Not Found text/plain 10 bytes 0.5 ms',
];

const WS_LINES = [
  '23:33:52.020 127.0.0.1:53048 -> 127.0.0.1:18181 GET 127.0.0.1:18181/chat',
  '23:33:52.021 127.0.0.1:18181 -> 127.0.0.1:53048 101 Switching Protocols 0 bytes 0.8 ms',
  '23:33:52.021 127.0.0.1:18181 -> 127.0.0.1:53048 WebSocket open 127.0.0.1:18181/chat',
  '23:33:52.022 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket text 5 bytes: "hello"',
  '23:33:52.022 127.0.0.1:18181 -> 127.0.0.1:53048 WebSocket text 10 bytes: "hello back"',
  '23:33:52.052 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket binary 3 bytes',
  '23:33:52.053 127.0.0.1:18181 -> 127.0.0.1:53048 WebSocket binary 70000 bytes',
  '23:33:52.157 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket ping 13 bytes',
  '23:33:52.157 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket text 10 bytes in 2 frames: "fragmented"',
  `23:33:52.157 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket text 300 bytes: "${'z'.repeat(80)}…"`,
  '23:33:52.158 127.0.0.1:18181 -> 127.0.0.1:53048 WebSocket pong 13 bytes',
  '23:33:52.175 127.0.0.1:53048 -> 127.0.0.1:18181 WebSocket close 1000 "bye"',
  '23:33:52.176 127.0.0.1:18181 -> 127.0.0.1:53048 WebSocket close 1000 "bye too"',
];

// dns_trace on dns_lo.pcap (test/fixtures/app/README.md). The times taken agree with tshark's
// dns.time for every pair; frame 56 (DNS on TCP 8053) is not on a DNS port, and frame 72 is a
// response the client itself sent to 5353, so it matches no query.
const DNS_LINES = [
  "23:22:46.574 127.0.0.1:57711 -> 127.0.0.1:53 A a.test NoError A 93.184.216.34 10.0.0.1 5.0 ms",
  "23:22:46.605 127.0.0.1:51613 -> 127.0.0.1:53 AAAA aaaa.test NoError AAAA 2001:db8::1 0.6 ms",
  "23:22:46.630 127.0.0.1:48364 -> 127.0.0.1:53 A cname.test NoError CNAME www.example.org A 192.0.2.7 0.8 ms",
  "23:22:46.654 127.0.0.1:48959 -> 127.0.0.1:53 NS ns.test NoError NS ns1.ns.test ns2.ns.test 0.5 ms",
  "23:22:46.665 127.0.0.1:55469 -> 127.0.0.1:53 PTR 34.216.184.93.in-addr.arpa NoError PTR example.com 0.5 ms",
  "23:22:46.686 127.0.0.1:41100 -> 127.0.0.1:53 MX mx.test NoError MX 10 mail.mx.test 20 backup.example.net 0.5 ms",
  "23:22:46.698 127.0.0.1:55829 -> 127.0.0.1:53 TXT txt.test NoError TXT \"v=spf1 -all\" \"hello world\" \"\" 0.5 ms",
  "23:22:46.719 127.0.0.1:35215 -> 127.0.0.1:53 SOA soa.test NoError SOA ns1.soa.test hostmaster.soa.test 2024010101 0.7 ms",
  "23:22:46.745 127.0.0.1:57248 -> 127.0.0.1:53 SRV _sip._tcp.srv.test NoError SRV 10 60 5060 sip.srv.test 20 0 5061 <Root> 0.3 ms",
  "23:22:46.780 127.0.0.1:42436 -> 127.0.0.1:53 CAA caa.test NoError CAA 0 issue \"letsencrypt.org\" 128 iodef \"mailto:sec@caa.test\" 0.4 ms",
  "23:22:46.809 127.0.0.1:44243 -> 127.0.0.1:53 ANY other.test NoError SPF \"spf record\" SSHFP [6 bytes] 2.2 ms",
  "23:22:46.837 127.0.0.1:51988 -> 127.0.0.1:53 A nx.test NXDomain 0.4 ms",
  "23:22:46.880 127.0.0.1:50572 -> 127.0.0.1:53 A a\\.b\\000c\\255.test Refused 0.3 ms",
  // answers whose owner names loop (tshark: malformed) say so
  "23:22:46.894 127.0.0.1:51785 -> 127.0.0.1:53 A selfloop.test NoError A 127.0.0.3 [answer bad compression pointer] 0.4 ms",
  "23:22:46.923 127.0.0.1:35498 -> 127.0.0.1:53 A mutualloop.test NoError A 127.0.0.4 127.0.0.5 [answer bad compression pointer] 0.4 ms",
  "23:22:46.963 127.0.0.1:58029 -> 127.0.0.1:53 A a.test NoError A 93.184.216.34 10.0.0.1 0.5 ms",
  "23:22:47.006 127.0.0.1:37477 -> 127.0.0.1:53 SOA soa.test NoError SOA ns1.soa.test hostmaster.soa.test 2024010101 0.5 ms",
  "23:22:47.223 127.0.0.1:33956 -> 127.0.0.1:53 A a.test NoError A 93.184.216.34 10.0.0.1 2.6 ms",
  "23:22:47.223 127.0.0.1:33956 -> 127.0.0.1:53 MX mx.test NoError MX 10 mail.mx.test 20 backup.example.net 2.6 ms",
  "23:22:47.234 127.0.0.1:53748 -> 127.0.0.1:5353 printer.local NoError A 169.254.1.2 PTR printer.local (no query seen)",
  "23:22:47.233 127.0.0.1:53748 -> 127.0.0.1:5353 A printer.local no answer",
  "23:22:47.234 127.0.0.1:53748 -> 127.0.0.1:5355 AAAA host no answer",
  "21 queries (0 to a group), 19 answered, 2 not answered, 1 answer without a query; took min/median/p99/max 0.3/0.5/5.0/5.0 ms",
];

/** Starts a tool capturing live on lo (needs root), then sends it `signal` once it is listening. */
function signalled(name, signal, device = 'lo', stop = (child) => child.kill(signal)) {
  const child = spawn(process.execPath, [path.join(root, 'examples', name), '-i', device, '-f', 'udp port 9'], { env: { ...process.env, TZ: 'UTC' } });
  let out = '';
  let err = '';
  let sent = false;
  const ready = () => {
    // simple_capture lists the devices on stdout; the others say "listening on" on stderr
    if (!sent && (out.includes(`* ${device} `) || err.includes(`listening on ${device}`))) {
      sent = true;
      setTimeout(() => stop(child), 200);
    }
  };
  child.stdout.on('data', (d) => {
    out += d;
    ready();
  });
  child.stderr.on('data', (d) => {
    err += d;
    ready();
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 15000); // a failing test must not leave it running
  return new Promise((resolve) => child.on('exit', (code, sig) => {
    clearTimeout(guard);
    resolve({ code, sig, out, err });
  }));
}

/** What each tool prints at the end of a live run that saw nothing (`statsGone`: its device went away). */
function assertEndOfRun(name, out, statsGone = false) {
  if (name === 'simple_capture') assert.match(out, statsGone ? /\n0 packets\n$/ : /\n0 packets; stats: ps_recv \d+ ps_drop 0 ps_ifdrop 0\n$/);
  if (name === 'tcp_metrics') assert.match(out, /^0 connections\n$/);
  if (name === 'http_trace') assert.strictEqual(out, '');
  if (name === 'dns_trace') assert.strictEqual(out, '0 queries (0 to a group), 0 answered, 0 not answered, 0 answers without a query\n');
  if (name === 'pg_trace') assert.strictEqual(out, '0 statements on 0 connections, 0 errors\n');
  if (name === 'redis_trace' || name === 'mysql_trace') assert.strictEqual(out, '0 commands on 0 connections, 0 errors\n');
  if (name === 'mqtt_trace') assert.strictEqual(out, '0 exchanges on 0 connections, 0 errors, 0 published, 0 delivered\n');
}

/**
 * Runs an example live (it must print "listening on lo" to stderr), calls `traffic()` once it
 * listens, waits for the capture's next wake, stops it with SIGINT and resolves with its lines.
 * Asserts that it exits with 0; a stuck one is killed after 15 s.
 */
async function liveRun(name, args, traffic) {
  const child = spawn(process.execPath, [path.join(root, 'examples', name), '-i', 'lo', ...args], { env: { ...process.env, TZ: 'UTC' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const listening = new Promise((resolve) => child.stderr.on('data', (d) => {
    err += d;
    if (/listening on lo/.test(err)) resolve();
  }));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const guard = setTimeout(() => child.kill('SIGKILL'), 15000);
  try {
    await listening;
    await traffic();
    await new Promise((resolve) => setTimeout(resolve, 400)); // the capture's next wake
    child.kill('SIGINT');
    assert.strictEqual(await exited, 0, err);
  } finally {
    clearTimeout(guard);
    child.kill('SIGKILL');
  }
  return out.split('\n').filter(Boolean);
}

describe('examples', function () {
  for (const name of ['http_trace', 'tcp_metrics', 'simple_capture', 'dns_trace', 'pg_trace', 'redis_trace', 'mysql_trace', 'mqtt_trace']) {
    it(`${name} is an executable node script`, function () {
      const file = path.join(root, 'examples', name);
      assert.ok(fs.readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n'));
      assert.ok((fs.statSync(file).mode & 0o111) !== 0);
    });

    it(`${name} --help prints the usage and exits 0`, function () {
      const r = tool(name, '--help');
      assert.strictEqual(r.code, 0);
      assert.ok(r.out.startsWith(`usage: ${name} [-i iface] [-f filter] [-r file]`));
      for (const line of r.out.split('\n')) assert.ok(line.length <= 100, `${line.length} columns: ${line}`);
    });

    it(`${name}: bad arguments exit 2 with the usage`, function () {
      for (const args of [['--bogus'], ['-r'], ['-i', 'lo', '-r', 'x.pcap']]) {
        const r = tool(name, ...args);
        assert.strictEqual(r.code, 2, args.join(' '));
        assert.match(r.err, new RegExp(`^${name}: .+\\n\\nusage: ${name}`));
        assert.strictEqual(r.out, '');
      }
    });

    it(`${name}: a file or filter that cannot be opened exits 1 with the library's message`, function () {
      let r = tool(name, '-r', '/nonexistent/file.pcap');
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /^\w+: .*does not exist.* \(ERR_PCAP_FILE_NOT_FOUND\)\n$/);
      r = tool(name, '-r', fixture('http.pcap'), '-f', 'tcp port (((');
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /\(ERR_PCAP_FILTER\)\n$/);
    });

    it(`${name}: lines it cannot write (a full disk: /dev/full) are one line on stderr and exit code 1`, function () {
      if (!fs.existsSync('/dev/full')) this.skip(); // Linux, FreeBSD
      const full = fs.openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [path.join(root, 'examples', name), '-r', fixture('http.pcap')], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 20000 });
        assert.strictEqual(r.status, 1, r.stderr);
        assert.strictEqual(r.stderr, `${name}: cannot write the lines: ENOSPC: no space left on device, write (ENOSPC)\n`);
      } finally {
        fs.closeSync(full);
      }
    });

    it(`${name}: a file cut short gives what came before it, then the error, and exit code 1`, function () {
      const r = tool(name, '-r', path.join(root, 'test', 'fixtures', 'capture', 'lo-us-truncated.pcap'));
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /^\w+: capture file .* is cut short: .* \(ERR_PCAP_FILE_TRUNCATED\)\n$/);
      if (name === 'simple_capture') assert.strictEqual(r.lines[r.lines.length - 1], '9 packets; stats: ps_recv 9 ps_drop 0 ps_ifdrop 0');
      if (name === 'tcp_metrics') assert.match(r.lines[r.lines.length - 1], /^\d+ connections?$/);
    });

    for (const signal of ['SIGTERM', 'SIGINT']) {
      it(`${name}: ${signal} ends a live capture as the end of a file would, exit code 0`, async function () {
        if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
        this.timeout(20000);
        const r = await signalled(name, signal);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.sig, null);
        assertEndOfRun(name, r.out);
      });
    }

    it(`${name}: a device that goes away mid-capture ends the run as the end of a file would, then exit code 1`, async function () {
      if (process.getuid() !== 0) this.skip(); // live capture needs root (CI runs as root)
      this.timeout(20000);
      const device = `pcapgo${process.pid % 10000}`;
      if (spawnSync('ip', ['link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}p`]).status !== 0) this.skip(); // no veth in this kernel
      let r;
      try {
        spawnSync('ip', ['link', 'set', device, 'up']);
        r = await signalled(name, null, device, () => spawnSync('ip', ['link', 'del', device]));
      } finally {
        spawnSync('ip', ['link', 'del', device]);
      }
      assert.strictEqual(r.code, 1, r.err);
      assert.match(r.err, new RegExp(`${name}: capture on "${device}" failed: .* \\(ERR_PCAP_READ\\)\n`));
      assertEndOfRun(name, r.out, true);
    });

    it(`${name}: -r "" (an empty variable) is a file that is not there, never a live capture`, function () {
      const r = tool(name, '-r', '');
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /^\w+: createOfflineSession\(\) needs a file path; got an empty string \(ERR_PCAP_FILE_NOT_FOUND\)\n$/);
      assert.strictEqual(r.out, '');
    });
  }

  describe('simple_capture', function () {
    it('SIGINT while the reader of the lines lags: exits once they are all out, summary included; a second one exits at once', async function () {
      this.timeout(20000);
      const file = path.join(os.tmpdir(), `pcap-lag-${process.pid}.pcap`);
      const w = flowCapture(file, {});
      const buf = Buffer.alloc(60);
      buf.writeUInt16BE(0x88b5, 12);
      for (let i = 0; i < 5000; i++) w.raw({ buf, ts_sec: 10, ts_usec: i, ts_nsec: i * 1000, len: buf.length }); // 280 KB of lines
      w.close();
      const run = (signals) => {
        const child = spawn(process.execPath, [path.join(root, 'examples', 'simple_capture'), '-r', file]);
        const guard = setTimeout(() => child.kill('SIGKILL'), 15000);
        const exited = new Promise((resolve) => child.on('exit', (code, sig) => {
          clearTimeout(guard);
          resolve({ code, sig });
        }));
        return { child, exited };
      };
      const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      try {
        // nobody reads stdout for a second: the pipe fills, the rest waits in the tool
        let { child, exited } = run();
        await pause(1000);
        child.kill('SIGINT');
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        await new Promise((resolve) => child.stdout.on('end', resolve));
        assert.deepStrictEqual(await exited, { code: 0, sig: null });
        const lines = out.split('\n').filter(Boolean);
        // the version, the file, a line a packet, the summary (of all 5000, unless a slow machine
        // was still reading when the signal came: then of those read, each with its line)
        const m = /^(\d+) packets; stats: ps_recv \1 ps_drop 0 ps_ifdrop 0$/.exec(lines[lines.length - 1]);
        assert.ok(m, lines[lines.length - 1]);
        assert.strictEqual(lines.length, Number(m[1]) + 3);
        assert.ok(Number(m[1]) > 2000, m[1]); // more than the pipe holds: the lag was real
        // a reader that never reads: the first SIGINT waits for it, the second ends the wait
        ({ child, exited } = run());
        await pause(1000);
        child.kill('SIGINT');
        await pause(300);
        assert.strictEqual(child.exitCode, null);
        child.kill('SIGINT');
        assert.deepStrictEqual(await exited, { code: 0, sig: null });
      } finally {
        fs.rmSync(file, { force: true });
      }
    });

    it('-c takes digits only: 0x10, 1e3 or " 5" are usage errors, not 16, 1000 or 5', function () {
      for (const bad of ['0x10', '1e3', ' 5', '0', '1.5', '99999999999999999999']) {
        const r = tool('simple_capture', '-r', fixture('http.pcap'), '-c', bad);
        assert.strictEqual(r.code, 2, bad);
        assert.ok(r.err.startsWith(`simple_capture: -c needs a positive whole number, not ${JSON.stringify(bad)}\n`), r.err);
      }
      assert.strictEqual(tool('simple_capture', '-r', fixture('http.pcap'), '-c', '3').lines.length, 6); // version, file, 3 packets, summary
    });

    it('-y with a name no link type has is a usage error (exit 2), found before any capture opens', function () {
      for (const bad of ['BOGUS', '-1', '', '99999999999']) {
        const r = tool('simple_capture', '-i', 'lo', '-y', bad);
        assert.strictEqual(r.code, 2, bad);
        assert.ok(r.err.startsWith(`simple_capture: -y needs a link-layer type name (LINUX_SLL2, EN10MB, ...) or a DLT number, not ${JSON.stringify(bad)}\n\nusage: `), r.err);
        assert.strictEqual(r.out, '');
      }
    });

    it('-y: a live link type; with -r it is a usage error, and one the device lacks is its error', async function () {
      let r = tool('simple_capture', '-r', fixture('http.pcap'), '-y', 'EN10MB');
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /^simple_capture: -y is for live capture/);
      if (process.getuid() !== 0) this.skip(); // live capture needs root (CI runs as root)
      r = tool('simple_capture', '-i', 'lo', '-y', 'LINUX_SLL2');
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /^simple_capture: "lo" does not offer link type LINKTYPE_LINUX_SLL2 \(276\); it offers LINKTYPE_ETHERNET .*\(ERR_PCAP_LINK_TYPE\)\n$/);
      // on 'any', SLL2 lines start with the interface index
      const port = 20000 + (process.pid % 20000);
      const child = spawn(process.execPath, [path.join(root, 'examples', 'simple_capture'), '-i', 'any', '-y', '276', '-c', '1', '-f', `udp port ${port}`]);
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const sock = require('dgram').createSocket('udp4');
      const timer = setInterval(() => sock.send('x', port, '127.0.0.1'), 100);
      const guard = setTimeout(() => child.kill(), 10000); // a failing test must not leave it running
      const code = await exited;
      clearInterval(timer);
      clearTimeout(guard);
      sock.close();
      assert.strictEqual(code, 0);
      assert.match(out, new RegExp(`\\nsll2 ifindex \\d+ in 00:00:00:00:00:00 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} UDP len 1\\n1 packet; stats: `));
    });

    it('-w to the file -r reads is a usage error: the capture is left as it was', function () {
      // 3 MiB: more than one batch of the reader, which an emptied file would cut short
      const file = path.join(os.tmpdir(), `pcap-same-${process.pid}.pcap`);
      const w = flowCapture(file, {});
      filler(w.raw, 3, 10);
      w.close();
      const link = file + '.link.pcap';
      fs.symlinkSync(file, link);
      try {
        const size = fs.statSync(file).size;
        for (const [r, out] of [[file, file], [link, file]]) {
          const res = tool('simple_capture', '-r', r, '-w', out);
          assert.strictEqual(res.code, 2, res.err);
          assert.ok(res.err.startsWith(`simple_capture: -w ${out} is the file -r reads: writing would empty it before it is read\n\nusage: `), res.err);
          assert.strictEqual(fs.statSync(file).size, size);
        }
      } finally {
        fs.rmSync(link, { force: true });
        fs.rmSync(file, { force: true });
      }
    });

    it('-w: a file it cannot create is one line and exit code 1', function () {
      const r = tool('simple_capture', '-r', fixture('http.pcap'), '-w', '/nonexistent/dir/out.pcap');
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /^simple_capture: cannot create "\/nonexistent\/dir\/out.pcap": ENOENT: no such file or directory \(ERR_PCAP_WRITE\)\n$/);
    });

    it('-w from a pcapng file with two link types: a pcap file gets the first, says so; a .pcapng file gets all', function () {
      const out = path.join(os.tmpdir(), `pcap-w-${process.pid}.pcap`);
      try {
        const r = tool('simple_capture', '-r', path.join(root, 'test', 'fixtures', 'capture', 'gopacket-le-test100.pcapng'), '-w', out);
        assert.strictEqual(r.code, 0);
        assert.match(r.err, /packets of LINKTYPE_NULL are not written to .*: a pcap file holds only LINKTYPE_ETHERNET \(write to a \.pcapng file to keep them\)\n$/);
        assert.strictEqual(r.lines[r.lines.length - 1], '5 packets (1 not written); stats: ps_recv 5 ps_drop 0 ps_ifdrop 0');
        assert.strictEqual(readPcap(out).records.length, 4);
        // to a .pcapng file, all of them, each with its link type
        const ng = tool('simple_capture', '-r', path.join(root, 'test', 'fixtures', 'capture', 'gopacket-le-test100.pcapng'), '-w', out + 'ng');
        assert.deepStrictEqual([ng.code, ng.err, ng.lines[ng.lines.length - 1]], [0, '', '5 packets; stats: ps_recv 5 ps_drop 0 ps_ifdrop 0']);
        const back = tool('simple_capture', '-r', out + 'ng');
        assert.deepStrictEqual(back.lines.slice(2), r.lines.slice(2, -1).concat('5 packets; stats: ps_recv 5 ps_drop 0 ps_ifdrop 0'));
      } finally {
        fs.rmSync(out, { force: true });
        fs.rmSync(out + 'ng', { force: true });
      }
    });

    it('-w - writes pcap to standard output, the lines to standard error; -r - reads it back', function () {
      const file = fixture('http.pcap');
      const direct = tool('simple_capture', '-r', file);
      const script = `"$0" "$1" -r "$2" -w - | "$0" "$1" -r -`;
      const r = spawnSync('/bin/sh', ['-c', script, process.execPath, path.join(root, 'examples', 'simple_capture'), file], { env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8', timeout: 20000 });
      assert.strictEqual(r.status, 0, r.stderr);
      // the writer's lines (stderr) and the reader's (stdout) are the lines of reading the file
      assert.strictEqual(r.stderr, direct.out);
      assert.strictEqual(r.stdout, direct.out.replace(`reading ${file} `, 'reading standard input '));
    });

    it('-w - whose reader has gone: exit code 0 and no error, as tcpdump -w - | head ends', function () {
      const child = spawn(process.execPath, [path.join(root, 'examples', 'simple_capture'), '-r', fixture('http.pcap'), '-w', '-']);
      child.stdout.destroy(); // before anything is written
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      return new Promise((resolve) => child.on('exit', (code) => {
        assert.strictEqual(code, 0);
        assert.doesNotMatch(err, /simple_capture:/);
        resolve();
      }));
    });

    it('-w - whose lines\' reader (standard error) has gone: exit code 0, as with a closed standard output', function () {
      const child = spawn(process.execPath, [path.join(root, 'examples', 'simple_capture'), '-r', fixture('http.pcap'), '-w', '-']);
      child.stderr.destroy(); // `2>&1 >/dev/null | head -1` once head has its line
      child.stdout.resume();
      return new Promise((resolve) => child.on('exit', (code, signal) => {
        assert.deepStrictEqual([code, signal], [0, null]);
        resolve();
      }));
    });

    it('live on lo: simple_capture -w - | http_trace -r - prints each exchange while the capture goes on', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(30000);
      const server = http.createServer((req, res) => res.end('ok'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      const script = `"$0" "$1" -i lo -f "tcp port $3" -w - | "$0" "$2" -r -`;
      const child = spawn('/bin/sh', ['-c', script, process.execPath, path.join(root, 'examples', 'simple_capture'), path.join(root, 'examples', 'http_trace'), String(port)], { env: { ...process.env, TZ: 'UTC' }, detached: true });
      let out = '';
      let err = '';
      const waitFor = (test) => new Promise((resolve) => {
        const check = () => test() && resolve();
        child.stdout.on('data', (d) => { out += d; check(); });
        child.stderr.on('data', (d) => { err += d; check(); });
        check();
      });
      const guard = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 25000);
      try {
        await waitFor(() => /\* lo /.test(err)); // simple_capture's device list: it captures
        for (const name of ['first', 'second']) {
          await new Promise((resolve, reject) => http.get(`http://127.0.0.1:${port}/${name}`, (res) => res.resume().on('end', resolve)).on('error', reject));
          // the exchange is printed while the pipe is still open: nothing waits for a full batch
          await waitFor(() => new RegExp(`GET 127\\.0\\.0\\.1:${port}/${name}\\n.* 200 OK 2 bytes`).test(out));
        }
      } finally {
        clearTimeout(guard);
        server.close();
        process.kill(-child.pid, 'SIGINT');
      }
      await new Promise((resolve) => child.on('exit', resolve));
      assert.match(out, new RegExp(`:\\d+ -> 127\\.0\\.0\\.1:${port} GET 127\\.0\\.0\\.1:${port}/first\\n`));
    });
  });

  describe('http_trace', function () {
    it('TLS: control characters of a server name (C1 too) and of ALPN names are shown as \\xNN, in http_trace and tcp_metrics', function () {
      const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
      const name = Buffer.from('a\x9b2Jb.test', 'latin1');
      const sni = Buffer.concat([u16(0), u16(name.length + 5), u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
      const protocols = Buffer.from('\x06h2\x1b[5m\x01x', 'latin1');
      const alpn = Buffer.concat([u16(16), u16(protocols.length + 2), u16(protocols.length), protocols]);
      const exts = Buffer.concat([sni, alpn]);
      const body = Buffer.concat([u16(0x0303), Buffer.alloc(32), Buffer.from([0]), u16(2), u16(0x1301), Buffer.from([1, 0]), u16(exts.length), exts]);
      const hs = Buffer.concat([Buffer.from([1, 0]), u16(body.length), body]);
      const file = path.join(os.tmpdir(), `pcap-tls-esc-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const f = new Flow({ sport: 443, cport: 40400, t: 10 });
      put(f.handshake(), f.pkt(true, 'PA', Buffer.concat([Buffer.from([22, 3, 1]), u16(hs.length), hs])), f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      close();
      try {
        assert.deepStrictEqual(untimed(tool('http_trace', '-r', file).lines), ['10.0.0.1:40400 -> 10.0.0.2:443 TLS a\\x9b2Jb.test alpn h2\\x1b[5m,x']);
        assert.match(tool('tcp_metrics', '-r', file).out, / ms tls "a\\x9b2Jb\.test"\n/);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('TLS handshakes: the server name and ALPN asked for, the version chosen or the alert, and the time taken', function () {
      const tls = path.join(root, 'test', 'fixtures', 'app', 'tls_lo.pcap');
      let r = tool('http_trace', '-r', tls);
      assert.strictEqual(r.code, 0, r.err);
      // the times agree with tshark's frame times (ClientHello to ServerHello or alert)
      assert.deepStrictEqual(r.lines, [
        '15:40:39.874 127.0.0.1:34436 -> 127.0.0.1:8443 TLS tls13.test alpn h2,http/1.1',
        '15:40:39.876 127.0.0.1:8443 -> 127.0.0.1:34436 TLS1.3 1.7 ms',
        '15:40:39.881 127.0.0.1:34442 -> 127.0.0.1:8443 TLS legacy.test',
        '15:40:39.882 127.0.0.1:8443 -> 127.0.0.1:34442 TLS1.2 0.6 ms',
        '15:40:39.883 127.0.0.1:34452 -> 127.0.0.1:8443 TLS refused.test alpn imap',
        '15:40:39.884 127.0.0.1:8443 -> 127.0.0.1:34452 TLS fatal no_application_protocol 0.1 ms',
      ]);
      // a ClientHello over three TCP segments (MTU 576): read from the reassembled stream, whole;
      // tshark (which reassembles too) gives the same server name, 25 ALPN names and 3.8 ms
      const split = tool('http_trace', '-r', path.join(root, 'test', 'fixtures', 'app', 'tls_split.pcap'));
      assert.strictEqual(split.lines.length, 2, split.out);
      assert.match(split.lines[0], /^\d\d:\d\d:\d\d\.\d{3} 192\.0\.2\.1:\d+ -> 192\.0\.2\.2:443 TLS split-hello\.test alpn proto-00-x{24},(proto-\d\d-x{24},){23}http\/1\.1$/);
      assert.match(split.lines[1], / 192\.0\.2\.2:443 -> 192\.0\.2\.1:\d+ TLS1\.3 3\.8 ms$/);
      assert.match(tool('tcp_metrics', '-r', path.join(root, 'test', 'fixtures', 'app', 'tls_split.pcap')).out, / tls "split-hello\.test"\n/);
      r = tool('http_trace', '-r', tls, '--host', '^legacy');
      assert.deepStrictEqual(r.lines.map((l) => l.slice(13)), ['127.0.0.1:34442 -> 127.0.0.1:8443 TLS legacy.test', '127.0.0.1:8443 -> 127.0.0.1:34442 TLS1.2 0.6 ms']);
      assert.strictEqual(tool('http_trace', '-r', tls, '--no-tls').out, '');
      assert.strictEqual(tool('http_trace', '-r', tls, '--url', '.').out, ''); // URL filters are for HTTP requests
    });

    it('prints one line per request and response (http.pcap)', function () {
      const r = tool('http_trace', '-r', fixture('http.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, HTTP_LINES);
      assert.ok(!r.out.includes('\x1b['), 'no colours when not a terminal');
    });

    it('HTTP/2 with prior knowledge (h2c.pcap): one line per stream\'s request and response, gRPC status, a pushed stream, a reset', function () {
      const r = tool('http_trace', '-r', fixture('h2c.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, [
        '21:52:35.766 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/ HTTP/2',
        '21:52:35.772 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/html 50 bytes 6.1 ms',
        '21:52:35.773 127.0.0.1:36848 -> 127.0.0.1:18182 POST 127.0.0.1:18182/submit HTTP/2',
        '21:52:35.774 127.0.0.1:18182 -> 127.0.0.1:36848 201 Created application/json 10 bytes 0.5 ms',
        '21:52:35.774 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/missing HTTP/2',
        '21:52:35.775 127.0.0.1:18182 -> 127.0.0.1:36848 404 Not Found text/plain 10 bytes 0.3 ms',
        '21:52:35.775 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/item/1 HTTP/2',
        '21:52:35.775 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/item/2 HTTP/2',
        '21:52:35.775 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/item/3 HTTP/2',
        '21:52:35.775 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/item/4 HTTP/2',
        '21:52:35.788 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/plain 7 bytes 12.5 ms',
        '21:52:35.797 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/plain 7 bytes 21.6 ms',
        '21:52:35.807 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/plain 7 bytes 31.8 ms',
        '21:52:35.817 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/plain 7 bytes 41.9 ms',
        '21:52:35.818 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/big HTTP/2',
        '21:52:35.819 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/plain 105600 bytes 1.1 ms',
        '21:52:35.820 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/ HTTP/2',
        '21:52:35.821 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/html 50 bytes 0.6 ms',
        '21:52:35.821 127.0.0.1:36848 -> 127.0.0.1:18182 POST 127.0.0.1:18182/pkg.Greeter/SayHello HTTP/2',
        '21:52:35.822 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK application/grpc 12 bytes in 1 message 0.8 ms grpc-status 0',
        '21:52:35.823 127.0.0.1:36848 -> 127.0.0.1:18182 POST 127.0.0.1:18182/pkg.Greeter/Missing HTTP/2',
        // (make_h2c.js sends that call an empty body: no message, where a gRPC client sends one)
        '21:52:35.823 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK application/grpc 0 bytes (request: 0 messages) 0.4 ms grpc-status 5 "no such method"',
        '21:52:35.823 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/slow HTTP/2',
        '21:52:35.874 127.0.0.1:36848 -> 127.0.0.1:18182 HTTP error: stream 23 (GET /slow) reset by the client: CANCEL (ERR_HTTP2_STREAM_RESET)',
        '21:52:35.875 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/pushy HTTP/2',
        '21:52:35.876 127.0.0.1:36848 -> 127.0.0.1:18182 GET 127.0.0.1:18182/style.css HTTP/2 (pushed)',
        '21:52:35.876 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/html 38 bytes 0.9 ms',
        '21:52:35.876 127.0.0.1:18182 -> 127.0.0.1:36848 200 OK text/css 18 bytes 0.0 ms',
        '21:52:36.291 127.0.0.1:36856 -> 127.0.0.1:18182 GET 127.0.0.1:18182/ HTTP/2',
        '21:52:36.292 127.0.0.1:18182 -> 127.0.0.1:36856 200 OK text/html 50 bytes 0.9 ms',
        '21:52:36.300 127.0.0.1:36866 -> 127.0.0.1:18182 POST 127.0.0.1:18182/submit HTTP/2',
        '21:52:36.301 127.0.0.1:18182 -> 127.0.0.1:36866 201 Created application/json 9 bytes 1.0 ms',
      ]);
    });

    it('live on lo: node\'s http2 client and server in the clear, two streams at once', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const http2 = require('http2');
      const server = http2.createServer();
      server.on('stream', (stream, headers) => {
        stream.respond({ ':status': headers[':path'] === '/gone' ? 410 : 200, 'content-type': 'text/plain' });
        stream.end('ok\n');
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      let lines;
      try {
        lines = await liveRun('http_trace', ['-f', `tcp port ${port}`], async () => {
          const client = http2.connect(`http://127.0.0.1:${port}`);
          const get = (p) => new Promise((resolve, reject) => {
            const req = client.request({ ':path': p });
            req.on('error', reject);
            req.resume();
            req.on('end', resolve);
          });
          await Promise.all([get('/here'), get('/gone')]);
          await new Promise((resolve) => client.close(resolve));
        });
      } finally {
        server.close();
      }
      const at = `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} `;
      const up = `127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} `;
      const down = `127\\.0\\.0\\.1:${port} -> 127\\.0\\.0\\.1:\\d+ `;
      assert.strictEqual(lines.length, 4, lines.join('\n'));
      assert.deepStrictEqual(lines.filter((l) => new RegExp(at + up).test(l)).map((l) => l.replace(/^.* GET /, 'GET ')).sort(),
        [`GET 127.0.0.1:${port}/gone HTTP/2`, `GET 127.0.0.1:${port}/here HTTP/2`]);
      assert.strictEqual(lines.filter((l) => new RegExp(at + down + '200 OK text/plain 3 bytes \\d+\\.\\d ms$').test(l)).length, 1, lines.join('\n'));
      assert.strictEqual(lines.filter((l) => new RegExp(at + down + '410 Gone text/plain 3 bytes \\d+\\.\\d ms$').test(l)).length, 1, lines.join('\n'));
    });

    it('live on lo: WebSocket with permessage-deflate, sent on a shared window and read back by Node\'s own client', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const peer = path.join(root, 'test', 'helpers', 'ws_deflate_peer.js');
      const flags = typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : []; // Node 20 has it behind a flag
      if (spawnSync(process.execPath, [...flags, '-e', 'process.exit(typeof WebSocket === "undefined" ? 3 : 0)']).status !== 0) this.skip(); // no WebSocket client in this Node
      const port = 20000 + ((process.pid * 7) % 20000);
      let got = [];
      const lines = await liveRun('http_trace', ['-f', `tcp port ${port}`], async () => {
        const r = await new Promise((resolve) => {
          const child = spawn(process.execPath, [...flags, peer, String(port), '5'], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('exit', (code) => resolve({ code, out }));
        });
        assert.strictEqual(r.code, 0);
        got = r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      });
      const sent = Array.from({ length: 5 }, (_, i) => `message ${i} says hello hello hello`);
      assert.deepStrictEqual(got, sent, 'the client inflated what the server sent');
      const texts = (from) => lines.filter((l) => l.includes(` ${from} `) && l.includes(' WebSocket text ')).map((l) => JSON.parse(l.slice(l.indexOf(': "') + 2)));
      assert.deepStrictEqual(texts(`127.0.0.1:${port} ->`), sent, lines.join('\n'));
      assert.deepStrictEqual(texts(`-> 127.0.0.1:${port}`), sent.map((m) => 'echo: ' + m));
      // the later messages came out of the shared window: far fewer bytes on the wire than inflated
      const last = lines.filter((l) => l.includes(`127.0.0.1:${port} ->`) && l.includes(' WebSocket text ')).pop();
      assert.match(last, / WebSocket text \d bytes \(32 bytes inflated\): /);
    });

    it('HTTP/2: a response reset midway, and one open when the reading stops, get no false "incomplete" line', function () {
      const file = path.join(os.tmpdir(), `pcap-h2-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const frame = h2Frame;
      const preface = H2_PREFACE;
      const get = (p) => Buffer.concat([Buffer.from([0x82, 0x86, 0x04, p.length]), Buffer.from(p), Buffer.from([0x01, 4]), Buffer.from('h2.t')]); // GET p, :authority h2.t
      const f = new Flow({ sport: 8080, cport: 46000, t: 100 });
      put(f.handshake(), f.pkt(true, 'PA', Buffer.concat([preface, frame(4, 0, 0), frame(1, 0x05, 1, get('/slow')), frame(1, 0x05, 3, get('/next'))])));
      put(f.pkt(false, 'PA', Buffer.concat([frame(4, 0, 0), frame(1, 0x04, 1, Buffer.from([0x88])), frame(0, 0, 1, Buffer.from('part')), frame(1, 0x04, 3, Buffer.from([0x88]))])));
      put(f.pkt(true, 'PA', frame(3, 0, 1, Buffer.from([0, 0, 0, 8])))); // the client cancels /slow
      put(f.pkt(true, 'PA', frame(1, 0x05, 5, Buffer.from([0xbe])))); // an index not in the table: the reading stops, /next still open
      put(f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      close();
      try {
        const r = tool('http_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:46000 -> 10.0.0.2:8080 GET h2.t/slow HTTP/2',
          '10.0.0.1:46000 -> 10.0.0.2:8080 GET h2.t/next HTTP/2',
          '10.0.0.1:46000 -> 10.0.0.2:8080 HTTP error: stream 1 (GET /slow) reset by the client: CANCEL (ERR_HTTP2_STREAM_RESET)',
          '10.0.0.1:46000 -> 10.0.0.2:8080 HTTP error: header block on stream 5: header index 62 is not in the table (ERR_HTTP2_COMPRESSION)',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    // message counts as tshark's grpc dissector finds them (-d tcp.port==18183,http2): the client
    // stream (Sum) sent 5, the bidirectional one (Chat) 3 each way; unary requests are not counted aloud
    it('gRPC (grpc.pcap): each call\'s status and message counts, a deadline and a cancel', function () {
      const r = tool('http_trace', '-r', fixture('grpc.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, [
        '22:21:16.875 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.882 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 16 bytes in 1 message 7.3 ms grpc-status 0 "OK"',
        '22:21:16.884 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.886 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 0 bytes 1.4 ms grpc-status 3 "refusé: 100% on purpose"',
        '22:21:16.888 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.988 127.0.0.1:44918 -> 127.0.0.1:18183 HTTP error: stream 5 (POST /fixture.Echo/Say) reset by the client: CANCEL (ERR_HTTP2_STREAM_RESET)',
        '22:21:16.988 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.991 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 40014 bytes in 1 message 2.1 ms grpc-status 0 "OK"',
        '22:21:16.993 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.993 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.993 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.993 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.993 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Say HTTP/2',
        '22:21:16.998 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 15 bytes in 1 message 4.6 ms grpc-status 0 "OK"',
        '22:21:16.998 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 15 bytes in 1 message 4.6 ms grpc-status 0 "OK"',
        '22:21:16.998 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 15 bytes in 1 message 4.6 ms grpc-status 0 "OK"',
        '22:21:16.998 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 15 bytes in 1 message 4.6 ms grpc-status 0 "OK"',
        '22:21:16.998 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 15 bytes in 1 message 4.6 ms grpc-status 0 "OK"',
        '22:21:17.001 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Count HTTP/2',
        '22:21:17.045 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 56 bytes in 4 messages 44.3 ms grpc-status 0 "OK"',
        '22:21:17.046 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Count HTTP/2',
        '22:21:17.079 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Sum HTTP/2',
        '22:21:17.080 127.0.0.1:44918 -> 127.0.0.1:18183 HTTP error: stream 21 (POST /fixture.Echo/Count) reset by the client: CANCEL (ERR_HTTP2_STREAM_RESET)',
        '22:21:17.082 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 12 bytes in 1 message (request: 5 messages) 2.8 ms grpc-status 0 "OK"',
        '22:21:17.083 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Chat HTTP/2',
        '22:21:17.086 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 41 bytes in 3 messages (request: 3 messages) 2.7 ms grpc-status 0 "OK"',
        '22:21:17.087 127.0.0.1:44918 -> 127.0.0.1:18183 POST 127.0.0.1:18183/fixture.Echo/Chat HTTP/2',
        '22:21:17.088 127.0.0.1:18183 -> 127.0.0.1:44918 200 OK application/grpc+proto 0 bytes 0.6 ms grpc-status 10 "stopped"',
      ]);
    });

    it('gRPC request counts on hand-made calls (grpc-edge/): none, split, padded, over HTTP/1.1, cut by a lost segment, not answered in gRPC', function () {
      const want = {
        A_zero_empty_data: ' (request: 0 messages) ', // an empty DATA frame ends it
        B_zero_headers_end: ' (request: 0 messages) ', // END_STREAM on its HEADERS
        C_bytewise: ' (request: 3 messages) ', // one byte per DATA frame and TCP segment
        C2_one_frame: ' (request: 4 messages) ',
        N_padded: ' (request: 2 messages) ', // the padding is no message
        P_interleaved: ' (request: 3 messages) ',
        K_http11: ' (request: 2 messages) ', // chunked, a prefix cut across chunks
        H2_http11_gap: ' (request: not all captured) ',
        D_non_grpc_answer: null, // a 415 text/plain answer: no gRPC call to count for
        E_grpc_web: null, // gRPC-Web frames its bodies otherwise
      };
      for (const [name, note] of Object.entries(want)) {
        const r = tool('http_trace', '-r', fixture(`grpc-edge/${name}.pcap`));
        assert.strictEqual(r.code, 0, r.err);
        const answers = r.lines.filter((l) => !l.includes(' POST '));
        assert.strictEqual(answers.length, 1, name + ': ' + r.lines.join('\n'));
        if (note === null) assert.ok(!answers[0].includes('(request:'), answers[0]);
        else assert.ok(answers[0].includes(note), name + ': ' + answers[0]);
      }
    });

    it('prints WebSocket messages (ws.pcap)', function () {
      const r = tool('http_trace', '-r', fixture('ws.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, WS_LINES);
    });

    it('--method/--url/--host select requests (and their responses)', function () {
      let r = tool('http_trace', '-r', fixture('http.pcap'), '--method', '^post$');
      assert.deepStrictEqual(r.lines, [HTTP_LINES[4], HTTP_LINES[5], HTTP_LINES[12], HTTP_LINES[13], HTTP_LINES[14]]);
      r = tool('http_trace', '-r', fixture('http.pcap'), '--url', 'index');
      assert.deepStrictEqual(r.lines, [HTTP_LINES[0], HTTP_LINES[2], HTTP_LINES[6], HTTP_LINES[7]]);
      r = tool('http_trace', '-r', fixture('http.pcap'), '--host', '^\\[::1\\]');
      assert.deepStrictEqual(r.lines, HTTP_LINES.slice(15));
      r = tool('http_trace', '-r', fixture('http.pcap'), '--url', '(');
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /^http_trace: --url: Invalid regular expression/);
    });

    // A capture written here from a hand-made connection (test/track/helpers.js Flow).
    function writeFlow(file, exchanges) {
      const f = new Flow();
      const { put, close } = flowCapture(file);
      put(f.handshake());
      for (const [request, response] of exchanges) {
        put(f.pkt(true, 'PA', request));
        put(f.data(false, response, 1400));
        put(f.pkt(true, 'A'));
      }
      put(f.pkt(true, 'FA'), f.pkt(false, 'FA'), f.pkt(true, 'A'));
      close();
    }

    it('--bodies: a long body is measured whole, and a long compressed one shows its start', function () {
      const zlib = require('zlib');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-bodies-'));
      try {
        const file = path.join(dir, 'long.pcap');
        let text = '';
        for (let i = 0; text.length < 700000; i++) text += `line ${i} ${((i * 2654435761) >>> 0).toString(16)}\n`;
        const gz = zlib.gzipSync(Buffer.from(text), { level: 1 });
        assert.ok(gz.length > 262144, String(gz.length)); // more than http_trace keeps of a body (256 KiB)
        const binary = Buffer.alloc(400000, 7);
        writeFlow(file, [
          ['GET /gz HTTP/1.1\r\nHost: h\r\n\r\n', Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz])],
          ['GET /bin HTTP/1.1\r\nHost: h\r\n\r\n', Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 400000\r\n\r\n'), binary])],
        ]);
        const r = tool('http_trace', '-r', file, '--bodies');
        assert.strictEqual(r.code, 0, r.err);
        assert.ok(r.lines.includes('    line 0 0'), r.out.slice(0, 400));
        assert.ok(r.lines.includes(`    [... more: ${gz.length} bytes in all gzip]`), r.out.slice(0, 4000));
        assert.ok(r.lines.includes('    [400000 bytes of application/octet-stream]'), r.out.slice(-400));
        assert.doesNotMatch(r.out, /not decodable/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--url and the others also select which HTTP errors are printed', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-errors-'));
      try {
        const file = path.join(dir, 'errors.pcap');
        writeFlow(file, [
          ['GET /keep HTTP/1.1\r\nHost: h\r\n\r\n', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
          ['GET /drop HTTP/1.1\r\nHost: h\r\n\r\n', 'HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n'],
        ]);
        assert.match(tool('http_trace', '-r', file).out, /HTTP error/);
        const r = tool('http_trace', '-r', file, '--url', 'keep');
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines.length, 2, r.out);
        assert.doesNotMatch(r.out, /HTTP error/);
        assert.match(tool('http_trace', '-r', file, '--url', 'drop').out, /HTTP error/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('-f narrows the capture', function () {
      const r = tool('http_trace', '-r', fixture('http.pcap'), '-f', 'ip6');
      assert.deepStrictEqual(r.lines, HTTP_LINES.slice(15));
    });

    it('--headers prints headers and trailers under each line', function () {
      const r = tool('http_trace', '-r', fixture('http.pcap'), '--url', 'chunked', '--headers');
      assert.deepStrictEqual(r.lines, [
        HTTP_LINES[1],
        '    Host: 127.0.0.1:18180',
        HTTP_LINES[3],
        '    Content-Type: text/plain',
        '    Trailer: X-Checksum',
        '    Date: Thu, 26 Nov 2026 23:33:49 GMT',
        '    Connection: keep-alive',
        '    Keep-Alive: timeout=2',
        '    Transfer-Encoding: chunked',
        '    (trailer) X-Checksum: abc123',
      ]);
    });

    it('control characters a packet brings (URL, headers, reason, type, body, error) are shown as \\xNN', function () {
      const file = path.join(os.tmpdir(), `pcap-esc-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40020, t: 70 });
      const body = 'one\x1b[2J\ttwo\x9b31m';
      put(a.handshake(), a.data(true, 'GET /a\x1b]0;title\x07b HTTP/1.1\r\nHost: h\x1b[2J\r\nX-A: v\x1b[5m\r\n\r\n'));
      put(a.data(false, `HTTP/1.1 200 O\x1bK\r\nContent-Type: text/pl\x1bain\r\nContent-Length: 16\r\n\r\n${body}`));
      put(a.data(true, 'GET /x HTTP/1.1\r\nHost: h\r\n\r\n'), a.data(false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\x1b[1mz\r\n'));
      close();
      try {
        const r = tool('http_trace', '-r', file, '--headers', '--bodies');
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40020 -> 10.0.0.2:80 GET h\\x1b[2J/a\\x1b]0;title\\x07b',
          '    Host: h\\x1b[2J',
          '    X-A: v\\x1b[5m',
          '10.0.0.2:80 -> 10.0.0.1:40020 200 O\\x1bK text/pl\\x1bain 16 bytes 1.0 ms',
          '    Content-Type: text/pl\\x1bain',
          '    Content-Length: 16',
          '    one\\x1b[2J\ttwo\\x9b31m',
          '10.0.0.1:40020 -> 10.0.0.2:80 GET h/x',
          '    Host: h',
          '10.0.0.2:80 -> 10.0.0.1:40020 HTTP error: bad chunk size line "z\\u001b[1mz" (ERR_HTTP_PARSE)',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('text past ASCII: UTF-8 as UTF-8 (URL, headers, reason, type; --url matches it), other bytes as latin1', function () {
      const file = path.join(os.tmpdir(), `pcap-utf8-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40021, t: 80 });
      put(a.handshake(), a.data(true, 'GET /café/日本 HTTP/1.1\r\nHost: bücher.test\r\nX-Name: naïve 🙂\r\n\r\n'));
      put(a.data(false, 'HTTP/1.1 200 Très bien\r\nContent-Type: text/plaïn\r\nContent-Length: 0\r\n\r\n'));
      // ISO-8859-1 bytes, not UTF-8 (0xe9 alone): shown as the latin1 they would be
      put(a.data(true, Buffer.concat([Buffer.from('GET /caf'), Buffer.from([0xe9]), Buffer.from(' HTTP/1.1\r\nHost: h\r\n\r\n')])));
      put(a.data(false, 'HTTP/1.1 204 No Content\r\n\r\n'));
      close();
      try {
        const r = tool('http_trace', '-r', file, '--headers');
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40021 -> 10.0.0.2:80 GET bücher.test/café/日本',
          '    Host: bücher.test',
          '    X-Name: naïve 🙂',
          '10.0.0.2:80 -> 10.0.0.1:40021 200 Très bien text/plaïn 0 bytes 1.0 ms',
          '    Content-Type: text/plaïn',
          '    Content-Length: 0',
          '10.0.0.1:40021 -> 10.0.0.2:80 GET h/caf\u00e9',
          '    Host: h',
          '10.0.0.2:80 -> 10.0.0.1:40021 204 No Content 0 bytes 1.0 ms',
        ]);
        const picked = tool('http_trace', '-r', file, '--url', '日本$', '--host', '^bücher');
        assert.deepStrictEqual(untimed(picked.lines), [
          '10.0.0.1:40021 -> 10.0.0.2:80 GET bücher.test/café/日本',
          '10.0.0.2:80 -> 10.0.0.1:40021 200 Très bien text/plaïn 0 bytes 1.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('UTF-8 that reorders, breaks or hides text (bidi override, line separator, zero width) is shown as \\uNNNN', function () {
      const file = path.join(os.tmpdir(), `pcap-utf8-hidden-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40022, t: 80 });
      // U+202E turns 'gpj.exe' round on a terminal that does bidi: it would read 'exe.jpg'
      put(a.handshake(), a.data(true, 'GET /\u202egpj.exe HTTP/1.1\r\nHost: evil\u2028.test\r\nX-B: a\u2066b\u200bc\ufeff\r\n\r\n'));
      put(a.data(false, 'HTTP/1.1 200 O\u200fK\r\nContent-Length: 0\r\n\r\n'));
      close();
      try {
        const r = tool('http_trace', '-r', file, '--headers');
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40022 -> 10.0.0.2:80 GET evil\\u2028.test/\\u202egpj.exe',
          '    Host: evil\\u2028.test',
          '    X-B: a\\u2066b\\u200bc\\ufeff',
          '10.0.0.2:80 -> 10.0.0.1:40022 200 O\\u200fK 0 bytes 1.0 ms',
          '    Content-Length: 0',
        ]);
        // --url matches the text as sent, not as shown
        assert.strictEqual(untimed(tool('http_trace', '-r', file, '--url', '\u202egpj').lines).length, 2);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('WebSocket open: a latin1 Host and a UTF-8 URL each read as it is, as on the request line', function () {
      const file = path.join(os.tmpdir(), `pcap-ws-utf8-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40022, t: 90 });
      const head = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
      put(a.handshake(), a.data(true, Buffer.concat([Buffer.from('GET /café HTTP/1.1\r\nHost: h'), Buffer.from([0xe9]), Buffer.from('\r\n' + head)])));
      put(a.data(false, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n'));
      close();
      try {
        const r = tool('http_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines).filter((l) => !l.includes(' 101 ')), [
          '10.0.0.1:40022 -> 10.0.0.2:80 GET h\u00e9/café',
          '10.0.0.2:80 -> 10.0.0.1:40022 WebSocket open h\u00e9/café',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a response the capture ends in the middle of is printed at the end, saying so', function () {
      const file = path.join(os.tmpdir(), `pcap-cut-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40010, t: 50 });
      put(a.handshake(), a.data(true, 'GET /big HTTP/1.1\r\nHost: h\r\n\r\n'), a.data(false, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789'));
      close();
      try {
        const r = tool('http_trace', '-r', file, '--bodies');
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '00:00:50.004 10.0.0.1:40010 -> 10.0.0.2:80 GET h/big',
          '00:00:50.005 10.0.0.2:80 -> 10.0.0.1:40010 200 OK 10 bytes 1.0 ms (incomplete: the capture has no more of it)',
          '    [10 bytes]',
        ]);
        // a response that failed is an error line, and is not printed again at the end
        const b = new Flow({ cport: 40011, t: 60 });
        const second = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
        second.put(b.handshake(), b.data(true, 'GET /c HTTP/1.1\r\nHost: h\r\n\r\n'), b.data(false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'));
        second.close();
        const r2 = tool('http_trace', '-r', file);
        assert.deepStrictEqual(r2.lines.map((l) => l.replace(/^\S+ /, '')), [
          '10.0.0.1:40011 -> 10.0.0.2:80 GET h/c',
          '10.0.0.2:80 -> 10.0.0.1:40011 HTTP error: bad chunk size line "zz" (ERR_HTTP_PARSE)',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('--bodies prints text bodies', function () {
      const r = tool('http_trace', '-r', fixture('http.pcap'), '--url', 'submit|chunked', '--bodies');
      assert.ok(r.lines.includes('    name=pcap&value=' + 'y'.repeat(40)));
      assert.ok(r.lines.includes('    {"got":24,"body":"{\\"hello\\":\\"world\\",\\"n\\":42}"}'));
      const i = r.lines.indexOf(HTTP_LINES[3]);
      assert.deepStrictEqual(r.lines.slice(i + 1, i + 3), ['    first chunk', '    second chunk']);
    });

    it('--bodies copies what it keeps of a body: a view would hold the whole capture batch it lies in', function () {
      const file = path.join(os.tmpdir(), `pcap-bodies-pin-${process.pid}.pcap`);
      const { put, raw, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      // four uploads that stop after 1,000 bytes of their body, each in a batch of its own
      for (let i = 0; i < 4; i++) {
        const f = new Flow({ cport: 40100 + i, t: 10 + i });
        put(f.handshake(), f.pkt(true, 'PA', `POST /u${i} HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(1000)}`));
        filler(raw, 2.5, 10 + i);
      }
      close();
      try {
        const r = probedTool('http_trace', '-r', file, '--bodies');
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines.filter((l) => / POST h\/u\d$/.test(l)).length, 4, r.out);
        // a batch of 2 MiB held for each before (4 of 6); two may be alive anyway: the session
        // keeps up to two batches read ahead, waiting to be emitted
        assert.ok(r.probe.batches >= 5 && r.probe.batchesAlive <= 2, JSON.stringify(r.probe));
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('--color forces ANSI colours', function () {
      const r = tool('http_trace', '-r', fixture('ws.pcap'), '--color');
      assert.ok(r.out.includes('\x1b[35mWebSocket text\x1b[0m'));
    });
  });

  describe('dns_trace', function () {
    const dnsFixture = (name) => path.join(root, 'test', 'fixtures', 'app', name);

    it('pairs queries and answers over UDP and TCP (two pipelined queries in one segment), with the time taken', function () {
      const r = tool('dns_trace', '-r', dnsFixture('dns_lo.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, DNS_LINES);
    });

    it('a long answer over TCP in one-byte segments is joined once, not copied again on each', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-tiny-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const name = Buffer.from([3, 98, 105, 103, 4, 116, 101, 115, 116, 0]); // big.test
      const question = Buffer.concat([name, Buffer.from([0, 16, 0, 1])]); // TXT IN
      const header = (flags, an) => Buffer.from([0x12, 0x34, flags >> 8, flags & 255, 0, 1, 0, an, 0, 0, 0, 0]);
      // twelve TXT records of 240 bytes each: a message of 3,062 bytes
      const rr = Buffer.concat([Buffer.from([0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 241, 240]), Buffer.alloc(240, 120)]);
      const answer = Buffer.concat([header(0x8180, 12), question, ...Array(12).fill(rr)]);
      const framed = (m) => Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m]);
      const f = new Flow({ sport: 53, cport: 41053, t: 30 });
      put(f.handshake(), f.pkt(true, 'PA', framed(Buffer.concat([header(0x0100, 0), question]))), f.data(false, framed(answer), 1));
      close();
      try {
        const r = probedTool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.match(r.lines[0], /^00:00:30\.004 10\.0\.0\.1:41053 -> 10\.0\.0\.2:53 TXT big\.test NoError TXT "x{240}" /);
        assert.match(r.lines[1], /^1 query \(0 to a group\), 1 answered, 0 not answered, 0 answers without a query; /);
        // joining the bytes held with each one-byte segment copied 3064 * 3064 / 2 bytes
        assert.ok(r.probe.concatBytes < 4 * answer.length, JSON.stringify(r.probe));
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('-p: DNS on another port too (tshark -d tcp.port==8053,dns pairs the same exchange in 3.5 ms)', function () {
      const r = tool('dns_trace', '-r', dnsFixture('dns_lo.pcap'), '-p', '8053');
      assert.strictEqual(r.code, 0, r.err);
      assert.ok(r.lines.includes('23:22:47.045 127.0.0.1:39765 -> 127.0.0.1:8053 A a.test NoError A 93.184.216.34 10.0.0.1 3.5 ms'), r.out);
      assert.match(r.lines[r.lines.length - 1], /^22 queries \(0 to a group\), 20 answered, /);
      assert.strictEqual(r.lines.length, DNS_LINES.length + 1);
      for (const bad of ['0', '70000', 'x', '53.5']) assert.strictEqual(tool('dns_trace', '-p', bad).code, 2, bad);
    });

    it('queries to a multicast group get a line when sent, and so do responses to a group that match no query (announcements)', function () {
      const r = tool('dns_trace', '-r', dnsFixture('dns__mdns.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.lines.filter((l) => / PTR _ipp\._tcp\.local \(to the group\)$/.test(l)).length, 6);
      assert.strictEqual(r.lines.filter((l) => / ANY \S+\.ip6\.arpa \(to the group\)$/.test(l)).length, 6);
      assert.ok(r.lines.some((l) => /^11:16:03\.286 10\.0\.2\.7:5353 -> 224\.0\.0\.251:5353 \S+\.ip6\.arpa NoError PTR johanna-QEMU-Virtual-Machine\.local A 10\.0\.2\.7 PTR .* \(\+3 more\) \(to the group\)$/.test(l)), r.out);
      assert.ok(!r.out.includes('no query seen'), r.out);
      assert.strictEqual(r.lines[r.lines.length - 1], '12 queries (12 to a group), 0 answered, 0 not answered, 0 answers without a query, 6 responses to a group');
    });

    it('finds DNS under every link layer: RAW, IPv4, NULL, SLL2, 802.11 with radiotap', function () {
      const want = {
        'capture/tcpdump-linktype-ipv4.pcap': '1 query (0 to a group), 0 answered, 1 not answered, 0 answers without a query',
        'print/tcpdump-LINKTYPE_RAW_ipv4.pcap': '1 query (0 to a group), 0 answered, 1 not answered, 0 answers without a query',
        'print/zeek-dns-svcb.pcap': '1 query (0 to a group), 1 answered, 0 not answered, 0 answers without a query; took min/median/p99/max 0.3/0.3/0.3/0.3 ms',
        'print/any_sll2.pcap': '4 queries (0 to a group), 4 answered, 0 not answered, 0 answers without a query; took min/median/p99/max 0.2/0.3/0.9/0.9 ms',
        'print/zeek-radiotap.pcap': '1 query (0 to a group), 1 answered, 0 not answered, 0 answers without a query, 1 response to a group; took min/median/p99/max 41.7/41.7/41.7/41.7 ms',
      };
      for (const [file, summary] of Object.entries(want)) {
        const r = tool('dns_trace', '-r', path.join(root, 'test', 'fixtures', file));
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines[r.lines.length - 1], summary, file);
      }
    });

    it('--timeout: a query unanswered that long is "no answer"; a bad value is a usage error', function () {
      // twenty queries in one TCP segment whose answers the capture does not hold
      const r = tool('dns_trace', '-r', dnsFixture('dns_tcp_multi_f4.pcap'), '--timeout', '0.5');
      assert.strictEqual(r.lines.length, 21);
      assert.match(r.lines[0], /^19:50:58\.996 10\.16\.1\.11:59092 -> 10\.16\.1\.1:53 A \d+\.google\.com no answer$/);
      assert.strictEqual(r.lines[20], '20 queries (0 to a group), 0 answered, 20 not answered, 0 answers without a query');
      // (with -r: a value taken by mistake must not start a live capture)
      for (const bad of ['0', '-1', 'soon', '0x10', '1e3', ' 5', 'Infinity']) assert.strictEqual(tool('dns_trace', '-r', fixture('http.pcap'), '--timeout', bad).code, 2, bad);
    });

    it('retries, one query to two servers, a stranger\'s answer, and a TCP stream with a hole in an answer', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-edge-${process.pid}.pcap`);
      writeDnsEdgeCases(file);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          // answered after a retry: timed from the first send, as tshark's dns.time
          '22:13:21.100 10.0.0.1:3334 -> 10.0.0.53:53 A retry.test NoError A 192.0.2.1 1020.0 ms (1 retry)',
          // the same client port and id to two servers: each answer to its own query
          '22:13:22.220 10.0.0.1:3335 -> 10.0.0.53:53 A two.test NoError A 192.0.2.1 10.0 ms',
          '22:13:22.220 10.0.0.1:3335 -> 10.0.0.54:53 A two.test NoError A 192.0.2.1 20.0 ms',
          // an answer from a host that was not asked matches nothing
          '22:13:22.350 10.6.6.6:53 -> 10.0.0.1:3336 A spoofed.test NoError A 6.6.6.6 (no query seen)',
          // over TCP: the first answer lost its end to the snap length; the next one still pairs
          '22:13:22.400 10.0.0.1:40001 -> 10.0.0.53:53 A after.test NoError A 192.0.2.1 2.0 ms',
          '22:13:22.340 10.0.0.1:3336 -> 10.0.0.53:53 A asked.test no answer',
          '22:13:22.396 10.0.0.1:40001 -> 10.0.0.53:53 A big.test no answer',
          '6 queries (0 to a group), 4 answered, 2 not answered, 1 answer without a query, 1 retry; took min/median/p99/max 2.0/20.0/1020.0/1020.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a response code with EDNS\'s upper bits: BADCOOKIE, not the header\'s YXRRSet', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-rcode-${process.pid}.pcap`);
      // an OPT record: class 1232, TTL = extended rcode 1, version 0
      const withOpt = (m, rcode) => {
        const b = Buffer.concat([m, Buffer.from([0, 0, 41, 4, 208, 1, 0, 0, 0, 0, 0])]);
        b.writeUInt16BE(1, 10); // ARCOUNT
        b[3] |= rcode;
        return b;
      };
      const answer = dnsMessage(22, 'cookie.test', false);
      answer.writeUInt16BE(0x8180, 2);
      writeDnsCapture(file, [
        [0.3, frame('10.0.0.1', 3342, '10.0.0.53', 53, withOpt(dnsMessage(22, 'cookie.test', false), 0))],
        [0.31, frame('10.0.0.53', 53, '10.0.0.1', 3342, withOpt(answer, 7))],
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines[0], '22:13:21.300 10.0.0.1:3342 -> 10.0.0.53:53 A cookie.test BADCOOKIE 10.0 ms');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('an answer the capture cut short (a first IP fragment, the snap length) says so, not a bare NoError', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-cut-${process.pid}.pcap`);
      const cut = frame('10.0.0.53', 53, '10.0.0.1', 3340, dnsMessage(20, 'cut.test', true));
      writeDnsCapture(file, [[0.1, frame('10.0.0.1', 3340, '10.0.0.53', 53, dnsMessage(20, 'cut.test', false))], [0.11, cut, cut.length - 3]]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines[0], '22:13:21.100 10.0.0.1:3340 -> 10.0.0.53:53 A cut.test NoError [answer truncated] 10.0 ms');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a query an ICMP error says was not delivered (port or host unreachable) gets its line then, not "no answer"', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-unreach-${process.pid}.pcap`);
      // ICMP type 3 from `from`, quoting the IPv4 datagram of `query` (a frame from frame())
      const icmpError = (from, code, query) => {
        const quoted = query.subarray(14);
        const icmp = Buffer.concat([Buffer.from([3, code, 0, 0, 0, 0, 0, 0]), quoted]);
        const to = [...quoted.subarray(12, 16)].join('.');
        const f = frame(from, 0, to, 0, icmp);
        // frame() makes UDP: take its IP header, make it ICMP, and drop the UDP header
        const ip = Buffer.from(f.subarray(14, 34));
        ip[9] = 1;
        ip.writeUInt16BE(20 + icmp.length, 2);
        return Buffer.concat([f.subarray(0, 14), ip, icmp]);
      };
      const closed = frame('10.0.0.1', 3350, '10.0.0.53', 53, dnsMessage(30, 'closed.test', false));
      const nowhere = frame('10.0.0.1', 3351, '10.0.0.99', 53, dnsMessage(31, 'nowhere.test', false));
      const answered = frame('10.0.0.1', 3352, '10.0.0.53', 53, dnsMessage(32, 'answered.test', false));
      writeDnsCapture(file, [
        [0.1, closed],
        [0.1002, icmpError('10.0.0.53', 3, closed)],
        [0.2, nowhere],
        [0.5, icmpError('10.0.0.254', 1, nowhere)], // from a router: host unreachable
        [0.6, answered],
        [0.61, frame('10.0.0.53', 53, '10.0.0.1', 3352, dnsMessage(32, 'answered.test', true))],
        [0.62, icmpError('10.0.0.53', 3, answered)], // late: its query was answered, nothing changes
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.100 10.0.0.1:3350 -> 10.0.0.53:53 A closed.test unreachable: destination port unreachable 0.2 ms',
          '22:13:21.200 10.0.0.1:3351 -> 10.0.0.99:53 A nowhere.test unreachable: destination host unreachable 300.0 ms',
          '22:13:21.600 10.0.0.1:3352 -> 10.0.0.53:53 A answered.test NoError A 192.0.2.1 10.0 ms',
          '3 queries (0 to a group), 1 answered, 0 not answered, 2 unreachable, 0 answers without a query; took min/median/p99/max 10.0/10.0/10.0/10.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('an ICMP error quoting only the UDP header of a query (RFC 792: 8 bytes past the IP header) still pairs with it', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-unreach8-${process.pid}.pcap`);
      // ICMP type 3 from a router, quoting the first `n` bytes of the IPv4 datagram of `query`
      const icmpError = (from, code, query, n) => {
        const quoted = query.subarray(14, 14 + n);
        const icmp = Buffer.concat([Buffer.from([3, code, 0, 0, 0, 0, 0, 0]), quoted]);
        const f = frame(from, 0, [...quoted.subarray(12, 16)].join('.'), 0, icmp);
        const ip = Buffer.from(f.subarray(14, 34));
        ip[9] = 1;
        ip.writeUInt16BE(20 + icmp.length, 2);
        return Buffer.concat([f.subarray(0, 14), ip, icmp]);
      };
      const eight = frame('10.0.0.1', 3360, '10.0.0.99', 53, dnsMessage(40, 'eight.test', false));
      const idCut = frame('10.0.0.1', 3361, '10.0.0.99', 53, dnsMessage(41, 'idcut.test', false));
      const ipOnly = frame('10.0.0.1', 3362, '10.0.0.99', 53, dnsMessage(42, 'iponly.test', false));
      const answer = frame('10.0.0.53', 53, '10.0.0.1', 3363, dnsMessage(43, 'back.test', true));
      writeDnsCapture(file, [
        [0.1, eight],
        [0.2, idCut],
        [0.3, ipOnly],
        [0.4, frame('10.0.0.1', 3363, '10.0.0.53', 53, dnsMessage(43, 'back.test', false))],
        [0.5, icmpError('10.0.0.254', 1, eight, 28)], // the UDP header and no more
        [0.6, icmpError('10.0.0.254', 1, idCut, 29)], // one byte of the id
        [0.7, icmpError('10.0.0.254', 1, ipOnly, 20)], // no ports: nothing to pair by
        [0.8, icmpError('10.0.0.1', 3, answer, 28)], // an answer's header: no query waits from 10.0.0.53:53
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.100 10.0.0.1:3360 -> 10.0.0.99:53 A eight.test unreachable: destination host unreachable 400.0 ms',
          '22:13:21.200 10.0.0.1:3361 -> 10.0.0.99:53 A idcut.test unreachable: destination host unreachable 400.0 ms',
          '22:13:21.300 10.0.0.1:3362 -> 10.0.0.99:53 A iponly.test no answer',
          '22:13:21.400 10.0.0.1:3363 -> 10.0.0.53:53 A back.test no answer',
          '4 queries (0 to a group), 0 answered, 2 not answered, 2 unreachable, 0 answers without a query',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a second copy of an answer (tshark: retransmitted response) is a duplicate, not an answer without a query', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-dup-${process.pid}.pcap`);
      const C = '10.0.0.1';
      const S = '10.0.0.53';
      writeDnsCapture(file, [
        [0.2, frame(C, 3341, S, 53, dnsMessage(21, 'dup.test', false))],
        [0.21, frame(S, 53, C, 3341, dnsMessage(21, 'dup.test', true))],
        [0.22, frame(S, 53, C, 3341, dnsMessage(21, 'dup.test', true))],
        // past the timeout the same id and port are another exchange: an answer then has no query
        [6.3, frame(S, 53, C, 3341, dnsMessage(21, 'dup.test', true))],
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.200 10.0.0.1:3341 -> 10.0.0.53:53 A dup.test NoError A 192.0.2.1 10.0 ms',
          '22:13:21.220 10.0.0.53:53 -> 10.0.0.1:3341 A dup.test NoError A 192.0.2.1 (duplicate answer)',
          '22:13:27.300 10.0.0.53:53 -> 10.0.0.1:3341 A dup.test NoError A 192.0.2.1 (no query seen)',
          '1 query (0 to a group), 1 answered, 0 not answered, 1 answer without a query, 1 duplicate answer; took min/median/p99/max 10.0/10.0/10.0/10.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('DNS inside a tunnel: GRE in IPv4 in IPv6 (tshark\'s frame 6), not the ICMP error quoting a query', function () {
      const r = tool('dns_trace', '-r', path.join(root, 'test', 'fixtures', 'tunnel', 'pcapplusplus-GrePackets.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.lines[0], /^\S+ 8\.8\.8\.8:53 -> 172\.16\.44\.3:40768 AAAA xqt-detect-mode2-\S+ NXDomain \(no query seen\)$/);
      assert.strictEqual(r.lines[1], '0 queries (0 to a group), 0 answered, 0 not answered, 1 answer without a query');
      const icmp = tool('dns_trace', '-r', path.join(root, 'test', 'fixtures', 'print', 'zeek-icmp__icmp-destunreach-udp.pcap'));
      assert.deepStrictEqual(icmp.lines, ['0 queries (0 to a group), 0 answered, 0 not answered, 0 answers without a query']);
    });

    it('an answer goes with the query of its question: A and AAAA with one id and port are two queries, not a retry', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-question-${process.pid}.pcap`);
      const C = '10.0.0.1';
      const S = '10.0.0.53';
      const aaaa = (m) => {
        const b = Buffer.from(m);
        b[12 + 'same.test'.length + 3] = 28; // QTYPE
        return b;
      };
      const noQuestion = dnsMessage(31, 'nq.test', false).subarray(0, 12);
      noQuestion.writeUInt16BE(0x8181, 2); // FORMERR
      noQuestion.writeUInt16BE(0, 4);
      writeDnsCapture(file, [
        [0.4, frame(C, 4000, S, 53, dnsMessage(30, 'same.test', false))],
        [0.4001, frame(C, 4000, S, 53, aaaa(dnsMessage(30, 'same.test', false)))],
        [0.42, frame(S, 53, C, 4000, aaaa(dnsMessage(30, 'same.test', false)).fill(0, 2, 4).fill(0x81, 2, 3))],
        [0.43, frame(S, 53, C, 4000, dnsMessage(30, 'SAME.test', true))],
        // an answer without its question takes the query of its id
        [0.5, frame(C, 4001, S, 53, dnsMessage(31, 'nq.test', false))],
        [0.51, frame(S, 53, C, 4001, noQuestion)],
        [0.52, frame(S, 53, C, 4001, noQuestion)], // and a copy of it is a duplicate, as any answer's
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.400 10.0.0.1:4000 -> 10.0.0.53:53 AAAA same.test NoError 19.9 ms',
          // the name's case may differ (resolvers randomise it)
          '22:13:21.400 10.0.0.1:4000 -> 10.0.0.53:53 A SAME.test NoError A 192.0.2.1 30.0 ms',
          // (its line shows the query's question)
          '22:13:21.500 10.0.0.1:4001 -> 10.0.0.53:53 A nq.test FormErr 10.0 ms',
          '22:13:21.520 10.0.0.53:53 -> 10.0.0.1:4001 (no question) FormErr (duplicate answer)',
          '3 queries (0 to a group), 3 answered, 0 not answered, 0 answers without a query, 1 duplicate answer; took min/median/p99/max 10.0/19.9/30.0/30.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a query to a group takes the answer of each responder (RFC 4795 2.6, RFC 6762 6), not only the first', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-responders-${process.pid}.pcap`);
      const C = '10.0.0.1';
      writeDnsCapture(file, [
        // LLMNR: the query to the group; two hosts answer it, each to the asker (unicast)
        [0.6, frame(C, 50000, '224.0.0.252', 5355, dnsMessage(40, 'dup', false))],
        [0.61, frame('10.0.0.2', 5355, C, 50000, dnsMessage(40, 'dup', true, [10, 0, 0, 2]))],
        [0.62, frame('10.0.0.3', 5355, C, 50000, dnsMessage(40, 'dup', true, [10, 0, 0, 3]))],
        // a copy of an answer from the same responder stays a duplicate
        [0.63, frame('10.0.0.3', 5355, C, 50000, dnsMessage(40, 'dup', true, [10, 0, 0, 3]))],
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.600 10.0.0.1:50000 -> 224.0.0.252:5355 A dup (to the group)',
          '22:13:21.600 10.0.0.1:50000 -> 10.0.0.2:5355 A dup NoError A 10.0.0.2 10.0 ms',
          '22:13:21.600 10.0.0.1:50000 -> 10.0.0.3:5355 A dup NoError A 10.0.0.3 20.0 ms',
          '22:13:21.630 10.0.0.3:5355 -> 10.0.0.1:50000 A dup NoError A 10.0.0.3 (duplicate answer)',
          '1 query (1 to a group), 1 answered, 0 not answered, 0 answers without a query, 1 duplicate answer; took min/median/p99/max 10.0/20.0/20.0/20.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('an LLMNR query sent to the group again before an answer is a retry (RFC 4795 2.7); an mDNS one from 5353 is a new query', function () {
      const file = path.join(os.tmpdir(), `pcap-dns-group-retry-${process.pid}.pcap`);
      const C = '10.0.0.1';
      writeDnsCapture(file, [
        [0.7, frame(C, 50001, '224.0.0.252', 5355, dnsMessage(41, 'peer', false))],
        [0.8, frame(C, 50001, '224.0.0.252', 5355, dnsMessage(41, 'peer', false))],
        [0.85, frame('10.0.0.2', 5355, C, 50001, dnsMessage(41, 'peer', true, [10, 0, 0, 2]))],
        // mDNS's continuous querying (RFC 6762 5.2): the same query again a second later is another
        [1.0, frame(C, 5353, '224.0.0.251', 5353, dnsMessage(0, 'printer.local', false))],
        [2.0, frame(C, 5353, '224.0.0.251', 5353, dnsMessage(0, 'printer.local', false))],
      ]);
      try {
        const r = tool('dns_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, [
          '22:13:21.700 10.0.0.1:50001 -> 224.0.0.252:5355 A peer (to the group)',
          // timed from the first send, as a unicast query's retry
          '22:13:21.700 10.0.0.1:50001 -> 10.0.0.2:5355 A peer NoError A 10.0.0.2 150.0 ms (1 retry)',
          '22:13:22.000 10.0.0.1:5353 -> 224.0.0.251:5353 A printer.local (to the group)',
          '22:13:23.000 10.0.0.1:5353 -> 224.0.0.251:5353 A printer.local (to the group)',
          '3 queries (3 to a group), 1 answered, 0 not answered, 0 answers without a query, 1 retry; took min/median/p99/max 150.0/150.0/150.0/150.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('live on lo: a query left unanswered gets its "no answer" line after --timeout, though no other packet comes', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const dgram = require('dgram');
      const silent = dgram.createSocket('udp4'); // receives the query, never answers
      await new Promise((resolve) => silent.bind(0, '127.0.0.1', resolve));
      const port = silent.address().port;
      const client = dgram.createSocket('udp4');
      let tool = null;
      try {
        tool = await startLiveTool('dns_trace', ['-i', 'lo', '-p', String(port), '-f', `udp port ${port}`, '--timeout', '1'], 15000, { TZ: 'UTC' });
        let out = '';
        tool.child.stdout.on('data', (d) => {
          out += d;
        });
        client.send(Buffer.concat([Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from('\x05quiet\x04test\x00\x00\x01\x00\x01', 'latin1')]), port, '127.0.0.1');
        await new Promise((resolve) => setTimeout(resolve, 3500)); // the timeout, its slack, and then some
        assert.match(out, new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} A quiet\\.test no answer\\n$`));
        tool.child.kill('SIGINT');
        assert.strictEqual(await tool.exit, 0);
        assert.match(out, /\n1 query \(0 to a group\), 0 answered, 1 not answered, 0 answers without a query\n$/);
      } finally {
        if (tool) tool.stop();
        client.close();
        silent.close();
      }
    });

    it('live on lo: queries to a closed port, over IPv4 and IPv6, are unreachable at once (the default filter takes the ICMP errors)', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const dgram = require('dgram');
      // a port with nothing bound to it: bound and closed again, so the kernel answers ICMP
      const probe = dgram.createSocket('udp4');
      await new Promise((resolve) => probe.bind(0, '127.0.0.1', resolve));
      const port = probe.address().port;
      await new Promise((resolve) => probe.close(resolve));
      const v4 = dgram.createSocket('udp4');
      const v6 = dgram.createSocket('udp6');
      v4.on('error', () => {}); // the socket is told of the ICMP error too
      v6.on('error', () => {});
      let tool = null;
      try {
        tool = await startLiveTool('dns_trace', ['-i', 'lo', '-p', String(port)], 15000, { TZ: 'UTC' });
        let out = '';
        tool.child.stdout.on('data', (d) => {
          out += d;
        });
        const query = Buffer.concat([Buffer.from([0x12, 0x35, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from('\x06closed\x04test\x00\x00\x01\x00\x01', 'latin1')]);
        v4.send(query, port, '127.0.0.1');
        v6.send(query, port, '::1');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        tool.child.kill('SIGINT');
        assert.strictEqual(await tool.exit, 0);
        // the query lines without their time, client port and time taken (both orders can come)
        const queries = out.split('\n').filter((l) => l.includes('closed.test')).map((l) => l.replace(/^\S+ /, '').replace(/:\d+ ->/, ': ->').replace(/ [\d.]+ ms$/, ''));
        assert.deepStrictEqual(queries.sort(), [
          `127.0.0.1: -> 127.0.0.1:${port} A closed.test unreachable: destination port unreachable`,
          `[::1]: -> [::1]:${port} A closed.test unreachable: destination unreachable (port unreachable)`,
        ]);
        assert.match(out, /\n2 queries \(0 to a group\), 0 answered, 0 not answered, 2 unreachable, 0 answers without a query\n$/);
      } finally {
        if (tool) tool.stop();
        v4.close();
        v6.close();
      }
    });

    it('live on lo: SIGINT while the reader lags stops the capture, so no line comes after the summary', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(30000);
      const dgram = require('dgram');
      // a server that answers every query with its own bytes (QR set), and a client that never stops asking
      const server = dgram.createSocket('udp4');
      server.on('message', (m, from) => {
        m[2] |= 0x80;
        server.send(m, from.port, from.address);
      });
      await new Promise((resolve) => server.bind(0, '127.0.0.1', resolve));
      const port = server.address().port;
      const client = dgram.createSocket('udp4');
      const query = (id) => Buffer.concat([Buffer.from([id >> 8, id & 0xff, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from('\x07example\x04test\x00\x00\x01\x00\x01', 'latin1')]);
      let id = 0;
      const asking = setInterval(() => {
        for (let i = 0; i < 50; i++) client.send(query(id++ & 0xffff), port, '127.0.0.1');
      }, 5);
      let tool = null;
      try {
        tool = await startLiveTool('dns_trace', ['-i', 'lo', '-p', String(port), '-f', `udp port ${port}`], 25000);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // nobody reads: the pipe fills
        tool.child.kill('SIGINT');
        await new Promise((resolve) => setTimeout(resolve, 1000)); // the queries go on meanwhile
        let out = '';
        tool.child.stdout.on('data', (d) => {
          out += d;
        });
        const code = await tool.exit;
        await new Promise((resolve) => setImmediate(resolve));
        assert.strictEqual(code, 0);
        const lines = out.split('\n').filter(Boolean);
        assert.ok(lines.length > 1000, `${lines.length} lines`);
        assert.match(lines[lines.length - 1], /^\d+ queries \(0 to a group\), \d+ answered/);
        assert.strictEqual(lines.filter((l) => / queries /.test(l)).length, 1);
      } finally {
        if (tool) tool.stop();
        clearInterval(asking);
        client.close();
        server.close();
      }
    });

    it('live on lo: node\'s resolver over UDP, and over TCP after a truncated answer', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const server = await startDnsServer('127.0.0.77');
      if (!server) this.skip(); // something else holds 127.0.0.77:53
      let lines;
      try {
        lines = await liveRun('dns_trace', ['-f', 'host 127.0.0.77'], async () => {
          const resolver = new (require('dns').promises.Resolver)({ timeout: 2000, tries: 1 });
          resolver.setServers(['127.0.0.77']);
          assert.deepStrictEqual(await resolver.resolve4('one.test'), ['192.0.2.1']);
          assert.deepStrictEqual(await resolver.resolve4('big.test'), ['192.0.2.1']); // UDP says truncated: TCP
        });
      } finally {
        server.close();
      }
      const at = '\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.77:53';
      assert.match(lines[0], new RegExp(`^${at} A one\\.test NoError A 192\\.0\\.2\\.1 \\d+\\.\\d ms$`));
      assert.match(lines[1], new RegExp(`^${at} A big\\.test NoError truncated \\d+\\.\\d ms$`));
      assert.match(lines[2], new RegExp(`^${at} A big\\.test NoError A 192\\.0\\.2\\.1 \\d+\\.\\d ms$`));
      assert.match(lines[3], /^3 queries \(0 to a group\), 3 answered, 0 not answered, 0 answers without a query; took /);
      assert.strictEqual(lines.length, 4, lines.join('\n'));
    });
  });

  describe('pg_trace', function () {
    // PostgreSQL messages by hand: a typed message (its strings NUL-terminated), 32- and 16-bit integers
    const msg = (type, ...parts) => {
      const body = Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x + '\0') : x)));
      const head = Buffer.alloc(5);
      head.write(type, 'latin1');
      head.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([head, body]);
    };
    const i32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
    const i16 = (n) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };

    const PG_LINES = [
      '17:14:53.662 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 3.8 ms CREATE TABLE "CREATE TABLE fixture (id int PRIMARY KEY, name text);"',
      '17:14:53.665 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.4 ms INSERT 0 3 "INSERT INTO fixture VALUES (1, \'one\'), (2, \'two\'), (3, NULL);"',
      '17:14:53.666 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.4 ms SELECT 3 "SELECT id, name FROM fixture ORDER BY id;"',
      '17:14:53.666 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 1.3 ms DO "DO $$ BEGIN RAISE NOTICE \'a notice from the fixture\'; END $$;"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.0 ms LISTEN "LISTEN fixture_channel;"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres NOTIFY fixture_channel "hello"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.0 ms NOTIFY "NOTIFY fixture_channel, \'hello\';"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.0 ms COPY 3 "COPY fixture TO STDOUT;"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 0.1 ms ERROR 42P01 relation "no_such_table" does not exist "SELECT * FROM no_such_table;"',
      '17:14:53.668 127.0.0.1:50996 -> 127.0.0.1:5432 postgres@postgres 4.3 ms SELECT 3000 "SELECT g, md5(g::text) FROM generate_series(1, 3000) g;"',
      '17:14:53.759 127.0.0.1:51012 -> 127.0.0.1:5432 fixture_trust@postgres 0.5 ms SELECT 1 "SELECT $1::int + 1 AS answer"',
      '17:14:54.063 127.0.0.1:51014 -> 127.0.0.1:5432 cancel request for backend 29761',
      '17:14:53.760 127.0.0.1:51012 -> 127.0.0.1:5432 fixture_trust@postgres 303.7 ms ERROR 57014 canceling statement due to user request "SELECT pg_sleep(10)"',
      '11 statements on 3 connections, 2 errors, 1 notification, 1 cancel request; took min/median/p99/max 0.0/0.4/303.7/303.7 ms',
    ];

    it('one line per statement of psql and an extended-protocol client against PostgreSQL 15, with the time to its result', async function () {
      const file = path.join(root, 'test', 'fixtures', 'app', 'pgsql_lo.pcap');
      const r = tool('pg_trace', '-r', file);
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, PG_LINES);
      // the times are from the query's frame to the frame with the ReadyForQuery (simple query) or
      // CommandComplete (extended) that ends it, as tshark lists those messages
      const truth = JSON.parse(fs.readFileSync(file + '.truth.json', 'utf8'));
      const { packets } = await require('../helpers/collect').collect(file);
      const time = (i) => packets[i].ts_sec + packets[i].ts_nsec / 1e9;
      const took = (sql, ending) => {
        const q = truth.findIndex((t) => (t['pgsql.query'] || []).includes(sql));
        const done = truth.findIndex((t, i) => i > q && (t['pgsql.frontend'] || [])[0] === 0 && (t['pgsql.type'] || []).includes(ending));
        return ((time(done) - time(q)) * 1000).toFixed(1);
      };
      // the 3,000 rows end in a segment tshark reads only as the rest of a message (no reassembly):
      // the last one the server sends before the client's next message
      const q3000 = truth.findIndex((t) => (t['pgsql.query'] || []).includes('SELECT g, md5(g::text) FROM generate_series(1, 3000) g;'));
      const next = truth.findIndex((t, i) => i > q3000 && (t['pgsql.frontend'] || [])[0] === 1);
      const last = truth.slice(0, next).map((t, i) => (i > q3000 && (t['pgsql.type'] || t.continuation) ? i : -1)).filter((i) => i >= 0).pop();
      assert.strictEqual(((time(last) - time(q3000)) * 1000).toFixed(1), '4.3');
      assert.strictEqual(took('SELECT pg_sleep(10)', 'Error'), '303.7');
      assert.strictEqual(took('SELECT $1::int + 1 AS answer', 'Command completion'), '0.5');
    });

    it('batches and errors, messages cut into small segments, TLS and GSS, a late join, HTTP on the port, quiet spells, a FATAL, statements left waiting', function () {
      const untyped = (...parts) => { const body = Buffer.concat(parts); return Buffer.concat([i32(4 + body.length), body]); };
      const startup = untyped(i32(196608), Buffer.from('user\0app\0database\0shop\0\0'));
      const ready = msg('Z', Buffer.from('I'));
      const hello = Buffer.concat([msg('R', i32(0)), ready]);
      const file = path.join(os.tmpdir(), `pcap-pg-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      // 1: an extended batch of two statements whose first fails; then a query cut into 3-byte segments
      const a = new Flow({ sport: 5432, cport: 40100, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', startup), a.pkt(false, 'PA', hello));
      put(a.pkt(true, 'PA', Buffer.concat([
        msg('P', 'a', 'select 1/0', i16(0)), msg('B', '', 'a', i16(0), i16(0), i16(0)), msg('E', '', i32(0)),
        msg('P', 'b', 'select 2', i16(0)), msg('B', '', 'b', i16(0), i16(0), i16(0)), msg('E', '', i32(0)), msg('S'),
      ])));
      put(a.pkt(false, 'PA', Buffer.concat([msg('1'), msg('2'), msg('E', Buffer.from('SERROR\0C22012\0Mdivision by zero\0\0')), ready])));
      put(a.data(true, msg('Q', 'select 42'), 3), a.data(false, Buffer.concat([msg('T', i16(0)), msg('D', i16(1), i32(2), Buffer.from('42')), msg('C', 'SELECT 1'), ready]), 5));
      put(a.pkt(true, 'PA', msg('Q', 'select pg_sleep(100)')), a.pkt(true, 'FA'), a.pkt(false, 'FA'), a.pkt(true, 'A'));
      // 2: SSLRequest accepted: TLS from there on
      const b = new Flow({ sport: 5432, cport: 40101, t: 20 });
      put(b.handshake(), b.pkt(true, 'PA', untyped(i32(80877103))), b.pkt(false, 'PA', 'S'), b.pkt(true, 'PA', Buffer.from([22, 3, 1, 0, 1, 1])));
      // 3: joined after its start
      const c = new Flow({ sport: 5432, cport: 40102, t: 30 });
      put(c.pkt(false, 'PA', Buffer.concat([msg('C', 'SELECT 1'), ready])));
      // 4: something else on the port
      const d = new Flow({ sport: 5432, cport: 40103, t: 40 });
      put(d.handshake(), d.pkt(true, 'PA', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      // 5: a Parse that fails, pipelined with a query; a multi-statement query failing at its end;
      // an empty query; a row limit; 200 s of quiet; a FATAL in the middle of a query
      const e = new Flow({ sport: 5432, cport: 40104, t: 50 });
      put(e.handshake(), e.pkt(true, 'PA', startup), e.pkt(false, 'PA', hello));
      put(e.pkt(true, 'PA', Buffer.concat([msg('P', '', 'selec 1', i16(0)), msg('S'), msg('Q', 'select 42')])));
      put(e.pkt(false, 'PA', Buffer.concat([msg('E', Buffer.from('SERROR\0C42601\0Msyntax error at or near "selec"\0\0')), ready, msg('C', 'SELECT 1'), ready])));
      put(e.pkt(true, 'PA', msg('Q', 'begin; commit; select 1/0')));
      put(e.pkt(false, 'PA', Buffer.concat([msg('C', 'BEGIN'), msg('C', 'COMMIT'), msg('E', Buffer.from('SERROR\0C22012\0Mdivision by zero\0\0')), ready])));
      put(e.pkt(true, 'PA', msg('Q', '')), e.pkt(false, 'PA', Buffer.concat([msg('I'), ready])));
      put(e.pkt(true, 'PA', Buffer.concat([msg('P', '', 'select g from t', i16(0)), msg('B', 'c1', '', i16(0), i16(0), i16(0)), msg('E', 'c1', i32(2)), msg('S')])));
      put(e.pkt(false, 'PA', Buffer.concat([msg('1'), msg('2'), msg('D', i16(1), i32(1), Buffer.from('1')), msg('D', i16(1), i32(1), Buffer.from('2')), msg('s'), ready])));
      put(e.pkt(true, 'A', null, { t: e.t + 200 }), e.pkt(true, 'PA', msg('Q', 'select pg_sleep(60)')));
      put(e.pkt(false, 'PA', msg('E', Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0'))), e.pkt(false, 'FA'), e.pkt(true, 'FA'));
      // 6: GSS encryption accepted; 7: TLS straight away (no SSLRequest)
      const g = new Flow({ sport: 5432, cport: 40105, t: 60 });
      put(g.handshake(), g.pkt(true, 'PA', untyped(i32(80877104))), g.pkt(false, 'PA', 'G'), g.pkt(true, 'PA', Buffer.alloc(40, 0x60)));
      const t = new Flow({ sport: 5432, cport: 40106, t: 70 });
      put(t.handshake(), t.pkt(true, 'PA', Buffer.from([22, 3, 1, 1, 0, 1, 0, 0, 252, 3, 3])));
      close();
      try {
        const r = tool('pg_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        // a statement's time starts with the segment that completes it (as tshark times requests)
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40100 -> 10.0.0.2:5432 app@shop 1.0 ms ERROR 22012 division by zero "select 1/0"',
          '10.0.0.1:40100 -> 10.0.0.2:5432 app@shop not run (an earlier statement of its batch failed) "select 2"',
          '10.0.0.1:40100 -> 10.0.0.2:5432 app@shop 8.0 ms SELECT 1 "select 42"',
          '10.0.0.1:40100 -> 10.0.0.2:5432 app@shop no result before the connection ended "select pg_sleep(100)"',
          // the Parse error belongs to its batch, not to the query after it
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms ERROR 42601 syntax error at or near "selec" "selec 1"',
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms SELECT 1 "select 42"',
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms BEGIN, COMMIT, then ERROR 22012 division by zero "begin; commit; select 1/0"',
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms empty query ""',
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms suspended after 2 rows "select g from t"',
          // after 200 s without a packet the connection is still followed; a FATAL ends its query
          '10.0.0.1:40104 -> 10.0.0.2:5432 app@shop 1.0 ms FATAL 57P01 terminating connection due to administrator command "select pg_sleep(60)"',
          '8 statements on 7 connections, 4 errors, 1 not run; took min/median/p99/max 1.0/1.0/8.0/8.0 ms; not read: 3 encrypted, 1 joined after its start, 1 not speaking the protocol',
        ]);
        for (const bad of ['0', '70000', 'x']) assert.strictEqual(tool('pg_trace', '-p', bad).code, 2, bad);
        assert.strictEqual(tool('pg_trace', '--help').code, 0);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('control characters a packet brings (user, database, error, NOTIFY channel, SQL) are shown as \\xNN', function () {
      const msg = (type, ...parts) => {
        const body = Buffer.concat(parts.map((x) => Buffer.from(x + '\0')));
        const head = Buffer.alloc(5);
        head.write(type, 'latin1');
        head.writeInt32BE(4 + body.length, 1);
        return Buffer.concat([head, body]);
      };
      const params = Buffer.from('user\0a\x1b]0;t\x07pp\0database\0sh\x1b[2Jop\0\0');
      const startup = Buffer.concat([i32(8 + params.length), i32(196608), params]);
      const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      const file = path.join(os.tmpdir(), `pcap-pg-esc-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const a = new Flow({ sport: 5432, cport: 40200, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', startup), a.pkt(false, 'PA', Buffer.concat([Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]), ready])));
      put(a.pkt(true, 'PA', msg('Q', 'select \x7f\x9b1m')));
      put(a.pkt(false, 'PA', Buffer.concat([msg('E', 'SERROR', 'C42601', 'Mno \x1b[5m here', ''), ready])));
      put(a.pkt(false, 'PA', Buffer.concat([Buffer.from('A'), (() => { const b = Buffer.concat([i32(7), Buffer.from('ch\x1b[1m\0hi\0')]); return Buffer.concat([i32(4 + b.length), b]); })()])));
      put(a.pkt(true, 'FA'), a.pkt(false, 'FA'));
      close();
      try {
        const r = tool('pg_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40200 -> 10.0.0.2:5432 a\\x1b]0;t\\x07pp@sh\\x1b[2Jop 1.0 ms ERROR 42601 no \\x1b[5m here "select \\x7f\\x9b1m"',
          '10.0.0.1:40200 -> 10.0.0.2:5432 a\\x1b]0;t\\x07pp@sh\\x1b[2Jop NOTIFY ch\\x1b[1m "hi"',
          '1 statement on 1 connection, 1 error, 1 notification; took min/median/p99/max 1.0/1.0/1.0/1.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a 128 KiB row one byte per segment takes time that grows with its length, not its square', function () {
      this.timeout(120000);
      // the same 131,072 one-byte server segments twice: one DataRow, and ReadyForQuery messages.
      // Summing the kept pieces' lengths for every segment made the row take 25 s here (a 100 KB
      // row of a real capture split byte by byte: 20 s against 0.6 s now).
      const n = 128 * 1024;
      const msg = (type, body) => {
        const head = Buffer.alloc(5);
        head.write(type, 'latin1');
        head.writeInt32BE(4 + body.length, 1);
        return Buffer.concat([head, body]);
      };
      const i32 = (x) => { const b = Buffer.alloc(4); b.writeInt32BE(x); return b; };
      const startup = Buffer.concat([i32(18), i32(196608), Buffer.from('user\0app\0\0')]);
      const ready = msg('Z', Buffer.from('I'));
      const row = msg('D', Buffer.concat([Buffer.from([0, 1]), i32(n - 11), Buffer.alloc(n - 11, 0x78)]));
      const readies = Buffer.concat(Array(Math.ceil(n / ready.length)).fill(ready)).subarray(0, n - n % ready.length);
      const write = (file, bytes) => {
        const { put, close } = flowCapture(file);
        const f = new Flow({ sport: 5432, cport: 40300, t: 10 });
        put(f.handshake(), f.pkt(true, 'PA', startup), f.pkt(false, 'PA', Buffer.concat([msg('R', i32(0)), ready])));
        put(f.pkt(true, 'PA', msg('Q', Buffer.from('select big\0'))));
        for (let i = 0; i < bytes.length; i++) put(f.pkt(false, 'PA', bytes.subarray(i, i + 1)));
        put(f.pkt(false, 'PA', Buffer.concat([msg('C', Buffer.from('SELECT 1\0')), ready])));
        close();
      };
      const files = ['row', 'ready'].map((k) => path.join(os.tmpdir(), `pcap-pg-bytes-${k}-${process.pid}.pcap`));
      try {
        write(files[0], row);
        write(files[1], readies);
        const secs = [];
        for (const [file, result] of [[files[0], 'SELECT 1'], [files[1], 'done']]) { // the first ReadyForQuery ends the query
          const t0 = process.hrtime.bigint();
          const r = tool('pg_trace', '-r', file);
          secs.push(Number(process.hrtime.bigint() - t0) / 1e9);
          assert.strictEqual(r.code, 0, r.err);
          const line = untimed(r.lines)[0] || `(no line after ${secs[secs.length - 1].toFixed(1)} s)`; // the runner stops a tool at 30 s
          assert.ok(line.endsWith(` ms ${result} "select big"`), line);
        }
        assert.ok(secs[0] < 3 * secs[1], `row ${secs[0].toFixed(2)} s, whole messages ${secs[1].toFixed(2)} s`);
      } finally {
        files.forEach((f) => fs.rmSync(f, { force: true }));
      }
    });

    it('COPY FROM STDIN through the extended protocol: the Syncs the server ignores in copy-in mode get no ReadyForQuery', function () {
      const startup = Buffer.concat([i32(18), i32(196608), Buffer.from('user\0app\0\0')]);
      const ready = msg('Z', Buffer.from('I'));
      const run = (sql) => Buffer.concat([msg('P', '', sql, i16(0)), msg('B', '', '', i16(0), i16(0), i16(0)), msg('E', '', i32(0)), msg('S')]);
      const one = Buffer.concat([msg('1'), msg('2'), msg('D', i16(1), i32(1), Buffer.from('1')), msg('C', 'SELECT 1'), ready]);
      const file = path.join(os.tmpdir(), `pcap-pg-copy-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      // 1: as tokio-postgres's copy_in: Bind, Execute, Sync; the data, CopyDone and Sync again (as
      // PostgreSQL 15 answered on lo: one ReadyForQuery, after the CopyDone); then two statements
      const a = new Flow({ sport: 5432, cport: 40200, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', startup), a.pkt(false, 'PA', Buffer.concat([msg('R', i32(0)), ready])));
      put(a.pkt(true, 'PA', run('copy t from stdin')), a.pkt(false, 'PA', Buffer.concat([msg('1'), msg('2'), msg('G', Buffer.from([0]), i16(1), i16(0))])));
      put(a.pkt(true, 'PA', Buffer.concat([msg('d', Buffer.from('x\n')), msg('c'), msg('S')])), a.pkt(false, 'PA', Buffer.concat([msg('C', 'COPY 1'), ready])));
      put(a.pkt(true, 'PA', run('select 21')), a.pkt(false, 'PA', one));
      put(a.pkt(true, 'PA', msg('Q', 'select 22')), a.pkt(false, 'PA', Buffer.concat([msg('T', i16(0)), msg('C', 'SELECT 1'), ready])));
      // 2: the data and CopyDone without a second Sync: the next batch's Sync ends both
      const b = new Flow({ sport: 5432, cport: 40201, t: 20 });
      put(b.handshake(), b.pkt(true, 'PA', startup), b.pkt(false, 'PA', Buffer.concat([msg('R', i32(0)), ready])));
      put(b.pkt(true, 'PA', run('copy t from stdin')), b.pkt(false, 'PA', Buffer.concat([msg('1'), msg('2'), msg('G', Buffer.from([0]), i16(1), i16(0))])));
      put(b.pkt(true, 'PA', Buffer.concat([msg('d', Buffer.from('x\n')), msg('c')])), b.pkt(false, 'PA', msg('C', 'COPY 1')));
      put(b.pkt(true, 'PA', run('select 31')), b.pkt(false, 'PA', one));
      put(b.pkt(true, 'PA', run('select 32')), b.pkt(false, 'PA', one));
      close();
      try {
        const r = tool('pg_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40200 -> 10.0.0.2:5432 app@app 3.0 ms COPY 1 "copy t from stdin"',
          '10.0.0.1:40200 -> 10.0.0.2:5432 app@app 1.0 ms SELECT 1 "select 21"',
          '10.0.0.1:40200 -> 10.0.0.2:5432 app@app 1.0 ms SELECT 1 "select 22"',
          '10.0.0.1:40201 -> 10.0.0.2:5432 app@app 3.0 ms COPY 1 "copy t from stdin"',
          '10.0.0.1:40201 -> 10.0.0.2:5432 app@app 1.0 ms SELECT 1 "select 31"',
          '10.0.0.1:40201 -> 10.0.0.2:5432 app@app 1.0 ms SELECT 1 "select 32"',
          '6 statements on 2 connections, 0 errors; took min/median/p99/max 1.0/1.0/3.0/3.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });
  });

  describe('pg_trace live', function () {
    it('live on lo: a client and a server speaking the protocol over a real TCP connection (-p for its port)', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const net = require('net');
      const msg = (type, body) => {
        const b = Buffer.alloc(5 + body.length);
        b.write(type, 'latin1');
        b.writeInt32BE(4 + body.length, 1);
        body.copy(b, 5);
        return b;
      };
      // a server that knows just enough: any startup is welcome, any query returns one row
      const server = net.createServer((sock) => {
        let started = false;
        sock.on('data', (d) => {
          if (!started) {
            started = true;
            sock.write(Buffer.concat([msg('R', Buffer.alloc(4)), msg('Z', Buffer.from('I'))]));
          } else if (d[0] === 0x51) {
            const row = Buffer.from([0, 1, 0, 0, 0, 1, 0x31]);
            sock.write(Buffer.concat([msg('T', Buffer.from([0, 0])), msg('D', row), msg('C', Buffer.from('SELECT 1\0')), msg('Z', Buffer.from('I'))]));
          } else if (d[0] === 0x58) sock.end();
        });
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      let lines;
      try {
        lines = await liveRun('pg_trace', ['-p', String(port)], () => new Promise((resolve, reject) => {
          const c = net.connect(port, '127.0.0.1', () => {
            const params = Buffer.from('user\0live\0database\0db\0\0');
            const startup = Buffer.alloc(8 + params.length);
            startup.writeInt32BE(startup.length, 0);
            startup.writeInt32BE(196608, 4);
            params.copy(startup, 8);
            c.write(startup);
          });
          let n = 0;
          c.on('data', () => {
            n++;
            if (n === 1) c.write(msg('Q', Buffer.from('select 1\0')));
            if (n === 2) c.end(msg('X', Buffer.alloc(0)));
          });
          c.on('close', resolve);
          c.on('error', reject);
        }));
      } finally {
        server.close();
      }
      assert.match(lines[0], new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} live@db \\d+\\.\\d ms SELECT 1 "select 1"$`));
      assert.match(lines[1], /^1 statement on 1 connection, 0 errors; took /);
      assert.strictEqual(lines.length, 2, lines.join('\n'));
    });
  });

  describe('mysql_trace', function () {
    // MySQL packets: a 3-byte length, the sequence id, the payload
    const packet = (seq, ...parts) => {
      const body = Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Array.isArray(x) ? Buffer.from(x) : x)));
      return Buffer.concat([Buffer.from([body.length & 0xff, (body.length >> 8) & 0xff, body.length >> 16, seq]), body]);
    };
    const le = (n, size) => { const b = Buffer.alloc(size); b.writeUIntLE(n, 0, size); return b; };
    const lenStr = (t) => Buffer.concat([Buffer.from([Buffer.byteLength(t)]), Buffer.from(t)]);
    const PROTOCOL_41 = 0x200;
    const SECURE = 0x8000;
    const PLUGIN_AUTH = 0x80000;
    const WITH_DB = 0x8;
    const DEPRECATE_EOF = 0x1000000;
    const greeting = (caps = 0xffffffff, version = '8.0.40') => packet(0, [10], version + '\0', le(7, 4), 'abcdefgh\0', le(caps & 0xffff, 2), [45], le(2, 2),
      le(Math.floor(caps / 0x10000), 2), [21], Buffer.alloc(10), 'ijklmnopqrst\0', 'mysql_native_password\0');
    const login = (caps, user = 'app', db = 'shop') => packet(1, le(caps, 4), le(1 << 24, 4), [45], Buffer.alloc(23), user + '\0', [20], Buffer.alloc(20, 1), db + '\0', 'mysql_native_password\0');
    const ok = (seq, affected = 0, insertId = 0, status = 2, warnings = 0, header = 0) => packet(seq, [header, affected, insertId], le(status, 2), le(warnings, 2));
    const eof = (seq, status = 2) => packet(seq, [0xfe], le(0, 2), le(status, 2));
    const err = (seq, code, state, message) => packet(seq, [0xff], le(code, 2), '#' + state + message);
    const column = (seq, name) => packet(seq, lenStr('def'), lenStr('shop'), lenStr('t'), lenStr('t'), lenStr(name), lenStr(name), [0x0c], le(45, 2), le(40, 4), [253], le(0, 2), [0, 0, 0]);
    const row = (seq, ...values) => packet(seq, ...values.map(lenStr));
    const command = (code, ...parts) => packet(0, [code], ...parts);
    const CAPS = PROTOCOL_41 | SECURE | PLUGIN_AUTH | WITH_DB;

    it('control characters a packet brings (user, database, error, SQL) are shown as \\xNN', function () {
      const file = path.join(os.tmpdir(), `pcap-my-esc-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const a = new Flow({ sport: 3306, cport: 40290, t: 10 });
      put(a.handshake(), a.pkt(false, 'PA', greeting()), a.pkt(true, 'PA', login(CAPS, 'a\x1b]0;t\x07pp', 'sh\x1b[2Jop')), a.pkt(false, 'PA', ok(2)));
      put(a.pkt(true, 'PA', command(3, 'SELECT \x1b[5m')), a.pkt(false, 'PA', err(1, 1064, '42000', 'near \x1b[5m')));
      put(a.pkt(true, 'FA'), a.pkt(false, 'FA'));
      close();
      try {
        const r = tool('mysql_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40290 -> 10.0.0.2:3306 a\\x1b]0;t\\x07pp@sh\\x1b[2Jop 1.0 ms ERROR 1064 (42000) near \\x1b[5m "SELECT \\u001b[5m"',
          '1 command on 1 connection, 1 error; took min/median/p99/max 1.0/1.0/1.0/1.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('one line per command of the mariadb client and a binary-protocol client against MariaDB 10.11, with the time to its answer', async function () {
      const file = path.join(root, 'test', 'fixtures', 'app', 'mysql_lo.pcap');
      const r = tool('mysql_trace', '-r', file);
      assert.strictEqual(r.code, 0, r.err);
      const at = (l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, '');
      const c1 = '127.0.0.1:40576 -> 127.0.0.1:3306 fixture@fixturedb';
      const c2 = '127.0.0.1:40590 -> 127.0.0.1:3306 fixture@fixturedb';
      const stmt = '"SELECT id, name, score FROM fixture WHERE id >= ? ORDER BY id"';
      assert.deepStrictEqual(r.lines.map(at), [
        `${c1} 2.2 ms OK "CREATE TABLE fixture (id INT NOT NULL PRIMARY KEY, name VARCHAR(32), score INT NULL)"`,
        `${c1} 0.7 ms OK 3 rows affected "INSERT INTO fixture VALUES (1, 'one', 10), (2, 'two', NULL), (3, NULL, 30)"`,
        `${c1} 0.3 ms 3 rows "SELECT id, name, score FROM fixture ORDER BY id"`,
        `${c1} 0.3 ms OK 2 rows affected "UPDATE fixture SET score = score + 1 WHERE score IS NOT NULL"`,
        `${c1} 1.8 ms OK "CREATE TABLE counter (n INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(16)) AUTO_INCREMENT = 41"`,
        `${c1} 0.3 ms OK 1 row affected, insert id 41 "INSERT INTO counter (note) VALUES ('first')"`,
        `${c1} 0.1 ms ERROR 1146 (42S02) Table 'fixturedb.no_such_table' doesn't exist "SELECT * FROM no_such_table"`,
        `${c1} 0.9 ms OK, 1 warning "DROP TABLE IF EXISTS no_such_table"`,
        `${c1} 0.1 ms 1 row, 1 warning "SELECT CAST('12abc' AS SIGNED) AS truncated"`,
        `${c1} 0.0 ms 1 row "SHOW WARNINGS"`,
        `${c1} 0.0 ms 1 row "SELECT DATABASE()"`,
        `${c1} 0.0 ms OK COM_INIT_DB "fixturedb"`,
        `${c1} 4.1 ms 3000 rows "SELECT seq, MD5(seq) AS digest FROM seq_1_to_3000"`,
        `${c2} 0.1 ms OK COM_PING`,
        `${c2} 0.3 ms prepared as statement 1 (1 parameter, 3 columns) ${stmt}`,
        `${c2} 0.3 ms 3 rows execute ${stmt} [1]`,
        `${c2} 0.3 ms ERROR 1146 (42S02) Table 'fixturedb.no_such_table_either' doesn't exist "SELECT * FROM no_such_table_either"`,
        "127.0.0.1:40596 -> 127.0.0.1:3306 fixture@fixturedb login refused: ERROR 1045 (28000) Access denied for user 'fixture'@'127.0.0.1' (using password: YES)",
        '17 commands on 3 connections, 3 errors (1 login refused); took min/median/p99/max 0.0/0.3/4.1/4.1 ms',
      ]);
      // the 3,000 rows: from the query's frame to the last frame the server sends before the
      // client's next command, as tshark lists them
      const truth = JSON.parse(fs.readFileSync(file + '.truth.json', 'utf8'));
      const { packets } = await require('../helpers/collect').collect(file);
      const time = (i) => packets[i].ts_sec + packets[i].ts_nsec / 1e9;
      const q = truth.findIndex((t) => (t['mysql.query'] || []).includes('SELECT seq, MD5(seq) AS digest FROM seq_1_to_3000'));
      const next = truth.findIndex((t, i) => i > q && (t['mysql.command'] || []).length > 0);
      const last = truth.slice(0, next).map((t, i) => (i > q && (t['mysql.packet_length'] || t.continuation) ? i : -1)).filter((i) => i >= 0).pop();
      assert.strictEqual(((time(last) - time(q)) * 1000).toFixed(1), '4.1');
    });

    it('several results, LOAD DATA LOCAL, cursors, packets cut into small segments, TLS, compression, a late join, HTTP on the port, an error at connect, commands left waiting', function () {
      const file = path.join(os.tmpdir(), `pcap-mysql-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const hello = (f, caps = CAPS) => put(f.handshake(), f.pkt(false, 'PA', greeting()), f.pkt(true, 'PA', login(caps)), f.pkt(false, 'PA', ok(2)));
      // 1: a CALL with two results then its OK; an error in the middle of rows; a query whose
      // answer comes one byte per segment; a command left waiting at the end
      const a = new Flow({ sport: 3306, cport: 40200, t: 10 });
      hello(a);
      put(a.pkt(true, 'PA', command(3, 'CALL two_results()')));
      put(a.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, 'x'), eof(3), row(4, '1'), eof(5, 2 | 8),
        packet(6, [1]), column(7, 'y'), eof(8), row(9, 'a'), row(10, 'b'), eof(11, 2 | 8), ok(12, 0, 0, 2)])));
      put(a.pkt(true, 'PA', command(3, 'SELECT slow()')), a.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, 'z'), eof(3), row(4, '1'), err(5, 1317, '70100', 'Query execution was interrupted')])));
      put(a.pkt(true, 'PA', command(3, 'SELECT 7')), a.data(false, Buffer.concat([packet(1, [1]), column(2, '7'), eof(3), row(4, '7'), eof(5)]), 1));
      put(a.pkt(true, 'PA', command(3, 'SELECT SLEEP(100)')), a.pkt(true, 'FA'), a.pkt(false, 'FA'), a.pkt(true, 'A'));
      // 2: LOAD DATA LOCAL: the server asks for the file, the client sends it and an empty packet
      const b = new Flow({ sport: 3306, cport: 40201, t: 20 });
      hello(b);
      put(b.pkt(true, 'PA', command(3, "LOAD DATA LOCAL INFILE 'x.csv' INTO TABLE t")), b.pkt(false, 'PA', packet(1, [0xfb], 'x.csv')));
      // (MariaDB may send progress reports, errors with code 0xffff, before the OK)
      const progress = packet(4, Buffer.from('ffffff0101e803000c6c6f6164696e672064617461', 'hex'));
      put(b.pkt(true, 'PA', Buffer.concat([packet(2, '1,2\n3,4\n'), packet(3)])), b.pkt(false, 'PA', Buffer.concat([progress, ok(5, 2)])));
      // 3: CLIENT_DEPRECATE_EOF: a prepare without EOFs, an execute opening a cursor, a fetch, a close
      const c = new Flow({ sport: 3306, cport: 40202, t: 30 });
      hello(c, CAPS | DEPRECATE_EOF);
      put(c.pkt(true, 'PA', command(0x16, 'SELECT name FROM t WHERE id = ? AND note = ?')));
      put(c.pkt(false, 'PA', Buffer.concat([packet(1, [0], le(9, 4), le(1, 2), le(2, 2), [0], le(0, 2)), column(2, '?'), column(3, '?'), column(4, 'name')])));
      // execute with a cursor (flags 1): the first parameter NULL (bitmap 0x01), the second a BIGINT 5
      put(c.pkt(true, 'PA', command(0x17, le(9, 4), [1], le(1, 4), [0x01], [1], le(0xfd, 2), le(8, 2), le(5, 4), le(0, 4))));
      put(c.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, 'name'), ok(3, 0, 0, 2 | 0x40, 0, 0xfe)])));
      put(c.pkt(true, 'PA', command(0x1c, le(9, 4), le(100, 4))), c.pkt(false, 'PA', Buffer.concat([packet(1, [0, 0], lenStr('n1')), ok(2, 0, 0, 2 | 0x80, 0, 0xfe)])));
      put(c.pkt(true, 'PA', command(0x19, le(9, 4))), c.pkt(true, 'PA', command(0x0e)), c.pkt(false, 'PA', ok(1)));
      // 4: TLS (an SSLRequest); 5: compression; 6: joined after its start; 7: HTTP on the port;
      // 8: the server refuses at once
      const d = new Flow({ sport: 3306, cport: 40203, t: 40 });
      put(d.handshake(), d.pkt(false, 'PA', greeting()), d.pkt(true, 'PA', packet(1, le(CAPS | 0x800, 4), le(1 << 24, 4), [45], Buffer.alloc(23))), d.pkt(true, 'PA', Buffer.from([22, 3, 1, 0, 1, 1])));
      const e = new Flow({ sport: 3306, cport: 40204, t: 50 });
      put(e.handshake(), e.pkt(false, 'PA', greeting()), e.pkt(true, 'PA', login(CAPS | 0x20)), e.pkt(false, 'PA', Buffer.from([7, 0, 0, 2, 0, 0, 0, 7, 0, 0, 2])));
      const f = new Flow({ sport: 3306, cport: 40205, t: 60 });
      put(f.pkt(true, 'PA', command(3, 'SELECT 1')));
      const g = new Flow({ sport: 3306, cport: 40206, t: 70 });
      put(g.handshake(), g.pkt(true, 'PA', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      const h = new Flow({ sport: 3306, cport: 40207, t: 80 });
      put(h.handshake(), h.pkt(false, 'PA', err(0, 1040, '08004', 'Too many connections')), h.pkt(false, 'FA'), h.pkt(true, 'FA'));
      close();
      try {
        const r = tool('mysql_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        const sql = '"SELECT name FROM t WHERE id = ? AND note = ?"';
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:40200 -> 10.0.0.2:3306 app@shop 1.0 ms 1 row, 2 rows, OK "CALL two_results()"',
          '10.0.0.1:40200 -> 10.0.0.2:3306 app@shop 1.0 ms 1 row, then ERROR 1317 (70100) Query execution was interrupted "SELECT slow()"',
          // a command's time starts with the segment that holds it and ends with its answer's last byte
          '10.0.0.1:40200 -> 10.0.0.2:3306 app@shop 63.0 ms 1 row "SELECT 7"',
          '10.0.0.1:40200 -> 10.0.0.2:3306 app@shop no answer before the connection ended "SELECT SLEEP(100)"',
          '10.0.0.1:40201 -> 10.0.0.2:3306 app@shop 3.0 ms OK 2 rows affected "LOAD DATA LOCAL INFILE \'x.csv\' INTO TABLE t"',
          `10.0.0.1:40202 -> 10.0.0.2:3306 app@shop 1.0 ms prepared as statement 9 (2 parameters, 1 column) ${sql}`,
          `10.0.0.1:40202 -> 10.0.0.2:3306 app@shop 1.0 ms cursor opened execute ${sql} [null, 5]`,
          `10.0.0.1:40202 -> 10.0.0.2:3306 app@shop 1.0 ms 1 row fetch from ${sql}`,
          '10.0.0.1:40202 -> 10.0.0.2:3306 app@shop 1.0 ms OK COM_PING',
          '10.0.0.1:40207 -> 10.0.0.2:3306 ?@- login refused: ERROR 1040 (08004) Too many connections',
          '8 commands on 8 connections, 2 errors (1 login refused); took min/median/p99/max 1.0/1.0/63.0/63.0 ms; not read: 1 encrypted, 1 compressed, 1 joined after its start, 1 not speaking the protocol',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a file over 256 packets, a row over 16 MiB, 260 cached columns, an execute of the statement just prepared, USE, COM_CHANGE_USER, a binary log', function () {
      this.timeout(20000);
      const file = path.join(os.tmpdir(), `pcap-mysql2-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const hello = (f, caps = CAPS) => put(f.handshake(), f.pkt(false, 'PA', greeting()), f.pkt(true, 'PA', login(caps)), f.pkt(false, 'PA', ok(2)));
      const a = new Flow({ sport: 3306, cport: 40300, t: 10 });
      hello(a);
      // LOAD DATA LOCAL: 300 packets of file (the sequence id wraps; one begins like COM_QUERY), then the empty one
      put(a.pkt(true, 'PA', command(3, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t")), a.pkt(false, 'PA', packet(1, [0xfb], 'f')));
      const chunks = Array.from({ length: 300 }, (_, i) => packet((2 + i) & 0xff, i === 254 ? '\x03SELECT 1\n' : `${i},x\n`));
      put(a.data(true, Buffer.concat([...chunks, packet(302 & 0xff)]), 1400), a.pkt(false, 'PA', ok(303 & 0xff, 250)));
      // a row of 16 MiB + 10 bytes: a packet of 0xffffff bytes (whose continuation starts with 0xfe), then 11 more
      const big = Buffer.alloc(0xffffff + 11, 0x61);
      big[0] = 0xfe; // the row's column: a length-encoded string of 8-byte length
      big.writeUInt32LE(0xffffff + 2, 1);
      big[0xffffff] = 0xfe;
      put(a.pkt(true, 'PA', command(3, 'SELECT big')), a.data(false, Buffer.concat([packet(1, [1]), column(2, 'big'), eof(3),
        Buffer.from([0xff, 0xff, 0xff, 4]), big.subarray(0, 0xffffff), packet(5, big.subarray(0xffffff)), row(6, 'small'), eof(7)]), 65000));
      // MariaDB's cached metadata: 260 columns (a 3-byte count), no definitions sent
      put(a.pkt(true, 'PA', command(3, 'SELECT wide')), a.pkt(false, 'PA', Buffer.concat([packet(1, [0xfc, 4, 1, 0]), eof(2), row(3, ...Array(260).fill('1')), eof(4)])));
      // USE as a statement (no session tracking), then COM_CHANGE_USER with a database
      put(a.pkt(true, 'PA', command(3, 'use `other`')), a.pkt(false, 'PA', ok(1)));
      put(a.pkt(true, 'PA', command(3, 'SELECT 1')), a.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, '1'), eof(3), row(4, '1'), eof(5)])));
      put(a.pkt(true, 'PA', command(0x11, 'bob\0', [20], Buffer.alloc(20, 2), 'bobs\0')), a.pkt(false, 'PA', ok(1)));
      // a prepare and an execute of "the statement just prepared" (id 0xffffffff) sent together, with a FLOAT
      put(a.pkt(true, 'PA', Buffer.concat([command(0x16, 'SELECT ?'), command(0x17, le(0xffffffff, 4), [0], le(1, 4), [0], [1], le(4, 2), Buffer.from([0xcd, 0xcc, 0xcc, 0x3d]))])));
      put(a.pkt(false, 'PA', Buffer.concat([packet(1, [0], le(3, 4), le(1, 2), le(1, 2), [0], le(0, 2)), column(2, '?'), eof(3), column(4, '?'), eof(5)])));
      put(a.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, '?'), eof(3), packet(4, [0, 0, 0xcd, 0xcc, 0xcc, 0x3d]), eof(5)])));
      // an execute of a statement closed before, and a fetch that fails
      put(a.pkt(true, 'PA', command(0x19, le(3, 4))), a.pkt(true, 'PA', command(0x17, le(3, 4), [0], le(1, 4))), a.pkt(false, 'PA', err(1, 1243, 'HY000', 'Unknown prepared statement handler')));
      put(a.pkt(true, 'PA', command(0x1c, le(3, 4), le(1, 4))), a.pkt(false, 'PA', err(1, 1243, 'HY000', 'Unknown prepared statement handler')));
      // a replica asking for the binary log: events until the end
      put(a.pkt(true, 'PA', command(0x12, le(4, 4), le(0, 2), le(1, 4), 'bin.000001')), a.pkt(false, 'PA', Buffer.concat([packet(1, [0], Buffer.alloc(20)), packet(2, [0], Buffer.alloc(30)), packet(3, [0xff], Buffer.alloc(6))])));
      // a second connection: a 12-byte OK (300 rows, insert id 70000) answering an INSERT; a
      // prepare that fails, sent with an execute of "the statement just prepared"; MySQL 8's
      // prepare answer whose metadata byte says no definitions follow; USE followed by spaces
      const b = new Flow({ sport: 3306, cport: 40301, t: 20 });
      hello(b);
      put(b.pkt(true, 'PA', command(3, 'INSERT big')), b.pkt(false, 'PA', packet(1, [0, 0xfc, 0x2c, 0x01, 0xfd, 0x70, 0x11, 0x01], le(2, 2), le(0, 2))));
      put(b.pkt(true, 'PA', command(0x16, 'SELECT ?')), b.pkt(false, 'PA', packet(1, [0], le(8, 4), le(1, 2), le(1, 2), [0], le(0, 2), [0])));
      put(b.pkt(true, 'PA', Buffer.concat([command(0x16, 'SELECT * FROM nope'), command(0x17, le(0xffffffff, 4), [0], le(1, 4))])));
      put(b.pkt(false, 'PA', err(1, 1146, '42S02', "Table 'shop.nope' doesn't exist")), b.pkt(false, 'PA', err(1, 1243, 'HY000', 'Unknown prepared statement handler')));
      put(b.pkt(true, 'PA', command(3, 'USE   shop2 ;' + ' '.repeat(16000) + 'x')), b.pkt(false, 'PA', err(1, 1064, '42000', 'You have an error in your SQL syntax')));
      put(b.pkt(true, 'PA', command(3, 'use shop2; ')), b.pkt(false, 'PA', ok(1)), b.pkt(true, 'PA', command(3, 'SELECT 2')), b.pkt(false, 'PA', Buffer.concat([packet(1, [1]), column(2, '2'), eof(3), row(4, '2'), eof(5)])));
      close();
      try {
        const r = tool('mysql_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        const c = '10.0.0.1:40300 -> 10.0.0.2:3306';
        assert.deepStrictEqual(r.lines.map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, '').replace(/ \d+\.\d ms /, ' ')), [
          `${c} app@shop OK 250 rows affected "LOAD DATA LOCAL INFILE 'f' INTO TABLE t"`,
          `${c} app@shop 2 rows "SELECT big"`,
          `${c} app@shop 1 row "SELECT wide"`,
          `${c} app@shop OK "use \`other\`"`,
          `${c} app@other 1 row "SELECT 1"`,
          `${c} app@other OK COM_CHANGE_USER "bob"`,
          `${c} bob@bobs prepared as statement 3 (1 parameter, 1 column) "SELECT ?"`,
          `${c} bob@bobs 1 row execute "SELECT ?" [0.1]`,
          `${c} bob@bobs ERROR 1243 (HY000) Unknown prepared statement handler execute (statement 3 closed before)`,
          `${c} bob@bobs ERROR 1243 (HY000) Unknown prepared statement handler fetch from (statement 3 closed before)`,
          `${c} bob@bobs binary log stream COM_BINLOG_DUMP`,
          `${c.replace('40300', '40301')} app@shop OK 300 rows affected, insert id 70000 "INSERT big"`,
          `${c.replace('40300', '40301')} app@shop prepared as statement 8 (1 parameter, 1 column) "SELECT ?"`,
          `${c.replace('40300', '40301')} app@shop ERROR 1146 (42S02) Table 'shop.nope' doesn't exist "SELECT * FROM nope"`,
          // not statement 8: the prepare just sent failed
          `${c.replace('40300', '40301')} app@shop ERROR 1243 (HY000) Unknown prepared statement handler execute (statement 4294967295 prepared before the capture)`,
          `${c.replace('40300', '40301')} app@shop ERROR 1064 (42000) You have an error in your SQL syntax "USE shop2 ;"`, // the SQL kept is cut at 4,096 characters
          `${c.replace('40300', '40301')} app@shop OK "use shop2;"`,
          `${c.replace('40300', '40301')} app@shop2 1 row "SELECT 2"`,
          '18 commands on 2 connections, 5 errors; took min/median/p99/max ' + r.lines[18].split('took min/median/p99/max ')[1],
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('live on lo: a client and a server speaking the protocol over a real TCP connection (-p for its port)', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const net = require('net');
      // a server that knows just enough: any login is welcome, any query returns one row
      const server = net.createServer((sock) => {
        let logged = false;
        sock.write(greeting(CAPS));
        sock.on('data', (d) => {
          if (!logged) {
            logged = true;
            sock.write(ok(2));
          } else if (d[4] === 3) sock.write(Buffer.concat([packet(1, [1]), column(2, 'one'), eof(3), row(4, '1'), eof(5)]));
          else if (d[4] === 1) sock.end();
        });
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      let lines;
      try {
        lines = await liveRun('mysql_trace', ['-p', String(port)], () => new Promise((resolve, reject) => {
          const c = net.connect(port, '127.0.0.1');
          let n = 0;
          c.on('data', () => {
            n++;
            if (n === 1) c.write(login(CAPS, 'live', 'db'));
            if (n === 2) c.write(command(3, 'select 1'));
            if (n === 3) c.end(command(1));
          });
          c.on('close', resolve);
          c.on('error', reject);
        }));
      } finally {
        server.close();
      }
      assert.match(lines[0], new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} live@db \\d+\\.\\d ms 1 row "select 1"$`));
      assert.match(lines[1], /^1 command on 1 connection, 0 errors; took /);
      assert.strictEqual(lines.length, 2, lines.join('\n'));
    });
  });

  describe('redis_trace', function () {
    const cmd = (...args) => Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.map((a) => Buffer.from(`$${Buffer.byteLength(a)}\r\n${a}\r\n`))]);

    it('control characters of a command name are shown as \\xNN', function () {
      const file = path.join(os.tmpdir(), `pcap-resp-esc-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const f = new Flow({ sport: 6379, cport: 40500, t: 10 });
      put(f.handshake(), f.pkt(true, 'PA', cmd('a\x1b[5mb', 'x')), f.pkt(false, 'PA', '-ERR unknown command\r\n'), f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(untimed(r.lines)[0], '10.0.0.1:40500 -> 10.0.0.2:6379 1.0 ms A\\x1b[5MB "x" => -ERR unknown command');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('one line per command of a client against Redis 7 (RESP2 and RESP3), with its reply and the time it took', function () {
      const r = tool('redis_trace', '-r', path.join(root, 'test', 'fixtures', 'app', 'resp_lo.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.lines.length, 28, r.out);
      for (const want of [
        '17:43:03.822 127.0.0.1:42648 -> 127.0.0.1:6379 0.2 ms SET "greeting" "hello" => +OK',
        '17:43:03.925 127.0.0.1:42648 -> 127.0.0.1:6379 0.1 ms GET "missing" => (nil)',
        '17:43:04.128 127.0.0.1:42648 -> 127.0.0.1:6379 0.1 ms INCR "greeting" => -ERR value is not an integer or out of range',
        '17:43:04.179 127.0.0.1:42648 -> 127.0.0.1:6379 0.1 ms EXEC => *2',
        '17:43:04.229 127.0.0.1:42648 -> 127.0.0.1:6379 0.1 ms MGET "k1" "k2" "nope" => *3',
        '17:43:04.332 127.0.0.1:42648 -> 127.0.0.1:6379 0.3 ms GET "big" => $100000 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"',
        '17:43:04.383 127.0.0.1:42648 -> 127.0.0.1:6379 0.1 ms PING => +PONG',
        '17:43:04.536 127.0.0.1:42662 -> 127.0.0.1:6379 0.1 ms HGETALL "h" => %2',
        '17:43:04.739 127.0.0.1:42662 -> 127.0.0.1:6379 0.2 ms SUBSCRIBE "news" => >3',
        '17:43:04.790 127.0.0.1:42662 -> 127.0.0.1:6379 push message "news" "extra"',
      ]) assert.ok(r.lines.includes(want), want);
      assert.strictEqual(r.lines[27], '26 commands on 2 connections, 1 error, 1 push; took min/median/p99/max 0.1/0.1/0.8/0.8 ms');
    });

    it('a control byte or a quote in an argument is written as in the reply (JSON escapes on both sides)', function () {
      const file = path.join(os.tmpdir(), `pcap-redis-quote-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const a = new Flow({ sport: 6379, cport: 41100, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', cmd('ECHO', '\x12"\\')), a.pkt(false, 'PA', Buffer.from('$3\r\n\x12"\\\r\n')));
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(untimed(r.lines)[0], '10.0.0.1:41100 -> 10.0.0.2:6379 1.0 ms ECHO "\\u0012\\"\\\\" => $3 "\\u0012\\"\\\\"');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('RESP2 pub/sub, a pipeline split byte by byte, MONITOR, a late join, garbage, a command left waiting', function () {
      const file = path.join(os.tmpdir(), `pcap-redis-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      // 1: RESP2 subscription to two channels: two confirmations answer it; then a message
      const a = new Flow({ sport: 6379, cport: 41000, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', cmd('SUBSCRIBE', 'x', 'y')));
      put(a.pkt(false, 'PA', Buffer.from('*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\ny\r\n:2\r\n')));
      put(a.pkt(false, 'PA', Buffer.from('*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$2\r\nhi\r\n')));
      // 2: three pipelined commands and their replies, one byte per segment
      const b = new Flow({ sport: 6379, cport: 41001, t: 20 });
      put(b.handshake(), b.data(true, Buffer.concat([cmd('SET', 'k', 'v'), cmd('GET', 'k'), cmd('DEL', 'k')]), 1));
      put(b.data(false, Buffer.from('+OK\r\n$1\r\nv\r\n:1\r\n'), 1));
      // RESP3 client tracking: an invalidation push names its keys in a nested array
      put(b.pkt(false, 'PA', Buffer.from('>2\r\n$10\r\ninvalidate\r\n*2\r\n$1\r\nq\r\n$1\r\nr\r\n')));
      // 3: MONITOR's stream; 4: joined after its start; 5: not RESP; 6: an unanswered BLPOP
      const c = new Flow({ sport: 6379, cport: 41002, t: 30 });
      put(c.handshake(), c.pkt(true, 'PA', Buffer.from('MONITOR\r\n')), c.pkt(false, 'PA', Buffer.from('+OK\r\n+1700000000.1 [0 127.0.0.1:1] "GET" "k"\r\n')));
      const d = new Flow({ sport: 6379, cport: 41003, t: 40 });
      put(d.pkt(false, 'PA', Buffer.from('+OK\r\n')));
      const e = new Flow({ sport: 6379, cport: 41004, t: 50 });
      put(e.handshake(), e.pkt(true, 'PA', Buffer.from('\x16\x03\x01\x00\xc8\x01\x00\x00\xc4')));
      const f = new Flow({ sport: 6379, cport: 41005, t: 60 });
      put(f.handshake(), f.pkt(true, 'PA', cmd('BLPOP', 'queue', '0')), f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:41000 -> 10.0.0.2:6379 1.0 ms SUBSCRIBE "x" "y" => *3',
          '10.0.0.1:41000 -> 10.0.0.2:6379 push message "x" "hi"',
          // each timed from the segment that completes it to the one that completes its reply
          '10.0.0.1:41001 -> 10.0.0.2:6379 45.0 ms SET "k" "v" => +OK',
          '10.0.0.1:41001 -> 10.0.0.2:6379 32.0 ms GET "k" => $1 "v"',
          '10.0.0.1:41001 -> 10.0.0.2:6379 16.0 ms DEL "k" => :1',
          '10.0.0.1:41001 -> 10.0.0.2:6379 push invalidate "q" "r"',
          '10.0.0.1:41002 -> 10.0.0.2:6379 1.0 ms MONITOR => +OK',
          '10.0.0.1:41002 -> 10.0.0.2:6379 monitor 1700000000.1 [0 127.0.0.1:1] "GET" "k"',
          '10.0.0.1:41005 -> 10.0.0.2:6379 no reply before the connection ended BLPOP "queue" "0"',
          '5 commands on 6 connections, 0 errors, 2 pushes, 1 monitor line; took min/median/p99/max 1.0/16.0/45.0/45.0 ms; not read: 1 joined after its start, 1 not speaking RESP',
        ]);
        for (const bad of ['0', '70000', 'x']) assert.strictEqual(tool('redis_trace', '-p', bad).code, 2, bad);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a line that goes on in a later segment is copied: a view would hold the whole capture batch it lies in', function () {
      const file = path.join(os.tmpdir(), `pcap-redis-pin-${process.pid}.pcap`);
      const { put, raw, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      // four clients that stop in the middle of an inline command, each in a batch of its own
      for (let i = 0; i < 4; i++) {
        const f = new Flow({ sport: 6379, cport: 41200 + i, t: 10 + i });
        put(f.handshake(), f.pkt(true, 'PA', 'PIN'));
        filler(raw, 2.5, 10 + i);
      }
      close();
      try {
        const r = probedTool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(r.lines, ['0 commands on 4 connections, 0 errors']);
        // 4 of 6 before; up to two batches read ahead may be alive anyway
        assert.ok(r.probe.batches >= 5 && r.probe.batchesAlive <= 2, JSON.stringify(r.probe));
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('a connection subscribed to over 10000 channels is not read further; what it left waiting gets its lines', function () {
      const file = path.join(os.tmpdir(), `pcap-redis-subs-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const f = new Flow({ sport: 6379, cport: 41300, t: 10 });
      put(f.handshake());
      // 101 SUBSCRIBEs of 100 channels each (the first one's long names held as digests), every
      // confirmation after them, and then a command that would be answered
      const names = (k) => Array.from({ length: 100 }, (_, i) => (k === 0 ? 'L'.repeat(100) : 'ch') + (k * 100 + i));
      for (let k = 0; k <= 100; k++) put(f.pkt(true, 'PA', cmd('SUBSCRIBE', ...names(k))));
      put(f.pkt(true, 'PA', cmd('PING')));
      for (let k = 0; k <= 100; k++) {
        const confirm = names(k).map((n, i) => `*3\r\n$9\r\nsubscribe\r\n$${n.length}\r\n${n}\r\n:${k * 100 + i + 1}\r\n`).join('');
        put(f.data(false, confirm, 1400));
      }
      put(f.pkt(false, 'PA', '*2\r\n$4\r\npong\r\n$0\r\n\r\n'));
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        const lines = untimed(r.lines);
        assert.strictEqual(lines.length, 103, r.out.slice(-2000));
        assert.match(lines[99], /^10\.0\.0\.1:41300 -> 10\.0\.0\.2:6379 \d+\.\d ms SUBSCRIBE "ch9900" "ch9901" "ch9902" "ch9903" \+96 args => \*3$/);
        assert.match(lines[0], /^10\.0\.0\.1:41300 -> 10\.0\.0\.2:6379 \d+\.\d ms SUBSCRIBE "L{60}…" /);
        assert.match(lines[100], /^10\.0\.0\.1:41300 -> 10\.0\.0\.2:6379 no reply read: the connection held too many subscriptions SUBSCRIBE "ch10000" /);
        assert.strictEqual(lines[101], '10.0.0.1:41300 -> 10.0.0.2:6379 no reply read: the connection held too many subscriptions PING');
        assert.match(lines[102], /^100 commands on 1 connection, 0 errors; took .*; not read: 1 subscribed to over 10000 channels$/);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('commands waiting on all connections together are bounded: past 262144, the connection adding one is not read further', function () {
      const file = path.join(os.tmpdir(), `pcap-redis-crowd-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      // four clients each pipelining 65,536 PINGs that get no reply, then a fifth's one PING
      const pings = Buffer.from('PING\r\n'.repeat(1024));
      for (let k = 0; k < 5; k++) {
        const f = new Flow({ sport: 6379, cport: 41400 + k, t: 10 + k });
        put(f.handshake());
        for (let i = 0; i < (k < 4 ? 64 : 0); i++) put(f.pkt(true, 'PA', pings));
        if (k === 4) put(f.pkt(true, 'PA', 'PING\r\n'));
      }
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        // (the command that found no room is not read, as past a connection's own 65536)
        assert.strictEqual(r.lines.length, 4 * 65536 + 1);
        assert.strictEqual(untimed(r.lines)[0], '10.0.0.1:41400 -> 10.0.0.2:6379 no reply before the capture ended PING');
        assert.strictEqual(r.lines[r.lines.length - 1], '0 commands on 5 connections, 0 errors; not read: 1 adding to 262144 commands waiting on all connections');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('what Redis 7 answered in a review: unsubscribing from all, -nan, CLIENT REPLY, RESET, MONITOR, shard channels', function () {
      const file = path.join(os.tmpdir(), `pcap-redis2-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      let cport = 42100;
      // each connection: the client's commands in one segment, then the server's answers in one
      // (the bytes Redis 7.0.15 sent to them)
      const flow = (client, server) => {
        const f = new Flow({ sport: 6379, cport: cport++, t: cport });
        put(f.handshake(), f.pkt(true, 'PA', client), f.pkt(false, 'PA', Buffer.from(server)));
      };
      flow(Buffer.concat([cmd('SUBSCRIBE', 'a', 'b', 'c'), cmd('UNSUBSCRIBE'), cmd('SET', 'k', 'v'), cmd('GET', 'k')]),
        '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:3\r\n' +
        '*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n+OK\r\n$1\r\nv\r\n');
      flow(Buffer.concat([cmd('HELLO', '3'), cmd('EVAL', 'return {double=0/0}', '0'), cmd('PING')]), '%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n,-nan\r\n+PONG\r\n');
      flow(Buffer.concat([cmd('CLIENT', 'REPLY', 'OFF'), cmd('SET', 'a', '1'), cmd('CLIENT', 'TRACKING', 'ON'), cmd('CLIENT', 'REPLY', 'ON'), cmd('CLIENT', 'REPLY', 'SKIP'), cmd('INCR', 'a'), cmd('GET', 'a')]),
        '+OK\r\n$1\r\n2\r\n');
      flow(Buffer.concat([cmd('SUBSCRIBE', 'a'), cmd('RESET'), cmd('LRANGE', 'L', '0', '-1')]),
        '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n+RESET\r\n*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\ny\r\n');
      flow(Buffer.concat([cmd('MONITOR'), cmd('PING')]), '+OK\r\n+1795802979.091767 [0 127.0.0.1:32966] "SET" "m" "1"\r\n+PONG\r\n');
      flow(Buffer.concat([cmd('SUBSCRIBE', 'a'), cmd('SSUBSCRIBE', 's'), cmd('SUNSUBSCRIBE', 's'), cmd('PING')]),
        '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n*3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n' +
        '*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nhello\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n');
      close();
      try {
        const r = tool('redis_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        const at = (n) => `10.0.0.1:${n} -> 10.0.0.2:6379`;
        assert.deepStrictEqual(untimed(r.lines), [
          `${at(42100)} 1.0 ms SUBSCRIBE "a" "b" "c" => *3`,
          `${at(42100)} 1.0 ms UNSUBSCRIBE => *3`, // one confirmation per channel held when the server got to it
          `${at(42100)} 1.0 ms SET "k" "v" => +OK`,
          `${at(42100)} 1.0 ms GET "k" => $1 "v"`,
          `${at(42101)} 1.0 ms HELLO "3" => %1`,
          `${at(42101)} 1.0 ms EVAL "return {double=0/0}" "0" => ,-nan`,
          `${at(42101)} 1.0 ms PING => +PONG`,
          `${at(42102)} 1.0 ms CLIENT "REPLY" "ON" => +OK`, // OFF, what ran while off (CLIENT TRACKING ON too), SKIP and the one after get no reply
          `${at(42102)} 1.0 ms GET "a" => $1 "2"`,
          `${at(42103)} 1.0 ms SUBSCRIBE "a" => *3`,
          `${at(42103)} 1.0 ms RESET => +RESET`,
          `${at(42103)} 1.0 ms LRANGE "L" "0" "-1" => *3`, // after RESET an array is a reply again
          `${at(42104)} 1.0 ms MONITOR => +OK`,
          `${at(42104)} monitor 1795802979.091767 [0 127.0.0.1:32966] "SET" "m" "1"`,
          `${at(42104)} 1.0 ms PING => +PONG`,
          `${at(42105)} 1.0 ms SUBSCRIBE "a" => *3`,
          `${at(42105)} 1.0 ms SSUBSCRIBE "s" => *3`,
          `${at(42105)} 1.0 ms SUNSUBSCRIBE "s" => *3`,
          `${at(42105)} push message "a" "hello"`, // still subscribed to a
          `${at(42105)} 1.0 ms PING => *2`,
          '18 commands on 6 connections, 0 errors, 1 push, 1 monitor line; took min/median/p99/max 1.0/1.0/1.0/1.0 ms',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('an array reply whose first element is "message" or "subscribe" is a reply: in RESP3 always, in RESP2 when not subscribed', function () {
      const list = (...w) => `*${w.length}\r\n` + w.map((x) => `$${x.length}\r\n${x}\r\n`).join('');
      const r = traceFlows('redis_trace', 6379, 42200, [
        // the bytes Redis 7.0.15 sent on lo: RESP3, subscribed, an LRANGE of the list [message, ch, x]
        [Buffer.concat([cmd('HELLO', '3'), cmd('SUBSCRIBE', 'c'), cmd('LRANGE', 'l2', '0', '-1'), cmd('GET', 'a'), cmd('PING')]),
          '%1\r\n$5\r\nproto\r\n:3\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n' + list('message', 'ch', 'x') + '_\r\n+PONG\r\n'],
        // RESP2, not subscribed: the lists [subscribe, ch, 1] and [message, ch, x]
        [Buffer.concat([cmd('LRANGE', 'l3', '0', '-1'), cmd('LRANGE', 'l2', '0', '-1'), cmd('GET', 'a'), cmd('PING')]),
          list('subscribe', 'ch', '1') + list('message', 'ch', 'x') + '$-1\r\n+PONG\r\n'],
      ]);
      const at = (n) => `10.0.0.1:${n} -> 10.0.0.2:6379`;
      assert.deepStrictEqual(untimed(r.lines), [
        `${at(42200)} 1.0 ms HELLO "3" => %1`,
        `${at(42200)} 1.0 ms SUBSCRIBE "c" => >3`,
        `${at(42200)} 1.0 ms LRANGE "l2" "0" "-1" => *3`,
        `${at(42200)} 1.0 ms GET "a" => (nil)`,
        `${at(42200)} 1.0 ms PING => +PONG`,
        `${at(42201)} 1.0 ms LRANGE "l3" "0" "-1" => *3`,
        `${at(42201)} 1.0 ms LRANGE "l2" "0" "-1" => *3`,
        `${at(42201)} 1.0 ms GET "a" => (nil)`,
        `${at(42201)} 1.0 ms PING => +PONG`,
        '9 commands on 2 connections, 0 errors; took min/median/p99/max 1.0/1.0/1.0/1.0 ms',
      ]);
    });

    it('requests read as Redis reads them: *-1 and *0 get no reply, a line that starts with $ or : is an inline command of its own', function () {
      // what Redis 7.0.15 answered on lo
      const r = traceFlows('redis_trace', 6379, 42300, [
        ['*-1\r\n*0\r\nPING\r\nGET a\r\n', '+PONG\r\n$-1\r\n'],
        ['$3\r\nfoo\r\nPING\r\n', "-ERR unknown command '$3', with args beginning with: \r\n-ERR unknown command 'foo', with args beginning with: \r\n+PONG\r\n"],
        [':5\r\nPING\r\n', "-ERR unknown command ':5', with args beginning with: \r\n+PONG\r\n"],
      ]);
      const at = (n) => `10.0.0.1:${n} -> 10.0.0.2:6379`;
      assert.deepStrictEqual(untimed(r.lines), [
        `${at(42300)} 1.0 ms PING => +PONG`,
        `${at(42300)} 1.0 ms GET "a" => (nil)`,
        `${at(42301)} 1.0 ms $3 => -ERR unknown command '$3', with args beginning with: `,
        `${at(42301)} 1.0 ms FOO => -ERR unknown command 'foo', with args beginning with: `,
        `${at(42301)} 1.0 ms PING => +PONG`,
        `${at(42302)} 1.0 ms :5 => -ERR unknown command ':5', with args beginning with: `,
        `${at(42302)} 1.0 ms PING => +PONG`,
        '7 commands on 3 connections, 3 errors; took min/median/p99/max 1.0/1.0/1.0/1.0 ms',
      ]);
    });

    it('live on lo: a client and a server speaking RESP over a real TCP connection (-p for its port)', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const net = require('net');
      // a server that knows just enough: PING, and GET of one key
      const server = net.createServer((sock) => sock.on('data', (d) => sock.write(d.includes('PING') ? '+PONG\r\n' : '$5\r\nworld\r\n')));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      let lines;
      try {
        lines = await liveRun('redis_trace', ['-p', String(port)], () => new Promise((resolve, reject) => {
          const c = net.connect(port, '127.0.0.1', () => c.write(cmd('PING')));
          let n = 0;
          c.on('data', () => {
            n++;
            if (n === 1) c.write(cmd('GET', 'hello'));
            if (n === 2) c.end();
          });
          c.on('close', resolve);
          c.on('error', reject);
        }));
      } finally {
        server.close();
      }
      const at = `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} \\d+\\.\\d ms `;
      assert.match(lines[0], new RegExp(at + 'PING => \\+PONG$'));
      assert.match(lines[1], new RegExp(at + 'GET "hello" => \\$5 "world"$'));
      assert.match(lines[2], /^2 commands on 1 connection, 0 errors; took /);
      assert.strictEqual(lines.length, 3, lines.join('\n'));
    });
  });

  describe('mqtt_trace', function () {
    // MQTT packets: type and flags, the remaining length (1 to 4 bytes), the body
    const varint = (n) => {
      const out = [];
      do {
        out.push((n % 128) | (n >= 128 ? 0x80 : 0));
        n = Math.floor(n / 128);
      } while (n > 0);
      return Buffer.from(out);
    };
    const bytes = (x) => (typeof x === 'string' ? Buffer.from(x) : Array.isArray(x) ? Buffer.from(x) : x);
    const mq = (type, flags, ...parts) => {
      const body = Buffer.concat(parts.map(bytes));
      return Buffer.concat([Buffer.from([(type << 4) | flags]), varint(body.length), body]);
    };
    const str = (t) => Buffer.concat([Buffer.from([Buffer.byteLength(t) >> 8, Buffer.byteLength(t) & 0xff]), Buffer.from(t)]);
    const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
    const props = (...parts) => {
      const b = Buffer.concat(parts.map(bytes));
      return Buffer.concat([varint(b.length), b]);
    };
    const connect = (version, id, more = {}) => mq(1, 0, str('MQTT'), [version, 0x02], u16(60), version === 5 ? props(...(more.props || [])) : [], str(id));
    const connack = (version, code, ...p) => mq(2, 0, [0, code], version === 5 ? props(...p) : []);

    it('one line per exchange of mosquitto_pub and mosquitto_sub against mosquitto 2.0 (3.1, 3.1.1 and 5), with its answer and the time it took', function () {
      const r = tool('mqtt_trace', '-r', path.join(root, 'test', 'fixtures', 'app', 'mqtt_lo.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.lines.length, 56, r.out);
      for (const want of [
        '20:08:07.822 127.0.0.1:40476 -> 127.0.0.1:1883 0.2 ms CONNECT "fixture-retain" v3.1.1 clean keepalive 60 => CONNACK accepted',
        '20:08:07.823 127.0.0.1:40476 -> 127.0.0.1:1883 0.0 ms PUBLISH "fixture/retained" qos 1 id 1 retain 14 bytes "retained value" => PUBACK',
        '20:08:08.129 127.0.0.1:40486 -> 127.0.0.1:1883 0.6 ms CONNECT "fixture-sub311" v3.1.1 clean keepalive 5 user "fixture" will "fixture/will/sub311" qos 1 retain => CONNACK accepted',
        // 3.1.1's 0x80 is a refusal without a reason; 5 gives one
        '20:08:08.130 127.0.0.1:40486 -> 127.0.0.1:1883 0.1 ms SUBSCRIBE "fixture/qos/+" qos 2, "fixture/big/#" qos 2, "fixture/retained" qos 2, "private/#" qos 2 => SUBACK qos 2, qos 2, qos 2, refused',
        '20:08:08.130 127.0.0.1:40486 <- 127.0.0.1:1883 0.0 ms PUBLISH "fixture/retained" qos 1 id 1 retain 14 bytes "retained value" => PUBACK',
        '20:08:08.432 127.0.0.1:40492 -> 127.0.0.1:1883 0.0 ms SUBSCRIBE "fixture/v5/#" qos 1, "fixture/retained" qos 1, "private/v5" qos 1 => SUBACK qos 1, qos 1, not authorized (0x87)',
        '20:08:08.432 127.0.0.1:40492 -> 127.0.0.1:1883 0.1 ms UNSUBSCRIBE "fixture/v5/none" => UNSUBACK no subscription existed (0x11)',
        '20:08:09.235 127.0.0.1:40516 -> 127.0.0.1:1883 PUBLISH "fixture/qos/zero" 8 bytes "qos zero"',
        '20:08:09.235 127.0.0.1:40508 <- 127.0.0.1:1883 PUBLISH "fixture/qos/zero" 8 bytes "qos zero"',
        '20:08:09.646 127.0.0.1:40522 -> 127.0.0.1:1883 0.1 ms PUBLISH "fixture/qos/two" qos 2 id 1 7 bytes "qos two" => PUBREC, PUBREL, PUBCOMP',
        '20:08:09.646 127.0.0.1:40486 <- 127.0.0.1:1883 0.1 ms PUBLISH "fixture/qos/two" qos 2 id 3 7 bytes "qos two" => PUBREC, PUBREL, PUBCOMP',
        '20:08:09.852 127.0.0.1:40524 -> 127.0.0.1:1883 0.1 ms CONNECT "fixture-pub31" v3.1 clean keepalive 60 => CONNACK accepted',
        '20:08:10.058 127.0.0.1:40538 -> 127.0.0.1:1883 0.1 ms PUBLISH "fixture/v5/props" qos 2 id 1 content type "application/json" reply to "fixture/v5/reply" 9 bytes "{\\"k\\":\\"v\\"}" => PUBREC, PUBREL, PUBCOMP',
        '20:08:10.264 127.0.0.1:40542 -> 127.0.0.1:1883 0.2 ms CONNECT "" v5 clean keepalive 60 => CONNACK accepted, client id "auto-0907C7CC-9563-E972-2330-4E1B16F903A1"',
        // three in one segment, then two in one
        '20:08:10.364 127.0.0.1:40542 -> 127.0.0.1:1883 PUBLISH "fixture/v5/lines" 10 bytes "line three"',
        '20:08:10.405 127.0.0.1:40492 <- 127.0.0.1:1883 PUBLISH "fixture/v5/lines" 10 bytes "line three"',
        // 100 KB over several segments each way
        '20:08:10.670 127.0.0.1:40550 -> 127.0.0.1:1883 0.4 ms PUBLISH "fixture/big/blob" qos 1 id 1 102400 bytes "the quick brown fox jumps over the lazy dog 0123456789\\nthe q…" => PUBACK',
        '20:08:10.670 127.0.0.1:40486 <- 127.0.0.1:1883 0.3 ms PUBLISH "fixture/big/blob" qos 1 id 4 102400 bytes "the quick brown fox jumps over the lazy dog 0123456789\\nthe q…" => PUBACK',
        // the will of a client killed without DISCONNECT
        '20:08:11.276 127.0.0.1:40492 <- 127.0.0.1:1883 0.1 ms PUBLISH "fixture/v5/will" qos 1 id 3 11 bytes "doomed gone" => PUBACK',
        '20:08:11.580 127.0.0.1:40560 -> 127.0.0.1:1883 0.2 ms CONNECT "fixture-bad311" v3.1.1 clean keepalive 60 user "fixture" => CONNACK refused: not authorized (5)',
        '20:08:11.785 127.0.0.1:40568 -> 127.0.0.1:1883 0.1 ms CONNECT "fixture-bad5" v5 clean keepalive 60 user "fixture" => CONNACK refused: not authorized (0x87)',
        '20:08:15.676 127.0.0.1:40486 -> 127.0.0.1:1883 0.1 ms PINGREQ => PINGRESP',
        '20:08:18.432 127.0.0.1:40492 -> 127.0.0.1:1883 DISCONNECT disconnect with will message (0x04)',
        '33 exchanges on 14 connections, 4 errors, 10 published, 13 delivered; took min/median/p99/max 0.0/0.1/0.6/0.6 ms',
      ]) assert.ok(r.lines.includes(want), `missing: ${want}\n${r.out}`);
      // tshark counts the same: 10 PUBLISH to the broker and 13 from it
      assert.strictEqual(r.lines.filter((l) => / -> \S+ (\d+\.\d ms )?PUBLISH /.test(l)).length, 10);
      assert.strictEqual(r.lines.filter((l) => / <- \S+ (\d+\.\d ms )?PUBLISH /.test(l)).length, 13);
    });

    it('enhanced authentication, topic aliases, a refused QoS 2, a broker\'s DISCONNECT, packets split byte by byte, a late join, TLS and HTTP on the port, what is left waiting', function () {
      const file = path.join(os.tmpdir(), `pcap-mqtt-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      // 1: version 5 with an authentication exchange (AUTH lines come at once, CONNECT's when CONNACK is in)
      const a = new Flow({ sport: 1883, cport: 42000, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', connect(5, 'authed', { props: [[0x15], str('SCRAM-SHA-256')] })));
      put(a.pkt(false, 'PA', mq(15, 0, [0x18], props([0x15], str('SCRAM-SHA-256')))));
      put(a.pkt(true, 'PA', mq(15, 0, [0x18], props([0x15], str('SCRAM-SHA-256')))));
      put(a.pkt(false, 'PA', connack(5, 0)));
      // a topic alias set, then used with an empty topic; one never set; a binary payload
      put(a.pkt(true, 'PA', mq(3, 0x02, str('sensors/t'), u16(1), props([0x23], u16(3)), [0xde, 0xad, 0xbe, 0xef])));
      put(a.pkt(false, 'PA', mq(4, 0, u16(1), [0x10], props())));
      put(a.pkt(true, 'PA', mq(3, 0, str(''), props([0x23], u16(3)), '21.5')));
      put(a.pkt(true, 'PA', mq(3, 0, str(''), props([0x23], u16(9)), 'x')));
      // QoS 2 refused at PUBREC (quota exceeded): the exchange ends there
      put(a.pkt(true, 'PA', mq(3, 0x04, str('q'), u16(2), props(), 'm')));
      put(a.pkt(false, 'PA', mq(5, 0, u16(2), [0x97], props())));
      // the broker ends the session: another client took it over
      put(a.pkt(false, 'PA', mq(14, 0, [0x8e], props([0x1f], str('taken over')))), a.pkt(false, 'FA'), a.pkt(true, 'FA'));
      // 2: 3.1.1, three exchanges pipelined, one byte per segment each way; a PINGRESP to no PINGREQ
      const b = new Flow({ sport: 1883, cport: 42001, t: 20 });
      put(b.handshake(), b.data(true, Buffer.concat([connect(4, 'slow'), mq(8, 2, u16(1), str('a/#'), [1]), mq(12, 0)]), 1));
      put(b.data(false, Buffer.concat([connack(4, 0), mq(9, 0, u16(1), [1]), mq(13, 0), mq(13, 0)]), 1));
      // 3: joined after its start; 4: TLS on the port; 5: HTTP on the port
      const c = new Flow({ sport: 1883, cport: 42002, t: 30 });
      put(c.pkt(true, 'PA', mq(12, 0)));
      const d = new Flow({ sport: 1883, cport: 42003, t: 40 });
      put(d.handshake(), d.pkt(true, 'PA', Buffer.from('\x16\x03\x01\x00\xc8\x01\x00\x00\xc4', 'latin1')));
      const e = new Flow({ sport: 1883, cport: 42004, t: 50 });
      put(e.handshake(), e.pkt(true, 'PA', Buffer.from('GET / HTTP/1.1\r\n\r\n')));
      // 6: a QoS 1 PUBLISH and a SUBSCRIBE left waiting when the connection ends
      const f = new Flow({ sport: 1883, cport: 42005, t: 60 });
      put(f.handshake(), f.pkt(true, 'PA', connect(4, 'left')), f.pkt(false, 'PA', connack(4, 0)));
      put(f.pkt(true, 'PA', Buffer.concat([mq(3, 2, str('t'), u16(7), 'v'), mq(8, 2, u16(8), str('s'), [0])])), f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      // 7: a resumed session's PUBREL; an id used again before its answer; a DUP sent again and
      // answered twice; ten topics, the tenth refused; a 65,530-byte topic (its id past 64 KiB)
      const g = new Flow({ sport: 1883, cport: 42006, t: 70 });
      put(g.handshake(), g.pkt(true, 'PA', connect(4, 'again')), g.pkt(false, 'PA', connack(4, 0)));
      put(g.pkt(true, 'PA', mq(6, 2, u16(5))), g.pkt(false, 'PA', mq(7, 0, u16(5))));
      put(g.pkt(true, 'PA', Buffer.concat([mq(3, 2, str('r'), u16(9), 'a'), mq(3, 2, str('r'), u16(9), 'b')])), g.pkt(false, 'PA', mq(4, 0, u16(9))), g.pkt(false, 'PA', mq(4, 0, u16(9))));
      put(g.pkt(true, 'PA', mq(3, 2, str('d'), u16(11), 'x')), g.pkt(true, 'PA', mq(3, 0x0a, str('d'), u16(11), 'x')), g.pkt(false, 'PA', mq(4, 0, u16(11))), g.pkt(false, 'PA', mq(4, 0, u16(11))));
      const topics = Array.from({ length: 10 }, (_, i) => Buffer.concat([str(`m/${i}`), Buffer.from([1])]));
      put(g.pkt(true, 'PA', mq(8, 2, u16(12), ...topics)), g.pkt(false, 'PA', mq(9, 0, u16(12), [1, 1, 1, 1, 1, 1, 1, 1, 1, 0x80])));
      put(g.data(true, mq(3, 2, str('long/' + 'x'.repeat(65525)), u16(13), 'payload'), 16000), g.pkt(false, 'PA', mq(4, 0, u16(13))), g.pkt(true, 'FA'), g.pkt(false, 'FA'));
      close();
      try {
        const r = tool('mqtt_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(untimed(r.lines), [
          '10.0.0.1:42000 <- 10.0.0.2:1883 AUTH continue authentication (0x18) method "SCRAM-SHA-256"',
          '10.0.0.1:42000 -> 10.0.0.2:1883 AUTH continue authentication (0x18) method "SCRAM-SHA-256"',
          '10.0.0.1:42000 -> 10.0.0.2:1883 3.0 ms CONNECT "authed" v5 clean keepalive 60 auth "SCRAM-SHA-256" => CONNACK accepted',
          '10.0.0.1:42000 -> 10.0.0.2:1883 1.0 ms PUBLISH "sensors/t" qos 1 id 1 4 bytes 0xdeadbeef => PUBACK no matching subscribers (0x10)',
          '10.0.0.1:42000 -> 10.0.0.2:1883 PUBLISH "sensors/t" (alias 3) 4 bytes "21.5"',
          '10.0.0.1:42000 -> 10.0.0.2:1883 PUBLISH alias 9 (its topic not seen) 1 byte "x"',
          '10.0.0.1:42000 -> 10.0.0.2:1883 1.0 ms PUBLISH "q" qos 2 id 2 1 byte "m" => PUBREC quota exceeded (0x97)',
          '10.0.0.1:42000 <- 10.0.0.2:1883 DISCONNECT session taken over (0x8e) "taken over"',
          // each timed from the segment that completes it to the one that completes its answer
          '10.0.0.1:42001 -> 10.0.0.2:1883 16.0 ms CONNECT "slow" v3.1.1 clean keepalive 60 => CONNACK accepted',
          '10.0.0.1:42001 -> 10.0.0.2:1883 11.0 ms SUBSCRIBE "a/#" qos 1 => SUBACK qos 1',
          '10.0.0.1:42001 -> 10.0.0.2:1883 11.0 ms PINGREQ => PINGRESP',
          '10.0.0.1:42001 <- 10.0.0.2:1883 PINGRESP, an answer to nothing seen',
          '10.0.0.1:42005 -> 10.0.0.2:1883 1.0 ms CONNECT "left" v3.1.1 clean keepalive 60 => CONNACK accepted',
          '10.0.0.1:42005 -> 10.0.0.2:1883 no answer before the connection ended PUBLISH "t" qos 1 id 7 1 byte "v"',
          '10.0.0.1:42005 -> 10.0.0.2:1883 no answer before the connection ended SUBSCRIBE "s" qos 0',
          '10.0.0.1:42006 -> 10.0.0.2:1883 1.0 ms CONNECT "again" v3.1.1 clean keepalive 60 => CONNACK accepted',
          '10.0.0.1:42006 -> 10.0.0.2:1883 1.0 ms PUBREL id 5 (resumed) => PUBCOMP',
          '10.0.0.1:42006 -> 10.0.0.2:1883 1.0 ms PUBLISH "r" qos 1 id 9 1 byte "a" => PUBACK',
          '10.0.0.1:42006 -> 10.0.0.2:1883 2.0 ms PUBLISH "r" qos 1 id 9 1 byte "b" (its id was in use) => PUBACK',
          '10.0.0.1:42006 -> 10.0.0.2:1883 2.0 ms PUBLISH "d" qos 1 id 11 1 byte "x" (sent again) => PUBACK',
          '10.0.0.1:42006 -> 10.0.0.2:1883 1.0 ms SUBSCRIBE "m/0" qos 1, "m/1" qos 1, "m/2" qos 1, "m/3" qos 1, "m/4" qos 1, "m/5" qos 1, "m/6" qos 1, "m/7" qos 1, +2 more => SUBACK qos 1, qos 1, qos 1, qos 1, qos 1, qos 1, qos 1, qos 1, +2 more (1 refused)',
          `10.0.0.1:42006 -> 10.0.0.2:1883 1.0 ms PUBLISH "long/${'x'.repeat(75)}…" qos 1 id 13 7 bytes "payload" => PUBACK`,
          '14 exchanges on 7 connections, 3 errors, 10 published, 0 delivered, 1 answer to nothing seen; took min/median/p99/max 1.0/1.0/16.0/16.0 ms; not read: 1 joined after its start, 2 not speaking MQTT',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('65,535 PINGREQs sent before any answer are answered in order, in time that grows with their number, not its square', function () {
      this.timeout(60000);
      // the same 65,535 exchanges twice: all PINGREQs before the first PINGRESP, and each answered
      // at once. Answering from the front of an Array (shift) made the first take four times as
      // long as the second here (3.0 s against 0.7 s); from a Fifo it takes less (0.6 against 1.1 s).
      const n = 65535;
      const write = (file, pipelined) => {
        const { put, close } = flowCapture(file);
        const f = new Flow({ sport: 1883, cport: 42100, t: 10 });
        put(f.handshake(), f.pkt(true, 'PA', connect(4, 'pinger')), f.pkt(false, 'PA', connack(4, 0)));
        const per = 1000;
        if (pipelined) {
          for (let i = 0; i < n; i += per) put(f.pkt(true, 'PA', Buffer.concat(Array(Math.min(per, n - i)).fill(mq(12, 0)))));
          for (let i = 0; i < n; i += per) put(f.pkt(false, 'PA', Buffer.concat(Array(Math.min(per, n - i)).fill(mq(13, 0)))));
        } else {
          for (let i = 0; i < n; i++) put(f.pkt(true, 'PA', mq(12, 0)), f.pkt(false, 'PA', mq(13, 0)));
        }
        close();
      };
      const files = [true, false].map((p) => path.join(os.tmpdir(), `pcap-mqtt-pings-${p}-${process.pid}.pcap`));
      try {
        write(files[0], true);
        write(files[1], false);
        const secs = [];
        for (const file of files) {
          const t0 = process.hrtime.bigint();
          const r = tool('mqtt_trace', '-r', file);
          secs.push(Number(process.hrtime.bigint() - t0) / 1e9);
          assert.strictEqual(r.code, 0, r.err);
          assert.strictEqual(r.lines.length, n + 2);
          assert.strictEqual(r.lines.filter((l) => / 10\.0\.0\.1:42100 -> 10\.0\.0\.2:1883 \d+\.\d ms PINGREQ => PINGRESP$/.test(l)).length, n);
          assert.match(r.lines[r.lines.length - 1], /^65536 exchanges on 1 connection, 0 errors, 0 published, 0 delivered; took /);
        }
        // the pipelined capture has 131 segments where the other has 131,070, so it has less to read
        assert.ok(secs[0] < 2 * secs[1], `pipelined ${secs[0].toFixed(2)} s, answered at once ${secs[1].toFixed(2)} s`);
      } finally {
        files.forEach((f) => fs.rmSync(f, { force: true }));
      }
    });

    it('a packet identifier reused in flight: up to 64 exchanges wait under it, answered in order; the 65th stops reading the connection', function () {
      const file = path.join(os.tmpdir(), `pcap-mqtt-reuse-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const publish = (qos, id, payload) => mq(3, qos << 1, str('t'), u16(id), payload);
      // 1: 64 QoS 1 messages under id 7, then their 64 PUBACKs
      const a = new Flow({ sport: 1883, cport: 42200, t: 10 });
      put(a.handshake(), a.pkt(true, 'PA', connect(4, 'reuse')), a.pkt(false, 'PA', connack(4, 0)));
      put(a.pkt(true, 'PA', Buffer.concat(Array.from({ length: 64 }, (_, i) => publish(1, 7, `m${i}`)))));
      put(a.pkt(false, 'PA', Buffer.concat(Array(64).fill(mq(4, 0, u16(7))))));
      // 2: 65 QoS 2 messages under id 9: the 65th is one too many
      const b = new Flow({ sport: 1883, cport: 42201, t: 20 });
      put(b.handshake(), b.pkt(true, 'PA', connect(4, 'flood')), b.pkt(false, 'PA', connack(4, 0)));
      put(b.pkt(true, 'PA', Buffer.concat(Array.from({ length: 65 }, (_, i) => publish(2, 9, `q${i}`)))));
      put(b.pkt(false, 'PA', Buffer.concat(Array(65).fill(mq(5, 0, u16(9))))));
      close();
      try {
        const r = tool('mqtt_trace', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        const lines = untimed(r.lines);
        const answered = lines.filter((l) => l.startsWith('10.0.0.1:42200 -> 10.0.0.2:1883 1.0 ms PUBLISH "t" qos 1 id 7'));
        assert.strictEqual(answered.length, 64, r.out);
        answered.forEach((l, i) => assert.ok(l.includes(` "m${i}"`) && l.endsWith(' => PUBACK'), l));
        // connection 2 stopped being read at its 65th PUBLISH: its 64 stay waiting, the PUBRECs unread
        assert.strictEqual(lines.filter((l) => l.startsWith('10.0.0.1:42201 -> 10.0.0.2:1883 no answer before the capture ended PUBLISH "t" qos 2 id 9')).length, 64, r.out);
        assert.strictEqual(lines[lines.length - 1], '66 exchanges on 2 connections, 0 errors, 129 published, 0 delivered; took min/median/p99/max 1.0/1.0/1.0/1.0 ms; not read: 1 with over 64 waiting under one packet identifier');
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('live on lo: a client and a broker speaking MQTT over a real TCP connection (-p for its port)', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      this.timeout(20000);
      const net = require('net');
      // a broker that knows just enough: CONNECT, PUBLISH at QoS 1 and PINGREQ, one packet per write
      const server = net.createServer((sock) => sock.on('data', (d) => {
        const type = d[0] >> 4;
        if (type === 1) sock.write(connack(4, 0));
        if (type === 3) sock.write(mq(4, 0, d.subarray(d.length - 3, d.length - 1))); // the packet identifier before the 1-byte payload
        if (type === 12) sock.write(mq(13, 0));
      }));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = server.address().port;
      let lines;
      try {
        lines = await liveRun('mqtt_trace', ['-p', String(port)], () => new Promise((resolve, reject) => {
          const steps = [connect(4, 'live'), mq(3, 2, str('t/1'), u16(5), 'x'), mq(12, 0)];
          const c = net.connect(port, '127.0.0.1', () => c.write(steps.shift()));
          c.on('data', () => (steps.length ? c.write(steps.shift()) : c.end()));
          c.on('close', resolve);
          c.on('error', reject);
        }));
      } finally {
        server.close();
      }
      const at = `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${port} \\d+\\.\\d ms `;
      assert.match(lines[0], new RegExp(at + 'CONNECT "live" v3\\.1\\.1 clean keepalive 60 => CONNACK accepted$'));
      assert.match(lines[1], new RegExp(at + 'PUBLISH "t/1" qos 1 id 5 1 byte "x" => PUBACK$'));
      assert.match(lines[2], new RegExp(at + 'PINGREQ => PINGRESP$'));
      assert.match(lines[3], /^3 exchanges on 1 connection, 0 errors, 1 published, 0 delivered; took /);
      assert.strictEqual(lines.length, 4, lines.join('\n'));
    });
  });

  describe('tcp_metrics', function () {
    it('a connection whose keep-alives come 6 minutes apart is one connection (wireshark_samples-test: tshark 1, not 5 timeouts)', function () {
      const file = path.join(os.tmpdir(), `pcap-keepalive-${process.pid}.pcap`);
      const { put, close } = flowCapture(file);
      const f = new Flow({ sport: 139, cport: 38832, t: 1000 });
      put(f.handshake());
      for (let i = 0; i < 5; i++) {
        f.t += 360;
        put(f.pkt(false, 'PA', 'keep'), f.pkt(true, 'A'));
      }
      put(f.pkt(true, 'FA'), f.pkt(false, 'FA'), f.pkt(true, 'A'));
      close();
      try {
        const r = tool('tcp_metrics', '-r', file);
        assert.strictEqual(r.code, 0, r.err);
        assert.strictEqual(r.lines[r.lines.length - 1], '1 connection');
        assert.match(r.lines[1], / end 10\.0\.0\.1:38832 -> 10\.0\.0\.2:139 fin 1800\.\d{3}s -> 0 B <- 20 B /);
      } finally {
        fs.unlinkSync(file);
      }
    });

    // every tool that follows connections or queries live (simple_capture prints the stats at its end)
    for (const name of ['tcp_metrics', 'http_trace', 'dns_trace', 'pg_trace', 'mysql_trace', 'redis_trace', 'mqtt_trace']) {
      it(`${name}: packets pcap dropped are reported at the end too, not only every 2 s`, async function () {
        if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
        this.timeout(20000);
        // a capture stopped 0.3 s after it starts, whose pcap says it dropped 3 packets
        const preload = path.join(os.tmpdir(), `pcap-drops-${process.pid}.js`);
        fs.writeFileSync(preload, `const pcap = require(${JSON.stringify(root)});
const open = pcap.createSession;
pcap.createSession = (...args) => { const s = open(...args); s.stats = () => ({ ps_recv: 10, ps_drop: 3, ps_ifdrop: 0 }); return s; };
`);
        try {
          const child = spawn(process.execPath, ['-r', preload, path.join(root, 'examples', name), '-i', 'lo', '-f', 'udp port 9']);
          let err = '';
          child.stderr.on('data', (d) => {
            err += d;
            if (/listening on lo/.test(err)) setTimeout(() => child.kill('SIGINT'), 300);
          });
          const guard = setTimeout(() => child.kill('SIGKILL'), 15000);
          const code = await new Promise((resolve) => child.on('exit', resolve));
          clearTimeout(guard);
          assert.strictEqual(code, 0, err);
          assert.match(err, new RegExp(`\\n${name}: pcap dropped 3 packets \\(3 of 10 so far\\); `));
        } finally {
          fs.rmSync(preload, { force: true });
        }
      });
    }

    it('live on lo: full-size segments (65,549-byte frames) are captured whole, so no false gaps', async function () {
      if (process.getuid() !== 0) this.skip(); // live capture on lo needs root (CI runs as root)
      if (spawnSync('python3', ['--version']).status !== 0) this.skip(); // .ci/run installs it
      this.timeout(20000);
      // Python's sendall of 400,000 bytes to a reader that takes a MiB at a time: the kernel sends
      // it in 64 KiB segments on lo (a Node socket's segments stay under 63 KiB here). The
      // library's default snap_length, 65535, would cut each of those frames by 14 bytes.
      const port = 20000 + ((process.pid * 13) % 20000);
      const script = `
import socket, sys, threading
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(('127.0.0.1', ${port})); srv.listen()
def serve():
    c, _ = srv.accept()
    while c.recv(1 << 20): pass
    c.close()
t = threading.Thread(target=serve); t.start()
s = socket.create_connection(('127.0.0.1', ${port})); s.sendall(b'x' * 400000); s.close(); t.join(); srv.close()
`;
      const lines = await liveRun('tcp_metrics', ['-f', `tcp port ${port}`], async () => {
        assert.strictEqual(spawnSync('python3', ['-c', script], { timeout: 10000 }).status, 0);
      });
      const end = lines.find((l) => / end /.test(l));
      assert.match(end, / fin [\d.]+s -> 400000 B <- 0 B retrans 0\/0 rtt /, lines.join('\n')); // no "gaps" part
    });

    it('a TLS connection\'s end line names the server its ClientHello asked for', function () {
      const r = tool('tcp_metrics', '-r', path.join(root, 'test', 'fixtures', 'app', 'tls_lo.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines.filter((l) => / end /.test(l)).map((l) => l.replace(/^.* (tls .*)$/, '$1')), ['tls "tls13.test"', 'tls "legacy.test"', 'tls "refused.test"']);
      assert.strictEqual(r.lines[r.lines.length - 1], '3 connections');
    });

    it('prints start and end lines with duration, bytes, retransmits and RTTs (http.pcap, ws.pcap)', function () {
      let r = tool('tcp_metrics', '-r', fixture('http.pcap'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.lines, [
        '23:33:49.668 start 127.0.0.1:56072 -> 127.0.0.1:18180',
        '23:33:50.004 end 127.0.0.1:56072 -> 127.0.0.1:18180 fin 0.336s -> 510 B <- 1289 B retrans 0/0 rtt srv 0.007/6.988/40.878 cli 0.006/0.174/1.495 ms',
        '23:33:50.106 start 127.0.0.1:56076 -> 127.0.0.1:18180', // at the SYN: start + duration = end
        '23:33:50.109 end 127.0.0.1:56076 -> 127.0.0.1:18180 fin 0.003s -> 165 B <- 207 B retrans 0/0 rtt srv 0.009/0.136/0.383 cli 0.006/0.255/0.742 ms',
        '23:33:50.211 start [::1]:43984 -> [::1]:18180',
        '23:33:50.213 end [::1]:43984 -> [::1]:18180 fin 0.001s -> 63 B <- 138 B retrans 0/0 rtt srv 0.009/0.014/0.018 cli 0.007/0.129/0.363 ms',
        '3 connections',
      ]);
      r = tool('tcp_metrics', '-r', fixture('ws.pcap'));
      assert.deepStrictEqual(r.lines, [
        '23:33:52.020 start 127.0.0.1:53048 -> 127.0.0.1:18181',
        '23:33:52.176 end 127.0.0.1:53048 -> 127.0.0.1:18181 fin 0.157s -> 538 B <- 70177 B retrans 0/0 rtt srv 0.008/6.420/43.798 cli 0.006/10.158/40.462 ms',
        '1 connection',
      ]);
    });

    it('reports resets, retransmissions, gaps and connections joined mid-stream or left open', function () {
      const file = path.join(os.tmpdir(), `pcap-track-${process.pid}.pcap`);
      const { put, close } = flowCapture(file, { link_type: 'LINKTYPE_ETHERNET' });
      const a = new Flow({ cport: 40001, t: 100 });
      put(a.handshake(), a.data(true, 'x'.repeat(100)));
      const resent = a.data(false, 'y'.repeat(3000));
      put(resent[0], resent[0], resent[2], a.pkt(true, 'A'), a.pkt(false, 'R'));
      const b = new Flow({ cport: 40002, t: 200 });
      put(b.data(false, 'z'.repeat(50)), b.pkt(true, 'A'));
      const c = new Flow({ cport: 40003, t: 300 }); // refused: the RST-ACK acknowledges the SYN, an RTT sample
      put(c.pkt(true, 'S'), c.pkt(false, 'RA'));
      close();
      try {
        const r = tool('tcp_metrics', '-r', file);
        assert.deepStrictEqual(r.lines, [
          '00:01:40.001 start 10.0.0.1:40001 -> 10.0.0.2:80',
          '00:01:40.009 end 10.0.0.1:40001 -> 10.0.0.2:80 reset by server 0.008s -> 100 B <- 3000 B retrans 0/1 gaps 0/1000 B rtt srv 1.000/1.000/1.000 cli 1.000/1.000/1.000 ms',
          '00:03:20.001 start 10.0.0.1:40002 -> 10.0.0.2:80 (joined mid-stream)',
          '00:05:00.001 start 10.0.0.1:40003 -> 10.0.0.2:80',
          '00:05:00.002 end 10.0.0.1:40003 -> 10.0.0.2:80 reset by server 0.001s -> 0 B <- 0 B retrans 0/0 rtt srv 1.000/1.000/1.000 cli - ms',
          '00:03:20.002 end 10.0.0.1:40002 -> 10.0.0.2:80 open 0.001s -> 0 B <- 50 B retrans 0/0 rtt srv - cli 1.000/1.000/1.000 ms (joined mid-stream)',
          '3 connections',
        ]);
      } finally {
        fs.unlinkSync(file);
      }
    });
  });
});

/**
 * A tiny DNS server on `addr`:53, UDP and TCP, for the live dns_trace test: every A query gets
 * 192.0.2.1, except that big.test over UDP gets an empty answer with TC set (so the resolver asks
 * again over TCP). Resolves to null when the port is taken.
 */
function startDnsServer(addr) {
  const dgram = require('dgram');
  const net = require('net');
  const reply = (query, truncated) => {
    let p = 12;
    while (p < query.length && query[p] !== 0) p += 1 + query[p];
    const question = query.subarray(12, p + 5);
    const name = query.subarray(13, p).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    const head = Buffer.from([query[0], query[1], 0x84 | (truncated ? 0x02 : 0) | (query[2] & 1), 0x00, 0, 1, 0, truncated ? 0 : 1, 0, 0, 0, 0]);
    const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    return { name, msg: Buffer.concat(truncated ? [head, question] : [head, question, answer]) };
  };
  return new Promise((resolve) => {
    const udp = dgram.createSocket('udp4');
    const tcp = net.createServer((sock) => {
      let held = Buffer.alloc(0);
      sock.on('data', (d) => {
        held = Buffer.concat([held, d]);
        while (held.length >= 2 && held.length >= 2 + held.readUInt16BE(0)) {
          const { msg } = reply(held.subarray(2, 2 + held.readUInt16BE(0)), false);
          held = held.subarray(2 + held.readUInt16BE(0));
          const len = Buffer.alloc(2);
          len.writeUInt16BE(msg.length);
          sock.write(Buffer.concat([len, msg]));
        }
      });
      sock.on('error', () => {});
    });
    const close = () => {
      udp.close();
      tcp.close();
    };
    udp.on('message', (query, from) => {
      const first = reply(query, false);
      const { msg } = first.name.startsWith('big') ? reply(query, true) : first;
      udp.send(msg, from.port, from.address);
    });
    udp.once('error', () => resolve(null));
    tcp.once('error', () => {
      udp.close();
      resolve(null);
    });
    udp.bind(53, addr, () => tcp.listen(53, addr, () => resolve({ close })));
  });
}

/** A DNS query (`answer` false) or an answer with one A record, for `name`, with message id `id`. */
function dnsMessage(id, name, answer, address = [192, 0, 2, 1]) {
  const labels = Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const head = Buffer.from([id >> 8, id & 255, answer ? 0x81 : 0x01, answer ? 0x80 : 0x00, 0, 1, 0, answer ? 1 : 0, 0, 0, 0, 0]);
  const question = Buffer.concat([labels, Buffer.from([0, 1, 0, 1])]);
  const record = answer ? Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...address]) : Buffer.alloc(0);
  return Buffer.concat([head, question, record]);
}

/** Ethernet + IPv4 + UDP or TCP (`tcp` = {seq, ack, flags}) around `payload`. */
function frame(src, sport, dst, dport, payload, tcp) {
  const l4 = Buffer.alloc(tcp ? 20 : 8);
  l4.writeUInt16BE(sport, 0);
  l4.writeUInt16BE(dport, 2);
  if (tcp) {
    l4.writeUInt32BE(tcp.seq >>> 0, 4);
    l4.writeUInt32BE(tcp.ack >>> 0, 8);
    l4[12] = 5 << 4;
    l4[13] = tcp.flags;
    l4.writeUInt16BE(65535, 14);
  } else l4.writeUInt16BE(8 + payload.length, 4);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length + payload.length, 2);
  ip[8] = 64;
  ip[9] = tcp ? 6 : 17;
  Buffer.from(src.split('.').map(Number)).copy(ip, 12);
  Buffer.from(dst.split('.').map(Number)).copy(ip, 16);
  const eth = Buffer.from('020000000002020000000001' + '0800', 'hex');
  return Buffer.concat([eth, ip, l4, payload]);
}

/**
 * Writes `frames` ([seconds after 1700000001 (22:13:21 UTC), frame, captured length?]) to a pcap
 * file, for the dns_trace tests.
 */
function writeDnsCapture(file, frames) {
  const w = pcap.createWriter(file);
  for (const [dt, buf, captured = buf.length] of frames) {
    const header = Buffer.alloc(16);
    const us = Math.round((1700000001 + dt) * 1e6);
    header.writeUInt32LE(Math.floor(us / 1e6), 0);
    header.writeUInt32LE(us % 1e6, 4);
    header.writeUInt32LE(captured, 8);
    header.writeUInt32LE(buf.length, 12);
    w.write({ buf: buf.subarray(0, captured), header });
  }
  w.close();
}

/** Writes the capture of the dns_trace edge-case test (1700000001 is 22:13:21 UTC). */
function writeDnsEdgeCases(file) {
  const C = '10.0.0.1';
  const S = '10.0.0.53';
  const w = pcap.createWriter(file);
  const put = (t, buf, captured = buf.length) => {
    const header = Buffer.alloc(16);
    const us = Math.round(t * 1e6);
    header.writeUInt32LE(Math.floor(us / 1e6), 0);
    header.writeUInt32LE(us % 1e6, 4);
    header.writeUInt32LE(captured, 8);
    header.writeUInt32LE(buf.length, 12);
    w.write({ buf: buf.subarray(0, captured), header });
  };
  const T = 1700000001;
  put(T + 0.1, frame(C, 3334, S, 53, dnsMessage(10, 'retry.test', false)));
  put(T + 1.1, frame(C, 3334, S, 53, dnsMessage(10, 'retry.test', false)));
  put(T + 1.12, frame(S, 53, C, 3334, dnsMessage(10, 'retry.test', true)));
  put(T + 1.22, frame(C, 3335, S, 53, dnsMessage(11, 'two.test', false)));
  put(T + 1.22, frame(C, 3335, '10.0.0.54', 53, dnsMessage(11, 'two.test', false)));
  put(T + 1.23, frame(S, 53, C, 3335, dnsMessage(11, 'two.test', true)));
  put(T + 1.24, frame('10.0.0.54', 53, C, 3335, dnsMessage(11, 'two.test', true)));
  put(T + 1.34, frame(C, 3336, S, 53, dnsMessage(12, 'asked.test', false)));
  put(T + 1.35, frame('10.6.6.6', 53, C, 3336, dnsMessage(12, 'spoofed.test', true, [6, 6, 6, 6])));
  // datagrams on port 53 that are not DNS (shorter than a header; a question that does not
  // parse), and an echo of one: no line, no count
  put(T + 1.36, frame(C, 3337, S, 53, Buffer.from('quit')));
  put(T + 1.36, frame(C, 3338, S, 53, Buffer.from('hello this is not dns at all')));
  put(T + 1.37, frame(S, 53, C, 3338, Buffer.from('hello this is not dns at all')));
  // TCP: a handshake, a query, an answer whose last 200 bytes the capture cut off, a second query
  // and its answer
  const len2 = (m) => Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m]);
  let cs = 1000;
  let ss = 5000;
  const tcp = (t, fromClient, flags, data = Buffer.alloc(0), captured) => {
    const b = fromClient ? frame(C, 40001, S, 53, data, { seq: cs, ack: ss, flags }) : frame(S, 53, C, 40001, data, { seq: ss, ack: cs, flags });
    put(t, b, captured === undefined ? b.length : b.length - data.length + captured);
    const adv = data.length + (flags & 0x02 ? 1 : 0);
    if (fromClient) cs += adv;
    else ss += adv;
  };
  tcp(T + 1.39, true, 0x02);
  tcp(T + 1.391, false, 0x12);
  tcp(T + 1.392, true, 0x10);
  tcp(T + 1.396, true, 0x18, len2(dnsMessage(7, 'big.test', false)));
  const big = Buffer.concat([dnsMessage(7, 'big.test', true), Buffer.alloc(200, 0x41)]);
  tcp(T + 1.398, false, 0x18, len2(big), 30);
  tcp(T + 1.4, true, 0x18, len2(dnsMessage(8, 'after.test', false)));
  tcp(T + 1.402, false, 0x18, len2(dnsMessage(8, 'after.test', true)));
  w.close();
}
