'use strict';

const assert = require('node:assert/strict');
const { SLL2Packet } = require('../../../lib/decode/link/sll2');
const h = require('./helpers');
const { checkSll } = h;

describe('link/sll2 (Linux cooked v2)', () => {
  it('IPv4 on ifindex 20 (pcapplusplus sll2)', () => {
    const l = checkSll('sll2_ipv4');
    assert.ok(l instanceof SLL2Packet);
    assert.equal(l.decoderName, 'sll2');
    assert.equal(l.interface_index, 20);
    assert.equal(l.reserved, 0);
    assert.equal(l.payload.decoderName, 'ipv4');
    assert.ok(String(l).startsWith('ifindex 20 recv_us f0:3f:95:8f:82:63 '));
  });

  it('protocol 0x0004 -> LLC (pcapplusplus Sll2PacketLLC)', () => {
    const l = checkSll('sll2_llc_stp');
    assert.equal(l.packet_type, 2);
    assert.equal(l.payload.decoderName, 'llc');
  });

  it('loopback (zeek linux_dlt_sll2)', () => {
    const l = checkSll('sll2_loopback');
    assert.equal(l.address_type, 772);
    assert.equal(h.text(l.address), '00:00:00:00:00:00');
  });

  it('ARPHRD_IEEE80211_RADIOTAP -> radiotap -> 802.11', () => {
    const pkt = h.decodeFx('sll2_radiotap');
    assert.deepEqual(h.names(pkt), ['sll2', 'radio-packet', 'radio-frame', 'llc', 'arp']);
    assert.equal(pkt.payload.address_type, 803);
    assert.equal(pkt.payload.interface_index, 7);
    assert.equal(h.text(pkt.payload.address), undefined);
  });

  it('every truncation', () => {
    h.truncationSweep('sll2_ipv4', [['sll2', 20]]);
    h.truncationSweep('sll2_llc_stp', [['sll2', 20], ['llc', 23]]);
    h.truncationSweep('sll2_radiotap', [['sll2', 20], ['radio-packet', 45], ['radio-frame', 71]]);
    const l = h.decodeFx('sll2_ipv4', 9).payload;
    assert.equal(l.ethertype, 0x0800);
    assert.equal(l.interface_index, 20);
    assert.equal(l.address_type, undefined);
    assert.equal(String(l), 'ifindex 20 sll ethertype 0x0800');
  });

  it('garbage never throws', () => {
    h.garbageSweep(276, ['sll2_ipv4', 'sll2_llc_stp', 'sll2_radiotap']);
  });
});
