'use strict';
// The root of a decoded packet: node_pcap's PcapPacket {link_type, pcap_header, payload}. It is
// also the decode context handed to every layer decoder (emitter, options, base).

const { defineLayer } = require('./layer');
const { decodeLinkType } = require('./registry');
const { linkTypeNumber } = require('../link_types');
const { RawPacket } = require('../raw_packet');

let packetLine;

// The last link-type name seen and its number: nearly every packet of a run has the same one.
let lastLinkType;
let lastDlt;
function dltOf(name) {
  if (name !== lastLinkType) {
    lastDlt = linkTypeNumber(name);
    lastLinkType = name;
  }
  return lastDlt;
}

/** node_pcap's {tv_sec, tv_usec, caplen, len}. */
class PcapHeader {
  /**
   * @param {number} tvSec seconds
   * @param {number} tvUsec microseconds
   * @param {number} caplen bytes captured
   * @param {number} len bytes on the wire
   */
  constructor(tvSec, tvUsec, caplen, len) {
    this.tv_sec = tvSec;
    this.tv_usec = tvUsec;
    this.caplen = caplen;
    this.len = len;
  }
}

/** The root of a decoded packet: node_pcap's PcapPacket {link_type, pcap_header, payload}. */
class PcapPacket {
  /**
   * @param {import('events').EventEmitter} [emitter] gets one event per decoded layer (node_pcap)
   * @param {object} [options] see decode.packet()
   */
  constructor(emitter, options) {
    this._raw = undefined;
    this.payload = null;
    // own properties only when given (the prototype says undefined): one object less to fill
    // on the hot path, where neither is used
    if (emitter) this.emitter = emitter;
    if (options) this.options = options;
  }

  /**
   * Decodes `raw` (a RawPacket from a session, or node_pcap's {buf, header, link_type}).
   * Never throws: a layer that cannot be decoded is null or carries `error`.
   */
  decode(raw) {
    this._raw = raw;
    if (raw === null || typeof raw !== 'object') return this;
    let buf;
    let start;
    let caplen;
    if (raw instanceof RawPacket) {
      buf = raw._data;
      if (!(buf instanceof Uint8Array)) return this; // not made by a session
      start = raw._dataOffset;
      caplen = raw.caplen;
    } else {
      buf = raw.buf;
      if (!(buf instanceof Uint8Array)) return this;
      start = 0;
      caplen = buf.length;
      const h = raw.header;
      if (h instanceof Uint8Array && h.length >= 12) {
        const c = h[8] | (h[9] << 8) | (h[10] << 16) | (h[11] * 0x1000000);
        if (c < caplen) caplen = c;
      }
    }
    const dlt = typeof raw.dlt === 'number' ? raw.dlt : dltOf(raw.link_type);
    this.payload = decodeLinkType(dlt, buf, start, start + caplen, this);
    return this;
  }

  /**
   * The raw packet's link type name ('LINKTYPE_ETHERNET', ...). Read from `raw` rather than copied
   * into an own property: one field less on an object made for every packet (the bench's
   * allocation row). Assigning it still works and makes an own property, as before.
   */
  get link_type() {
    const raw = this._raw;
    return raw !== null && typeof raw === 'object' ? raw.link_type : undefined;
  }

  set link_type(value) {
    Object.defineProperty(this, 'link_type', { value, writable: true, enumerable: true, configurable: true });
  }

  /** Offset of the packet's first byte in the buffer the layers read (for error offsets). */
  get base() {
    const raw = this._raw;
    return raw instanceof RawPacket ? raw._dataOffset : 0;
  }

  /** The packet's length on the wire (>= the captured length). */
  get wireLength() {
    const raw = this._raw;
    if (raw instanceof RawPacket) return raw.len;
    const h = raw && raw.header;
    if (h instanceof Uint8Array && h.length >= 16) return h[12] + h[13] * 0x100 + h[14] * 0x10000 + h[15] * 0x1000000;
    return raw && raw.buf ? raw.buf.length : 0;
  }

  /** node_pcap's {tv_sec, tv_usec, caplen, len}. */
  get pcap_header() {
    const raw = this._raw;
    if (raw instanceof RawPacket) return new PcapHeader(raw.ts_sec, raw.ts_usec, raw.caplen, raw.len);
    const h = raw && raw.header;
    if (!(h instanceof Uint8Array) || h.length < 16) return undefined;
    const rd = (o) => h[o] + h[o + 1] * 0x100 + h[o + 2] * 0x10000 + h[o + 3] * 0x1000000;
    return new PcapHeader(rd(0), rd(4), rd(8), rd(12));
  }

  /** simple_capture's one-line summary of the whole packet. */
  toString() {
    if (packetLine === undefined) packetLine = require('./print/summary').packetLine; // printing loads on first use
    return packetLine(this);
  }
}
PcapPacket.prototype.emitter = undefined;
PcapPacket.prototype.options = undefined;

defineLayer(PcapPacket, { name: 'pcap-packet', fields: ['link_type', 'pcap_header'], events: false });

module.exports = { PcapPacket, PcapHeader };
