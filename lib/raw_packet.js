'use strict';
// The object a session hands to 'packet' listeners. Packets arrive from the native core in
// batches: one Buffer holds the packet bytes (memory that is not reused while anything refers to
// it; consecutive live batches are stretches of one shared block) and a Uint32Array indexes
// them, IDX.WORDS words per packet (see src/batch.h). A RawPacket is a small view onto one entry; `buf` is created when
// first read and `header` on each read, so a listener that only counts or filters pays for neither.

const util = require('util');
const { illegalConstructor } = require('./errors');

/** Index entry layout (32-bit words, host order). Keep in step with src/batch.h. */
const IDX = {
  OFFSET: 0,
  CAPLEN: 1,
  LEN: 2,
  SEC_LO: 3,
  SEC_HI: 4,
  USEC: 5,
  NSEC: 6,
  INTERFACE: 7,
  WORDS: 8,
};


/** One captured packet, as 'packet' listeners get it: a view onto one entry of a batch. */
class RawPacket {
  /**
   * @param {Buffer} data the batch's packet bytes
   * @param {Uint32Array} index the batch's index
   * @param {number} k where this packet's entry starts in `index`
   * @param {string} linkType node_pcap link type name, e.g. 'LINKTYPE_ETHERNET'
   */
  constructor(data, index, k, linkType) {
    // exported for instanceof only: one made by hand has no batch behind it, and every getter
    // (and decode, matches(), write()) would fail on it with an uncoded TypeError
    if (!(index instanceof Uint32Array)) throw illegalConstructor("RawPacket is not made with new: sessions make them ('packet' events); to decode, filter or write bytes you have, pass {buf, header, link_type}");
    this._data = data;
    this._index = index;
    this._k = k;
    this._buf = undefined;
    this.link_type = linkType;
  }

  /** The captured bytes, exactly caplen long. A view into the batch: valid as long as you keep it. */
  get buf() {
    if (this._buf === undefined) {
      const start = this._index[this._k];
      this._buf = this._data.subarray(start, start + this._index[this._k + IDX.CAPLEN]);
    }
    return this._buf;
  }

  set buf(value) {
    this._buf = value;
  }

  /** node_pcap's 16-byte header: tv_sec, tv_usec, caplen, len as 32-bit little-endian words (a copy). */
  get header() {
    const h = Buffer.allocUnsafe(16);
    const ix = this._index;
    const k = this._k;
    h.writeUInt32LE(ix[k + IDX.SEC_LO], 0);
    h.writeUInt32LE(ix[k + IDX.USEC], 4);
    h.writeUInt32LE(ix[k + IDX.CAPLEN], 8);
    h.writeUInt32LE(ix[k + IDX.LEN], 12);
    return h;
  }

  /** Bytes captured. */
  get caplen() {
    return this._index[this._k + IDX.CAPLEN];
  }

  /** Bytes on the wire. */
  get len() {
    return this._index[this._k + IDX.LEN];
  }

  /** Whole seconds since the epoch, signed 64-bit (exact up to 2^53; before 1970 only from pcapng). */
  get ts_sec() {
    // signed: a pcapng time stamp can lie before 1970
    return (this._index[this._k + IDX.SEC_HI] | 0) * 0x100000000 + this._index[this._k + IDX.SEC_LO];
  }

  /** Microseconds within the second. */
  get ts_usec() {
    return this._index[this._k + IDX.USEC];
  }

  /** Nanoseconds within the second (exact on a 'nano' precision session, usec * 1000 otherwise). */
  get ts_nsec() {
    return this._index[this._k + IDX.NSEC];
  }

  /**
   * The interface the packet came on: in a pcapng file, the interface id its block gives (an
   * index into its section's Interface Description Blocks, in the order they appear); 0 in a
   * pcap file and in a live capture.
   */
  get interface_id() {
    return this._index[this._k + IDX.INTERFACE];
  }

  /** Where the packet bytes start in the batch buffer (for decoders that avoid making `buf`). */
  get _dataOffset() {
    return this._index[this._k];
  }

  /**
   * node_pcap's {buf, header, link_type} and the fields this library adds: what JSON.stringify
   * shows (the batch behind a RawPacket is megabytes of other packets).
   */
  toJSON() {
    return { buf: this.buf, header: this.header, link_type: this.link_type, caplen: this.caplen, len: this.len, ts_sec: this.ts_sec, ts_usec: this.ts_usec, ts_nsec: this.ts_nsec, interface_id: this.interface_id };
  }

  /** util.inspect shows link_type, caplen, len, ts_sec, ts_usec and buf (not the batch behind them). */
  [util.inspect.custom](depth, options, inspect) {
    const shown = { link_type: this.link_type, caplen: this.caplen, len: this.len, ts_sec: this.ts_sec, ts_usec: this.ts_usec, buf: this.buf };
    return `RawPacket ${(inspect || util.inspect)(shown, { ...options, depth: options.depth === null ? null : options.depth - 1 })}`;
  }
}

module.exports = { RawPacket, IDX };
