'use strict';
// Helpers shared by the network-layer decoders (this folder only).

const { view } = require('../bytes');

/**
 * How deep network layers are nested right now (IP-in-IP, IPv6-in-IPv4, ICMP errors quoting IP
 * packets quoting ICMP errors...). Decoding is synchronous, so one counter serves every packet;
 * each decoder that descends into another IP/ICMP layer increments it around the call (in a
 * try/finally, so a throwing child cannot leave it raised) and refuses to go deeper than MAX_DEPTH.
 * Without it a crafted packet of nested 20-byte headers could recurse thousands of times.
 */
const nesting = { depth: 0 };
const MAX_DEPTH = 8;

/**
 * The context for decoding a packet quoted inside an ICMP/ICMPv6 error: same options and base as
 * the outer packet, but no emitter, so listeners of 'ipv4'/'tcp'/... events are not handed the
 * headers of a packet that was never on this wire (a TCP tracker would count them as segments).
 */
function quietContext(ctx) {
  const outer = ctx !== undefined && ctx !== null;
  return { emitter: null, options: outer ? ctx.options : undefined, base: outer ? ctx.base : 0 };
}

/** Hex text of b[start, end) (for addresses of unknown formats). */
function hex(b, start, end) {
  let s = '';
  for (let i = start; i < end; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

/** Multicast group record types: the same numbers in IGMPv3 (RFC 3376) and MLDv2 (RFC 3810). */
const RECORD_TYPES = {
  1: 'MODE_IS_INCLUDE', 2: 'MODE_IS_EXCLUDE', 3: 'CHANGE_TO_INCLUDE_MODE', 4: 'CHANGE_TO_EXCLUDE_MODE',
  5: 'ALLOW_NEW_SOURCES', 6: 'BLOCK_OLD_SOURCES',
};

/**
 * The group records of an IGMPv3 or MLDv2 report: each is type, aux data length (32-bit words),
 * source count, the multicast address, the sources, then aux data. IGMPv3 and MLDv2 differ only in
 * the address size (4 or 16), so both use this. Stops at the first record that does not fit.
 * @param {Buffer} b
 * @param {number} p where the first record starts
 * @param {number} end end of the captured message
 * @param {number} count records announced in the header
 * @param {number} addrLen 4 (IGMPv3) or 16 (MLDv2)
 * @param {(b: Buffer, o: number) => string} formatAddr
 * @returns {{type, typeName, auxDataLength, numberOfSources, multicastAddress, sources, auxData}[]}
 */
function groupRecords(b, p, end, count, addrLen, formatAddr) {
  const head = 4 + addrLen;
  const list = [];
  for (let i = 0; i < count && p + head <= end; i++) {
    const ns = (b[p + 2] << 8) | b[p + 3];
    const len = head + ns * addrLen + b[p + 1] * 4;
    if (p + len > end) break;
    const sources = [];
    for (let j = 0; j < ns; j++) sources.push(formatAddr(b, p + head + j * addrLen));
    list.push({
      type: b[p], typeName: RECORD_TYPES[b[p]], auxDataLength: b[p + 1], numberOfSources: ns,
      multicastAddress: formatAddr(b, p + 4), sources, auxData: view(b, p + head + ns * addrLen, p + len),
    });
    p += len;
  }
  return list;
}

module.exports = { nesting, MAX_DEPTH, view, quietContext, hex, groupRecords, RECORD_TYPES };
