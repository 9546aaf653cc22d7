#!/usr/bin/env node
'use strict';
// Builds the native addon with node-gyp (run by `npm install`).
// - Without libpcap's headers it stops with one line saying which package to install.
// - Node's own headers are used when they ship with the running node (include/node under its
//   install prefix), so machines without internet build too; elsewhere node-gyp downloads them.
// Flags: --debug (Debug build), --sanitize (AddressSanitizer + UBSan build).

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

function hasPcapHeader() {
  const dirs = ['/usr/include', '/usr/local/include', '/opt/homebrew/include', '/opt/local/include'];
  const cfg = spawnSync('pcap-config', ['--cflags'], { encoding: 'utf8' });
  if (cfg.status === 0) for (const m of cfg.stdout.matchAll(/-I(\S+)/g)) dirs.push(m[1]);
  if (process.platform === 'darwin') {
    const sdk = spawnSync('xcrun', ['--show-sdk-path'], { encoding: 'utf8' });
    if (sdk.status === 0) dirs.push(path.join(sdk.stdout.trim(), 'usr', 'include'));
  }
  return dirs.some((d) => fs.existsSync(path.join(d, 'pcap', 'pcap.h')) || fs.existsSync(path.join(d, 'pcap.h')));
}

if (!hasPcapHeader()) {
  console.error('pcap: libpcap headers (pcap.h) not found: install libpcap-dev (Debian/Ubuntu: sudo apt-get install libpcap-dev) or libpcap-devel (Fedora/RHEL: sudo dnf install libpcap-devel); macOS has it with the Xcode command line tools.');
  process.exit(1);
}

const gypArgs = ['rebuild'];
if (args.includes('--debug')) gypArgs.push('--debug');
const env = { ...process.env };
if (args.includes('--sanitize')) env.PCAP_SANITIZE = '1'; // read by binding.gyp

// Local headers beat a download: look for <prefix>/include/node next to the running node.
if (!process.env.npm_config_nodedir) {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) && fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) {
    gypArgs.push(`--nodedir=${prefix}`);
  }
}

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
} catch (e) {
  console.error('pcap: node-gyp is missing; run "npm install" in ' + root);
  process.exit(1);
}
const res = spawnSync(process.execPath, [gyp, ...gypArgs], { cwd: root, stdio: 'inherit', env });
process.exit(res.status === null ? 1 : res.status);
