'use strict';
// Linux "cooked" capture header, version 2 (DLT_LINUX_SLL2, 276), written by libpcap >= 1.10 for
// `-i any`. 20 bytes, in a different order from v1: protocol (2), reserved (2), interface index
// (4), ARPHRD_ address type (2), packet type (1), address length (1), 8 address bytes.
//
// Fields: the SLL v1 names (see sll.js: packet_type, address_type, address_len, address,
// ethertype = the protocol field) plus interface_index (the ifindex the packet was seen on)
// and reserved (must be zero).

const { u8, u16, u32 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { decodeCooked, cookedAddress, cookedString } = require('./sll');

/** Linux cooked capture v2 header (decoderName 'sll2'). */
class SLL2Packet {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the 20-byte header at buf[offset, end) and the layer after it (`ctx` is the PcapPacket).
   * Never throws: a short header sets `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 20 > end) return markError(this, ctx, 'sll2 header truncated', offset, 20, end - offset);
    const protocol = (buf[offset] << 8) | buf[offset + 1];
    const addressType = (buf[offset + 8] << 8) | buf[offset + 9];
    this.payload = decodeCooked(addressType, protocol, buf, offset + 20, end, ctx);
    return this;
  }

  /** The protocol field: an ethertype, or a Linux ETH_P_ value below 0x0600 (4: 802.2 LLC). */
  get ethertype() {
    return u16(this._b, this._o, this._end);
  }

  /** The reserved field (zero). */
  get reserved() {
    return u16(this._b, this._o + 2, this._end);
  }

  /** Index of the interface the packet was seen on (ifindex). */
  get interface_index() {
    return u32(this._b, this._o + 4, this._end);
  }

  /** ARPHRD_ address type (1 Ethernet, 772 loopback, 803 radiotap, 824 netlink). */
  get address_type() {
    return u16(this._b, this._o + 8, this._end);
  }

  /** Packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. */
  get packet_type() {
    return u8(this._b, this._o + 10, this._end);
  }

  /** The link-layer address length as written (may exceed the 8 bytes the header holds). */
  get address_len() {
    return u8(this._b, this._o + 11, this._end);
  }

  /** The first min(address_len, 8) address bytes; undefined when address_len is 0 or not captured. */
  get address() {
    return cookedAddress(this._b, this._o + 12, this.address_len, this._end);
  }

  /** One line: 'ifindex N', packet type, address, then the payload's text (or the ethertype). */
  toString() {
    const i = this.interface_index;
    return (i === undefined ? '' : 'ifindex ' + i + ' ') + cookedString(this);
  }
}
defineLayer(SLL2Packet, { name: 'sll2', fields: ['packet_type', 'address_type', 'address_len', 'address', 'ethertype', 'interface_index'] });

module.exports = { SLL2Packet };
