'use strict';
// Most summary lines are Ethernet → IPv4/IPv6 → TCP/UDP, and such a line starts with text that is
// the same for every packet a flow sends one way: `shost -> dhost saddr:sport -> daddr:dport `.
// Building it takes six getters and a dozen concatenations, and writing it out costs per piece
// as well (a string made of many short pieces is slower to copy into an output buffer than one
// flat string): keeping it took toString() from 832 to 670 ns a packet on the bench capture, and
// toString plus output from 1,326 to 927 ns. So for this library's own layers it is kept in a
// small direct-mapped cache keyed by the bytes it is made of: the two MAC addresses, the two IP
// addresses and the two ports. A hit compares those bytes and returns the text built before; a
// flow's second packet builds it with the same getters as any other line (its first is printed
// the general way, see v4Seen). The key holds every byte this library's getters read for the
// text, so a hit returns exactly what building it would. What it does not see is a change to
// those getters: a program that redefines `saddr` (on the prototype, or on one layer) to show
// something other than the bytes keeps seeing the bytes in lines of flows already kept.

const { word, mixHash } = require('../addr');

const SLOTS = 2048; // per address family; a power of two
const V4_WORDS = 6; // MACs (12 bytes), addresses (8), ports (4)
const V6_WORDS = 12; // MACs (12 bytes), addresses (32), ports (4)
const v4Keys = new Int32Array(SLOTS * V4_WORDS);
const v4Text = new Array(SLOTS).fill(undefined);
const v6Keys = new Int32Array(SLOTS * V6_WORDS);
const v6Text = new Array(SLOTS).fill(undefined);
// The hash of the last flow that missed in each slot. A flow's text is kept from its second
// packet on: most DNS lines, for one, are the only packet their flow sends that way (a new port
// for each query), and keeping their text would cost more than it saves (each kept string outlives
// the young generation and has to be copied out of it, then collected from the old one).
const v4Seen = new Int32Array(SLOTS);
const v6Seen = new Int32Array(SLOTS);
const key = new Int32Array(V6_WORDS); // the packet's key, for the compare and the store

// The layer classes, resolved on first use: the decoders require the printer (for their own
// toString), so requiring them here at load time would be circular.
let EthernetPacket;
let IPv4;
let IPv6;
let TCP;
let UDP;
function loadClasses() {
  ({ EthernetPacket } = require('../link/ethernet'));
  ({ IPv4 } = require('../net/ipv4'));
  ({ IPv6 } = require('../net/ipv6'));
  ({ TCP } = require('../transport/tcp'));
  ({ UDP } = require('../transport/udp'));
}

/**
 * The line's start for an untagged Ethernet II frame of this library's decoders holding IPv4 or
 * IPv6 (whole addresses) and TCP or UDP (whole ports), from the cache or from `build`; undefined
 * for any other packet, and for a flow that missed last in its slot (mostly a flow's first
 * packet), which the caller prints the general way.
 * @param {object} e the Ethernet layer
 * @param {(e: object, ip: object, t: object, v6: boolean) => string} build makes the text on a miss
 * @returns {string|undefined}
 */
function flowPrefix(e, build) {
  if (EthernetPacket === undefined) loadClasses();
  if (e.constructor !== EthernetPacket || e.vlan !== null) return undefined;
  // a whole Ethernet II header: not cut short (a layer made by hand has no bytes), not 802.3
  // (its line gives the length; a decoder registered for 802.3 frames can give them IP)
  if (e._o + 14 > e._end || e.length !== undefined) return undefined;
  const ip = e.payload;
  if (ip === null || typeof ip !== 'object') return undefined;
  const t = ip.payload;
  if (t === null || typeof t !== 'object' || (t.constructor !== TCP && t.constructor !== UDP) || t._o + 4 > t._end) return undefined;
  const eb = e._b;
  const eo = e._o;
  const ib = ip._b;
  const io = ip._o;
  key[0] = word(eb, eo);
  key[1] = word(eb, eo + 4);
  key[2] = word(eb, eo + 8);
  let h = key[0] ^ Math.imul(key[1], 0x9e3779b1) ^ Math.imul(key[2], 0x85ebca6b);
  let n;
  let keys;
  let texts;
  let seen;
  if (ip.constructor === IPv4) {
    if (io + 20 > ip._end) return undefined;
    key[3] = word(ib, io + 12);
    key[4] = word(ib, io + 16);
    h ^= Math.imul(key[3], 0xc2b2ae35) ^ Math.imul(key[4], 0x27d4eb2f);
    n = V4_WORDS;
    keys = v4Keys;
    texts = v4Text;
    seen = v4Seen;
  } else if (ip.constructor === IPv6) {
    if (io + 40 > ip._end) return undefined;
    for (let i = 0; i < 8; i++) {
      const w = word(ib, io + 8 + 4 * i);
      key[3 + i] = w;
      h = Math.imul(h ^ w, 0x01000193);
    }
    n = V6_WORDS;
    keys = v6Keys;
    texts = v6Text;
    seen = v6Seen;
  } else {
    return undefined;
  }
  const ports = word(t._b, t._o);
  key[n - 1] = ports;
  h ^= Math.imul(ports, 0x165667b1);
  h = mixHash(h);
  const slot = h & (SLOTS - 1);
  const base = slot * n;
  const cached = texts[slot];
  if (cached !== undefined) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (keys[base + i] !== key[i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  if (seen[slot] !== h) {
    seen[slot] = h; // a flow not seen (lately): printed the general way
    return undefined;
  }
  const text = build(e, ip, t, n === V6_WORDS);
  for (let i = 0; i < n; i++) keys[base + i] = key[i];
  texts[slot] = text;
  return text;
}

module.exports = { flowPrefix };
