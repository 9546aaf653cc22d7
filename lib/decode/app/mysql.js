'use strict';
// MySQL's client/server protocol (MariaDB speaks it too) on TCP 3306: the packets that start in a
// segment, decoded per segment as PostgreSQL's messages are (no reassembly: a packet longer than
// its segment is read as far as the segment goes, and marked `partial`). A segment in the middle
// of a packet gets no layer (see accepts()). Which side sent a segment comes from the port the
// decoder was chosen by; decode.layer('mysql', bytes) has no ports and guesses from the first packet.
//
// What a server packet is depends on the command it answers, which an earlier segment held. The
// packets of one segment are read in order, so an answer read from its start is read right: a
// result's column count, the column definitions, an EOF, the rows, the EOF or OK that ends them,
// and the next result when the server says more follow. A segment that begins in the middle of an
// answer tells packets by their first byte, their shape and the packets after them: 0xff an error,
// 0xfe (shorter than 16 MiB) the EOF or OK after the rows, a column definition by its whole
// layout, a count followed by a definition a later result, anything else a row. An OK that is not
// where an answer starts (sequence 1, or after a result that said more follow) is taken for one
// only when it is the segment's only packet and reads exactly as one; else it is a row (the empty
// string first, or the binary protocol). Compressed connections (CLIENT_COMPRESS) are not read:
// their packets are not these, and a server's may pass for them.
//
// Fields:
//   fromClient     true for packets to the server, false for the server's
//   continuation   true when the bytes do not start with packets (decode.layer only; then
//                  `packets` is empty)
//   packets        [{length, number, kind, partial?, ...}] of the packets that start here (not one
//                  whose 4-byte header the segment cuts): `length` is the payload's, `number` the
//                  sequence id, `kind` one of
//                    client: 'command' (command, commandName, and the command's own fields:
//                            query, queryAttributes, schema, statementId, ...), 'login',
//                            'ssl_request', 'data' (an authentication exchange's reply, or a LOAD
//                            DATA LOCAL file's bytes)
//                    server: 'handshake', 'ok', 'error', 'progress' (MariaDB), 'eof', 'result' (a
//                            result's column count), 'column', 'row', 'prepare_ok',
//                            'auth_switch', 'auth_more_data', 'local_infile'
//                    either: 'unknown' when the segment ends right after its header
//   command        the first command's name ('COM_QUERY', 'COM_STMT_EXECUTE', ...)
//   query          the SQL of the first COM_QUERY or COM_STMT_PREPARE
//   serverError    the first error packet's {code, sqlState, message}
//   rowCount       how many row packets start here (server)

const { defineLayer } = require('../layer');
const { view, text, nulEnd } = require('../bytes');
const { SegmentLayer, sideByWalking } = require('./segment_layer');
const { mysqlPart } = require('../print/summary');

const MAX_PACKETS = 1 << 16; // per segment: each is at least 4 bytes, and a segment at most 256 KiB (loopback GSO)
const MAX_PAYLOAD = 0xffffff; // a payload of exactly this length goes on in the next packet
// A length above this is not taken for a segment's first packet: three bytes of text read as a
// little-endian length are at least 0x202020 (2 MiB), so the middle of a query or of a result is
// not mistaken for a packet. (A segment that starts with a packet over 2 MB, a huge query or row,
// then gets no layer.)
const MAX_FIRST_LENGTH = 2000000;
// A client packet in an authentication exchange, or a LOAD DATA LOCAL file's, that starts a
// segment with no command byte to check: only a short one is taken
const MAX_FIRST_DATA_LENGTH = 65536;

// Capability flags (the handshake's and the login's)
const CLIENT_MYSQL = 0x1; // MariaDB: clear when the reserved bytes carry MariaDB's own flags
const CLIENT_CONNECT_WITH_DB = 0x8;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SSL = 0x800;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;
const CLIENT_CONNECT_ATTRS = 0x100000;
const CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x200000;
const SERVER_MORE_RESULTS_EXISTS = 0x0008;
const SERVER_SESSION_STATE_CHANGED = 0x4000;
const SESSION_TRACK_SCHEMA = 1;

// (COM_SLEEP, 0x00, is the server's own: no client sends it, and a compressed packet's header
// would read as it)
const COMMANDS = {
  0x01: 'COM_QUIT', 0x02: 'COM_INIT_DB', 0x03: 'COM_QUERY', 0x04: 'COM_FIELD_LIST', 0x05: 'COM_CREATE_DB',
  0x06: 'COM_DROP_DB', 0x07: 'COM_REFRESH', 0x08: 'COM_SHUTDOWN', 0x09: 'COM_STATISTICS', 0x0a: 'COM_PROCESS_INFO',
  0x0b: 'COM_CONNECT', 0x0c: 'COM_PROCESS_KILL', 0x0d: 'COM_DEBUG', 0x0e: 'COM_PING', 0x0f: 'COM_TIME', 0x10: 'COM_DELAYED_INSERT',
  0x11: 'COM_CHANGE_USER', 0x12: 'COM_BINLOG_DUMP', 0x13: 'COM_TABLE_DUMP', 0x14: 'COM_CONNECT_OUT', 0x15: 'COM_REGISTER_SLAVE',
  0x16: 'COM_STMT_PREPARE', 0x17: 'COM_STMT_EXECUTE', 0x18: 'COM_STMT_SEND_LONG_DATA', 0x19: 'COM_STMT_CLOSE',
  0x1a: 'COM_STMT_RESET', 0x1b: 'COM_SET_OPTION', 0x1c: 'COM_STMT_FETCH', 0x1d: 'COM_DAEMON', 0x1e: 'COM_BINLOG_DUMP_GTID',
  0x1f: 'COM_RESET_CONNECTION', 0xfa: 'COM_STMT_BULK_EXECUTE', // MariaDB
};
// Commands whose whole packet is the command byte: a longer one is not that command
const BARE_COMMANDS = new Set([0x01, 0x09, 0x0a, 0x0e, 0x0f, 0x1f]);
// Commands that name a prepared statement in their first four bytes
const STATEMENT_COMMANDS = new Set([0x17, 0x18, 0x19, 0x1a, 0x1c, 0xfa]);

/** The 3-byte little-endian payload length of the packet at p. */
function payloadLength(b, p) {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
}

function le16(b, o) {
  return b[o] | (b[o + 1] << 8);
}

function le32(b, o) {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

/**
 * A length-encoded integer at o: {value, next}, value null for 0xfb (NULL in a row); undefined
 * when it does not fit before `stop` or starts with 0xff. Eight-byte values above 2^53 lose
 * precision (affected rows and insert ids never get there).
 */
function lenenc(b, o, stop) {
  if (o >= stop) return undefined;
  const c = b[o];
  if (c < 0xfb) return { value: c, next: o + 1 };
  if (c === 0xfb) return { value: null, next: o + 1 };
  if (c === 0xfc) return o + 3 <= stop ? { value: le16(b, o + 1), next: o + 3 } : undefined;
  if (c === 0xfd) return o + 4 <= stop ? { value: b[o + 1] | (b[o + 2] << 8) | (b[o + 3] << 16), next: o + 4 } : undefined;
  if (c === 0xfe) return o + 9 <= stop ? { value: le32(b, o + 1) + le32(b, o + 5) * 0x100000000, next: o + 9 } : undefined;
  return undefined;
}

/** A length-encoded string at o: {text, next}, undefined when it does not fit before `stop`. */
function lenencString(b, o, stop) {
  const n = lenenc(b, o, stop);
  if (n === undefined || n.value === null || n.next + n.value > stop) return undefined;
  return { text: text(b, n.next, n.next + n.value, 'utf8'), next: n.next + n.value };
}

/** The NUL-terminated string at p: {text, next}, next past its NUL (past `stop` when it has none). */
function cString(b, p, stop) {
  const z = nulEnd(b, p, stop);
  return { text: text(b, p, z, 'utf8'), next: z + 1 };
}

/**
 * Where the fixed fields (their length, 0x0c, then 12 bytes) of the column definition whose payload
 * is [s, packetEnd) start; 0 when the segment cuts it before they can be found; -1 when the bytes
 * are not one. A definition is six length-encoded strings (the first the catalog, always "def"),
 * MariaDB's extended metadata when the client asked for it, the fixed fields, and after
 * COM_FIELD_LIST a default value: so a row that begins with the text "def" is not taken for one.
 */
function columnFixedFields(b, s, packetEnd, stop) {
  if (!(s + 4 <= stop && b[s] === 3 && b[s + 1] === 0x64 && b[s + 2] === 0x65 && b[s + 3] === 0x66)) return -1;
  const e = Math.min(packetEnd, stop);
  let p = s;
  for (let i = 0; i < 6; i++) {
    const v = lenenc(b, p, e);
    if (v === undefined || v.value === null) return e < packetEnd ? 0 : -1;
    p = v.next + v.value;
    if (p > e) return e < packetEnd ? 0 : -1;
  }
  if (p >= e) return e < packetEnd ? 0 : -1;
  if (b[p] === 0x0c && p + 13 === packetEnd) return p;
  const extended = lenenc(b, p, e);
  if (extended !== undefined && extended.value !== null) {
    const q = extended.next + extended.value;
    if (q + 13 === packetEnd && (q >= e || b[q] === 0x0c)) return q < e ? q : 0;
  }
  return b[p] === 0x0c && p + 13 < packetEnd ? p : -1; // COM_FIELD_LIST's default value after them
}

function isColumnDefinition(b, s, packetEnd, stop) {
  return columnFixedFields(b, s, packetEnd, stop) >= 0;
}

/**
 * Whether the payload at s, `len` long, is only a length-encoded integer (a result's column
 * count), and MariaDB's byte after it (0 or 1: whether column definitions follow) when there is one.
 */
function isColumnCount(b, s, len, stop) {
  const c = b[s];
  if (c === 0 || (c >= 0xfb && c !== 0xfc && c !== 0xfd)) return false;
  const size = c < 0xfb ? 1 : c === 0xfc ? 3 : 4;
  if (len === size) return true;
  return len === size + 1 && s + len <= stop && b[s + size] <= 1;
}

/** Whether the payload at s reads exactly as an OK packet: header, two integers, status, warnings, info. */
function isOkShape(b, s, e) {
  const affected = lenenc(b, s + 1, e);
  const insert = affected && lenenc(b, affected.next, e);
  return insert !== undefined && affected.value !== null && insert.value !== null && insert.next + 4 <= e;
}

/**
 * Whether the payload at s, `len` long, is COM_STMT_PREPARE_OK (12 bytes, 13 with MySQL 8's
 * metadata byte; its 10th a zero filler). An OK of 12 bytes can look the same: one whose affected
 * rows and insert id are long (0xfc, 0xfd, 0xfe first) and that ends right after its warnings is
 * taken for the OK.
 */
function isPrepareOk(b, s, len, stop) {
  if ((len !== 12 && len !== 13) || s + 10 > stop || b[s] !== 0 || b[s + 9] !== 0) return false;
  if (b[s + 1] < 0xfc || s + len > stop) return true;
  const affected = lenenc(b, s + 1, s + len);
  const insert = affected && lenenc(b, affected.next, s + len);
  return !(insert !== undefined && affected.value !== null && insert.value !== null && insert.next + 4 === s + len);
}

/** Whether the payload at s (after 0xfe) names an authentication plugin: an AuthSwitchRequest. */
function isAuthSwitch(b, s, e) {
  let p = s + 1;
  while (p < e && ((b[p] >= 0x61 && b[p] <= 0x7a) || (b[p] >= 0x30 && b[p] <= 0x39) || b[p] === 0x5f)) p++;
  return p > s + 1 && p < e && b[p] === 0;
}

/**
 * Whether the payload at s is AuthMoreData as servers send it: caching_sha2_password's fast
 * authentication answer (0x01 then 3 or 4) or its public key (PEM text).
 */
function isAuthMoreData(b, s, len, stop) {
  if (b[s] !== 0x01) return false;
  if (len === 2) return s + 2 <= stop && (b[s + 1] === 3 || b[s + 1] === 4);
  return len > 20 && s + 11 <= stop && text(b, s + 1, s + 11) === '-----BEGIN';
}

/**
 * Whether the payload at s is a server's greeting (HandshakeV10): protocol 10, a printable
 * version string ending in NUL, and the fields after it. (A row at sequence 0, after 256 packets,
 * may start with 0x0a too: the greeting is always alone in its segment, and read whole.)
 */
function isHandshake(b, s, len, stop) {
  if (b[s] !== 0x0a || len < 30 || s + len > stop) return false;
  let p = s + 1;
  while (p < s + len && p < s + 81 && b[p] >= 0x20 && b[p] < 0x7f) p++;
  return p > s + 1 && b[p] === 0 && p + 16 <= s + len;
}

/**
 * Whether bytes at p look like a TLS record's header (after an SSLRequest the stream is TLS):
 * type 20-24, version 3.1-3.4. Read as a packet header that is a payload of 66-263 KB (five
 * lengths in each 64 KiB step), which a segment's first packet then may not have.
 */
function isTlsRecord(b, p) {
  return b[p] >= 20 && b[p] <= 24 && b[p + 1] === 3 && b[p + 2] >= 1 && b[p + 2] <= 4;
}

/**
 * Whether the packet at p, a segment's first, is one: a plausible length, and a start that fits
 * its side and sequence number.
 */
function firstPacketPlausible(b, p, end, client) {
  if (p + 5 > end) return false;
  const len = payloadLength(b, p);
  const seq = b[p + 3];
  const s = p + 4;
  const c = b[s];
  const next = s + len;
  if (len === 0 || len > MAX_FIRST_LENGTH || isTlsRecord(b, p)) return false;
  if (client) {
    if (seq === 0) return COMMANDS[c] !== undefined && (!BARE_COMMANDS.has(c) || len === 1);
    if (seq === 1) return isLogin(b, s, len, end);
    return len <= MAX_FIRST_DATA_LENGTH;
  }
  if (c === 0xff) return len >= 3;
  // sequence 0: the greeting, or a row after 256 packets of a result (one held whole can be checked)
  if (seq === 0) return (next === end && isHandshake(b, s, len, end)) || (next <= end && isTextRow(b, s, next));
  if (c === 0x00 || c === 0xfe || isColumnDefinition(b, s, next, end)) return true;
  if (isColumnCount(b, s, len, end) && (seq === 1 || (next + 8 <= end && isColumnDefinition(b, next + 4, next + 4 + payloadLength(b, next), end)))) return true;
  if (seq === 1 && c === 0xfb && next === end) return true; // LOCAL INFILE
  if (isAuthMoreData(b, s, len, end)) return true;
  return next <= end && isTextRow(b, s, next); // a row: only one held whole can be checked
}

/** Whether a login (HandshakeResponse41 or its SSLRequest) starts at s: the protocol-41 flag and a zero filler. */
function isLogin(b, s, len, end) {
  if (len < 32 || s + 32 > end) return false;
  if (!(le16(b, s) & CLIENT_PROTOCOL_41)) return false;
  for (let i = 9; i < 28; i++) if (b[s + i] !== 0) return false; // MariaDB puts its own flags in the last 4 filler bytes
  return true;
}

/** Whether [s, e) reads as a text-protocol row: length-encoded strings (or NULLs) filling it exactly. */
function isTextRow(b, s, e) {
  let p = s;
  while (p < e) {
    const v = lenenc(b, p, e);
    if (v === undefined) return false;
    p = v.value === null ? v.next : v.next + v.value;
  }
  return p === e;
}

/**
 * Walks the packets from `start`: calls visit(at, next) for each, where `next` is where the packet
 * ends (it may be past `end`). Returns false when the bytes at `start` are not a packet, or when a
 * packet held whole is followed by bytes that are not one (a sequence number out of turn): then
 * this is the middle of a stream, not its packet starts.
 */
function walk(b, start, end, client, visit) {
  let p = start;
  let seq = -1;
  for (let n = 0; p < end && n < MAX_PACKETS; n++) {
    if (p + 4 > end) return n > 0; // a header cut by the segment
    if (n === 0 ? !firstPacketPlausible(b, p, end, client) : !inTurn(b[p + 3], seq)) return false;
    seq = b[p + 3];
    const next = p + 4 + payloadLength(b, p);
    if (visit !== null) visit(p, next);
    p = next;
  }
  return true;
}

/** Whether sequence number `seq` may follow `previous`: the next one, or a new command's (0) or answer's (1). */
function inTurn(seq, previous) {
  return seq === ((previous + 1) & 0xff) || seq <= 1;
}

/**
 * Which way a segment went, when no port says: the side whose packets tile the bytes; when both
 * or neither do, a command (sequence 0, a command byte) or a login is the client's.
 */
function guessClient(b, p, end) {
  return sideByWalking(walk, b, p, end, () => {
    if (p + 5 > end) return false;
    const seq = b[p + 3];
    const c = b[p + 4];
    if (seq === 0) return !(c === 0x0a && payloadLength(b, p) > 1) && c !== 0xff;
    return seq === 1 && isLogin(b, p + 4, payloadLength(b, p), end);
  });
}

// ------------------------------------------------------------------------------ client packets

function readCommand(b, s, stop, m) {
  const c = b[s];
  m.kind = 'command';
  m.command = c;
  m.commandName = COMMANDS[c] !== undefined ? COMMANDS[c] : 'COM_0x' + c.toString(16);
  const p = s + 1;
  if (c === 0x03 && p + 2 <= stop && b[p] < 9 && b[p + 1] === 1) readQueryAttributes(b, p, stop, m);
  else if (c === 0x03 || c === 0x16) m.query = text(b, p, stop, 'utf8');
  else if (c === 0x02 || c === 0x05 || c === 0x06) m.schema = text(b, p, stop, 'utf8');
  else if (c === 0x04) m.table = cString(b, p, stop).text;
  else if (c === 0x0c && p + 4 <= stop) m.connectionId = le32(b, p);
  else if (c === 0x11) readChangeUser(b, p, stop, m);
  else if (c === 0x1b && p + 2 <= stop) m.option = le16(b, p);
  else if (STATEMENT_COMMANDS.has(c) && p + 4 <= stop) {
    m.statementId = le32(b, p);
    if (c === 0x17 && p + 9 <= stop) {
      m.flags = b[p + 4];
      m.iterations = le32(b, p + 5);
    } else if (c === 0x1c && p + 8 <= stop) m.rows = le32(b, p + 4);
    else if (c === 0x18 && p + 6 <= stop) m.parameter = le16(b, p + 4);
  }
}

// Binary-protocol value sizes by type (MYSQL_TYPE_*): fixed, or -1 for a length byte first
// (dates and times), 0 for none (NULL); types not listed are length-encoded strings
const BINARY_SIZE = { 1: 1, 2: 2, 3: 4, 4: 4, 5: 8, 6: 0, 7: -1, 8: 8, 9: 4, 10: -1, 11: -1, 12: -1, 13: 2 };
const MAX_PARAMETERS = 65535;

/** One binary-protocol value at p of type `type` (unsigned: the type's high byte's 0x80): {value, next}, or undefined. */
function binaryValue(b, p, stop, type, unsigned) {
  const size = BINARY_SIZE[type];
  if (size === undefined) {
    const n = lenenc(b, p, stop);
    if (n === undefined || n.value === null || n.next + n.value > stop) return undefined;
    return { value: text(b, n.next, n.next + n.value, 'utf8'), next: n.next + n.value };
  }
  if (size === 0) return { value: null, next: p };
  if (size === -1) { // DATE, DATETIME, TIMESTAMP: y m d [h m s [µs]]; TIME: sign, days, h m s [µs]
    if (p >= stop || p + 1 + b[p] > stop) return undefined;
    return { value: dateText(b, p + 1, b[p], type === 11), next: p + 1 + b[p] };
  }
  if (p + size > stop) return undefined;
  const v = view(b, p, p + size);
  let value;
  if (type === 4) value = shortestFloat(v.readFloatLE(0));
  else if (type === 5) value = v.readDoubleLE(0);
  else if (size === 8) {
    const big = unsigned ? v.readBigUInt64LE(0) : v.readBigInt64LE(0);
    value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
  } else value = unsigned ? v.readUIntLE(0, size) : v.readIntLE(0, size);
  return { value, next: p + size };
}

/** A FLOAT's value with the fewest digits that read back as the same float (0.1, not 0.10000000149011612). */
function shortestFloat(x) {
  if (!Number.isFinite(x)) return x;
  for (let digits = 1; digits < 9; digits++) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

/** A binary DATE/DATETIME/TIMESTAMP ('2026-11-27 19:05:59.000123') or TIME ('-1 02:03:04'). */
function dateText(b, p, n, isTime) {
  const two = (x) => String(x).padStart(2, '0');
  const micro = (o) => (n >= o + 4 ? '.' + String(le32(b, p + o)).padStart(6, '0') : '');
  if (isTime) {
    if (n < 8) return '00:00:00';
    const days = le32(b, p + 1);
    return (b[p] ? '-' : '') + (days ? days + ' ' : '') + `${two(b[p + 5])}:${two(b[p + 6])}:${two(b[p + 7])}` + micro(8);
  }
  if (n < 4) return '0000-00-00';
  const date = `${String(le16(b, p)).padStart(4, '0')}-${two(b[p + 2])}-${two(b[p + 3])}`;
  return n >= 7 ? `${date} ${two(b[p + 4])}:${two(b[p + 5])}:${two(b[p + 6])}` + micro(7) : date;
}

/**
 * The parameters a COM_STMT_EXECUTE payload sends, read with what the answer to the prepare said
 * (a segment alone does not hold it): `count` parameters; `types`, those the last execute of the
 * statement bound, for an execute that does not send them again. Not for MySQL 8's query
 * attributes (CLIENT_QUERY_ATTRIBUTES), which add names and a count.
 * @param {Uint8Array} payload from the command byte (0x17)
 * @param {number} count
 * @param {number[]} [types] each parameter's type, its unsigned flag as 0x8000
 * @returns {{values: Array<number|string|null>, types: number[]}|undefined} undefined when the
 *   bytes do not read as `count` parameters (or were cut)
 */
function executeParameters(payload, count, types) {
  const b = payload;
  const stop = b.length;
  if (!(count > 0) || count > MAX_PARAMETERS || stop < 10 || b[0] !== 0x17) return undefined;
  let p = 10; // command, statement id, flags, iterations
  const nulls = p;
  p += (count + 7) >> 3;
  if (p >= stop) return undefined;
  const bound = b[p++];
  let bind = types;
  if (bound === 1) {
    if (p + 2 * count > stop) return undefined;
    bind = [];
    for (let i = 0; i < count; i++) bind.push(le16(b, p + 2 * i));
    p += 2 * count;
  }
  if (!Array.isArray(bind) || bind.length !== count) return undefined;
  const values = [];
  for (let i = 0; i < count; i++) {
    if (b[nulls + (i >> 3)] & (1 << (i & 7))) {
      values.push(null);
      continue;
    }
    const v = binaryValue(b, p, stop, bind[i] & 0xff, (bind[i] & 0x8000) !== 0);
    if (v === undefined) return undefined;
    values.push(v.value);
    p = v.next;
  }
  return { values, types: bind };
}

/**
 * MySQL 8's query attributes (CLIENT_QUERY_ATTRIBUTES) before a COM_QUERY's SQL: a count, a set
 * count (1), and for each attribute a type, a name and a binary value. SQL never starts with a
 * byte below 9, so such a start is the count. The SQL is shown when the attributes read whole.
 */
function readQueryAttributes(b, p, stop, m) {
  const count = b[p];
  let q = p + 2;
  if (count > 0) {
    const nulls = q;
    q += (count + 7) >> 3;
    if (q >= stop || b[q++] !== 1) return; // types not sent: the attributes cannot be read
    const types = [];
    const names = [];
    for (let i = 0; i < count; i++) {
      if (q + 2 > stop) return;
      types.push(le16(b, q));
      const name = lenencString(b, q + 2, stop);
      if (name === undefined) return;
      names.push(name.text);
      q = name.next;
    }
    const attributes = {};
    for (let i = 0; i < count; i++) {
      if (b[nulls + (i >> 3)] & (1 << (i & 7))) {
        attributes[names[i]] = null;
        continue;
      }
      const v = binaryValue(b, q, stop, types[i] & 0xff, (types[i] & 0x8000) !== 0);
      if (v === undefined) return;
      attributes[names[i]] = v.value;
      q = v.next;
    }
    m.queryAttributes = attributes;
  }
  m.query = text(b, q, stop, 'utf8');
}

/**
 * COM_CHANGE_USER: the user, the authentication data (length-prefixed, as every client since 4.1
 * sends it: CLIENT_SECURE_CONNECTION), the database.
 */
function readChangeUser(b, p, stop, m) {
  const user = cString(b, p, stop);
  m.user = user.text;
  if (user.next >= stop) return;
  const schemaAt = user.next + 1 + b[user.next];
  if (schemaAt >= stop) return;
  const schema = cString(b, schemaAt, stop);
  if (schema.next <= stop) m.schema = schema.text;
}

function readLogin(b, s, len, stop, m) {
  const caps = le32(b, s);
  m.capabilities = caps;
  if (s + 9 <= stop) {
    m.maxPacketSize = le32(b, s + 4);
    m.charset = b[s + 8];
  }
  if (!(caps & CLIENT_MYSQL) && s + 32 <= stop) m.mariadbCapabilities = le32(b, s + 28);
  if (len === 32 && caps & CLIENT_SSL) {
    m.kind = 'ssl_request'; // TLS starts after it: the login itself is encrypted
    return;
  }
  m.kind = 'login';
  if (s + 32 >= stop) return;
  const user = cString(b, s + 32, stop);
  if (user.next > stop) return;
  m.user = user.text;
  let p = user.next;
  let authLength;
  if (caps & CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    const n = lenenc(b, p, stop);
    if (n === undefined || n.value === null) return;
    authLength = n.value;
    p = n.next;
  } else if (caps & CLIENT_SECURE_CONNECTION) {
    if (p >= stop) return;
    authLength = b[p++];
  } else authLength = nulEnd(b, p, stop) + 1 - p;
  p += authLength;
  if (p > stop) return;
  if (caps & CLIENT_CONNECT_WITH_DB) {
    const db = cString(b, p, stop);
    if (db.next > stop) return;
    m.schema = db.text;
    p = db.next;
  }
  if (caps & CLIENT_PLUGIN_AUTH) {
    const plugin = cString(b, p, stop);
    if (plugin.next > stop) return;
    m.authPlugin = plugin.text;
    p = plugin.next;
  }
  if (caps & CLIENT_CONNECT_ATTRS) {
    const total = lenenc(b, p, stop);
    if (total === undefined || total.value === null) return;
    const attrEnd = Math.min(total.next + total.value, stop);
    const attributes = {};
    for (let q = total.next, n = 0; q < attrEnd && n < 256; n++) {
      const k = lenencString(b, q, attrEnd);
      const v = k && lenencString(b, k.next, attrEnd);
      if (v === undefined) break;
      attributes[k.text] = v.text;
      q = v.next;
    }
    m.attributes = attributes;
  }
}

// ------------------------------------------------------------------------------ server packets

function readHandshake(b, s, stop, m) {
  m.kind = 'handshake';
  m.protocolVersion = b[s];
  const version = cString(b, s + 1, stop);
  m.serverVersion = version.text;
  let p = version.next;
  if (p + 4 > stop) return;
  m.connectionId = le32(b, p);
  p += 4 + 8 + 1; // the scramble's first 8 bytes, a filler
  if (p + 2 > stop) return;
  let caps = le16(b, p);
  p += 2;
  if (p + 5 <= stop) {
    m.charset = b[p];
    m.status = le16(b, p + 1);
    caps += le16(b, p + 3) * 0x10000;
  }
  m.capabilities = caps;
  if (p + 16 > stop) return;
  const authLength = b[p + 5];
  if (!(caps & CLIENT_MYSQL)) m.mariadbCapabilities = le32(b, p + 12);
  p += 16; // length, 10 reserved bytes
  if (caps & CLIENT_SECURE_CONNECTION) p += Math.max(13, authLength - 8);
  if (caps & CLIENT_PLUGIN_AUTH && p < stop) m.authPlugin = cString(b, p, stop).text;
}

/** OK (0x00) or the OK that ends a result (0xfe, with CLIENT_DEPRECATE_EOF). */
function readOk(b, s, stop, m) {
  m.kind = 'ok';
  if (b[s] === 0xfe) m.endsRows = true; // CLIENT_DEPRECATE_EOF: the OK in the EOF's place
  const affected = lenenc(b, s + 1, stop);
  if (affected === undefined || affected.value === null) return; // (0xfb, NULL, is no count: malformed)
  m.affectedRows = affected.value;
  const insert = lenenc(b, affected.next, stop);
  if (insert === undefined || insert.value === null) return;
  m.insertId = insert.value;
  let p = insert.next;
  if (p + 4 > stop) return;
  m.status = le16(b, p);
  m.warnings = le16(b, p + 2);
  p += 4;
  if (p >= stop) return;
  // with CLIENT_SESSION_TRACK the info is a length-encoded string (session state may follow);
  // without, it is the rest of the packet
  const info = lenencString(b, p, stop);
  if (info !== undefined && (info.next === stop || m.status & SERVER_SESSION_STATE_CHANGED)) {
    if (info.text !== '') m.info = info.text;
    if (m.status & SERVER_SESSION_STATE_CHANGED) readSessionState(b, info.next, stop, m);
  } else m.info = text(b, p, stop, 'utf8');
}

/** The session state changes an OK reports: the database a statement moved to (SESSION_TRACK_SCHEMA). */
function readSessionState(b, p, stop, m) {
  const total = lenenc(b, p, stop);
  if (total === undefined || total.value === null) return;
  const e = Math.min(total.next + total.value, stop);
  for (let q = total.next, n = 0; q < e && n < 64; n++) {
    const type = b[q];
    const data = lenenc(b, q + 1, e);
    if (data === undefined || data.value === null) return;
    if (type === SESSION_TRACK_SCHEMA) {
      const schema = lenencString(b, data.next, Math.min(data.next + data.value, e));
      if (schema !== undefined) m.schema = schema.text;
    }
    q = data.next + data.value;
  }
}

function readError(b, s, stop, m) {
  m.kind = 'error';
  if (s + 3 > stop) return;
  m.code = le16(b, s + 1);
  let p = s + 3;
  if (m.code === 0xffff) {
    m.kind = 'progress'; // MariaDB's progress report, sent during a long statement
    return;
  }
  if (b[p] === 0x23 && p + 6 <= stop) { // '#' and a five-character SQLSTATE
    m.sqlState = text(b, p + 1, p + 6);
    p += 6;
  }
  m.message = text(b, p, stop, 'utf8');
}

function readColumn(b, s, stop, packetEnd, m) {
  m.kind = 'column';
  let p = s;
  const names = ['catalog', 'schema', 'table', 'orgTable', 'name', 'orgName'];
  for (const k of names) {
    const v = lenencString(b, p, stop);
    if (v === undefined) return;
    if (k !== 'catalog') m[k] = v.text;
    p = v.next;
  }
  const fixed = columnFixedFields(b, s, packetEnd, stop);
  if (fixed <= 0 || fixed + 11 > stop) return;
  p = fixed + 1;
  m.charset = le16(b, p);
  m.columnLength = le32(b, p + 2);
  m.type = b[p + 6];
  m.flags = le16(b, p + 7);
  m.decimals = b[p + 9];
}

/**
 * Reads the packets of one side in order. Server packets are read with what came before them in
 * the segment: `phase` is what is expected next.
 */
class PacketReader {
  constructor(b, end, client) {
    this.b = b;
    this.end = end;
    this.client = client;
    // '': tell by the bytes; 'answer': an answer's first packet; 'auth': an authentication
    // exchange, answered by OK or an error; 'columns': a result's column definitions;
    // 'loose_columns': column definitions whose count an earlier segment held; 'after_columns': the
    // EOF after them, or a row; 'rows': rows, then an EOF or OK; 'definitions': a prepared
    // statement's parameter or column definitions; 'after_definitions': the EOF after a group of
    // them, or the next group's first
    this.phase = '';
    this.left = 0; // definitions still to come in this group
    this.groups = []; // a prepared statement's groups of definitions after this one (their counts)
    this.count = 0; // packets read
    this.single = false; // a packet a tool split from the stream, read alone
    this.prepareAnswer = true; // false: a tool says the answer is not to COM_STMT_PREPARE
  }

  /** The packet whose 4-byte header is at `at` and which ends at `next`. */
  read(at, next) {
    return this.readPayload(at + 4, next, this.b[at + 3]);
  }

  /** A packet's payload from `s` to `next` (past the segment's end when it goes on), sequence id `number`. */
  readPayload(s, next, number) {
    const stop = Math.min(next, this.end);
    const m = { length: next - s, number, kind: 'unknown' };
    if (s < stop) {
      if (this.client) this.readClient(s, stop, m);
      else this.readServer(s, stop, next, m);
    } else if (this.client && next === s) m.kind = 'data'; // an empty packet: the end of a LOAD DATA LOCAL file
    if (next > this.end) m.partial = true; // it goes on in the next segment
    this.count++;
    return m;
  }

  readClient(s, stop, m) {
    const b = this.b;
    if (m.number === 0 && COMMANDS[b[s]] !== undefined) readCommand(b, s, stop, m);
    else if (m.number === 1 && isLogin(b, s, m.length, stop)) readLogin(b, s, m.length, stop, m);
    else m.kind = 'data';
  }

  readServer(s, stop, next, m) {
    const b = this.b;
    const c = b[s];
    const seq = m.number;
    const phase = this.phase;
    const alone = this.single || (this.count === 0 && next === this.end); // the segment's only packet
    if (c === 0xff && m.length >= 3) {
      readError(b, s, stop, m);
      this.phase = m.kind === 'progress' ? 'answer' : ''; // a progress report: the answer comes after it
      return;
    }
    if (seq === 0 && alone && isHandshake(b, s, m.length, stop)) {
      readHandshake(b, s, stop, m);
      return;
    }
    const terminator = c === 0xfe && m.length < MAX_PAYLOAD; // an EOF, or the OK in its place
    if (phase === 'rows') {
      if (terminator) this.readTerminator(s, stop, m);
      else m.kind = 'row';
      return;
    }
    if (phase !== 'after_columns' && isColumnDefinition(b, s, next, stop)) {
      if (phase === 'after_definitions') this.nextGroup(); // no EOF between groups (CLIENT_DEPRECATE_EOF)
      readColumn(b, s, stop, next, m);
      if (this.phase === 'columns' || this.phase === 'definitions') {
        if (--this.left <= 0) this.phase = this.phase === 'columns' ? 'after_columns' : 'after_definitions';
      } else this.phase = 'loose_columns'; // how many is not known: the segment began among them
      return;
    }
    if (terminator) {
      if (m.length < 7 || phase === 'after_columns' || phase === 'loose_columns' || phase === 'columns') this.readTerminator(s, stop, m);
      else if (isAuthSwitch(b, s, stop)) {
        m.kind = 'auth_switch';
        m.authPlugin = cString(b, s + 1, stop).text;
        this.phase = 'auth';
      } else this.readTerminator(s, stop, m);
      return;
    }
    if (phase === 'after_columns' || phase === 'loose_columns') {
      m.kind = 'row';
      this.phase = 'rows';
      return;
    }
    // what starts an answer: sequence 1, or the packet after a result that said more follow
    const answerStart = phase === 'answer' || (seq === 1 && phase === '');
    if (c === 0x00) {
      // COM_STMT_PREPARE_OK (13 bytes with MySQL 8's metadata byte): definitions or nothing follow it
      if (answerStart && seq === 1 && this.prepareAnswer && isPrepareOk(b, s, m.length, stop) && !this.followedBy(next, 0x00)) this.readPrepareOk(s, m);
      else if (phase === 'auth' || (answerStart && !this.followedBy(next, 0x00)) || (alone && isOkShape(b, s, stop))) {
        // (binary rows answer COM_STMT_FETCH from sequence 1: two of them in a row are not an OK)
        readOk(b, s, stop, m);
        this.phase = endOfAnswer(m.status);
      } else {
        m.kind = 'row';
        this.phase = 'rows';
      }
      return;
    }
    if (answerStart && c === 0xfb && alone && m.length > 1) {
      m.kind = 'local_infile'; // the client sends the file; the answer comes after it
      m.filename = text(b, s + 1, stop, 'utf8');
      this.phase = '';
      return;
    }
    if ((answerStart || this.followedByColumn(next)) && isColumnCount(b, s, m.length, stop)) {
      m.kind = 'result';
      const count = lenenc(b, s, stop);
      if (count === undefined) return; // a count of 251 or more, cut by the segment
      m.columnCount = count.value;
      const size = count.next - s;
      if (m.length === size + 1 && b[count.next] === 0) this.phase = 'after_columns'; // MariaDB: the client has them already
      else {
        this.phase = 'columns';
        this.left = m.columnCount;
      }
      return;
    }
    if (this.count === 0 && seq >= 2 && seq <= 5 && isAuthMoreData(b, s, m.length, stop)) {
      m.kind = 'auth_more_data';
      this.phase = 'auth';
      return;
    }
    m.kind = 'row';
    this.phase = 'rows';
  }

  /** The EOF or OK (0xfe) that ends column definitions or rows. */
  readTerminator(s, stop, m) {
    const b = this.b;
    const phase = this.phase;
    if (m.length < 7) {
      m.kind = 'eof';
      if (s + 5 <= stop) {
        m.warnings = le16(b, s + 1);
        m.status = le16(b, s + 3);
      }
      if (phase === 'after_columns' || phase === 'columns' || phase === 'loose_columns') this.phase = 'rows';
      else if (phase === 'after_definitions' || phase === 'definitions') this.nextGroup();
      else this.phase = endOfAnswer(m.status);
      return;
    }
    readOk(b, s, stop, m);
    this.phase = endOfAnswer(m.status);
  }

  /** Whether the packet after the one ending at `next` is in the segment and starts with `byte`. */
  followedBy(next, byte) {
    return next + 5 <= this.end && this.b[next + 4] === byte;
  }

  /** Whether the packet after the one ending at `next` is in the segment and is a column definition. */
  followedByColumn(next) {
    return next + 8 <= this.end && isColumnDefinition(this.b, next + 4, next + 4 + payloadLength(this.b, next), this.end);
  }

  readPrepareOk(s, m) {
    const b = this.b;
    m.kind = 'prepare_ok';
    m.statementId = le32(b, s + 1);
    m.columnCount = le16(b, s + 5);
    m.paramCount = le16(b, s + 7);
    if (s + 12 <= this.end) m.warnings = le16(b, s + 10); // the segment may end before them
    // MySQL 8 (CLIENT_OPTIONAL_RESULTSET_METADATA): a 13th byte of 0 says no definitions follow
    if (m.length === 13 && s + 13 <= this.end) m.metadataFollows = b[s + 12] !== 0;
    this.groups = m.metadataFollows === false ? [] : [m.paramCount, m.columnCount].filter((n) => n > 0);
    this.nextGroup();
  }

  /** A prepared statement's next group of definitions, or the end of its answer. */
  nextGroup() {
    if (this.groups.length === 0) {
      this.phase = '';
      return;
    }
    this.phase = 'definitions';
    this.left = this.groups.shift();
  }
}

/** After an OK or EOF that ends an answer: another result follows when the server says so. */
function endOfAnswer(status) {
  return status !== undefined && status & SERVER_MORE_RESULTS_EXISTS ? 'answer' : '';
}

/**
 * One packet's payload, as a tool that splits a reassembled stream finds it, read into the objects
 * of `packets`. What a server packet is depends on the command it answers: `expect` says what
 * the tool knows comes next ('answer': the first packet of an answer; 'rows': a row or the end
 * of the rows; undefined: tell by the bytes, as a segment's first packet is told).
 * @param {Uint8Array} payload the payload, or its first bytes when the tool did not keep it all
 * @param {number} number the sequence id
 * @param {boolean} fromClient
 * @param {object} [options] {length: the whole payload's length, expect, prepare: whether the
 *   command answered is COM_STMT_PREPARE (false: a 12-byte answer is an OK, never a prepare's)}
 */
function parsePacket(payload, number, fromClient, options = {}) {
  const length = options.length !== undefined ? Math.max(options.length, payload.length) : payload.length;
  const reader = new PacketReader(payload, payload.length, fromClient);
  reader.single = true;
  if (options.prepare === false) reader.prepareAnswer = false;
  if (options.expect === 'answer' || options.expect === 'rows') reader.phase = options.expect;
  return reader.readPayload(0, length, number & 0xff);
}

class MySQL extends SegmentLayer {
  constructor() {
    super();
    this._packets = null; // read on first use
  }

  /** The packets that start in the segment, in order ([] for a continuation); read on first use and kept. */
  get packets() {
    if (this._packets !== null) return this._packets;
    const reader = new PacketReader(this._b, this._end, this._client);
    const out = [];
    // bytes that are not packets all through (a continuation) list none
    if (!walk(this._b, this._o, this._end, this._client, (at, next) => out.push(reader.read(at, next)))) out.length = 0;
    this._packets = out;
    return out;
  }

  /** Client segments: the first command's name ('COM_QUERY', ...); undefined for server segments or without one. */
  get command() {
    if (!this._client) return undefined;
    const m = this.packets.find((x) => x.kind === 'command');
    return m !== undefined ? m.commandName : undefined;
  }

  /** Client segments: the SQL of the first COM_QUERY or COM_STMT_PREPARE; else undefined. */
  get query() {
    const m = this._client ? this.packets.find((x) => x.query !== undefined) : undefined;
    return m !== undefined ? m.query : undefined;
  }

  /** Server segments: the first error packet as {code, sqlState, message}; else undefined. */
  get serverError() {
    const m = this._client ? undefined : this.packets.find((x) => x.kind === 'error');
    return m !== undefined ? { code: m.code, sqlState: m.sqlState, message: m.message } : undefined;
  }

  /** Server segments: how many row packets start in the segment; undefined for client segments. */
  get rowCount() {
    return this._client ? undefined : this.packets.filter((x) => x.kind === 'row').length;
  }

  /** simple_capture's text: `MySQL COM_QUERY "select 1"`, `MySQL result 2 columns, column "id", column "name", EOF, row x3, EOF`. */
  toString() {
    return mysqlPart(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

/** SegmentLayer's hook: walk(b, start, end, client, visit) over the packets from `start` (see walk above). */
MySQL.walk = walk;
/** SegmentLayer's hook: guessClient(b, start, end), which side sent a segment when no port says. */
MySQL.guessClient = guessClient;
/** SegmentLayer's hook: what 'truncated' errors call a message ('packet'). */
MySQL.cutName = 'packet';
defineLayer(MySQL, { name: 'mysql', fields: ['fromClient', 'continuation', 'command', 'query', 'serverError', 'rowCount', 'packets'] });

module.exports = { MySQL, parsePacket, executeParameters };
