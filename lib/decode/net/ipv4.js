'use strict';
// IPv4 (RFC 791). The hot path of the whole decoder: decode() reads only what dispatch needs
// (version/IHL, total length, fragment offset, protocol) and everything else is a getter.

const { u8, u16, u32 } = require('../bytes');
const { formatIPv4, IPv4Addr, asAddress } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeIpProtocol, ipPayload } = require('../registry');
const { nesting, MAX_DEPTH, view } = require('./common');

/** IPv4 option numbers (the whole type byte: copied flag, class, number) and their short names. */
const OPTION_NAMES = {
  0: 'EOL', 1: 'NOP', 7: 'RR', 11: 'MTUP', 12: 'MTUR', 25: 'QS', 68: 'TS', 82: 'TR', 130: 'SEC',
  131: 'LSRR', 133: 'ESEC', 134: 'CIPSO', 136: 'SID', 137: 'SSRR', 145: 'EIP', 148: 'RA', 149: 'SDB',
};

/**
 * Walks the options area [p, hend) checking that every option fits; returns 0 when all is well, or
 * the offset of the first bad option plus one. Allocates nothing (runs in decode when IHL > 5).
 */
function checkOptions(b, p, hend) {
  while (p < hend) {
    const t = b[p];
    if (t === 0) return 0; // end of list: the rest is padding
    if (t === 1) { p++; continue; }
    if (p + 1 >= hend) return p + 1;
    const len = b[p + 1];
    if (len < 2 || p + len > hend) return p + 1;
    p += len;
  }
  return 0;
}

/** Reads one option at p (inside [.., hend)) into an object. */
function readOption(b, p, hend) {
  const type = b[p];
  const name = OPTION_NAMES[type];
  if (type === 0 || type === 1) return { type, name, length: 1 };
  const length = b[p + 1];
  const opt = { type, name: name === undefined ? 'unknown' : name, length, data: view(b, p + 2, p + length) };
  const e = p + length;
  if (type === 7 || type === 131 || type === 137) {
    // record route / loose / strict source route: pointer, then addresses
    opt.pointer = b[p + 2];
    opt.addresses = [];
    for (let a = p + 3; a + 4 <= e; a += 4) opt.addresses.push(formatIPv4(b, a));
  } else if (type === 68 && length >= 4) {
    opt.pointer = b[p + 2];
    opt.overflow = b[p + 3] >> 4;
    opt.flag = b[p + 3] & 0x0f;
    opt.entries = [];
    if (opt.flag === 0) {
      for (let a = p + 4; a + 4 <= e; a += 4) opt.entries.push({ timestamp: u32(b, a, e) });
    } else {
      for (let a = p + 4; a + 8 <= e; a += 8) opt.entries.push({ address: formatIPv4(b, a), timestamp: u32(b, a + 4, e) });
    }
  } else if (type === 148 && length === 4) {
    opt.value = u16(b, p + 2, e); // router alert: 0 = examine packet
  } else if ((type === 11 || type === 12) && length === 4) {
    opt.mtu = u16(b, p + 2, e);
  }
  return opt;
}

/**
 * An IPv4 header (node_pcap's IPv4). `payload` is the next layer (by `protocol`), or null for a
 * protocol without a decoder, for a fragment other than the first (it carries no transport header;
 * `isFragment` is true and `data` has its bytes), and when the header is truncated or malformed
 * (see `error`). The layer's bytes end at the header's total length (trailing Ethernet padding is
 * not IP), or at the captured end when the total length is 0 (TSO/GSO frames).
 */
class IPv4 {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the header at b[o, end) and the layer it carries (the dispatch tables call it; `ctx` is
   * the PcapPacket). Never throws: a bad header sets `error`.
   * @returns {this}
   */
  decode(b, o = 0, end = bytesEnd(b), ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    if (o + 20 > end) return this._short(b, o, end, ctx);
    const ihl = (b[o] & 0x0f) << 2;
    if (ihl < 20 || (b[o] & 0xf0) !== 0x40) return this._bad(b, o, end, ctx);
    const total = (b[o + 2] << 8) | b[o + 3];
    let e = end;
    if (total !== 0) {
      if (total < ihl) return markError(this, ctx, 'total length smaller than header length', o + 2, ihl, total, false);
      if (o + total < end) this._end = e = o + total;
    }
    const hend = o + ihl;
    if (hend > e) return markError(this, ctx, 'options truncated', o, ihl, e - o);
    if (ihl > 20) {
      const bad = checkOptions(b, o + 20, hend);
      // the payload still starts at IHL, so a bad option does not stop the descent
      if (bad !== 0) markError(this, ctx, 'bad option length', bad - 1, 2, hend - bad + 1, false);
    }
    if ((((b[o + 6] << 8) | b[o + 7]) & 0x1fff) !== 0) return this; // later fragment: no next header here
    if (nesting.depth >= MAX_DEPTH) return markError(this, ctx, 'too many nested headers', hend, 0, e - hend, false);
    nesting.depth++;
    let next;
    try {
      ipPayload.end = total !== 0 ? o + total : e; // for the transport layer's length (see registry.js)
      ipPayload.notWhole = total === 0 || (b[o + 6] & 0x20) !== 0; // no length, or MF (the offset is 0 here)
      next = decodeIpProtocol(b[o + 9], b, hend, e, ctx);
    } finally {
      ipPayload.end = 0;
      ipPayload.notWhole = false;
      nesting.depth--;
    }
    // every byte the total length promised was captured, so a child that ran out of bytes is
    // malformed (it claims more than the datagram holds), not cut short by the snaplen
    if (next !== null && next.truncated === true && total !== 0 && o + total <= end) next.truncated = false;
    this.payload = next;
    return this;
  }

  /** Fewer than 20 bytes: malformed if the first byte already says so, else truncated. */
  _short(b, o, end, ctx) {
    if (o < end && ((b[o] & 0xf0) !== 0x40 || (b[o] & 0x0f) < 5)) return this._bad(b, o, end, ctx);
    const ihl = o < end ? (b[o] & 0x0f) << 2 : 20;
    return markError(this, ctx, 'header truncated', o, ihl, end - o);
  }

  _bad(b, o, end, ctx) {
    if ((b[o] & 0xf0) !== 0x40) return markError(this, ctx, 'not IPv4 (version ' + (b[o] >> 4) + ')', o, 1, end - o, false);
    return markError(this, ctx, 'header length ' + ((b[o] & 0x0f) << 2) + ' < 20', o, 20, end - o, false);
  }

  /** The version field: the first byte's high nibble (4; anything else sets `error`). */
  get version() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : v >> 4; }
  /** Header length in bytes (IHL * 4). */
  get headerLength() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : (v & 0x0f) << 2; }
  /** The whole TOS / DS byte (DSCP << 2 | ECN). */
  get diffserv() { return u8(this._b, this._o + 1, this._end); }
  /** DSCP: the top 6 bits of diffserv. */
  get dscp() { const v = this.diffserv; return v === undefined ? undefined : v >> 2; }
  /** ECN: the low 2 bits of diffserv. */
  get ecn() { const v = this.diffserv; return v === undefined ? undefined : v & 3; }
  /** Total length as written in the header (0 on TSO/GSO frames). */
  get length() { return u16(this._b, this._o + 2, this._end); }
  /** The identification field (groups a datagram's fragments). */
  get identification() { return u16(this._b, this._o + 4, this._end); }
  /** The flags bits as {reserved, doNotFragment, moreFragments}; a new object on each read. */
  get flags() {
    const v = u8(this._b, this._o + 6, this._end);
    if (v === undefined) return undefined;
    return { reserved: (v & 0x80) !== 0, doNotFragment: (v & 0x40) !== 0, moreFragments: (v & 0x20) !== 0 };
  }
  /** The 13-bit fragment offset field, in units of 8 bytes (tshark's ip.frag_offset). */
  get fragmentOffset() { const v = u16(this._b, this._o + 6, this._end); return v === undefined ? undefined : v & 0x1fff; }
  /** True for any fragment (more-fragments set or offset non-zero). */
  get isFragment() { const v = u16(this._b, this._o + 6, this._end); return v === undefined ? undefined : (v & 0x3fff) !== 0; }
  /** Time to live (hops). */
  get ttl() { return u8(this._b, this._o + 8, this._end); }
  /** The next protocol's number (6 TCP, 17 UDP, 1 ICMP, ...). */
  get protocol() { return u8(this._b, this._o + 9, this._end); }
  /** The header checksum as written (not verified). */
  get headerChecksum() { return u16(this._b, this._o + 10, this._end); }
  /** Source address; undefined when not captured. */
  get saddr() { return asAddress(IPv4Addr, this._srcText()); }
  /** Destination address; undefined when not captured. */
  get daddr() { return asAddress(IPv4Addr, this._dstText()); }
  /** saddr's and daddr's text, without the address object (for printers and trackers). */
  _srcText() { return this._o + 16 <= this._end ? formatIPv4(this._b, this._o + 12) : undefined; }
  _dstText() { return this._o + 20 <= this._end ? formatIPv4(this._b, this._o + 16) : undefined; }

  /**
   * The options as a list of {type, name, length, data} (EOL and NOP: {type, name, length: 1});
   * RR/LSRR/SSRR add pointer and addresses, TS pointer/overflow/flag/entries, RA value. Stops at
   * EOL or at the first option whose length does not fit (see `error`).
   */
  get options() {
    const b = this._b;
    const o = this._o;
    const hl = this.headerLength;
    if (hl === undefined || hl <= 20) return [];
    const hend = Math.min(o + hl, this._end);
    const list = [];
    for (let p = o + 20; p < hend;) {
      const t = b[p];
      if (t !== 0 && t !== 1 && (p + 1 >= hend || b[p + 1] < 2 || p + b[p + 1] > hend)) break;
      list.push(readOption(b, p, hend));
      if (t === 0) break;
      p += t === 1 ? 1 : b[p + 1];
    }
    return list;
  }

  /** The bytes after the header (e.g. of a fragment), or null when none were captured. */
  get data() {
    const hl = this.headerLength;
    if (hl === undefined || hl < 20 || this._o + hl > this._end) return null;
    return view(this._b, this._o + hl, this._end);
  }

  /** One line: 'saddr -> daddr', any flags, then the payload's text (or fragment, error or protocol). */
  toString() {
    if (this.daddr === undefined) return 'IPv4 ' + (this.error !== null ? this.error.reason : 'truncated');
    let s = this.saddr + ' -> ' + this.daddr;
    const f = u8(this._b, this._o + 6, this._end);
    if ((f & 0xe0) !== 0) s += ' flags [' + ((f & 0x80) ? 'r' : '') + ((f & 0x40) ? 'd' : '') + ((f & 0x20) ? 'm' : '') + ']';
    if (this.payload !== null) return s + ' ' + this.payload;
    if (this.fragmentOffset) return s + ' fragment id ' + this.identification + ' offset ' + this.fragmentOffset * 8;
    if (this.error !== null) return s + ' ' + this.error.reason;
    return s + ' proto ' + this.protocol;
  }
}
defineLayer(IPv4, {
  name: 'ipv4',
  fields: ['version', 'headerLength', 'diffserv', 'length', 'identification', 'flags', 'fragmentOffset', 'ttl',
    'protocol', 'headerChecksum', 'saddr', 'daddr', 'options'],
});

module.exports = { IPv4, OPTION_NAMES };
