'use strict';
// What every protocol layer class shares: its name, default (absent) error state, and how it shows
// itself to JSON.stringify and util.inspect. Layer fields are mostly prototype getters that read the
// packet bytes on demand, so without this a layer would print as {_b, _o, _end}.

const util = require('util');
const { argType } = require('../errors');

/**
 * Finishes a layer class: sets `decoderName`, `eventsOnDecode`, the default `error`/`truncated`
 * (null/false on the prototype; a decoder assigns own properties only when something is wrong),
 * and `toJSON()` / `util.inspect` that list `fields` (own data properties and getters alike).
 * @param {Function} Class the layer class
 * @param {{name: string, fields: string[], events?: boolean}} spec
 */
function defineLayer(Class, spec) {
  const proto = Class.prototype;
  proto.decoderName = spec.name;
  proto.eventsOnDecode = spec.events !== false;
  if (!('error' in proto)) proto.error = null;
  if (!('truncated' in proto)) proto.truncated = false;
  const fields = spec.fields.slice();
  /**
   * `Class.fields` (static, not writable): the names of the fields toJSON() and util.inspect list, in
   * order. The same array they read: changing its elements changes what they show.
   */
  Object.defineProperty(Class, 'fields', { value: fields });
  /**
   * What JSON.stringify shows: {decoderName, each listed field that is not undefined (a Buffer as
   * {length}, an address as its string), error and truncated when set, payload}.
   * @returns {object}
   */
  proto.toJSON = function toJSON() {
    const out = { decoderName: this.decoderName };
    for (const f of fields) {
      const v = this[f];
      if (v !== undefined) out[f] = Buffer.isBuffer(v) ? { length: v.length } : v instanceof String ? v.valueOf() : v;
    }
    if (this.error) out.error = this.error;
    if (this.truncated) out.truncated = true;
    if (this.payload !== undefined) out.payload = this.payload;
    return out;
  };
  /**
   * util.inspect shows the class name and the listed fields that are not undefined, error, truncated
   * and payload.
   */
  proto[util.inspect.custom] = function inspect(depth, options, inspectFn) {
    const shown = {};
    for (const f of fields) {
      const v = this[f];
      if (v !== undefined) shown[f] = v;
    }
    if (this.error) shown.error = this.error;
    if (this.truncated) shown.truncated = true;
    if (this.payload !== undefined) shown.payload = this.payload;
    const inner = (inspectFn || util.inspect)(shown, { ...options, depth: options.depth === null ? null : options.depth - 1 });
    return `${Class.name} ${inner}`;
  };
  return Class;
}

/**
 * Records on `layer` that its bytes ran out or were malformed. Never throws.
 * @param {object} layer
 * @param {object|undefined} ctx the decode context (the PcapPacket); its `base` turns the absolute
 *   buffer offset into an offset from the start of the packet
 * @param {string} reason short text, e.g. 'header truncated', 'bad option length'
 * @param {number} offset where the problem is, as an absolute offset into the buffer
 * @param {number} needed bytes the decoder needed from `offset`
 * @param {number} available bytes there were from `offset`
 * @param {boolean} [truncated=true] true when caplen cut the data short, false for malformed data
 */
function markError(layer, ctx, reason, offset, needed, available, truncated = true) {
  const base = ctx && ctx.base ? ctx.base : 0;
  layer.error = { layer: layer.decoderName, reason, offset: offset - base, needed, available: Math.max(0, available) };
  if (truncated) layer.truncated = true;
  return layer;
}

/**
 * The default `end` of a decoder's `decode(buf, offset, end)`: the end of `buf`. Only node_pcap-style
 * callers leave `end` out (`new IPv4().decode(buf, 14)`); decode.packet always passes it, so this
 * check costs the hot path nothing. What is not bytes gets a coded error here, not a TypeError
 * from inside the decoder.
 * @param {Uint8Array} buf
 * @returns {number}
 */
function bytesEnd(buf) {
  if (buf instanceof Uint8Array) return buf.length;
  throw argType('buf', 'a Buffer or Uint8Array (the packet bytes)', buf);
}

module.exports = { defineLayer, markError, bytesEnd };
