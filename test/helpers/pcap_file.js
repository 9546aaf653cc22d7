'use strict';
// An independent reader for classic pcap files, used by tests as an oracle for what the native
// reader should deliver. Handles both byte orders and µs/ns magic; nothing else.

const fs = require('fs');

/**
 * @param {string} file
 * @returns {{nano: boolean, linkType: number, records: {tsSec: number, tsFrac: number, caplen: number, len: number, data: Buffer}[]}}
 */
function readPcap(file) {
  const b = fs.readFileSync(file);
  const magicLE = b.readUInt32LE(0);
  let le;
  let nano;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) {
    le = true;
    nano = magicLE === 0xa1b23c4d;
  } else {
    le = false;
    const m = b.readUInt32BE(0);
    if (m !== 0xa1b2c3d4 && m !== 0xa1b23c4d) throw new Error('not a classic pcap file');
    nano = m === 0xa1b23c4d;
  }
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const records = [];
  let o = 24;
  while (o + 16 <= b.length) {
    const caplen = u32(o + 8);
    if (o + 16 + caplen > b.length) break;
    records.push({ tsSec: u32(o), tsFrac: u32(o + 4), caplen, len: u32(o + 12), data: b.subarray(o + 16, o + 16 + caplen) });
    o += 16 + caplen;
  }
  return { nano, linkType: u32(20) & 0x0fffffff, records };
}

module.exports = { readPcap };
