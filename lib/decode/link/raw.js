'use strict';
// Raw IP link types: DLT_RAW (12 on most systems, 14 on OpenBSD, LINKTYPE_RAW 101 in files),
// DLT_IPV4 (228) and DLT_IPV6 (229). There is no link header at all.
//
// Decision: like node_pcap, PcapPacket.payload is the IP layer itself (so code written for
// node_pcap's `packet.payload.saddr` on RAW captures keeps working, and there is no empty
// layer to step over). On DLT_RAW and DLT_IPV4 the version nibble picks IPv4 or IPv6
// (LINKTYPE_IPV4 files carrying IPv6 exist; tshark reads them as IPv6 too). DLT_IPV6 is always
// IPv6: a packet with another version is a bad IPv6 header, as both tcpdump ("version 4 != 6")
// and tshark decode it. Any nibble other than 4 or 6 goes to the IP version the link type
// declares, whose decoder reports the bad version; DLT_RAW declares nothing, so see below.
//
// RawIpPacket below is only a carrier: its decode() returns the IP layer it built. When there is
// nothing to decode (empty packet, a version that is neither 4 nor 6, or no IP decoder
// registered) it returns itself, with `version` (the nibble, or undefined) and an error for the
// first two cases, so PcapPacket.payload is never null for a RAW packet.

const { defineLayer, markError } = require('../layer');
const { tables } = require('../registry');

/** Raw IP carrier (decoderName 'raw'); see the note above: normally replaced by the IP layer. */
class RawIpPacket {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes buf[offset, end) as IPv4 or IPv6 (by the version nibble, or as the link type declares) and
   * returns that IP layer, not this carrier; returns this (with `error` for an empty packet or an
   * unknown version) when there is nothing to decode. Never throws.
   * @returns {object} the IPv4/IPv6 layer, or this
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset >= end) return markError(this, ctx, 'empty packet', offset, 1, 0);
    const v = buf[offset] >> 4;
    const type = this._onlyDeclared ? this._declared : v === 4 ? 0x0800 : v === 6 ? 0x86dd : this._declared;
    if (type === 0) return markError(this, ctx, 'not IPv4 or IPv6', offset, 1, end - offset, false);
    const Class = tables.ethertype.get(type);
    if (Class === undefined) return this;
    // The caller (decodeWith) emits the event for the layer returned here, so it is not
    // decoded through decodeNext (which would emit it a second time).
    return new Class().decode(buf, offset, end, ctx);
  }

  /** IP version nibble of the first byte. */
  get version() {
    return this._o < this._end ? this._b[this._o] >> 4 : undefined;
  }

  /** One line: 'raw ip version N', or 'raw [empty]'. */
  toString() {
    const v = this.version;
    return v === undefined ? 'raw [empty]' : 'raw ip version ' + v;
  }
}
defineLayer(RawIpPacket, { name: 'raw', fields: ['version'] });
// DLT_RAW declares no protocol: another nibble is an error here
RawIpPacket.prototype._declared = 0;
RawIpPacket.prototype._onlyDeclared = false;

/** DLT_IPV4: a version nibble other than 4 or 6 still goes to IPv4, which reports the bad version. */
class RawIpv4Packet extends RawIpPacket {}
defineLayer(RawIpv4Packet, { name: 'raw', fields: ['version'] });
RawIpv4Packet.prototype._declared = 0x0800;

/** DLT_IPV6: always IPv6, which reports a version other than 6. */
class RawIpv6Packet extends RawIpPacket {}
defineLayer(RawIpv6Packet, { name: 'raw', fields: ['version'] });
RawIpv6Packet.prototype._declared = 0x86dd;
RawIpv6Packet.prototype._onlyDeclared = true;

module.exports = { RawIpPacket, RawIpv4Packet, RawIpv6Packet };
