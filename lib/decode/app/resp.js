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
//                  'inline'; `value` is a string (simple, error, bulk as text, verbatim), a number
//                  (integer, double), a string of digits (bignum, and integers past 2^53), true or
//                  false, null, or an array of RespValues (array, set, push; map and attribute as
//                  [key, value, key, value...]); bulk strings and aggregates also have `length`
//                  (RESP2's $-1 and *-1 are type 'null' with length -1 and `from` 'bulk' or 'array')
//   commands       client: each command as an array of strings (['SET', 'key', 'value'])
//   command        client: the first command's name, upper case

const { defineLayer, markError } = require('../layer');
const { ipPayload, sentToServer } = require('../registry');
const { view } = require('../bytes');
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

/** Where the CRLF-ended line at p ends (the index of its CR), or -1 when it does not end before `end`. */
function lineEnd(b, p, end) {
  const stop = Math.min(end, p + MAX_LINE);
  for (let i = p; i + 1 < stop; i++) if (b[i] === CR) return b[i + 1] === LF ? i : -1;
  return -1;
}

function text(b, s, e) {
  return view(b, s, e).toString('utf8');
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
 * segment cuts it; then value.partial is true), or null when the bytes at p are not a value.
 * `budget.n` counts values read, to bound the work on a segment of many tiny ones.
 */
function readValue(b, p, end, depth, budget, first) {
  if (p >= end || ++budget.n > MAX_VALUES) return null;
  const type = TYPES[String.fromCharCode(b[p])];
  if (type === undefined) return null;
  const le = lineEnd(b, p + 1, end);
  if (le < 0) {
    // the header line goes on past the segment: only a start is known. Not for a segment's first
    // value: the middle of a value that happens to begin with a type character looks the same
    return !first && end - p < MAX_LINE ? { value: { type, value: undefined, partial: true }, next: end + 1 } : null;
  }
  const after = le + 2;
  switch (type) {
    case 'simple':
    case 'error':
      return { value: { type, value: text(b, p + 1, le) }, next: after };
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
      const s = text(b, p + 1, le);
      const n = Number(s);
      return s !== '' && (!Number.isNaN(n) || /^(nan|[+-]?inf)$/.test(s)) ? { value: { type, value: Number.isNaN(n) ? s : n }, next: after } : null;
    }
    case 'bignum':
      return /^[+-]?\d+$/.test(text(b, p + 1, le)) ? { value: { type, value: text(b, p + 1, le) }, next: after } : null;
    case 'bulk':
    case 'verbatim':
    case 'blob_error': {
      const len = decimal(b, p + 1, le);
      if (type === 'bulk' && len === -1) return { value: { type: 'null', value: null, length: -1, from: 'bulk' }, next: after }; // RESP2's null bulk string
      if (!(len >= 0 && len <= MAX_LENGTH)) return null;
      const stop = after + len;
      if (stop + 2 <= end) {
        if (b[stop] !== CR || b[stop + 1] !== LF) return null;
        return { value: { type, value: text(b, after, stop), length: len }, next: stop + 2 };
      }
      return { value: { type, value: text(b, after, Math.min(stop, end)), length: len, partial: true }, next: stop + 2 };
    }
    default: {
      // array, set, push; map and attribute hold twice as many values as their count
      let count = decimal(b, p + 1, le);
      if (type === 'array' && count === -1) return { value: { type: 'null', value: null, length: -1, from: 'array' }, next: after }; // RESP2's null array
      if (!(count >= 0 && count <= 0x7fffffff)) return null;
      if (type === 'map' || type === 'attribute') count *= 2;
      const items = [];
      let q = after;
      for (let i = 0; i < count; i++) {
        if (q >= end) return { value: { type, value: items, length: count, partial: true }, next: end + 1 };
        if (depth + 1 >= MAX_DEPTH) return null;
        const item = readValue(b, q, end, depth + 1, budget, false);
        if (item === null) return null;
        items.push(item.value);
        q = item.next;
        if (item.value.partial) return { value: { type, value: items, length: count, partial: true }, next: q };
      }
      return { value: { type, value: items, length: count }, next: q };
    }
  }
}

// Commands people type inline (telnet, nc, load balancers' health checks): an inline line is
// taken for one only when it starts with one of these, so the tail of a text value ("hello
// world\r\n") is not read as a command
const INLINE_COMMANDS = new Set(('PING INFO QUIT ECHO AUTH SELECT HELLO GET SET DEL EXISTS KEYS SCAN TYPE TTL PTTL EXPIRE ' +
  'PERSIST INCR DECR INCRBY DECRBY APPEND STRLEN MGET MSET SETEX SETNX GETSET RENAME HGET HSET HDEL HGETALL HKEYS HLEN ' +
  'LPUSH RPUSH LPOP RPOP LLEN LRANGE LINDEX SADD SREM SMEMBERS SCARD SISMEMBER ZADD ZREM ZRANGE ZCARD ZSCORE DBSIZE ' +
  'FLUSHDB FLUSHALL CONFIG CLIENT COMMAND MONITOR SUBSCRIBE PSUBSCRIBE UNSUBSCRIBE PUBLISH MULTI EXEC DISCARD WATCH ' +
  'SAVE BGSAVE LASTSAVE TIME ROLE REPLICAOF SLAVEOF SHUTDOWN SLOWLOG LATENCY MEMORY CLUSTER READONLY EVAL EVALSHA ' +
  'SCRIPT XADD XLEN XRANGE XREAD OBJECT DEBUG').split(' '));

/** An inline command at p (words and a CRLF, as typed into telnet), or null. */
function readInline(b, p, end) {
  const le = lineEnd(b, p, Math.min(end, p + MAX_INLINE));
  if (le <= p) return null;
  for (let i = p; i < le; i++) if (b[i] < 0x20 || b[i] > 0x7e) return null;
  const line = text(b, p, le);
  const word = line.split(' ', 1)[0].toUpperCase();
  return INLINE_COMMANDS.has(word) ? { value: { type: 'inline', value: line }, next: le + 2 } : null;
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
    if (item === null && client) item = readInline(b, p, end);
    if (item === null) return false;
    if (visit !== null) visit(item.value);
    p = item.next;
    if (budget.n > MAX_VALUES) break;
  }
  return true;
}

/** A command: an array of bulk strings, or an inline line. */
function isCommand(v) {
  if (v.type === 'inline') return true;
  return v.type === 'array' && Array.isArray(v.value) && v.value.length > 0 && v.value.every((x) => x.type === 'bulk');
}

/** Which way the bytes went when no port says: commands are arrays of bulk strings. */
function guessClient(b, p, end) {
  const seen = [];
  if (!walk(b, p, end, true, (v) => seen.push(v))) return false;
  return seen.length > 0 && seen.every(isCommand);
}

class RESP {
  /** Whether a segment starts with a value (TCP asks before making the layer). */
  static accepts(buf, start, end) {
    const client = sentToServer(guessClient, buf, start, end);
    return walk(buf, start, end, client, null);
  }

  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._client = false;
    this._values = null; // read on first use
    this.payload = null;
  }

  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    this._client = sentToServer(guessClient, buf, offset, end);
    // a value running on into the next segment is how a stream goes; only a segment the capture
    // cut short (its IP length runs past the captured bytes) makes the layer truncated
    if (ipPayload.end > end) {
      const last = this.values[this.values.length - 1];
      if (last !== undefined && last.partial) markError(this, ctx, 'value truncated', offset, ipPayload.end - offset, end - offset);
    }
    return this;
  }

  get fromClient() { return this._client; }

  get continuation() { return !walk(this._b, this._o, this._end, this._client, null); }

  get values() {
    if (this._values === null) {
      const out = [];
      walk(this._b, this._o, this._end, this._client, (v) => out.push(v));
      this._values = out;
    }
    return this._values;
  }

  get commands() {
    if (!this._client) return undefined;
    return this.values.filter(isCommand).map((v) => (v.type === 'inline' ? v.value.split(/ +/).filter(Boolean) : v.value.map((x) => x.value)));
  }

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

module.exports = { RESP, TYPES };
