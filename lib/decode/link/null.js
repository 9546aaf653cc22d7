'use strict';
// BSD loopback encapsulation: DLT_NULL (0) and DLT_LOOP (108). A 4-byte header holding the
// address family of the packet: in the capturing host's byte order for NULL (so either order
// in a file), always big-endian for LOOP (OpenBSD).
//
// Fields (node_pcap 3.x NullPacket):
//   pftype     the address family as read: NULL takes the little-endian value when its upper
//              16 bits are zero, the big-endian value otherwise (the tcpdump rule); LOOP reads
//              big-endian. IPv4 is 2; IPv6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD/DragonFly),
//              30 (macOS/iOS) and 10 (Linux)
//   ethertype  when the header is no address family but carries an ethertype in one of its
//              16-bit halves (seen from some stacks; tshark shows it as null.type), that value;
//              undefined otherwise
//   payload    IPv4 / IPv6 through the ethertype table (0x0800 / 0x86dd), or the ethertype's
//              decoder; null for other families (OSI, AppleTalk, IPX...)

const { u32, u32le } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype } = require('../registry');
const { hex4 } = require('./fmt');

/** Address family -> ethertype of its decoder. */
function familyType(af) {
  switch (af) {
    case 2:
      return 0x0800;
    case 10:
    case 24:
    case 28:
    case 30:
      return 0x86dd;
    default:
      return -1;
  }
}

/** Some writers put an ethertype where the family belongs; find it in either 16-bit half. */
function embeddedType(v) {
  if (v <= 0xff) return undefined;
  const lo = v & 0xffff;
  if (lo >= 0x0600) return lo;
  const hi = v >>> 16;
  return hi >= 0x0600 ? hi : undefined;
}

/** DLT_NULL header (decoderName 'null-packet', as node_pcap). */
class NullPacket {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.pftype = undefined;
    this.payload = null;
  }

  /**
   * Decodes the 4-byte header at buf[offset, end) (host byte order: little-endian when the upper 16
   * bits are 0, else big-endian) and the packet it carries (`ctx` is the PcapPacket). Never throws: a
   * short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 4 > end) return markError(this, ctx, 'null header truncated', offset, 4, end - offset);
    const le = u32le(buf, offset, end);
    this.pftype = le <= 0xffff ? le : u32(buf, offset, end);
    return this._next(buf, offset + 4, end, ctx);
  }

  _next(buf, p, end, ctx) {
    let type = familyType(this.pftype);
    if (type < 0) {
      const t = embeddedType(this.pftype);
      if (t === undefined) return this;
      type = t;
    }
    this.payload = decodeEthertype(type, buf, p, end, ctx, this);
    return this;
  }

  /** The ethertype carried in the header instead of an address family (see above). */
  get ethertype() {
    const af = this.pftype;
    return af === undefined || familyType(af) >= 0 ? undefined : embeddedType(af);
  }

  /** One line: 'loopback' and the payload's text (or 'ethertype 0x....' / 'af N'). */
  toString() {
    const af = this.pftype;
    if (af === undefined) return 'loopback [truncated]';
    if (this.payload !== null) return 'loopback ' + this.payload;
    const t = this.ethertype;
    return t !== undefined ? 'loopback ethertype ' + hex4(t) : 'loopback af ' + af;
  }
}
defineLayer(NullPacket, { name: 'null-packet', fields: ['pftype', 'ethertype'] });

/** DLT_LOOP header: the same, always big-endian. */
class LoopPacket extends NullPacket {
  /**
   * As NullPacket#decode, reading the family big-endian always (DLT_LOOP).
   * @returns {this}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 4 > end) return markError(this, ctx, 'loop header truncated', offset, 4, end - offset);
    this.pftype = u32(buf, offset, end);
    return this._next(buf, offset + 4, end, ctx);
  }
}
defineLayer(LoopPacket, { name: 'null-packet', fields: ['pftype', 'ethertype'] });

module.exports = { NullPacket, LoopPacket };
