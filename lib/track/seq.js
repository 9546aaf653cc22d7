'use strict';
// TCP sequence-number arithmetic. Sequence numbers are unsigned 32-bit and wrap, so "a before b"
// is decided by the sign of the 32-bit difference (RFC 9293 §3.4, RFC 1982), never by `<`.

/**
 * Signed distance from `b` to `a` in sequence space: negative when `a` is before `b`.
 * Exact for distances below 2^31.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
function seqDiff(a, b) {
  return (a - b) | 0;
}

/**
 * `a + n` in sequence space (wraps at 2^32).
 * @param {number} a
 * @param {number} n
 * @returns {number}
 */
function seqAdd(a, n) {
  return (a + n) >>> 0;
}

/** @returns {boolean} true when `a` comes strictly before `b`. */
function seqLT(a, b) {
  return ((a - b) | 0) < 0;
}

/** @returns {boolean} true when `a` comes before or equals `b`. */
function seqLE(a, b) {
  return ((a - b) | 0) <= 0;
}

module.exports = { seqDiff, seqAdd, seqLT, seqLE };
