'use strict';
// A minimal classic-pcap reader for the in-memory benchmarks: loads a file and indexes its
// records, so decoders can be timed on packets that are already in memory.

const fs = require('fs');

const LINK_NAMES = { 0: 'LINKTYPE_NULL', 1: 'LINKTYPE_ETHERNET', 101: 'LINKTYPE_RAW', 105: 'LINKTYPE_IEEE802_11', 113: 'LINKTYPE_LINUX_SLL', 127: 'LINKTYPE_IEEE802_11_RADIO' };

/**
 * @param {string} file classic pcap, little-endian, microsecond timestamps (what generate.js writes)
 * @param {number} [limit] stop after this many records
 * @returns {{buf: Buffer, linkType: number, linkName: string, offsets: Float64Array, count: number}}
 *   offsets[i] is where record i's 16-byte header starts; its bytes follow the header.
 */
function load(file, limit = Infinity) {
  const buf = fs.readFileSync(file);
  const magic = buf.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4) throw new Error(`${file}: not a little-endian microsecond pcap (magic ${magic.toString(16)})`);
  const linkType = buf.readUInt32LE(20);
  let cap = 1 << 20;
  let offsets = new Float64Array(cap);
  let n = 0;
  let o = 24;
  while (o + 16 <= buf.length && n < limit) {
    const caplen = buf.readUInt32LE(o + 8);
    if (o + 16 + caplen > buf.length) break;
    if (n === cap) {
      const bigger = new Float64Array((cap *= 2));
      bigger.set(offsets);
      offsets = bigger;
    }
    offsets[n++] = o;
    o += 16 + caplen;
  }
  return { buf, linkType, linkName: LINK_NAMES[linkType] || `LINKTYPE_${linkType}`, offsets: offsets.subarray(0, n), count: n };
}

/**
 * node_pcap's packet shape, {buf, header, link_type}: buf is exactly caplen bytes, header is the
 * 16-byte record header (tv_sec, tv_usec, caplen, len, little-endian). Both are views into the
 * loaded file, so no bytes are copied.
 */
function rawAt(f, i) {
  const o = f.offsets[i];
  const caplen = f.buf.readUInt32LE(o + 8);
  return { buf: f.buf.subarray(o + 16, o + 16 + caplen), header: f.buf.subarray(o, o + 16), link_type: f.linkName };
}

module.exports = { load, rawAt };
