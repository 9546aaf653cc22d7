'use strict';
// IGMP v1/v2/v3 (RFC 1112, 2236, 3376), plus names for RGMP (RFC 3488), DVMRP and mtrace types.

const { u8, u16 } = require('../bytes');
const { formatIPv4, ipv4Address } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { groupRecords } = require('./common');

const TYPES = {
  0x11: 'Membership Query', 0x12: 'Membership Report', 0x13: 'DVMRP', 0x14: 'PIM v1', 0x16: 'Membership Report',
  0x17: 'Leave Group', 0x1e: 'Multicast Traceroute Response', 0x1f: 'Multicast Traceroute',
  0x22: 'Membership Report', 0x30: 'Multicast Router Advertisement', 0x31: 'Multicast Router Solicitation',
  0x32: 'Multicast Router Termination', 0xfc: 'RGMP Leave', 0xfd: 'RGMP Join', 0xfe: 'RGMP Bye', 0xff: 'RGMP Hello',
};
/**
 * An IGMP message (node_pcap's IGMP). `version` follows RFC 3376 §7.1: a query of 12 bytes or more
 * is v3, a shorter one v1 when its max response code is 0 and v2 otherwise; reports by type (0x12
 * v1, 0x16/0x17 v2, 0x22 v3); undefined for other types. A v3 query adds `suppress`, `qrv`, `qqic`,
 * `sources`; a v3 report has no group field of its own, so `groupAddress` is its first record's
 * multicast address (as tshark shows it) and `records` lists them all.
 */
class IGMP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the message at b[o, end), checking a v3 query's sources and a v3 report's group records
   * fit (`ctx` is the PcapPacket). Never throws: see `error`. No payload.
   * @returns {this}
   */
  decode(b, o = 0, end = bytesEnd(b), ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    if (o + 8 > end) return markError(this, ctx, 'header truncated', o, 8, end - o);
    const t = b[o];
    if (t === 0x11 && o + 12 <= end) {
      const need = 12 + ((b[o + 10] << 8) | b[o + 11]) * 4;
      if (o + need > end) markError(this, ctx, 'sources truncated', o, need, end - o);
    } else if (t === 0x22) {
      const n = (b[o + 6] << 8) | b[o + 7];
      let p = o + 8;
      for (let i = 0; i < n; i++) {
        if (p + 8 > end) return markError(this, ctx, 'group record truncated', p, 8, end - p);
        const len = 8 + b[p + 1] * 4 + ((b[p + 2] << 8) | b[p + 3]) * 4;
        if (p + len > end) return markError(this, ctx, 'group record truncated', p, len, end - p);
        p += len;
      }
    }
    return this;
  }

  /** Message type (0x11 query, 0x12/0x16/0x22 v1/v2/v3 report, 0x17 leave, ...). */
  get type() { return u8(this._b, this._o, this._end); }
  /** 1, 2 or 3 for queries and reports (RFC 3376 §7.1, see above); undefined for other types (RGMP, DVMRP, ...). */
  get version() {
    const t = this.type;
    if (t === 0x11) {
      if (this._end - this._o >= 12) return 3;
      return this.maxResponseTime === 0 ? 1 : 2;
    }
    if (t === 0x12) return 1;
    if (t === 0x16 || t === 0x17) return 2;
    if (t === 0x22) return 3;
    return undefined;
  }
  /** The raw max response byte (v2: tenths of a second; v3 query: the Max Resp Code). */
  get maxResponseTime() { return u8(this._b, this._o + 1, this._end); }
  /** The max response time in tenths of a second (the v3 code's floating-point form expanded). */
  get maxResponseDeciseconds() {
    const c = this.maxResponseTime;
    if (c === undefined || c < 128 || this.version !== 3) return c;
    return ((c & 0x0f) | 0x10) << (((c >> 4) & 7) + 3);
  }
  /** The checksum as written (not verified). */
  get checksum() { return u16(this._b, this._o + 2, this._end); }
  /** The group address (0.0.0.0 in a general query); a v3 report's first record's, undefined when it has none. */
  get groupAddress() {
    const o = this._o;
    if (this.type === 0x22) return this._end - o >= 16 && this._b[o + 6] + this._b[o + 7] !== 0 ? ipv4Address(this._b, o + 12, this._end) : undefined;
    return ipv4Address(this._b, o + 4, this._end);
  }

  /** v3 query: Suppress Router-side Processing flag, Querier's Robustness Variable, QQIC. */
  get suppress() { return this.version === 3 && this.type === 0x11 ? (this._b[this._o + 8] & 0x08) !== 0 : undefined; }
  /** v3 query: Querier's Robustness Variable (3 bits); else undefined. */
  get qrv() { return this.version === 3 && this.type === 0x11 ? this._b[this._o + 8] & 0x07 : undefined; }
  /** v3 query: Querier's Query Interval Code, as sent; else undefined. */
  get qqic() { return this.version === 3 && this.type === 0x11 ? this._b[this._o + 9] : undefined; }
  /** v3 query: the number of sources as written; else undefined. */
  get numberOfSources() { return this.version === 3 && this.type === 0x11 ? u16(this._b, this._o + 10, this._end) : undefined; }
  /** v3 query: the source addresses captured (dotted text); else undefined. */
  get sources() {
    const n = this.numberOfSources;
    if (n === undefined) return undefined;
    const list = [];
    for (let i = 0, p = this._o + 12; i < n && p + 4 <= this._end; i++, p += 4) list.push(formatIPv4(this._b, p));
    return list;
  }

  /** v3 report: [{type, typeName, auxDataLength (32-bit words), numberOfSources, multicastAddress, sources, auxData}]. */
  get records() {
    if (this.type !== 0x22) return undefined;
    const n = u16(this._b, this._o + 6, this._end);
    return n === undefined ? [] : groupRecords(this._b, this._o + 8, this._end, n, 4, formatIPv4);
  }

  /** e.g. 'Membership Query', 'Leave Group', or 'type N'. */
  get description() {
    const t = this.type;
    if (t === undefined) return 'truncated';
    return TYPES[t] !== undefined ? TYPES[t] : 'type ' + t;
  }

  /** One line: 'IGMPv' version, the description, the group address, any error. */
  toString() {
    let s = 'IGMP';
    const v = this.version;
    if (v !== undefined) s += 'v' + v;
    s += ' ' + this.description;
    const g = this.groupAddress;
    if (g !== undefined) s += ' ' + g;
    if (this.error !== null) s += ' (' + this.error.reason + ')';
    return s;
  }
}
defineLayer(IGMP, {
  name: 'igmp',
  fields: ['version', 'type', 'maxResponseTime', 'checksum', 'groupAddress', 'suppress', 'qrv', 'qqic', 'sources', 'records', 'description'],
});

module.exports = { IGMP };
