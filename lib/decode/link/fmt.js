'use strict';
// Small text helpers shared by the link-layer toString() methods.

const { HEX } = require('../addr');

/** 0x-prefixed 4-digit hex, e.g. 0x88cc. */
function hex4(n) {
  return '0x' + HEX[(n >> 8) & 0xff] + HEX[n & 0xff];
}

/** 0x-prefixed 2-digit hex. */
function hex2(n) {
  return '0x' + HEX[n & 0xff];
}

/** 0x-prefixed 6-digit hex (OUIs). */
function hex6(n) {
  return '0x' + HEX[(n >> 16) & 0xff] + HEX[(n >> 8) & 0xff] + HEX[n & 0xff];
}

module.exports = { hex2, hex4, hex6 };
