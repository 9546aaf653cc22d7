'use strict';
// GRE, Generic Routing Encapsulation (IP protocol 47): version 0 (RFC 2784 with RFC 2890's key
// and sequence number; RFC 1701's routing fields are walked over) and version 1, the enhanced GRE
// of PPTP (RFC 2637), whose key holds the payload length and call id and which may carry an
// acknowledgement number.
//
// Fields:
//   version          0 or 1 (others: no payload decoded)
//   flags            {checksum, routing, key, sequence, strictSourceRoute, ack}: the header's
//                    present-bits (ack is version 1 only)
//   protocol         the ethertype of the payload (0x0800 IPv4, 0x6558 Ethernet, 0x880b PPP...)
//   checksum, offset present when the checksum or routing bit is set
//   key              version 0 with the key bit: the 32-bit key
//   payloadLength, callId   version 1: the two halves of its key field
//   sequence, ack    when present
//   headerLength     bytes up to the payload (routing entries included)
//   payload          the ethertype table's decoder for `protocol` (PPP for 0x880b)

const { u8, u16, u32 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { hex4 } = require('../link/fmt');
const { decodeEthertype } = require('../registry');

const MAX_ROUTING_ENTRIES = 64;

class GRE {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._hl = 0; // header length, 0 until the whole header is known to be there
    this.payload = null;
  }

  /**
   * Decodes the header at buf[offset, end) (optional fields and routing entries included) and the
   * payload by `protocol` (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 4 > end) return markError(this, ctx, 'header truncated', offset, 4, end - offset);
    const f = buf[offset];
    const version = buf[offset + 1] & 0x07;
    if (version > 1) return markError(this, ctx, 'unknown version ' + version, offset + 1, 1, end - offset - 1, false);
    let p = offset + 4;
    if (f & 0xc0) p += 4; // checksum and offset (RFC 1701: present when either bit is set)
    if (f & 0x20) p += 4; // key (version 1: payload length and call id)
    if (f & 0x10) p += 4; // sequence number
    if (version === 1 && buf[offset + 1] & 0x80) p += 4; // acknowledgement number
    if (p > end) return markError(this, ctx, 'header truncated', offset, p - offset, end - offset);
    if (f & 0x40) {
      // RFC 1701 source route entries: address family (2), offset (1), length (1), data; the
      // list ends with an entry of family 0 and length 0
      for (let n = 0; ; n++) {
        if (p + 4 > end) return markError(this, ctx, 'routing truncated', p, 4, end - p);
        const len = buf[p + 3];
        const last = buf[p] === 0 && buf[p + 1] === 0 && len === 0;
        p += 4 + len;
        if (last) break;
        if (n + 1 >= MAX_ROUTING_ENTRIES) return markError(this, ctx, 'too many routing entries', p, 0, end - p, false);
      }
      if (p > end) return markError(this, ctx, 'routing truncated', offset, p - offset, end - offset);
    }
    this._hl = p - offset;
    if (p === end) return this; // nothing carried (a PPTP acknowledgement, say)
    this.payload = decodeEthertype((buf[offset + 2] << 8) | buf[offset + 3], buf, p, end, ctx, this);
    return this;
  }

  /** Version, 3 bits: 0 GRE, 1 PPTP's enhanced GRE (others set `error`). */
  get version() {
    const v = u8(this._b, this._o + 1, this._end);
    return v === undefined ? undefined : v & 0x07;
  }

  /** The present-bits {checksum, routing, key, sequence, strictSourceRoute, ack} (ack: version 1 only). */
  get flags() {
    if (this._o + 2 > this._end) return undefined;
    const f = this._b[this._o];
    const v1 = this._b[this._o + 1];
    return {
      checksum: (f & 0x80) !== 0,
      routing: (f & 0x40) !== 0,
      key: (f & 0x20) !== 0,
      sequence: (f & 0x10) !== 0,
      strictSourceRoute: (f & 0x08) !== 0,
      ack: (v1 & 0x07) === 1 && (v1 & 0x80) !== 0,
    };
  }

  /** The payload's protocol type, an ethertype (0x0800 IPv4, 0x6558 Ethernet, 0x880b PPP, ...). */
  get protocol() { return u16(this._b, this._o + 2, this._end); }

  /**
   * Offset of an optional field, or -1 when its bit is clear: `bit` is 0xc0 (checksum and
   * offset), 0x20 (key), 0x10 (sequence) of the first byte, or 0 for version 1's acknowledgement
   * number (bit 0x80 of the second byte), which comes after them all.
   */
  _field(bit) {
    if (this._o + 2 > this._end) return -1;
    const f = this._b[this._o];
    if (bit === 0 ? !(this._b[this._o + 1] & 0x80) : !(f & bit)) return -1;
    let p = this._o + 4;
    if (bit === 0xc0) return p;
    if (f & 0xc0) p += 4;
    if (bit === 0x20) return p;
    if (f & 0x20) p += 4;
    if (bit === 0x10) return p;
    if (f & 0x10) p += 4;
    return p;
  }

  /** The checksum, when the checksum or routing bit is set (not verified). */
  get checksum() { const p = this._field(0xc0); return p < 0 ? undefined : u16(this._b, p, this._end); }
  /** The routing offset, when the checksum or routing bit is set. */
  get offset() { const p = this._field(0xc0); return p < 0 ? undefined : u16(this._b, p + 2, this._end); }
  /** Version 0 with the key bit: the 32-bit key. */
  get key() { const p = this.version === 0 ? this._field(0x20) : -1; return p < 0 ? undefined : u32(this._b, p, this._end); }
  /** Version 1: the payload length (the key field's high half). */
  get payloadLength() { const p = this.version === 1 ? this._field(0x20) : -1; return p < 0 ? undefined : u16(this._b, p, this._end); }
  /** Version 1: the call id (the key field's low half). */
  get callId() { const p = this.version === 1 ? this._field(0x20) : -1; return p < 0 ? undefined : u16(this._b, p + 2, this._end); }
  /** The sequence number, when its bit is set. */
  get sequence() { const p = this._field(0x10); return p < 0 ? undefined : u32(this._b, p, this._end); }

  /** Version 1: the acknowledgement number, when its bit is set. */
  get ack() { const p = this.version === 1 ? this._field(0) : -1; return p < 0 ? undefined : u32(this._b, p, this._end); }

  /** Bytes up to the payload (routing entries included); undefined until the whole header was read. */
  get headerLength() { return this._hl === 0 ? undefined : this._hl; }

  /** One line: 'GRE' or 'GREv1', call id, key, seq and ack when present, then the payload's text. */
  toString() {
    let s = this.version === 1 ? 'GREv1' : 'GRE';
    if (this.callId !== undefined) s += ' call ' + this.callId;
    if (this.key !== undefined) s += ' key ' + this.key;
    if (this.sequence !== undefined) s += ' seq ' + this.sequence;
    if (this.ack !== undefined) s += ' ack ' + this.ack;
    if (this.payload) s += ' ' + this.payload;
    else if (this.protocol !== undefined) s += ' proto ' + hex4(this.protocol);
    return s;
  }
}
defineLayer(GRE, {
  name: 'gre',
  fields: ['version', 'flags', 'protocol', 'checksum', 'offset', 'key', 'payloadLength', 'callId', 'sequence', 'ack', 'headerLength'],
});

module.exports = { GRE };
