'use strict';
// ICMP for IPv4 (RFC 792, 950, 1256, 1191, 4884). Error messages quote the offending IPv4 packet,
// which is decoded as this layer's payload (usually cut short: only its header + 8 bytes).

const { u8, u16, u32 } = require('../bytes');
const { formatIPv4 } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype } = require('../registry');
const { nesting, MAX_DEPTH, view, quietContext } = require('./common');

const UNREACHABLE = [
  'Destination Network Unreachable', 'Destination Host Unreachable', 'Destination Protocol Unreachable',
  'Destination Port Unreachable', 'Fragmentation Needed and DF Set', 'Source Route Failed',
  'Destination Network Unknown', 'Destination Host Unknown', 'Source Host Isolated',
  'Network Administratively Prohibited', 'Host Administratively Prohibited', 'Network Unreachable for TOS',
  'Host Unreachable for TOS', 'Communication Administratively Prohibited', 'Host Precedence Violation',
  'Precedence Cutoff in Effect',
];
const REDIRECT = ['Redirect for Network', 'Redirect for Host', 'Redirect for TOS and Network', 'Redirect for TOS and Host'];
const TIME_EXCEEDED = ['Time Exceeded in Transit', 'Fragment Reassembly Time Exceeded'];
const PARAMETER_PROBLEM = ['Parameter Problem: Pointer Indicates the Error', 'Parameter Problem: Missing a Required Option', 'Parameter Problem: Bad Length'];
const TYPES = {
  0: 'Echo Reply', 4: 'Source Quench', 8: 'Echo Request', 9: 'Router Advertisement', 10: 'Router Solicitation',
  13: 'Timestamp Request', 14: 'Timestamp Reply', 15: 'Information Request', 16: 'Information Reply',
  17: 'Address Mask Request', 18: 'Address Mask Reply', 30: 'Traceroute', 40: 'Photuris',
  42: 'Extended Echo Request', 43: 'Extended Echo Reply',
};

/** Types whose bytes 4-7 are an identifier and a sequence number. */
function isEchoLike(t) {
  return t === 0 || t === 8 || (t >= 13 && t <= 18) || t === 42 || t === 43;
}

/** Types that quote the IPv4 packet that caused them. */
function isError(t) {
  return t === 3 || t === 4 || t === 5 || t === 11 || t === 12;
}

/** Minimum length of a message of type t (bytes), beyond which it is truncated. */
function minLength(t, b, o, end) {
  if (t === 13 || t === 14) return 20;
  if (t === 17 || t === 18) return 12;
  if (t === 9 && o + 6 <= end) return 8 + b[o + 4] * b[o + 5] * 4;
  return 8;
}

/**
 * An ICMP message (node_pcap's ICMP). Fields that do not apply to the message's type are
 * undefined (e.g. `id`/`sequence` exist for echo, timestamp, information and address-mask
 * messages). For error types 3, 4, 5, 11 and 12, `payload` is the quoted IPv4 packet (decoded
 * without emitting events), otherwise null; `data` is the bytes after the 8-byte header.
 */
class ICMP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the message at b[o, end) and, for an error type (3, 4, 5, 11, 12), the quoted IPv4 packet
   * as `payload`, without events (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(b, o = 0, end = bytesEnd(b), ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    if (o + 4 > end) return markError(this, ctx, 'header truncated', o, 8, end - o);
    const t = b[o];
    const need = minLength(t, b, o, end);
    if (o + need > end) return markError(this, ctx, 'message truncated', o, need, end - o);
    if (isError(t) && o + 8 < end) {
      if (nesting.depth >= MAX_DEPTH) return markError(this, ctx, 'too many nested headers', o + 8, 0, end - o - 8, false);
      // RFC 4884: a non-zero length byte bounds the quoted datagram (extension objects follow it)
      const words = t === 3 || t === 11 || t === 12 ? b[o + 5] : 0;
      const qend = words !== 0 && o + 8 + words * 4 <= end ? o + 8 + words * 4 : end;
      nesting.depth++;
      try {
        this.payload = decodeEthertype(0x0800, b, o + 8, qend, ctx === undefined ? undefined : quietContext(ctx), this);
      } finally {
        nesting.depth--;
      }
    }
    return this;
  }

  /** Message type (0 echo reply, 3 unreachable, 8 echo request, 11 time exceeded, ...). */
  get type() { return u8(this._b, this._o, this._end); }
  /** Code, within the type (3/3: port unreachable, ...). */
  get code() { return u8(this._b, this._o + 1, this._end); }
  /** The checksum as written (not verified). */
  get checksum() { return u16(this._b, this._o + 2, this._end); }
  /** Identifier of echo, timestamp, information, address-mask and extended-echo messages; else undefined. */
  get id() { return isEchoLike(this.type) ? u16(this._b, this._o + 4, this._end) : undefined; }
  /** 16 bits; 8 bits in an extended echo (42/43, RFC 8335), whose byte 7 holds the L flag. */
  get sequence() {
    const t = this.type;
    if (t === 42 || t === 43) return u8(this._b, this._o + 6, this._end);
    return isEchoLike(t) ? u16(this._b, this._o + 6, this._end) : undefined;
  }
  /** Redirect (5): the gateway to use. */
  get gateway() { return this.type === 5 && this._o + 8 <= this._end ? formatIPv4(this._b, this._o + 4) : undefined; }
  /** Destination unreachable, fragmentation needed (3/4): the next-hop MTU (RFC 1191). */
  get mtu() { return this.type === 3 && this.code === 4 ? u16(this._b, this._o + 6, this._end) : undefined; }
  /** Parameter problem (12): offset of the bad byte in the quoted header. */
  get pointer() { return this.type === 12 ? u8(this._b, this._o + 4, this._end) : undefined; }
  /** Errors: the RFC 4884 length of the quoted datagram in 32-bit words (0 when not used). */
  get quotedLength() { const t = this.type; return t === 3 || t === 11 || t === 12 ? u8(this._b, this._o + 5, this._end) : undefined; }
  /** Timestamp (13/14): originate, receive, transmit (ms since midnight UT). */
  get originateTimestamp() { const t = this.type; return t === 13 || t === 14 ? u32(this._b, this._o + 8, this._end) : undefined; }
  /** Timestamp (13/14): receive timestamp, ms since midnight UT. */
  get receiveTimestamp() { const t = this.type; return t === 13 || t === 14 ? u32(this._b, this._o + 12, this._end) : undefined; }
  /** Timestamp (13/14): transmit timestamp, ms since midnight UT. */
  get transmitTimestamp() { const t = this.type; return t === 13 || t === 14 ? u32(this._b, this._o + 16, this._end) : undefined; }
  /** Address mask (17/18). */
  get addressMask() { const t = this.type; return (t === 17 || t === 18) && this._o + 12 <= this._end ? formatIPv4(this._b, this._o + 8) : undefined; }

  /** Router advertisement (9): lifetime in seconds and [{address, preference}]. */
  get lifetime() { return this.type === 9 ? u16(this._b, this._o + 6, this._end) : undefined; }
  /**
   * Router advertisement (9): {count, entrySize (32-bit words), lifetime (s), entries: [{address,
   * preference (signed)}]}.
   */
  get routerAdvertisement() {
    if (this.type !== 9 || this._o + 8 > this._end) return undefined;
    const b = this._b;
    const n = b[this._o + 4];
    const size = b[this._o + 5] * 4; // address entry size is in 32-bit words (2 for IPv4)
    const entries = [];
    for (let i = 0, p = this._o + 8; i < n && size >= 8 && p + 8 <= this._end; i++, p += size) {
      const pref = u32(b, p + 4, this._end);
      entries.push({ address: formatIPv4(b, p), preference: pref | 0 }); // preference is signed
    }
    return { count: n, entrySize: b[this._o + 5], lifetime: this.lifetime, entries };
  }

  /** The bytes after the 8-byte header (echo data, the quoted packet...), or null. */
  get data() {
    return this._o + 8 < this._end ? view(this._b, this._o + 8, this._end) : null;
  }

  /** Text for type and code, e.g. 'Echo Request', 'Destination Port Unreachable'. */
  get description() {
    const t = this.type;
    const c = this.code;
    if (t === undefined) return 'truncated';
    let d;
    if (t === 3) d = UNREACHABLE[c];
    else if (t === 5) d = REDIRECT[c];
    else if (t === 11) d = TIME_EXCEEDED[c];
    else if (t === 12) d = PARAMETER_PROBLEM[c];
    else d = TYPES[t];
    if (d !== undefined) return d;
    return c === undefined ? 'type ' + t : 'type ' + t + ' code ' + c;
  }

  /** One line: 'ICMP', the description, id/seq, gateway or mtu where they apply, then the quoted packet's text. */
  toString() {
    let s = 'ICMP ' + this.description;
    const id = this.id;
    if (id !== undefined) s += ' id ' + id;
    if (this.sequence !== undefined) s += ' seq ' + this.sequence;
    if (this.gateway !== undefined) s += ' to ' + this.gateway;
    if (this.mtu !== undefined) s += ' mtu ' + this.mtu;
    if (this.error !== null) s += ' (' + this.error.reason + ')';
    if (this.payload !== null) s += ' ' + this.payload;
    return s;
  }
}
defineLayer(ICMP, { name: 'icmp', fields: ['type', 'code', 'checksum', 'id', 'sequence', 'gateway', 'mtu', 'pointer', 'description'] });

module.exports = { ICMP };
