'use strict';
const assert = require('node:assert');
const { net, corpus, handmade, decodeAt, everyTruncation, assertTshark, randomBytes, PREFIX, tables } = require('./helpers');
const { decodeNext } = require('../../../lib/decode/registry');

const { IPv4, ICMP } = net;
const fx = corpus('icmp');
const hm = handmade.packets;

function decodeFx(f) {
  return decodeAt(IPv4, f.buf, f.offset, f.buf.length - f.offset);
}
/** The ICMP layer of a hand-made IPv4 packet. */
function icmpOf(name) {
  const ip = decodeAt(IPv4, hm[name], 0, hm[name].length);
  assert.strictEqual(ip.payload.decoderName, 'icmp');
  return ip.payload;
}

describe('decode/net/icmp', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeFx(f), f.tshark));
    }
  });

  it('is registered as IP protocol 1', () => assert.strictEqual(tables.ipProtocol.get(1), ICMP));

  it('echo request and reply (dpkt dns_icmp #3, #4)', () => {
    const q = decodeFx(fx.echo_request).payload;
    assert.strictEqual(q.decoderName, 'icmp');
    assert.strictEqual(q.type, 8);
    assert.strictEqual(q.code, 0);
    assert.strictEqual(q.checksum, 48051);
    assert.strictEqual(q.id, 55099);
    assert.strictEqual(q.sequence, 0);
    assert.strictEqual(q.data.length, 56);
    assert.strictEqual(q.payload, null);
    assert.strictEqual(q.gateway, undefined);
    assert.strictEqual(q.mtu, undefined);
    assert.strictEqual(q.pointer, undefined);
    assert.strictEqual(q.description, 'Echo Request');
    assert.strictEqual(String(q), 'ICMP Echo Request id 55099 seq 0');
    const r = decodeFx(fx.echo_reply).payload;
    assert.strictEqual(r.description, 'Echo Reply');
    assert.strictEqual(String(r), 'ICMP Echo Reply id 55099 seq 0');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), {
      decoderName: 'icmp', type: 0, code: 0, checksum: 50099, id: 55099, sequence: 0, description: 'Echo Reply', payload: null,
    });
  });

  it('port unreachable quotes the IPv4/UDP packet as its payload (zeek icmp-destunreach-udp)', () => {
    const ip = decodeFx(fx.port_unreachable);
    const icmp = ip.payload;
    assert.strictEqual(icmp.type, 3);
    assert.strictEqual(icmp.code, 3);
    assert.strictEqual(icmp.description, 'Destination Port Unreachable');
    assert.strictEqual(icmp.id, undefined);
    assert.strictEqual(icmp.quotedLength, 0);
    const quoted = icmp.payload;
    assert.strictEqual(quoted.decoderName, 'ipv4');
    assert.strictEqual(String(quoted.saddr), '192.168.1.1');
    assert.strictEqual(String(quoted.daddr), '192.168.1.102');
    assert.strictEqual(quoted.protocol, 17);
    assert.strictEqual(quoted._o, PREFIX + 28);
    assert.match(String(icmp), /^ICMP Destination Port Unreachable 192\.168\.1\.1 -> 192\.168\.1\.102 /);
  });

  it('the quoted packet emits no events (a tracker must not see it), the outer layers do', () => {
    const seen = [];
    const ctx = { emitter: { emit: (n) => seen.push(n) }, options: undefined, base: 0 };
    const b = hm.icmp_time_exceeded;
    const ip = decodeNext(tables.ethertype, 0x0800, b, 0, b.length, ctx);
    assert.strictEqual(ip.payload.payload.decoderName, 'ipv4');
    assert.deepStrictEqual(seen, ['icmp', 'ipv4']);
  });

  it('truncated header (zeek trunc__icmp-header-trunc): id read, sequence cut', () => {
    const icmp = decodeFx(fx.header_truncated).payload;
    assert.strictEqual(icmp.type, 8);
    assert.strictEqual(icmp.id, 27103);
    assert.strictEqual(icmp.sequence, undefined);
    assert.strictEqual(icmp.truncated, true);
    assert.strictEqual(icmp.error.layer, 'icmp');
    assert.strictEqual(String(icmp), 'ICMP Echo Request id 27103 (message truncated)');
  });

  it('extended echo (RFC 8335, tcpdump icmp-rfc8335 #1): 16-bit id, 8-bit sequence', () => {
    const icmp = decodeFx(fx.extended_echo).payload;
    assert.strictEqual(icmp.type, 42);
    assert.strictEqual(icmp.id, 63210);
    assert.strictEqual(icmp.sequence, 0);
    assert.strictEqual(icmp.description, 'Extended Echo Request');
  });

  it('timestamp request', () => {
    const icmp = icmpOf('icmp_timestamp');
    assert.strictEqual(icmp.id, 7);
    assert.strictEqual(icmp.sequence, 1);
    assert.strictEqual(icmp.originateTimestamp, 100);
    assert.strictEqual(icmp.receiveTimestamp, 200);
    assert.strictEqual(icmp.transmitTimestamp, 500);
    assert.strictEqual(icmp.error, null);
    const short = icmpOf('icmp_timestamp_short');
    assert.strictEqual(short.error.reason, 'message truncated');
    assert.strictEqual(short.truncated, false); // the IPv4 total length says that is all there is
    assert.strictEqual(short.originateTimestamp, 100);
    assert.strictEqual(short.receiveTimestamp, undefined);
  });

  it('address mask reply and information request', () => {
    const m = icmpOf('icmp_address_mask_reply');
    assert.strictEqual(m.addressMask, '255.255.255.0');
    assert.strictEqual(m.id, 9);
    assert.strictEqual(m.sequence, 2);
    assert.strictEqual(m.description, 'Address Mask Reply');
    const i = icmpOf('icmp_info_request');
    assert.strictEqual(i.description, 'Information Request');
    assert.strictEqual(i.id, 3);
  });

  it('redirect: gateway and the quoted packet', () => {
    const r = icmpOf('icmp_redirect_host');
    assert.strictEqual(r.gateway, '10.0.0.254');
    assert.strictEqual(r.description, 'Redirect for Host');
    assert.strictEqual(String(r.payload.daddr), '192.0.2.9');
    assert.match(String(r), /^ICMP Redirect for Host to 10\.0\.0\.254 10\.0\.0\.2 -> 192\.0\.2\.9/);
  });

  it('fragmentation needed: next-hop MTU', () => {
    const f = icmpOf('icmp_frag_needed');
    assert.strictEqual(f.mtu, 1500);
    assert.strictEqual(f.description, 'Fragmentation Needed and DF Set');
    assert.strictEqual(f.payload.protocol, 17);
  });

  it('time exceeded, and RFC 4884 length bounding the quoted datagram', () => {
    const t = icmpOf('icmp_time_exceeded');
    assert.strictEqual(t.description, 'Time Exceeded in Transit');
    assert.strictEqual(t.payload.decoderName, 'ipv4');
    const r = icmpOf('icmp_time_exceeded_rfc4884');
    assert.strictEqual(r.quotedLength, 7);
    assert.strictEqual(r.payload._end - r.payload._o, 28); // the extension structure is not quoted IP
  });

  it('parameter problem: pointer; source quench', () => {
    const p = icmpOf('icmp_param_problem');
    assert.strictEqual(p.pointer, 20);
    assert.strictEqual(p.payload.decoderName, 'ipv4');
    assert.strictEqual(icmpOf('icmp_source_quench').description, 'Source Quench');
  });

  it('router advertisement entries and solicitation', () => {
    const ra = icmpOf('icmp_router_advert');
    assert.strictEqual(ra.lifetime, 1800);
    assert.deepStrictEqual(ra.routerAdvertisement, {
      count: 2, entrySize: 2, lifetime: 1800,
      entries: [{ address: '192.0.2.1', preference: 0 }, { address: '10.0.0.1', preference: -1 }],
    });
    assert.strictEqual(icmpOf('icmp_router_solicit').description, 'Router Solicitation');
  });

  it('unknown type/code descriptions (zeek ip-bogus-header-len: type 97 code 116)', () => {
    const icmp = decodeAt(IPv4, corpus('ipv4').bogus_header_len.buf, 14, 46).payload;
    assert.strictEqual(icmp.description, 'type 97 code 116');
    assert.strictEqual(String(icmp), 'ICMP type 97 code 116');
  });

  it('an ICMP error quoting an ICMP error quoting ... is capped, and quick', () => {
    let p = hm.icmp_echo_request;
    for (let i = 0; i < 400; i++) p = handmade.ipv4(handmade.icmp(11, 0, [0, 0, 0, 0], p), { total: 0 });
    const t0 = Date.now();
    const ip = decodeAt(IPv4, p, 0, p.length);
    assert.ok(Date.now() - t0 < 500);
    let depth = 0;
    let l = ip;
    while (l.payload) { l = l.payload; depth++; }
    assert.ok(depth > 2 && depth < 20, 'depth ' + depth);
    assert.match(l.error.reason, /nested/);
    assert.strictEqual(require('../../../lib/decode/net/common').nesting.depth, 0);
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => everyTruncation(IPv4, f.buf, f.offset));
    }
    for (const name of Object.keys(hm).filter((n) => n.startsWith('icmp_'))) {
      it(name, () => {
        const p = hm[name];
        // the ICMP message alone, and inside its IPv4 packet
        everyTruncation(ICMP, p, 20, (icmp, len) => {
          if (len < 8) {
            assert.strictEqual(icmp.truncated, true, `length ${len}`);
            assert.strictEqual(icmp.error.layer, 'icmp');
          }
          if (len < 4) assert.strictEqual(icmp.code === undefined || icmp.checksum === undefined, true);
        });
        everyTruncation(IPv4, p, 0);
      });
    }
  });

  it('random garbage never throws and finishes quickly', () => {
    const t0 = Date.now();
    for (let seed = 1; seed <= 3000; seed++) {
      const g = randomBytes(seed % 120, seed);
      if (g.length) g[0] = [0, 3, 4, 5, 8, 9, 11, 12, 13, 17, 42][seed % 11];
      if (g.length > 8 && seed & 1) g[8] = 0x45;
      const icmp = decodeAt(ICMP, g, 0, g.length);
      String(icmp);
      JSON.stringify(icmp);
    }
    assert.ok(Date.now() - t0 < 5000);
  });
});
