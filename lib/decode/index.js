'use strict';
// decode.packet(raw) -> PcapPacket tree. The protocol files live in link/, net/, transport/ and
// app/ (one protocol per file); each folder's index.js puts its decoders in the dispatch tables.

const registry = require('./registry');
const { argType, argValue } = require('../errors');
const { PcapPacket, PcapHeader } = require('./pcap_packet');
const { PacketAddress, EthernetAddr, IPv4Addr, IPv6Addr, SLLAddr } = require('./addr');

require('./link');
require('./net');
require('./transport');
require('./app');
require('./tunnel');

// Options objects already checked: a program passes the same one for every packet.
const checkedOptions = new WeakSet();

/**
 * Checks `options.decodeAs` once per options object: a misspelt protocol name or a port that is
 * not one would otherwise decode nothing, silently.
 * @param {object} options
 */
function checkOptions(options) {
  if (typeof options !== 'object') throw argType('options', 'an object', options);
  const over = options.decodeAs;
  if (over !== undefined && over !== null) {
    if (typeof over !== 'object') throw argType('options.decodeAs', 'an object such as {tcp: {8053: "dns"}}', over);
    for (const proto of Object.keys(over)) {
      if (proto !== 'tcp' && proto !== 'udp') throw argValue(`options.decodeAs.${proto}`, over[proto], 'is not a transport: use tcp or udp');
      const ports = over[proto];
      if (ports === undefined || ports === null) continue;
      if (typeof ports !== 'object') throw argType(`options.decodeAs.${proto}`, 'an object of port: protocol name', ports);
      for (const port of Object.keys(ports)) {
        const name = ports[port];
        const where = `options.decodeAs.${proto}[${port}]`;
        if (!/^(0|[1-9]\d{0,4})$/.test(port) || Number(port) > 65535) throw argValue(where, name, 'is not under a port number (0-65535)');
        if (name === null || name === false) continue; // no decoder for that port
        if (typeof name !== 'string' || !registry.byName.has(name)) {
          throw argValue(where, name, `is not a protocol decoder (known: ${[...registry.byName.keys()].sort().join(', ')}; null for none)`);
        }
      }
    }
  }
  checkedOptions.add(options);
}

/**
 * Decodes a captured packet into node_pcap's layer tree. Never throws on packet data (anything as
 * `raw`); an `emitter` without an emit() method is ERR_INVALID_ARG_TYPE, and `options` that are
 * not what is described below are ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE.
 * @param {object} raw a RawPacket from a session's 'packet' event, or {buf, header, link_type}
 * @param {import('events').EventEmitter} [emitter] gets one event per decoded layer (node_pcap)
 * @param {object} [options] `decodeAs`: {udp: {port: name}, tcp: {port: name}}, e.g.
 *   {tcp: {8053: 'dns'}}; a name of null turns off the default decoder for that port
 * @returns {PcapPacket}
 */
function decode(raw, emitter, options) {
  if (emitter && typeof emitter.emit !== 'function') throw argType('emitter', 'an EventEmitter', emitter);
  if (options !== undefined && options !== null && !checkedOptions.has(options)) checkOptions(options);
  return new PcapPacket(emitter, options).decode(raw);
}
decode.packet = decode;

/**
 * Decodes bytes as one protocol, named as a layer's `decoderName` ('dns', 'ipv4', 'tcp', ...; also
 * 'mdns' and 'llmnr'): for data that did not come in a packet of its own, such as a DNS message
 * taken from a reassembled TCP stream. Like decode.packet, it never throws on the bytes.
 * @param {string} name
 * @param {Uint8Array} buf the layer's bytes, from its first header byte to the end
 * @returns {object} the layer
 */
function layer(name, buf) {
  if (typeof name !== 'string') throw argType('name', 'of type string', name);
  const Class = registry.byName.get(name);
  if (Class === undefined) throw argValue('name', name, `is not a protocol decoder (known: ${[...registry.byName.keys()].sort().join(', ')})`);
  if (!(buf instanceof Uint8Array)) throw argType('buf', 'a Buffer or Uint8Array', buf);
  registry.appDispatch.toServer = undefined; // no ports: which way the bytes went is not known
  return new Class().decode(buf, 0, buf.length, undefined);
}
decode.layer = layer;

module.exports = decode;
module.exports.decode = decode;
module.exports.PcapPacket = PcapPacket;
module.exports.PcapHeader = PcapHeader;
module.exports.PacketAddress = PacketAddress;
module.exports.EthernetAddr = EthernetAddr;
module.exports.IPv4Addr = IPv4Addr;
module.exports.IPv6Addr = IPv6Addr;
module.exports.SLLAddr = SLLAddr;
module.exports.layer = layer;
module.exports.register = registry.register;
module.exports.tables = registry.tables;
