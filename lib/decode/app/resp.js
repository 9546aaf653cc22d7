'use strict';
// Redis's protocol, RESP (2 and 3), on TCP 6379: the values that start in a segment, decoded per
// segment as TLS and PostgreSQL are (no reassembly: a value longer than its segment is read as far
// as the segment goes, and marked `partial`). A client sends commands as arrays of bulk strings
// (or, typed by hand, as an inline line of words); the server answers with any type. A segment
// in the middle of a value gets no layer (see accepts()).
//
// Fields:
//   fromClient     true for commands (the segment went to the server's port)
//   continuation   true when the bytes do not start with a value (decode.layer only)
//   values         [RespValue] of the values that start here: {type, value, partial?}; `type` is
//                  'simple', 'error', 'integer', 'bulk', 'array', 'null', 'boolean', 'double',
//                  'bignum', 'verbatim', 'map', 'set', 'push', 'attribute', 'blob_error' or
//                  'inline'; `value` is a string (simple, error, bulk as text, verbatim without
//                  its format, which is `format`), a number (integer, double), a string (bignum,
//                  integers past 2^53, doubles that are inf, nan or past the double range), true or
//                  false, null, or an array of RespValues (array, set, push; map as [key, value,
//                  key, value...]); bulk strings have `length` (bytes), aggregates `length` (values
//                  held: twice the count for a map); RESP2's $-1 and *-1 are type 'null' with
//                  length -1 and `from` 'bulk' or 'array'; a value an attribute annotates has it as
//                  `attributes` (key, value, ...); an inline command has its `words`. Streamed
//                  strings and aggregates (RESP3 '?' lengths) are not read: such a segment gets no
//                  layer. A segment's values stop after 4096 (nested ones count) or 32 levels deep.
//   commands       client: each command as an array of strings (['SET', 'key', 'value'])
//   command        client: the first command's name, upper case

const { defineLayer, markError } = require('../layer');
const { ipPayload, sentToServer } = require('../registry');
const { text: bytesText } = require('../bytes');
const { SegmentLayer } = require('./segment_layer');
const { respPart } = require('../print/summary');

const CR = 0x0d;
const LF = 0x0a;
const MAX_VALUES = 4096; // per segment, counting nested ones
const MAX_DEPTH = 32;
const MAX_LINE = 64 * 1024; // a simple string, error or length line longer than this is not one
const MAX_LENGTH = 512 * 1024 * 1024; // Redis's largest bulk string
const MAX_INLINE = 4096; // an inline command's line

const TYPES = {
  '+': 'simple', '-': 'error', ':': 'integer', $: 'bulk', '*': 'array', _: 'null', '#': 'boolean', ',': 'double',
  '(': 'bignum', '=': 'verbatim', '%': 'map', '~': 'set', '>': 'push', '|': 'attribute', '!': 'blob_error',
};

const NO_END = -1; // the line runs to the end of the bytes (it may go on in the next segment)
const BAD_LINE = -2; // a CR not followed by LF, or longer than MAX_LINE: not RESP

/** Where the CRLF-ended line at p ends (the index of its CR), NO_END or BAD_LINE. */
function lineEnd(b, p, end) {
  const stop = Math.min(end, p + MAX_LINE);
  for (let i = p; i < stop; i++) {
    if (b[i] !== CR) continue;
    if (i + 1 >= end) return NO_END;
    return b[i + 1] === LF ? i : BAD_LINE;
  }
  return stop < end ? BAD_LINE : NO_END;
}

// A header cut by the segment's end may only hold what such a header holds so far: a sign and
// digits for the types with a number
const NUMERIC = new Set(['integer', 'bulk', 'array', 'verbatim', 'map', 'set', 'push', 'attribute', 'blob_error']);
function plausibleStart(type, b, s, e) {
  if (!NUMERIC.has(type)) return true;
  for (let i = s; i < e; i++) if (!((b[i] >= 0x30 && b[i] <= 0x39) || (i === s && (b[i] === 0x2d || b[i] === 0x2b)) || b[i] === CR)) return false;
  return true;
}

// The RESP3 double grammar, and what a segment's first error or simple string must look like for
// the segment to be taken as starting with one (text lines beginning '-' or '+' in the middle of a
// value otherwise read as values)
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ERROR_CODE = /^[A-Z][A-Z_]*( |$)/;
const PRINTABLE = /^[\x20-\x7e]*$/;

/** What readValue returns when the segment's value budget or nesting depth is spent: stop there. */
const SPENT = { value: null, next: -1 };

function text(b, s, e) {
  return bytesText(b, s, e, 'utf8');
}

/** A decimal integer (optionally signed) in b[s, e), or NaN. */
function decimal(b, s, e) {
  if (e <= s || e - s > 20) return NaN;
  let i = s;
  const neg = b[i] === 0x2d;
  if (neg || b[i] === 0x2b) i++;
  if (i === e) return NaN;
  let n = 0;
  for (; i < e; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return neg ? -n : n;
}

/**
 * Reads the value at p: returns {value, next} where next is where it ends (past `end` when the
 * segment cuts it; then value.partial is true), null when the bytes at p are not a value, or SPENT
 * when `budget.n` (values read so far, to bound the work on a segment of many tiny ones) or the
 * depth ran out. An attribute (RESP3 `|`) is read with the value it annotates, as that value's
 * `attributes`.
 */
function readValue(b, p, end, depth, budget, first) {
  if (p >= end) return null;
  if (++budget.n > MAX_VALUES || depth >= MAX_DEPTH) return SPENT;
  const type = TYPES[String.fromCharCode(b[p])];
  if (type === undefined) return null;
  const le = lineEnd(b, p + 1, end);
  if (le === BAD_LINE) return null;
  if (le === NO_END) {
    // the header line goes on past the segment: only a start is known. Not for a segment's first
    // value: the middle of a value that happens to begin with a type character looks the same
    return !first && plausibleStart(type, b, p + 1, end) ? { value: { type, value: undefined, partial: true }, next: end + 1 } : null;
  }
  const after = le + 2;
  switch (type) {
    case 'simple':
    case 'error': {
      const t = text(b, p + 1, le);
      if (first && !(type === 'error' ? ERROR_CODE.test(t) : PRINTABLE.test(t))) return null;
      return { value: { type, value: t }, next: after };
    }
    case 'integer': {
      const n = decimal(b, p + 1, le);
      if (Number.isNaN(n)) return null;
      return { value: { type, value: Number.isSafeInteger(n) ? n : text(b, p + 1, le) }, next: after };
    }
    case 'null':
      return le === p + 1 ? { value: { type, value: null }, next: after } : null;
    case 'boolean':
      return le === p + 2 && (b[p + 1] === 0x74 || b[p + 1] === 0x66) ? { value: { type, value: b[p + 1] === 0x74 }, next: after } : null;
    case 'double': {
      const t = text(b, p + 1, le);
      if (/^[+-]?(inf|nan)$/.test(t)) return { value: { type, value: t }, next: after }; // Redis 7 sends -nan too
      const n = Number(t);
      if (!DOUBLE.test(t)) return null;
      return { value: { type, value: Number.isFinite(n) ? n : t }, next: after }; // past the double range: the text
    }
    case 'bignum':
      return /^[+-]?\d+$/.test(text(b, p + 1, le)) ? { value: { type, value: text(b, p + 1, le) }, next: after } : null;
    case 'bulk':
    case 'verbatim':
    case 'blob_error': {
      const len = decimal(b, p + 1, le);
      if (type === 'bulk' && len === -1) return { value: { type: 'null', value: null, length: -1, from: 'bulk' }, next: after }; // RESP2's null bulk string
      if (!(len >= 0 && len <= MAX_LENGTH)) return null;
      // a verbatim string starts with its 3-letter format and ':' ("txt:", "mkd:")
      if (type === 'verbatim' && (len < 4 || (after + 3 < end && b[after + 3] !== 0x3a))) return null;
      const stop = after + len;
      const v = { type, value: undefined, length: len };
      const from = type === 'verbatim' ? after + 4 : after;
      if (type === 'verbatim') v.format = text(b, after, Math.min(after + 3, end));
      if (stop + 2 <= end) {
        if (b[stop] !== CR || b[stop + 1] !== LF) return null;
        v.value = text(b, from, stop);
        return { value: v, next: stop + 2 };
      }
      v.value = from < end ? text(b, from, Math.min(stop, end)) : '';
      v.partial = true;
      return { value: v, next: stop + 2 };
    }
    default: {
      // array, set, push; map and attribute hold twice as many values as their count (`length`
      // is that number of values)
      let count = decimal(b, p + 1, le);
      if (type === 'array' && count === -1) return { value: { type: 'null', value: null, length: -1, from: 'array' }, next: after }; // RESP2's null array
      if (!(count >= 0 && count <= 0x7fffffff)) return null;
      if (type === 'map' || type === 'attribute') count *= 2;
      const items = [];
      let q = after;
      for (let i = 0; i < count; i++) {
        if (q >= end) return { value: { type, value: items, length: count, partial: true }, next: end + 1 };
        const item = readValue(b, q, end, depth + 1, budget, false);
        if (item === null) return null;
        if (item === SPENT) return { value: { type, value: items, length: count, partial: true }, next: end + 1 };
        items.push(item.value);
        q = item.next;
        if (item.value.partial) return { value: { type, value: items, length: count, partial: true }, next: q };
      }
      const value = { type, value: items, length: count };
      if (type !== 'attribute') return { value, next: q };
      // an attribute annotates the value after it: read that one and hang the attribute on it
      if (q >= end) return { value: Object.assign(value, { partial: true }), next: end + 1 };
      const annotated = readValue(b, q, end, depth, budget, first);
      if (annotated === null || annotated === SPENT) return annotated;
      annotated.value.attributes = items;
      return annotated;
    }
  }
}

// Commands people type inline (telnet, nc, load balancers' health checks): an inline line is
// taken for one only when it starts with one of these, so the tail of a text value ("good
// morning\r\n") is not read as a command. (The tail of a text value that begins with one of these
// words still reads as a command.)
const INLINE_COMMANDS = new Set(('PING INFO QUIT ECHO AUTH SELECT HELLO GET SET DEL UNLINK EXISTS KEYS SCAN TYPE TTL PTTL ' +
  'EXPIRE PERSIST INCR DECR INCRBY DECRBY INCRBYFLOAT APPEND STRLEN MGET MSET SETEX SETNX GETSET GETDEL RENAME HGET ' +
  'HSET HDEL HGETALL HKEYS HLEN HINCRBY HMGET LPUSH RPUSH LPOP RPOP BLPOP BRPOP LLEN LRANGE LINDEX SADD SREM SMEMBERS ' +
  'SCARD SISMEMBER ZADD ZREM ZRANGE ZCARD ZSCORE ZINCRBY DBSIZE FLUSHDB FLUSHALL CONFIG CLIENT COMMAND MONITOR ' +
  'SUBSCRIBE PSUBSCRIBE UNSUBSCRIBE PUBLISH MULTI EXEC DISCARD WATCH SAVE BGSAVE LASTSAVE TIME ROLE REPLICAOF SLAVEOF ' +
  'SHUTDOWN SLOWLOG LATENCY MEMORY CLUSTER READONLY EVAL EVALSHA SCRIPT XADD XLEN XRANGE XREAD OBJECT DEBUG').split(' '));

/** The words of an inline command: separated by spaces or tabs, "quoted" or 'quoted' as redis-cli reads them. */
function inlineWords(line) {
  const words = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^ \t]+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]);
  return words;
}

/**
 * An inline command at p (words and a line end, CRLF or LF, as typed into telnet or nc), or null.
 * In a segment, only printable lines that start with a known command name count (see
 * INLINE_COMMANDS). `any`: the bytes are known to be one whole line of a client's stream, as a
 * tool that follows the connection from its start finds it; then any line is a command, as Redis
 * takes it.
 */
function readInline(b, p, end, any = false) {
  const stop = any ? end : Math.min(end, p + MAX_INLINE);
  let le = p;
  while (le < stop && b[le] !== LF) le++;
  if ((le >= stop && !any) || le === p) return null;
  const lineStop = le > p && b[le - 1] === CR ? le - 1 : le;
  if (!any) for (let i = p; i < lineStop; i++) if ((b[i] < 0x20 && b[i] !== 0x09) || b[i] > 0x7e) return null;
  const line = text(b, p, lineStop);
  const words = inlineWords(line);
  if (words.length === 0 || (!any && !INLINE_COMMANDS.has(words[0].toUpperCase()))) return null;
  return { value: { type: 'inline', value: line, words }, next: Math.min(le + 1, end) };
}

/**
 * Walks the values from `start`: calls visit(value) for each. Returns false when the bytes at
 * `start` are not a value, or when a value held whole is followed by bytes that are not one.
 */
function walk(b, start, end, client, visit) {
  const budget = { n: 0 };
  let p = start;
  for (let n = 0; p < end; n++) {
    let item = readValue(b, p, end, 0, budget, n === 0);
    if (item === SPENT) break; // enough for one segment: what was read stands
    if (item === null && client) item = readInline(b, p, end);
    if (item === null) return n > 0 && budget.n > MAX_VALUES;
    if (visit !== null) visit(item.value);
    p = item.next;
  }
  return true;
}

/** A command: an array of bulk strings, or an inline line. */
function isCommand(v) {
  if (v.type === 'inline') return true;
  return v.type === 'array' && Array.isArray(v.value) && v.value.length > 0 && v.value.every((x) => x.type === 'bulk') && typeof v.value[0].value === 'string';
}

/** Which way the bytes went when no port says: commands are arrays of bulk strings. */
function guessClient(b, p, end) {
  const seen = [];
  if (!walk(b, p, end, true, (v) => seen.push(v))) return false;
  return seen.length > 0 && seen.every(isCommand);
}

/**
 * One whole value, as a tool that splits a reassembled stream finds it (or its first bytes, when
 * the tool kept only those: the value is then partial), read into a RespValue; a client's inline
 * command too (see readInline). With `options.request`, a
 * client's bytes are read as Redis reads a request: a value only when they start with '*', any
 * other line an inline command ('$3' is one, not a bulk string's header). Undefined when the
 * bytes are not a value.
 * @param {Uint8Array} bytes
 * @param {boolean} fromClient
 * @param {{request?: boolean}} [options]
 */
function parseValue(bytes, fromClient, options) {
  if (fromClient && options && options.request && bytes[0] !== 0x2a) {
    const line = readInline(bytes, 0, bytes.length, true);
    return line !== null ? line.value : undefined;
  }
  const item = readValue(bytes, 0, bytes.length, 0, { n: 0 }, false);
  if (item !== null && item !== SPENT) return item.value;
  const inline = fromClient ? readInline(bytes, 0, bytes.length) : null;
  return inline !== null ? inline.value : undefined;
}

class RESP extends SegmentLayer {
  /** Whether a segment starts with a value (TCP asks before making the layer). */
  static accepts(buf, start, end) {
    const client = sentToServer(guessClient, buf, start, end);
    return walk(buf, start, end, client, null);
  }

  constructor() {
    super();
    this._values = null; // read on first use
    this._commands = undefined;
  }

  /**
   * Keeps the segment at buf[offset, end) for the getters and notes which side sent it; a value the
   * capture cut short sets `error` (`ctx` is the PcapPacket). Never throws.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._keep(buf, offset, end, guessClient);
    // a value running on into the next segment is how a stream goes; only a segment the capture
    // cut short (its IP length runs past the captured bytes) makes the layer truncated
    if (ipPayload.end > end) {
      const last = this.values[this.values.length - 1];
      if (last !== undefined && last.partial) markError(this, ctx, 'value truncated', offset, ipPayload.end - offset, end - offset);
    }
    return this;
  }

  /** True when the bytes do not start with a value (the middle of a stream). */
  get continuation() {
    if (this._continuation === undefined) this._continuation = !walk(this._b, this._o, this._end, this._client, null);
    return this._continuation;
  }

  /** The values that start in the segment, in order; read on first use and kept. */
  get values() {
    if (this._values === null) {
      const out = [];
      walk(this._b, this._o, this._end, this._client, (v) => out.push(v));
      this._values = out;
    }
    return this._values;
  }

  /** Client: each command as its words; a command the segment cuts has the words it holds (its `partial` value says so). */
  get commands() {
    if (!this._client) return undefined;
    if (this._commands === undefined) {
      this._commands = this.values.filter(isCommand).map((v) => (v.type === 'inline' ? v.words.slice() : v.value.filter((x) => typeof x.value === 'string').map((x) => x.value)));
    }
    return this._commands;
  }

  /** Client segments: the first command's name, upper case ('SET', ...); else undefined. */
  get command() {
    const c = this.commands;
    return c !== undefined && c.length > 0 && c[0].length > 0 ? String(c[0][0]).toUpperCase() : undefined;
  }

  /** simple_capture's text: `RESP SET "key" "value"`, `RESP +OK`, `RESP $5 "hello"`. */
  toString() {
    return respPart(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

defineLayer(RESP, { name: 'resp', fields: ['fromClient', 'continuation', 'command', 'commands', 'values'] });

module.exports = { RESP, TYPES, parseValue, isCommand };
