'use strict';
// Address formatting. Decoders keep addresses as offsets into the packet and format them only
// when a user reads them (see the getters in each protocol file), so decoding allocates no strings.
//
// The address fields node_pcap 3.x had (Ethernet `shost`/`dhost`, IP `saddr`/`daddr`, the four ARP
// addresses, IGMP `groupAddress`, SLL `address`, 802.11's) are address objects, as node_pcap's
// were: code written for it reads `.addr` (the bytes as an array of numbers), and much of it does.
// They extend String, so they are also the address text everywhere a string is taken: `+`,
// template strings, `==`, String methods, JSON. Only `===` against a string, `typeof` and Map keys
// tell them apart from one; `String(a)` or `a.toString()` gives the primitive.

const util = require('util');

const stringValueOf = String.prototype.valueOf;


const HEX = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

// Captures repeat the same few addresses over and over, so the text of recent ones is kept in
// small direct-mapped caches: the address bytes as 32-bit words pick a slot, and a hit compares the
// words and returns the string without building it again. No allocation on a hit. The cached text
// is joined, not concatenated: join() makes one flat string, where `+` makes a tree of the pieces
// that every copy of it into printed output would walk again.
const SLOTS = 4096; // per address family; a power of two
const macWords = new Int32Array(SLOTS * 2);
const macText = new Array(SLOTS).fill(undefined);
const v4Words = new Int32Array(SLOTS);
const v4Text = new Array(SLOTS).fill(undefined);
const v6Words = new Int32Array(SLOTS * 4);
const v6Text = new Array(SLOTS).fill(undefined);

/** The 4 bytes at `o` as a signed 32-bit word, unchecked: a cache key's part (here and print/flow_prefix.js). */
function word(b, o) {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

/** Spreads the bits of a key's combined words, so that its low bits can pick a cache slot. */
function mixHash(h) {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

function slot(h) {
  return mixHash(h) & (SLOTS - 1);
}

/** Formats `len` bytes at `o` as lower-case colon-separated hex (MAC addresses: len 6). */
function formatMac(b, o, len = 6) {
  if (o + len > b.length || len <= 0) return undefined;
  if (len === 6) {
    const w0 = word(b, o);
    const w1 = (b[o + 4] << 8) | b[o + 5];
    const i = slot(w0 ^ Math.imul(w1, 0x9e3779b1));
    const t = macText[i];
    if (t !== undefined && macWords[2 * i] === w0 && macWords[2 * i + 1] === w1) return t;
    const s = [HEX[b[o]], HEX[b[o + 1]], HEX[b[o + 2]], HEX[b[o + 3]], HEX[b[o + 4]], HEX[b[o + 5]]].join(':');
    macWords[2 * i] = w0;
    macWords[2 * i + 1] = w1;
    macText[i] = s;
    return s;
  }
  let s = HEX[b[o]];
  for (let i = 1; i < len; i++) s += ':' + HEX[b[o + i]];
  return s;
}

/** Dotted quad of the 4 bytes at `o`. */
function formatIPv4(b, o) {
  if (o + 4 > b.length) return undefined;
  const w = word(b, o);
  const i = slot(w);
  const t = v4Text[i];
  if (t !== undefined && v4Words[i] === w) return t;
  const s = [b[o], b[o + 1], b[o + 2], b[o + 3]].join('.');
  v4Words[i] = w;
  v4Text[i] = s;
  return s;
}

/**
 * The 16 bytes at `o` as text per RFC 5952: lower case, no leading zeros, the longest run of two
 * or more zero groups (the first, on a tie) as `::`; IPv4-mapped addresses as ::ffff:a.b.c.d.
 */
function formatIPv6(b, o) {
  if (o + 16 > b.length) return undefined;
  const w0 = word(b, o);
  const w1 = word(b, o + 4);
  const w2 = word(b, o + 8);
  const w3 = word(b, o + 12);
  const i = slot(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35));
  const t = v6Text[i];
  const k = 4 * i;
  if (t !== undefined && v6Words[k] === w0 && v6Words[k + 1] === w1 && v6Words[k + 2] === w2 && v6Words[k + 3] === w3) return t;
  const s = ipv6Text(b, o);
  v6Words[k] = w0;
  v6Words[k + 1] = w1;
  v6Words[k + 2] = w2;
  v6Words[k + 3] = w3;
  v6Text[i] = s;
  return s;
}

function ipv6Text(b, o) {
  // the longest run of zero groups
  let best = -1;
  let bestLen = 1;
  let run = 0;
  for (let i = 0; i < 8; i++) {
    if (b[o + 2 * i] === 0 && b[o + 2 * i + 1] === 0) {
      run++;
      if (run > bestLen) {
        bestLen = run;
        best = i - run + 1;
      }
    } else {
      run = 0;
    }
  }
  if (best === 0 && bestLen === 5 && b[o + 10] === 0xff && b[o + 11] === 0xff) return '::ffff:' + formatIPv4(b, o + 12);
  const parts = [];
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      // an empty part where the run was, so that join() puts '::' there; one more at either end
      if (i === 0) parts.push('');
      parts.push('');
      i += bestLen - 1;
      if (i === 7) parts.push('');
      continue;
    }
    parts.push(((b[o + 2 * i] << 8) | b[o + 2 * i + 1]).toString(16));
  }
  return parts.join(':');
}

/**
 * An address read from a packet: its text (a String object) and node_pcap's `addr`, the bytes as
 * an array of numbers. `addr` is read back from the text, so an address holds no reference to the
 * packet and costs one small object to make. This base class is the plain-hex form (ARP addresses
 * of unusual sizes).
 */
class PacketAddress extends String {
  /**
   * The text, for every conversion (`String(a)`, `${a}`, `a + ''`, `a == 'x'`), as a String
   * object's valueOf and toString give it. Found on the object's own prototype, this skips the
   * generic lookup (a miss for this symbol all the way up the prototype chain, then toString or
   * valueOf), which cost more than making the object: 60-135 ns per conversion against 25-45 ns
   * to make one (a microbenchmark of String(), template and `+` on IPv4Addr, 2026-11-28).
   * @returns {string}
   */
  [Symbol.toPrimitive]() {
    return stringValueOf.call(this);
  }

  /** The address bytes as numbers (node_pcap's field); a new array on each read. */
  get addr() {
    return hexBytes(this.valueOf().replace(/:/g, ''));
  }

  /** util.inspect shows it as a String object does, with the class name: [IPv4Addr: '10.0.0.1']. */
  [util.inspect.custom](depth, options) {
    return `[${this.constructor.name}: ${options.stylize(`'${this.valueOf()}'`, 'string')}]`;
  }
}

/**
 * A MAC (or other link-layer hardware) address: `'00:1b:21:3a:4f:10'`. Made from its text, or as
 * node_pcap made it: `new EthernetAddr(buf, offset)` (6 bytes).
 */
class EthernetAddr extends PacketAddress {
  constructor(text, offset) {
    super(typeof text === 'string' ? text : fromBytes(formatMac, text, offset, 6));
  }
}
/** A Linux cooked-capture (SLL/SLL2) link-layer address: up to 8 bytes as colon-separated hex. */
class SLLAddr extends PacketAddress {}

/**
 * An IPv4 address: `'10.0.0.1'`. Made from its text; node_pcap's `new IPv4Addr().decode(buf,
 * offset)` returns a new one read from the bytes (a String's text cannot change).
 */
class IPv4Addr extends PacketAddress {
  /**
   * node_pcap's `new IPv4Addr().decode(buf, offset)`: a new address read from the 4 bytes at
   * `offset` ('' when they are not there).
   * @param {Uint8Array} buf
   * @param {number} [offset]
   * @returns {IPv4Addr}
   */
  decode(buf, offset) {
    return new IPv4Addr(fromBytes(formatIPv4, buf, offset, 4));
  }

  /** The 4 address bytes as numbers (node_pcap's field); a new array on each read. */
  get addr() {
    return this.valueOf().split('.').map(Number);
  }
}

/** An IPv6 address, compressed per RFC 5952: `'2001:db8::1'`. */
class IPv6Addr extends PacketAddress {
  /** node_pcap's `new IPv6Addr().decode(buf, offset)`: a new one read from the bytes. */
  decode(buf, offset) {
    return new IPv6Addr(fromBytes(formatIPv6, buf, offset, 16));
  }

  /** The 16 address bytes as numbers (node_pcap's field); a new array on each read. */
  get addr() {
    return ipv6Bytes(this.valueOf());
  }
}

/** `format(buf, offset)` when the bytes are there, else '' (node_pcap-style construction). */
function fromBytes(format, buf, offset = 0, size) {
  if (!(buf instanceof Uint8Array) || !Number.isInteger(offset) || offset < 0 || offset + size > buf.length) return '';
  return format(buf, offset);
}

function hexBytes(hex) {
  const out = new Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

/** The 16 bytes of IPv6 text as formatIPv6 writes it (`::` once at most, a dotted IPv4 tail). */
function ipv6Bytes(text) {
  const groups = (part) => {
    if (part === '') return [];
    const out = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const q = g.split('.').map(Number);
        out.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
      } else {
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const cut = text.indexOf('::');
  const head = groups(cut < 0 ? text : text.slice(0, cut));
  const tail = cut < 0 ? [] : groups(text.slice(cut + 2));
  // (text made by hand may hold more than 8 groups: cut to 16 bytes rather than throw)
  const words = head.concat(new Array(Math.max(0, 8 - head.length - tail.length)).fill(0), tail).slice(0, 8);
  const out = [];
  for (const w of words) out.push(w >> 8, w & 0xff);
  return out;
}

/** `text` (undefined: the field was not captured) as an address object of `Class`. */
function asAddress(Class, text) {
  return text === undefined ? undefined : new Class(text);
}

/** The MAC address at `o` as an EthernetAddr, or undefined past `end`. */
function macAddress(b, o, end) {
  return o + 6 > end ? undefined : asAddress(EthernetAddr, formatMac(b, o, 6));
}

/** The IPv4 address at `o` as an IPv4Addr, or undefined past `end`. */
function ipv4Address(b, o, end) {
  return o + 4 > end ? undefined : asAddress(IPv4Addr, formatIPv4(b, o));
}

/** The IPv6 address at `o` as an IPv6Addr, or undefined past `end`. */
function ipv6Address(b, o, end) {
  return o + 16 > end ? undefined : asAddress(IPv6Addr, formatIPv6(b, o));
}

/**
 * The text of an address field: the primitive string of an address object, a string as it is,
 * undefined for anything else (absent fields, another library's objects).
 * @param {unknown} v
 * @returns {string|undefined}
 */
function addressText(v) {
  if (typeof v === 'string') return v;
  return v instanceof String ? v.valueOf() : undefined;
}

/**
 * A layer's source (`field`: 'shost', 'saddr') or destination address as text, for printers and
 * trackers: our Ethernet and IP layers give it without making the address object
 * (_srcText/_dstText, which their public getters wrap); any other layer through `field`.
 */
function sourceText(layer, field) {
  return typeof layer._srcText === 'function' ? layer._srcText() : addressText(layer[field]);
}

function destinationText(layer, field) {
  return typeof layer._dstText === 'function' ? layer._dstText() : addressText(layer[field]);
}

module.exports = {
  formatMac,
  formatIPv4,
  formatIPv6,
  HEX,
  word,
  mixHash,
  PacketAddress,
  EthernetAddr,
  IPv4Addr,
  IPv6Addr,
  SLLAddr,
  asAddress,
  macAddress,
  ipv4Address,
  ipv6Address,
  addressText,
  sourceText,
  destinationText,
};
