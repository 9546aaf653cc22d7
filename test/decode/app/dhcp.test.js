'use strict';
// DHCP and DHCPv6 against tshark on every frame of three captures (test/fixtures/app/README.md):
// dnsmasq and ISC dhclient between two namespaces (NAK, the four-message exchange and RELEASE in
// v4; SOLICIT to REPLY, RELEASE and INFORMATION-REQUEST in v6), gopacket's big-endian pcapng
// exchange and tcpdump's eapon1 LAN capture. Then crafted messages for what they lack: relays,
// option overload, split options, prefixes, status codes and broken lengths.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { collect } = require('../../helpers/collect');
const { layerOf } = require('../../helpers/layers');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const FILES = ['dhcp_netns.pcap', 'dhcp_crafted.pcap', '../capture/gopacket-be-test001.pcapng', 'dhcp__tcpdump-eapon1.pcap'];

const one = (want, field) => (want[field] ? want[field][0] : undefined);
const options = (o) => o.options.map((x) => x.code);

function checkDhcp(d, want, at) {
  const fields = {
    'dhcp.type': d.op, 'dhcp.hw.type': d.htype, 'dhcp.hw.len': d.hlen, 'dhcp.hops': d.hops, 'dhcp.id': d.xid,
    'dhcp.secs': d.secs, 'dhcp.flags': d.flags, 'dhcp.flags.bc': d.broadcast ? 1 : 0, 'dhcp.ip.client': d.ciaddr,
    'dhcp.ip.your': d.yiaddr, 'dhcp.ip.server': d.siaddr, 'dhcp.ip.relay': d.giaddr, 'dhcp.hw.mac_addr': d.chaddr,
    'dhcp.option.dhcp': d.messageType, 'dhcp.option.requested_ip_address': d.requestedAddress,
    'dhcp.option.dhcp_server_id': d.serverIdentifier, 'dhcp.option.ip_address_lease_time': d.leaseTime,
    'dhcp.option.subnet_mask': d.subnetMask, 'dhcp.option.hostname': d.hostname, 'dhcp.option.domain_name': d.domainName,
    'dhcp.option.vendor_class_id': d.vendorClassIdentifier,
  };
  for (const [f, got] of Object.entries(fields)) assert.deepStrictEqual(got, one(want, f), `${at} ${f}`);
  // tshark names the server and file only when they are given; null: they hold options (option 52)
  const overload = d.option(52) || 0;
  assert.strictEqual(d.sname, overload & 2 ? null : one(want, 'dhcp.server') || '', `${at} sname`);
  assert.strictEqual(d.file, overload & 1 ? null : one(want, 'dhcp.file') || '', `${at} file`);
  assert.deepStrictEqual(d.routers, want['dhcp.option.router'], `${at} routers`);
  assert.deepStrictEqual(d.dnsServers, want['dhcp.option.domain_name_server'], `${at} dns servers`);
  assert.deepStrictEqual(d.parameterRequestList, want['dhcp.option.request_list_item'], `${at} parameter list`);
  // tshark lists the end option too (as 0), but not pads; it shows options overloaded into `sname`
  // before those in `file`, where RFC 2131 4.1 reads `file` first
  const codes = (want['dhcp.option.type'] || []).filter((c) => c !== 0 && c !== 255);
  const sorted = (a) => a.slice().sort((x, y) => x - y);
  if (d.option(52) === undefined) assert.deepStrictEqual(options(d), codes, `${at} option codes`);
  else assert.deepStrictEqual(sorted(options(d)), sorted(codes), `${at} option codes`);
  assert.strictEqual(d.error, null, `${at} error`);
}

function checkDhcpv6(d, want, at) {
  // a relay message and the messages it relays, outermost first, as tshark lists their fields
  const chain = [];
  for (let m = d; m && m.decoderName === 'dhcpv6'; m = m.payload) chain.push(m);
  const relays = chain.slice(0, -1);
  const msg = chain[chain.length - 1];
  assert.deepStrictEqual(chain.map((m) => m.messageType), want['dhcpv6.msgtype'], `${at} types`);
  assert.strictEqual(msg.transactionId, one(want, 'dhcpv6.xid'), `${at} xid`);
  if (relays.length) {
    assert.deepStrictEqual(relays.map((r) => r.hopCount), want['dhcpv6.hopcount'], `${at} hop counts`);
    assert.deepStrictEqual(relays.map((r) => r.linkAddress), want['dhcpv6.linkaddr'], `${at} link addresses`);
    assert.deepStrictEqual(relays.map((r) => r.peerAddress), want['dhcpv6.peeraddr'], `${at} peer addresses`);
  }
  // tshark lists options inside options (a relayed message's, an IA's) right after the one holding them
  const all = [];
  const walk = (list) => list.forEach((o) => {
    all.push(o.code);
    const v = o.value;
    if (v && Array.isArray(v.options)) walk(v.options);
  });
  walk(d.options);
  assert.deepStrictEqual(all, want['dhcpv6.option.type'], `${at} all option codes`);
  const duids = chain.flatMap((m) => [m.clientId, m.serverId]).filter((x) => x !== undefined).map((x) => x.replace(/:/g, ''));
  assert.deepStrictEqual(duids, want['dhcpv6.duid.bytes'] || [], `${at} duids`);
  assert.deepStrictEqual(msg.addresses, want['dhcpv6.iaaddr.ip'], `${at} addresses`);
  const prefixes = want['dhcpv6.iaprefix.pref_addr'] && want['dhcpv6.iaprefix.pref_addr'].map((a, i) => a + '/' + want['dhcpv6.iaprefix.pref_len'][i]);
  assert.deepStrictEqual(msg.prefixes, prefixes, `${at} prefixes`);
  assert.deepStrictEqual(msg.dnsServers, want['dhcpv6.dns_server'], `${at} dns servers`);
  const elapsed = one(want, 'dhcpv6.elapsed_time'); // tshark shows milliseconds, the option holds hundredths
  assert.strictEqual(msg.elapsedTime === undefined ? undefined : msg.elapsedTime * 10, elapsed, `${at} elapsed`);
  assert.deepStrictEqual(msg.optionRequest, want['dhcpv6.requested_option_code'], `${at} option request`);
  const ia = msg.options.find((o) => o.code === 3 || o.code === 25);
  if (want['dhcpv6.iaid']) {
    const iaid = parseInt(one(want, 'dhcpv6.iaid'), 16); // tshark shows the IAID as hex bytes
    assert.deepStrictEqual([ia.value.iaid, ia.value.t1, ia.value.t2], [iaid, one(want, 'dhcpv6.iaid.t1'), one(want, 'dhcpv6.iaid.t2')], `${at} IA`);
  }
  const st = msg.statusCode;
  if (want['dhcpv6.status_code'] && st) assert.strictEqual(st.code, one(want, 'dhcpv6.status_code'), `${at} status`);
  chain.forEach((m) => assert.strictEqual(m.error, null, `${at} error`));
}

describe('DHCP and DHCPv6', function () {
  for (const file of FILES) {
    it(`${file}: every field tshark gives, on every frame`, async function () {
      const truth = JSON.parse(fs.readFileSync(path.join(DIR, path.basename(file) + '.truth.json'), 'utf8'));
      const { packets, error } = await collect(path.join(DIR, file));
      assert.strictEqual(error, null);
      assert.strictEqual(packets.length, truth.length);
      let v4 = 0;
      let v6 = 0;
      packets.forEach((raw, i) => {
        const p = pcap.decode.packet(raw);
        const want = truth[i];
        const at = `${file} frame ${i + 1}`;
        const d4 = layerOf(p, 'dhcp');
        const d6 = layerOf(p, 'dhcpv6');
        assert.strictEqual(d4 !== null, want['dhcp.type'] !== undefined, `${at}: dhcp layer`);
        assert.strictEqual(d6 !== null, want['dhcpv6.msgtype'] !== undefined, `${at}: dhcpv6 layer`);
        if (d4) {
          checkDhcp(d4, want, at);
          v4++;
        }
        if (d6) {
          checkDhcpv6(d6, want, at);
          v6++;
        }
      });
      assert.ok(v4 + v6 > 0, 'no DHCP in the capture');
    });
  }

  it('simple_capture lines for the namespace exchange', async function () {
    const { packets } = await collect(path.join(DIR, 'dhcp_netns.pcap'));
    const lines = packets.map((raw) => String(pcap.decode.packet(raw))).map((l) => l.slice(l.indexOf(' DHCP') + 1));
    assert.deepStrictEqual(lines.slice(0, 7).map((l) => l.replace(/xid 0x[0-9a-f]{8}/, 'xid X')), [
      'DHCP request 10.77.0.99 from 02:00:00:00:dc:01 xid X host "fixture-host"',
      'DHCP nak to 02:00:00:00:dc:01 xid X',
      'DHCP discover from 02:00:00:00:dc:01 xid X host "fixture-host"',
      'DHCP offer 10.77.0.55 to 02:00:00:00:dc:01 xid X',
      'DHCP request 10.77.0.55 from 02:00:00:00:dc:01 xid X host "fixture-host"',
      'DHCP ack 10.77.0.55 to 02:00:00:00:dc:01 xid X host "fixture-host"',
      'DHCP release 10.77.0.55 from 02:00:00:00:dc:01 xid X host "fixture-host"',
    ]);
    assert.deepStrictEqual(lines.slice(7).map((l) => l.replace(/xid 0x[0-9a-f]{6}/, 'xid X').replace(/fd77::[0-9a-f]+/, 'ADDR')), [
      'DHCPv6 solicit xid X', 'DHCPv6 advertise xid X ADDR', 'DHCPv6 request xid X ADDR', 'DHCPv6 reply xid X ADDR',
      'DHCPv6 release xid X ADDR', 'DHCPv6 reply xid X', 'DHCPv6 information-request xid X', 'DHCPv6 reply xid X',
    ]);
  });

  describe('what the captures lack (dhcp_crafted.pcap, and broken copies of its frames)', function () {
    let crafted;
    before(async function () {
      crafted = (await collect(path.join(DIR, 'dhcp_crafted.pcap'))).packets.map((raw) => pcap.decode.packet(raw));
    });
    const line = (p) => { const l = String(p); return l.slice(l.search(/ (DHCP|BOOTP)/) + 1); };

    it('relay agent information, option overload with split options, plain BOOTP', function () {
      const [discover, offer, bootpReply] = crafted.slice(0, 3).map((p) => layerOf(p, 'dhcp'));
      const agent = discover.option(82);
      assert.deepStrictEqual(agent.map((o) => [o.code, o.data.toString('hex')]), [[1, Buffer.from('eth0').toString('hex')], [2, '02000000dc03']]);
      assert.deepStrictEqual([offer.routers, offer.domainName, offer.hostname], [['10.78.0.1'], 'relay.test', 'overloaded']);
      assert.deepStrictEqual(offer.dnsServers, ['10.77.0.53', '10.77.0.54', '10.77.0.55']); // two parts joined (RFC 3396)
      assert.deepStrictEqual(offer.options.filter((o) => o.code === 6).map((o) => o.value), [['10.77.0.53'], ['10.77.0.54', '10.77.0.55']]);
      assert.strictEqual(bootpReply.magicCookie, false);
      assert.deepStrictEqual(bootpReply.options, []);
      assert.strictEqual(bootpReply.messageType, undefined);
      assert.deepStrictEqual(crafted.slice(0, 3).map(line), [
        'DHCP discover from 02:00:00:00:dc:03 xid 0x1a2b3c4d',
        'DHCP offer 10.78.0.20 to 02:00:00:00:dc:03 xid 0x1a2b3c4d host "overloaded"',
        'BOOTP reply 10.78.0.21 to 02:00:00:00:dc:04 xid 0x00c0ffee',
      ]);
    });

    it('DHCPv6 relays, prefixes, status codes and domain lists', function () {
      const [forw, repl, twice, reply] = crafted.slice(3).map((p) => layerOf(p, 'dhcpv6'));
      assert.strictEqual(forw.payload.messageTypeName, 'solicit');
      assert.strictEqual(forw.option(9), forw.payload);
      assert.strictEqual(forw.option(18).toString(), 'eth0');
      assert.deepStrictEqual(repl.payload.statusCode, { code: 2, name: 'NoAddrsAvail', message: 'no addresses' });
      assert.deepStrictEqual(repl.payload.prefixes, ['2001:db8:100::/56']);
      assert.strictEqual(twice.payload.payload.messageTypeName, 'request');
      assert.deepStrictEqual(reply.domainSearch, ['fixture.test', 'example.org']);
      assert.deepStrictEqual(crafted.slice(3).map(line), [
        'DHCPv6 relay-forw peer fe80::dc1: solicit xid 0x0a0b0c ::/56',
        'DHCPv6 relay-repl peer fe80::dc1: advertise xid 0x0a0b0c 2001:db8:100::/56 status NoAddrsAvail',
        'DHCPv6 relay-forw peer fd78::1: relay-forw peer fe80::dc1: request xid 0x0d0e0f 2001:db8:100::/56',
        'DHCPv6 reply xid 0x101112',
      ]);
      JSON.stringify(crafted); // toJSON of every option value, nested layers included
    });

    it('every truncation of every DHCP message: no throw, the options before the cut, the cut recorded', function () {
      for (const p of crafted) {
        const app = layerOf(p, 'dhcp') || layerOf(p, 'dhcpv6');
        const name = app.decoderName;
        const bytes = Buffer.from(app._b.subarray(app._o, app._end));
        const whole = pcap.decode.layer(name, bytes);
        for (let n = 0; n < bytes.length; n++) {
          const cut = pcap.decode.layer(name, bytes.subarray(0, n));
          String(cut);
          JSON.stringify(cut);
          assert.ok(cut.options.length <= whole.options.length);
          const left = whole.options.map((o) => o.code);
          for (const o of cut.options) {
            const i = left.indexOf(o.code); // every option read from the cut copy is one of the whole message's
            assert.ok(i >= 0, `${name} cut at ${n}: option ${o.code}`);
            left.splice(i, 1);
          }
          // a cut inside the header or an option (not between options) is recorded
          if (cut.error === null) assert.ok(n >= (name === 'dhcp' ? 236 : 4), `${name} cut at ${n}`);
          else assert.ok(['header truncated', 'magic cookie truncated', 'option truncated'].includes(cut.error.reason), cut.error.reason);
        }
      }
    });

    it('relays nested past the hop limit: eight relay levels below the first are decoded, no more', function () {
      let msg = Buffer.from([1, 0, 0, 1]);
      for (let i = 0; i < 40; i++) {
        const head = Buffer.alloc(34);
        head[0] = 12;
        head[1] = i;
        const opt = Buffer.from([0, 9, msg.length >> 8, msg.length & 255]);
        msg = Buffer.concat([head, opt, msg]);
      }
      const outer = pcap.decode.layer('dhcpv6', msg);
      let depth = 0;
      for (let m = outer; m && m.decoderName === 'dhcpv6'; m = m.payload) depth++;
      assert.strictEqual(depth, 9); // RFC 8415's HOP_COUNT_LIMIT is 8
      assert.ok(String(outer).startsWith('DHCPv6 relay-forw peer ::'));
      // each relayed message is decoded once: its relay option's value is the relay's payload,
      // and JSON holds it once (it grew fourfold per level when the option decoded it again)
      assert.strictEqual(outer.option(9), outer.payload);
      const t = process.hrtime.bigint();
      const json = JSON.stringify(outer);
      assert.ok(Number(process.hrtime.bigint() - t) < 200e6 && json.length < 20000, `${json.length} characters`);
    });

    it('text without its trailing NUL, malformed inner and overloaded options, DHCPv4-query flags', function () {
      const b = Buffer.alloc(300);
      b[0] = 1;
      b.writeUInt32BE(0x63825363, 236);
      Buffer.from([12, 5, 0x68, 0x6f, 0x73, 0x74, 0, 52, 1, 7, 255]).copy(b, 240); // "host\0"; overload 7 (not 1-3)
      b[108] = 12; // in `file`, which overload 7 does not make options
      const d = pcap.decode.layer('dhcp', b);
      assert.deepStrictEqual([d.hostname, d.file, d.sname, d.options.length, d.error], ['host', '\x0c', '', 2, null]);
      b[249] = 1; // overload: file holds options, and its one option runs past the field
      b[109] = 200;
      const o = pcap.decode.layer('dhcp', b);
      assert.deepStrictEqual([o.file, o.error.reason, o.truncated], [null, 'option truncated', false]);
      // an IA_NA whose address option runs past it: malformed, and said so
      const v6 = pcap.decode.layer('dhcpv6', Buffer.from('0700000100030014000000010000000000000000000500200000000000000000', 'hex'));
      assert.deepStrictEqual([v6.error && v6.error.reason, v6.truncated, v6.addresses], ['option overruns the option holding it', false, undefined]);
      const q = pcap.decode.layer('dhcpv6', Buffer.from('14800000', 'hex')); // DHCPv4-query: flags, not a transaction id
      assert.deepStrictEqual([q.messageTypeName, q.transactionId], ['dhcpv4-query', undefined]);
      assert.strictEqual(JSON.parse(JSON.stringify(pcap.decode.layer('dhcp', b))).options[0].value, 'host');
    });

    it('domain search (option 119): names with compression inside the option, read with the DNS name reader', function () {
      const b = Buffer.alloc(240 + 30);
      b[0] = 1;
      b.writeUInt32BE(0x63825363, 236);
      const names = Buffer.from('\x07example\x03com\x00\x03sub\xc0\x00', 'latin1');
      b[240] = 119;
      b[241] = names.length;
      names.copy(b, 242);
      b[242 + names.length] = 255;
      assert.deepStrictEqual(pcap.decode.layer('dhcp', b).option(119), ['example.com', 'sub.example.com']);
    });

    it('client FQDN (81, DHCPv6 39): a full name, and the host name alone (no root label) as a Windows client sends it', function () {
      const v4 = (flags, name) => {
        const b = Buffer.alloc(240 + 6 + name.length);
        b[0] = 1;
        b.writeUInt32BE(0x63825363, 236);
        Buffer.from([81, 3 + name.length, flags, 0, 0]).copy(b, 240);
        name.copy(b, 245);
        b[245 + name.length] = 255;
        return pcap.decode.layer('dhcp', b).option(81);
      };
      // ExamplesTest__pcap_examples__many-protocols.pcap (PcapPlusPlus) frame 4688's name: tshark "Partial domain name: Bichman"
      assert.deepStrictEqual(v4(0x04, Buffer.from('07426963686d616e', 'hex')), { flags: 4, name: 'Bichman', partial: true });
      assert.deepStrictEqual(v4(0x05, Buffer.from('\x04host\x07example\x00', 'latin1')), { flags: 5, name: 'host.example', partial: false });
      assert.deepStrictEqual(v4(0x00, Buffer.from('host.example')), { flags: 0, name: 'host.example', partial: false }); // no E flag: text
      // DHCPv6 Information-request with option 39: flags 0, "Bichman" without its root label
      const v6 = Buffer.from('0b123456' + '00270009' + '00' + '07426963686d616e', 'hex');
      assert.deepStrictEqual(pcap.decode.layer('dhcpv6', v6).options[0].value, { flags: 0, name: 'Bichman', partial: true });
    });

    it('option values of the wrong size are the bytes, not a misread', function () {
      const b = Buffer.alloc(240 + 9);
      b[0] = 1;
      b.writeUInt32BE(0x63825363, 236);
      Buffer.from([50, 3, 10, 0, 0, 53, 2, 1, 5]).copy(b, 240); // a 3-byte address, a 2-byte message type
      const d = pcap.decode.layer('dhcp', b);
      assert.ok(Buffer.isBuffer(d.options[0].value));
      assert.strictEqual(d.requestedAddress, undefined);
      assert.strictEqual(d.messageType, undefined);
      assert.strictEqual(d.error, null);
    });
  });
});
