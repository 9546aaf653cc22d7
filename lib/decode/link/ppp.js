'use strict';
// PPP (RFC 1661): DLT_PPP frames, PPP inside GRE (PPTP, ethertype 0x880b) and PPPoE sessions.
// An optional address/control pair (0xff 0x03, RFC 1662 framing), then the protocol field: one
// byte when its low bit is set (protocol field compression), else two. IPv4, IPv6 and MPLS
// payloads are decoded; control protocols (LCP, IPCP, CCP, PAP, CHAP...) are named only.
//
// Fields:
//   protocol       the protocol number (0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP...)
//   protocolName   its name, or undefined for one not in the table
//   headerLength   bytes up to the payload
//   payload        IPv4, IPv6 or MPLS, or null

const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');

const PROTOCOL_NAMES = {
  0x0021: 'IPv4', 0x0057: 'IPv6', 0x0281: 'MPLS', 0x0283: 'MPLS', 0x002d: 'VJ compressed TCP/IP',
  0x002f: 'VJ uncompressed TCP/IP', 0x003d: 'Multilink', 0x00fd: 'Compressed datagram',
  0x8021: 'IPCP', 0x8057: 'IPv6CP', 0x8281: 'MPLSCP', 0x80fd: 'CCP', 0xc021: 'LCP', 0xc023: 'PAP',
  0xc025: 'LQR', 0xc223: 'CHAP', 0xc227: 'EAP',
};
const ETHERTYPE_OF = { 0x0021: 0x0800, 0x0057: 0x86dd, 0x0281: 0x8847, 0x0283: 0x8848 };

class PPP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._p = -1; // where the protocol field starts, once known
    this.payload = null;
  }

  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    let p = offset;
    if (p + 2 <= end && buf[p] === 0xff && buf[p + 1] === 0x03) p += 2;
    if (p >= end) return markError(this, ctx, 'protocol truncated', p, 1, end - p);
    const width = buf[p] & 1 ? 1 : 2;
    if (p + width > end) return markError(this, ctx, 'protocol truncated', p, width, end - p);
    this._p = p;
    const type = ETHERTYPE_OF[this.protocol];
    if (type !== undefined) this.payload = decodeEthertype(type, buf, p + width, end, ctx, this);
    return this;
  }

  get protocol() {
    const p = this._p;
    if (p < 0) return undefined;
    return this._b[p] & 1 ? this._b[p] : (this._b[p] << 8) | this._b[p + 1];
  }

  get protocolName() { const v = this.protocol; return v === undefined ? undefined : PROTOCOL_NAMES[v]; }

  get headerLength() { return this._p < 0 ? undefined : this._p - this._o + (this._b[this._p] & 1 ? 1 : 2); }

  toString() {
    const v = this.protocol;
    if (v === undefined) return 'PPP';
    if (this.payload) return 'PPP ' + this.payload;
    return 'PPP ' + (this.protocolName || 'proto 0x' + v.toString(16).padStart(4, '0'));
  }
}
defineLayer(PPP, { name: 'ppp', fields: ['protocol', 'protocolName', 'headerLength'] });

module.exports = { PPP };
