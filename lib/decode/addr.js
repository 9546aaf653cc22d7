'use strict';
// Address formatting. Decoders keep addresses as offsets into the packet and format them only
// when a user reads them (see the getters in each protocol file), so decoding allocates no strings.

const HEX = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

/** Formats `len` bytes at `o` as lower-case colon-separated hex (MAC addresses: len 6). */
function formatMac(b, o, len = 6) {
  if (o + len > b.length || len <= 0) return undefined;
  let s = HEX[b[o]];
  for (let i = 1; i < len; i++) s += ':' + HEX[b[o + i]];
  return s;
}

/** Dotted quad of the 4 bytes at `o`. */
function formatIPv4(b, o) {
  if (o + 4 > b.length) return undefined;
  return b[o] + '.' + b[o + 1] + '.' + b[o + 2] + '.' + b[o + 3];
}

/**
 * The 16 bytes at `o` as text per RFC 5952: lower case, no leading zeros, the longest run of two
 * or more zero groups (the first, on a tie) as `::`; IPv4-mapped addresses as ::ffff:a.b.c.d.
 */
function formatIPv6(b, o) {
  if (o + 16 > b.length) return undefined;
  const g = new Array(8);
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i] << 8) | b[o + 2 * i + 1];
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return '::ffff:' + formatIPv4(b, o + 12);
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (from, to) => {
    let s = '';
    for (let i = from; i < to; i++) s += (i > from ? ':' : '') + g[i].toString(16);
    return s;
  };
  if (best < 0) return hex(0, 8);
  return hex(0, best) + '::' + hex(best + bestLen, 8);
}

module.exports = { formatMac, formatIPv4, formatIPv6, HEX };
