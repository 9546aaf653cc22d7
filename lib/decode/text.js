'use strict';
// Text from packet bytes (DNS names, SSIDs, CAA tags) in one-line output: control characters
// become \xNN, so no packet can break a line or forge the next one. That is C0, DEL and C1
// (U+0080-U+009F: bytes 0x80-0x9f read as latin1, as DNS text is; a terminal may take U+009B as
// the start of an escape sequence, as it takes ESC [).

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * @param {string} s
 * @returns {string} s with each control character as \xNN (s itself when there is none)
 */
function oneLine(s) {
  if (!CONTROL.test(s)) return s; // the usual case: no copy
  return s.replace(CONTROLS, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

module.exports = { oneLine };
