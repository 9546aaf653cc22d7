'use strict';
// Reads every packet of a capture with the library's own offline session (pcap and pcapng alike).
// Shared by the print golden tests and the fuzz test.

const fs = require('fs');
const path = require('path');
const pcap = require('../../..');

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

/** Every .pcap / .pcapng under test/fixtures (recursively), sorted. */
function captureFiles(dir = FIXTURES) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...captureFiles(p));
    else if (/\.(pcap|pcapng)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * Calls onPacket(raw, index) for each packet and resolves with the results. A file libpcap refuses
 * (or stops reading with an error) resolves with what was read, plus `error`.
 * @returns {Promise<{results: any[], error: Error|null}>}
 */
function readPackets(file, onPacket) {
  return new Promise((resolve) => {
    const results = [];
    let error = null;
    let session;
    try {
      session = pcap.createOfflineSession(file);
    } catch (e) {
      resolve({ results, error: e });
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ results, error });
    };
    session.on('packet', (raw) => results.push(onPacket(raw, results.length)));
    session.on('error', (e) => { error = e; finish(); });
    session.on('complete', finish);
    session.on('end', finish);
  });
}

/** Copies of every packet of a capture as node_pcap-style {buf, link_type} objects. */
async function packetCopies(file) {
  const { results } = await readPackets(file, (raw) => ({ buf: Buffer.from(raw.buf), link_type: raw.link_type, dlt: raw.dlt }));
  return results;
}

module.exports = { FIXTURES, captureFiles, readPackets, packetCopies };
