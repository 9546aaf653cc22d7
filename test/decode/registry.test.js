'use strict';
// decode.register(): adding, replacing and removing decoders, and its argument checks.

const assert = require('node:assert');
const pcap = require('../..');

// Ethernet / IPv4 / UDP 12345 -> 53 with 8 bytes of payload (a DNS header cut short)
function udpTo53() {
  const udp = Buffer.from('3039003500100000' + '0001010000010000', 'hex');
  const ip = Buffer.from('4500002400004000401100007f0000017f000001', 'hex');
  const eth = Buffer.from('0200000000020200000000010800', 'hex');
  return { buf: Buffer.concat([eth, ip, udp]), link_type: 'LINKTYPE_ETHERNET' };
}

describe('decode.register', function () {
  const { decode } = pcap;
  const saved = decode.tables.udpPort.get(53);
  afterEach(() => decode.register('udpPort', 53, saved));

  it('null removes a decoder: the layer below keeps its bytes, and nothing throws', function () {
    assert.strictEqual(decode.packet(udpTo53()).payload.payload.payload.payload.decoderName, 'dns');
    decode.register('udpPort', 53, null);
    const udp = decode.packet(udpTo53()).payload.payload.payload;
    assert.strictEqual(udp.decoderName, 'udp');
    assert.strictEqual(udp.payload, null);
    assert.ok(String(decode.packet(udpTo53())).includes('UDP'));
  });

  it("a class of the user's own is used for its key", function () {
    class Tiny {
      decode(buf, offset, end) {
        this.size = end - offset;
        return this;
      }
    }
    Tiny.prototype.decoderName = 'tiny';
    decode.register('udpPort', 53, Tiny);
    assert.strictEqual(decode.packet(udpTo53()).payload.payload.payload.payload.size, 8);
  });

  it('rejects an unknown table, a key that is not a number and a class without decode()', function () {
    assert.throws(() => decode.register('udpPorts', 53, saved), { code: 'ERR_INVALID_ARG_VALUE', message: /udpPort/ });
    assert.throws(() => decode.register('udpPort', '53', saved), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => decode.register('udpPort', 53, {}), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => decode.register('udpPort', 53, function NoDecode() {}), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(decode.tables.udpPort.get(53), saved);
  });

  it('refuses a key no packet can carry: negative, fractional, or past the field (70000 for a port)', function () {
    class Layer {
      decode() {
        return this;
      }
    }
    for (const [table, key] of [['udpPort', 70000], ['udpPort', -1], ['tcpPort', 1.5], ['ipProtocol', 256], ['ethertype', 0x10000], ['linkType', NaN]]) {
      assert.throws(() => decode.register(table, key, Layer), { code: 'ERR_OUT_OF_RANGE' }, `${table} ${key}`);
    }
    decode.register('ipProtocol', 255, Layer);
    assert.strictEqual(decode.tables.ipProtocol.get(255), Layer);
    decode.register('ipProtocol', 255, null);
  });

  it('decodeAs: a name that is no decoder, a key that is no port or a transport that is neither tcp nor udp is refused once', function () {
    const raw = udpTo53();
    for (const [decodeAs, code] of [[{ udp: { 53: 'DNS' } }, 'ERR_INVALID_ARG_VALUE'], [{ udp: { 99999: 'dns' } }, 'ERR_INVALID_ARG_VALUE'],
      [{ udp: { x: 'dns' } }, 'ERR_INVALID_ARG_VALUE'], [{ sctp: { 53: 'dns' } }, 'ERR_INVALID_ARG_VALUE'], [{ udp: 'dns' }, 'ERR_INVALID_ARG_TYPE'],
      ['dns', 'ERR_INVALID_ARG_TYPE'], [{ udp: { 53: 5 } }, 'ERR_INVALID_ARG_VALUE']]) {
      assert.throws(() => decode.packet(raw, null, { decodeAs }), { code }, JSON.stringify(decodeAs));
    }
    assert.throws(() => decode.packet(raw, null, 7), { code: 'ERR_INVALID_ARG_TYPE' });
    // valid: null or false turns the port off, a known name decodes it
    const off = { decodeAs: { udp: { 53: null } } };
    assert.strictEqual(decode.packet(raw, null, off).payload.payload.payload.payload, null);
    assert.strictEqual(decode.packet(raw, null, off).payload.payload.payload.payload, null, 'the same options again');
    assert.strictEqual(decode.packet(raw, null, { decodeAs: { udp: { 12345: 'mdns' } } }).payload.payload.payload.payload.protocol, 'mdns');
  });
});

describe('decode.layer', function () {
  const { decode } = pcap;
  const path = require('node:path');
  const { readPcap } = require('../helpers/pcap_file');
  const frames = readPcap(path.join(__dirname, '..', 'fixtures', 'app', 'dns_lo.pcap')).records;

  it('decodes bytes as the named protocol, as decode.packet would inside a packet', function () {
    let compared = 0;
    for (const rec of frames.slice(0, 20)) {
      const dns = decode.packet({ buf: rec.data, link_type: 'LINKTYPE_ETHERNET' }).payload.payload.payload.payload;
      if (!dns || dns.decoderName !== 'dns') continue;
      const udp = decode.packet({ buf: rec.data, link_type: 'LINKTYPE_ETHERNET' }).payload.payload.payload;
      const alone = decode.layer('dns', udp.data);
      assert.strictEqual(alone.decoderName, 'dns');
      assert.strictEqual(alone.id, dns.id);
      assert.deepStrictEqual(alone.question, dns.question);
      assert.deepStrictEqual(alone.answer, dns.answer);
      assert.strictEqual(String(alone), String(dns));
      compared++;
    }
    assert.ok(compared >= 10, `${compared} DNS frames compared`);
    const eth = decode.layer('ethernet-packet', frames[0].data);
    assert.strictEqual(eth.payload.payload.payload.decoderName, 'dns');
  });

  it('never throws on the bytes: every decoder on every cut and a flipped bit of real frames', function () {
    const names = [...decode.tables.udpPort.values(), ...decode.tables.linkType.values(), ...decode.tables.ipProtocol.values()]
      .map((Class) => Class.prototype.decoderName);
    assert.ok(names.includes('dns') && names.includes('tcp') && names.includes('ipv6'));
    let runs = 0;
    for (const rec of frames.slice(0, 8)) {
      const b = rec.data;
      for (let cut = 0; cut <= b.length; cut += 3) {
        const whole = b.subarray(14, cut);
        const flipped = Buffer.from(whole);
        if (flipped.length) flipped[cut % flipped.length] ^= 0x80;
        for (const name of names) {
          for (const bytes of [whole, flipped]) {
            const l = decode.layer(name, bytes);
            assert.strictEqual(typeof String(l), 'string');
            JSON.stringify(l);
            runs++;
          }
        }
      }
    }
    assert.ok(runs > 1000);
  });

  it('refuses a name that is no decoder and bytes that are not a Buffer', function () {
    assert.throws(() => decode.layer('dnss', Buffer.alloc(12)), { code: 'ERR_INVALID_ARG_VALUE', message: /is not a protocol decoder \(known: .*dns/ });
    assert.throws(() => decode.layer(53, Buffer.alloc(12)), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => decode.layer('dns', 'abc'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(decode.layer('dns', new Uint8Array(3)).truncated, true);
  });
});
