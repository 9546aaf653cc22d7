'use strict';
// TCP (RFC 9293). Hot path: decode() reads the data offset, and the ports only when there is a
// payload to dispatch; every other field is a getter over the header bytes, and flags, options and
// data are built when read.

const { u8, u16, u32 } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { appDecoderFor, decodeWith, ipPayload, wireEnd, appDispatch, DECLINED, tcpHeuristicFor } = require('../registry');
const { parseTcpOptions, timestampValue } = require('./tcp_options');

/** node_pcap's TCP flags object (booleans), built on access. */
class TcpFlags {
  constructor(v) {
    this.nonce = (v & 0x100) !== 0; // the AE (formerly NS) bit
    this.cwr = (v & 0x80) !== 0;
    this.ece = (v & 0x40) !== 0;
    this.urg = (v & 0x20) !== 0;
    this.ack = (v & 0x10) !== 0;
    this.psh = (v & 0x08) !== 0;
    this.rst = (v & 0x04) !== 0;
    this.syn = (v & 0x02) !== 0;
    this.fin = (v & 0x01) !== 0;
  }

  /** Set flags in tcpdump's order, comma separated, e.g. `ack,psh`. */
  toString() {
    let s = '';
    if (this.cwr) s += ',cwr';
    if (this.ece) s += ',ece';
    if (this.urg) s += ',urg';
    if (this.ack) s += ',ack';
    if (this.psh) s += ',psh';
    if (this.rst) s += ',rst';
    if (this.syn) s += ',syn';
    if (this.fin) s += ',fin';
    if (this.nonce) s += ',ae';
    return s.slice(1);
  }
}

/**
 * A TCP segment header. Fields are read from the packet bytes when accessed; a field that was not
 * captured reads `undefined`. `payload` is the application layer (DNS on port 53, or what
 * `decodeAs` chose) or null.
 */
class TCP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0; // end of this segment: the IP payload end, bounded by the captured bytes
  }

  /**
   * @param {Buffer} buf
   * @param {number} offset first byte of the TCP header
   * @param {number} end one past the last byte of the IP payload that was captured
   * @param {object} [ctx] decode context (PcapPacket)
   * @returns {TCP}
   */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    // The IP layer leaves where its payload ends per its length field (registry.ipPayload); past
    // `end` when the snap length cut the segment, so dataLength can still tell the segment's real
    // size. A frame that was shorter on the wire than its IP length claims ends where it ended.
    if (ipPayload.end > end) {
      const e = wireEnd(ipPayload.end, end, ctx);
      if (e > end) this._wireEnd = e; // own property only on cut segments: rare
    }
    if (offset + 20 > end) return markError(this, ctx, 'header truncated', offset, 20, end - offset);
    const hl = (buf[offset + 12] >> 4) << 2;
    if (hl < 20) return markError(this, ctx, 'bad data offset', offset + 12, 20, hl, false);
    const dataStart = offset + hl;
    if (dataStart > end) return markError(this, ctx, 'options truncated', offset, hl, end - offset);
    if (dataStart < end) {
      let Class = appDecoderFor('tcpPort', (buf[offset] << 8) | buf[offset + 1], (buf[offset + 2] << 8) | buf[offset + 3], ctx);
      // no port named one: bytes only one protocol starts with (a TLS hello on any port)
      if (Class === undefined) Class = tcpHeuristicFor(buf, dataStart, end);
      else if (Class === DECLINED) Class = undefined;
      // a decoder with a static accepts() looks at the bytes first (TLS: a record header)
      if (Class !== undefined && (Class.accepts === undefined || Class.accepts(buf, dataStart, end))) {
        this.payload = decodeApp(Class, buf, dataStart, end, ctx);
      }
      appDispatch.toServer = undefined; // said for this segment's decoder only
    }
    return this;
  }

  /** Source port. */
  get sport() { return u16(this._b, this._o, this._end); }
  /** Destination port. */
  get dport() { return u16(this._b, this._o + 2, this._end); }
  /** Sequence number (absolute, unsigned 32-bit). */
  get seqno() { return u32(this._b, this._o + 4, this._end); }
  /** Acknowledgment number (absolute, unsigned 32-bit; meaningful when flags.ack is set). */
  get ackno() { return u32(this._b, this._o + 8, this._end); }

  /** Header length in bytes (data offset * 4), as written, even when it is malformed (< 20). */
  get headerLength() {
    const v = u8(this._b, this._o + 12, this._end);
    return v === undefined ? undefined : (v >> 4) << 2;
  }

  /** The 12 flag bits (reserved bits 9..11, AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN) as a number. */
  get flagsValue() {
    const v = u16(this._b, this._o + 12, this._end);
    return v === undefined ? undefined : v & 0x0fff;
  }

  /** `{nonce, cwr, ece, urg, ack, psh, rst, syn, fin}`, a new object on each read. */
  get flags() {
    const v = this.flagsValue;
    return v === undefined ? undefined : new TcpFlags(v);
  }

  /** The window field as written, not scaled by the window-scale option. */
  get windowSize() { return u16(this._b, this._o + 14, this._end); }
  /** The checksum as written (not verified). */
  get checksum() { return u16(this._b, this._o + 16, this._end); }
  /** Urgent pointer (meaningful when flags.urg is set). */
  get urgentPointer() { return u16(this._b, this._o + 18, this._end); }

  /**
   * The options (see TcpOptions: node_pcap's `mss`, `window_scale`, `sack_ok`, `sack`, `timestamp`,
   * `echo`, plus `list` of every option). Parsed on first read and kept.
   */
  get options() {
    const hl = this.headerLength;
    let opts;
    if (hl === undefined || this._o + 20 > this._end) opts = undefined;
    else {
      const headerEnd = this._o + (hl < 20 ? 20 : hl);
      opts = parseTcpOptions(this._b, this._o + 20, headerEnd < this._end ? headerEnd : this._end, headerEnd);
    }
    Object.defineProperty(this, 'options', { value: opts, writable: true, configurable: true, enumerable: false });
    return opts;
  }

  /** The timestamp option's TSval without parsing the other options (for the tracker), or -1. */
  _tsval() {
    const hl = this.headerLength;
    if (hl === undefined || hl <= 20) return -1;
    const headerEnd = this._o + hl;
    return timestampValue(this._b, this._o + 20, headerEnd < this._end ? headerEnd : this._end);
  }

  /**
   * Bytes of payload in this segment per the IP length (tshark's tcp.len), even when the capture
   * cut the segment short; `data` holds only what was captured. With an IP length of 0 (TSO/GSO
   * frames) it is what was captured.
   */
  get dataLength() {
    const start = this._dataStart();
    if (start === -1) return undefined;
    const payloadStart = this._o + ((this._b[this._o + 12] >> 4) << 2);
    const wireEnd = this._wireEnd > this._end ? this._wireEnd : this._end;
    return wireEnd > payloadStart ? wireEnd - payloadStart : 0;
  }

  /** The payload as a Buffer view into the packet (no copy), or null when there is none. */
  get data() {
    const start = this._dataStart();
    if (start < 0 || start >= this._end) return null;
    const b = this._b;
    return Buffer.isBuffer(b) ? b.subarray(start, this._end) : Buffer.from(b.buffer, b.byteOffset + start, this._end - start);
  }

  // -1: header not captured or malformed; -2: header cut short (no payload captured)
  _dataStart() {
    if (this._o + 20 > this._end) return -1;
    const hl = (this._b[this._o + 12] >> 4) << 2;
    if (hl < 20) return -1;
    return this._o + hl > this._end ? -2 : this._o + hl;
  }

  /** `sport -> dport [flags] seq N ack N win N len N` and the payload's line. */
  toString() {
    const q = (v) => (v === undefined ? '?' : v);
    const f = this.flags;
    let s = `${q(this.sport)} -> ${q(this.dport)} [${f === undefined ? '?' : f.toString()}] seq ${q(this.seqno)} ack ${q(this.ackno)} win ${q(this.windowSize)} len ${q(this.dataLength)}`;
    if (this.error) s += ` [${this.error.reason}]`;
    if (this.payload) s += ' ' + this.payload.toString();
    return s;
  }
}
TCP.prototype._wireEnd = 0; // where a cut segment ends per the IP length (set on such segments only)

defineLayer(TCP, {
  name: 'tcp',
  fields: ['sport', 'dport', 'seqno', 'ackno', 'headerLength', 'flags', 'windowSize', 'checksum', 'urgentPointer', 'options', 'dataLength'],
});

/**
 * Application layers that frame themselves differently on a byte stream (DNS's 2-byte length
 * prefix) provide decodeStream(); the rest decode the segment payload as is.
 */
function decodeApp(Class, buf, start, end, ctx) {
  if (typeof Class.prototype.decodeStream !== 'function') return decodeWith(Class, buf, start, end, ctx);
  const layer = new Class().decodeStream(buf, start, end, ctx);
  if (ctx !== undefined && ctx.emitter && layer.eventsOnDecode) ctx.emitter.emit(layer.decoderName, layer);
  return layer;
}

TCP.prototype.payload = null;
module.exports = { TCP, TcpFlags };
