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

// Where <pcap/pcap.h> is, or null. Directories the compiler searches anyway need no flag;
// another one (from pcap-config, Homebrew, MacPorts, the macOS SDK) is handed to binding.gyp.
function findPcapHeaders() {
  const defaults = ['/usr/include', '/usr/local/include'];
  const others = ['/opt/homebrew/include', '/opt/local/include'];
  const cfg = spawnSync('pcap-config', ['--cflags'], { encoding: 'utf8' });
  if (cfg.status === 0) for (const m of cfg.stdout.matchAll(/-I(\S+)/g)) others.unshift(m[1]);
  if (process.platform === 'darwin') {
    const sdk = spawnSync('xcrun', ['--show-sdk-path'], { encoding: 'utf8' });
    if (sdk.status === 0) defaults.push(path.join(sdk.stdout.trim(), 'usr', 'include'));
  }
  const has = (d) => fs.existsSync(path.join(d, 'pcap', 'pcap.h'));
  const dir = defaults.find(has) || others.find(has);
  if (dir === undefined) return null;
  const libs = spawnSync('pcap-config', ['--libs'], { encoding: 'utf8' });
  return { includeDir: defaults.includes(dir) ? '' : dir, libs: libs.status === 0 ? libs.stdout.trim() : '' };
}

const pcapHeaders = findPcapHeaders();
if (pcapHeaders === null) {
  console.error('pcap: libpcap headers (pcap.h) not found: install libpcap-dev (Debian/Ubuntu: sudo apt-get install libpcap-dev) or libpcap-devel (Fedora/RHEL: sudo dnf install libpcap-devel); macOS has it with the Xcode command line tools.');
  process.exit(1);
}

const gypArgs = ['rebuild'];
if (args.includes('--debug')) gypArgs.push('--debug');
const env = { ...process.env };
if (args.includes('--sanitize')) env.PCAP_SANITIZE = '1'; // read by binding.gyp
// read by binding.gyp: where pcap.h is when the compiler would not look there, and how to link
env.PCAP_INCLUDE_DIR = pcapHeaders.includeDir;
env.PCAP_LIBS = pcapHeaders.libs || '-lpcap';

// Local headers beat a download: look for <prefix>/include/node next to the running node.
let downloading = false;
if (!process.env.npm_config_nodedir) {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const headers = path.join(prefix, 'include', 'node');
  if (fs.existsSync(path.join(headers, 'node_api.h')) && fs.existsSync(path.join(headers, 'common.gypi'))) {
    gypArgs.push(`--nodedir=${prefix}`);
  } else {
    downloading = true;
    console.error(`pcap: no Node.js headers in ${headers}; node-gyp will download them for node ${process.version}`);
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
const status = res.status === null ? 1 : res.status;
if (status !== 0 && downloading) {
  console.error(
    'pcap: the build failed without local Node.js headers. Without internet access, install the headers of your node ' +
      '(they ship with the official Node.js builds; Debian/Ubuntu: libnode-dev) or point npm at them with --nodedir=DIR ' +
      '(npm_config_nodedir), then run npm install again.',
  );
}
process.exit(status);
