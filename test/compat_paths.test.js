'use strict';
// node_pcap 3.x's module paths (lib/compat, mapped by package.json's exports), required by package
// name as node_pcap code does: from a folder whose node_modules/pcap is this repository.

const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');

describe("node_pcap's module paths (require('pcap/decode/ipv4') and the rest)", function () {
  let dir;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-compat-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'pcap'), 'dir');
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `code` as a script in the folder and returns what it printed, parsed as JSON. */
  function run(code) {
    const file = path.join(dir, 'script.js');
    fs.writeFileSync(file, `'use strict';\n${code}`);
    return JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }));
  }

  it('the decoder classes: instanceof holds for what decode.packet makes, decode(buf, offset) reads to the end', function () {
    const out = run(`
      const pcap = require('pcap');
      const IPv4 = require('pcap/decode/ipv4');
      const TCP = require('pcap/decode/tcp.js');
      const EthernetPacket = require('pcap/decode/ethernet_packet');
      // an IP packet as nfqueue hands it over: no link layer
      const ip = Buffer.from('450000280001000040060000' + '0a000001' + '0a000002' + '303900500000000100000000' + '5002ffff00000000', 'hex');
      const l = new IPv4().decode(ip, 0);
      const frame = Buffer.concat([Buffer.from('ffffffffffff0200000000010800', 'hex'), ip]);
      const p = pcap.decode.packet({ buf: frame, link_type: 'LINKTYPE_ETHERNET' });
      console.log(JSON.stringify({
        ipOwn: l instanceof IPv4, saddr: l.saddr.addr.join('.'), dport: l.payload.dport, tcpOwn: l.payload instanceof TCP,
        eth: p.payload instanceof EthernetPacket, ip: p.payload.payload instanceof IPv4, tcp: p.payload.payload.payload instanceof TCP,
        same: IPv4 === require('pcap/decode/ipv4.js'),
      }));
    `);
    assert.deepStrictEqual(out, { ipOwn: true, saddr: '10.0.0.1', dport: 80, tcpOwn: true, eth: true, ip: true, tcp: true, same: true });
  });

  it('decode() without bytes is ERR_INVALID_ARG_TYPE from every decoder class, not a TypeError from inside', function () {
    const out = run(`
      const names = ['arp', 'dns', 'ethernet_packet', 'icmp', 'igmp', 'ipv4', 'ipv6', 'llc_packet', 'null_packet', 'sll_packet', 'tcp', 'udp', 'vlan'];
      const got = {};
      for (const name of names) {
        const Class = require('pcap/decode/' + name);
        got[name] = [undefined, null, 'abc', 42, {}].map((v) => {
          try {
            new Class().decode(v);
            return 'no error';
          } catch (e) {
            return e.code + (e instanceof TypeError ? ' TypeError' : '');
          }
        });
        // and bytes still decode, to the end of the buffer
        got[name].push(typeof new Class().decode(Buffer.alloc(2), 0).decoderName);
      }
      console.log(JSON.stringify(got));
    `);
    const want = ['ERR_INVALID_ARG_TYPE TypeError', 'ERR_INVALID_ARG_TYPE TypeError', 'ERR_INVALID_ARG_TYPE TypeError', 'ERR_INVALID_ARG_TYPE TypeError', 'ERR_INVALID_ARG_TYPE TypeError', 'string'];
    assert.strictEqual(Object.keys(out).length, 13);
    for (const [name, results] of Object.entries(out)) assert.deepStrictEqual(results, want, name);
  });

  it("DNS, the address classes built from bytes, pcap/decode's index", function () {
    const out = run(`
      const DNS = require('pcap/decode/dns');
      const EthernetAddr = require('pcap/decode/ethernet_addr');
      const IPv4Addr = require('pcap/decode/ipv4_addr');
      const index = require('pcap/decode');
      const q = new DNS().decode(Buffer.from('abcd01000001000000000000076578616d706c6503636f6d0000010001', 'hex'), 0);
      const bytes = Buffer.from([9, 0, 0x1b, 0x21, 0x3a, 0x4f, 0x10, 192, 168, 1, 2]);
      console.log(JSON.stringify({
        name: q.question[0].name, rd: q.header.isRecursionDesired,
        mac: String(new EthernetAddr(bytes, 1)), macAddr: new EthernetAddr(bytes, 1).addr,
        ip: String(new IPv4Addr().decode(bytes, 7)), ipAddr: new IPv4Addr().decode(bytes, 7).addr,
        keys: Object.keys(index), packet: typeof index.decode.packet,
      }));
    `);
    assert.deepStrictEqual(out, {
      name: 'example.com', rd: true,
      mac: '00:1b:21:3a:4f:10', macAddr: [0, 0x1b, 0x21, 0x3a, 0x4f, 0x10],
      ip: '192.168.1.2', ipAddr: [192, 168, 1, 2],
      keys: ['EthernetPacket', 'IPv4Packet', 'IPv6Packet', 'ArpPacket', 'PcapPacket', 'decode'], packet: 'function',
    });
  });

  it('pcap/dns_cache, pcap/tcp_tracker, pcap/util, and paths that were never node_pcap\'s still resolve', function () {
    const out = run(`
      const pcap = require('pcap');
      const { TCPTracker, TCPSession } = require('pcap/tcp_tracker');
      const util = require('pcap/util');
      console.log(JSON.stringify({
        cache: require('pcap/dns_cache') === pcap.DNSCache, tracker: TCPTracker === pcap.TCPTracker, session: TCPSession === pcap.TCPSession,
        hex: [util.int8_to_hex[10], util.int8_to_hex_nopad[10], util.int8_to_dec[10], util.int8_to_hex.length],
        name: require('pcap/package.json').name, lib: typeof require('pcap/lib/track/index.js').TCPTracker,
      }));
    `);
    assert.deepStrictEqual(out, { cache: true, tracker: true, session: true, hex: ['0a', 'a', '10', 256], name: 'pcap', lib: 'function' });
  });
});
