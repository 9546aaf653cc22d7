'use strict';
// RFC 6455 WebSocket frames, parsed incrementally from one direction of a reassembled stream
// after an HTTP 101 upgrade: masking, 7/16/64-bit lengths, fragmented messages with control
// frames between the fragments, close/ping/pong. Text messages come out as strings, binary as
// Buffers. permessage-deflate messages (RFC 7692) are inflated; one that cannot be (bytes lost,
// or an earlier message of a shared window lost) is passed on still compressed (info.inflated
// false, info.inflateError says why).

const zlib = require('zlib');
const { httpError } = require('./http_parser');
const { append, ownCopy } = require('./held_bytes');

// RFC 7692 §7.2.2: the sender strips the empty stored block that ends each message's flush
const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const DEFLATE_WINDOW = 32768; // the most a DEFLATE back-reference reaches
// the most a message's copy starts with before its bytes arrive: a frame header alone (a few
// bytes on the wire) may declare any length (see _keep)
const FIRST_KEEP = 16 * 1024;

const OPCODES = ['continuation', 'text', 'binary', null, null, null, null, null, 'close', 'ping', 'pong'];

const ST_HEADER = 0;
const ST_PAYLOAD = 1;
const ST_DEAD = 2;

/**
 * One direction of a WebSocket connection. The handler gets onMessage(parser, message, info),
 * onControl(parser, frame) and onError(parser, err), and, if it has one, onWindow(parser,
 * before, after) when the bytes of the parser's deflate window change (it may set the parser's
 * `window` to null and `windowDropped` to true to bound memory).
 */
class WebSocketParser {
  /**
   * @param {object} handler
   * @param {object} [options] `max_message` (bytes kept per message, default 1 MiB; longer
   *   messages are cut and flagged `truncated`, and no message inflates to more), `deflate`
   *   (permessage-deflate was agreed, so RSV1 is allowed: true, or {contextTakeover: false} when
   *   this direction's sender agreed to compress each message on its own)
   */
  constructor(handler, options) {
    this.h = handler;
    this.dir = null;
    this.maxMessage = (options && options.max_message) || 1 << 20;
    const deflate = options && options.deflate;
    this.deflate = !!deflate;
    // With context takeover (the default) each message may refer back to the ones before: the
    // last 32 KiB inflated are kept, and once a message cannot be inflated none after it can.
    this.contextTakeover = !(deflate && typeof deflate === 'object' && deflate.contextTakeover === false);
    this.window = null;
    this.windowLost = null; // why later messages cannot be inflated, once that is so
    this.windowDropped = false; // the handler dropped the window to bound memory (see onWindow)
    this.state = ST_HEADER;
    this.hdr = Buffer.alloc(14);
    this.hdrLen = 0;
    this.need = 2;
    // current frame
    this.fin = false;
    this.rsv1 = false;
    this.opcode = 0;
    this.masked = false;
    this.mask = Buffer.alloc(4);
    this.maskPos = 0;
    this.remaining = 0;
    this.ctrl = null; // a control frame's payload (at most 125 bytes): a copy, null when bytes of it were lost
    this.ctrlHave = 0;
    // current (possibly fragmented) data message
    this.msgOpcode = 0;
    this.msgCompressed = false;
    this.msgBuf = null; // the message so far: a copy, grown by doubling (see _keep)
    this.msgKept = 0;
    this.msgLen = 0;
    this.msgMissing = 0;
    this.msgFrames = 0;
    this.messages = 0;
  }

  /**
   * Feeds the next bytes of this direction.
   * @param {Buffer} buf
   */
  execute(buf) {
    const len = buf.length;
    let i = 0;
    while (i < len && this.state !== ST_DEAD) {
      if (this.state === ST_HEADER) {
        while (i < len && this.hdrLen < this.need) {
          this.hdr[this.hdrLen++] = buf[i++];
          if (this.hdrLen === 2) this.need = headerSize(this.hdr);
        }
        if (this.hdrLen === this.need) this._header();
      } else {
        const n = len - i < this.remaining ? len - i : this.remaining;
        this._payload(buf, i, n);
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this._frameDone();
      }
    }
  }

  /**
   * The capture lost `n` bytes here: skipped inside a payload, fatal elsewhere.
   * @param {number} n
   */
  gap(n) {
    if (this.state === ST_PAYLOAD && n <= this.remaining) {
      this.remaining -= n;
      this.maskPos = (this.maskPos + n) & 3;
      if (this.opcode >= 8) this.ctrl = null;
      else this.msgMissing += n;
      if (this.remaining === 0) this._frameDone();
      return;
    }
    if (this.state !== ST_DEAD) this._error(`${n} bytes of the stream were not captured; lost the frame boundaries`);
  }

  _header() {
    const b = this.hdr;
    this.fin = (b[0] & 0x80) !== 0;
    this.rsv1 = (b[0] & 0x40) !== 0;
    this.opcode = b[0] & 0x0f;
    this.masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let o = 2;
    if (len === 126) {
      len = b.readUInt16BE(2);
      o = 4;
    } else if (len === 127) {
      const hi = b.readUInt32BE(2);
      if (hi > 0x1fffff) return this._error('frame length over 2^53');
      len = hi * 0x100000000 + b.readUInt32BE(6);
      o = 10;
    }
    if (this.masked) b.copy(this.mask, 0, o, o + 4);
    this.hdrLen = 0;
    this.need = 2;
    this.maskPos = 0;
    this.remaining = len;
    const op = this.opcode;
    if (OPCODES[op] === null || op > 10) return this._error(`reserved opcode ${op}`);
    if ((b[0] & 0x30) !== 0 || (this.rsv1 && (!this.deflate || op === 0 || op >= 8))) return this._error('reserved bits set');
    if (op >= 8) {
      if (!this.fin) return this._error('fragmented control frame');
      if (len > 125) return this._error('control frame longer than 125 bytes');
      this.ctrl = Buffer.alloc(len); // of its own, not a view: one that waits for its next segment would pin the capture batch
      this.ctrlHave = 0;
    } else if (op === 0) {
      if (this.msgOpcode === 0) return this._error('continuation frame without a message to continue');
    } else {
      if (this.msgOpcode !== 0) this._error('new message before the previous one ended', true);
      this.msgOpcode = op;
      this.msgCompressed = this.rsv1;
      this.msgBuf = null;
      this.msgKept = 0;
      this.msgLen = 0;
      this.msgMissing = 0;
      this.msgFrames = 0;
    }
    if (op < 8) this.msgFrames++;
    this.state = ST_PAYLOAD;
    if (len === 0) this._frameDone();
  }

  _payload(buf, i, n) {
    if (n === 0) return;
    if (this.opcode >= 8) {
      const c = this.ctrl;
      if (c === null) return;
      if (this.masked) {
        for (let k = 0; k < n; k++) {
          c[this.ctrlHave + k] = buf[i + k] ^ this.mask[this.maskPos];
          this.maskPos = (this.maskPos + 1) & 3;
        }
      } else buf.copy(c, this.ctrlHave, i, i + n);
      this.ctrlHave += n;
      return;
    }
    let part;
    if (this.masked) {
      part = Buffer.allocUnsafe(n);
      const m = this.mask;
      let p = this.maskPos;
      for (let k = 0; k < n; k++) {
        part[k] = buf[i + k] ^ m[p];
        p = (p + 1) & 3;
      }
      this.maskPos = p;
    } else part = buf.subarray(i, i + n); // a view, only until _keep copies it
    this.msgLen += n;
    const room = this.maxMessage - this.msgKept;
    if (room <= 0) return;
    this._keep(n > room ? part.subarray(0, room) : part);
  }

  // Appends to the message in one buffer of our own: a list of parts would cost an object per
  // fragment (a flood of 1-byte frames), and views would keep whole capture batches in memory.
  _keep(part) {
    // What arrived, at least FIRST_KEEP, then doubling: not the declared length at once (1 MiB
    // per direction for a header and a byte). Within the first frame never past its end, so a
    // one-frame message (most are) ends in a buffer of exactly its size; past it, doubling only
    // (a copy per fragment would be quadratic).
    const end = this.msgFrames === 1 ? this.msgKept + this.remaining : Infinity;
    this.msgBuf = append(this.msgBuf, this.msgKept, part, FIRST_KEEP, Math.min(this.maxMessage, end));
    this.msgKept += part.length;
  }

  _frameDone() {
    this.state = ST_HEADER;
    const op = this.opcode;
    if (op >= 8) {
      const data = this.ctrl;
      this.ctrl = null;
      if (data === null) return; // its bytes were lost
      const frame = { type: OPCODES[op], opcode: op, data, code: null, reason: null };
      if (op === 8 && data.length >= 2) {
        frame.code = data.readUInt16BE(0);
        frame.reason = data.toString('utf8', 2);
      }
      this.h.onControl(this, frame);
      return;
    }
    if (!this.fin) return;
    const data = this.msgBuf === null ? Buffer.alloc(0) : this.msgBuf.subarray(0, this.msgKept);
    const opcode = this.msgOpcode;
    const info = {
      type: OPCODES[opcode],
      opcode,
      length: this.msgLen,
      frames: this.msgFrames,
      truncated: this.msgKept < this.msgLen - this.msgMissing,
      missing: this.msgMissing,
      compressed: this.msgCompressed,
      inflated: false,
      inflateError: null,
    };
    this.msgOpcode = 0;
    this.msgBuf = null;
    this.messages++;
    const payload = this.msgCompressed ? this._inflate(data, info) : data;
    const message = opcode === 1 && (!this.msgCompressed || info.inflated) ? payload.toString('utf8') : payload;
    this.h.onMessage(this, message, info);
  }

  /** A compressed message's payload inflated (info.inflated), or as it came with the reason. */
  _inflate(data, info) {
    let why = null;
    if (info.missing > 0 || info.truncated) why = info.missing > 0 ? 'bytes of it were not captured' : `it is longer than max_ws_message (${this.maxMessage} bytes)`;
    else if (this.windowLost !== null) why = this.windowLost;
    let out = null;
    if (why === null) {
      try {
        const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: this.maxMessage };
        if (this.contextTakeover && this.window !== null) options.dictionary = this.window;
        out = zlib.inflateRawSync(data.length === 0 ? DEFLATE_TAIL : Buffer.concat([data, DEFLATE_TAIL]), options);
      } catch (e) {
        if (e.code === 'ERR_BUFFER_TOO_LARGE') why = `it inflates to more than max_ws_message (${this.maxMessage} bytes)`;
        else if (this.windowDropped) why = `it refers back to earlier messages, whose window was dropped to stay within max_ws_windows (${e.message})`;
        else why = `it does not inflate (${e.message})`;
      }
    }
    if (why !== null) {
      info.inflateError = why;
      if (this.contextTakeover && this.windowLost === null) this.windowLost = 'an earlier message of this direction could not be inflated, and this one may refer back to it';
      return data;
    }
    info.inflated = true;
    if (this.contextTakeover && out.length > 0) {
      // The last 32 KiB inflated, in a buffer of its own (ownCopy). A window dropped by the
      // handler starts again from here: a message that refers back past it fails to inflate
      // (zlib checks every distance against the dictionary), it never inflates wrong.
      const before = this.window === null ? 0 : this.window.length;
      const all = this.window === null ? out : Buffer.concat([this.window, out]);
      this.window = ownCopy(all.subarray(Math.max(0, all.length - DEFLATE_WINDOW)));
      if (typeof this.h.onWindow === 'function') this.h.onWindow(this, before, this.window.length);
    }
    return out;
  }

  _error(text, keepGoing) {
    if (!keepGoing) this.state = ST_DEAD;
    this.h.onError(this, httpError('ERR_WS_PROTOCOL', 'WebSocket: ' + text));
  }
}

function headerSize(b) {
  const l = b[1] & 0x7f;
  return 2 + (l === 126 ? 2 : l === 127 ? 8 : 0) + ((b[1] & 0x80) !== 0 ? 4 : 0);
}

/**
 * Builds one frame (tests and tools): `opcode` 1 text, 2 binary, 8 close, 9 ping, 10 pong, 0
 * continuation; `mask` a 4-byte Buffer (client to server) or null.
 * @param {number} opcode
 * @param {Buffer|string} payload
 * @param {{fin?: boolean, mask?: Buffer|null, rsv1?: boolean}} [opts]
 * @returns {Buffer}
 */
function encodeFrame(opcode, payload, opts) {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const fin = !opts || opts.fin !== false;
  const mask = opts && opts.mask ? opts.mask : null;
  const len = data.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + (mask ? 4 : 0));
  head[0] = (fin ? 0x80 : 0) | (opts && opts.rsv1 ? 0x40 : 0) | opcode;
  head[1] = (mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) head.writeUInt16BE(len, 2);
  else if (ext === 8) {
    head.writeUInt32BE(Math.floor(len / 0x100000000), 2);
    head.writeUInt32BE(len >>> 0, 6);
  }
  let body = data;
  if (mask) {
    mask.copy(head, 2 + ext);
    body = Buffer.alloc(len);
    for (let i = 0; i < len; i++) body[i] = data[i] ^ mask[i & 3];
  }
  return Buffer.concat([head, body]);
}

module.exports = { WebSocketParser, encodeFrame };
