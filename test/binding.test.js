'use strict';
// Loading the native addon: the error a user gets when it was never built, or cannot be loaded.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { loadBinding } = require('../lib/binding');

describe('loading the native addon', function () {
  let dir;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-binding-'));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the build of this checkout', function () {
    const b = loadBinding(path.join(__dirname, '..'));
    assert.strictEqual(typeof b.findalldevs, 'function');
  });

  it('without a build: ERR_PCAP_BINDING naming the missing file and how to build', function () {
    assert.throws(() => loadBinding(dir), (e) => {
      assert.strictEqual(e.code, 'ERR_PCAP_BINDING');
      assert.ok(e.message.includes(path.join(dir, 'build', 'Release', 'pcap_binding.node')), e.message);
      assert.match(e.message, /not built/);
      assert.match(e.message, /run "npm install" \(or "npm run build"\) in /);
      return true;
    });
  });

  it('with a build that cannot load: the file and the loader\'s reason, not "not built"', function () {
    const file = path.join(dir, 'build', 'Release', 'pcap_binding.node');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not a shared object');
    assert.throws(() => loadBinding(dir), (e) => {
      assert.strictEqual(e.code, 'ERR_PCAP_BINDING');
      assert.ok(e.message.includes(`${file} could not be loaded`), e.message);
      assert.match(e.message, /invalid ELF header|file too short|not a mach-o|slice is not valid/i);
      assert.doesNotMatch(e.message, /not built/);
      return true;
    });
  });

  it('installed as a dependency: tells the user to rebuild from the project', function () {
    const root = path.join(dir, 'node_modules', 'pcap');
    fs.mkdirSync(root, { recursive: true });
    assert.throws(() => loadBinding(root), (e) => {
      assert.match(e.message, /run "npm rebuild pcap" in your project/);
      return true;
    });
  });
});
