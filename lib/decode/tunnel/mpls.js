'use strict';
// MPLS label stack (RFC 3032), ethertypes 0x8847 and 0x8848 (also after GRE or PPP): 4-byte
// entries down to the one with the bottom-of-stack bit. What follows carries no type, so it is
// taken by its first nibble, as routers and tshark do: 4 is IPv4, 6 is IPv6; anything else (a
// pseudowire control word, say) is left undecoded.
//
// Fields:
//   labels   [{label, tc, bottom, ttl}], top of the stack first
//   label, tc, ttl   the top entry's
//   payload  IPv4 or IPv6, or null

const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');

const MAX_LABELS = 16;

class MPLS {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._n = 0; // entries captured (up to and including the bottom one)
    this.payload = null;
  }

  /**
   * Decodes the label stack at buf[offset, end) down to the bottom-of-stack entry, then IPv4 or IPv6 by
   * the next nibble (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    let p = offset;
    for (;;) {
      if (p + 4 > end) return markError(this, ctx, 'label stack truncated', p, 4, end - p);
      this._n++;
      const bottom = (buf[p + 2] & 0x01) !== 0;
      p += 4;
      if (bottom) break;
      if (this._n >= MAX_LABELS) return markError(this, ctx, 'too many labels', p, 0, end - p, false);
    }
    if (p < end) {
      const nibble = buf[p] >> 4;
      if (nibble === 4) this.payload = decodeEthertype(0x0800, buf, p, end, ctx, this);
      else if (nibble === 6) this.payload = decodeEthertype(0x86dd, buf, p, end, ctx, this);
    }
    return this;
  }

  /** The label stack entries captured, top first: [{label (20 bits), tc (3 bits), bottom, ttl}]. */
  get labels() {
    const out = [];
    const b = this._b;
    for (let i = 0, p = this._o; i < this._n && p + 4 <= this._end; i++, p += 4) {
      out.push({ label: (b[p] << 12) | (b[p + 1] << 4) | (b[p + 2] >> 4), tc: (b[p + 2] >> 1) & 7, bottom: (b[p + 2] & 1) !== 0, ttl: b[p + 3] });
    }
    return out;
  }

  /** The top entry's label, 20 bits. */
  get label() { return this._o + 3 <= this._end ? (this._b[this._o] << 12) | (this._b[this._o + 1] << 4) | (this._b[this._o + 2] >> 4) : undefined; }
  /** The top entry's traffic class, 3 bits. */
  get tc() { return this._o + 3 <= this._end ? (this._b[this._o + 2] >> 1) & 7 : undefined; }
  /** The top entry's TTL. */
  get ttl() { return this._o + 4 <= this._end ? this._b[this._o + 3] : undefined; }

  /** One line: 'MPLS', the labels top first joined by '/', then the payload's text. */
  toString() {
    const labels = this.labels;
    let s = 'MPLS' + (labels.length ? ' ' + labels.map((l) => l.label).join('/') : '');
    if (this.payload) s += ' ' + this.payload;
    return s;
  }
}
defineLayer(MPLS, { name: 'mpls', fields: ['labels', 'label', 'tc', 'ttl'] });

module.exports = { MPLS };
