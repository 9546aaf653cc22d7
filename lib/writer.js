'use strict';
// Writes classic pcap files (microsecond or nanosecond) from captured packets, so a capture can
// be saved and read again by this library, tcpdump or Wireshark. Pure JS: the format is 24 bytes of
// file header and 16 bytes per record; records are gathered into chunks so that writing a busy
// capture costs one write(2) per chunk, not per packet.

const fs = require('fs');
const { argType, argValue, outOfRange, PcapError } = require('./errors');

// libpcap's DLT_ values that differ from the LINKTYPE_ values a file stores (pcap-linktype(7)).
const DLT_TO_LINKTYPE = { 11: 100, 12: 101, 14: 101, 19: 106 };
const storedLinkType = (dlt) => (DLT_TO_LINKTYPE[dlt] !== undefined ? DLT_TO_LINKTYPE[dlt] : dlt);
const { linkTypeNumber } = require('./link_types');

const CHUNK = 256 * 1024;

class PcapWriter {
  /**
   * @param {string} path file to create (truncated if it exists)
   * @param {{link_type?: string|number, snap_length?: number, timestamp_precision?: 'micro'|'nano'}} [options]
   */
  constructor(path, options) {
    if (typeof path !== 'string' || path === '') throw argType('path', 'a non-empty string', path);
    const o = options === undefined || options === null ? {} : options;
    if (typeof o !== 'object') throw argType('options', 'of type object', o);
    // everything is checked before the file is opened: a bad option must not truncate a file
    const lt = o.link_type === undefined ? 1 : linkTypeNumber(o.link_type);
    if (!Number.isInteger(lt) || lt < 0 || lt > 0x0fffffff) throw argValue('options.link_type', o.link_type, 'is not a link type name or number');
    const snap = o.snap_length === undefined ? 262144 : o.snap_length;
    if (!Number.isInteger(snap) || snap < 1 || snap > 0xffffffff) throw outOfRange('options.snap_length', 'an integer >= 1 and <= 4294967295', snap);
    const precision = o.timestamp_precision === undefined ? 'micro' : o.timestamp_precision;
    if (precision !== 'micro' && precision !== 'nano') throw argValue('options.timestamp_precision', precision, "must be 'micro' or 'nano'");
    this.path = path;
    this.nano = precision === 'nano';
    this.snap_length = snap;
    this.link_type = lt;
    this.packets_written = 0;
    this._lastLinkType = undefined; // the last raw.link_type found to match
    this._chunk = Buffer.allocUnsafe(CHUNK);
    this._used = 0;
    const h = Buffer.alloc(24);
    h.writeUInt32LE(this.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(snap, 16);
    h.writeUInt32LE(storedLinkType(lt), 20);
    this._fd = fs.openSync(path, 'w');
    try {
      fs.writeSync(this._fd, h);
    } catch (e) {
      fs.closeSync(this._fd);
      this._fd = null;
      throw e;
    }
  }

  _checkLinkType(name) {
    const n = linkTypeNumber(name);
    if (n !== undefined && storedLinkType(n) !== storedLinkType(this.link_type)) {
      throw argValue('raw.link_type', name, `is not the link type of ${JSON.stringify(this.path)} (${this.link_type}); a pcap file holds one link type, so write these packets to a writer of their own`);
    }
    this._lastLinkType = name;
  }

  /**
   * Appends one packet: a RawPacket from a session, or {buf, header} in node_pcap's layout.
   * @param {object} raw
   */
  write(raw) {
    if (this._fd === null) throw new PcapError('ERR_PCAP_CLOSED', `write() after close() of ${JSON.stringify(this.path)}`);
    const buf = raw && raw.buf;
    if (!(buf instanceof Uint8Array)) throw argType('raw.buf', 'a Buffer', buf);
    // a pcapng file can hold packets of several link types; a pcap file has one
    if (raw.link_type !== undefined && raw.link_type !== this._lastLinkType) this._checkLinkType(raw.link_type);
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
      let done = 0;
      while (done < this._used) done += fs.writeSync(this._fd, this._chunk, done, this._used - done);
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
