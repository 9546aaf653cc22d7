'use strict';

const assert = require('node:assert/strict');
const { EthernetPacket } = require('../../../lib/decode/link/ethernet');
const { Vlan } = require('../../../lib/decode/link/vlan');
const h = require('./helpers');

/** Compares an Ethernet layer with tshark's eth/vlan records for the fixture. */
function checkAgainstTshark(name) {
  const fx = h.fixture(name);
  const pkt = h.decodeFx(name);
  const eth = pkt.payload;
  const t = fx.tshark;
  assert.ok(eth instanceof EthernetPacket);
  assert.equal(eth.decoderName, 'ethernet-packet');
  assert.equal(h.text(eth.dhost), t.eth.dst);
  assert.equal(h.text(eth.shost), t.eth.src);
  if (t.eth.type !== undefined) {
    assert.equal(eth.ethertype, t.eth.type);
  }
  const tags = h.tagsOf(eth);
  const want = t.vlan || [];
  assert.equal(tags.length, want.length);
  if (want.length === 0) assert.equal(eth.vlan, null);
  if (want.length === 1) assert.ok(eth.vlan instanceof Vlan);
  if (want.length > 1) assert.ok(Array.isArray(eth.vlan));
  want.forEach((w, i) => {
    assert.equal(tags[i].tpid, w.tpid);
    assert.equal(tags[i].id, w.id);
    assert.equal(tags[i].priority, w.pcp);
    assert.equal(tags[i].canonical_format, w.dei ? 1 : 0);
    assert.equal(tags[i].ethertype, w.etype);
  });
  if (t.eth.len !== undefined) {
    assert.equal(eth.length, t.eth.len);
    assert.equal(eth.llc, eth.payload);
  } else {
    assert.equal(eth.length, undefined);
    assert.equal(eth.llc, undefined);
  }
  // the layer after Ethernet is the one tshark found next (its pseudo-layer 'ethertype' aside)
  const next = t.layers.filter((x) => x !== 'ethertype' && x !== 'vlan' && x !== 'ieee8021ad' && x !== 'eth')[0];
  assert.equal(eth.payload.decoderName, h.NET_NAME[next]);
  assert.equal(eth.error, null);
  assert.equal(eth.truncated, false);
  return eth;
}

describe('link/ethernet', () => {
  it('Ethernet II / IPv4 (dpkt http.pcap #1)', () => {
    const eth = checkAgainstTshark('eth_ipv4_tcp');
    assert.equal(h.text(eth.dhost), 'fe:ff:20:00:01:00');
    assert.equal(h.text(eth.shost), '00:00:01:00:00:00');
    assert.equal(eth.ethertype, 0x0800);
    assert.equal(eth.vlan, null);
    assert.ok(String(eth).startsWith('00:00:01:00:00:00 -> fe:ff:20:00:01:00 '));
    assert.deepEqual(JSON.parse(JSON.stringify(eth)).ethertype, 0x0800);
  });

  it('Ethernet II / IPv6', () => {
    const eth = checkAgainstTshark('eth_ipv6_icmpv6');
    assert.equal(eth.ethertype, 0x86dd);
  });

  it('802.3 + LLC (STP), padding after the length', () => {
    const eth = checkAgainstTshark('eth_8023_stp');
    assert.equal(eth.ethertype, 39);
    assert.equal(eth.length, 39);
    assert.equal(eth.payload.decoderName, 'llc');
    // the LLC layer ends at the 802.3 length, not at the padded frame end
    assert.equal(eth.payload._end - eth.payload._o, 39);
    assert.equal(String(eth), '00:13:7f:4f:8e:f2 -> 01:80:c2:00:00:00 LLC 0x42>0x42 ctrl 0x03');
  });

  it('802.3 + LLC/SNAP -> IPv4', () => {
    const eth = checkAgainstTshark('eth_8023_snap_ipv4');
    assert.equal(eth.length, 48);
    assert.equal(eth.payload.payload.decoderName, 'ipv4');
  });

  it('two 802.1Q tags with PCP and DEI (zeek vlan-pcp-dei)', () => {
    const eth = checkAgainstTshark('eth_vlan2_pcp_dei');
    assert.equal(eth.ethertype, 0x8100);
    assert.equal(eth.vlan.length, 2);
    assert.equal(eth.vlan[0].priority, 7);
    assert.equal(eth.vlan[1].canonical_format, 1);
    assert.ok(String(eth).includes(' vlan 10,20 '));
  });

  it('802.1ad + 802.1Q (tcpdump 802.1ad_QinQ) -> ARP', () => {
    const eth = checkAgainstTshark('eth_qinq_arp');
    assert.equal(eth.ethertype, 0x88a8);
    assert.equal(eth.vlan[0].tpid, 0x88a8);
    assert.equal(eth.vlan[1].tpid, 0x8100);
    assert.equal(eth.payload.decoderName, 'arp');
  });

  it('three stacked tags (zeek vlan-qinqinq)', () => {
    const eth = checkAgainstTshark('eth_vlan3');
    assert.deepEqual(eth.vlan.map((v) => v.id), [30, 20, 10]);
  });

  it('0x9100 outer tag, DEI and PCP (handmade)', () => {
    const eth = h.decodeFx('eth_9100_qinq').payload;
    assert.equal(eth.ethertype, 0x9100);
    assert.equal(eth.vlan.length, 2);
    assert.deepEqual(eth.vlan.map((v) => [v.tpid, v.priority, v.canonical_format, v.id, v.ethertype]), [
      [0x9100, 3, 1, 100, 0x8100],
      [0x8100, 0, 0, 5, 0x0800],
    ]);
    assert.equal(eth.payload.decoderName, 'ipv4');
    assert.equal(h.text(eth.dhost), '00:11:22:33:44:55');
    assert.equal(h.text(eth.shost), '66:77:88:99:aa:bb');
  });

  it('more than 8 stacked tags: malformed, 8 kept, no payload', () => {
    const eth = h.decodeFx('eth_too_many_tags').payload;
    assert.equal(eth.vlan.length, 8);
    assert.deepEqual(eth.vlan.map((v) => v.id), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(eth.payload, null);
    assert.equal(eth.truncated, false);
    assert.equal(eth.error.layer, 'ethernet-packet');
    assert.equal(eth.error.reason, 'too many vlan tags');
    assert.equal(eth.error.offset, 14 + 32);
    h.touch(eth);
  });

  it('type 1501: neither length nor known type', () => {
    const eth = h.decodeFx('eth_type_1501').payload;
    assert.equal(eth.ethertype, 1501);
    assert.equal(eth.length, undefined);
    assert.equal(eth.payload, null);
    assert.equal(eth.error, null);
    assert.ok(String(eth).endsWith(' ethertype 0x05dd'));
  });

  it('unknown ethertype (LLDP): payload null, toString shows the type', () => {
    const eth = h.decodeFx('eth_lldp').payload;
    assert.equal(eth.ethertype, 0x88cc);
    assert.equal(eth.payload, null);
    assert.equal(String(eth), '66:77:88:99:aa:bb -> 01:80:c2:00:00:0e ethertype 0x88cc');
  });

  it('802.3 Novell raw (0xffff): no LLC', () => {
    const eth = h.decodeFx('eth_novell_raw').payload;
    assert.equal(eth.length, 30);
    assert.equal(eth.payload, null);
    assert.equal(eth.llc, undefined);
    assert.equal(String(eth), '66:77:88:99:aa:bb -> ff:ff:ff:ff:ff:ff 802.3 length 30');
  });

  it('transparent Ethernet bridging (0x6558) decodes an inner Ethernet frame', () => {
    const inner = Buffer.from(h.fixture('eth_ipv4_tcp').hex, 'hex');
    const outer = Buffer.concat([Buffer.from('00112233445566778899aabb6558', 'hex'), inner]);
    const eth = new EthernetPacket().decode(outer, 0, outer.length);
    assert.equal(eth.payload.decoderName, 'ethernet-packet');
    assert.equal(eth.payload.payload.decoderName, 'ipv4');
  });

  it('decodes at an offset inside a larger buffer and honours end', () => {
    const frame = Buffer.from(h.fixture('eth_vlan2_pcp_dei').hex, 'hex');
    const buf = Buffer.concat([Buffer.alloc(7, 0xee), frame, Buffer.alloc(9, 0xee)]);
    const eth = new EthernetPacket().decode(buf, 7, 7 + 22);
    assert.equal(h.text(eth.shost), '16:4b:df:50:b2:93');
    assert.equal(eth.vlan.length, 2);
    assert.equal(eth.payload.decoderName, 'ipv4');
    assert.equal(eth.payload.truncated, true);
    const short = new EthernetPacket().decode(buf, 7, 7 + 13);
    assert.equal(short.truncated, true);
    assert.equal(short.error.offset, 7); // no ctx: offsets are absolute
    assert.equal(h.text(short.shost), '16:4b:df:50:b2:93');
    assert.equal(short.ethertype, undefined);
  });

  it('untagged decode keeps only offsets and payload; tags add vlan', () => {
    const a = h.decodeFx('eth_ipv4_tcp').payload;
    const b = h.decodeFx('eth_vlan3').payload;
    assert.deepEqual(Object.keys(a), ['_b', '_o', '_end', 'payload']);
    assert.strictEqual(a.vlan, null);
    assert.deepEqual(Object.keys(b), ['_b', '_o', '_end', 'payload', 'vlan']);
  });

  it('emits one ethernet event (tags are part of it, not separate events)', () => {
    const { EventEmitter } = require('events');
    const em = new EventEmitter();
    const seen = [];
    em.on('ethernet-packet', (l) => seen.push(l.decoderName));
    h.decode.packet(h.rawOf(h.fixture('eth_qinq_arp')), em);
    assert.deepEqual(seen, ['ethernet-packet']);
  });

  it('every truncation flags the right layer', () => {
    h.truncationSweep('eth_ipv4_tcp', [['ethernet-packet', 14]]);
    h.truncationSweep('eth_ipv6_icmpv6', [['ethernet-packet', 14]]);
    h.truncationSweep('eth_qinq_arp', [['ethernet-packet', 22]]);
    h.truncationSweep('eth_vlan3', [['ethernet-packet', 26]]);
    h.truncationSweep('eth_9100_qinq', [['ethernet-packet', 22]]);
    h.truncationSweep('eth_8023_stp', [['ethernet-packet', 14], ['llc', 17]]);
    h.truncationSweep('eth_8023_snap_ipv4', [['ethernet-packet', 14], ['llc', 22]]);
    h.truncationSweep('eth_lldp', [['ethernet-packet', 14]]);
  });

  it('a truncated tag stack keeps the complete tags', () => {
    const pkt = h.decodeFx('eth_vlan3', 21);
    const eth = pkt.payload;
    assert.ok(eth.vlan instanceof Vlan); // one complete tag: a single Vlan, not an array
    assert.equal(eth.vlan.id, 30);
    assert.equal(eth.error.reason, 'vlan tag truncated');
    assert.equal(eth.error.offset, 18);
    assert.equal(eth.error.needed, 4);
    assert.equal(eth.error.available, 3);
    assert.ok(String(eth).includes(' vlan 30'));
  });

  it('garbage never throws', () => {
    h.garbageSweep(1, ['eth_ipv4_tcp', 'eth_vlan3', 'eth_8023_snap_ipv4', 'eth_9100_qinq', 'eth_8023_stp']);
  });
});
