'use strict';
// What the request/response protocols read per TCP segment (PostgreSQL, MySQL, Redis) share: the
// segment's bytes, kept for the getters that read them on first use, and which way it went.

const { sentToServer } = require('../registry');

class SegmentLayer {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._client = false;
    this._continuation = undefined; // read on first use
    this.payload = null;
  }

  /**
   * Keeps the segment, and whether it went to the server: as the port that chose the decoder
   * says, or, when none did (decode.layer), as `guess(buf, offset, end)` reads the bytes.
   */
  _keep(buf, offset, end, guess) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    this._client = sentToServer(guess, buf, offset, end);
  }

  get fromClient() { return this._client; }
}

module.exports = { SegmentLayer };
