'use strict';

const assert = require('node:assert/strict');
const { Vlan } = require('../../../lib/decode/link/vlan');
const h = require('./helpers');

describe('link/vlan', () => {
  it('tag fields inside Ethernet (zeek vlan-pcp-dei, tshark truth)', () => {
    const fx = h.fixture('eth_vlan2_pcp_dei');
    const eth = h.decodeFx('eth_vlan2_pcp_dei').payload;
    fx.tshark.vlan.forEach((w, i) => {
      const v = eth.vlan[i];
      assert.ok(v instanceof Vlan);
      assert.equal(v.decoderName, 'vlan');
      assert.equal(v.tpid, w.tpid);
      assert.equal(v.id, w.id);
      assert.equal(v.priority, w.pcp);
      assert.equal(v.canonical_format, w.dei ? 1 : 0);
      assert.equal(v.ethertype, w.etype);
      assert.equal(v.payload, null); // Ethernet holds the payload
    });
    assert.equal(String(eth.vlan[0]), 'vlan 10 p 7 ethertype 0x8100');
    assert.deepEqual(JSON.parse(JSON.stringify(eth.vlan[1])), {
      decoderName: 'vlan', priority: 5, canonical_format: 1, id: 20, ethertype: 0x0800, tpid: 0x8100, payload: null,
    });
  });

  it('standalone through the ethertype table (SLL protocol 0x8100)', () => {
    const sll = h.decodeFx('sll_vlan').payload;
    assert.equal(sll.ethertype, 0x8100);
    const v = sll.payload;
    assert.ok(v instanceof Vlan);
    assert.equal(v.id, 42);
    assert.equal(v.priority, 0);
    assert.equal(v.canonical_format, 0);
    assert.equal(v.ethertype, 0x0800);
    assert.equal(v.tpid, undefined); // not part of the tag's own bytes
    assert.equal(v.payload.decoderName, 'ipv4');
    assert.ok(String(v).startsWith('vlan 42 '));
  });

  it('standalone tag with an unknown inner type and with too few bytes', () => {
    const buf = Buffer.from('a06588b5', 'hex');
    const v = new Vlan().decode(buf, 0, 4);
    assert.deepEqual([v.priority, v.canonical_format, v.id, v.ethertype], [5, 0, 0x65, 0x88b5]);
    assert.equal(v.payload, null);
    assert.equal(String(v), 'vlan 101 p 5 ethertype 0x88b5');
    for (let n = 0; n < 4; n++) {
      const t = new Vlan().decode(buf, 0, n);
      assert.equal(t.truncated, true);
      assert.equal(t.error.layer, 'vlan');
      assert.equal(t.ethertype, undefined);
      h.touch(t);
    }
  });

  it('every truncation of a tagged SLL frame', () => {
    h.truncationSweep('sll_vlan', [['sll-packet', 16], ['vlan', 20]]);
  });
});
