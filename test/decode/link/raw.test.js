'use strict';

const assert = require('node:assert/strict');
const { RawIpPacket } = require('../../../lib/decode/link/raw');
const h = require('./helpers');

describe('link/raw (DLT_RAW, DLT_IPV4, DLT_IPV6)', () => {
  it('the packet payload is the IP layer itself, chosen by the version nibble except on DLT_IPV6', () => {
    const cases = [
      ['raw_ipv4', 101, 'ipv4'], // LINKTYPE_RAW as written in the file
      ['raw_ipv6', 12, 'ipv6'],
      ['ipv4_linktype_ipv4', 228, 'ipv4'],
      ['ipv6_linktype_ipv4', 228, 'ipv6'], // tshark: IPv6 too
    ];
    for (const [name, dlt, want] of cases) {
      assert.equal(h.fixture(name).dlt, dlt);
      const pkt = h.decodeFx(name);
      assert.equal(pkt.payload.decoderName, want, name);
      assert.equal(pkt.payload.error, null, name);
    }
    // tcpdump ("IP6 [version 4 != 6] (invalid)") and tshark both read a bad IPv6 header here
    const v4OnV6 = h.decodeFx('ipv4_linktype_ipv6').payload;
    assert.equal(v4OnV6.decoderName, 'ipv6');
    assert.equal(v4OnV6.version, 4);
    assert.equal(v4OnV6.error.reason, 'not IPv6 (version 4)');
    assert.equal(v4OnV6.payload, null);
    for (const dlt of [12, 14, 101, 228, 229]) {
      assert.equal(h.decodeFx({ ...h.fixture('raw_ipv6'), dlt }, 0).payload.decoderName, 'raw');
      const pkt = h.decodeFx({ ...h.fixture('raw_ipv6'), dlt });
      assert.equal(pkt.payload.decoderName, 'ipv6');
      assert.equal(h.text(pkt.payload.saddr), '2001:618:400::5199:cc70');
    }
  });

  it('emits the IP layer event once', () => {
    const { EventEmitter } = require('events');
    const em = new EventEmitter();
    let n = 0;
    em.on('ipv4', () => n++);
    h.decode.packet(h.rawOf(h.fixture('raw_ipv4')), em);
    assert.equal(n, 1);
  });

  it('neither IPv4 nor IPv6: a raw carrier layer with a malformed error', () => {
    const l = h.decodeFx('raw_bad_version').payload;
    assert.ok(l instanceof RawIpPacket);
    assert.equal(l.decoderName, 'raw');
    assert.equal(l.version, 5);
    assert.equal(l.truncated, false);
    assert.equal(l.error.reason, 'not IPv4 or IPv6');
    assert.equal(String(l), 'raw ip version 5');
  });

  it('DLT_IPV4 / DLT_IPV6 hand other nibbles to the IP version they declare', () => {
    const bad = h.fixture('raw_bad_version');
    const v4 = h.decodeFx({ ...bad, dlt: 228 }).payload;
    assert.equal(v4.decoderName, 'ipv4');
    assert.equal(v4.version, 5);
    const v6 = h.decodeFx({ ...bad, dlt: 229 }).payload;
    assert.equal(v6.decoderName, 'ipv6');
    assert.equal(v6.version, 5);
    const raw = h.decodeFx({ ...bad, dlt: 14 }).payload;
    assert.equal(raw.decoderName, 'raw');
  });

  it('an empty packet is truncated', () => {
    const l = h.decodeFx('raw_ipv4', 0).payload;
    assert.ok(l instanceof RawIpPacket);
    assert.equal(l.truncated, true);
    assert.equal(l.version, undefined);
    assert.equal(String(l), 'raw [empty]');
  });

  it('every truncation decodes without throwing', () => {
    for (const name of ['raw_ipv4', 'raw_ipv6']) {
      const full = h.fixture(name).hex.length / 2;
      for (let n = 1; n <= full; n++) {
        const pkt = h.decodeFx(name, n);
        assert.equal(pkt.payload.decoderName, name === 'raw_ipv4' ? 'ipv4' : 'ipv6');
      }
    }
  });

  it('garbage never throws', () => {
    for (const dlt of [12, 14, 101, 228, 229]) h.garbageSweep(dlt, ['raw_ipv4', 'raw_ipv6'], 100);
  });
});
