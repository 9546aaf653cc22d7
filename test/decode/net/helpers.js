'use strict';
// Shared by the network-layer decoder tests: fixture loading, decoding at an odd offset inside a
// bigger buffer, every-truncation runs and comparison with tshark's reading of corpus frames.

const assert = require('node:assert');
const path = require('path');

require('../../../lib/decode'); // fills every dispatch table (link, net, transport, app)
const net = require('../../../lib/decode/net');
const { tables } = require('../../../lib/decode/registry');

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'net');

/** The corpus-derived fixtures of one file: {name: {buf, offset, tshark, ...}}. */
function corpus(file) {
  const out = {};
  for (const [name, fx] of Object.entries(require(path.join(FIXTURES, file + '.json')))) {
    out[name] = { ...fx, buf: Buffer.from(fx.hex, 'hex') };
  }
  return out;
}

const handmade = require(path.join(FIXTURES, 'handmade.js'));

const PREFIX = 5;

/**
 * Copies bytes [from, from + len) of `src` into a new buffer after PREFIX bytes of 0xa5 and before
 * 64 bytes of `fill`, and decodes them there with `Class` (end = exactly those bytes). A decoder
 * that reads past `end` sees `fill`, so decoding with two different fills tells.
 */
function decodeAt(Class, src, from, len, fill = 0x00, ctx) {
  const b = Buffer.alloc(PREFIX + len + 64, fill);
  b.fill(0xa5, 0, PREFIX);
  src.copy(b, PREFIX, from, from + len);
  return new Class().decode(b, PREFIX, PREFIX + len, ctx === undefined ? { emitter: null, options: undefined, base: PREFIX } : ctx);
}

/** Every enumerable getter and field of a layer chain, as JSON (Buffers as hex). */
function snapshot(layer) {
  return JSON.stringify(layer, (k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v));
}

/**
 * Decodes every prefix of src[from..] (lengths 0 .. full) with `Class`, twice (different bytes
 * after the end); asserts it never throws, never reads past the end (same snapshot both times),
 * prints a one-line toString without 'undefined', and calls check(layer, len) for more.
 */
function everyTruncation(Class, src, from, check) {
  const full = src.length - from;
  for (let len = 0; len <= full; len++) {
    const a = decodeAt(Class, src, from, len, 0x00);
    const b = decodeAt(Class, src, from, len, 0xff);
    const sa = snapshot(a);
    assert.strictEqual(sa, snapshot(b), `length ${len}: output depends on bytes past the end`);
    const text = String(a);
    assert.ok(!text.includes('\n'), `length ${len}: toString has a newline`);
    assert.ok(!/\bundefined\b/.test(text), `length ${len}: toString says undefined: ${text}`);
    if (check) check(a, len);
  }
}

/** The first layer of each kind along the payload chain (like the corpus checker). */
function layersByName(top) {
  const out = {};
  for (let l = top, n = 0; l && typeof l === 'object' && n < 32; l = l.payload, n++) {
    if (!(l.decoderName in out)) out[l.decoderName] = l;
  }
  return out;
}

const EXT_TSHARK = { 0: 'hopopts', 43: 'routing', 44: 'fraghdr', 60: 'dstopts', 140: 'shim6' };

/** Asserts that our fields agree with tshark's for each layer tshark described (corpus README). */
function assertTshark(top, tshark) {
  const by = layersByName(top);
  // address objects (String subclasses) compare as their text
  const eq = (kind, field, got, want) => assert.deepStrictEqual(got instanceof String ? got.valueOf() : got, want, `${kind}.${field}`);
  if (tshark.ip) {
    const l = by.ipv4;
    const w = tshark.ip;
    assert.ok(l, 'ipv4 layer');
    eq('ip', 'version', l.version, w.version);
    if (w.hdr_len !== undefined) eq('ip', 'hdr_len', l.headerLength, w.hdr_len);
    if (w.tos !== undefined) eq('ip', 'tos', l.diffserv, w.tos);
    if (w.len !== undefined) eq('ip', 'len', l.length, w.len);
    if (w.id !== undefined) eq('ip', 'id', l.identification, w.id);
    if (w.df !== undefined) eq('ip', 'df', l.flags.doNotFragment, w.df);
    if (w.mf !== undefined) eq('ip', 'mf', l.flags.moreFragments, w.mf);
    if (w.rb !== undefined) eq('ip', 'rb', l.flags.reserved, w.rb);
    if (w.frag_offset !== undefined) eq('ip', 'frag_offset', l.fragmentOffset, w.frag_offset);
    if (w.ttl !== undefined) eq('ip', 'ttl', l.ttl, w.ttl);
    if (w.proto !== undefined) eq('ip', 'proto', l.protocol, w.proto);
    if (w.checksum !== undefined) eq('ip', 'checksum', l.headerChecksum, w.checksum);
    if (w.src !== undefined) eq('ip', 'src', l.saddr, w.src);
    if (w.dst !== undefined) eq('ip', 'dst', l.daddr, w.dst);
    if (w.options !== undefined) eq('ip', 'options', l.options.map((o) => o.type).filter((t) => t > 1), w.options);
  }
  if (tshark.ipv6) {
    const l = by.ipv6;
    const w = tshark.ipv6;
    assert.ok(l, 'ipv6 layer');
    eq('ipv6', 'version', l.version, w.version);
    eq('ipv6', 'tclass', l.trafficClass, w.tclass);
    eq('ipv6', 'flow', l.flowLabel, w.flow);
    eq('ipv6', 'plen', l.payloadLength, w.plen);
    eq('ipv6', 'nxt', l.nextHeader, w.nxt);
    eq('ipv6', 'hlim', l.hopLimit, w.hlim);
    eq('ipv6', 'src', l.saddr, w.src);
    eq('ipv6', 'dst', l.daddr, w.dst);
    // tshark's chain ends at AH/ESP/mobility; compare up to there
    const ours = [];
    for (const x of l.extensions) {
      if (!(x.type in EXT_TSHARK)) break;
      const o = { type: EXT_TSHARK[x.type], proto: x.type, nxt: x.nextHeader };
      if (x.type === 44) Object.assign(o, { offset: x.fragmentOffset, more: x.moreFragments, ident: x.identification });
      else o.len = x.length;
      if (x.type === 43) Object.assign(o, { routing_type: x.routingType, segleft: x.segmentsLeft });
      ours.push(o);
    }
    if (w.ext) eq('ipv6', 'ext', ours, w.ext);
    if (w.upper !== undefined && ours.length === l.extensions.length) eq('ipv6', 'upper', l.protocol, w.upper);
  }
  if (tshark.arp) {
    const l = by.arp;
    const w = tshark.arp;
    assert.ok(l, 'arp layer');
    const map = { htype: 'htype', ptype: 'ptype', hlen: 'hlen', plen: 'plen', opcode: 'operation', sha: 'sender_ha', spa: 'sender_pa', tha: 'target_ha', tpa: 'target_pa' };
    for (const [k, f] of Object.entries(map)) if (w[k] !== undefined) eq('arp', k, l[f], w[k]);
  }
  if (tshark.icmp) {
    const l = by.icmp;
    const w = tshark.icmp;
    assert.ok(l, 'icmp layer');
    const map = { type: 'type', code: 'code', checksum: 'checksum', id: 'id', seq: 'sequence' };
    for (const [k, f] of Object.entries(map)) if (w[k] !== undefined) eq('icmp', k, l[f], w[k]);
  }
  if (tshark.icmpv6) {
    const l = by.icmpv6;
    const w = tshark.icmpv6;
    assert.ok(l, 'icmpv6 layer');
    for (const k of ['type', 'code', 'checksum']) eq('icmpv6', k, l[k], w[k]);
  }
  if (tshark.igmp) {
    const l = by.igmp;
    const w = tshark.igmp;
    assert.ok(l, 'igmp layer');
    const map = { version: 'version', type: 'type', max_resp: 'maxResponseTime', checksum: 'checksum', group: 'groupAddress' };
    for (const [k, f] of Object.entries(map)) if (w[k] !== undefined) eq('igmp', k, l[f], w[k]);
  }
}

/**
 * Runs fn with `Class` registered in `table` under `key` (a stub or a real decoder), then puts
 * back what was there before.
 */
function withDecoder(table, key, Class, fn) {
  const had = tables[table].has(key);
  const before = tables[table].get(key);
  if (Class === null) tables[table].delete(key);
  else tables[table].set(key, Class);
  try {
    return fn();
  } finally {
    if (had) tables[table].set(key, before);
    else tables[table].delete(key);
  }
}

/** A minimal layer for dispatch tests: records where it was asked to decode. */
class Stub {
  constructor() { this._o = 0; this._end = 0; this.payload = null; }
  decode(b, o, end) { this._o = o; this._end = end; return this; }
  toString() { return 'stub'; }
}
Stub.prototype.decoderName = 'stub';
Stub.prototype.error = null;
Stub.prototype.truncated = false;

/** Deterministic pseudo-random bytes (xorshift), for garbage tests. */
function randomBytes(n, seed) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

module.exports = {
  net, tables, corpus, handmade, decodeAt, everyTruncation, snapshot, assertTshark, layersByName, withDecoder, Stub,
  randomBytes, PREFIX,
};
