'use strict';
// decode.packet(raw) -> PcapPacket tree. The protocol files live in link/, net/, transport/ and
// app/ (one protocol per file); each folder's index.js puts its decoders in the dispatch tables.

const registry = require('./registry');
const { argType } = require('../errors');
const { PcapPacket, PcapHeader } = require('./pcap_packet');

require('./link');
require('./net');
require('./transport');
require('./app');

/**
 * Decodes a captured packet into node_pcap's layer tree. Never throws on packet data (anything as
 * `raw`); an `emitter` without an emit() method is ERR_INVALID_ARG_TYPE.
 * @param {object} raw a RawPacket from a session's 'packet' event, or {buf, header, link_type}
 * @param {import('events').EventEmitter} [emitter] gets one event per decoded layer (node_pcap)
 * @param {object} [options] `decodeAs`: {udp: {port: name}, tcp: {port: name}}, e.g.
 *   {tcp: {8053: 'dns'}}; a name of null turns off the default decoder for that port
 * @returns {PcapPacket}
 */
function decode(raw, emitter, options) {
  if (emitter && typeof emitter.emit !== 'function') throw argType('emitter', 'an EventEmitter', emitter);
  return new PcapPacket(emitter, options).decode(raw);
}
decode.packet = decode;

module.exports = decode;
module.exports.decode = decode;
module.exports.PcapPacket = PcapPacket;
module.exports.PcapHeader = PcapHeader;
module.exports.register = registry.register;
module.exports.tables = registry.tables;
