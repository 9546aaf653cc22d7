'use strict';
// PostgreSQL's frontend/backend protocol (3.0, and 3.2's longer cancel keys) on TCP 5432: the
// messages that start in a segment, decoded per segment as TLS is (no reassembly: a message
// longer than its segment is read as far as the segment goes, and marked `partial`). A segment in
// the middle of a message gets no layer (see accepts()). Which side sent a segment comes from the
// port the decoder was chosen by (the server's); decode.layer('pgsql', bytes) has no ports and
// guesses from the first message.
//
// Fields:
//   fromClient     true for messages to the server (frontend), false for the server's
//   continuation   true when the bytes do not start with a message (decode.layer only)
//   messages       [{type, name, length, partial?, ...}] of the messages that start here (not
//                  one whose 5-byte header the segment cuts: its type alone is not listed): `type`
//                  is the message's type byte as a character ('Q', 'T', ...), or 'startup',
//                  'ssl_request', 'gssenc_request', 'cancel_request', 'ssl_response' for the
//                  untyped ones; `name` is the protocol documentation's ('Query', 'DataRow',
//                  ...); the other fields are each message's own (query, tag, fields, ...)
//   query          the SQL of the first Query or Parse message
//   commandTags    the tags of the CommandComplete messages ('SELECT 3', 'INSERT 0 1', ...)
//   errorResponse  the first ErrorResponse's fields ({severity, code, message, detail, hint, ...})
//   rowCount       how many DataRow messages start here

const { defineLayer, markError } = require('../layer');
const { ipPayload, sentToServer } = require('../registry');
const { view, text, nulEnd } = require('../bytes');
const { SegmentLayer, sideByWalking } = require('./segment_layer');
const { pgsqlPart } = require('../print/summary');

const MAX_MESSAGES = 1 << 16; // per segment: each is at least 5 bytes, and a segment at most 256 KiB (loopback GSO)
// A length field above this is not taken for the first message of a segment: bytes of text read
// as a length are at least 0x30000000, so the middle of a result is not mistaken for messages. (A
// segment that starts with a message over 16 MiB, a huge row or query, then gets no layer.) Later
// messages may be as long as the server allows.
const MAX_FIRST_LENGTH = 1 << 24;
const MAX_LENGTH = 1 << 30;
const MAX_CANCEL_KEY = 256; // protocol 3.2: 4 to 256 bytes (3.0: 4)

const FRONTEND = {
  Q: 'Query', P: 'Parse', B: 'Bind', E: 'Execute', D: 'Describe', C: 'Close', S: 'Sync', H: 'Flush', X: 'Terminate',
  p: 'PasswordMessage', d: 'CopyData', c: 'CopyDone', f: 'CopyFail', F: 'FunctionCall',
};
const BACKEND = {
  R: 'Authentication', S: 'ParameterStatus', K: 'BackendKeyData', Z: 'ReadyForQuery', T: 'RowDescription', D: 'DataRow',
  C: 'CommandComplete', E: 'ErrorResponse', N: 'NoticeResponse', 1: 'ParseComplete', 2: 'BindComplete', 3: 'CloseComplete',
  n: 'NoData', I: 'EmptyQueryResponse', s: 'PortalSuspended', t: 'ParameterDescription', A: 'NotificationResponse',
  G: 'CopyInResponse', H: 'CopyOutResponse', W: 'CopyBothResponse', V: 'FunctionCallResponse', v: 'NegotiateProtocolVersion',
  d: 'CopyData', c: 'CopyDone',
};
// Lengths a message of a type must have, or at least have (a fixed length tells the middle of a
// result from messages best: '1' followed by a length of 4 is not text)
const EXACT = { 1: 4, 2: 4, 3: 4, n: 4, I: 4, s: 4, c: 4, Z: 5 };
const EXACT_CLIENT = { S: 4, H: 4, X: 4, c: 4 };
const MINIMUM = { R: 8, K: 12, S: 6, C: 5, T: 6, D: 6, E: 5, N: 5, A: 10, t: 6, G: 7, H: 7, W: 7, v: 12 };
const MINIMUM_CLIENT = { Q: 5, P: 8, B: 12, E: 9, D: 6, C: 6, f: 5, F: 14 }; // p: a SASL response may be empty
// The untyped messages a client may start with: length, then a code
const PROTOCOL_3 = 3; // major version in a StartupMessage's code
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const AUTH_NAMES = {
  0: 'Ok', 2: 'KerberosV5', 3: 'CleartextPassword', 5: 'MD5Password', 7: 'GSS', 8: 'GSSContinue', 9: 'SSPI',
  10: 'SASL', 11: 'SASLContinue', 12: 'SASLFinal',
};
// ErrorResponse / NoticeResponse field codes
const ERROR_FIELDS = {
  S: 'severity', V: 'severityNonLocalized', C: 'code', M: 'message', D: 'detail', H: 'hint', P: 'position',
  p: 'internalPosition', q: 'internalQuery', W: 'where', s: 'schema', t: 'table', c: 'column', d: 'dataType',
  n: 'constraint', F: 'file', L: 'line', R: 'routine',
};

function i32(b, o) {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

function i16(b, o) {
  return ((b[o] << 8) | b[o + 1]) << 16 >> 16;
}

/** The length of an untyped (startup-phase) message at p, or -1 when the bytes are not one. */
function untypedLength(b, p, end) {
  if (p + 8 > end) return -1;
  const len = i32(b, p);
  const code = i32(b, p + 4);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) return len === 8 ? len : -1;
  if (code === CANCEL_REQUEST) return len >= 16 && len <= 12 + MAX_CANCEL_KEY ? len : -1;
  return code >>> 16 === PROTOCOL_3 && len >= 8 && len <= 10000 ? len : -1;
}

/** Whether a typed message (type byte, 32-bit length) starts at p, for the given side; `first`: the segment's first. */
function typedStart(b, p, end, client, first) {
  const t = String.fromCharCode(b[p]);
  if (p + 5 > end || (client ? FRONTEND : BACKEND)[t] === undefined) return false;
  const len = i32(b, p + 1);
  const exact = (client ? EXACT_CLIENT : EXACT)[t];
  if (exact !== undefined) return len === exact;
  const min = (client ? MINIMUM_CLIENT : MINIMUM)[t];
  if (len < (min !== undefined ? min : 4) || len > (first ? MAX_FIRST_LENGTH : MAX_LENGTH)) return false;
  // types both sides use: a server message held whole must also read as one (the client's Execute,
  // Describe and Close look like an ErrorResponse, a DataRow and a CommandComplete by type alone)
  if (!client && p + 1 + len <= end) {
    const body = p + 5;
    const last = p + len;
    if (t === 'E' || t === 'N') return b[last] === 0 && (len === 5 || (b[body] >= 0x41 && b[body] <= 0x7a));
    if (t === 'D') return ((b[body] << 8) | b[body + 1]) * 4 <= len - 6;
    if (t === 'C') return b[last] === 0 && b[body] >= 0x41 && b[body] <= 0x5a && b[body + 1] !== 0; // a tag: 'SELECT 1', ...
  }
  return true;
}

/**
 * Walks the messages from `start`: calls visit(type, at, next) for each, where `type` is the type
 * character or '' for an untyped one and `next` is where the message ends (it may be past `end`).
 * Returns false when the bytes at `start` are not a message, or when a message held whole is
 * followed by bytes that are not one: then this is the middle of a stream, not its message starts.
 */
function walk(b, start, end, client, visit) {
  const types = client ? FRONTEND : BACKEND;
  let p = start;
  for (let n = 0; p < end && n < MAX_MESSAGES; n++) {
    let next;
    let type;
    if (client && n === 0 && untypedLength(b, p, end) > 0) {
      type = '';
      next = p + untypedLength(b, p, end);
    } else if (typedStart(b, p, end, client, n === 0)) {
      type = String.fromCharCode(b[p]);
      next = p + 1 + i32(b, p + 1);
    } else {
      return n > 0 && p + 5 > end && types[String.fromCharCode(b[p])] !== undefined; // a header cut by the segment
    }
    if (visit !== null) visit(type, p, next);
    p = next;
  }
  return true;
}

/**
 * Which way a segment went, when no port says: the side whose messages tile the bytes; when both
 * or neither do, a client's untyped first message or a type only clients send.
 */
function guessClient(b, p, end) {
  return sideByWalking(walk, b, p, end, () => {
    if (untypedLength(b, p, end) > 0) return true;
    const t = String.fromCharCode(b[p]);
    return FRONTEND[t] !== undefined && BACKEND[t] === undefined;
  });
}

/** A cancel key (BackendKeyData, CancelRequest): 4 bytes in protocol 3.0, up to 256 in 3.2; as hex. */
function keyHex(b, s, e) {
  return view(b, s, e).toString('hex');
}

/** The NUL-terminated string at p: {text, next}, next past its NUL (past `stop` when it has none). */
function cString(b, p, stop) {
  const z = nulEnd(b, p, stop);
  return { text: text(b, p, z, 'utf8'), next: z + 1 };
}

/** The fields of one message, as far as the segment holds it. */
function readMessage(b, type, at, next, end, client) {
  const stop = Math.min(next, end);
  if (type === '') {
    const code = i32(b, at + 4);
    if (code === SSL_REQUEST) return { type: 'ssl_request', name: 'SSLRequest', length: 8 };
    if (code === GSSENC_REQUEST) return { type: 'gssenc_request', name: 'GSSENCRequest', length: 8 };
    if (code === CANCEL_REQUEST) {
      const len = next - at;
      return withPartial({ type: 'cancel_request', name: 'CancelRequest', length: len, pid: at + 12 <= end ? i32(b, at + 8) >>> 0 : undefined, key: next <= end ? keyHex(b, at + 12, next) : undefined }, next, end);
    }
    const parameters = {};
    for (let p = at + 8; p < stop && b[p] !== 0;) {
      const k = cString(b, p, stop);
      const v = cString(b, k.next, stop);
      if (v.next > stop) break; // cut inside the name or the value: not shown
      parameters[k.text] = v.text;
      p = v.next;
    }
    return withPartial({ type: 'startup', name: 'StartupMessage', length: next - at, version: { major: code >>> 16, minor: code & 0xffff }, parameters }, next, end);
  }
  const name = (client ? FRONTEND : BACKEND)[type];
  const m = { type, name, length: next - at - 1 };
  const p = at + 5;
  if (client) {
    switch (type) {
      case 'Q': m.query = cString(b, p, stop).text; break;
      case 'P': {
        const s = cString(b, p, stop);
        m.statement = s.text;
        m.query = cString(b, s.next, stop).text;
        break;
      }
      case 'B': {
        const portal = cString(b, p, stop);
        m.portal = portal.text;
        m.statement = cString(b, portal.next, stop).text;
        break;
      }
      case 'E': {
        const portal = cString(b, p, stop);
        m.portal = portal.text;
        if (portal.next + 4 <= stop) m.maxRows = i32(b, portal.next);
        break;
      }
      case 'D':
      case 'C':
        if (p < stop) {
          m.target = b[p] === 0x53 ? 'statement' : b[p] === 0x50 ? 'portal' : String.fromCharCode(b[p]);
          m.targetName = cString(b, p + 1, stop).text;
        }
        break;
      case 'p': {
        // SASLInitialResponse names its mechanism; other password messages are not shown
        const mech = cString(b, p, stop);
        if (/^SCRAM-SHA-256(-PLUS)?$|^OAUTHBEARER$/.test(mech.text)) m.mechanism = mech.text;
        break;
      }
      default:
    }
  } else {
    switch (type) {
      case 'R':
        if (p + 4 <= stop) {
          m.authType = i32(b, p);
          m.authName = AUTH_NAMES[m.authType] !== undefined ? AUTH_NAMES[m.authType] : 'type ' + m.authType;
          if (m.authType === 10) {
            m.mechanisms = [];
            for (let q = p + 4; q < stop && b[q] !== 0 && m.mechanisms.length < 64;) {
              const s = cString(b, q, stop);
              m.mechanisms.push(s.text);
              q = s.next;
            }
          }
        }
        break;
      case 'S': {
        const k = cString(b, p, stop);
        m.parameter = k.text;
        m.value = cString(b, k.next, stop).text;
        break;
      }
      case 'K':
        if (p + 4 <= stop) m.pid = i32(b, p) >>> 0;
        if (next <= end) m.key = keyHex(b, p + 4, next);
        break;
      case 'Z': if (p < stop) m.status = String.fromCharCode(b[p]); break;
      case 'C': m.tag = cString(b, p, stop).text; break;
      case 'T': {
        if (p + 2 > stop) break;
        const count = i16(b, p);
        m.fields = [];
        for (let q = p + 2, i = 0; i < count && q < stop; i++) {
          const s = cString(b, q, stop);
          if (s.next + 18 > stop) break;
          const r = s.next;
          m.fields.push({ name: s.text, tableOid: i32(b, r) >>> 0, column: i16(b, r + 4), typeOid: i32(b, r + 6) >>> 0, typeLength: i16(b, r + 10), typeModifier: i32(b, r + 12), format: i16(b, r + 16) });
          q = r + 18;
        }
        break;
      }
      case 'D': {
        if (p + 2 > stop) break;
        const count = i16(b, p);
        m.values = [];
        for (let q = p + 2, i = 0; i < count && q + 4 <= stop; i++) {
          const len = i32(b, q);
          if (len < 0) {
            m.values.push(null);
            q += 4;
            continue;
          }
          if (q + 4 + len > stop) break;
          m.values.push(view(b, q + 4, q + 4 + len));
          q += 4 + len;
        }
        break;
      }
      case 'E':
      case 'N': {
        const fields = {};
        for (let q = p; q < stop && b[q] !== 0;) {
          const code = String.fromCharCode(b[q]);
          const s = cString(b, q + 1, stop);
          if (s.next > stop) break;
          fields[ERROR_FIELDS[code] !== undefined ? ERROR_FIELDS[code] : code] = s.text;
          q = s.next;
        }
        m.fields = fields;
        break;
      }
      case 'A':
        if (p + 4 <= stop) {
          m.pid = i32(b, p) >>> 0;
          const ch = cString(b, p + 4, stop);
          m.channel = ch.text;
          m.payload = cString(b, ch.next, stop).text;
        }
        break;
      default:
    }
  }
  return withPartial(m, next, end);
}

function withPartial(m, next, end) {
  if (next > end) m.partial = true; // it goes on in the next segment
  return m;
}

/**
 * One message, as a tool that splits a reassembled stream finds it, read into the objects of
 * `messages`: `bytes` from its type byte (or, when `untyped`, from the length of a startup-phase
 * message) to its end, or to where the tool stopped keeping it (then pass its whole `length`, and
 * the message is `partial`).
 * @param {Uint8Array} bytes
 * @param {boolean} fromClient
 * @param {boolean} [untyped]
 * @param {number} [length] the message's whole length (bytes.length when it is all there)
 */
function parseMessage(bytes, fromClient, untyped = false, length = bytes.length) {
  const n = bytes.length;
  const whole = Math.max(length, n);
  if (untyped) return n >= 8 ? readMessage(bytes, '', 0, whole, n, true) : { type: 'unknown', name: 'Unknown', length: whole };
  if (n < 5) return { type: 'unknown', name: 'Unknown', length: whole };
  const type = String.fromCharCode(bytes[0]);
  if ((fromClient ? FRONTEND : BACKEND)[type] === undefined) return { type, name: 'Unknown', length: whole - 1 };
  return readMessage(bytes, type, 0, whole, n, fromClient);
}

/**
 * The server's one-byte answer to SSLRequest ('S' yes, 'N' no) or GSSENCRequest ('G' yes): a
 * server segment of exactly one byte, not cut by the capture. (A one-byte segment carrying the
 * start of some other message, a zero-window probe say, would read the same; they are rare.)
 */
function isSecurityAnswer(b, start, end) {
  if (end - start !== 1 || ipPayload.end > end) return false;
  return b[start] === 0x53 || b[start] === 0x4e || b[start] === 0x47;
}

class PostgreSQL extends SegmentLayer {
  /**
   * Whether a segment starts with messages (TCP asks before making the layer: the segments in the
   * middle of a long result get none). The side comes from the port that chose this decoder.
   */
  static accepts(buf, start, end) {
    const client = sentToServer(guessClient, buf, start, end);
    if (!client && isSecurityAnswer(buf, start, end)) return true;
    return walk(buf, start, end, client, null);
  }

  constructor() {
    super();
    this._securityAnswer = false; // the server's one-byte answer to SSLRequest or GSSENCRequest
    this._messages = null; // read on first use
  }

  /**
   * Keeps the segment at buf[offset, end) for the getters and notes which side sent it; a message the
   * capture cut short sets `error` (`ctx` is the PcapPacket). Never throws.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._keep(buf, offset, end, guessClient);
    this._securityAnswer = !this._client && isSecurityAnswer(buf, offset, end);
    // a message running on into the next segment is how a stream goes; only a segment the capture
    // cut short (its IP length runs past the captured bytes) makes one truncated
    if (ipPayload.end > end) {
      walk(buf, offset, end, this._client, (type, at, next) => {
        if (next > end && this.error === null) markError(this, ctx, 'message truncated', at, next - at, end - at);
      });
    }
    return this;
  }

  /**
   * True when the bytes do not start with a message (the middle of a stream); false for the
   * server's one-byte SSL/GSSENC answer.
   */
  get continuation() {
    if (!this._client && this._securityAnswer) return false;
    if (this._continuation === undefined) this._continuation = !walk(this._b, this._o, this._end, this._client, null);
    return this._continuation;
  }

  /**
   * The messages that start in the segment, in order (the server's one-byte SSL/GSSENC answer as
   * type 'ssl_response'); read on first use and kept.
   */
  get messages() {
    if (this._messages !== null) return this._messages;
    const b = this._b;
    const out = [];
    if (!this._client && this._securityAnswer) {
      const c = b[this._o];
      out.push({ type: 'ssl_response', name: c === 0x47 ? 'GSSENCResponse' : 'SSLResponse', length: 1, answer: String.fromCharCode(c), accepted: c !== 0x4e });
    } else {
      walk(b, this._o, this._end, this._client, (type, at, next) => out.push(readMessage(b, type, at, next, this._end, this._client)));
    }
    this._messages = out;
    return out;
  }

  /** The SQL of the first Query or Parse in the segment; undefined when there is none. */
  get query() {
    const m = this.messages.find((x) => x.query !== undefined);
    return m !== undefined ? m.query : undefined;
  }

  /**
   * Server segments: the CommandComplete tags ('SELECT 3', ...); undefined for client segments or
   * when there are none.
   */
  get commandTags() {
    if (this._client) return undefined;
    const tags = this.messages.filter((x) => x.type === 'C' && x.tag !== undefined).map((x) => x.tag);
    return tags.length ? tags : undefined;
  }

  /** Server segments: the first ErrorResponse's fields ({severity, code, message, ...}); else undefined. */
  get errorResponse() {
    if (this._client) return undefined;
    const m = this.messages.find((x) => x.type === 'E');
    return m !== undefined ? m.fields : undefined;
  }

  /** Server segments: how many DataRow messages start in the segment; undefined for client segments. */
  get rowCount() {
    return this._client ? undefined : this.messages.filter((x) => x.type === 'D').length;
  }

  /** simple_capture's text: `PostgreSQL Query "select 1"`, `PostgreSQL RowDescription, DataRow x3, ...`. */
  toString() {
    return pgsqlPart(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

defineLayer(PostgreSQL, { name: 'pgsql', fields: ['fromClient', 'continuation', 'query', 'commandTags', 'errorResponse', 'rowCount', 'messages'] });

module.exports = { PostgreSQL, parseMessage, FRONTEND, BACKEND, AUTH_NAMES };
