'use strict';
// Ethernet II and IEEE 802.3 frames, with any stack of 802.1Q / 802.1ad / 0x9100 VLAN tags.
//
// Fields (node_pcap 3.x names):
//   dhost, shost  MAC addresses as 'aa:bb:cc:dd:ee:ff'
//   ethertype     the header's own type/length field, like tshark's eth.type: 0x8100 (or 0x88a8,
//                 0x9100) when tagged; for an 802.3 frame it is the length value
//   vlan          null when untagged, a Vlan for one tag, an array of Vlan (outermost first)
//                 for stacked tags
//   length        802.3 only (type/length <= 1500, after any tags): the payload length
//   llc           802.3 only: the LLC layer (the same object as payload)
//   payload       the layer for the innermost type (ethertype table), or null
//
// Values 1501-1535 are neither a length nor a registered type; like tshark we treat them as a
// type (nothing is registered for them, so payload is null).

const { u16 } = require('../bytes');
const { formatMac, EthernetAddr, asAddress } = require('../addr');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { decodeEthertype } = require('../registry');
const { Vlan } = require('./vlan');
const { hex4 } = require('./fmt');

/** Stacked tags beyond this many are treated as malformed (real QinQ uses 2, rarely 3). */
const MAX_TAGS = 8;

/** Largest 802.3 length value; above it the field is an ethertype. */
const MAX_8023_LEN = 1500;

/** 802.3 payload without LLC ("Novell raw", starts 0xffff): Linux's ETH_P_802_3 key. */
const KEY_8023_RAW = 0x0001;
/** 802.3 payload with an 802.2 LLC header: Linux's ETH_P_802_2 key (link/index.js maps it to Llc). */
const KEY_8022_LLC = 0x0004;

function isTpid(t) {
  return t === 0x8100 || t === 0x88a8 || t === 0x9100;
}

/** An Ethernet frame (DLT_EN10MB). */
class EthernetPacket {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null; // vlan: on the prototype (null) unless the frame is tagged
  }

  /**
   * Decodes the header at buf[offset, end), any VLAN tags (see `vlan`) and the layer they carry (`ctx`
   * is the PcapPacket). Never throws: a short frame sets `error`.
   * @returns {this}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 14 > end) return markError(this, ctx, 'ethernet header truncated', offset, 14, end - offset);
    const type = (buf[offset + 12] << 8) | buf[offset + 13];
    if (type > MAX_8023_LEN) {
      if (isTpid(type)) return this._tagged(buf, offset + 14, end, ctx, type);
      this.payload = decodeEthertype(type, buf, offset + 14, end, ctx, this);
      return this;
    }
    return this._ieee8023(buf, offset + 14, end, ctx, type);
  }

  /** Walks the VLAN tags from `p`; the type after the last one picks the payload decoder. */
  _tagged(buf, p, end, ctx, tpid) {
    let first = null;
    let list = null;
    for (let n = 0; ; n++) {
      if (p + 4 > end) {
        this.vlan = list !== null ? list : first;
        return markError(this, ctx, 'vlan tag truncated', p, 4, end - p);
      }
      const tag = new Vlan()._set(buf, p, end, tpid);
      if (first === null) first = tag;
      else if (list === null) list = [first, tag];
      else list.push(tag);
      const inner = (buf[p + 2] << 8) | buf[p + 3];
      p += 4;
      if (!isTpid(inner)) {
        this.vlan = list !== null ? list : first;
        if (inner > MAX_8023_LEN) this.payload = decodeEthertype(inner, buf, p, end, ctx, this);
        else this._ieee8023(buf, p, end, ctx, inner);
        return this;
      }
      if (n + 1 >= MAX_TAGS) {
        this.vlan = list !== null ? list : first;
        return markError(this, ctx, 'too many vlan tags', p, 0, end - p, false);
      }
      tpid = inner;
    }
  }

  /** 802.3: the length field bounds the payload (the rest is padding); LLC unless Novell raw. */
  _ieee8023(buf, p, end, ctx, length) {
    const stop = p + length < end ? p + length : end;
    const key = p + 2 <= stop && buf[p] === 0xff && buf[p + 1] === 0xff ? KEY_8023_RAW : KEY_8022_LLC;
    this.payload = decodeEthertype(key, buf, p, stop, ctx, this);
    return this;
  }

  /** Destination MAC address. */
  get dhost() {
    return asAddress(EthernetAddr, this._dstText());
  }

  /** Source MAC address. */
  get shost() {
    return asAddress(EthernetAddr, this._srcText());
  }

  /** shost's and dhost's text, without the address object (for printers and trackers). */
  _srcText() {
    return this._o + 12 <= this._end ? formatMac(this._b, this._o + 6) : undefined;
  }

  _dstText() {
    return this._o + 6 <= this._end ? formatMac(this._b, this._o) : undefined;
  }

  /** The header's type/length field (0x8100 on a tagged frame), undefined when not captured. */
  get ethertype() {
    return u16(this._b, this._o + 12, this._end);
  }

  /** The type after the last VLAN tag (the ethertype itself when untagged). */
  _innerType() {
    const v = this.vlan;
    if (v === null) return this.ethertype;
    return Array.isArray(v) ? v[v.length - 1].ethertype : v.ethertype;
  }

  /** 802.3 length field (undefined for Ethernet II). */
  get length() {
    const t = this._innerType();
    return t !== undefined && t <= MAX_8023_LEN ? t : undefined;
  }

  /** The 802.2 LLC layer of an 802.3 frame. */
  get llc() {
    const p = this.payload;
    return p !== null && p.decoderName === 'llc' ? p : undefined;
  }

  /** One line: 'shost -> dhost', any VLAN ids, then the payload's text (or 802.3 length / ethertype). */
  toString() {
    let s = (this.shost || '?') + ' -> ' + (this.dhost || '?');
    const v = this.vlan;
    if (v !== null) {
      if (Array.isArray(v)) {
        s += ' vlan ';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + v[i].id;
      } else {
        s += ' vlan ' + v.id;
      }
    }
    if (this.payload !== null) return s + ' ' + this.payload;
    const len = this.length;
    if (len !== undefined) return s + ' 802.3 length ' + len;
    const t = this._innerType();
    if (t !== undefined) return s + ' ethertype ' + hex4(t);
    return s + (this.truncated ? ' [truncated]' : '');
  }
}
EthernetPacket.prototype.vlan = null;

// node_pcap 3.x's decoderName (its Ethernet layer emitted no event; this one does, under that name)
defineLayer(EthernetPacket, { name: 'ethernet-packet', fields: ['dhost', 'shost', 'ethertype', 'vlan', 'length'] });

module.exports = { EthernetPacket, MAX_TAGS };
