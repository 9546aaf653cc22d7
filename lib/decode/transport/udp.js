'use strict';
// UDP (RFC 768). decode() narrows the layer to the UDP length when that length is sane and
// dispatches the payload by port (DNS 53, mDNS 5353, LLMNR 5355, or `decodeAs`).

const { u16 } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { appDecoderFor, appDispatch, decodeWith, ipPayload, wireEnd, DECLINED } = require('../registry');

/**
 * A UDP datagram header. Fields are getters over the packet bytes (`undefined` when not captured);
 * `payload` is the application layer or null.
 */
class UDP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0; // end of the datagram: the UDP length when sane, else what the IP layer gave
  }

  /**
   * @param {Buffer} buf
   * @param {number} offset first byte of the UDP header
   * @param {number} end one past the last captured byte of the IP payload
   * @param {object} [ctx] decode context (PcapPacket)
   * @returns {UDP}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 8 > end) return markError(this, ctx, 'header truncated', offset, 8, end - offset);
    const len = (buf[offset + 4] << 8) | buf[offset + 5];
    // 0 is legal for IPv6 jumbograms (RFC 2675): keep the IP layer's end then
    if (len !== 0 && len < 8) return markError(this, ctx, 'bad length', offset + 4, 8, len, false);
    if (len >= 8 && offset + len < end) this._end = offset + len; // drop link-layer padding / trailers
    // The snap length cut the datagram (its IP packet goes on past the capture too, so the UDP
    // length is not just wrong): dataLength tells its real size, as TCP's does.
    if (len >= 8 && offset + len > end && ipPayload.end > end) {
      const e = wireEnd(Math.min(offset + len, ipPayload.end), end, ctx);
      if (e > end) this._wireEnd = e; // own property only on cut datagrams: rare
    } else if (len > 8 && offset + len > end && ipPayload.end !== 0 && !ipPayload.notWhole) {
      // the IP packet is all here and ends before the length says: malformed (tshark "Bad length
      // value"); what is there is still decoded
      markError(this, ctx, 'bad length', offset + 4, len, end - offset, false);
    }
    if (this._end > offset + 8) {
      const Class = appDecoderFor('udpPort', (buf[offset] << 8) | buf[offset + 1], (buf[offset + 2] << 8) | buf[offset + 3], ctx);
      if (Class !== undefined && Class !== DECLINED) this.payload = decodeWith(Class, buf, offset + 8, this._end, ctx);
      appDispatch.toServer = undefined; // said for this datagram's decoder only
    }
    return this;
  }

  /** Source port. */
  get sport() { return u16(this._b, this._o, this._end); }
  /** Destination port. */
  get dport() { return u16(this._b, this._o + 2, this._end); }
  /** The length field as written (header + data). */
  get length() { return u16(this._b, this._o + 4, this._end); }
  /** The checksum as written (not verified; 0 over IPv4: none was computed). */
  get checksum() { return u16(this._b, this._o + 6, this._end); }

  /** Payload bytes in this datagram, also those the capture cut off (`data` has the captured ones). */
  get dataLength() {
    if (this._o + 8 > this._end) return undefined;
    const len = this.length;
    if (len !== 0 && len < 8) return undefined;
    return (this._wireEnd !== undefined ? this._wireEnd : this._end) - this._o - 8;
  }

  /** The payload as a Buffer view into the packet (no copy), or null when empty. */
  get data() {
    const n = this._o + 8 <= this._end ? this._end - this._o - 8 : 0;
    if (!n || this.dataLength === undefined) return null;
    const b = this._b;
    const start = this._o + 8;
    return Buffer.isBuffer(b) ? b.subarray(start, this._end) : Buffer.from(b.buffer, b.byteOffset + start, n);
  }

  /** `sport -> dport len N` (payload length) and the payload's line. */
  toString() {
    const q = (v) => (v === undefined ? '?' : v);
    let s = `${q(this.sport)} -> ${q(this.dport)} len ${q(this.dataLength)}`;
    if (this.error) s += ` [${this.error.reason}]`;
    if (this.payload) s += ' ' + this.payload.toString();
    return s;
  }
}
defineLayer(UDP, { name: 'udp', fields: ['sport', 'dport', 'length', 'checksum', 'dataLength'] });
UDP.prototype._wireEnd = undefined; // see decode()

UDP.prototype.payload = null;
module.exports = { UDP };
