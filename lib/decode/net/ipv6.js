'use strict';
// IPv6 (RFC 8200) and its extension headers.
//
// How extension headers appear in the tree: they are NOT layers. decode() walks them (allocating
// nothing) only to find where the upper-layer header starts and what it is, so the IPv6 layer's
// `payload` is the upper layer itself (TCP, UDP, ICMPv6, an inner IPv4/IPv6...), `protocol` is its
// number (the last next-header value), and `extensions` (built when read) lists the headers that
// were walked, in order. This keeps packet.payload.payload.payload the transport layer whatever
// extension headers a packet carries (node_pcap put a HeaderExtension layer in between instead).

const { u8, u16, u24, u32 } = require('../bytes');
const { formatIPv6, IPv6Addr, asAddress } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeIpProtocol, ipPayload } = require('../registry');
const { nesting, MAX_DEPTH, view } = require('./common');

/** Extension headers walked, by next-header value. */
const EXT_NAMES = {
  0: 'hopopts', 43: 'routing', 44: 'fragment', 50: 'esp', 51: 'ah', 60: 'dstopts', 135: 'mobility',
  139: 'hip', 140: 'shim6',
};
/** Hop-by-hop / destination option types. */
const OPTION_NAMES = {
  0: 'Pad1', 1: 'PadN', 4: 'TunnelEncapLimit', 5: 'RouterAlert', 0x26: 'QuickStart', 0x31: 'IOAM',
  0x63: 'RPL', 0x6d: 'MPL', 0x8b: 'ILNPNonce', 0x8c: 'LineID', 0xc2: 'Jumbo', 0xc9: 'HomeAddress',
};

const MAX_EXTENSIONS = 32; // each header is >= 8 bytes, so this only guards against absurd chains
const NOT_EXT = -1;
const STOP = -2; // ESP (encrypted from here on) and No Next Header
const SHORT = -3; // the length field itself is not there

/** Length in bytes of extension header `nh` at p, or NOT_EXT / STOP / SHORT. */
function extLength(b, p, e, nh) {
  switch (nh) {
    case 0: case 43: case 60: case 135: case 139: case 140:
      return p + 2 <= e ? (b[p + 1] + 1) << 3 : SHORT;
    case 44:
      return 8;
    case 51: // AH counts 4-byte words, minus 2
      return p + 2 <= e ? (b[p + 1] + 2) << 2 : SHORT;
    case 50: case 59:
      return STOP;
    default:
      return NOT_EXT;
  }
}

/** The Jumbo Payload option (RFC 2675) in the hop-by-hop header at p, or 0 when absent. */
function jumboLength(b, p, e) {
  if (p + 2 > e) return 0;
  const hend = Math.min(p + ((b[p + 1] + 1) << 3), e);
  for (let q = p + 2; q < hend;) {
    if (b[q] === 0) { q++; continue; }
    if (q + 2 > hend) return 0;
    if (b[q] === 0xc2 && b[q + 1] === 4 && q + 6 <= hend) return u32(b, q + 2, hend);
    q += 2 + b[q + 1];
  }
  return 0;
}

/** The TLV options of a hop-by-hop or destination options header, [p, e). */
function readTlvOptions(b, p, e) {
  const list = [];
  while (p < e) {
    const type = b[p];
    const name = OPTION_NAMES[type] !== undefined ? OPTION_NAMES[type] : 'unknown';
    if (type === 0) { list.push({ type, name, length: 1 }); p++; continue; }
    if (p + 2 > e || p + 2 + b[p + 1] > e) break;
    const length = b[p + 1];
    const opt = { type, name, length, data: view(b, p + 2, p + 2 + length) };
    if (type === 0xc2 && length === 4) opt.jumboLength = u32(b, p + 2, e);
    else if (type === 5 && length === 2) opt.value = u16(b, p + 2, e);
    else if (type === 4 && length === 1) opt.limit = b[p + 2];
    else if (type === 0xc9 && length === 16) opt.address = formatIPv6(b, p + 2);
    list.push(opt);
    p += 2 + length;
  }
  return list;
}

function addresses(b, p, e, max) {
  const list = [];
  for (let q = p; q + 16 <= e && list.length < max; q += 16) list.push(formatIPv6(b, q));
  return list;
}

/**
 * One extension header (nh at p, `len` bytes) as an object. All of it is there, or (`cap`, where
 * the bytes end, short of p + len) it was cut: then it has what its first `cap - p` bytes say,
 * its lists only what they hold, and `truncated: true`.
 */
function readExtension(b, p, len, nh, cap = p + len) {
  const e = cap < p + len ? cap : p + len;
  const ext = { type: nh, name: EXT_NAMES[nh], nextHeader: b[p], length: len };
  if (e < p + len) ext.truncated = true;
  switch (nh) {
    case 0: case 60:
      ext.options = readTlvOptions(b, p + 2, e);
      break;
    case 43:
      ext.routingType = u8(b, p + 2, e);
      ext.segmentsLeft = u8(b, p + 3, e);
      if (ext.routingType === 0 || ext.routingType === 2) {
        ext.addresses = addresses(b, p + 8, e, 128);
      } else if (ext.routingType === 4) { // segment routing header (RFC 8754)
        ext.lastEntry = u8(b, p + 4, e);
        ext.flags = u8(b, p + 5, e);
        ext.tag = u16(b, p + 6, e);
        ext.segments = addresses(b, p + 8, e, ext.lastEntry === undefined ? 0 : ext.lastEntry + 1);
      }
      break;
    case 44: {
      const w = u16(b, p + 2, e);
      ext.length = 8;
      ext.fragmentOffset = w >> 3; // units of 8 bytes, as tshark's ipv6.fraghdr.offset
      ext.moreFragments = (w & 1) !== 0;
      ext.identification = u32(b, p + 4, e);
      break;
    }
    case 51:
      ext.spi = u32(b, p + 4, e);
      ext.sequence = u32(b, p + 8, e);
      ext.icv = view(b, p + 12, e);
      break;
    case 135:
      ext.mhType = u8(b, p + 2, e);
      break;
    default:
      break;
  }
  return ext;
}

/**
 * An IPv6 header (node_pcap's IPv6). `payload` is the upper layer found after the extension
 * headers (see the note at the top of this file), or null: no decoder for `protocol`, a fragment
 * other than the first, ESP (encrypted), No Next Header (59), or an error (see `error`). The layer's
 * bytes end at 40 + payload length (or the Jumbo Payload length when the payload length is 0).
 */
class IPv6 {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._po = 0; // where the upper layer starts (after the extension headers walked)
    this._proto = -1; // the next-header value at _po
    this.payload = null;
  }

  /**
   * Decodes the header at b[o, end), walks the extension headers and decodes the upper layer (the
   * dispatch tables call it; `ctx` is the PcapPacket). Never throws: a bad header sets `error`.
   * @returns {this}
   */
  decode(b, o = 0, end = bytesEnd(b), ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    this._po = o + 40;
    if (o + 40 > end) {
      if (o < end && (b[o] & 0xf0) !== 0x60) return markError(this, ctx, 'not IPv6 (version ' + (b[o] >> 4) + ')', o, 1, end - o, false);
      return markError(this, ctx, 'header truncated', o, 40, end - o);
    }
    if ((b[o] & 0xf0) !== 0x60) return markError(this, ctx, 'not IPv6 (version ' + (b[o] >> 4) + ')', o, 1, end - o, false);
    const plen = (b[o + 4] << 8) | b[o + 5];
    let claimed = o + 40 + plen;
    // the upper layer's datagram is not all here (a first fragment) or its end is not said (a
    // payload length of 0 that is no jumbogram's: GSO): see registry.ipPayload
    let notWhole = false;
    if (plen === 0) {
      // a jumbogram (RFC 2675) has its length in a hop-by-hop option; anything else with no
      // length (e.g. GSO) keeps what was captured
      claimed = end;
      const j = b[o + 6] === 0 ? jumboLength(b, o + 40, end) : 0;
      if (j > 0xffff) claimed = o + 40 + j;
      else notWhole = true;
      if (b[o + 6] === 0 && j <= 0xffff) markError(this, ctx, 'payload length 0 without a jumbo payload option', o + 4, 2, 2, false);
    }
    const e = claimed < end ? claimed : end;
    this._end = e;
    let nh = b[o + 6];
    let p = o + 40;
    for (let n = 0; ; n++) {
      const len = extLength(b, p, e, nh);
      if (len === NOT_EXT) break;
      this._po = p;
      this._proto = nh;
      if (len === STOP) return this;
      if (n >= MAX_EXTENSIONS) return markError(this, ctx, 'too many extension headers', p, 0, e - p, false);
      if (len === SHORT || p + len > e) {
        // past the captured bytes: truncated; inside them but past the payload length: malformed
        const need = len === SHORT ? 2 : len;
        return markError(this, ctx, 'extension header truncated', p, need, e - p, claimed > end);
      }
      if (nh === 44 && (((b[p + 2] << 8) | b[p + 3]) & 0xfff8) !== 0) {
        // a later fragment: what follows is the middle of the upper layer, not its header
        this._po = p + 8;
        this._proto = b[p];
        return this;
      }
      if (nh === 44 && (b[p + 3] & 1) !== 0) notWhole = true; // a first fragment
      nh = b[p];
      p += len;
    }
    this._po = p;
    this._proto = nh;
    if (nesting.depth >= MAX_DEPTH) return markError(this, ctx, 'too many nested headers', p, 0, e - p, false);
    nesting.depth++;
    let next;
    try {
      ipPayload.end = claimed; // for the transport layer's length (see registry.js)
      ipPayload.notWhole = notWhole;
      next = decodeIpProtocol(nh, b, p, e, ctx);
    } finally {
      ipPayload.end = 0;
      ipPayload.notWhole = false;
      nesting.depth--;
    }
    // all the bytes the payload length promised were captured: a child that ran out is malformed
    if (next !== null && next.truncated === true && claimed <= end && plen !== 0) next.truncated = false;
    this.payload = next;
    return this;
  }

  /** The version field: the first byte's high nibble (6; anything else sets `error`). */
  get version() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : v >> 4; }
  /** Traffic class (DSCP << 2 | ECN), 8 bits. */
  get trafficClass() { const v = u16(this._b, this._o, this._end); return v === undefined ? undefined : (v >> 4) & 0xff; }
  /** Flow label, 20 bits. */
  get flowLabel() { const v = u24(this._b, this._o + 1, this._end); return v === undefined ? undefined : v & 0xfffff; }
  /** Payload length in bytes as written (after the 40-byte header; 0 for a jumbogram or GSO). */
  get payloadLength() { return u16(this._b, this._o + 4, this._end); }
  /** The fixed header's Next Header: the first extension header or the upper-layer protocol. */
  get nextHeader() { return u8(this._b, this._o + 6, this._end); }
  /** Hop limit (hops). */
  get hopLimit() { return u8(this._b, this._o + 7, this._end); }
  /** Source address; undefined when not captured. */
  get saddr() { return asAddress(IPv6Addr, this._srcText()); }
  /** Destination address; undefined when not captured. */
  get daddr() { return asAddress(IPv6Addr, this._dstText()); }
  /** saddr's and daddr's text, without the address object (for printers and trackers). */
  _srcText() { return this._o + 24 <= this._end ? formatIPv6(this._b, this._o + 8) : undefined; }
  _dstText() { return this._o + 40 <= this._end ? formatIPv6(this._b, this._o + 24) : undefined; }

  /** The upper-layer protocol: the next-header value after the last extension header walked. */
  get protocol() { return this._proto >= 0 ? this._proto : this.nextHeader; }

  /**
   * The extension headers between this header and `payload`, in order: {type, name, nextHeader,
   * length (bytes)} plus, by kind: options (hopopts/dstopts), routingType/segmentsLeft/addresses or
   * SRH lastEntry/flags/tag/segments (routing), fragmentOffset/moreFragments/identification
   * (fragment), spi/sequence/icv (ah), spi/sequence (esp), mhType (mobility). The last one may
   * be cut short by the capture or the payload length: then it has `truncated: true` and what its
   * captured bytes hold (a fragment header is listed only whole).
   */
  get extensions() {
    const list = [];
    const b = this._b;
    const e = this._end;
    // not IPv6 (decode stopped at the version): its bytes 6 and 40 on mean nothing
    if (this._o + 40 > e || (b[this._o] & 0xf0) !== 0x60) return list;
    let nh = b[this._o + 6];
    for (let p = this._o + 40, n = 0; n < MAX_EXTENSIONS; n++) {
      const len = extLength(b, p, e, nh);
      if (len === NOT_EXT || nh === 59) break;
      if (nh === 50) {
        list.push({ type: 50, name: 'esp', spi: u32(b, p, e), sequence: u32(b, p + 4, e) });
        break;
      }
      if (len === SHORT || p + len > e) {
        // cut short: listed with what was captured (a routing header's type and segments left,
        // say), but not a fragment header: all its 8 bytes are fixed fields, and one listed
        // without its offset or identification would pass for a fragment that cannot be placed
        if (len !== SHORT && nh !== 44 && p + 2 <= e) list.push(readExtension(b, p, len, nh, e));
        break;
      }
      const ext = readExtension(b, p, len, nh);
      list.push(ext);
      if (nh === 44 && ext.fragmentOffset !== 0) break;
      nh = b[p];
      p += len;
    }
    return list;
  }

  /** True when a fragment header was walked. */
  get isFragment() {
    const x = this.extensions;
    for (let i = 0; i < x.length; i++) if (x[i].type === 44) return true;
    return false;
  }

  /** The bytes after the extension headers (e.g. of a fragment), or null when none were captured. */
  get data() {
    return this._po < this._end ? view(this._b, this._po, this._end) : null;
  }

  /** One line: 'saddr -> daddr' then the payload's text (or error, ESP, fragment or protocol). */
  toString() {
    if (this.daddr === undefined) return 'IPv6 ' + (this.error !== null ? this.error.reason : 'truncated');
    const s = this.saddr + ' -> ' + this.daddr;
    if (this.payload !== null) return s + ' ' + this.payload;
    if (this.error !== null) return s + ' ' + this.error.reason;
    const p = this.protocol;
    if (p === 50) return s + ' ESP';
    if (p === 59) return s + ' no next header';
    const x = this.extensions;
    if (x.length !== 0 && x[x.length - 1].type === 44 && x[x.length - 1].fragmentOffset !== 0) {
      return s + ' fragment id ' + x[x.length - 1].identification + ' offset ' + x[x.length - 1].fragmentOffset * 8;
    }
    return s + ' proto ' + p;
  }
}
defineLayer(IPv6, {
  name: 'ipv6',
  fields: ['version', 'trafficClass', 'flowLabel', 'payloadLength', 'nextHeader', 'hopLimit', 'saddr', 'daddr', 'extensions'],
});

module.exports = { IPv6, EXT_NAMES, OPTION_NAMES };
