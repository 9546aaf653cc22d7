'use strict';

const assert = require('node:assert/strict');
const { NullPacket, LoopPacket } = require('../../../lib/decode/link/null');
const h = require('./helpers');

describe('link/null (DLT_NULL, DLT_LOOP)', () => {
  it('AF 30 little-endian -> IPv6 (pcapplusplus NullLoopback #1)', () => {
    const l = h.decodeFx('null_ipv6').payload;
    assert.ok(l instanceof NullPacket);
    assert.equal(l.decoderName, 'null-packet');
    assert.equal(l.pftype, h.fixture('null_ipv6').tshark.null.family);
    assert.equal(l.ethertype, undefined);
    assert.equal(l.payload.decoderName, 'ipv6');
    assert.ok(String(l).startsWith('loopback '));
  });

  it('AF 2 -> IPv4 (NullLoopback #2)', () => {
    const l = h.decodeFx('null_ipv4').payload;
    assert.equal(l.pftype, h.fixture('null_ipv4').tshark.null.family);
    assert.equal(l.payload.decoderName, 'ipv4');
  });

  it('an ethertype instead of a family (NullLoopback #3, tshark null.type)', () => {
    const l = h.decodeFx('null_ethertype').payload;
    assert.equal(l.ethertype, h.fixture('null_ethertype').tshark.null.type);
    assert.equal(l.pftype, 0x0f000800);
    assert.equal(l.payload.decoderName, 'ipv4');
  });

  it('big-endian writer, and the other IPv6 families (24, 28, 10)', () => {
    const be = h.decodeFx('null_be_ipv4').payload;
    assert.equal(be.pftype, 2);
    assert.equal(be.payload.decoderName, 'ipv4');
    for (const [name, af] of [['null_af24', 24], ['null_af28', 28], ['null_af10', 10]]) {
      const l = h.decodeFx(name).payload;
      assert.equal(l.pftype, af);
      assert.equal(l.payload.decoderName, 'ipv6');
    }
  });

  it('an unknown family: nothing decoded, no error', () => {
    const l = h.decodeFx('null_af7').payload;
    assert.equal(l.pftype, 7);
    assert.equal(l.payload, null);
    assert.equal(l.error, null);
    assert.equal(String(l), 'loopback af 7');
  });

  it('DLT_LOOP is big-endian', () => {
    const v4 = h.decodeFx('loop_ipv4').payload;
    assert.ok(v4 instanceof LoopPacket);
    assert.equal(v4.decoderName, 'null-packet');
    assert.equal(v4.pftype, 2);
    assert.equal(v4.payload.decoderName, 'ipv4');
    const v6 = h.decodeFx('loop_ipv6_af24').payload;
    assert.equal(v6.pftype, 24);
    assert.equal(v6.payload.decoderName, 'ipv6');
    const le = h.decodeFx('loop_le').payload;
    assert.equal(le.pftype, 0x02000000);
    assert.equal(le.payload, null);
  });

  it('every truncation', () => {
    h.truncationSweep('null_ipv4', [['null-packet', 4]]);
    h.truncationSweep('null_ethertype', [['null-packet', 4]]);
    h.truncationSweep('loop_ipv6_af24', [['null-packet', 4]]);
    const l = h.decodeFx('null_ipv4', 3).payload;
    assert.equal(l.pftype, undefined);
    assert.equal(String(l), 'loopback [truncated]');
  });

  it('garbage never throws', () => {
    h.garbageSweep(0, ['null_ipv6', 'null_ipv4', 'null_ethertype']);
    h.garbageSweep(108, ['loop_ipv4', 'loop_ipv6_af24']);
  });
});
