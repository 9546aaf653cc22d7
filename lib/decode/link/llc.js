'use strict';
// IEEE 802.2 LLC header, with the SNAP extension (used by 802.3 frames, 802.11 data frames, SLL
// protocol 0x0004).
//
// Fields (node_pcap 3.x LogicalLinkControl names):
//   dsap, ssap   the service access points, whole bytes (0xaa = SNAP, 0x42 = STP, 0x06 = IP...)
//   control      U-format: 1 byte (e.g. 0x03 = UI); I- and S-format: 2 bytes, read
//                little-endian like tshark's llc.control
//   oui, type    SNAP only (DSAP and SSAP 0xaa/0xab, UI control): the 3-byte OUI and the
//                2-byte protocol id; undefined otherwise
//   payload      SNAP with OUI 0 (RFC 1042) or 0x0000f8 (802.1H bridge tunnel): the ethertype
//                table's decoder for `type`; DSAP 0x06 (IP) and 0x98 (ARP) UI frames: IPv4/ARP;
//                otherwise null

const { u8, u16, u24 } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype } = require('../registry');
const { hex2, hex4, hex6 } = require('./fmt');

/** An 802.2 LLC header (decoderName 'llc', as in node_pcap). */
class LogicalLinkControl {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the LLC (and SNAP) header at buf[offset, end) and, for SNAP or the IP/ARP SAPs, the layer
   * it carries (`ctx` is the PcapPacket). Never throws: a short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 3 > end) return markError(this, ctx, 'llc header truncated', offset, 3, end - offset);
    const dsap = buf[offset];
    const ctl = buf[offset + 2];
    if ((ctl & 3) !== 3) {
      // I or S format: 2-byte control field, no upper layer we decode
      if (offset + 4 > end) return markError(this, ctx, 'llc header truncated', offset, 4, end - offset);
      return this;
    }
    if ((dsap & 0xfe) === 0xaa && (buf[offset + 1] & 0xfe) === 0xaa && ctl === 0x03) {
      if (offset + 8 > end) return markError(this, ctx, 'snap header truncated', offset, 8, end - offset);
      const oui = (buf[offset + 3] << 16) | (buf[offset + 4] << 8) | buf[offset + 5];
      if (oui === 0 || oui === 0xf8) {
        this.payload = decodeEthertype((buf[offset + 6] << 8) | buf[offset + 7], buf, offset + 8, end, ctx, this);
      }
      return this;
    }
    if (ctl === 0x03 && dsap === buf[offset + 1]) {
      // RFC 1042 predates SNAP-only use: some stacks send IP and ARP on their own SAPs
      if (dsap === 0x06) this.payload = decodeEthertype(0x0800, buf, offset + 3, end, ctx, this);
      else if (dsap === 0x98) this.payload = decodeEthertype(0x0806, buf, offset + 3, end, ctx, this);
    }
    return this;
  }

  /** Destination service access point. */
  get dsap() {
    return u8(this._b, this._o, this._end);
  }

  /** Source service access point (the low bit is the command/response flag). */
  get ssap() {
    return u8(this._b, this._o + 1, this._end);
  }

  /** Control field: 1 byte (U format) or 2 bytes little-endian (I/S format). */
  get control() {
    const c = u8(this._b, this._o + 2, this._end);
    if (c === undefined || (c & 3) === 3) return c;
    const hi = u8(this._b, this._o + 3, this._end);
    return hi === undefined ? undefined : c | (hi << 8);
  }

  /** Whether a SNAP header follows (DSAP/SSAP 0xaa, UI control). */
  get isSnap() {
    const b = this._b;
    const o = this._o;
    return o + 3 <= this._end && (b[o] & 0xfe) === 0xaa && (b[o + 1] & 0xfe) === 0xaa && b[o + 2] === 0x03;
  }

  /** SNAP organisation code (0 = encapsulated ethertype). */
  get oui() {
    return this.isSnap ? u24(this._b, this._o + 3, this._end) : undefined;
  }

  /** SNAP protocol id (an ethertype when oui is 0). */
  get type() {
    return this.isSnap ? u16(this._b, this._o + 6, this._end) : undefined;
  }

  /** One line: 'LLC dsap>ssap', SNAP oui/type or the control field, then the payload's text. */
  toString() {
    const dsap = this.dsap;
    if (dsap === undefined) return 'LLC [truncated]';
    let s = 'LLC ' + hex2(dsap) + '>' + hex2(this.ssap === undefined ? 0 : this.ssap);
    const type = this.type;
    if (type !== undefined) {
      const oui = this.oui;
      s += ' SNAP';
      if (oui !== 0) s += ' oui ' + hex6(oui);
      if (this.payload !== null) return s + ' ' + this.payload;
      return s + ' type ' + hex4(type);
    }
    if (this.payload !== null) return s + ' ' + this.payload;
    const c = this.control;
    return c === undefined ? s : s + ' ctrl ' + (c > 0xff ? hex4(c) : hex2(c));
  }
}
defineLayer(LogicalLinkControl, { name: 'llc', fields: ['dsap', 'ssap', 'control', 'oui', 'type'] });

module.exports = { LogicalLinkControl, Llc: LogicalLinkControl };
