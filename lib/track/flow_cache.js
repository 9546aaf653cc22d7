'use strict';
// Which session a packet belongs to, without building its key. The tracker's key is text
// ("10.0.0.1:80-10.0.0.2:40000"): building it takes the address texts, two port conversions and
// three concatenations, and looking it up hashes the whole string (a one-off script timing those
// steps alone on 400,000 packets of the bench capture: 450 of the 1,200 ns track_packet took;
// `node bench/run.js track` measures the tracker as a whole). This direct-mapped cache, one slot per
// direction of a flow, keys on the bytes the text is made of (the two addresses and ports), so a
// flow's next packets compare a few words instead. Only this library's own IPv4 and IPv6 layers
// are read this way: their address text is their bytes, one to one, so equal bytes mean an equal
// key. The caller checks that a session found here is still the one its key holds.
// The probe buffer is shared: a lookup calls probe() and match() with nothing in between, and
// store() probes again itself, since listeners the tracker calls in between may track other
// packets.

const { word, mixHash } = require('../decode/addr');

const SLOTS = 4096; // a power of two
const WORDS = 10; // address family, source (4 words), destination (4 words), ports

class FlowCache {
  constructor() {
    this._keys = new Int32Array(SLOTS * WORDS);
    this._sessions = new Array(SLOTS).fill(null);
    this._fromSrc = new Uint8Array(SLOTS); // the packet's source is the session's src
    this._probe = new Int32Array(WORDS); // the last packet probed, for match() and store()
  }

  /** Whether both addresses of this library's IPv4 or IPv6 layer were captured (probe() reads them). */
  static captured(ip, v6) {
    return ip._o + (v6 ? 40 : 20) <= ip._end;
  }

  /**
   * Reads the packet's addresses and ports, for match() right after.
   * @param {object} ip this library's IPv4 or IPv6 layer, both addresses captured
   * @param {boolean} v6
   * @param {number} sport
   * @param {number} dport
   * @returns {number} the slot
   */
  probe(ip, v6, sport, dport) {
    const b = ip._b;
    const o = ip._o;
    const p = this._probe;
    let h;
    if (v6) {
      p[0] = 6;
      for (let i = 0; i < 8; i++) p[1 + i] = word(b, o + 8 + 4 * i);
      h = p[1] ^ Math.imul(p[2], 0x9e3779b1) ^ Math.imul(p[3], 0x85ebca6b) ^ Math.imul(p[4], 0xc2b2ae35);
      h ^= Math.imul(p[5] ^ Math.imul(p[6], 0x27d4eb2f) ^ Math.imul(p[7], 0x165667b1) ^ Math.imul(p[8], 0x61c88647), 0x7feb352d);
    } else {
      p[0] = 4;
      p[1] = word(b, o + 12);
      p[5] = word(b, o + 16);
      p[2] = p[3] = p[4] = p[6] = p[7] = p[8] = 0;
      h = p[1] ^ Math.imul(p[5], 0x9e3779b1);
    }
    p[9] = (sport << 16) | dport;
    return mixHash(h ^ Math.imul(p[9], 0x85ebca6b)) & (SLOTS - 1);
  }

  /** The session stored for the probed packet's flow in `slot`, or null. */
  match(slot) {
    const s = this._sessions[slot];
    if (s === null) return null;
    const k = this._keys;
    const p = this._probe;
    const at = slot * WORDS;
    for (let i = 0; i < WORDS; i++) if (k[at + i] !== p[i]) return null;
    return s;
  }

  /** Whether the packet matched in `slot` was sent by its session's src. */
  fromSrc(slot) {
    return this._fromSrc[slot] === 1;
  }

  /**
   * Stores `session` for the packet's flow (probe()'s arguments). The session keeps the slot of
   * each of its directions (`_flowSlots`), for forget().
   */
  store(ip, v6, sport, dport, session, fromSrc) {
    const slot = this.probe(ip, v6, sport, dport);
    this._keys.set(this._probe, slot * WORDS);
    this._sessions[slot] = session;
    this._fromSrc[slot] = fromSrc ? 1 : 0;
    session._flowSlots[fromSrc ? 0 : 1] = slot;
  }

  /** Lets go of an ended session: its slots no longer keep it (and all it holds) alive. */
  forget(session) {
    for (const slot of session._flowSlots) if (slot >= 0 && this._sessions[slot] === session) this._sessions[slot] = null;
  }
}

module.exports = { FlowCache };
