'use strict';
// Robustness of the decoders on hostile input. Every packet of every capture under test/fixtures is
// (a) decoded cut at every length, and (b) mutated at random with a fixed seed (bit flips, byte sets,
// corrupted length fields at the offsets the decoded headers sit at, random tails, random lengths,
// inserted/deleted/repeated bytes) and decoded again, FUZZ_MUTATIONS times in all (default 1e6).
// Each result is also printed (toString) and serialised (JSON.stringify). Nothing may throw, and no
// single decode may take 50 ms or more (250 ms for printing and serialising it).
//
// The loop runs in a worker thread that keeps the packet under test in shared memory, so a decoder
// that hangs can be stopped and the packet shown. Part (a) also decodes each cut twice, once
// followed by zeros and once by 0xff bytes beyond caplen: both must give the same result, or a
// decoder read past the captured bytes.
//
// Reproduce with FUZZ_SEED=<seed> FUZZ_MUTATIONS=<n>; failures print the seed, the mutation number
// and the packet in hex.

const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const path = require('path');

const DEFAULT_SEED = 0x5eed1234;
const MAX_DECODE_MS = 50;
const MAX_PRINT_MS = 250; // toString + JSON.stringify of one packet (this machine is shared: be lenient)
const STALL_MS = 15000; // no progress for this long: the worker is stuck in a decoder
const MAX_LEN = 1 << 17; // shared packet buffer size: largest packet + room for tails
const MAX_FAILURES = 40;

if (isMainThread) {
  mainThread();
} else {
  workerThread();
}

// ================================================================================ main thread

function mainThread() {
  const assert = require('assert');
  const { captureFiles, packetCopies } = require('./print/read_packets');

  describe('decode fuzz', function () {
    // A hang is caught by the stall watchdog (STALL_MS without progress), not by this: the whole
    // run takes about 3.5 minutes beside other jobs on a 2-core machine, and went past 5 minutes
    // with three other test suites running beside it.
    this.timeout(900000);

    it('decodes every truncation and 1e6 random mutations without throwing or hanging', async function () {
      const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : DEFAULT_SEED;
      const mutations = process.env.FUZZ_MUTATIONS ? Number(process.env.FUZZ_MUTATIONS) : 1e6;
      const packets = [];
      for (const f of captureFiles()) {
        for (const p of await packetCopies(f)) {
          if (p.buf.length + 256 < MAX_LEN) packets.push({ buf: new Uint8Array(p.buf), link_type: p.link_type, file: path.basename(f) });
        }
      }
      assert.ok(packets.length > 100, 'fixture packets found: ' + packets.length);

      const result = await runWorker({ packets, seed, mutations });
      const s = result.stats;
      console.log(`      fuzz: ${packets.length} fixture packets; ${s.truncations} truncations (each twice, tails 00/ff); ` +
        `${s.mutations} mutations in ${(s.mutationMs / 1000).toFixed(1)} s (${Math.round(s.mutations / (s.mutationMs / 1000))}/s); ` +
        `max decode ${s.maxDecodeMs.toFixed(2)} ms, max print+json ${s.maxPrintMs.toFixed(2)} ms; seed 0x${seed.toString(16)}; ` +
        `packets with a decode error ${s.withError}, failures ${result.failures.length}`);
      if (result.failures.length) {
        const text = result.failures.map((f) => `  [${f.kind}] ${f.where}, seed 0x${seed.toString(16)}, ${f.link_type}, ` +
          `${f.file}\n    packet (${f.hex.length / 2} bytes): ${f.hex}\n    ${f.message.split('\n').join('\n    ')}`).join('\n');
        assert.fail(`${result.failures.length} fuzz failure(s):\n${text}`);
      }
      assert.strictEqual(s.mutations, mutations);
    });
  });

  function runWorker(data) {
    return new Promise((resolve, reject) => {
      const shared = new SharedArrayBuffer(16 + MAX_LEN);
      const ctl = new Int32Array(shared, 0, 4); // [0] progress counter, [1] packet length, [2] packet index
      const worker = new Worker(__filename, { workerData: { ...data, shared } });
      const failures = [];
      let last = -1;
      let lastChange = Date.now();
      let finished = false;
      const timer = setInterval(() => {
        const now = Atomics.load(ctl, 0);
        if (now !== last) { last = now; lastChange = Date.now(); return; }
        if (Date.now() - lastChange < STALL_MS) return;
        // stuck inside a decode: show the packet it is working on
        clearInterval(timer);
        finished = true;
        const len = Atomics.load(ctl, 1);
        const p = data.packets[Atomics.load(ctl, 2)];
        const bytes = Buffer.from(new Uint8Array(shared, 16, len));
        worker.terminate();
        failures.push({ kind: 'hang', where: `no progress for ${STALL_MS} ms at step ${now}`, link_type: p.link_type, file: p.file, hex: bytes.toString('hex'), message: 'decoder hang' });
        resolve({ stats: { truncations: 0, mutations: 0, mutationMs: 1, maxDecodeMs: 0, maxPrintMs: 0, withError: 0 }, failures });
      }, 1000);
      worker.on('message', (m) => {
        if (m.type === 'failure') failures.push(m);
        else if (m.type === 'done') { finished = true; clearInterval(timer); resolve({ stats: m.stats, failures }); }
      });
      worker.on('error', (e) => { clearInterval(timer); if (!finished) reject(e); });
      worker.on('exit', (code) => { clearInterval(timer); if (!finished) reject(new Error('fuzz worker exited with code ' + code)); });
    });
  }
}

// ================================================================================ worker thread

function workerThread() {
  const { performance } = require('perf_hooks');
  const decode = require('../../lib/decode');
  const { packetLineUnsafe } = require('../../lib/decode/print/summary');
  const { packets, seed, mutations, shared } = workerData;
  const ctl = new Int32Array(shared, 0, 4);
  const work = Buffer.from(shared, 16, MAX_LEN); // the packet under test lives here
  const header = Buffer.alloc(16);
  const stats = { truncations: 0, mutations: 0, mutationMs: 0, maxDecodeMs: 0, maxPrintMs: 0, withError: 0 };
  let failureCount = 0;
  const seen = new Set();

  // mulberry32: small, fast, good enough to spread mutations
  let state = seed >>> 0;
  function rnd() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const rint = (n) => Math.floor(rnd() * n);

  function fail(kind, where, idx, len, err) {
    // one report per distinct first stack frame, so a bug hit 10,000 times shows once
    const message = err && err.stack ? err.stack.split('\n').slice(0, 6).join('\n') : String(err);
    const key = kind + ':' + (err && err.stack ? err.stack.split('\n').slice(0, 2).join('|') : message);
    if (seen.has(key) || failureCount >= MAX_FAILURES) return;
    seen.add(key);
    failureCount++;
    const p = packets[idx];
    parentPort.postMessage({ type: 'failure', kind, where, link_type: p.link_type, file: p.file, hex: work.subarray(0, len).toString('hex'), message });
  }

  function setHeader(len) {
    header.writeUInt32LE(len, 8);
    header.writeUInt32LE(len, 12);
  }

  /** Decodes work[0, len) as packet idx's link type; prints and serialises it. Returns [line, json]. */
  function run(idx, len, where) {
    Atomics.store(ctl, 1, len);
    Atomics.store(ctl, 2, idx);
    setHeader(len);
    const raw = { buf: work, header, link_type: packets[idx].link_type };
    let pkt;
    const t0 = performance.now();
    try {
      pkt = decode.packet(raw);
    } catch (e) {
      fail('decode threw', where, idx, len, e);
      return null;
    }
    const t1 = performance.now();
    let line;
    let json;
    try {
      line = packetLineUnsafe(pkt);
    } catch (e) {
      fail('toString threw', where, idx, len, e);
      return null;
    }
    try {
      json = JSON.stringify(pkt);
    } catch (e) {
      fail('JSON.stringify threw', where, idx, len, e);
      return null;
    }
    const t2 = performance.now();
    let dt = t1 - t0;
    if (dt >= MAX_DECODE_MS) {
      // once more, so that a GC pause or a first compile is not taken for a slow decoder
      const t3 = performance.now();
      decode.packet(raw);
      dt = performance.now() - t3;
      if (dt >= MAX_DECODE_MS) fail('slow decode', `${where}: ${dt.toFixed(1)} ms`, idx, len, new Error('decode took too long'));
    }
    let pt = t2 - t1;
    if (pt >= MAX_PRINT_MS) {
      const t3 = performance.now();
      packetLineUnsafe(pkt);
      JSON.stringify(pkt);
      pt = performance.now() - t3;
      if (pt >= MAX_PRINT_MS) fail('slow print', `${where}: ${pt.toFixed(1)} ms`, idx, len, new Error('toString + JSON.stringify took too long'));
    }
    if (dt > stats.maxDecodeMs) stats.maxDecodeMs = dt;
    if (pt > stats.maxPrintMs) stats.maxPrintMs = pt;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/.test(line)) fail('control character in summary', where, idx, len, new Error(JSON.stringify(line)));
    if (json.includes('"error"')) stats.withError++;
    return [line, json];
  }

  // ------------------------------------------------------------ (a) every truncation, tail-blind

  for (let idx = 0; idx < packets.length; idx++) {
    const p = packets[idx].buf;
    for (let n = 0; n <= p.length; n++) {
      work.set(p.subarray(0, n), 0);
      work.fill(0x00, n, n + 256);
      const a = run(idx, n, `packet ${idx} cut at ${n}`);
      work.fill(0xff, n, n + 256);
      const b = run(idx, n, `packet ${idx} cut at ${n}`);
      if (a && b && (a[0] !== b[0] || a[1] !== b[1])) {
        fail('reads past caplen', `packet ${idx} cut at ${n}`, idx, n,
          new Error(`output depends on the bytes after caplen:\n${a[0]}\n${b[0]}\n${diff(a[1], b[1])}`));
      }
      stats.truncations++;
      Atomics.add(ctl, 0, 1);
    }
  }

  function diff(x, y) {
    let i = 0;
    while (i < x.length && x[i] === y[i]) i++;
    return 'JSON differs at: ' + x.slice(Math.max(0, i - 80), i + 40);
  }

  // ------------------------------------------------------------ (b) mutations

  // Offsets of length / type / count fields, found from the layers the original packet decodes to
  const FIELD_OFFSETS = {
    ethernet: [12, 13], vlan: [2, 3], llc: [0, 1, 2, 6, 7], 'sll-packet': [4, 5, 14, 15], sll2: [0, 1, 8, 9, 11],
    'null-packet': [0, 1, 2, 3], 'radio-packet': [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'radio-frame': [0, 1, 24, 25, 26],
    ipv4: [0, 2, 3, 6, 7, 9, 20, 21], ipv6: [4, 5, 6, 40, 41, 42, 43], arp: [4, 5, 6, 7], icmp: [0, 1, 5, 8, 9, 10, 11],
    icmpv6: [0, 1, 8, 24, 25, 32, 33], igmp: [0, 1, 6, 7, 8, 9, 10, 11], tcp: [12, 13, 20, 21, 22, 23, 24, 25],
    udp: [4, 5], dns: [-2, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 29, 30],
  };
  const hot = packets.map((p, idx) => {
    const set = new Set();
    work.set(p.buf, 0);
    setHeader(p.buf.length);
    let l;
    try { l = decode.packet({ buf: work, header, link_type: p.link_type }).payload; } catch (e) { l = null; }
    for (let d = 0; l && d < 16; d++, l = l.payload) {
      const offs = FIELD_OFFSETS[l.decoderName] || [0, 1, 2, 3];
      const o = typeof l._o === 'number' ? l._o : 0;
      for (const k of offs) if (o + k >= 0 && o + k < p.buf.length) set.add(o + k);
      const tags = Array.isArray(l.vlan) ? l.vlan : l.vlan ? [l.vlan] : [];
      for (const t of tags) if (typeof t._o === 'number') { set.add(t._o + 2); set.add(t._o + 3); }
    }
    return set.size ? Int32Array.from(set) : Int32Array.from([0]);
  });

  const INTERESTING8 = [0, 1, 2, 4, 5, 6, 8, 0x0f, 0x10, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff];
  const INTERESTING16 = [0, 1, 2, 4, 7, 8, 12, 20, 39, 40, 0x7f, 0xff, 0x100, 0x5dc, 0x600, 0x7fff, 0x8000, 0xfffe, 0xffff];

  function mutate(len, idx) {
    switch (rint(9)) {
      case 0: { // bit flips
        if (len === 0) return len;
        for (let k = 1 + rint(4); k > 0; k--) { const i = rint(len); work[i] ^= 1 << rint(8); }
        return len;
      }
      case 1: { // byte sets
        if (len === 0) return len;
        for (let k = 1 + rint(3); k > 0; k--) work[rint(len)] = rnd() < 0.5 ? INTERESTING8[rint(INTERESTING8.length)] : rint(256);
        return len;
      }
      case 2:
      case 3: { // a length / type / count field of a decoded header
        const offs = hot[idx];
        const o = offs[rint(offs.length)];
        if (o >= len) return len;
        const r = rnd();
        if (r < 0.4 && o + 1 < len) {
          const v = INTERESTING16[rint(INTERESTING16.length)];
          work[o] = v >> 8;
          work[o + 1] = v & 0xff;
        } else if (r < 0.7) work[o] = INTERESTING8[rint(INTERESTING8.length)];
        else if (r < 0.85) work[o] = (work[o] + (rnd() < 0.5 ? 1 : 255)) & 0xff;
        else work[o] = rint(256);
        return len;
      }
      case 4: { // random tail
        const keep = rint(len + 1);
        const add = rint(65);
        for (let i = 0; i < add; i++) work[keep + i] = rint(256);
        return keep + add;
      }
      case 5: // random length (cut)
        return rint(len + 1);
      case 6: { // longer: zeros or repeated bytes
        const add = 1 + rint(64);
        const v = rnd() < 0.5 ? 0 : rint(256);
        work.fill(v, len, len + add);
        return len + add;
      }
      case 7: { // insert or delete bytes (shifts every later header)
        if (len === 0) return len;
        const at = rint(len);
        const n = 1 + rint(4);
        if (rnd() < 0.5) {
          work.copyWithin(at + n, at, len);
          for (let i = 0; i < n; i++) work[at + i] = rint(256);
          return len + n;
        }
        const m = Math.min(n, len - at);
        work.copyWithin(at, at + m, len);
        return len - m;
      }
      default: { // repeat a chunk (option lists, extension headers, DNS labels that point at themselves)
        if (len < 2) return len;
        const from = rint(len - 1);
        const n = 1 + rint(Math.min(16, len - from));
        const to = rint(len);
        work.copyWithin(to + n, to, len);
        work.copy(work, to, from < to ? from : from + n, (from < to ? from : from + n) + n);
        return len + n;
      }
    }
  }

  const start = performance.now();
  for (let m = 0; m < mutations; m++) {
    const idx = rint(packets.length);
    const p = packets[idx].buf;
    work.set(p, 0);
    let len = p.length;
    for (let k = 1 + (rnd() < 0.3 ? rint(3) : 0); k > 0; k--) {
      len = mutate(len, idx);
      if (len > MAX_LEN - 128) len = MAX_LEN - 128;
    }
    run(idx, len, `mutation ${m}`);
    stats.mutations++;
    if ((m & 1023) === 0) Atomics.add(ctl, 0, 1);
  }
  stats.mutationMs = performance.now() - start;
  parentPort.postMessage({ type: 'done', stats });
}
