'use strict';
// HPACK (RFC 7541): the header compression of HTTP/2, decoding only. One decoder per direction of
// a connection, fed every header block of that direction in order: the dynamic table it keeps is
// what later blocks refer to, so a block that cannot be decoded (or a lost one) ends the
// decoder's use. Never throws: decode() returns the fields or an error message.

// The static table (Appendix A): index 1 to 61
const STATIC = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'], [':scheme', 'http'],
  [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'], [':status', '304'], [':status', '400'],
  [':status', '404'], [':status', '500'], ['accept-charset', ''], ['accept-encoding', 'gzip, deflate'], ['accept-language', ''],
  ['accept-ranges', ''], ['accept', ''], ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''],
  ['cache-control', ''], ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''], ['expect', ''],
  ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''],
  ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''], ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''],
  ['proxy-authorization', ''], ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];

// The Huffman code (Appendix B) is canonical: codes of one length count up in symbol order, and
// each length's first code follows from the shorter ones. So the bit length of each symbol's
// code (0 to 255, then 256, end of string), one base-36 digit each, defines the whole code.
const CODE_LENGTHS =
  'dnsssssssoussussssssssusssssssss6aacd68baa8b8666555666666678f6cad67777777777777777777777878djde6f56565666577666567655677777fbedskmkkmmmnmnnnnnonoomnonnnnlmnmnnomlkmmnnlnmmolmnnllmlnmnnkmmmnmmnqqkjmnmpqqqrrqopjlqrrqrollqqsrrrkoklmllnmmppooqnqrqqrrrrrsrrrrrqu';
const EOS = 256;
const MAX_CODE_LENGTH = 30;

/** Per code length: the first code, where its symbols start in `symbols`, and how many there are. */
const huffman = (() => {
  const lengths = Array.from(CODE_LENGTHS, (c) => parseInt(c, 36));
  const symbols = lengths.map((_, s) => s).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const first = new Array(MAX_CODE_LENGTH + 1).fill(0);
  const start = new Array(MAX_CODE_LENGTH + 1).fill(0);
  const count = new Array(MAX_CODE_LENGTH + 1).fill(0);
  for (const len of lengths) count[len]++;
  let code = 0;
  let at = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    code = (code + count[len - 1]) * 2;
    first[len] = code;
    start[len] = at;
    at += count[len];
  }
  return { symbols, first, start, count };
})();

/** Huffman-coded bytes as text (latin1, as HTTP field bytes are), or null when they are not a valid code. */
function huffmanDecode(b, from, to) {
  const { symbols, first, start, count } = huffman;
  const out = [];
  let code = 0;
  let len = 0;
  for (let i = from; i < to; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((b[i] >> bit) & 1);
      len++;
      const k = code - first[len];
      if (k >= 0 && k < count[len]) {
        const sym = symbols[start[len] + k];
        if (sym === EOS) return null; // the end-of-string code is never sent (5.2)
        out.push(sym);
        code = 0;
        len = 0;
      } else if (len === MAX_CODE_LENGTH) return null;
    }
  }
  // padding: the most significant bits of EOS (all ones), shorter than a byte
  if (len > 7 || code !== 2 ** len - 1) return null;
  return Buffer.from(out).toString('latin1');
}

/** An integer with an n-bit prefix at b[p] (5.1): {value, next}, or undefined when it runs past `end` or past 2^31. */
function readInteger(b, p, end, n) {
  if (p >= end) return undefined;
  const max = (1 << n) - 1;
  let value = b[p] & max;
  p++;
  if (value < max) return { value, next: p };
  for (let shift = 0; ; shift += 7) {
    if (p >= end || shift > 28) return undefined;
    const c = b[p++];
    value += (c & 0x7f) * 2 ** shift;
    if (value > 0x7fffffff) return undefined;
    if ((c & 0x80) === 0) return { value, next: p };
  }
}

/** A string literal at p (5.2): {text, next}, or undefined. */
function readString(b, p, end) {
  if (p >= end) return undefined;
  const huffmanCoded = (b[p] & 0x80) !== 0;
  const n = readInteger(b, p, end, 7);
  if (n === undefined || n.next + n.value > end) return undefined;
  const stop = n.next + n.value;
  const text = huffmanCoded ? huffmanDecode(b, n.next, stop) : b.toString('latin1', n.next, stop);
  return text === null ? undefined : { text, next: stop };
}

// The largest dynamic table followed: a size update may ask for up to what the decoding side
// announced in SETTINGS_HEADER_TABLE_SIZE (6.3), which could be 4 GiB; real peers use 4 to 64 KiB
const TABLE_SIZE_MAX = 1 << 20;

/** Decodes the header blocks of one direction of an HTTP/2 connection, keeping its dynamic table. */
class HpackDecoder {
  constructor() {
    // the dynamic table, oldest first from `oldest` on (a ring kept in an array: adding and
    // evicting cost the same however long the table)
    this.entries = [];
    this.oldest = 0;
    this.size = 0; // octets, counted as 4.1 says: name + value + 32 per entry
    this.maxSize = 4096; // SETTINGS_HEADER_TABLE_SIZE's initial value, until the encoder says otherwise
    this.limit = 4096; // the largest size the decoding side has announced (see allow())
  }

  /** The dynamic table's entries, newest first ([name, value]). */
  get dynamic() {
    return this.entries.slice(this.oldest).reverse();
  }

  /** The decoding side announced SETTINGS_HEADER_TABLE_SIZE `size`: size updates up to it are allowed (up to TABLE_SIZE_MAX). */
  allow(size) {
    this.limit = Math.min(Math.max(this.limit, size), TABLE_SIZE_MAX);
  }

  /**
   * Decodes one whole header block (a HEADERS or PUSH_PROMISE and its CONTINUATIONs). Past
   * `maxListSize` octets of fields (name + value + 32 each, as SETTINGS_MAX_HEADER_LIST_SIZE
   * counts them) the block is still decoded, to keep the table in step, but no more fields are
   * kept and `tooLarge` is set: repeated references to a large entry can make a small block
   * stand for gigabytes.
   * @returns {{fields: string[], tooLarge: boolean}|{error: string}} `fields` is [name, value, ...] in order
   */
  decode(b, from = 0, to = b.length, maxListSize = Infinity) {
    const fields = [];
    let listSize = 0;
    let tooLarge = false;
    const keep = (name, value) => {
      listSize += name.length + value.length + 32;
      if (listSize > maxListSize) tooLarge = true;
      else fields.push(name, value);
    };
    let p = from;
    while (p < to) {
      const c = b[p];
      if (c & 0x80) {
        // 6.1: an indexed field
        const i = readInteger(b, p, to, 7);
        const entry = i && this.entry(i.value);
        if (entry === undefined) return { error: `header index ${i ? i.value : '?'} is not in the table` };
        keep(entry[0], entry[1]);
        p = i.next;
      } else if ((c & 0xe0) === 0x20) {
        // 6.3: a dynamic table size update
        const size = readInteger(b, p, to, 5);
        if (size === undefined) return { error: 'a table size update is cut short' };
        if (size.value > this.limit) return { error: `a table size update to ${size.value} octets, over the ${this.limit} allowed` };
        this.maxSize = size.value;
        this.evict(0);
        p = size.next;
      } else {
        // 6.2: a literal field, added to the table (01), or not (0000, and 0001: never indexed)
        const indexed = (c & 0xc0) === 0x40;
        const index = readInteger(b, p, to, indexed ? 6 : 4);
        if (index === undefined) return { error: 'a header field is cut short' };
        p = index.next;
        let name;
        if (index.value === 0) {
          const s = readString(b, p, to);
          if (s === undefined) return { error: 'a header name is cut short or badly coded' };
          name = s.text;
          p = s.next;
        } else {
          const entry = this.entry(index.value);
          if (entry === undefined) return { error: `header index ${index.value} is not in the table` };
          name = entry[0];
        }
        const value = readString(b, p, to);
        if (value === undefined) return { error: `the value of header ${JSON.stringify(name)} is cut short or badly coded` };
        p = value.next;
        keep(name, value.text);
        if (indexed) this.add(name, value.text);
      }
    }
    return { fields, tooLarge };
  }

  /** Table entry `i` (1-based: the static table, then the dynamic one newest first), or undefined. */
  entry(i) {
    if (i >= 1 && i <= STATIC.length) return STATIC[i - 1];
    const k = this.entries.length - 1 - (i - STATIC.length - 1);
    return k >= this.oldest && k < this.entries.length ? this.entries[k] : undefined;
  }

  add(name, value) {
    const size = name.length + value.length + 32;
    this.evict(size);
    // an entry larger than the whole table empties it and is not added (4.4)
    if (size <= this.maxSize) {
      this.entries.push([name, value]);
      this.size += size;
    }
  }

  /** Drops the oldest entries until `room` more octets fit. */
  evict(room) {
    while (this.oldest < this.entries.length && this.size + room > this.maxSize) {
      const [name, value] = this.entries[this.oldest];
      this.entries[this.oldest++] = undefined;
      this.size -= name.length + value.length + 32;
    }
    // let the evicted slots go once they are the larger part
    if (this.oldest > 64 && this.oldest * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.oldest);
      this.oldest = 0;
    }
  }
}

module.exports = { HpackDecoder, huffmanDecode };
