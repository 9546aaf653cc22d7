'use strict';
// VXLAN (RFC 7348), UDP port 4789: an 8-byte header, then an Ethernet frame.
//
// Fields:
//   flags   the first byte (0x08: the VNI is valid)
//   vni     the 24-bit network identifier
//   payload the inner Ethernet frame

const { u8, u24 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');

const TRANSPARENT_ETHERNET = 0x6558; // the ethertype table's key for an Ethernet frame

class VXLAN {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the 8-byte header at buf[offset, end) and the Ethernet frame after it (`ctx` is the
   * PcapPacket). Never throws: a short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 8 > end) return markError(this, ctx, 'header truncated', offset, 8, end - offset);
    this.payload = decodeEthertype(TRANSPARENT_ETHERNET, buf, offset + 8, end, ctx, this);
    return this;
  }

  /** The flags byte (0x08: the VNI is valid). */
  get flags() { return u8(this._b, this._o, this._end); }
  /** Virtual network identifier, 24 bits. */
  get vni() { return u24(this._b, this._o + 4, this._end); }

  /** One line: 'VXLAN vni N', then the inner frame's text. */
  toString() {
    let s = 'VXLAN vni ' + (this.vni === undefined ? '?' : this.vni);
    if (this.payload) s += ' ' + this.payload;
    return s;
  }
}
defineLayer(VXLAN, { name: 'vxlan', fields: ['flags', 'vni'] });

module.exports = { VXLAN };
