'use strict';
// Address formatting. Decoders keep addresses as offsets into the packet and format them only
// when a user reads them (see the getters in each protocol file), so decoding allocates no strings.

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

module.exports = { formatMac, formatIPv4, formatIPv6, HEX, word, mixHash };
