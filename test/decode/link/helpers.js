'use strict';
// Shared helpers for the link-layer decoder tests: fixtures as packets, the layer chain, and the
// truncation / garbage sweeps every decoder test runs.

const assert = require('node:assert/strict');
const decode = require('../../../lib/decode');
const corpus = require('../../fixtures/link/corpus.json');
const handmade = require('../../fixtures/link/handmade');

/** A fixture by name (corpus.json first, then handmade.js). */
function fixture(name) {
  const fx = corpus[name] || handmade[name];
  if (!fx) throw new Error('no fixture ' + name);
  return fx;
}

/** node_pcap-style raw packet {buf, header, dlt} for the first `caplen` bytes of a fixture. */
function rawOf(fx, caplen) {
  const all = Buffer.from(fx.hex, 'hex');
  const n = caplen === undefined ? all.length : caplen;
  const header = Buffer.alloc(16);
  header.writeUInt32LE(n, 8);
  header.writeUInt32LE(fx.len === undefined ? all.length : fx.len, 12);
  return { buf: all.subarray(0, n), header, dlt: fx.dlt };
}

/** Decodes a fixture (optionally cut to `caplen` bytes). */
function decodeFx(name, caplen) {
  return decode.packet(rawOf(typeof name === 'string' ? fixture(name) : name, caplen));
}

/** The payload chain below the PcapPacket. */
function chain(pkt) {
  const out = [];
  for (let l = pkt.payload, i = 0; l && i < 32; l = l.payload, i++) out.push(l);
  return out;
}

const names = (pkt) => chain(pkt).map((l) => l.decoderName);

/** Reads every listed field and both text forms of a layer; none of it may throw. */
function touch(layer) {
  const fields = layer.constructor.fields || [];
  for (const f of fields) void layer[f];
  const s = String(layer);
  assert.equal(typeof s, 'string');
  assert.ok(!s.includes('\n'), 'one line: ' + s);
  // this layer's own text (the payload's text is the payload decoder's business)
  const own = layer.payload && s.endsWith(String(layer.payload)) ? s.slice(0, s.length - String(layer.payload).length) : s;
  assert.ok(!own.includes('undefined'), `'undefined' in ${layer.decoderName} text: ${s}`);
  JSON.stringify(fields.reduce((o, f) => ((o[f] = layer[f]), o), {}));
  return s;
}

const LINK_NAMES = new Set(['ethernet-packet', 'vlan', 'llc', 'sll-packet', 'sll2', 'null-packet', 'raw', 'radio-packet', 'radio-frame']);

/**
 * Decodes every prefix of a fixture (0 .. caplen bytes). `stages` lists the link-layer headers
 * as [decoderName, bytes the header needs from the packet start]; for a prefix shorter than a
 * stage, that layer must exist, be flagged truncated with its own error, and end the chain; for
 * longer prefixes it must carry no error (unless the stage's third element is 'loose'). Every
 * link layer met is touched (fields, toString).
 */
function truncationSweep(name, stages) {
  const fx = fixture(name);
  const full = fx.hex.length / 2;
  for (let n = 0; n <= full; n++) {
    let pkt;
    assert.doesNotThrow(() => { pkt = decodeFx(fx, n); }, `${name} cut to ${n}`);
    const ls = chain(pkt);
    for (const l of ls) if (LINK_NAMES.has(l.decoderName)) touch(l);
    for (let i = 0; i < stages.length; i++) {
      const [want, need] = stages[i];
      const l = ls[i];
      assert.ok(l, `${name} cut to ${n}: no layer ${i} (${want})`);
      assert.equal(l.decoderName, want, `${name} cut to ${n}: layer ${i}`);
      if (n < need) {
        assert.equal(l.truncated, true, `${name} cut to ${n}: ${want} should be truncated`);
        assert.equal(l.error && l.error.layer, want, `${name} cut to ${n}: ${want} error`);
        assert.equal(l.payload, null, `${name} cut to ${n}: nothing after a truncated ${want}`);
        break;
      }
      if (stages[i][2] === 'loose') continue; // e.g. 802.11 tagged parameters: a cut may or may not split one
      assert.equal(l.error, null, `${name} cut to ${n}: ${want} has ${JSON.stringify(l.error)}`);
      assert.equal(l.truncated, false);
    }
  }
}

/** Small deterministic PRNG (xorshift32) so garbage tests are repeatable. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/**
 * Random bytes and mutated fixtures for a DLT: decoding, reading every link field and toString
 * must never throw, and must terminate.
 */
function garbageSweep(dlt, fixtures, rounds = 400) {
  const rand = rng(dlt * 7919 + 1);
  const bases = fixtures.map((n) => Buffer.from(fixture(n).hex, 'hex'));
  for (let i = 0; i < rounds; i++) {
    let buf;
    if (i % 2 === 0 || bases.length === 0) {
      buf = Buffer.alloc(Math.floor(rand() * 160));
      for (let j = 0; j < buf.length; j++) buf[j] = rand() < 0.3 ? 0 : Math.floor(rand() * 256);
    } else {
      const base = bases[i % bases.length];
      buf = Buffer.from(base.subarray(0, Math.floor(rand() * (base.length + 1))));
      const flips = 1 + Math.floor(rand() * 6);
      for (let j = 0; j < flips && buf.length; j++) buf[Math.floor(rand() * buf.length)] = Math.floor(rand() * 256);
    }
    const header = Buffer.alloc(16);
    header.writeUInt32LE(buf.length, 8);
    header.writeUInt32LE(buf.length + (rand() < 0.2 ? 100 : 0), 12);
    assert.doesNotThrow(() => {
      const pkt = decode.packet({ buf, header, dlt });
      for (const l of chain(pkt)) if (LINK_NAMES.has(l.decoderName)) touch(l);
    }, `dlt ${dlt} garbage ${buf.toString('hex')}`);
  }
}

/** An address object's text (a String subclass; anything else as it is), for strict comparisons. */
const text = (v) => (v instanceof String ? v.valueOf() : v);

/** The innermost Vlan tags of an Ethernet layer as a list. */
const tagsOf = (eth) => (eth.vlan === null ? [] : Array.isArray(eth.vlan) ? eth.vlan : [eth.vlan]);

/** Checks an SLL/SLL2 layer against tshark's sll record (addr is [hex, offset, length, ...] in the oracle). */
function checkSll(name) {
  const t = fixture(name).tshark.sll;
  const l = decodeFx(name).payload;
  assert.equal(l.packet_type, t.pkttype);
  assert.equal(l.address_type, t.hatype);
  assert.equal(l.address_len, t.halen);
  assert.equal(text(l.address), t.addr ? t.addr[0].match(/../g).join(':') : undefined);
  assert.equal(l.ethertype, t.protocol);
  if (t.ifindex !== undefined) assert.equal(l.interface_index, t.ifindex);
  assert.equal(l.error, null);
  return l;
}

/** Maps tshark's decoded layer name to the decoderName the next layer should have. */
const NET_NAME = { ip: 'ipv4', ipv6: 'ipv6', arp: 'arp', llc: 'llc' };

module.exports = { text, checkSll, fixture, rawOf, decodeFx, chain, names, touch, truncationSweep, garbageSweep, rng, tagsOf, NET_NAME, decode, corpus, handmade };
