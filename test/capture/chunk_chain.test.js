'use strict';
// The fast file path's chunk chain under ThreadSanitizer: test/helpers/chunk_chain_stress.cc runs
// ChunkedFileReader on 1 to 4 threads at once, outside node (node itself is not built for TSan),
// and compares what they index with a sequential parse of the file.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pcapFileHeader } = require('../helpers/pcap_file');

const ROOT = path.join(__dirname, '..', '..');

// Records of 0-1599 bytes with one in fifty up to 262144, so that records of every size cross
// chunk boundaries; optionally one over the snap length, or a cut-off record at the end.
function writeFile(file, { megabytes, overSnapAt = 0, cutAtEnd = false }) {
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

describe('fast file path: the chunk chain under ThreadSanitizer', function () {
  this.timeout(120000);
  let dir;
  let exe;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-tsan-'));
    exe = path.join(dir, 'chunk_chain_stress');
    const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
    if (!fs.existsSync(path.join(nodeInclude, 'node_api.h'))) return this.skip(); // no headers beside node
    const cc = spawnSync('g++', ['-std=c++17', '-O1', '-g', '-fsanitize=thread', '-pthread', '-I', path.join(ROOT, 'src'),
      '-I', nodeInclude, '-o', exe, path.join(ROOT, 'test', 'helpers', 'chunk_chain_stress.cc')], { encoding: 'utf8' });
    if (cc.error && cc.error.code === 'ENOENT') return this.skip(); // no g++
    assert.strictEqual(cc.status, 0, cc.stderr);
  });
  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, opts] of [
    ['to the end of the file', { megabytes: 12 }],
    ['to a record over the maximum length in the fourth chunk', { megabytes: 12, overSnapAt: 7 }],
    ['to a record cut off at the end', { megabytes: 12, cutAtEnd: true }],
  ]) {
    it(`1 to 4 threads read ${name}: the records of a sequential parse, no race reported`, function () {
      const file = path.join(dir, 'chain.pcap');
      writeFile(file, opts);
      for (const threads of [1, 2, 3, 4]) {
        const r = spawnSync(exe, [file, String(threads), '262144', '5'], {
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
