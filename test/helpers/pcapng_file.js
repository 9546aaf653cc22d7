'use strict';
// Builds pcapng files block by block (pcapng spec, draft-ietf-opsawg-pcapng), for tests that need
// layouts no capture tool writes on demand: interfaces of several link types, time stamp options,
// simple packet blocks, either byte order.

function pad4(n) {
  return (n + 3) & ~3;
}

class PcapngBuilder {
  /** @param {{bigEndian?: boolean}} [opts] */
  constructor(opts = {}) {
    this.be = !!opts.bigEndian;
    this.blocks = [];
  }

  _u16(b, v, o) {
    if (this.be) b.writeUInt16BE(v, o);
    else b.writeUInt16LE(v, o);
  }

  _u32(b, v, o) {
    if (this.be) b.writeUInt32BE(v >>> 0, o);
    else b.writeUInt32LE(v >>> 0, o);
  }

  _block(type, body) {
    const total = 12 + pad4(body.length);
    const b = Buffer.alloc(total);
    this._u32(b, type, 0);
    this._u32(b, total, 4);
    body.copy(b, 8);
    this._u32(b, total, total - 4);
    this.blocks.push(b);
    return this;
  }

  // options: [[code, Buffer]], ended by opt_endofopt
  _options(list) {
    if (list.length === 0) return Buffer.alloc(0);
    const parts = [];
    for (const [code, value] of list) {
      const h = Buffer.alloc(4);
      this._u16(h, code, 0);
      this._u16(h, value.length, 2);
      parts.push(h, value, Buffer.alloc(pad4(value.length) - value.length));
    }
    parts.push(Buffer.alloc(4));
    return Buffer.concat(parts);
  }

  /** Section Header Block (version 1.0 unless `major` says otherwise). */
  section(major = 1) {
    const body = Buffer.alloc(16);
    this._u32(body, 0x1a2b3c4d, 0);
    this._u16(body, major, 4);
    this._u16(body, 0, 6);
    body.writeInt32LE(-1, 8); // section length unknown
    body.writeInt32LE(-1, 12);
    return this._block(0x0a0d0d0a, body);
  }

  /**
   * Interface Description Block.
   * @param {number} linktype LINKTYPE_ value
   * @param {number} snaplen
   * @param {{tsresol?: number, tsoffset?: number}} [opts] if_tsresol byte; if_tsoffset seconds
   */
  iface(linktype, snaplen, opts = {}) {
    const fixed = Buffer.alloc(8);
    this._u16(fixed, linktype, 0);
    this._u32(fixed, snaplen, 4);
    const options = [];
    if (opts.tsresol !== undefined) options.push([9, Buffer.from([opts.tsresol])]);
    if (opts.tsoffset !== undefined) {
      const v = Buffer.alloc(8);
      if (this.be) v.writeBigInt64BE(BigInt(opts.tsoffset));
      else v.writeBigInt64LE(BigInt(opts.tsoffset));
      options.push([14, v]);
    }
    return this._block(1, Buffer.concat([fixed, this._options(options)]));
  }

  /**
   * Enhanced Packet Block. `ts` is the 64-bit count in the interface's resolution (a BigInt).
   * @param {number} ifIndex
   * @param {bigint} ts
   * @param {Buffer} data captured bytes
   * @param {number} [len] original length (default: data.length)
   */
  packet(ifIndex, ts, data, len = data.length) {
    const fixed = Buffer.alloc(20);
    this._u32(fixed, ifIndex, 0);
    this._u32(fixed, Number(ts >> 32n), 4);
    this._u32(fixed, Number(ts & 0xffffffffn), 8);
    this._u32(fixed, data.length, 12);
    this._u32(fixed, len, 16);
    return this._block(6, Buffer.concat([fixed, data]));
  }

  /** Simple Packet Block: first interface, no time stamp. */
  simplePacket(data, len = data.length) {
    const fixed = Buffer.alloc(4);
    this._u32(fixed, len, 0);
    return this._block(3, Buffer.concat([fixed, data]));
  }

  /** A block type readers skip (a custom block that may not be copied). */
  custom() {
    return this._block(0x40000bad, Buffer.alloc(8, 0x55));
  }

  toBuffer() {
    return Buffer.concat(this.blocks);
  }
}

module.exports = { PcapngBuilder };
