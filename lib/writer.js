'use strict';
// Writes classic pcap files (microsecond or nanosecond) from captured packets, so a capture can
// be saved and read again by this library, tcpdump or Wireshark. Pure JS: the format is 24 bytes of
// file header and 16 bytes per record; records are gathered into chunks so that writing a busy
// capture costs one write(2) per chunk, not per packet.

const fs = require('fs');
const { argType, argValue } = require('./errors');
const { linkTypeNumber } = require('./link_types');

const CHUNK = 256 * 1024;

class PcapWriter {
  /**
   * @param {string} path file to create (truncated if it exists)
   * @param {{link_type?: string|number, snap_length?: number, timestamp_precision?: 'micro'|'nano'}} [options]
   */
  constructor(path, options = {}) {
    if (typeof path !== 'string' || path === '') throw argType('path', 'a non-empty string', path);
    const lt = options.link_type === undefined ? 1 : linkTypeNumber(options.link_type);
    if (lt === undefined) throw argValue('options.link_type', options.link_type, 'is not a link type name or number');
    this.path = path;
    this.nano = options.timestamp_precision === 'nano';
    this.snap_length = options.snap_length || 262144;
    this.link_type = lt;
    this.packets_written = 0;
    this._fd = fs.openSync(path, 'w');
    this._chunk = Buffer.allocUnsafe(CHUNK);
    this._used = 0;
    const h = Buffer.alloc(24);
    h.writeUInt32LE(this.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(this.snap_length, 16);
    h.writeUInt32LE(lt === 12 ? 101 : lt, 20); // DLT_RAW is stored as LINKTYPE_RAW
    fs.writeSync(this._fd, h);
  }

  /**
   * Appends one packet: a RawPacket from a session, or {buf, header} in node_pcap's layout.
   * @param {object} raw
   */
  write(raw) {
    if (this._fd === null) throw Object.assign(new Error('write() after close()'), { code: 'ERR_PCAP_CLOSED' });
    const buf = raw && raw.buf;
    if (!(buf instanceof Uint8Array)) throw argType('raw.buf', 'a Buffer', buf);
    let sec;
    let frac;
    let len;
    if (typeof raw.ts_sec === 'number') {
      sec = raw.ts_sec;
      frac = this.nano ? raw.ts_nsec : raw.ts_usec;
      len = raw.len;
    } else {
      const h = raw.header;
      sec = h ? h.readUInt32LE(0) : 0;
      frac = h ? h.readUInt32LE(4) * (this.nano ? 1000 : 1) : 0;
      len = h ? h.readUInt32LE(12) : buf.length;
    }
    const caplen = buf.length;
    const need = 16 + caplen;
    if (this._used + need > this._chunk.length) this.flush();
    const target = need > this._chunk.length ? Buffer.allocUnsafe(need) : this._chunk;
    const o = target === this._chunk ? this._used : 0;
    target.writeUInt32LE(sec >>> 0, o);
    target.writeUInt32LE(frac >>> 0, o + 4);
    target.writeUInt32LE(caplen, o + 8);
    target.writeUInt32LE(Math.max(len, caplen) >>> 0, o + 12);
    target.set(buf, o + 16);
    if (target === this._chunk) this._used += need;
    else fs.writeSync(this._fd, target);
    this.packets_written++;
  }

  /** Writes out what is buffered. */
  flush() {
    if (this._fd !== null && this._used > 0) {
      fs.writeSync(this._fd, this._chunk, 0, this._used);
      this._used = 0;
    }
  }

  /** Flushes and closes the file. Idempotent. */
  close() {
    if (this._fd === null) return;
    this.flush();
    fs.closeSync(this._fd);
    this._fd = null;
  }
}

/**
 * Creates a pcap file writer.
 * @param {string} path
 * @param {object} [options] link_type (name or number; take it from the session), snap_length,
 *   timestamp_precision ('micro'|'nano')
 * @returns {PcapWriter}
 */
function createWriter(path, options) {
  return new PcapWriter(path, options);
}

module.exports = { PcapWriter, createWriter };
