'use strict';
// index.d.ts is kept by hand: compile code a user would write against it with tsc --strict.

const assert = require('assert');
const { spawnSync } = require('child_process');
const path = require('path');

describe('TypeScript declarations', function () {
  it('index.d.ts compiles with test/types/usage.ts under --strict', function () {
    this.timeout(120000);
    const tsc = require.resolve('typescript/bin/tsc');
    const res = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types', 'tsconfig.json')], { encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stdout + res.stderr);
  });
});
