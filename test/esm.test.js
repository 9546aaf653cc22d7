'use strict';
// Importing the package from an ES module (or from TypeScript compiled with module: nodenext):
// Node finds a CommonJS module's named exports by reading its source, so every export of
// index.js must be written in a form it recognizes.

const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const ROOT = path.join(__dirname, '..');

describe('ES module import', function () {
  this.timeout(30000);
  let dir;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-esm-'));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every export of require() is also a named export, lazily loaded ones included', function () {
    const url = pathToFileURL(path.join(ROOT, 'index.js')).href;
    const file = path.join(dir, 'names.mjs');
    fs.writeFileSync(file, `import * as ns from ${JSON.stringify(url)};
      import pcap from ${JSON.stringify(url)};
      console.log(JSON.stringify({ cjs: Object.keys(pcap).sort(), esm: Object.keys(ns).filter((k) => k !== 'default').sort() }));`);
    const { cjs, esm } = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
    assert.deepStrictEqual(esm, cjs);
    for (const name of ['decode', 'TCPTracker', 'HTTPTracker', 'DNSCache', 'lib_version', 'warningHandler', 'errorCodes', 'linkTypeName']) {
      assert.ok(esm.includes(name), name);
    }
  });

  it('named imports work: decode a packet, read lib_version', function () {
    const url = pathToFileURL(path.join(ROOT, 'index.js')).href;
    const file = path.join(dir, 'use.mjs');
    fs.writeFileSync(file, `import { decode, lib_version, errorCodes, createOfflineSession } from ${JSON.stringify(url)};
      const s = createOfflineSession(${JSON.stringify(path.join(ROOT, 'examples', 'sample.pcap'))});
      let line;
      s.once('packet', (raw) => { line = decode.packet(raw).toString(); s.close(); });
      s.on('close', () => console.log(JSON.stringify({ line, lib: lib_version, code: errorCodes.ERR_PCAP_CLOSED })));`);
    const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
    assert.match(out.lib, /^libpcap version /);
    assert.strictEqual(typeof out.line, 'string');
    assert.ok(out.line.length > 10, out.line);
    assert.strictEqual(out.code, 'the session or writer is closed'); // errorCodes: code -> meaning
  });
});
