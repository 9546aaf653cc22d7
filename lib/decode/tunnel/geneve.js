'use strict';
// Geneve (RFC 8926), UDP port 6081: an 8-byte header, options, then the payload named by its
// protocol type (an ethertype: 0x6558 for an Ethernet frame, 0x0800 IPv4, 0x86dd IPv6).
//
// Fields:
//   version          0 (others: nothing after the header is decoded)
//   optionsLength    bytes of options (the header's 6-bit count of 4-byte words, times 4)
//   oam, critical    the O and C bits
//   protocol         the payload's ethertype
//   vni              the 24-bit virtual network identifier
//   options          [{class, type, critical, length, data}] (length of data in bytes)
//   payload          the ethertype table's decoder for `protocol`

const { u8, u16, u24 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { hex4 } = require('../link/fmt');
const { decodeEthertype } = require('../registry');

class Geneve {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the header at buf[offset, end), skips its options and decodes the payload by `protocol`
   * (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 8 > end) return markError(this, ctx, 'header truncated', offset, 8, end - offset);
    const version = buf[offset] >> 6;
    if (version !== 0) return markError(this, ctx, 'unknown version ' + version, offset, 1, end - offset, false);
    const start = offset + 8 + (buf[offset] & 0x3f) * 4;
    if (start > end) return markError(this, ctx, 'options truncated', offset, start - offset, end - offset);
    this.payload = decodeEthertype((buf[offset + 2] << 8) | buf[offset + 3], buf, start, end, ctx, this);
    return this;
  }

  /** Version, the top 2 bits (0; another sets `error`). */
  get version() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : v >> 6; }
  /** Bytes of options (the 6-bit count of 4-byte words, times 4). */
  get optionsLength() { const v = u8(this._b, this._o, this._end); return v === undefined ? undefined : (v & 0x3f) * 4; }
  /** The O bit: an OAM (control) packet. */
  get oam() { const v = u8(this._b, this._o + 1, this._end); return v === undefined ? undefined : (v & 0x80) !== 0; }
  /** The C bit: critical options are present. */
  get critical() { const v = u8(this._b, this._o + 1, this._end); return v === undefined ? undefined : (v & 0x40) !== 0; }
  /** The payload's protocol type, an ethertype (0x6558 Ethernet, 0x0800 IPv4, 0x86dd IPv6). */
  get protocol() { return u16(this._b, this._o + 2, this._end); }
  /** Virtual network identifier, 24 bits. */
  get vni() { return u24(this._b, this._o + 4, this._end); }

  /** The options that were captured whole, in order (each at least 4 bytes, so the walk ends). */
  get options() {
    const len = this.optionsLength;
    if (len === undefined) return undefined;
    const b = this._b;
    const stop = Math.min(this._o + 8 + len, this._end);
    const out = [];
    for (let p = this._o + 8; p + 4 <= stop;) {
      const dataLen = (b[p + 3] & 0x1f) * 4;
      if (p + 4 + dataLen > stop) break;
      const start = b.byteOffset + p + 4;
      out.push({ class: (b[p] << 8) | b[p + 1], type: b[p + 2], critical: (b[p + 2] & 0x80) !== 0, length: dataLen, data: Buffer.from(b.buffer, start, dataLen) });
      p += 4 + dataLen;
    }
    return out;
  }

  /** One line: 'Geneve vni N', options size, then the payload's text (or protocol). */
  toString() {
    let s = 'Geneve vni ' + (this.vni === undefined ? '?' : this.vni);
    if (this.optionsLength) s += ' options ' + this.optionsLength + 'B';
    if (this.payload) s += ' ' + this.payload;
    else if (this.protocol !== undefined) s += ' proto ' + hex4(this.protocol);
    return s;
  }
}
defineLayer(Geneve, { name: 'geneve', fields: ['version', 'optionsLength', 'oam', 'critical', 'protocol', 'vni', 'options'] });

module.exports = { Geneve };
