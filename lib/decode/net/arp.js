'use strict';
// ARP (RFC 826) and RARP (RFC 903): the same packet format under ethertype 0x0806 / 0x8035.

const { u8, u16 } = require('../bytes');
const { PacketAddress, macAddress, ipv4Address, ipv6Address, addressText } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { hex } = require('./common');

const OPERATIONS = {
  1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 8: 'inverse request', 9: 'inverse reply', 10: 'NAK',
};

/**
 * An ARP packet (node_pcap's Arp). `operation` is the opcode number (1 request, 2 reply, 3/4 RARP).
 * Addresses are text: a 6-byte hardware address as a MAC, a 4-byte protocol address as dotted IPv4
 * (16 bytes: IPv6), any other size as plain hex; undefined when not captured. No payload.
 */
class Arp {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Reads the fixed header at b[o, end) and checks the addresses fit (`ctx` is the PcapPacket). Never
   * throws: a short packet sets `error`.
   * @returns {this}
   */
  decode(b, o = 0, end = bytesEnd(b), ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    if (o + 8 > end) return markError(this, ctx, 'header truncated', o, 8, end - o);
    const need = 8 + 2 * (b[o + 4] + b[o + 5]);
    if (o + need > end) markError(this, ctx, 'addresses truncated', o, need, end - o);
    return this;
  }

  /** Hardware type (1 Ethernet). */
  get htype() { return u16(this._b, this._o, this._end); }
  /** Protocol type, an ethertype (0x0800 IPv4). */
  get ptype() { return u16(this._b, this._o + 2, this._end); }
  /** Hardware address length in bytes (6 for Ethernet). */
  get hlen() { return u8(this._b, this._o + 4, this._end); }
  /** Protocol address length in bytes (4 for IPv4). */
  get plen() { return u8(this._b, this._o + 5, this._end); }
  /** The opcode: 1 request, 2 reply, 3/4 RARP request/reply, 8/9 InARP, 10 NAK. */
  get operation() { return u16(this._b, this._o + 6, this._end); }
  /** Sender hardware address: an EthernetAddr when hlen is 6, other sizes a PacketAddress of plain hex. */
  get sender_ha() { return this._hw(8); }
  /** Sender protocol address: an IPv4Addr when plen is 4, an IPv6Addr when 16, other sizes plain hex. */
  get sender_pa() { return this._proto(8 + this.hlen); }
  /** Target hardware address, as sender_ha. */
  get target_ha() { return this._hw(8 + this.hlen + this.plen); }
  /** Target protocol address, as sender_pa. */
  get target_pa() { return this._proto(8 + 2 * this.hlen + this.plen); }

  /** 'request', 'reply', ... or 'unknown'. */
  get operationName() { const n = OPERATIONS[this.operation]; return n === undefined ? 'unknown' : n; }

  _hw(rel) {
    const len = this.hlen;
    const p = this._o + rel;
    if (len === undefined || Number.isNaN(p) || p + len > this._end) return undefined;
    return len === 6 ? macAddress(this._b, p, this._end) : new PacketAddress(hex(this._b, p, p + len));
  }

  _proto(rel) {
    const len = this.plen;
    const p = this._o + rel;
    if (len === undefined || Number.isNaN(p) || p + len > this._end) return undefined;
    if (len === 4) return ipv4Address(this._b, p, this._end);
    if (len === 16) return ipv6Address(this._b, p, this._end);
    return new PacketAddress(hex(this._b, p, p + len));
  }

  /** One line as tcpdump prints it: 'ARP request who-has X tell Y', 'ARP reply X is-at M', ... */
  toString() {
    const op = this.operation;
    if (op === undefined) return 'ARP truncated';
    if (this.error === null) {
      const short = (address) => {
        const a = addressText(address);
        return a === undefined || a === '' ? '?' : a.length > 40 ? a.slice(0, 37) + '...' : a;
      };
      if (op === 1) return 'ARP request who-has ' + short(this.target_pa) + ' tell ' + short(this.sender_pa);
      if (op === 2) return 'ARP reply ' + short(this.sender_pa) + ' is-at ' + short(this.sender_ha);
      if (op === 3) return 'RARP request who-is ' + short(this.target_ha) + ' tell ' + short(this.sender_ha);
      if (op === 4) return 'RARP reply ' + short(this.target_ha) + ' at ' + short(this.target_pa);
    }
    return 'ARP ' + this.operationName + ' (' + op + ')' + (this.error !== null ? ' ' + this.error.reason : '');
  }
}
defineLayer(Arp, {
  name: 'arp',
  fields: ['htype', 'ptype', 'hlen', 'plen', 'operation', 'sender_ha', 'sender_pa', 'target_ha', 'target_pa'],
});

module.exports = { Arp, OPERATIONS };
