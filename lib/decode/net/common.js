'use strict';
// Helpers shared by the network-layer decoders (this folder only).

/**
 * How deep network layers are nested right now (IP-in-IP, IPv6-in-IPv4, ICMP errors quoting IP
 * packets quoting ICMP errors...). Decoding is synchronous, so one counter serves every packet;
 * each decoder that descends into another IP/ICMP layer increments it around the call (in a
 * try/finally, so a throwing child cannot leave it raised) and refuses to go deeper than MAX_DEPTH.
 * Without it a crafted packet of nested 20-byte headers could recurse thousands of times.
 */
const nesting = { depth: 0 };
const MAX_DEPTH = 8;

/** A Buffer view of b[start, end) (shares memory), or an empty Buffer when the range is empty. */
function view(b, start, end) {
  if (!(start < end) || start < 0 || end > b.length) return Buffer.alloc(0);
  return Buffer.from(b.buffer, b.byteOffset + start, end - start);
}

/**
 * The context for decoding a packet quoted inside an ICMP/ICMPv6 error: same options and base as
 * the outer packet, but no emitter, so listeners of 'ipv4'/'tcp'/... events are not handed the
 * headers of a packet that was never on this wire (a TCP tracker would count them as segments).
 */
function quietContext(ctx) {
  return { emitter: null, options: ctx !== undefined && ctx !== null ? ctx.options : undefined, base: ctx !== undefined && ctx !== null ? ctx.base : 0 };
}

/** Hex text of b[start, end) (for addresses of unknown formats). */
function hex(b, start, end) {
  let s = '';
  for (let i = start; i < end; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

module.exports = { nesting, MAX_DEPTH, view, quietContext, hex };
