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
});
