'use strict';
// Tunnel and TLS paths the captures in test/fixtures do not exercise, on hand-built frames:
// GRE optional fields and RFC 1701 routing, MPLS over IPv6, PPP protocol-field compression and
// Cisco HDLC, PPPoE padding and discovery, TLS records that are encrypted, split or mixed.

const assert = require('assert');
const pcap = require('../..');

const hex = (s) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const ETH = (type) => hex('020000000002 020000000001' + type);
// IPv4 (proto p, total length n) from 10.0.0.1 to 10.0.0.2
const ipv4 = (proto, payloadLength) => {
  const b = hex('4500 0000 0000 0000 40 00 0000 0a000001 0a000002');
  b.writeUInt16BE(20 + payloadLength, 2);
  b[9] = proto;
  return b;
};
const UDP = hex('3039 0009 000c 0000 61626364'); // 12345 -> 9 (discard), 4 bytes
const INNER = Buffer.concat([ipv4(17, UDP.length), UDP]);
const decode = (buf, link = 'LINKTYPE_ETHERNET') => pcap.decode.packet({ buf, link_type: link });
const layer = (p, name) => {
  for (let l = p.payload; l; l = l.payload) if (l.decoderName === name) return l;
  return null;
};

describe('tunnels and TLS on crafted frames', function () {
  it('GRE with checksum, key and sequence: each field where RFC 2890 puts it', function () {
    const gre = hex('b000 0800 abcd 0000 00000007 00000009');
    const p = decode(Buffer.concat([ETH('0800'), ipv4(47, gre.length + INNER.length), gre, INNER]));
    const g = layer(p, 'gre');
    assert.deepStrictEqual(g.flags, { checksum: true, routing: false, key: true, sequence: true, strictSourceRoute: false, ack: false });
    assert.deepStrictEqual([g.version, g.protocol, g.checksum, g.offset, g.key, g.sequence, g.headerLength], [0, 0x0800, 0xabcd, 0, 7, 9, 16]);
    assert.strictEqual(g.payload.payload.dport, 9);
    assert.match(String(p), / GRE key 7 10\.0\.0\.1:12345 -> 10\.0\.0\.2:9 UDP len 4$/);
  });

  it('GRE with RFC 1701 routing: the source route entries are walked to the null entry', function () {
    // routing bit: checksum/offset present; one entry (IPv4 family, 8 bytes), then the null entry
    const gre = hex('4000 0800 0000 0000' + '0800 00 08 0a000003 0a000004' + '0000 00 00');
    const p = decode(Buffer.concat([ETH('0800'), ipv4(47, gre.length + INNER.length), gre, INNER]));
    const g = layer(p, 'gre');
    assert.strictEqual(g.flags.routing, true);
    assert.strictEqual(g.headerLength, 8 + 12 + 4);
    assert.strictEqual(g.payload.payload.sport, 12345);
    // an entry list without its null entry runs out: marked, and nothing after it decoded
    const cut = hex('4000 0800 0000 0000' + '0800 00 08 0a000003 0a000004');
    const q = decode(Buffer.concat([ETH('0800'), ipv4(47, cut.length), cut]));
    assert.strictEqual(layer(q, 'gre').error.reason, 'routing truncated');
  });

  it('GRE version 1 (PPTP): payload length and call id, sequence and acknowledgement; an ack alone carries nothing', function () {
    const withData = hex('3081 880b 0004 0006 00000022 00000011 ff03 c021');
    const p = decode(Buffer.concat([ETH('0800'), ipv4(47, withData.length), withData]));
    const g = layer(p, 'gre');
    assert.deepStrictEqual([g.version, g.payloadLength, g.callId, g.sequence, g.ack, g.key], [1, 4, 6, 0x22, 0x11, undefined]);
    assert.strictEqual(layer(p, 'ppp').protocolName, 'LCP');
    const ackOnly = hex('2081 880b 0000 0006 0000001a');
    const q = decode(Buffer.concat([ETH('0800'), ipv4(47, ackOnly.length), ackOnly]));
    assert.strictEqual(layer(q, 'gre').payload, null);
    assert.strictEqual(layer(q, 'gre').ack, 0x1a);
    assert.doesNotMatch(String(q), /truncated|malformed/);
  });

  it('MPLS: a label stack over IPv6, each entry read; a stack that never ends is refused', function () {
    const ip6 = Buffer.concat([hex('6000 0000 000c 11 40'), Buffer.alloc(15), hex('01'), Buffer.alloc(15), hex('02'), UDP]);
    // label 16, TC 5, TTL 63; label 200, TC 5, bottom of stack, TTL 64
    const stack = Buffer.from([0x00, 0x01, 0x0a, 0x3f, 0x00, 0x0c, 0x8b, 0x40]);
    const p = decode(Buffer.concat([ETH('8847'), stack, ip6]));
    const m = layer(p, 'mpls');
    assert.deepStrictEqual(m.labels, [{ label: 16, tc: 5, bottom: false, ttl: 63 }, { label: 200, tc: 5, bottom: true, ttl: 64 }]);
    assert.deepStrictEqual([m.label, m.tc, m.ttl], [16, 5, 63]);
    assert.strictEqual(m.payload.decoderName, 'ipv6');
    assert.match(String(p), /MPLS 16\/200 \[::1\]:12345 -> \[::2\]:9 UDP len 4$/);
    const endless = decode(Buffer.concat([ETH('8847'), Buffer.alloc(4 * 20, 0)]));
    assert.strictEqual(layer(endless, 'mpls').error.reason, 'too many labels');
  });

  it('PPP: address and control bytes or not, one-byte (compressed) protocol field, Cisco HDLC frames', function () {
    const full = decode(Buffer.concat([hex('ff03 0021'), INNER]), 'LINKTYPE_PPP');
    assert.deepStrictEqual([full.payload.protocol, full.payload.headerLength], [0x21, 4]);
    const compressed = decode(Buffer.concat([hex('21'), INNER]), 'LINKTYPE_PPP');
    assert.deepStrictEqual([compressed.payload.protocol, compressed.payload.headerLength, compressed.payload.payload.decoderName], [0x21, 1, 'ipv4']);
    const hdlc = decode(Buffer.concat([hex('0f00 0800'), INNER]), 'LINKTYPE_PPP_HDLC');
    assert.deepStrictEqual([hdlc.payload.ciscoHdlc, hdlc.payload.protocol, hdlc.payload.headerLength], [true, 0x0800, 4]);
    assert.strictEqual(String(hdlc), 'Cisco HDLC 10.0.0.1:12345 -> 10.0.0.2:9 UDP len 4');
    // PPP in GRE has no Cisco HDLC: there 0x0f is a compressed protocol field
    const gre = Buffer.concat([hex('2001 880b 0004 0006'), hex('0f 00')]);
    const inGre = layer(decode(Buffer.concat([ETH('0800'), ipv4(47, gre.length), gre])), 'ppp');
    assert.deepStrictEqual([inGre.ciscoHdlc, inGre.protocol], [false, 0x0f]);
  });

  it('PPPoE: the length field ends the payload before Ethernet padding; discovery never carries PPP; version and type are checked', function () {
    const ppp = Buffer.concat([hex('0021'), INNER]);
    const len = Buffer.from([ppp.length >> 8, ppp.length & 255]);
    const p = decode(Buffer.concat([ETH('8864'), hex('1100 002a'), len, ppp, Buffer.alloc(10, 0xee)]));
    const s = layer(p, 'pppoe');
    assert.deepStrictEqual([s.version, s.type, s.code, s.codeName, s.sessionId, s.length], [1, 1, 0, 'session', 0x2a, ppp.length]);
    assert.strictEqual(s._end - s._o, 6 + ppp.length, 'the padding is not PPPoE payload');
    assert.strictEqual(layer(p, 'udp').dataLength, 4);
    const disc = decode(Buffer.concat([ETH('8863'), hex('1100 0000 0004 0101 0000')]));
    assert.deepStrictEqual([layer(disc, 'pppoe').payload, layer(disc, 'pppoe').codeName, layer(disc, 'pppoe').tags.length], [null, undefined, 1]);
    const bad = decode(Buffer.concat([ETH('8864'), hex('2100 002a'), len, ppp]));
    assert.match(layer(bad, 'pppoe').error.reason, /version\/type/);
  });

  it('Geneve: options length, the critical option bit, a payload after the options', function () {
    const g = Buffer.concat([hex('0240 0800 000007 00'), hex('0102 80 01 deadbeef'), INNER]);
    const p = decode(Buffer.concat([ETH('0800'), ipv4(17, 8 + g.length), hex('c000 17c1'), Buffer.from([0, 8 + g.length]), hex('0000'), g]));
    const l = layer(p, 'geneve');
    assert.deepStrictEqual([l.version, l.optionsLength, l.oam, l.critical, l.protocol, l.vni], [0, 8, false, true, 0x0800, 7]);
    assert.strictEqual(l.payload.decoderName, 'ipv4');
  });

  describe('TLS', function () {
    const tcpTo443 = (payload) => {
      const tcp = hex('c350 01bb 00000001 00000001 5018 ffff 0000 0000');
      return decode(Buffer.concat([ETH('0800'), ipv4(6, tcp.length + payload.length), tcp, payload]));
    };
    const tlsOf = (p) => layer(p, 'tls');
    const record = (type, body) => Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
    const hello = (exts) => {
      const body = Buffer.concat([hex('0303'), Buffer.alloc(32, 7), hex('00'), hex('0002 1301'), hex('0100'), Buffer.from([exts.length >> 8, exts.length & 255]), exts]);
      return Buffer.concat([hex('01'), Buffer.from([0, body.length >> 8, body.length & 255]), body]);
    };
    const ext = (type, data) => Buffer.concat([Buffer.from([type >> 8, type & 255, data.length >> 8, data.length & 255]), data]);
    const sni = (name, type = 0) => {
      const n = Buffer.from(name);
      const entry = Buffer.concat([Buffer.from([type, n.length >> 8, n.length & 255]), n]);
      return ext(0, Buffer.concat([Buffer.from([entry.length >> 8, entry.length & 255]), entry]));
    };
    const alpn = (...names) => {
      const list = Buffer.concat(names.map((x) => Buffer.concat([Buffer.from([x.length]), Buffer.from(x)])));
      return ext(16, Buffer.concat([Buffer.from([list.length >> 8, list.length & 255]), list]));
    };

    it('a hello is read only up to its own end: the record after it is not part of the server name', function () {
      const cutHello = hello(sni('short.test')).subarray(0, 60);
      const helloRecord = Buffer.concat([hex('16 0303'), Buffer.from([0, cutHello.length]), cutHello]);
      const t = tlsOf(tcpTo443(Buffer.concat([helloRecord, record(23, Buffer.from('33333333'))])));
      assert.strictEqual(t.handshakeType, undefined); // its length does not fit its record: not plaintext
      assert.strictEqual(t.serverName, undefined);
    });

    it('a ClientHello after a ChangeCipherSpec record (TLS 1.3 after a HelloRetryRequest) is found', function () {
      const t = tlsOf(tcpTo443(Buffer.concat([record(20, hex('01')), record(22, hello(Buffer.concat([sni('second.test'), alpn('h2')])))])));
      assert.deepStrictEqual([t.contentType, t.handshakeType, t.serverName, t.alpn], [20, 1, 'second.test', ['h2']]);
      assert.strictEqual(String(t), 'TLS ClientHello "second.test" alpn "h2"');
    });

    it('an encrypted handshake record has no handshake type', function () {
      const t = tlsOf(tcpTo443(record(22, Buffer.concat([Buffer.alloc(8), Buffer.from('0123456789abcdef0123456789abcdef')]))));
      assert.strictEqual(t.handshakeType, undefined);
      assert.match(String(tcpTo443(record(22, Buffer.concat([Buffer.alloc(8), Buffer.from('0123456789abcdef0123456789abcdef')])))), /TLS handshake \(encrypted\)$/);
    });

    it('ALPN keeps an empty name and what follows it; only a host_name entry is the server name', function () {
      const t = tlsOf(tcpTo443(record(22, hello(Buffer.concat([sni('other.test', 1), alpn('h2', '', 'http/1.1')])))));
      assert.deepStrictEqual(t.alpn, ['h2', '', 'http/1.1']);
      assert.strictEqual(t.serverName, undefined);
    });

    it('a record running on into the next segment is not truncated; one the capture cut is', function () {
      const full = Buffer.concat([record(20, hex('01')), hex('1703 0301 00'), Buffer.alloc(40, 9)]); // 256-byte record, 40 here
      assert.strictEqual(tlsOf(tcpTo443(full)).truncated, false);
      const p = tcpTo443(Buffer.concat([full, Buffer.alloc(216, 9)]));
      const raw = p._raw.buf;
      const cut = decode(raw.subarray(0, raw.length - 216));
      assert.strictEqual(tlsOf(cut).truncated, true);
      assert.strictEqual(tlsOf(cut).error.offset, 14 + 20 + 20 + 6);
    });
  });
});
