'use strict';
// Finding a protocol's layer in decoded packets, for the application decoders' tests.

const pcap = require('../..');
const { collect } = require('./collect');

/** The first layer named `name` in the packet's tree, or null. */
function layerOf(p, name) {
  for (let l = p.payload; l && typeof l === 'object'; l = l.payload) if (l.decoderName === name) return l;
  return null;
}

/**
 * Every packet of a capture file and, for each, its `name` layer (null where it has none).
 * @returns {Promise<{packets: object[], layers: Array<object|null>}>}
 */
async function collectLayers(file, name) {
  const { packets } = await collect(file);
  return { packets, layers: packets.map((raw) => layerOf(pcap.decode.packet(raw), name)) };
}

module.exports = { layerOf, collectLayers };
