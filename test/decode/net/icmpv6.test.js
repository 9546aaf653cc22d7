'use strict';
const assert = require('node:assert');
const { net, corpus, handmade, decodeAt, everyTruncation, assertTshark, randomBytes, tables } = require('./helpers');

const { IPv6, ICMPv6 } = net;
const fx = corpus('icmpv6');
const hm = handmade.packets;

/** The ICMPv6 layer of a corpus frame (after IPv6 and its extension headers). */
function icmpFx(f) {
  const ip = decodeAt(IPv6, f.buf, f.offset, f.buf.length - f.offset);
  assert.strictEqual(ip.payload.decoderName, 'icmpv6');
  return ip.payload;
}
function icmpHm(name) {
  const ip = decodeAt(IPv6, hm[name], 0, hm[name].length);
  assert.strictEqual(ip.payload.decoderName, 'icmpv6');
  return ip.payload;
}
const strip = (opts) => opts.map((o) => { const c = { ...o }; c.data = c.data.toString('hex'); return c; });

describe('decode/net/icmpv6', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeAt(IPv6, f.buf, f.offset, f.buf.length - f.offset), f.tshark));
    }
  });

  it('is registered as IP protocol 58', () => assert.strictEqual(tables.ipProtocol.get(58), ICMPv6));

  it('echo request (zeek icmp6-ping #1)', () => {
    const m = icmpFx(fx.echo_request);
    assert.strictEqual(m.decoderName, 'icmpv6');
    assert.strictEqual(m.type, 128);
    assert.strictEqual(m.code, 0);
    assert.strictEqual(m.checksum, 10512);
    assert.strictEqual(m.id, 1);
    assert.strictEqual(m.sequence, 3);
    assert.strictEqual(m.data.length, 32);
    assert.strictEqual(m.options, undefined);
    assert.strictEqual(m.payload, null);
    assert.strictEqual(m.description, 'Echo Request');
    assert.strictEqual(String(m), 'ICMPv6 Echo Request id 1 seq 3');
  });

  it('router advertisement without options (zeek icmp6-router-advert)', () => {
    const m = icmpFx(fx.router_advert);
    assert.strictEqual(m.curHopLimit, 13);
    assert.deepStrictEqual(m.flags, { managed: true, other: false, homeAgent: true, preference: 3, proxy: false });
    assert.strictEqual(m.routerLifetime, 1800);
    assert.strictEqual(m.reachableTime, 3700);
    assert.strictEqual(m.retransTimer, 1300);
    assert.deepStrictEqual(m.options, []);
    assert.strictEqual(m.error, null);
  });

  it('router advertisement options: prefix, RDNSS, DNSSL, MTU, SLLA, interval, home agent (tcpdump icmpv6 #1)', () => {
    const m = icmpFx(fx.router_advert_options);
    assert.strictEqual(m.curHopLimit, 64);
    assert.strictEqual(m.flags.homeAgent, true);
    assert.strictEqual(m.routerLifetime, 15);
    const o = m.options;
    assert.deepStrictEqual(o.map((x) => x.name), ['prefixInformation', 'rdnss', 'dnssl', 'mtu', 'sourceLinkLayerAddress',
      'advertisementInterval', 'homeAgentInformation']);
    const { data, ...prefix } = o[0];
    assert.strictEqual(data.length, 30);
    assert.deepStrictEqual(prefix, {
      type: 3, name: 'prefixInformation', length: 32, prefixLength: 72, onLink: true, autonomous: true, routerAddress: false,
      validLifetime: 2592000, preferredLifetime: 604800, prefix: '2222:3333:4444:5555:6600::',
    });
    assert.strictEqual(o[1].lifetime, 5);
    assert.deepStrictEqual(o[1].addresses, ['abcd::efef', '1234:5678::1']);
    assert.deepStrictEqual(o[2].domains, ['example.com', 'example.org', 'dom1.dom2.tld']);
    assert.strictEqual(o[3].mtu, 100);
    assert.strictEqual(String(o[4].address), 'b0:99:28:c8:d6:6c');
    assert.strictEqual(o[5].interval, 5000);
    assert.strictEqual(o[6].lifetime, 15);
    assert.strictEqual(typeof o[6].preference, 'number');
  });

  it('unknown and route-information options are kept', () => {
    const m = icmpHm('icmpv6_ra_unknown_opt');
    assert.deepStrictEqual(strip(m.options), [
      { type: 200, name: 'unknown', length: 8, data: 'aabbccddeeff' },
      { type: 24, name: 'routeInformation', length: 24, data: '401800000e1020010db8000100000000000000000000', prefixLength: 64, preference: 3, routeLifetime: 3600, prefix: '2001:db8:1::' },
    ]);
  });

  it('route information options of length 1 and 2 (RFC 4191 §2.3: 0 and 8 bytes of prefix) still give the prefix', () => {
    const ra = Buffer.from('86000000' + '40000708' + '00000000' + '00000000' + '1802301800000e1020010db800010000' + '1801000800000e10', 'hex');
    const m = decodeAt(ICMPv6, ra, 0, ra.length);
    assert.strictEqual(m.error, null);
    assert.deepStrictEqual(m.options.map((o) => [o.prefixLength, o.routeLifetime, o.prefix]), [[48, 3600, '2001:db8:1::'], [0, 3600, '::']]);
  });

  it('router solicitation with a source link-layer address', () => {
    const m = icmpHm('icmpv6_router_solicit');
    assert.strictEqual(m.description, 'Router Solicitation');
    assert.strictEqual(m.error, null);
    assert.deepStrictEqual(strip(m.options), [{ type: 1, name: 'sourceLinkLayerAddress', length: 8, data: '020000000001', address: '02:00:00:00:00:01' }]);
    assert.strictEqual(m.targetAddress, undefined);
    assert.strictEqual(m.flags, undefined);
  });

  it('neighbor solicitation and advertisement', () => {
    const ns = icmpFx(fx.ns_ok);
    assert.strictEqual(ns.targetAddress, 'fe80::3');
    assert.strictEqual(String(ns.options[0].address), '00:11:22:33:44:55');
    assert.strictEqual(String(ns), 'ICMPv6 Neighbor Solicitation fe80::3');
    const na = icmpFx(fx.na_solicited);
    assert.deepStrictEqual(na.flags, { router: true, solicited: true, override: true });
    assert.strictEqual(na.targetAddress, '2001:db8:1::1');
    assert.strictEqual(na.options[0].name, 'targetLinkLayerAddress');
    assert.strictEqual(String(na.options[0].address), 'aa:00:04:00:0a:04');
  });

  it('redirect: target, destination, redirected header option (zeek icmp6-redirect-hdr-opt)', () => {
    const m = icmpFx(fx.redirect);
    assert.strictEqual(m.targetAddress, 'fe80::cafe');
    assert.strictEqual(m.destinationAddress, 'fe80::babe');
    assert.strictEqual(m.options.length, 1);
    assert.strictEqual(m.options[0].name, 'redirectedHeader');
    assert.strictEqual(m.options[0].length, 64);
  });

  it('messages shorter than their fixed part are malformed (zeek icmp6-nd-short-options)', () => {
    for (const name of ['ra_short_option', 'na_short_option', 'redirect_short_option']) {
      const m = icmpFx(fx[name]);
      assert.strictEqual(m.error.reason, 'message truncated', name);
      assert.strictEqual(m.truncated, false, name); // IPv6 payload length says that is all
      assert.ok(!String(m).includes('undefined'));
    }
    for (const name of ['ra_ok', 'na_ok']) assert.strictEqual(icmpFx(fx[name]).error, null);
  });

  it('an option of length 0 stops the walk with a malformed error', () => {
    const m = icmpHm('icmpv6_ns_opt_len0');
    assert.strictEqual(m.error.reason, 'option length 0');
    assert.strictEqual(m.truncated, false);
    assert.deepStrictEqual(m.options, []);
    assert.strictEqual(m.targetAddress, 'fe80::3');
  });

  it('MLDv1 report and done (zeek icmp6-mldv1)', () => {
    const r = icmpFx(fx.mldv1_report);
    assert.strictEqual(r.type, 131);
    assert.strictEqual(r.maxResponseDelay, 0);
    assert.strictEqual(r.multicastAddress, 'ff02::1:ff9a:3b7c');
    assert.strictEqual(r.query, undefined);
    assert.strictEqual(icmpFx(fx.mldv1_done).description, 'Multicast Listener Done');
  });

  it('MLDv2 query (tcpdump icmpv6 #3)', () => {
    const q = icmpFx(fx.mld_query);
    assert.strictEqual(q.maxResponseDelay, 10000);
    assert.strictEqual(q.multicastAddress, '::');
    assert.deepStrictEqual(q.query, { suppress: false, qrv: 2, qqic: 60, numberOfSources: 0, sources: [] });
    assert.strictEqual(q.maxResponseMilliseconds, 10000);
  });

  it('MLDv2 query: a Maximum Response Code from 32768 on is expanded (RFC 3810 §5.1.3; tshark shows 35096 ms for 0x8123)', () => {
    // where the ICMPv6 header starts in a corpus frame's own bytes
    const icmpAt = (f) => {
      const ip = decodeAt(IPv6, f.buf, f.offset, f.buf.length - f.offset);
      return f.offset + ip.payload._o - ip._o;
    };
    const f = fx.mld_query;
    const buf = Buffer.from(f.buf);
    const at0 = icmpAt(f);
    buf.writeUInt16BE(0x8123, at0 + 4);
    const q = icmpFx({ ...f, buf });
    assert.strictEqual(q.maxResponseDelay, 0x8123);
    assert.strictEqual(q.maxResponseMilliseconds, 35096);
    buf.writeUInt16BE(0xf123, at0 + 4); // the largest exponent: (0x123 | 0x1000) << 10
    assert.strictEqual(icmpFx({ ...f, buf }).maxResponseMilliseconds, 4387 << 10);
    // an MLDv1 query (24 bytes: the v1 report turned into a query) has no code: its 16 bits are milliseconds
    const r = fx.mldv1_report;
    const v1 = Buffer.from(r.buf);
    const at = icmpAt(r);
    v1[at] = 130;
    v1.writeUInt16BE(0x9000, at + 4);
    const q1 = icmpFx({ ...r, buf: v1 });
    assert.strictEqual(q1.query, undefined);
    assert.strictEqual(q1.maxResponseMilliseconds, 0x9000);
  });

  it('MLDv2 reports (tcpdump icmpv6 #2 and hand-made with sources and aux data)', () => {
    const r = icmpFx(fx.mldv2_report);
    assert.strictEqual(r.records.length, 1);
    assert.strictEqual(r.records[0].multicastAddress, 'ff02::db8:1122:3344');
    assert.strictEqual(r.records[0].typeName, 'CHANGE_TO_EXCLUDE_MODE');
    const h = icmpHm('icmpv6_mldv2_report');
    assert.strictEqual(h.error, null);
    const [a, b] = h.records;
    assert.strictEqual(a.type, 4);
    assert.strictEqual(b.type, 1);
    assert.strictEqual(b.auxDataLength, 1);
    assert.strictEqual(b.numberOfSources, 2);
    assert.strictEqual(b.multicastAddress, 'ff05::1:3');
    assert.deepStrictEqual(b.sources, ['2001:db8::a', '2001:db8::b']);
    assert.strictEqual(b.auxData.toString('hex'), 'deadbeef');
  });

  it('errors quote the IPv6 packet: packet too big, time exceeded, unreachable', () => {
    const big = icmpHm('icmpv6_packet_too_big');
    assert.strictEqual(big.mtu, 1280);
    assert.strictEqual(big.payload.decoderName, 'ipv6');
    assert.strictEqual(String(big.payload.daddr), '2001:db8::99');
    assert.strictEqual(String(big).startsWith('ICMPv6 Packet Too Big mtu 1280 2001:db8::2 -> 2001:db8::99'), true);
    const te = icmpHm('icmpv6_time_exceeded');
    assert.strictEqual(te.description, 'Time Exceeded (Hop Limit Exceeded in Transit)');
    const pu = icmpHm('icmpv6_port_unreachable');
    assert.strictEqual(pu.description, 'Destination Unreachable (Port Unreachable)');
    assert.strictEqual(pu.payload.protocol, 17);
  });

  it('parameter problem quoting a fragment with an incomplete chain (tcpdump icmpv6-rfc7112)', () => {
    const m = icmpFx(fx.param_problem_frag);
    assert.strictEqual(m.type, 4);
    assert.strictEqual(m.code, 3);
    assert.strictEqual(m.pointer, 48);
    const q = m.payload;
    assert.strictEqual(q.decoderName, 'ipv6');
    assert.strictEqual(q.extensions[0].name, 'fragment');
    assert.strictEqual(q.payload.decoderName, 'ipv6'); // the inner header the fragment cut short
    assert.ok(q.payload.error);
  });

  it('an ICMPv6 error quoting an ICMPv6 error quoting ... is capped', () => {
    let p = handmade.ipv6(handmade.icmpv6(128, 0, [0, 1, 0, 1]));
    for (let i = 0; i < 400; i++) p = handmade.ipv6(handmade.icmpv6(3, 0, [0, 0, 0, 0], p), { plen: 0 });
    const ip = decodeAt(IPv6, p, 0, p.length);
    let depth = 0;
    let l = ip;
    while (l.payload) { l = l.payload; depth++; }
    assert.ok(depth > 2 && depth < 20, 'depth ' + depth);
    assert.match(l.error.reason, /nested/);
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => everyTruncation(IPv6, f.buf, f.offset));
    }
    for (const name of Object.keys(hm).filter((n) => n.startsWith('icmpv6_'))) {
      it(name, () => {
        everyTruncation(ICMPv6, hm[name], 40, (m, len) => {
          if (len < 4) assert.strictEqual(m.truncated, true);
        });
        everyTruncation(IPv6, hm[name], 0);
      });
    }
  });

  it('random garbage never throws and finishes quickly', () => {
    const t0 = Date.now();
    const types = [1, 2, 3, 4, 128, 129, 130, 131, 133, 134, 135, 136, 137, 143, 200];
    for (let seed = 1; seed <= 3000; seed++) {
      const g = randomBytes(seed % 160, seed);
      if (g.length) g[0] = types[seed % types.length];
      if (g.length > 8 && seed & 1) g[8] = 0x60;
      const m = decodeAt(ICMPv6, g, 0, g.length);
      String(m);
      JSON.stringify(m);
    }
    assert.ok(Date.now() - t0 < 5000);
  });
});
