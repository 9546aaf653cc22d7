'use strict';
// Linux "cooked" capture header, version 1 (DLT_LINUX_SLL, 113): what `tcpdump -i any` wrote
// before libpcap 1.10. 16 bytes: packet type, ARPHRD_ address type, address length, 8 address
// bytes, protocol.
//
// Fields (node_pcap 3.x SLLPacket names):
//   packet_type    0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us
//   address_type   ARPHRD_ value (1 Ethernet, 772 loopback, 778 IP GRE, 803 radiotap, 824 netlink)
//   address_len    the link-layer address length as written (may exceed 8)
//   address        the first min(address_len, 8) address bytes as 'aa:bb:...' text; undefined
//                  when address_len is 0 (unlike node_pcap, the last byte is not lost)
//   ethertype      the protocol field: an ethertype, or a Linux ETH_P_ value below 0x0600
//                  (0x0001 Novell 802.3, 0x0004 802.2 LLC, 0x000c CAN, ...)
//   payload        decoded by the ethertype table (0x0004 -> LLC); radiotap when the address
//                  type is 803; nothing for netlink

const { u16 } = require('../bytes');
const { formatMac, SLLAddr } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype, decodeLinkType } = require('../registry');
const { hex4 } = require('./fmt');

const ARPHRD_IEEE80211_RADIOTAP = 803;
const ARPHRD_NETLINK = 824;

const PACKET_TYPES = ['recv_us', 'broadcast', 'multicast', 'remote_remote', 'sent_us'];

/** The layer after a cooked header: chosen by protocol, except for the address types that
 * reuse the protocol field for something else. Shared with sll2.js. */
function decodeCooked(addressType, protocol, buf, offset, end, ctx) {
  if (addressType === ARPHRD_NETLINK) return null; // protocol is a netlink family
  if (addressType === ARPHRD_IEEE80211_RADIOTAP) return decodeLinkType(127, buf, offset, end, ctx);
  return decodeEthertype(protocol, buf, offset, end, ctx);
}

/** Address text of a cooked header whose address bytes start at `o`. */
function cookedAddress(b, o, len, end) {
  if (len === undefined || len === 0) return undefined;
  if (len > 8) len = 8;
  return o + len <= end ? new SLLAddr(formatMac(b, o, len)) : undefined;
}

/** One-line text shared by SLL and SLL2. */
function cookedString(layer) {
  const t = layer.packet_type;
  let s = t === undefined ? 'sll' : PACKET_TYPES[t] || 'type ' + t;
  const a = layer.address;
  if (a !== undefined) s += ' ' + a;
  if (layer.payload !== null) return s + ' ' + layer.payload;
  const p = layer.ethertype;
  if (p !== undefined) return s + ' ethertype ' + hex4(p);
  return s + ' [truncated]';
}

/** Linux cooked capture v1 header (decoderName 'sll-packet'). */
class SLLPacket {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the 16-byte header at buf[offset, end) and the layer after it (`ctx` is the PcapPacket).
   * Never throws: a short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 16 > end) return markError(this, ctx, 'sll header truncated', offset, 16, end - offset);
    const addressType = (buf[offset + 2] << 8) | buf[offset + 3];
    const protocol = (buf[offset + 14] << 8) | buf[offset + 15];
    this.payload = decodeCooked(addressType, protocol, buf, offset + 16, end, ctx);
    return this;
  }

  /** Packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. */
  get packet_type() {
    return u16(this._b, this._o, this._end);
  }

  /** ARPHRD_ address type (1 Ethernet, 772 loopback, 803 radiotap, 824 netlink). */
  get address_type() {
    return u16(this._b, this._o + 2, this._end);
  }

  /** The link-layer address length as written (may exceed the 8 bytes the header holds). */
  get address_len() {
    return u16(this._b, this._o + 4, this._end);
  }

  /** The first min(address_len, 8) address bytes; undefined when address_len is 0 or not captured. */
  get address() {
    return cookedAddress(this._b, this._o + 6, this.address_len, this._end);
  }

  /** The protocol field: an ethertype, or a Linux ETH_P_ value below 0x0600 (4: 802.2 LLC). */
  get ethertype() {
    return u16(this._b, this._o + 14, this._end);
  }

  /** One line: packet type, address, then the payload's text (or the ethertype). */
  toString() {
    return cookedString(this);
  }
}
defineLayer(SLLPacket, { name: 'sll-packet', fields: ['packet_type', 'address_type', 'address_len', 'address', 'ethertype'] });

module.exports = { SLLPacket, decodeCooked, cookedAddress, cookedString, PACKET_TYPES };
