'use strict';
// IEEE 802.1Q / 802.1ad VLAN tag (4 bytes after the TPID: PCP(3) DEI(1) VID(12), next type).
//
// Fields (node_pcap 3.x names): priority (PCP), canonical_format (the DEI bit, formerly CFI:
// 0/1), id (VID), ethertype (the type that follows this tag), tpid (the type value that
// introduced the tag: 0x8100, 0x88a8 or 0x9100; undefined when the tag was reached through the
// ethertype table, e.g. SLL or SNAP, because the TPID is not part of the tag's own bytes).
//
// Two ways in: Ethernet parses its own stack of tags and fills Vlan objects with _set() (they
// carry no payload; the Ethernet layer holds it), while decode() serves any other protocol
// that hands a 0x8100/0x88a8/0x9100 type to the ethertype table and then continues with the
// tag's inner type.

const { u8, u16 } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype } = require('../registry');
const { hex4 } = require('./fmt');

/** One VLAN tag. */
class Vlan {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.tpid = undefined;
    this.payload = null;
  }

  /** Standalone decode (ethertype-table dispatch): the tag, then its inner type. */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 4 > end) return markError(this, ctx, 'vlan tag truncated', offset, 4, end - offset);
    this.payload = decodeEthertype((buf[offset + 2] << 8) | buf[offset + 3], buf, offset + 4, end, ctx, this);
    return this;
  }

  /** Used by Ethernet: points the tag at its 4 bytes; no dispatch. */
  _set(buf, offset, end, tpid) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    this.tpid = tpid;
    return this;
  }

  /** Priority code point, 0-7. */
  get priority() {
    const v = u8(this._b, this._o, this._end);
    return v === undefined ? undefined : v >> 5;
  }

  /** Drop eligible indicator (the old CFI bit), 0 or 1. */
  get canonical_format() {
    const v = u8(this._b, this._o, this._end);
    return v === undefined ? undefined : (v >> 4) & 1;
  }

  /** VLAN identifier, 0-4095. */
  get id() {
    const v = u16(this._b, this._o, this._end);
    return v === undefined ? undefined : v & 0x0fff;
  }

  /** The type following this tag (another TPID when tags are stacked). */
  get ethertype() {
    return u16(this._b, this._o + 2, this._end);
  }

  /** One line: 'vlan ID', the priority when not 0, then the payload's text (or the ethertype). */
  toString() {
    const id = this.id;
    let s = id === undefined ? 'vlan ?' : 'vlan ' + id;
    const p = this.priority;
    if (p) s += ' p ' + p;
    if (this.payload) s += ' ' + this.payload;
    else if (this.ethertype !== undefined) s += ' ethertype ' + hex4(this.ethertype);
    return s;
  }
}
defineLayer(Vlan, { name: 'vlan', fields: ['priority', 'canonical_format', 'id', 'ethertype', 'tpid'] });

module.exports = { Vlan };
