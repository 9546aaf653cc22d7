'use strict';
// Loads the native addon once, with one clear error when it was never built.
const path = require('path');
const { PcapError } = require('./errors');

let binding;
let loadError;

/** @returns {object} the native binding (throws ERR_PCAP_BINDING when it cannot load) */
function getBinding() {
  if (binding) return binding;
  if (loadError) throw loadError;
  const root = path.join(__dirname, '..');
  const candidates = [path.join(root, 'build', 'Release', 'pcap_binding.node'), path.join(root, 'build', 'Debug', 'pcap_binding.node')];
  let last;
  for (const file of candidates) {
    try {
      binding = require(file);
      return binding;
    } catch (e) {
      last = e;
    }
  }
  loadError = new PcapError(
    'ERR_PCAP_BINDING',
    `the native addon is not built (${last && last.message.split('\n')[0]}); run "npm install" (or "npm run build") in ${root}; it needs libpcap-dev`,
  );
  throw loadError;
}

module.exports = { getBinding };
