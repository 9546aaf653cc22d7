'use strict';
// Crafted frames of headers nested over and over (each a few bytes long, so a 256 KiB frame holds
// tens of thousands of them) must stop at a bound with an error on the layer, not overflow the stack.

const assert = require('assert');
const pcap = require('../..');

const SNAPLEN = 262144;

/** Decodes, prints and serialises; returns the deepest layer and the depth. */
function deepest(buf, linkType) {
  const p = pcap.decode.packet({ buf, link_type: linkType });
  assert.strictEqual(typeof String(p), 'string');
  JSON.stringify(p);
  let depth = 0;
  let last = null;
  for (let l = p.payload; l; l = l.payload) {
    depth++;
    last = l;
  }
  return { p, depth, last };
}

describe('nesting limits', function () {
  it('Ethernet in Ethernet (0x6558), 18,724 headers deep: 17 layers, then "too many nested headers"', function () {
    const b = Buffer.alloc(SNAPLEN);
    for (let o = 0; o + 14 <= b.length; o += 14) b.writeUInt16BE(0x6558, o + 12);
    const { depth, last, p } = deepest(b, 'LINKTYPE_ETHERNET');
    assert.strictEqual(depth, 17);
    assert.deepStrictEqual(last.error, { layer: 'ethernet-packet', reason: 'too many nested headers', offset: 16 * 14 + 14, needed: 0, available: SNAPLEN - 17 * 14 });
    assert.match(String(p), /ethertype 0x6558 \[malformed ethernet\]$/);
  });

  it('VLAN tags in tags after a cooked (SLL) header: stops with the error on the last tag', function () {
    const b = Buffer.alloc(SNAPLEN);
    b.writeUInt16BE(0x8100, 14); // SLL protocol field
    for (let o = 16; o + 4 <= b.length; o += 4) b.writeUInt16BE(0x8100, o + 2);
    const { depth, last } = deepest(b, 'LINKTYPE_LINUX_SLL');
    assert.strictEqual(depth, 17);
    assert.strictEqual(last.decoderName, 'vlan');
    assert.strictEqual(last.error.reason, 'too many nested headers');
  });

  it('SNAP in SNAP (802.3 frame, LLC whose SNAP type is LLC again): stops the same way', function () {
    const b = Buffer.alloc(1514);
    b.writeUInt16BE(1500, 12); // 802.3 length
    for (let o = 14; o + 8 <= b.length; o += 8) Buffer.from('aaaa030000000004', 'hex').copy(b, o);
    const { depth, last } = deepest(b, 'LINKTYPE_ETHERNET');
    assert.ok(depth <= 18, String(depth));
    assert.strictEqual(last.error.reason, 'too many nested headers');
  });

  it('an ordinary frame after a refused one decodes in full (the bound is per packet)', function () {
    const b = Buffer.alloc(2000);
    for (let o = 0; o + 14 <= b.length; o += 14) b.writeUInt16BE(0x6558, o + 12);
    deepest(b, 'LINKTYPE_ETHERNET');
    const udp = Buffer.from('020000000002020000000001080045000024000040004011' + '00007f0000017f000001' + '303900350010000000010100000100000000', 'hex');
    const p = pcap.decode.packet({ buf: udp, link_type: 'LINKTYPE_ETHERNET' });
    assert.strictEqual(p.payload.error, null);
    assert.strictEqual(p.payload.payload.payload.decoderName, 'udp');
  });
});
