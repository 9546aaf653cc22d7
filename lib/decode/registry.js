'use strict';
// Dispatch tables: which decoder follows a link type, an ethertype, an IP protocol number or a
// UDP/TCP port. Protocol files never require each other for dispatch; they call decodeNext() with
// the table and key, and lib/decode/index.js fills the tables. Users can add entries with
// register() and choose a decoder for a port per call with the `decodeAs` option.

const tables = {
  linkType: new Map(), // DLT number -> layer class
  ethertype: new Map(), // 16-bit ethertype -> layer class (also used by SLL, SNAP, VLAN, GRE...)
  ipProtocol: new Map(), // IPv4 protocol / IPv6 next header -> layer class
  udpPort: new Map(), // port -> application layer class
  tcpPort: new Map(),
};

/** Application decoders by name, for `decodeAs` ('dns', ...). */
const byName = new Map();

/**
 * Adds or replaces a decoder.
 * @param {'linkType'|'ethertype'|'ipProtocol'|'udpPort'|'tcpPort'} table
 * @param {number} key
 * @param {Function} Class a layer class with decode(buf, offset, end, ctx)
 */
function register(table, key, Class) {
  tables[table].set(key, Class);
  if (Class && Class.prototype && Class.prototype.decoderName) byName.set(Class.prototype.decoderName, Class);
}

/**
 * Decodes the next layer. Returns the layer, or null when no decoder is registered for `key`.
 * Emits `decoderName` on ctx.emitter (node_pcap's per-layer events) when the layer asks for it.
 * @param {Map} table one of `tables`
 * @param {number} key
 * @param {Buffer} buf
 * @param {number} offset where the layer starts
 * @param {number} end where the captured bytes of the layer end (exclusive)
 * @param {object} [ctx] decode context (the PcapPacket)
 */
function decodeNext(table, key, buf, offset, end, ctx) {
  const Class = table.get(key);
  if (Class === undefined) return null;
  return decodeWith(Class, buf, offset, end, ctx);
}

/** Decodes with a known class; same contract as decodeNext. */
function decodeWith(Class, buf, offset, end, ctx) {
  const layer = new Class().decode(buf, offset, end, ctx);
  if (ctx !== undefined && ctx.emitter && layer.eventsOnDecode) ctx.emitter.emit(layer.decoderName, layer);
  return layer;
}

/**
 * The application decoder for a UDP or TCP segment: the per-call `decodeAs` override first, then
 * the destination port, then the source port.
 * @param {'udpPort'|'tcpPort'} tableName
 * @returns {Function|undefined}
 */
function appDecoderFor(tableName, sport, dport, ctx) {
  const over = ctx !== undefined && ctx.options ? ctx.options.decodeAs : undefined;
  if (over) {
    const proto = tableName === 'udpPort' ? over.udp : over.tcp;
    if (proto) {
      const name = proto[dport] !== undefined ? proto[dport] : proto[sport];
      if (name !== undefined) return name === null || name === false ? undefined : byName.get(name);
    }
  }
  const table = tables[tableName];
  const d = table.get(dport);
  return d !== undefined ? d : table.get(sport);
}

module.exports = { tables, byName, register, decodeNext, decodeWith, appDecoderFor };
