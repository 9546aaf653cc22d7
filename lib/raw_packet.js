'use strict';
// The object a session hands to 'packet' listeners. Packets arrive from the native core in
// batches: one fresh Buffer holds many records, each a 24-byte header followed by the packet bytes
// (see src/batch.h). A RawPacket is a small view onto one record; `buf` and `header` are created
// when first read, so a listener that only counts or filters pays for neither.

/** Record header layout, all little-endian. Keep in step with src/batch.h. */
const REC = {
  TS_SEC_LO: 0,
  TS_USEC: 4,
  CAPLEN: 8,
  LEN: 12,
  TS_SEC_HI: 16,
  TS_NSEC: 20,
  SIZE: 24,
};

class RawPacket {
  /**
   * @param {Buffer} batch the batch buffer
   * @param {number} rec offset of this packet's record in `batch`
   * @param {string} linkType node_pcap link type name, e.g. 'LINKTYPE_ETHERNET'
   */
  constructor(batch, rec, linkType) {
    this._batch = batch;
    this._rec = rec;
    this._buf = undefined;
    this.link_type = linkType;
  }

  /** The captured bytes, exactly caplen long. A view into the batch: valid as long as you keep it. */
  get buf() {
    if (this._buf === undefined) {
      const start = this._rec + REC.SIZE;
      this._buf = this._batch.subarray(start, start + this.caplen);
    }
    return this._buf;
  }

  set buf(value) {
    this._buf = value;
  }

  /** node_pcap's 16-byte header: tv_sec, tv_usec, caplen, len as 32-bit little-endian words. */
  get header() {
    return this._batch.subarray(this._rec, this._rec + 16);
  }

  /** Bytes captured. */
  get caplen() {
    return this._batch.readUInt32LE(this._rec + REC.CAPLEN);
  }

  /** Bytes on the wire. */
  get len() {
    return this._batch.readUInt32LE(this._rec + REC.LEN);
  }

  /** Whole seconds since the epoch, full 64-bit range (exact up to 2^53). */
  get ts_sec() {
    return this._batch.readUInt32LE(this._rec + REC.TS_SEC_HI) * 0x100000000 + this._batch.readUInt32LE(this._rec + REC.TS_SEC_LO);
  }

  /** Microseconds within the second. */
  get ts_usec() {
    return this._batch.readUInt32LE(this._rec + REC.TS_USEC);
  }

  /** Nanoseconds within the second (exact on a 'nano' precision session, usec * 1000 otherwise). */
  get ts_nsec() {
    return this._batch.readUInt32LE(this._rec + REC.TS_NSEC);
  }

  /** Where the packet bytes start in the batch buffer (for decoders that avoid making `buf`). */
  get _dataOffset() {
    return this._rec + REC.SIZE;
  }
}

module.exports = { RawPacket, REC };
