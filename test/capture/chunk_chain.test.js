'use strict';
// The fast file path (src/chunked_file_reader.h) outside node, in two programs built here:
// test/helpers/chunk_chain_stress.cc runs ChunkedFileReader on 1 to 4 threads at once under
// ThreadSanitizer (node itself is not built for it) and compares what they index with a
// sequential parse of the file; test/helpers/fast_path_vs_libpcap.cc, under AddressSanitizer and
// UBSan, compares what it reads of generated pcapng and classic files with what libpcap alone
// reads.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pcapFileHeader } = require('../helpers/pcap_file');

const ROOT = path.join(__dirname, '..', '..');

// Records of 0-1599 bytes with one in fifty up to 262144, so that records of every size cross
// chunk boundaries; optionally one over the snap length, or a cut-off record at the end.
function writeFile(file, opts) {
  if (opts.pcapng) return writePcapng(file, opts);
  const { megabytes, overSnapAt = 0, cutAtEnd = false } = opts;
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000;
  const parts = [pcapFileHeader({ snaplen: 262144 })];
  let size = 24;
  let odd = overSnapAt > 0;
  for (let i = 0; size < megabytes * 1e6; i++) {
    const n = rand() < 0.02 ? Math.floor(rand() * 262145) : Math.floor(rand() * 1600);
    const r = Buffer.alloc(16 + n, i & 0xff);
    r.writeUInt32LE(n, 8);
    r.writeUInt32LE(n, 12);
    if (odd && size > overSnapAt * 1e6) {
      r.writeUInt32LE(300000, 8); // over libpcap's maximum: the fast path stops here
      odd = false;
    }
    parts.push(r);
    size += r.length;
  }
  if (cutAtEnd) parts.push(Buffer.alloc(20));
  fs.writeFileSync(file, Buffer.concat(parts));
}

// The same for pcapng: Ethernet interfaces, three at the start and a fourth after 5 MB, packets
// going round those described; with `overSnapAt`, a packet of interface 9 (not described) there.
function writePcapng(file, { megabytes, overSnapAt = 0 }) {
  const { PcapngBuilder } = require('../helpers/pcapng_file');
  let seed = 5;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000;
  const b = new PcapngBuilder().section().iface(1, 262144).iface(1, 262144, { tsresol: 9 }).iface(1, 262144, { tsoffset: 3 });
  let interfaces = 3;
  let size = 0;
  let odd = overSnapAt > 0;
  for (let i = 0; size < megabytes * 1e6; i++) {
    if (interfaces === 3 && size > 5e6) {
      b.iface(1, 262144, { tsresol: 3 });
      interfaces++;
    }
    if (odd && size > overSnapAt * 1e6) {
      b.packet(9, 1n, Buffer.alloc(60));
      odd = false;
    }
    const n = rand() < 0.02 ? Math.floor(rand() * 262145) : Math.floor(rand() * 1600);
    b.packet(i % interfaces, BigInt(i), Buffer.alloc(n, i & 0xff));
    size += 32 + n;
  }
  fs.writeFileSync(file, b.toBuffer());
}

// Builds test/helpers/NAME.cc against src/ in a fresh folder before the suite's tests, with
// `flags` (the sanitizer); skips the suite where g++ or node's headers are missing. Returns
// {dir, exe}, filled in once built.
function helperProgram(name, flags) {
  const built = { dir: null, exe: null };
  before(function () {
    built.dir = fs.mkdtempSync(path.join(os.tmpdir(), `pcap-${name}-`));
    built.exe = path.join(built.dir, name);
    const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
    if (!fs.existsSync(path.join(nodeInclude, 'node_api.h'))) return this.skip(); // no headers beside node
    const cc = spawnSync('g++', ['-std=c++17', '-O1', '-g', ...flags, '-I', path.join(ROOT, 'src'), '-I', nodeInclude,
      '-o', built.exe, path.join(ROOT, 'test', 'helpers', `${name}.cc`), '-lpcap'], { encoding: 'utf8' });
    if (cc.error && cc.error.code === 'ENOENT') return this.skip(); // no g++
    assert.strictEqual(cc.status, 0, cc.stderr);
  });
  after(function () {
    if (built.dir) fs.rmSync(built.dir, { recursive: true, force: true });
  });
  return built;
}

describe('fast file path: the chunk chain under ThreadSanitizer', function () {
  this.timeout(120000);
  const program = helperProgram('chunk_chain_stress', ['-fsanitize=thread', '-pthread']);

  for (const [name, opts] of [
    ['to the end of the file', { megabytes: 12 }],
    ['to a record over the maximum length in the fourth chunk', { megabytes: 12, overSnapAt: 7 }],
    ['to a record cut off at the end', { megabytes: 12, cutAtEnd: true }],
    ['pcapng, three interfaces and a fourth in the third chunk, to the end', { megabytes: 12, pcapng: true }],
    ['pcapng, to a packet of an interface not described in the fifth chunk', { megabytes: 12, pcapng: true, overSnapAt: 9 }],
  ]) {
    it(`1 to 4 threads read ${name}: the records of a sequential parse, no race reported`, function () {
      const file = path.join(program.dir, 'chain.pcap');
      writeFile(file, opts);
      for (const threads of [1, 2, 3, 4]) {
        const r = spawnSync(program.exe, [file, String(threads), '262144', '5'], {
          encoding: 'utf8',
          env: { ...process.env, LD_PRELOAD: '', TSAN_OPTIONS: 'halt_on_error=1 exitcode=66' },
        });
        assert.strictEqual(r.status, 0, `threads ${threads}: ${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /^ok \d+ records/);
        assert.doesNotMatch(r.stderr, /ThreadSanitizer/);
      }
    });
  }
});

describe('fast file path: generated pcapng and classic files read as libpcap alone reads them', function () {
  this.timeout(120000);
  const program = helperProgram('fast_path_vs_libpcap', ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']);

  for (const [what, args] of [
    ['400 small files', ['400', '300']],
    ['16 files of 2-3 chunks, the odd blocks after the first chunk', ['16', '4000', '2000']],
  ]) {
    it(`${what}: the same packets and errors at both precisions`, function () {
      const r = spawnSync(program.exe, [path.join(program.dir, 'scratch.pcapng'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, LD_PRELOAD: '', ASAN_OPTIONS: 'detect_leaks=0' },
      });
      assert.strictEqual(r.status, 0, r.stdout + r.stderr);
      const m = /^(\d+) files, fast path used (\d+) times, handed to PcapngReader (\d+) times, 0 differences$/m.exec(r.stdout);
      assert.ok(m, r.stdout);
      // at both precisions; classic files of Linux SLL in the other byte order are left to libpcap
      assert.ok(Number(m[2]) >= 0.8 * 2 * Number(m[1]), r.stdout);
      // files with several interfaces, where the fast path took the others and libpcap cannot go on
      assert.ok(Number(m[3]) > 0, r.stdout);
    });
  }
});
