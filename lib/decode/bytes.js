'use strict';
// Bounds-checked big-endian readers for decoders. Each returns undefined instead of throwing when
// the field does not fit before `end` (the end of the captured bytes of this layer), so a getter
// on a truncated header yields undefined rather than garbage or an exception.

/** @returns {number|undefined} */
function u8(b, o, end) {
  return o < end ? b[o] : undefined;
}

/** @returns {number|undefined} */
function u16(b, o, end) {
  return o + 2 <= end ? (b[o] << 8) | b[o + 1] : undefined;
}

/** @returns {number|undefined} */
function u24(b, o, end) {
  return o + 3 <= end ? (b[o] << 16) | (b[o + 1] << 8) | b[o + 2] : undefined;
}

/** Unsigned 32-bit; always a non-negative number. */
function u32(b, o, end) {
  return o + 4 <= end ? b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) : undefined;
}

/** Little-endian variants (radiotap, NULL/LOOP headers written by little-endian hosts). */
function u16le(b, o, end) {
  return o + 2 <= end ? b[o] | (b[o + 1] << 8) : undefined;
}

function u32le(b, o, end) {
  return o + 4 <= end ? b[o + 3] * 0x1000000 + ((b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) : undefined;
}

/** A Buffer view of b[start, end) (shares memory, no copy), or an empty Buffer when the range is empty or out of b. */
function view(b, start, end) {
  if (!(start < end) || start < 0 || end > b.length) return Buffer.alloc(0);
  return Buffer.from(b.buffer, b.byteOffset + start, end - start);
}

/** b[s, e) as text in `encoding` ('latin1': one character per byte). */
function text(b, s, e, encoding = 'latin1') {
  return view(b, s, e).toString(encoding);
}

/** Where the NUL-terminated string at s ends: the index of its NUL, or e when there is none. */
function nulEnd(b, s, e) {
  let z = s;
  while (z < e && b[z] !== 0) z++;
  return z;
}

module.exports = { u8, u16, u24, u32, u16le, u32le, view, text, nulEnd };
