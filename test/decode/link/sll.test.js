'use strict';

const assert = require('node:assert/strict');
const { SLLPacket } = require('../../../lib/decode/link/sll');
const h = require('./helpers');

const { checkSll } = h;

describe('link/sll (Linux cooked v1)', () => {
  it('IPv6, capture cut at 128 of 1296 bytes (pcapplusplus SllPacket)', () => {
    const l = checkSll('sll_ipv6_truncated');
    assert.ok(l instanceof SLLPacket);
    assert.equal(l.decoderName, 'sll-packet');
    assert.equal(h.text(l.address), '00:12:44:1e:74:00');
    assert.equal(l.payload.decoderName, 'ipv6');
    assert.ok(String(l).startsWith('recv_us 00:12:44:1e:74:00 '));
  });

  it('broadcast ARP (zeek linuxsll-arp)', () => {
    const l = checkSll('sll_arp');
    assert.equal(l.packet_type, 1);
    assert.equal(l.payload.decoderName, 'arp');
    assert.ok(String(l).startsWith('broadcast cc:2d:e0:26:19:99 '));
  });

  it('outgoing, no link address (tcpdump tcp-handshake-nano)', () => {
    const l = checkSll('sll_noaddr');
    assert.equal(l.address_len, 0);
    assert.equal(h.text(l.address), undefined);
    assert.equal(l.payload.decoderName, 'ipv4');
    assert.ok(String(l).startsWith('sent_us '));
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(l))).slice(0, 5), ['decoderName', 'packet_type', 'address_type', 'address_len', 'ethertype']);
  });

  it('address length above 8: only the 8 header bytes are shown', () => {
    const l = h.decodeFx('sll_long_addr').payload;
    assert.equal(l.address_len, 10);
    assert.equal(h.text(l.address), '01:02:03:04:05:06:07:08');
    assert.equal(l.packet_type, 3);
    assert.ok(String(l).startsWith('remote_remote 01:02:03:04:05:06:07:08 '));
  });

  it('netlink: the protocol field is not an ethertype, nothing after it', () => {
    const l = h.decodeFx('sll_netlink').payload;
    assert.equal(l.address_type, 824);
    assert.equal(l.ethertype, 0);
    assert.equal(l.payload, null);
    assert.equal(String(l), 'sent_us ethertype 0x0000');
  });

  it('every truncation', () => {
    h.truncationSweep('sll_arp', [['sll-packet', 16]]);
    h.truncationSweep('sll_noaddr', [['sll-packet', 16]]);
    const l = h.decodeFx('sll_arp', 5).payload;
    assert.equal(l.packet_type, 1);
    assert.equal(l.address_type, 1);
    assert.equal(l.address_len, undefined);
    assert.equal(h.text(l.address), undefined);
    assert.equal(l.error.needed, 16);
    assert.equal(l.error.available, 5);
  });

  it('garbage never throws', () => {
    h.garbageSweep(113, ['sll_ipv6_truncated', 'sll_arp', 'sll_vlan', 'sll_netlink']);
  });
});
