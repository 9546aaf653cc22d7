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

/**
 * A classic pcap file header (version 2.4, little-endian).
 * @param {{magic?: number, snaplen?: number, linkType?: number}} [o] magic 0xa1b2c3d4 (µs,
 *   the default) or 0xa1b23c4d (ns); snaplen 65535; link type 1 (Ethernet)
 * @returns {Buffer} 24 bytes
 */
function pcapFileHeader({ magic = 0xa1b2c3d4, snaplen = 65535, linkType = 1 } = {}) {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(magic, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(snaplen, 16);
  head.writeUInt32LE(linkType, 20);
  return head;
}

module.exports = { readPcap, pcapFileHeader };
