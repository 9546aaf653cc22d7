'use strict';
// PPPoE (RFC 2516): discovery (ethertype 0x8863) and session (0x8864) stages. A 6-byte header;
// a session packet carries a PPP frame (without address and control bytes) of `length` bytes,
// a discovery packet carries tags.
//
// Fields:
//   version, type   4 bits each (both 1)
//   code            0 for session data; 0x09 PADI, 0x07 PADO, 0x19 PADR, 0x65 PADS, 0xa7 PADT
//   codeName        'session', 'PADI', ... or undefined
//   sessionId       the session id (0 before PADS)
//   length          the payload length field
//   tags            discovery (0x8863) only: [{type, length, value}] (value a Buffer view), those
//                   captured whole
//   payload         session: the PPP layer

const { u8, u16 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');
const { hex2, hex4 } = require('./fmt');

const CODE_NAMES = { 0x00: 'session', 0x09: 'PADI', 0x07: 'PADO', 0x19: 'PADR', 0x65: 'PADS', 0xa7: 'PADT' };
const PPP_KEY = 0x880b; // the ethertype table's PPP entry

class PPPoE {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the 6-byte header at buf[offset, end), bounds the layer by its length field, and decodes
   * a session packet's PPP frame (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 6 > end) return markError(this, ctx, 'header truncated', offset, 6, end - offset);
    if (buf[offset] !== 0x11) return markError(this, ctx, 'unknown version/type ' + hex2(buf[offset]), offset, 1, end - offset, false);
    const len = (buf[offset + 4] << 8) | buf[offset + 5];
    // Ethernet pads short frames: the length field says where the payload ends
    if (offset + 6 + len < end) this._end = end = offset + 6 + len;
    else if (offset + 6 + len > end) markError(this, ctx, 'payload truncated', offset + 6, len, end - offset - 6);
    // session data (code 0) only on the session ethertype: the discovery stage carries tags
    if (buf[offset + 1] === 0 && !this._discovery && end > offset + 6) this.payload = decodeEthertype(PPP_KEY, buf, offset + 6, end, ctx, this);
    return this;
  }

  /** Version, 4 bits (1). */
  get version() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : v >> 4; }
  /** Type, 4 bits (1). */
  get type() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : v & 0x0f; }
  /** The code: 0 session data, 0x09 PADI, 0x07 PADO, 0x19 PADR, 0x65 PADS, 0xa7 PADT. */
  get code() { return u8(this._b, this._o + 1, this._end); }
  /** 'session', 'PADI', 'PADO', 'PADR', 'PADS', 'PADT'; undefined for other codes (and code 0 in discovery). */
  get codeName() { const c = this.code; return c === undefined || (c === 0 && this._discovery) ? undefined : CODE_NAMES[c]; }
  /** Session id (0 before PADS). */
  get sessionId() { return u16(this._b, this._o + 2, this._end); }
  /** The payload length field as written, in bytes. */
  get length() { return u16(this._b, this._o + 4, this._end); }

  /**
   * Discovery packets: the tags captured whole, [{type, length, value}] (value a Buffer view);
   * undefined for session packets.
   */
  get tags() {
    if (this.code === undefined || !this._discovery) return undefined;
    const b = this._b;
    const out = [];
    for (let p = this._o + 6; p + 4 <= this._end;) {
      const len = (b[p + 2] << 8) | b[p + 3];
      if (p + 4 + len > this._end) break;
      out.push({ type: (b[p] << 8) | b[p + 1], length: len, value: Buffer.from(b.buffer, b.byteOffset + p + 4, len) });
      p += 4 + len;
    }
    return out;
  }

  /** One line: 'PPPoE', the code's name, a non-zero session id in hex, then the payload's text. */
  toString() {
    const c = this.code;
    if (c === undefined) return 'PPPoE';
    let s = 'PPPoE ' + (this.codeName || 'code ' + hex2(c));
    if (this.sessionId) s += ' ' + hex4(this.sessionId);
    if (this.payload) s += ' ' + this.payload;
    return s;
  }
}
PPPoE.prototype._discovery = false;

/** The discovery stage (ethertype 0x8863): tags, never a PPP payload. */
class PPPoEDiscovery extends PPPoE {}
PPPoEDiscovery.prototype._discovery = true;

defineLayer(PPPoE, { name: 'pppoe', fields: ['version', 'type', 'code', 'codeName', 'sessionId', 'length', 'tags'] });

module.exports = { PPPoE, PPPoEDiscovery };
