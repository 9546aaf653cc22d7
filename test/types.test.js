'use strict';
// index.d.ts is kept by hand: compile code a user would write against it with tsc --strict.

const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

describe('TypeScript declarations', function () {
  it('index.d.ts compiles with test/types/usage.ts under --strict', function () {
    this.timeout(120000);
    const tsc = require.resolve('typescript/bin/tsc');
    const res = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types', 'tsconfig.json')], { encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stdout + res.stderr);
  });

  it("node_pcap's module paths (pcap/decode/ipv4, pcap/dns_cache, ...) have declarations: test/types/compat.ts under node16 resolution", function () {
    this.timeout(120000);
    // each module package.json's exports maps to has its .d.ts beside it (TypeScript looks there)
    const compat = path.join(__dirname, '..', 'lib', 'compat');
    const missing = [];
    for (const dir of [compat, path.join(compat, 'decode')]) {
      for (const f of fs.readdirSync(dir)) {
        if (f.endsWith('.js') && !fs.existsSync(path.join(dir, f.replace(/\.js$/, '.d.ts')))) missing.push(path.relative(compat, path.join(dir, f)));
      }
    }
    assert.deepStrictEqual(missing, []);
    const tsc = require.resolve('typescript/bin/tsc');
    const res = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types', 'tsconfig.node16.json')], { encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stdout + res.stderr);
  });
});
