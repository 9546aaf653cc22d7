'use strict';
// What the request/response protocols read per TCP segment (PostgreSQL, MySQL, Redis, MQTT) share:
// the segment's bytes, kept for the getters that read them on first use, and which way it went.
// A subclass that gives `static walk(b, start, end, client, visit)` (true when the bytes are its
// messages from `start` on; visit(at, next) for each, `next` possibly past `end`), `static
// guessClient(b, start, end)` and `static cutName` ('packet', 'message') also gets accepts(),
// decode() and `continuation` from here.

const { sentToServer, ipPayload } = require('../registry');
const { markError } = require('../layer');

class SegmentLayer {
  /**
   * Whether a segment starts with messages (TCP asks before making the layer: the segments in the
   * middle of a long one get none). The side comes from the port that chose the decoder.
   */
  static accepts(buf, start, end) {
    return this.walk(buf, start, end, sentToServer(this.guessClient, buf, start, end), null);
  }

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

  /**
   * Keeps the segment at buf[offset, end) for the getters and notes which side sent it; a message the
   * capture cut short sets `error` (`ctx` is the PcapPacket). Never throws.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    const Class = this.constructor;
    this._keep(buf, offset, end, Class.guessClient);
    // a message running on into the next segment is how a stream goes; only a segment the capture
    // cut short (its IP length runs past the captured bytes) makes one truncated
    if (ipPayload.end > end) {
      Class.walk(buf, offset, end, this._client, (at, next) => {
        if (next > end && this.error === null) markError(this, ctx, Class.cutName + ' truncated', at, next - at, end - at);
      });
    }
    return this;
  }

  /** True when the segment went to the server: as the port that chose the decoder says, else guessed from the bytes. */
  get fromClient() { return this._client; }

  /** True when the bytes do not start with a message (the middle of a stream); read on first use. */
  get continuation() {
    if (this._continuation === undefined) this._continuation = !this.constructor.walk(this._b, this._o, this._end, this._client, null);
    return this._continuation;
  }
}

/**
 * Which way a segment went, when no port says: the side whose messages tile the bytes (`walk` as
 * a SegmentLayer's); when both or neither do, what `otherwise(b, p, end)` makes of the first one.
 */
function sideByWalking(walk, b, p, end, otherwise) {
  const asClient = walk(b, p, end, true, null);
  const asServer = walk(b, p, end, false, null);
  return asClient !== asServer ? asClient : otherwise(b, p, end);
}

module.exports = { SegmentLayer, sideByWalking };
