'use strict';
// Style checks that are part of the test run: ESLint on the JavaScript, clang-format on the C/C++
// (src/ and the test helpers).

const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

describe('lint', function () {
  this.timeout(120000);

  it('ESLint finds nothing in lib/, test/, examples/ and bench/', function () {
    const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const tools = Object.values(require('../package.json').bin);
    assert.ok(tools.length >= 4 && tools.every((f) => fs.existsSync(path.join(ROOT, f))), tools.join(' '));
    const res = spawnSync(process.execPath, [eslint, '.', ...tools], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stdout + res.stderr);
  });

  it('package-lock.json lists the commands package.json installs (npm install would rewrite it otherwise)', function () {
    const pkg = require('../package.json');
    const lock = require('../package-lock.json');
    const sorted = (o) => Object.entries(o || {}).sort(([x], [y]) => (x < y ? -1 : 1));
    assert.deepStrictEqual(sorted(lock.packages[''].bin), sorted(pkg.bin));
    assert.strictEqual(lock.packages[''].version, pkg.version);
  });

  it('src/ and test/helpers/*.c are formatted per .clang-format', function () {
    const probe = spawnSync('clang-format', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log('      (skipped: clang-format is not installed; apt-get install clang-format)');
      this.skip();
    }
    const files = [];
    for (const dir of ['src', path.join('test', 'helpers')]) {
      for (const f of fs.readdirSync(path.join(ROOT, dir))) if (/\.(cc|h|c)$/.test(f)) files.push(path.join(dir, f));
    }
    const res = spawnSync('clang-format', ['--dry-run', '--Werror', ...files], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stderr);
  });
});
