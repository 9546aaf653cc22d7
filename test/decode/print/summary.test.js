'use strict';
// Golden output of PcapPacket.prototype.toString() (lib/decode/print/summary.js): every packet of
// every capture in test/fixtures/print against <capture>.txt, plus hand-made edge cases.
// UPDATE_GOLDEN=1 rewrites the .txt files (review the diff by hand before committing).

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { packetLine } = require('../../../lib/decode/print/summary');
const { FIXTURES, captureFiles, readPackets, packetCopies } = require('./read_packets');

const DIR = path.join(FIXTURES, 'print');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** What no summary line may contain. */
function assertClean(line, where) {
  assert.strictEqual(typeof line, 'string', where);
  assert.ok(!/[\r\n]/.test(line), `${where}: newline in ${JSON.stringify(line)}`);
  for (const bad of ['undefined', 'null', 'NaN', '[object Object]', '[print error']) {
    assert.ok(!line.includes(bad), `${where}: '${bad}' in ${JSON.stringify(line)}`);
  }
}

/** A copy of packet `i` of `file`, cut to `len` bytes, as a node_pcap-style raw packet. */
async function cut(file, i, len) {
  const pkts = await packetCopies(path.join(DIR, file));
  const p = pkts[i - 1];
  return { buf: p.buf.subarray(0, len), link_type: p.link_type };
}

const line = (raw) => pcap.decode.packet(raw).toString();

describe('print: summary line golden output', function () {
  this.timeout(30000);
  const files = captureFiles(DIR);

  it('has fixtures', () => {
    assert.ok(files.length >= 20, 'expected the capture files of test/fixtures/print');
  });

  for (const file of files) {
    const name = path.basename(file);
    it(name, async () => {
      const { results } = await readPackets(file, (raw) => {
        const pkt = pcap.decode.packet(raw);
        const s = pkt.toString();
        assert.strictEqual(String(pkt), s);
        assert.strictEqual(packetLine(pkt), s);
        return s;
      });
      results.forEach((l, i) => assertClean(l, `${name} packet ${i + 1}`));
      const golden = file + '.txt';
      if (UPDATE) {
        fs.writeFileSync(golden, results.join('\n') + '\n');
        return;
      }
      const want = fs.readFileSync(golden, 'utf8').split('\n');
      want.pop();
      for (let i = 0; i < Math.max(want.length, results.length); i++) {
        assert.strictEqual(results[i], want[i], `${name} packet ${i + 1}`);
      }
    });
  }
});

describe('print: summary line edge cases', () => {
  const cases = [
    // [description, file, packet (1-based), cut length, expected line]
    ['Ethernet header cut', 'lo.pcap', 1, 9, '? -> 00:00:00:00:00:00 [truncated ethernet]'],
    ['empty packet', 'lo.pcap', 1, 0, '? -> ? [truncated ethernet]'],
    ['IPv4 header cut', 'lo.pcap', 1, 14 + 12, '00:00:00:00:00:00 -> 00:00:00:00:00:00 IPv4 [truncated ipv4]'],
    ['TCP header cut before the flags', 'lo.pcap', 1, 14 + 20 + 10,
      '00:00:00:00:00:00 -> 00:00:00:00:00:00 127.0.0.1:44352 -> 127.0.0.1:18090 TCP [truncated tcp]'],
    ['IPv6 TCP options cut', 'lo.pcap', 11, 14 + 40 + 24,
      '00:00:00:00:00:00 -> 00:00:00:00:00:00 [::1]:40438 -> [::1]:18090 TCP len 0 [syn] [truncated tcp]'],
    ['DNS header cut', 'lo.pcap', 22, 14 + 20 + 8 + 6,
      '00:00:00:00:00:00 -> 00:00:00:00:00:00 127.0.0.1:53 -> 127.0.0.1:55435 DNS answer [truncated dns]'],
    ['DNS answer record cut', 'lo.pcap', 22, 14 + 20 + 8 + 12 + 17 + 8,
      '00:00:00:00:00:00 -> 00:00:00:00:00:00 127.0.0.1:53 -> 127.0.0.1:55435 DNS answer example.com A [truncated dns]'],
    ['DNS answer with the CNAME but not yet the address: the record is named by its type', 'dpkt-truncated_dns.pcap', 1, 110,
      '88:1d:fc:ba:ed:80 -> 20:47:47:8d:8d:5e 192.168.1.100:53 -> 24.157.241.171:18741 DNS answer api.spd.samsungdm.com A CNAME api.samsungspd.com [truncated dns]'],
    ['ARP addresses cut', 'lo.pcap', 36, 14 + 16,
      '66:77:88:99:aa:bb -> 00:11:22:33:44:55 ? ARP reply ? hwaddr 66:77:88:99:aa:bb [truncated arp]'],
    ['ICMP error, quoted packet cut', 'lo.pcap', 30, 14 + 20 + 8 + 20 + 2,
      '00:00:00:00:00:00 -> 00:00:00:00:00:00 127.0.0.1 -> 127.0.0.1 ICMP Destination Port Unreachable for 127.0.0.1 -> 127.0.0.1 UDP'],
    ['SLL2 header cut', 'any_sll2.pcap', 1, 12, 'sll2 ifindex 1 in ethertype 0x0800 [truncated sll2]'],
    ['802.3 LLC cut', 'lo.pcap', 54, 15, '00:11:22:33:44:55 -> 01:80:c2:00:00:00 802.3 len 38 llc dsap 0x42 ssap ? [truncated llc]'],
  ];
  for (const [what, file, i, len, want] of cases) {
    it(what, async () => {
      const got = line(await cut(file, i, len));
      assertClean(got, what);
      assert.strictEqual(got, want);
    });
  }

  it('every prefix of every lo.pcap packet prints a clean line', async () => {
    const pkts = await packetCopies(path.join(DIR, 'lo.pcap'));
    for (let i = 0; i < pkts.length; i++) {
      for (let n = 0; n <= pkts[i].buf.length; n++) {
        assertClean(line({ buf: pkts[i].buf.subarray(0, n), link_type: pkts[i].link_type }), `lo.pcap packet ${i + 1} cut at ${n}`);
      }
    }
  });

  it('link types without a decoder', () => {
    assert.strictEqual(line({ buf: Buffer.from([1, 2, 3]), link_type: 'LINKTYPE_DBUS' }), 'LINKTYPE_DBUS [not decoded]');
    assert.strictEqual(line({ buf: Buffer.from([1, 2, 3]), link_type: 'LINKTYPE_4242' }), 'LINKTYPE_4242 [not decoded]');
    assert.strictEqual(line(null), 'unknown link type [not decoded]');
  });

  it('RAW packets that are not IP', () => {
    assert.strictEqual(line({ buf: Buffer.from([0x50, 0, 0]), link_type: 'LINKTYPE_RAW' }), 'raw ip version 5 [malformed raw]');
    assert.strictEqual(line({ buf: Buffer.alloc(0), link_type: 'LINKTYPE_RAW' }), 'raw [truncated raw]');
  });

  it('NULL with an unknown address family', () => {
    assert.strictEqual(line({ buf: Buffer.from([7, 0, 0, 0, 1, 2]), link_type: 'LINKTYPE_NULL' }), 'loopback af 7');
  });

  it('never throws, even when a layer getter does', () => {
    const broken = { link_type: 'LINKTYPE_ETHERNET', payload: { decoderName: 'ethernet-packet', get shost() { throw new Error('boom'); } } };
    assert.strictEqual(packetLine(broken), 'LINKTYPE_ETHERNET [print error: boom]');
    assert.strictEqual(packetLine(undefined), 'unknown link type [not decoded]');
  });

  it('escapes control characters that come from packet bytes (DNS names)', () => {
    const dns = { decoderName: 'dns', header: { isResponse: false }, question: [{ name: 'evil\nname', type: 1 }], answer: [] };
    const udp = { decoderName: 'udp', sport: 5000, dport: 53, dataLength: 20, payload: dns };
    const l = packetLine({ payload: { decoderName: 'ipv4', saddr: '10.0.0.1', daddr: '10.0.0.2', payload: udp, protocol: 17 } });
    assert.ok(!/[\r\n]/.test(l), l);
    assert.ok(l.includes('evil\\x0aname'), l);
    // C1 as well: DNS text is read as latin1, so the byte 0x9b is U+009B, which a terminal may
    // take for the start of an escape sequence (CSI)
    const c1 = { ...dns, question: [{ name: 'evil\u009b31mname\u0085', type: 1 }] };
    const l2 = packetLine({ payload: { decoderName: 'ipv4', saddr: '10.0.0.1', daddr: '10.0.0.2', payload: { ...udp, payload: c1 }, protocol: 17 } });
    assert.ok(l2.endsWith('DNS question evil\\x9b31mname\\x85 A'), l2);
  });

  it('a DNS answer\'s response code takes EDNS\'s upper bits: BADCOOKIE, not YXRRSet', () => {
    // header rcode 7, OPT extended rcode 1: 23 (RFC 7873)
    const dns = Buffer.from('12348187000100000000000101650474657374000001000100002904d0010080000000', 'hex');
    const udp = { decoderName: 'udp', sport: 53, dport: 5000, dataLength: dns.length, payload: pcap.decode.layer('dns', dns) };
    const l = packetLine({ payload: { decoderName: 'ipv4', saddr: '10.0.0.2', daddr: '10.0.0.1', payload: udp, protocol: 17 } });
    assert.match(l, / DNS answer e\.test A BADCOOKIE$/);
  });
});
