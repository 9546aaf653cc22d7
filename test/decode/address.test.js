'use strict';
// node_pcap 3.x gave its address fields as objects with an `addr` byte array, and code written for
// it reads that array (MAC vendor checks, `saddr.addr.join('.')`). These frames are built here, byte
// by byte; the expected arrays are the bytes written.

const assert = require('assert');
const util = require('util');
const pcap = require('../..');

const { PacketAddress, EthernetAddr, IPv4Addr, IPv6Addr, SLLAddr } = pcap.decode;

const MAC_A = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10];
const MAC_B = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

function frame(linkType, ...parts) {
  return pcap.decode.packet({ buf: Buffer.from(parts.flat()), link_type: linkType });
}

function ethernet(type) {
  return [...MAC_B, ...MAC_A, type >> 8, type & 0xff];
}

describe('address objects (node_pcap 3.x compatible)', function () {
  it("Ethernet and IPv4: addr holds the bytes, the object reads as the address's text", function () {
    const ipv4 = [0x45, 0, 0, 20, 0, 1, 0x40, 0, 64, 253, 0, 0, 10, 0, 0, 1, 192, 168, 1, 200];
    const p = frame('LINKTYPE_ETHERNET', ethernet(0x0800), ipv4);
    const eth = p.payload;
    const ip = eth.payload;
    assert.deepStrictEqual(eth.shost.addr, MAC_A);
    assert.deepStrictEqual(eth.dhost.addr, MAC_B);
    assert.deepStrictEqual(ip.saddr.addr, [10, 0, 0, 1]);
    assert.deepStrictEqual(ip.daddr.addr, [192, 168, 1, 200]);
    assert.strictEqual(ip.saddr.addr.join('.'), '10.0.0.1'); // node_pcap code does this
    assert.ok(eth.shost instanceof EthernetAddr && eth.shost instanceof PacketAddress && eth.shost instanceof String);
    assert.ok(ip.saddr instanceof IPv4Addr);
    assert.strictEqual(eth.shost.constructor.name, 'EthernetAddr'); // node_pcap's class names
    assert.strictEqual(pcap.IPv4Addr, IPv4Addr); // also at the top, as index.d.ts declares them
    assert.deepStrictEqual([pcap.PacketAddress, pcap.EthernetAddr, pcap.IPv6Addr, pcap.SLLAddr], [PacketAddress, EthernetAddr, IPv6Addr, SLLAddr]);
    assert.strictEqual(ip.saddr.constructor.name, 'IPv4Addr');

    // everywhere a string is taken, it is the text
    assert.strictEqual(String(ip.saddr), '10.0.0.1');
    assert.strictEqual(ip.saddr.toString(), '10.0.0.1');
    assert.strictEqual(`${ip.saddr}:80`, '10.0.0.1:80');
    assert.strictEqual(ip.saddr + ':80', '10.0.0.1:80');
    assert.ok(ip.saddr == '10.0.0.1'); // eslint-disable-line eqeqeq
    assert.strictEqual(ip.daddr.startsWith('192.168.'), true);
    assert.deepStrictEqual(ip.daddr.split('.'), ['192', '168', '1', '200']);
    assert.strictEqual(ip.saddr.length, 8);
    assert.strictEqual(JSON.stringify({ a: ip.saddr }), '{"a":"10.0.0.1"}');
    assert.strictEqual(JSON.parse(JSON.stringify(p)).payload.shost, '00:1b:21:3a:4f:10');
    assert.strictEqual(eth.toJSON().shost, '00:1b:21:3a:4f:10'); // a primitive in toJSON's object
    assert.strictEqual(util.inspect(ip.saddr), "[IPv4Addr: '10.0.0.1']");
    assert.match(util.inspect(eth), /shost: \[EthernetAddr: '00:1b:21:3a:4f:10'\]/);
    // the difference from a string, as documented
    assert.notStrictEqual(ip.saddr, '10.0.0.1');
    assert.strictEqual(typeof ip.saddr, 'object');
  });

  it('converts as a String object does, for every hint: text, comparisons, numbers, sort order', function () {
    // PacketAddress defines Symbol.toPrimitive (speed); it must give what String's own valueOf
    // and toString give, whichever conversion asks
    const cases = [new IPv4Addr('10.0.0.1'), new IPv4Addr('9.0.0.1'), new IPv6Addr('2001:db8::1'), new EthernetAddr('00:1b:21:3a:4f:10'), new SLLAddr('12'), new PacketAddress('')];
    for (const a of cases) {
      const text = a.valueOf();
      const s = new String(text);
      assert.strictEqual(String(a), String(s));
      assert.strictEqual(`${a}`, `${s}`);
      assert.strictEqual(a + '!', s + '!');
      assert.strictEqual('!' + a, '!' + s);
      assert.strictEqual(a == text, true); // eslint-disable-line eqeqeq
      assert.strictEqual(a == 12, s == 12); // eslint-disable-line eqeqeq
      assert.ok(Object.is(+a, +s), `+${text}`);
      assert.ok(Object.is(Number(a), Number(s)), `Number(${text})`);
      assert.strictEqual(a < '5', s < '5');
      assert.strictEqual(a > 'a', s > 'a');
      assert.strictEqual([a].join(), text);
      assert.strictEqual(Object.prototype.toString.call(a), '[object String]');
      assert.deepStrictEqual({ [a]: 1 }, { [text]: 1 });
    }
    const sorted = cases.slice(0, 2).sort();
    assert.deepStrictEqual(sorted.map(String), ['10.0.0.1', '9.0.0.1']);
    assert.ok(new IPv4Addr('10.0.0.1') < new IPv4Addr('9.0.0.1'));
  });

  it('addr is a new array on each read: changing one changes neither the packet nor the next read', function () {
    const p = frame('LINKTYPE_ETHERNET', ethernet(0x0800), [0x45, 0, 0, 20, 0, 1, 0, 0, 64, 6, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const a = p.payload.payload.saddr;
    a.addr[0] = 99;
    assert.deepStrictEqual(a.addr, [1, 2, 3, 4]);
    assert.strictEqual(String(p.payload.payload.saddr), '1.2.3.4');
  });

  it('IPv6: 16 bytes in addr, compressed text', function () {
    const src = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const dst = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x1b, 0x21, 0xff, 0xfe, 0x3a, 0x4f, 0x10];
    const p = frame('LINKTYPE_ETHERNET', ethernet(0x86dd), [0x60, 0, 0, 0, 0, 0, 59, 64], src, dst);
    const ip = p.payload.payload;
    assert.ok(ip.saddr instanceof IPv6Addr);
    assert.deepStrictEqual(ip.saddr.addr, src);
    assert.deepStrictEqual(ip.daddr.addr, dst);
    assert.strictEqual(String(ip.saddr), '2001:db8::1');
    assert.strictEqual(String(ip.daddr), 'fe80::21b:21ff:fe3a:4f10');
  });

  it("node_pcap's constructors (index.d.ts declares them); addr of hand-made text never throws", function () {
    assert.strictEqual(String(new EthernetAddr(Buffer.from(MAC_A), 0)), '00:1b:21:3a:4f:10');
    assert.strictEqual(String(new EthernetAddr(Buffer.alloc(3), 0)), ''); // bytes not there
    assert.strictEqual(String(new IPv4Addr().decode(Buffer.from([10, 0, 0, 1]), 0)), '10.0.0.1');
    const v6 = Buffer.alloc(16);
    v6[15] = 1;
    assert.strictEqual(String(new IPv6Addr().decode(v6, 0)), '::1');
    // nine groups: was a RangeError (Invalid array length) from inside the getter
    assert.strictEqual(new IPv6Addr('1:2:3:4:5:6:7:8:9').addr.length, 16);
    assert.deepStrictEqual(new IPv6Addr('2001:db8::1').addr, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('ARP: the four addresses, as node-dash-button style code reads them', function () {
    const arp = [0, 1, 8, 0, 6, 4, 0, 1, ...MAC_A, 10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1];
    const a = frame('LINKTYPE_ETHERNET', ethernet(0x0806), arp).payload.payload;
    assert.ok(a.sender_ha instanceof EthernetAddr && a.sender_pa instanceof IPv4Addr);
    assert.deepStrictEqual(a.sender_ha.addr, MAC_A);
    assert.deepStrictEqual(a.sender_pa.addr, [10, 0, 0, 7]);
    assert.deepStrictEqual(a.target_ha.addr, [0, 0, 0, 0, 0, 0]);
    assert.deepStrictEqual(a.target_pa.addr, [10, 0, 0, 1]);
    const hex = a.sender_ha.addr.map((b) => (b < 16 ? '0' : '') + b.toString(16)).join(':');
    assert.strictEqual(hex, String(a.sender_ha));
    // other sizes: hex text, the bytes in addr
    const odd = [0, 1, 8, 0, 2, 3, 0, 1, 0xaa, 0xbb, 1, 2, 3, 0xcc, 0xdd, 4, 5, 6];
    const b = frame('LINKTYPE_ETHERNET', ethernet(0x0806), odd).payload.payload;
    assert.ok(b.sender_ha instanceof PacketAddress && !(b.sender_ha instanceof EthernetAddr));
    assert.strictEqual(String(b.sender_ha), 'aabb');
    assert.deepStrictEqual(b.sender_pa.addr, [1, 2, 3]);
  });

  it('IGMP group, SLL and 802.11 addresses', function () {
    const ip = [0x45, 0, 0, 28, 0, 1, 0, 0, 1, 2, 0, 0, 10, 0, 0, 1, 224, 0, 0, 251];
    const igmp = frame('LINKTYPE_ETHERNET', ethernet(0x0800), ip, [0x16, 0, 0, 0, 224, 0, 0, 251]).payload.payload.payload;
    assert.ok(igmp.groupAddress instanceof IPv4Addr);
    assert.deepStrictEqual(igmp.groupAddress.addr, [224, 0, 0, 251]);

    const sll = frame('LINKTYPE_LINUX_SLL', [0, 4, 0, 1, 0, 6], MAC_A, [0, 0, 0x08, 0x00]).payload;
    assert.ok(sll.address instanceof SLLAddr);
    assert.deepStrictEqual(sll.address.addr, MAC_A);
    assert.strictEqual(String(sll.address), '00:1b:21:3a:4f:10');

    // a data frame from the AP (FromDS): addr1 = destination, addr2 = BSSID, addr3 = source
    const ap = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
    const wlan = frame('LINKTYPE_IEEE802_11', [0x08, 0x02, 0, 0], MAC_B, ap, MAC_A, [0, 0]).payload;
    assert.ok(wlan.shost instanceof EthernetAddr);
    assert.deepStrictEqual(wlan.shost.addr, MAC_A);
    assert.deepStrictEqual(wlan.dhost.addr, MAC_B);
    assert.deepStrictEqual(wlan.bssid.addr, ap);
  });

  it('a field the capture cut off is undefined, not an empty address', function () {
    const p = frame('LINKTYPE_ETHERNET', ethernet(0x0800), [0x45, 0, 0, 20, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0]);
    assert.strictEqual(p.payload.payload.saddr, undefined);
    assert.strictEqual(p.payload.payload.daddr, undefined);
    assert.strictEqual(frame('LINKTYPE_ETHERNET', [1, 2, 3]).payload.dhost, undefined);
  });

  it('the TCP tracker keys sessions by the address text', function () {
    const tracker = new pcap.TCPTracker();
    const seen = [];
    tracker.on('session', (s) => seen.push([s.src, s.dst, typeof s.src]));
    const tcp = [0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0];
    const ip = [0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
    tracker.track_packet(frame('LINKTYPE_ETHERNET', ethernet(0x0800), ip, tcp));
    assert.deepStrictEqual(seen, [['10.0.0.1:12345', '10.0.0.2:80', 'string']]);
  });
});
