'use strict';
// Writes classic pcap files (microsecond or nanosecond) or pcapng files from captured packets, so a
// capture can be saved and read again by this library, tcpdump or Wireshark. Pure JS: classic pcap
// is 24 bytes of file header and 16 bytes per record; pcapng a section header, one interface
// description per link type and raw.interface_id met, and an enhanced packet block per packet.
// Records are gathered into chunks so that writing a busy capture costs one write(2) per chunk,
// not per packet.

const fs = require('fs');
const tty = require('tty');
const { isUint8Array } = require('util').types; // real typed arrays only, not objects dressed as one
const { argType, argValue, outOfRange, PcapError } = require('./errors');
const { checkObject, checkKeys, checkInt, checkString, precision: checkPrecision, dltOf } = require('./options');
const { u32le } = require('./decode/bytes');

// libpcap's DLT_ values that differ from the LINKTYPE_ values a file stores (pcap-linktype(7)).
const DLT_TO_LINKTYPE = { 11: 100, 12: 101, 14: 101, 15: 102, 16: 103, 19: 106 };
const storedLinkType = (dlt) => (DLT_TO_LINKTYPE[dlt] !== undefined ? DLT_TO_LINKTYPE[dlt] : dlt);
const { linkTypeNumber } = require('./link_types');

const CHUNK = 256 * 1024;
const OPTION_KEYS = new Set(['link_type', 'snap_length', 'timestamp_precision', 'format']);

// pcapng (draft-ietf-opsawg-pcapng) block types and option codes
const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const IF_TSRESOL = 9;
const SHB_USERAPPL = 4;
const MAX_U64 = (1n << 64n) - 1n;

// The longest record libpcap reads back for a link type (its max_snaplen_for_dlt): a longer one
// stops every reader of the file at that record, so records are cut to it (len keeps the size).
const MAX_CAPLEN = 262144;
const MAX_CAPLEN_BY_DLT = { 231: 128 * 1024 * 1024, 249: 1024 * 1024, 279: 8 * 1024 * 1024 }; // DBUS, USBPCAP, EBHSCR

const STDOUT_FD = 1;
// Blocks the thread for a millisecond (Atomics.wait on memory nobody notifies).
const pauseCell = new Int32Array(new SharedArrayBuffer(4));
const pause1ms = () => Atomics.wait(pauseCell, 0, 0, 1);

/**
 * Writes `length` bytes of `bytes` to `fd`, at file offset `position` (a regular file), or at the
 * descriptor's own offset when `position` is null. A descriptor in non-blocking mode (standard
 * output to a pipe once Node has set it up: process.stdout, console.log) refuses with EAGAIN while
 * its reader is behind; that is waited out here, as a blocking write would wait.
 * @returns {{error: Error|null, done: number}} the error that stopped it, and the bytes written
 */
function writeAll(fd, bytes, length, position) {
  let done = 0;
  while (done < length) {
    try {
      done += fs.writeSync(fd, bytes, done, length - done, position === null ? null : position + done);
    } catch (e) {
      if (e.code !== 'EAGAIN') return { error: e, done };
      pause1ms();
    }
  }
  return { error: null, done };
}

// A failed open/write/close as ERR_PCAP_WRITE; the system's reason without the path it repeats.
function writeError(what, path, e) {
  const reason = String(e && e.message).replace(/, \w+ '.*'$/, '');
  const where = path === '-' ? '"-" (standard output)' : JSON.stringify(path);
  return new PcapError('ERR_PCAP_WRITE', `cannot ${what} ${where}: ${reason}`, { path, cause: e });
}

/** The longest record to write for DLT `dlt` with snap length `snap`. */
function maxCaplen(dlt, snap) {
  return Math.min(snap, MAX_CAPLEN_BY_DLT[dlt] !== undefined ? MAX_CAPLEN_BY_DLT[dlt] : MAX_CAPLEN);
}

/** A classic pcap file header. */
function pcapHeader(nano, snap, dlt) {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snap, 16);
  h.writeUInt32LE(storedLinkType(dlt), 20);
  return h;
}

/** A pcapng option: code, length, value padded to 4 bytes. */
function option(code, value) {
  const b = Buffer.alloc(4 + ((value.length + 3) & ~3));
  b.writeUInt16LE(code, 0);
  b.writeUInt16LE(value.length, 2);
  value.copy(b, 4);
  return b;
}

/** A pcapng block: type, total length, body, total length again. */
function block(type, body) {
  const b = Buffer.alloc(12 + body.length);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(b.length, 4);
  body.copy(b, 8);
  b.writeUInt32LE(b.length, b.length - 4);
  return b;
}

/** A pcapng section header block (little-endian, version 1.0, length not given), naming this library. */
function sectionHeader() {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(BYTE_ORDER_MAGIC, 0);
  fixed.writeUInt16LE(1, 4);
  fixed.writeUInt16LE(0, 6);
  fixed.fill(0xff, 8, 16); // section length: -1, not known
  const appl = option(SHB_USERAPPL, Buffer.from(`pcap ${require('../package.json').version} (Node.js ${process.version})`));
  return block(SHB, Buffer.concat([fixed, appl, option(OPT_END, Buffer.alloc(0))]));
}

/** A pcapng interface description block for a stored link type. */
function interfaceDescription(linkType, snap, nano) {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16LE(linkType, 0);
  fixed.writeUInt32LE(snap, 4);
  const opts = nano ? [option(IF_TSRESOL, Buffer.from([9])), option(OPT_END, Buffer.alloc(0))] : [];
  return block(IDB, Buffer.concat([fixed, ...opts]));
}

/** Writes packets to a classic pcap file (one link type per file) or a pcapng file; pcap.createWriter() makes one. */
class PcapWriter {
  /**
   * @param {string} path file to create (truncated if it exists), or '-' for standard output
   * @param {{link_type?: string|number, snap_length?: number, timestamp_precision?: 'micro'|'nano', format?: 'pcap'|'pcapng'}} [options]
   */
  constructor(path, options) {
    if (typeof path !== 'string') throw argType('path', 'of type string', path);
    if (path === '') throw argValue('path', path, 'must name a file');
    checkString('path', path); // no null bytes, as for sessions
    // everything is checked before the file is opened: a bad option must not truncate a file
    const o = checkObject('options', options);
    checkKeys(o, OPTION_KEYS, 'createWriter()');
    if (o.link_type !== undefined && typeof o.link_type !== 'string' && typeof o.link_type !== 'number') {
      throw argType('options.link_type', 'a link type name or number', o.link_type);
    }
    // as createSession() takes it: a name as session.link_type gives it, libpcap's ('EN10MB'), a number
    const lt = o.link_type === undefined ? 1 : dltOf(o.link_type);
    if (!Number.isInteger(lt) || lt < 0 || lt > 0x0fffffff) throw argValue('options.link_type', o.link_type, 'is not a link type name or number');
    if (o.format === 'pcapng' && storedLinkType(lt) > 0xffff) throw argValue('options.link_type', o.link_type, 'does not fit a pcapng interface (16 bits)');
    const snap = o.snap_length === undefined ? MAX_CAPLEN : checkInt('options.snap_length', o.snap_length, 1, 0xffffffff);
    const precision = o.timestamp_precision === undefined ? 'micro' : checkPrecision(o.timestamp_precision);
    if (o.format !== undefined && typeof o.format !== 'string') throw argType('options.format', "'pcap' or 'pcapng'", o.format);
    if (o.format !== undefined && o.format !== 'pcap' && o.format !== 'pcapng') throw argValue('options.format', o.format, "is not 'pcap' or 'pcapng'");
    this.format = o.format === 'pcapng' ? 'pcapng' : 'pcap';
    this.path = path;
    this.nano = precision === 'nano';
    this.snap_length = snap;
    this._maxCaplen = maxCaplen(lt, snap);
    // pcapng: without a link_type option, the first packet's gives the first interface
    this.link_type = this.format === 'pcap' || o.link_type !== undefined ? lt : undefined;
    this.link_types = []; // pcapng: the link type of each interface (as first given), by interface id
    this._interfaces = new Map(); // pcapng: stored link type + 0x10000 * interface read on -> interface id
    this.packets_written = 0;
    this._lastLinkType = undefined; // the last raw.link_type found good
    this._lastDlt = undefined; // its number
    this._chunk = Buffer.allocUnsafe(CHUNK);
    this._used = 0;
    this._chunkPackets = 0; // packets in _chunk: packets_written drops them if their write fails
    const h = this.format === 'pcap' ? pcapHeader(this.nano, snap, lt) : sectionHeader();
    // '-' is standard output (tcpdump -w -), which close() leaves open
    this._ownsFd = path !== '-';
    if (!this._ownsFd && tty.isatty(STDOUT_FD)) {
      throw argValue('path', path, 'writes to standard output, which is a terminal: pipe it into a program (| wireshark -k -i -), or name a file (./- for a file called \'-\')');
    }
    try {
      this._fd = this._ownsFd ? fs.openSync(path, 'w') : STDOUT_FD;
    } catch (e) {
      this._fd = null;
      throw writeError('create', path, e);
    }
    // A regular file is written at offsets of our own, so that a write which fails part way
    // (disk full) can be taken back whole: a cut record would make every reader misread all that
    // follows it. Elsewhere (a pipe, a device) what went out stays out.
    this._regular = this._ownsFd && fs.fstatSync(this._fd).isFile();
    this._size = 0; // bytes of whole writes in the file
    this._cut = false; // a write failed part way and could not be taken back: nothing more goes out
    this._linkTypeGiven = o.link_type !== undefined;
    this._interfacesOut = 0; // pcapng: interfaces whose description has reached the file
    try {
      this._writeOut(h, h.length);
    } catch (e) {
      if (this._ownsFd) fs.closeSync(this._fd);
      this._fd = null;
      throw e;
    }
    if (this.link_type !== undefined && this.format === 'pcapng') this._interface(lt, 0);
  }

  /**
   * The number of a packet's link type, checked: a pcap file takes only its own, a pcapng file any
   * that fits its 16 bits. No side effect but the cache, so a refused packet leaves no trace.
   */
  _packetLinkType(name) {
    if (name === this._lastLinkType) return this._lastDlt;
    const n = linkTypeNumber(name);
    if (n === undefined || !Number.isInteger(n) || n < 0) throw argValue('raw.link_type', name, 'is not a link type name or number');
    if (this.format === 'pcapng') {
      if (storedLinkType(n) > 0xffff) throw argValue('raw.link_type', name, 'does not fit a pcapng interface (16 bits)');
    } else if (storedLinkType(n) !== storedLinkType(this.link_type)) {
      throw argValue('raw.link_type', name, `is not the link type of ${JSON.stringify(this.path)} (${this.link_type}); a pcap file holds one link type, so write these packets to a writer of their own (or to a pcapng file: format 'pcapng')`);
    }
    this._lastLinkType = name;
    this._lastDlt = n;
    return n;
  }

  /**
   * pcapng: the id of the interface for DLT `dlt` and the packet's own interface id `from` (a
   * pcapng file read with several interfaces of one link type keeps them apart), described in the
   * file first if it is new.
   */
  _interface(dlt, from) {
    const stored = storedLinkType(dlt);
    const key = stored + 0x10000 * from; // a number, not a string: no allocation per packet
    const known = this._interfaces.get(key);
    if (known !== undefined) return known;
    const id = this.link_types.length;
    const block = interfaceDescription(stored, this.snap_length, this.nano);
    if (this._used + block.length > this._chunk.length) this.flush();
    block.copy(this._chunk, this._used);
    this._used += block.length;
    this._interfaces.set(key, id);
    this.link_types.push(dlt);
    if (this.link_type === undefined) this.link_type = dlt;
    return id;
  }

  /**
   * Appends one packet: a RawPacket from a session, or {buf, header} in node_pcap's layout (the
   * header's caplen says how much of `buf` is the packet, as decode.packet reads it).
   * @param {object} raw
   */
  write(raw) {
    if (this._fd === null) throw new PcapError('ERR_PCAP_CLOSED', `write() after close() of ${JSON.stringify(this.path)}`);
    const buf = raw && raw.buf;
    if (!isUint8Array(buf)) throw argType('raw.buf', 'a Buffer', buf);
    // a detached buffer reads as empty; find it out now, before anything is written for it
    if (buf.length === 0) {
      try {
        buf.subarray(0, 0);
      } catch (e) {
        throw argValue('raw.buf', buf, 'cannot be read (its ArrayBuffer was detached or transferred)');
      }
    }
    // a pcapng file can hold packets of several link types; a pcap file has one. A packet without
    // one (node_pcap's shape) has the file's, or the first interface's (Ethernet when none yet).
    const pcapng = this.format === 'pcapng';
    let dlt = this.link_type !== undefined ? this.link_type : 1;
    if (raw.link_type !== undefined) dlt = this._packetLinkType(raw.link_type);
    let sec;
    let frac;
    let len;
    let caplen = buf.length;
    if (typeof raw.ts_sec === 'number') {
      sec = raw.ts_sec;
      frac = this.nano ? raw.ts_nsec : raw.ts_usec;
      len = raw.len;
      // a RawPacket's fields are numbers; a look-alike's must be too
      if (!Number.isFinite(sec)) throw argType('raw.ts_sec', 'a finite number', sec);
      if (!Number.isFinite(frac)) throw argType(this.nano ? 'raw.ts_nsec' : 'raw.ts_usec', 'a finite number', frac);
      if (!Number.isFinite(len)) throw argType('raw.len', 'a finite number', len);
      // a classic pcap record holds unsigned 32-bit seconds: a pcapng packet's time stamp can lie
      // outside them (before 1970, or after 2106), and would be written as another time; pcapng's
      // 64-bit count of µs or ns holds anything from 1970 on
      if (!Number.isInteger(sec) || sec < 0 || (!pcapng && sec > 0xffffffff)) {
        throw outOfRange('raw.ts_sec', pcapng ? 'an integer >= 0 (a pcapng file counts time from 1970)' : 'an integer from 0 to 4294967295 (a pcap file cannot store this time)', sec);
      }
      // any value the 32-bit field holds: a damaged fraction (a million µs or more) read from a
      // file is written back as it was read
      if (!Number.isInteger(frac) || frac < 0 || frac > 0xffffffff) {
        throw outOfRange(this.nano ? 'raw.ts_nsec' : 'raw.ts_usec', 'an integer from 0 to 4294967295', frac);
      }
      if (!Number.isInteger(len) || len < 0 || len > 0xffffffff) throw outOfRange('raw.len', 'an integer from 0 to 4294967295', len);
    } else {
      const h = raw.header;
      const hasHeader = isUint8Array(h) && h.length >= 16;
      sec = hasHeader ? u32le(h, 0, 16) : 0;
      frac = hasHeader ? u32le(h, 4, 16) * (this.nano ? 1000 : 1) : 0;
      len = hasHeader ? u32le(h, 12, 16) : buf.length;
      // node_pcap's buf is its whole capture buffer; the header says how much of it is the packet
      if (hasHeader && u32le(h, 8, 16) < caplen) caplen = u32le(h, 8, 16);
    }
    let ticks; // pcapng: the time stamp in units of the interface's resolution
    if (pcapng) {
      ticks = BigInt(sec) * (this.nano ? 1000000000n : 1000000n) + BigInt(frac);
      if (ticks > MAX_U64) throw outOfRange('raw.ts_sec', `a time a pcapng file can store (2^64 ${this.nano ? 'ns, to the year 2554' : 'µs'} from 1970, with the fraction)`, sec);
    }
    // every check passed: only now may a new link type add its interface to the file
    const from = raw.interface_id; // a RawPacket's; anything else is the first interface
    const iface = pcapng ? this._interface(dlt, Number.isInteger(from) && from > 0 && from <= 0xffffffff ? from : 0) : 0;
    const cap = pcapng ? maxCaplen(dlt, this.snap_length) : this._maxCaplen;
    if (caplen > cap) caplen = cap; // as a capture with this snap length would have
    const padded = pcapng ? (caplen + 3) & ~3 : caplen;
    const need = (pcapng ? 32 : 16) + padded;
    if (this._used + need > this._chunk.length) this.flush();
    const target = need > this._chunk.length ? Buffer.allocUnsafe(need) : this._chunk;
    const o = target === this._chunk ? this._used : 0;
    let at = o;
    if (pcapng) {
      target.writeUInt32LE(EPB, o);
      target.writeUInt32LE(need, o + 4);
      target.writeUInt32LE(iface, o + 8);
      target.writeUInt32LE(Number(ticks >> 32n), o + 12);
      target.writeUInt32LE(Number(ticks & 0xffffffffn), o + 16);
      at = o + 20;
    } else {
      target.writeUInt32LE(sec >>> 0, o);
      target.writeUInt32LE(frac >>> 0, o + 4);
      at = o + 8;
    }
    target.writeUInt32LE(caplen, at);
    target.writeUInt32LE(Math.max(len, caplen) >>> 0, at + 4);
    try {
      target.set(caplen === buf.length ? buf : buf.subarray(0, caplen), at + 8);
    } catch (e) {
      throw argValue('raw.buf', buf, 'cannot be read (its ArrayBuffer was detached or transferred)');
    }
    if (pcapng) {
      target.fill(0, at + 8 + caplen, at + 8 + padded);
      target.writeUInt32LE(need, o + need - 4);
    }
    if (target === this._chunk) {
      this._used += need;
      this._chunkPackets++;
    } else this._writeOut(target, need);
    this.packets_written++;
  }

  /** Writes out what is buffered. */
  flush() {
    if (this._fd !== null && this._used > 0) {
      const used = this._used;
      const packets = this._chunkPackets;
      this._used = 0; // what failed to go out is not tried again
      this._chunkPackets = 0;
      try {
        this._writeOut(this._chunk, used);
      } catch (e) {
        // they did not reach the file (or, on a pipe, a few may have, followed by a cut record:
        // not counted either); nor did the interfaces described among them, which the next
        // packet of their kind describes again
        this.packets_written -= packets;
        this._forgetInterfacesFrom(this._interfacesOut);
        throw e;
      }
      this._interfacesOut = this.link_types.length;
    }
  }

  /** pcapng: forgets the interfaces from id `first` on, whose descriptions never reached the file. */
  _forgetInterfacesFrom(first) {
    if (this.link_types.length <= first) return;
    for (const [key, id] of this._interfaces) if (id >= first) this._interfaces.delete(key);
    this.link_types.length = first;
    if (first === 0 && !this._linkTypeGiven) this.link_type = undefined;
  }

  /** Writes `length` bytes of `bytes` whole, or throws ERR_PCAP_WRITE having written none of them (when it can). */
  _writeOut(bytes, length) {
    if (this._cut) {
      throw new PcapError('ERR_PCAP_WRITE', `cannot write ${this.path === '-' ? '"-" (standard output)' : JSON.stringify(this.path)}: an earlier write failed part way, and the file ends in a cut record that anything written after it would be misread with; write to a new file`, { path: this.path });
    }
    const { error, done } = writeAll(this._fd, bytes, length, this._regular ? this._size : null);
    if (error === null) {
      this._size += length;
      return;
    }
    if (done > 0) {
      // take the part written back, so the file still ends with a whole record
      try {
        if (!this._regular) throw error;
        fs.ftruncateSync(this._fd, this._size);
      } catch (e) {
        this._cut = true;
      }
    }
    throw writeError('write', this.path, error);
  }

  /** Flushes and closes the file. Idempotent: after a failed flush the file is closed all the same. */
  close() {
    if (this._fd === null) return;
    const fd = this._fd;
    let failure = null;
    try {
      // a pcapng file without an interface cannot be read by libpcap: describe the default one
      if (this.format === 'pcapng' && this.link_types.length === 0) this._interface(this.link_type !== undefined ? this.link_type : 1, 0);
      this.flush();
    } catch (e) {
      failure = e;
    }
    this._fd = null;
    try {
      if (this._ownsFd) fs.closeSync(fd);
    } catch (e) {
      if (failure === null) failure = writeError('close', this.path, e);
    }
    if (failure !== null) throw failure;
  }
}

/**
 * Creates a pcap file writer.
 * @param {string} path file to create (truncated if it exists), or '-' for standard output
 * @param {object} [options] link_type (name or number; take it from the session), snap_length,
 *   timestamp_precision ('micro'|'nano'), format ('pcap', or 'pcapng' for packets of several
 *   link types in one file)
 * @returns {PcapWriter}
 */
function createWriter(path, options) {
  return new PcapWriter(path, options);
}

module.exports = { PcapWriter, createWriter };
