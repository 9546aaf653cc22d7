'use strict';
// pcap/util, as node_pcap 3.x exported it (see README.md): each byte value's text, by value.
const int8_to_dec = [];
const int8_to_hex = [];
const int8_to_hex_nopad = [];
for (let i = 0; i < 256; i++) {
  int8_to_dec.push(String(i));
  int8_to_hex.push((i < 16 ? '0' : '') + i.toString(16));
  int8_to_hex_nopad.push(i.toString(16));
}

module.exports = { int8_to_dec, int8_to_hex, int8_to_hex_nopad };
