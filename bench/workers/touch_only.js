'use strict';
// A stand-in for a decoder that only reads what every decoder must (the packet's buf and header
// objects, two bytes of the frame, the caplen word): decode_working_set.js with this as MODULE
// measures what the harness's memory costs by itself.
let acc = 0;
module.exports = {
  decode: {
    packet(raw) {
      acc += raw.buf[12] + raw.buf[23] + raw.header[8];
      return acc;
    },
  },
};
