'use strict';
// Test helpers: read the classic pcap fixtures and find the transport header inside an Ethernet
// frame without the link/net decoders, so these tests depend only on transport/ and app/.
const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

/** Records of a classic pcap file (either byte order) as {buf, caplen, len, linktype}. */
function readPcap(rel) {
  const f = fs.readFileSync(path.join(FIXTURES, rel));
  const magic = f.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && f.readUInt32BE(0) !== 0xa1b2c3d4 && f.readUInt32BE(0) !== 0xa1b23c4d) throw new Error('not a pcap file: ' + rel);
  const rd = (o) => (le ? f.readUInt32LE(o) : f.readUInt32BE(o));
  const linktype = rd(20) & 0xffff;
  const out = [];
  for (let p = 24; p + 16 <= f.length;) {
    const caplen = rd(p + 8);
    const len = rd(p + 12);
    out.push({ buf: Buffer.from(f.subarray(p + 16, p + 16 + caplen)), caplen, len, linktype });
    p += 16 + caplen;
  }
  return out;
}

/**
 * Where the IP payload of an Ethernet frame is: {proto, offset, end, ipEnd, version}. `end` is
 * bounded by the IP length and the captured bytes, as the IP decoders pass it on.
 */
function ipPayload(buf) {
  let o = 14;
  let type = buf.readUInt16BE(12);
  while (type === 0x8100 || type === 0x88a8) { type = buf.readUInt16BE(o + 2); o += 4; }
  if (type === 0x0800) {
    const ihl = (buf[o] & 15) * 4;
    const ipEnd = o + buf.readUInt16BE(o + 2);
    return { version: 4, proto: buf[o + 9], offset: o + ihl, end: Math.min(ipEnd, buf.length), ipEnd };
  }
  if (type === 0x86dd) {
    const ipEnd = o + 40 + buf.readUInt16BE(o + 4);
    return { version: 6, proto: buf[o + 6], offset: o + 40, end: Math.min(ipEnd, buf.length), ipEnd };
  }
  return null;
}

/** tshark's ground truth for a fixture (see make_truth.js), keyed by frame number. */
function truth(rel) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel + '.truth.json'), 'utf8'));
}

/** Hex string (spaces allowed) to Buffer. */
function hex(s) {
  return Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');
}

/**
 * An Ethernet + IPv4 frame whose transport segment the snap length cut: the IPv4 total length is
 * 20 + `transport.length` + `payload`, but only `captured` payload bytes follow the transport
 * header. `header` is node_pcap's 16-byte record header (caplen, and len = the whole frame).
 */
function cutFrame({ proto, transport, payload, captured }) {
  const frame = Buffer.alloc(14 + 20 + transport.length + captured);
  frame.writeUInt16BE(0x0800, 12);
  frame[14] = 0x45;
  frame.writeUInt16BE(20 + transport.length + payload, 16);
  frame[14 + 9] = proto;
  transport.copy(frame, 34);
  const header = Buffer.alloc(16);
  header.writeUInt32LE(frame.length, 8);
  header.writeUInt32LE(14 + 20 + transport.length + payload, 12);
  return { buf: frame, header, link_type: 'LINKTYPE_ETHERNET' };
}

module.exports = { readPcap, ipPayload, truth, hex, cutFrame, FIXTURES };
