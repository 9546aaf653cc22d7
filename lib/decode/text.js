'use strict';
// Text from packet bytes (DNS names, SSIDs, SQL, URLs) in one-line output: control characters
// become \xNN, so no packet can break a line or forge the next one. That is C0, DEL and C1
// (U+0080-U+009F: bytes 0x80-0x9f read as latin1, as DNS text is; a terminal may take U+009B as
// the start of an escape sequence, as it takes ESC [). Text read as UTF-8 reaches characters
// latin1 never makes: those that reorder or break the text around them (bidi marks, overrides
// and isolates, as in 'GET /\u202egpj.exe', which reads as 'exe.jpg'; the line and paragraph
// separators) or hide in it (zero width space, word joiner, BOM) become \uNNNN, so that what is
// printed reads as what was sent.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

function escape(c) {
  const code = c.charCodeAt(0);
  return code < 0x100 ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
}

/**
 * @param {string} s
 * @returns {string} s with each control character as \xNN and each character above as \uNNNN
 *   (s itself when there is none)
 */
function oneLine(s) {
  if (!UNSAFE.test(s)) return s; // the usual case: no copy
  return s.replace(UNSAFE_ALL, escape);
}

module.exports = { oneLine };
