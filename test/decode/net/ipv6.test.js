'use strict';
const assert = require('node:assert');
const { net, corpus, handmade, decodeAt, everyTruncation, assertTshark, withDecoder, Stub, randomBytes, PREFIX } = require('./helpers');

const { IPv6 } = net;
const fx = corpus('ipv6');
const hm = handmade.packets;

function decodeFx(f) {
  return decodeAt(IPv6, f.buf, f.offset, f.buf.length - f.offset);
}
const names = (ip) => ip.extensions.map((x) => x.name);

describe('decode/net/ipv6', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeFx(f), f.tshark));
    }
  });

  it('reads every header field of an ICMPv6 echo (zeek icmp6-ping #1)', () => {
    const ip = decodeFx(fx.icmpv6_echo);
    assert.strictEqual(ip.decoderName, 'ipv6');
    assert.strictEqual(ip.version, 6);
    assert.strictEqual(ip.trafficClass, 0);
    assert.strictEqual(ip.flowLabel, 0);
    assert.strictEqual(ip.payloadLength, 40);
    assert.strictEqual(ip.nextHeader, 58);
    assert.strictEqual(ip.hopLimit, 128);
    assert.strictEqual(String(ip.saddr), '2620:0:e00:400e:d1d:db37:beb:5aac');
    assert.strictEqual(String(ip.daddr), '2001:4860:8006::63');
    assert.deepStrictEqual(ip.extensions, []);
    assert.strictEqual(ip.protocol, 58);
    assert.strictEqual(ip.isFragment, false);
    assert.strictEqual(ip.error, null);
    assert.strictEqual(ip.payload.decoderName, 'icmpv6');
    assert.strictEqual(ip.payload._o, PREFIX + 40);
    assert.strictEqual(ip.payload._end, PREFIX + 80);
    assert.strictEqual(String(ip), '2620:0:e00:400e:d1d:db37:beb:5aac -> 2001:4860:8006::63 ICMPv6 Echo Request id 1 seq 3');
    const json = JSON.parse(JSON.stringify(ip));
    assert.strictEqual(String(json.daddr), '2001:4860:8006::63');
    assert.strictEqual(json.payload.decoderName, 'icmpv6');
  });

  it('traffic class and flow label (tcpdump ipv6-srh-ext-header, ipv6-too-long-jumbo)', () => {
    assert.strictEqual(decodeFx(fx.srh_ipv6_in_ipv6).flowLabel, 559533);
    assert.strictEqual(decodeFx(fx.jumbo_too_long).trafficClass, 192);
  });

  describe('extension headers', () => {
    it('hop-by-hop with router alert before MLD', () => {
      const ip = decodeFx(fx.hopopts_mld);
      const [hbh] = ip.extensions;
      assert.strictEqual(hbh.type, 0);
      assert.strictEqual(hbh.name, 'hopopts');
      assert.strictEqual(hbh.nextHeader, 58);
      assert.strictEqual(hbh.length, 16);
      assert.deepStrictEqual(hbh.options.map((o) => [o.name, o.length]), [['RouterAlert', 2], ['PadN', 2], ['PadN', 4]]);
      assert.strictEqual(hbh.options[0].value, 0);
      assert.strictEqual(ip.payload.decoderName, 'icmpv6');
      assert.strictEqual(ip.payload.type, 131);
    });

    it('routing type 0 with two addresses', () => {
      const ip = decodeFx(fx.routing0_icmpv6);
      const [rh] = ip.extensions;
      assert.deepStrictEqual(rh, {
        type: 43, name: 'routing', nextHeader: 58, length: 40, routingType: 0, segmentsLeft: 2,
        addresses: ['2200::210:2:0:0:4', '2200::240:2:0:0:4'],
      });
      assert.strictEqual(ip.payload.decoderName, 'icmpv6');
    });

    it('routing type 0 before UDP', () => {
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeFx(fx.routing0_udp));
      assert.strictEqual(ip.protocol, 17);
      assert.strictEqual(ip.payload.decoderName, 'stub');
      assert.strictEqual(ip.payload._o, PREFIX + 40 + 24);
    });

    it('routing type 2 (mobile IPv6 home address)', () => {
      const [rh] = decodeFx(fx.routing2_udp).extensions;
      assert.strictEqual(rh.routingType, 2);
      assert.strictEqual(rh.segmentsLeft, 1);
      assert.deepStrictEqual(rh.addresses, ['2001:78:1:32::1']);
    });

    it('segment routing header (type 4) carrying IPv6 in IPv6', () => {
      const ip = decodeFx(fx.srh_ipv6_in_ipv6);
      const [srh] = ip.extensions;
      assert.strictEqual(srh.routingType, 4);
      assert.strictEqual(srh.segmentsLeft, 1);
      assert.strictEqual(srh.lastEntry, 1);
      assert.strictEqual(srh.flags, 0);
      assert.strictEqual(srh.tag, 0);
      assert.deepStrictEqual(srh.segments, ['a:b:c:3::d6', 'a:b:c:2::f1:0']);
      assert.strictEqual(ip.protocol, 41);
      assert.strictEqual(ip.payload.decoderName, 'ipv6');
      assert.strictEqual(String(ip.payload.daddr), 'b2::2');
      assert.strictEqual(ip.payload.payload.decoderName, 'icmpv6');
    });

    it('destination options with a home address option', () => {
      const ip = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.dstopts_home_address));
      const [d] = ip.extensions;
      assert.strictEqual(d.name, 'dstopts');
      assert.strictEqual(d.length, 24);
      assert.deepStrictEqual(d.options.map((o) => o.name), ['PadN', 'HomeAddress']);
      assert.strictEqual(String(d.options[1].address), '2001:78:1:32::1');
      assert.strictEqual(ip.payload.decoderName, 'stub');
    });

    it('AH is walked (length in 4-byte units + 2) and the chain goes on', () => {
      const ip = decodeFx(fx.ah_ipv6_tcp);
      const [ah] = ip.extensions;
      assert.strictEqual(ah.name, 'ah');
      assert.strictEqual(ah.length, 24);
      assert.strictEqual(ah.nextHeader, 41);
      assert.strictEqual(ah.spi, 3387722088);
      assert.strictEqual(ah.sequence, 1);
      assert.strictEqual(ah.icv.length, 12);
      assert.strictEqual(ip.payload.decoderName, 'ipv6');
      assert.strictEqual(String(ip.payload.saddr), '4000::1');
    });

    it('ESP stops the walk (encrypted)', () => {
      const ip = decodeAt(IPv6, hm.ipv6_esp, 0, hm.ipv6_esp.length);
      assert.deepStrictEqual(names(ip), ['dstopts', 'esp']);
      assert.strictEqual(ip.extensions[1].spi, 0x1001);
      assert.strictEqual(ip.extensions[1].sequence, 7);
      assert.strictEqual(ip.protocol, 50);
      assert.strictEqual(ip.payload, null);
      assert.strictEqual(ip.error, null);
      assert.strictEqual(String(ip), '2001:db8::1 -> 2001:db8::2 ESP');
    });

    it('no next header (59)', () => {
      const ip = decodeFx(fx.no_next_header);
      assert.strictEqual(ip.protocol, 59);
      assert.strictEqual(ip.payload, null);
      assert.strictEqual(ip.data.length, 20);
      assert.strictEqual(String(ip), '2005::1 -> 2008::1 no next header');
    });

    it('hop-by-hop, destination options, no next header', () => {
      const ip = decodeAt(IPv6, hm.ipv6_hbh_dst_none, 0, hm.ipv6_hbh_dst_none.length);
      assert.deepStrictEqual(names(ip), ['hopopts', 'dstopts']);
      assert.deepStrictEqual(ip.extensions[0].options.map((o) => o.name), ['PadN', 'RouterAlert']);
      assert.deepStrictEqual(ip.extensions[1].options.map((o) => o.name), ['Pad1', 'PadN']);
      assert.strictEqual(ip.protocol, 59);
      assert.strictEqual(ip.error, null);
    });

    it('mobility header (135) is walked; its payload proto 59 ends the chain', () => {
      const ip = decodeFx(fx.mobility_binding_update);
      const [mh] = ip.extensions;
      assert.strictEqual(mh.name, 'mobility');
      assert.strictEqual(mh.mhType, 5); // binding update
      assert.strictEqual(mh.nextHeader, 59);
      assert.strictEqual(ip.payload, null);
      assert.strictEqual(ip.error, null);
    });

    it('HIP (139) and shim6 (140) headers are walked by their generic length', () => {
      // HIP: next 140, length 1 (16 bytes); shim6: next 58, length 0 (8 bytes); then ICMPv6 echo
      const hip = Buffer.concat([Buffer.from([140, 1]), Buffer.alloc(14)]);
      const shim = Buffer.concat([Buffer.from([58, 0]), Buffer.alloc(6)]);
      const p = handmade.ipv6(Buffer.concat([hip, shim, handmade.icmpv6(128, 0, [0, 1, 0, 2])]), { nh: 139 });
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.deepStrictEqual(ip.extensions.map((x) => [x.name, x.length, x.nextHeader]), [['hip', 16, 140], ['shim6', 8, 58]]);
      assert.strictEqual(ip.protocol, 58);
      assert.strictEqual(ip.payload.decoderName, 'icmpv6');
      assert.strictEqual(ip.payload.sequence, 2);
    });

    it('a chain of 200 destination options headers is cut off', () => {
      const hdrs = [];
      for (let i = 0; i < 200; i++) hdrs.push(Buffer.from([60, 0, 1, 4, 0, 0, 0, 0]));
      const p = handmade.ipv6(Buffer.concat(hdrs), { nh: 60 });
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.strictEqual(ip.error.reason, 'too many extension headers');
      assert.strictEqual(ip.truncated, false);
      assert.strictEqual(ip.payload, null);
      assert.ok(ip.extensions.length <= 32);
    });

    it('an extension header longer than the payload length is malformed; past the capture, truncated', () => {
      const p = handmade.ipv6(Buffer.from([17, 2, 0, 0, 0, 0, 0, 0]), { nh: 60 }); // says 24 bytes, has 8
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.strictEqual(ip.error.reason, 'extension header truncated');
      assert.strictEqual(ip.truncated, false);
      const q = handmade.ipv6(Buffer.from([17, 2, 0, 0, 0, 0, 0, 0]), { nh: 60, plen: 24 });
      const cut = decodeAt(IPv6, q, 0, q.length);
      assert.strictEqual(cut.error.reason, 'extension header truncated');
      assert.strictEqual(cut.truncated, true);
      // listed all the same, with what was captured (tshark shows it too)
      assert.deepStrictEqual(cut.extensions, [{ type: 60, name: 'dstopts', nextHeader: 17, length: 24, truncated: true, options: [{ type: 0, name: 'Pad1', length: 1 }, { type: 0, name: 'Pad1', length: 1 }, { type: 0, name: 'Pad1', length: 1 }, { type: 0, name: 'Pad1', length: 1 }, { type: 0, name: 'Pad1', length: 1 }, { type: 0, name: 'Pad1', length: 1 }] }]);
    });

    it('a routing header cut short is listed with its type and segments left (tcpdump ipv6-rthdr-oobr: tshark type 0, 48 left, next 48, 392 bytes)', () => {
      // type 0, 48 segments left, 392 bytes said (ext len 48), 12 captured: one address cut
      const rh = Buffer.concat([Buffer.from([48, 48, 0, 48, 0, 0, 0, 0]), Buffer.from([0x20, 0x01, 0x0d, 0xb8])]);
      const p = handmade.ipv6(rh, { nh: 43, plen: 392 });
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.strictEqual(ip.error.reason, 'extension header truncated');
      assert.deepStrictEqual(ip.extensions, [{ type: 43, name: 'routing', nextHeader: 48, length: 392, truncated: true, routingType: 0, segmentsLeft: 48, addresses: [] }]);
      // an SRH with its fixed part cut: its lists are empty, not absent
      const srh = handmade.ipv6(Buffer.from([59, 4, 4, 0, 0]), { nh: 43, plen: 40 });
      assert.deepStrictEqual(decodeAt(IPv6, srh, 0, srh.length).extensions, [{ type: 43, name: 'routing', nextHeader: 59, length: 40, truncated: true, routingType: 4, segmentsLeft: 0, lastEntry: 0, flags: undefined, tag: undefined, segments: [] }]);
      // a fragment header cut short is not listed: its offset and identification are its point
      const frag = handmade.ipv6(Buffer.from([11, 0xff, 0, 0, 1, 0]), { nh: 44, plen: 8 });
      assert.deepStrictEqual(decodeAt(IPv6, frag, 0, frag.length).extensions, []);
      assert.strictEqual(decodeAt(IPv6, frag, 0, frag.length).isFragment, false);
    });
  });

  describe('fragments', () => {
    it('first fragment: fragment header listed and the upper layer decoded', () => {
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeFx(fx.frag_first));
      assert.deepStrictEqual(ip.extensions, [{ type: 44, name: 'fragment', nextHeader: 17, length: 8, fragmentOffset: 0, moreFragments: true, identification: 2 }]);
      assert.strictEqual(ip.isFragment, true);
      assert.strictEqual(ip.payload.decoderName, 'stub');
    });

    it('later fragment: payload null, data holds the fragment', () => {
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeFx(fx.frag_later));
      const [frag] = ip.extensions;
      assert.strictEqual(frag.fragmentOffset, 358);
      assert.strictEqual(frag.moreFragments, false);
      assert.strictEqual(ip.isFragment, true);
      assert.strictEqual(ip.protocol, 17);
      assert.strictEqual(ip.payload, null);
      assert.strictEqual(ip.error, null);
      assert.strictEqual(ip.data.length, 382 - 8);
      assert.strictEqual(String(ip), '2607:f740:b::f93 -> 2001:470:1f11:81f:d138:5f55:6d4:1fe2 fragment id 2 offset 2864');
      const hand = decodeAt(IPv6, hm.ipv6_frag_later, 0, hm.ipv6_frag_later.length);
      assert.strictEqual(hand.extensions[0].fragmentOffset, 185);
      assert.strictEqual(hand.payload, null);
    });

    it('atomic fragment (offset 0, no more fragments) decodes the upper layer', () => {
      const ip = withDecoder('ipProtocol', 6, Stub, () => decodeFx(fx.atomic_frag_tcp));
      assert.strictEqual(ip.extensions[0].moreFragments, false);
      assert.strictEqual(ip.payload.decoderName, 'stub');
    });
  });

  describe('payload length', () => {
    it('ends the layer at 40 + payload length (trailing bytes are not IPv6)', () => {
      const p = Buffer.concat([hm.icmpv6_time_exceeded, Buffer.alloc(10, 0xee)]);
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.strictEqual(ip._end, PREFIX + hm.icmpv6_time_exceeded.length);
    });

    it('jumbogram: payload length 0 and a Jumbo Payload option of 70016', () => {
      const p = hm.ipv6_jumbo;
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeAt(IPv6, p, 0, p.length));
      assert.strictEqual(ip.payloadLength, 0);
      assert.strictEqual(ip.error, null);
      assert.strictEqual(ip.extensions[0].options[0].name, 'Jumbo');
      assert.strictEqual(ip.extensions[0].options[0].jumboLength, 70016);
      assert.strictEqual(ip.payload._o, PREFIX + 48);
      assert.strictEqual(ip.payload._end, PREFIX + 40 + 70016); // the 8-byte trailer is left out
    });

    it('payload length 0 with hop-by-hop but no valid jumbo option: malformed, keeps captured bytes', () => {
      const p = hm.ipv6_jumbo_small;
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeAt(IPv6, p, 0, p.length));
      assert.match(ip.error.reason, /jumbo/);
      assert.strictEqual(ip.truncated, false);
      assert.strictEqual(ip.payload._end, PREFIX + p.length);
    });

    it('payload length 0 without hop-by-hop (GSO): keeps captured bytes, no error', () => {
      const p = hm.ipv6_plen0;
      const ip = withDecoder('ipProtocol', 17, Stub, () => decodeAt(IPv6, p, 0, p.length));
      assert.strictEqual(ip.error, null);
      assert.strictEqual(ip.payload._end, PREFIX + p.length);
    });
  });

  describe('tunnels', () => {
    it('IPv4 in IPv6 (next header 4)', () => {
      const p = handmade.ipv6(handmade.packets.icmp_echo_request, { nh: 4 });
      const ip = decodeAt(IPv6, p, 0, p.length);
      assert.strictEqual(ip.payload.decoderName, 'ipv4');
      assert.strictEqual(ip.payload.payload.decoderName, 'icmp');
      assert.strictEqual(String(ip), '2001:db8::1 -> 2001:db8::2 10.0.0.1 -> 10.0.0.2 ICMP Echo Request id 4660 seq 1');
    });

    it('IPv6 in IPv6 nesting is capped', () => {
      let p = handmade.ipv6(Buffer.alloc(8), { nh: 59 });
      for (let i = 0; i < 1000; i++) p = handmade.ipv6(p, { nh: 41, plen: 0 });
      const ip = decodeAt(IPv6, p, 0, p.length);
      let depth = 0;
      let l = ip;
      while (l.payload) { l = l.payload; depth++; }
      assert.ok(depth > 2 && depth < 20, 'depth ' + depth);
      assert.match(l.error.reason, /nested/);
    });
  });

  it('a version other than 6 is malformed', () => {
    const p = Buffer.from(hm.icmpv6_time_exceeded);
    p[0] = 0x45;
    const ip = decodeAt(IPv6, p, 0, p.length);
    assert.match(ip.error.reason, /not IPv6/);
    assert.strictEqual(ip.truncated, false);
    assert.strictEqual(ip.payload, null);
    // nor are headers listed after it: a hop-by-hop header in an IPv6 frame turned version 4 is not one
    const hbh = Buffer.from(decodeFx(fx.hopopts_mld)._b.subarray(PREFIX));
    assert.deepStrictEqual(names(decodeAt(IPv6, hbh, 0, hbh.length)), ['hopopts']);
    hbh[0] = 0x45;
    assert.deepStrictEqual(decodeAt(IPv6, hbh, 0, hbh.length).extensions, []);
  });

  it('toString without a decoder says proto N', () => {
    const p = handmade.ipv6(Buffer.alloc(8), { nh: 132 });
    const ip = withDecoder('ipProtocol', 132, null, () => decodeAt(IPv6, p, 0, p.length));
    assert.strictEqual(String(ip), '2001:db8::1 -> 2001:db8::2 proto 132');
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => {
        everyTruncation(IPv6, f.buf, f.offset, (ip, len) => {
          if (len < 40) {
            assert.strictEqual(ip.error.layer, 'ipv6');
            assert.strictEqual(ip.truncated, true);
            assert.strictEqual(ip.payload, null);
          }
        });
      });
    }
    for (const name of ['ipv6_esp', 'ipv6_jumbo_small', 'ipv6_plen0', 'ipv6_frag_later', 'ipv6_hbh_dst_none']) {
      it(name, () => everyTruncation(IPv6, hm[name], 0));
    }
    it('ipv6_jumbo (first 200 bytes)', () => everyTruncation(IPv6, hm.ipv6_jumbo.subarray(0, 200), 0));
  });

  it('random garbage (and garbage extension chains) never throws and finishes quickly', () => {
    const t0 = Date.now();
    const ext = [0, 43, 44, 50, 51, 59, 60, 135, 139, 140, 4, 41, 58, 6, 17];
    for (let seed = 1; seed <= 3000; seed++) {
      const g = randomBytes(40 + (seed % 300), seed);
      g[0] = 0x60 | (g[0] & 0x0f);
      g[6] = ext[seed % ext.length];
      for (let o = 40; o < g.length; o += 8) if (seed & 1) g[o] = ext[(seed + o) % ext.length];
      if (seed % 4 === 0) g.writeUInt16BE(0, 4);
      const ip = decodeAt(IPv6, g, 0, g.length);
      String(ip);
      JSON.stringify(ip);
    }
    assert.ok(Date.now() - t0 < 5000);
  });
});
