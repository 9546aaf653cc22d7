'use strict';
// PPP (RFC 1661): DLT_PPP frames, PPP inside GRE (PPTP, ethertype 0x880b) and PPPoE sessions.
// DLT_PPP_SERIAL (and DLT_PPP) may also carry Cisco HDLC frames: an address byte 0x0f or 0x8f,
// a control byte, then an ethertype; those are decoded by that ethertype.
// An optional address/control pair (0xff 0x03, RFC 1662 framing), then the protocol field: one
// byte when its low bit is set (protocol field compression), else two. IPv4, IPv6 and MPLS
// payloads are decoded; control protocols (LCP, IPCP, CCP, PAP, CHAP...) are named only.
//
// Fields:
//   protocol       the protocol number (0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP...)
//   protocolName   its name, or undefined for one not in the table
//   ciscoHdlc      true for a Cisco HDLC frame on a PPP link type (then `protocol` is an ethertype)
//   headerLength   bytes up to the payload
//   payload        IPv4, IPv6 or MPLS, or null

const { u16 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');
const { hex4 } = require('./fmt');

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

  /**
   * Decodes the PPP header at buf[offset, end) (optional 0xff 0x03, a 1- or 2-byte protocol) and an
   * IPv4, IPv6 or MPLS payload, or a Cisco HDLC frame by its ethertype (`ctx` is the PcapPacket).
   * Never throws: a short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    let p = offset;
    if (this.ciscoHdlc) {
      if (p + 4 > end) return markError(this, ctx, 'cisco hdlc header truncated', p, 4, end - p);
      this.payload = decodeEthertype((buf[p + 2] << 8) | buf[p + 3], buf, p + 4, end, ctx, this);
      return this;
    }
    if (p + 2 <= end && buf[p] === 0xff && buf[p + 1] === 0x03) p += 2;
    if (p >= end) return markError(this, ctx, 'protocol truncated', p, 1, end - p);
    const width = buf[p] & 1 ? 1 : 2;
    if (p + width > end) return markError(this, ctx, 'protocol truncated', p, width, end - p);
    this._p = p;
    const type = ETHERTYPE_OF[this.protocol];
    if (type !== undefined) this.payload = decodeEthertype(type, buf, p + width, end, ctx, this);
    return this;
  }

  /** The protocol number (0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP, ...); an ethertype for Cisco HDLC. */
  get protocol() {
    if (this.ciscoHdlc) return u16(this._b, this._o + 2, this._end); // an ethertype
    const p = this._p;
    if (p < 0) return undefined;
    return this._b[p] & 1 ? this._b[p] : (this._b[p] << 8) | this._b[p + 1];
  }

  /** The protocol's name ('IPv4', 'LCP', ...); undefined for one not in the table and for Cisco HDLC. */
  get protocolName() { const v = this.protocol; return v === undefined || this.ciscoHdlc ? undefined : PROTOCOL_NAMES[v]; }

  /** True for a Cisco HDLC frame (then `protocol` is an ethertype): address byte 0x0f or 0x8f on a PPP link type. */
  get ciscoHdlc() { return this._linkLayer && this._o < this._end && (this._b[this._o] & 0x7f) === 0x0f; }

  /** Bytes up to the payload: address/control and protocol field (4 for Cisco HDLC). */
  get headerLength() {
    if (this.ciscoHdlc) return 4;
    return this._p < 0 ? undefined : this._p - this._o + (this._b[this._p] & 1 ? 1 : 2);
  }

  /** One line: 'PPP' and the payload's text, or the protocol's name or number ('Cisco HDLC ...'). */
  toString() {
    const v = this.protocol;
    if (v === undefined) return 'PPP';
    if (this.ciscoHdlc) return 'Cisco HDLC ' + (this.payload ? this.payload : 'ethertype ' + hex4(v));
    if (this.payload) return 'PPP ' + this.payload;
    return 'PPP ' + (this.protocolName || 'proto ' + hex4(v));
  }
}
PPP.prototype._linkLayer = false;
defineLayer(PPP, { name: 'ppp', fields: ['protocol', 'protocolName', 'ciscoHdlc', 'headerLength'] });

/** PPP as a link type of its own (DLT_PPP, DLT_PPP_SERIAL): Cisco HDLC frames may come too. */
class PPPLink extends PPP {}
PPPLink.prototype._linkLayer = true;

module.exports = { PPP, PPPLink };
