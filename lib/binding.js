'use strict';
// Loads the native addon once, with one clear error when it was never built or cannot load.
const fs = require('fs');
const path = require('path');
const { PcapError } = require('./errors');

let binding;
let loadError;

/**
 * Loads the addon built under `root` (Release, else Debug). Throws ERR_PCAP_BINDING saying what
 * to do: build it when there is no build, or why the build there cannot be loaded.
 * @param {string} root the package's folder
 * @returns {object} the native binding
 */
function loadBinding(root) {
  const candidates = ['Release', 'Debug'].map((kind) => path.join(root, 'build', kind, 'pcap_binding.node'));
  // Installed as a dependency, the package is rebuilt from the project, not from inside it (an
  // `npm install` there would install the package's development tools into it).
  const installed = root.split(path.sep).includes('node_modules');
  const rebuild = installed ? 'run "npm rebuild pcap" in your project' : `run "npm install" (or "npm run build") in ${root}`;
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    try {
      return require(file);
    } catch (e) {
      const why = String((e && e.message) || e).split('\n')[0];
      throw new PcapError('ERR_PCAP_BINDING', `the native addon ${file} could not be loaded (${why}); ${rebuild}; it needs libpcap (Debian/Ubuntu: libpcap-dev) installed`);
    }
  }
  throw new PcapError('ERR_PCAP_BINDING', `the native addon is not built (no ${candidates[0]}); ${rebuild}; it needs libpcap-dev`);
}

/** @returns {object} the native binding (throws ERR_PCAP_BINDING when it cannot load) */
function getBinding() {
  if (binding) return binding;
  if (loadError) throw loadError;
  try {
    binding = loadBinding(path.join(__dirname, '..'));
  } catch (e) {
    loadError = e;
    throw e;
  }
  return binding;
}

module.exports = { getBinding, loadBinding };
