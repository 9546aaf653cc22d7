'use strict';
const assert = require('node:assert');
const { net, corpus, handmade, decodeAt, everyTruncation, assertTshark, withDecoder, Stub, randomBytes, PREFIX } = require('./helpers');

const { IPv4 } = net;
const fx = corpus('ipv4');
const hm = handmade.packets;

function decodeFx(f) {
  return decodeAt(IPv4, f.buf, f.offset, f.buf.length - f.offset);
}

describe('decode/net/ipv4', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeFx(f), f.tshark));
    }
  });

  it('reads every header field of a TCP SYN (zeek tcp__options #1)', () => {
    const ip = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.tcp_syn_options));
    assert.strictEqual(ip.decoderName, 'ipv4');
    assert.strictEqual(ip.version, 4);
    assert.strictEqual(ip.headerLength, 20);
    assert.strictEqual(ip.diffserv, 0);
    assert.strictEqual(ip.dscp, 0);
    assert.strictEqual(ip.ecn, 0);
    assert.strictEqual(ip.length, 60);
    assert.strictEqual(ip.identification, 43282);
    assert.deepStrictEqual(ip.flags, { reserved: false, doNotFragment: true, moreFragments: false });
    assert.strictEqual(ip.fragmentOffset, 0);
    assert.strictEqual(ip.isFragment, false);
    assert.strictEqual(ip.ttl, 64);
    assert.strictEqual(ip.protocol, 6);
    assert.strictEqual(ip.headerChecksum, 0x4d59);
    assert.strictEqual(String(ip.saddr), '192.168.1.102');
    assert.strictEqual(String(ip.daddr), '193.1.193.64');
    assert.deepStrictEqual(ip.options, []);
    assert.strictEqual(ip.error, null);
    assert.strictEqual(ip.truncated, false);
    // the payload is dispatched by protocol, starting after the header, ending at the total length
    assert.strictEqual(ip.payload.decoderName, 'stub');
    assert.strictEqual(ip.payload._o, PREFIX + 20);
    assert.strictEqual(ip.payload._end, PREFIX + 60);
    assert.strictEqual(String(ip), '192.168.1.102 -> 193.1.193.64 flags [d] stub');
    const json = JSON.parse(JSON.stringify(ip));
    assert.strictEqual(json.decoderName, 'ipv4');
    assert.strictEqual(String(json.saddr), '192.168.1.102');
    assert.strictEqual(json.payload.decoderName, undefined); // the stub has no toJSON of its own
  });

  it('ends the layer at the total length, not at Ethernet padding (IGMP frame of 60 bytes)', () => {
    const f = corpus('igmp').v1_query; // 46 bytes after Ethernet, 32 of them IPv4
    assert.strictEqual(f.buf.length - f.offset, 46);
    const ip = decodeFx(f);
    assert.strictEqual(ip._end - ip._o, 32);
    assert.strictEqual(ip.payload.decoderName, 'igmp');
    assert.strictEqual(ip.payload._end - ip.payload._o, 8);
  });

  it('parses the router alert option (IHL 6)', () => {
    const ip = decodeFx(fx.igmp_router_alert);
    assert.strictEqual(ip.headerLength, 24);
    const [ra] = ip.options;
    assert.strictEqual(ra.type, 148);
    assert.strictEqual(ra.name, 'RA');
    assert.strictEqual(ra.length, 4);
    assert.strictEqual(ra.value, 0);
    assert.deepStrictEqual([...ra.data], [0, 0]);
  });

  it('first fragment: decodes the transport header; later fragment: payload null', () => {
    const first = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.frag_first));
    assert.strictEqual(first.flags.moreFragments, true);
    assert.strictEqual(first.isFragment, true);
    assert.strictEqual(first.payload.decoderName, 'stub');
    const later = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.frag_later));
    assert.strictEqual(later.fragmentOffset, 3); // units of 8 bytes, as tshark's ip.frag_offset
    assert.strictEqual(later.isFragment, true);
    assert.strictEqual(later.payload, null);
    assert.strictEqual(later.error, null);
    assert.strictEqual(later.data.length, 16);
    assert.strictEqual(String(later), '192.168.1.100 -> 10.0.0.5 fragment id 1 offset 24');
  });

  it('total length 0 (TSO/GSO): keeps every captured byte', () => {
    const ip = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.tso_length_zero));
    assert.strictEqual(ip.length, 0);
    assert.strictEqual(ip.error, null);
    assert.strictEqual(ip.payload._end, PREFIX + fx.tso_length_zero.buf.length - 14);
  });

  it('total length smaller than the header is malformed', () => {
    const b = Buffer.from(hm.icmp_echo_request);
    b.writeUInt16BE(16, 2);
    const ip = decodeAt(IPv4, b, 0, b.length);
    assert.strictEqual(ip.payload, null);
    assert.strictEqual(ip.truncated, false);
    assert.match(ip.error.reason, /total length/);
    assert.strictEqual(String(ip.saddr), '10.0.0.1');
  });

  it('IHL 0-4 is malformed, never recurses (protocol 4)', () => {
    for (let ihl = 0; ihl < 5; ihl++) {
      const b = handmade.ipv4(Buffer.alloc(40), { ihl, proto: 4 });
      const ip = decodeAt(IPv4, b, 0, b.length);
      assert.strictEqual(ip.payload, null, 'ihl ' + ihl);
      assert.strictEqual(ip.truncated, false);
      assert.strictEqual(ip.error.layer, 'ipv4');
      assert.match(ip.error.reason, /header length/);
      assert.strictEqual(ip.headerLength, ihl * 4);
      assert.ok(!String(ip).includes('undefined'));
    }
  });

  it('a version other than 4 is malformed', () => {
    const b = Buffer.from(hm.icmp_echo_request);
    b[0] = 0x65;
    const ip = decodeAt(IPv4, b, 0, b.length);
    assert.match(ip.error.reason, /not IPv4/);
    assert.strictEqual(ip.payload, null);
  });

  describe('options', () => {
    it('record route with NOP and EOL padding', () => {
      const ip = decodeAt(IPv4, hm.ipv4_rr, 0, hm.ipv4_rr.length);
      assert.strictEqual(ip.error, null);
      const o = ip.options;
      assert.deepStrictEqual(o.map((x) => x.name), ['RR', 'NOP', 'EOL']);
      assert.strictEqual(o[0].pointer, 8);
      assert.deepStrictEqual(o[0].addresses, ['10.0.0.1', '0.0.0.0', '0.0.0.0']);
      assert.deepStrictEqual(o[1], { type: 1, name: 'NOP', length: 1 });
      assert.deepStrictEqual(o[2], { type: 0, name: 'EOL', length: 1 });
      assert.strictEqual(ip.payload.decoderName, 'icmp');
    });

    it('loose source route', () => {
      const ip = decodeAt(IPv4, hm.ipv4_lsrr, 0, hm.ipv4_lsrr.length);
      const [lsrr, eol] = ip.options;
      assert.strictEqual(lsrr.name, 'LSRR');
      assert.strictEqual(lsrr.type, 131);
      assert.strictEqual(lsrr.length, 11);
      assert.strictEqual(lsrr.pointer, 4);
      assert.deepStrictEqual(lsrr.addresses, ['192.0.2.1', '198.51.100.7']);
      assert.strictEqual(eol.name, 'EOL');
    });

    it('timestamp with addresses', () => {
      const ip = decodeAt(IPv4, hm.ipv4_ts_addr, 0, hm.ipv4_ts_addr.length);
      const [ts] = ip.options;
      assert.strictEqual(ts.name, 'TS');
      assert.strictEqual(ts.pointer, 13);
      assert.strictEqual(ts.overflow, 0);
      assert.strictEqual(ts.flag, 1);
      assert.deepStrictEqual(ts.entries, [{ address: '10.0.0.1', timestamp: 12345 }]);
    });

    it('a timestamp option then a bad one (tcpdump ip_ts_opts_asan, cut by the snaplen)', () => {
      const ip = decodeFx(fx.ts_option_truncated);
      // tshark: TS of 14 bytes, pointer 5, flag 1, one entry; then 0xf5 whose length runs past the header
      const [ts] = ip.options;
      assert.strictEqual(ts.name, 'TS');
      assert.strictEqual(ts.length, 14);
      assert.strictEqual(ts.pointer, 5);
      assert.strictEqual(ts.flag, 1);
      assert.deepStrictEqual(ts.entries, [{ address: '0.0.52.112', timestamp: 1229070338 }]);
      assert.strictEqual(ip.options.length, 1);
      assert.strictEqual(ip.error.reason, 'bad option length');
      assert.strictEqual(ip.error.offset, 20 + 14); // from the start of the packet as decoded (base)
      // the ICMP after it has no bytes at all
      assert.strictEqual(ip.payload.decoderName, 'icmp');
      assert.strictEqual(ip.payload.truncated, true);
    });

    it('router alert and a run of NOPs', () => {
      const ip = decodeAt(IPv4, hm.ipv4_ra_nops, 0, hm.ipv4_ra_nops.length);
      assert.deepStrictEqual(ip.options.map((x) => x.name), ['RA', 'NOP', 'NOP', 'NOP', 'NOP']);
    });

    it('security option (suricata ip_secopt #1 is fine, #3 is malformed)', () => {
      const good = withDecoder('ipProtocol', 17, Stub, () => decodeFx(fx.security_option));
      assert.strictEqual(good.error, null);
      const bad = withDecoder('ipProtocol', 17, Stub, () => decodeFx(fx.security_option_bad));
      assert.strictEqual(bad.options[0].name, 'SEC');
      assert.strictEqual(bad.headerLength, 32);
    });

    for (const name of ['ipv4_opt_len0', 'ipv4_opt_len1', 'ipv4_opt_overrun']) {
      it(`${name}: malformed, flagged, no endless loop, payload still found`, () => {
        const ip = decodeAt(IPv4, hm[name], 0, hm[name].length);
        assert.strictEqual(ip.error.reason, 'bad option length');
        assert.strictEqual(ip.truncated, false);
        assert.ok(Array.isArray(ip.options));
        assert.strictEqual(ip.payload.decoderName, 'icmp');
      });
    }
  });

  describe('tunnels', () => {
    it('IPv6 in IPv4 (zeek tunnels__6in4)', () => {
      const ip = decodeFx(fx.ipv6_in_ipv4);
      assert.strictEqual(ip.protocol, 41);
      assert.strictEqual(ip.payload.decoderName, 'ipv6');
      assert.strictEqual(String(ip.payload.saddr), 'dead::beef');
      assert.strictEqual(String(ip.payload.daddr), 'cafe::babe');
    });

    it('ICMPv6 in IPv6 in IPv4', () => {
      const ip = decodeFx(fx.ping6_in_ipv4);
      assert.strictEqual(ip.payload.payload.decoderName, 'icmpv6');
      assert.strictEqual(ip.payload.payload.type, 128);
    });

    it('IP in IP nesting is capped', () => {
      let p = handmade.ipv4(Buffer.alloc(8), { proto: 17 });
      for (let i = 0; i < 500; i++) p = handmade.ipv4(p, { proto: 4 });
      // total lengths overflow 16 bits: set them to 0 (TSO style) so every level keeps all bytes
      for (let o = 0; o < p.length - 20; o += 20) p.writeUInt16BE(0, o + 2);
      const t0 = Date.now();
      const ip = decodeAt(IPv4, p, 0, p.length);
      assert.ok(Date.now() - t0 < 500);
      let depth = 0;
      let l = ip;
      while (l.payload) { l = l.payload; depth++; }
      assert.ok(depth > 2 && depth < 20, 'depth ' + depth);
      assert.match(l.error.reason, /nested/);
      // the counter is back to zero: a fresh packet decodes fully
      const again = decodeAt(IPv4, hm.icmp_echo_request, 0, hm.icmp_echo_request.length);
      assert.strictEqual(again.payload.decoderName, 'icmp');
    });

    it('a throwing child decoder does not leave the nesting counter raised', () => {
      class Thrower { decode() { throw new Error('boom'); } }
      assert.throws(() => withDecoder('ipProtocol', 1, Thrower, () => decodeAt(IPv4, hm.icmp_echo_request, 0, hm.icmp_echo_request.length)));
      const ok = decodeAt(IPv4, hm.icmp_echo_request, 0, hm.icmp_echo_request.length);
      assert.strictEqual(ok.payload.decoderName, 'icmp');
      assert.strictEqual(require('../../../lib/decode/net/common').nesting.depth, 0);
    });
  });

  it('toString without a decoder for the protocol says proto N', () => {
    const b = handmade.ipv4(Buffer.alloc(8), { proto: 47 });
    const ip = withDecoder('ipProtocol', 47, null, () => decodeAt(IPv4, b, 0, b.length));
    assert.strictEqual(ip.payload, null);
    assert.strictEqual(String(ip), '10.0.0.1 -> 10.0.0.2 proto 47');
  });

  it('emits ipv4 on the context emitter through decodeNext', () => {
    const { decodeNext, tables } = require('../../../lib/decode/registry');
    const seen = [];
    const emitter = { emit: (name) => seen.push(name) };
    const b = hm.icmp_echo_request;
    decodeNext(tables.ethertype, 0x0800, b, 0, b.length, { emitter, options: undefined, base: 0 });
    assert.deepStrictEqual(seen, ['icmp', 'ipv4']);
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => {
        const full = f.buf.length - f.offset;
        everyTruncation(IPv4, f.buf, f.offset, (ip, len) => {
          const hl = len > 0 ? (f.buf[f.offset] & 15) * 4 : 20;
          if (len < 20 || len < hl) {
            assert.ok(ip.error, `length ${len}: error expected`);
            assert.strictEqual(ip.error.layer, 'ipv4');
            if (hl >= 20) assert.strictEqual(ip.truncated, true, `length ${len}`);
            assert.strictEqual(ip.payload, null);
          } else if (len === full) {
            const badOptions = name === 'security_option_bad' || name === 'ts_option_truncated';
            assert.strictEqual(ip.error === null, !badOptions, `${name}: ${ip.error && ip.error.reason}`);
          }
        });
      });
    }
    for (const name of ['icmp_timestamp', 'icmp_redirect_host', 'ipv4_rr', 'ipv4_lsrr', 'ipv4_ts_addr', 'ipv4_opt_len0', 'ipv4_opt_overrun']) {
      it(name, () => everyTruncation(IPv4, hm[name], 0));
    }
  });

  it('random garbage never throws and finishes quickly', () => {
    const t0 = Date.now();
    for (let seed = 1; seed <= 3000; seed++) {
      const g = randomBytes(20 + (seed % 200), seed);
      g[0] = 0x40 | (g[0] & 0x0f); // mostly IPv4-looking so the deeper paths run
      if (seed % 3 === 0) g[9] = [1, 2, 4, 41, 58][seed % 5];
      const ip = decodeAt(IPv4, g, 0, g.length);
      String(ip);
      JSON.stringify(ip);
    }
    assert.ok(Date.now() - t0 < 5000);
  });
});
