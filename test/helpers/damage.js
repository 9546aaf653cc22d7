'use strict';
// Every prefix and random damage of the segments an application decoder took from a capture, fed
// to decode.layer, printed and turned into JSON: none of it may throw (or hang: mocha's timeout).

const pcap = require('../..');

/**
 * @param {string} name the decoder ('pgsql', 'resp', 'mysql')
 * @param {object[]} layers the decoder's layers from a capture (null entries are skipped)
 * @param {object} options {seed, maxPrefix: the longest prefix tried (default 400), keep: only
 *   the first `keep` bytes of each segment are used (default all), bytes: the values a damaged
 *   byte takes (default any)}
 */
function damageSegments(name, layers, { seed = 7, maxPrefix = 400, keep = Infinity, bytes } = {}) {
  let state = seed;
  const rnd = (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const decode = (b) => {
    const l = pcap.decode.layer(name, b);
    String(l);
    JSON.stringify(l);
  };
  for (const g of layers.filter((x) => x !== null)) {
    const segment = Buffer.from(g._b.subarray(g._o, Math.min(g._end, g._o + keep)));
    for (let n = 0; n <= Math.min(segment.length, maxPrefix); n++) decode(segment.subarray(0, n));
    for (let k = 0; k < 200; k++) {
      const copy = Buffer.from(segment);
      for (let j = 0; j < 3; j++) copy[rnd(copy.length)] = bytes !== undefined ? bytes.charCodeAt(rnd(bytes.length)) : rnd(256);
      decode(copy);
    }
  }
}

module.exports = { damageSegments };
