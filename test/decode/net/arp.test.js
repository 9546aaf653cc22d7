'use strict';
const assert = require('node:assert');
const { net, corpus, decodeAt, everyTruncation, assertTshark, randomBytes, tables } = require('./helpers');

const { Arp } = net;
const fx = corpus('arp');

function decodeFx(f) {
  return decodeAt(Arp, f.buf, f.offset, f.buf.length - f.offset);
}

describe('decode/net/arp', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeFx(f), f.tshark));
    }
  });

  it('is registered for ARP and RARP ethertypes', () => {
    assert.strictEqual(tables.ethertype.get(0x0806), Arp);
    assert.strictEqual(tables.ethertype.get(0x8035), Arp);
  });

  it('reads every field of a request (zeek wikipedia #5)', () => {
    const a = decodeFx(fx.request);
    assert.strictEqual(a.decoderName, 'arp');
    assert.strictEqual(a.htype, 1);
    assert.strictEqual(a.ptype, 0x0800);
    assert.strictEqual(a.hlen, 6);
    assert.strictEqual(a.plen, 4);
    assert.strictEqual(a.operation, 1);
    assert.strictEqual(a.operationName, 'request');
    assert.strictEqual(String(a.sender_ha), '00:13:7f:be:8c:ff');
    assert.strictEqual(String(a.sender_pa), '141.142.220.1');
    assert.strictEqual(String(a.target_ha), '00:00:00:00:00:00');
    assert.strictEqual(String(a.target_pa), '141.142.220.26');
    assert.strictEqual(a.payload, null);
    assert.strictEqual(a.error, null);
    assert.strictEqual(String(a), 'ARP request who-has 141.142.220.26 tell 141.142.220.1');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(a)), {
      decoderName: 'arp', htype: 1, ptype: 2048, hlen: 6, plen: 4, operation: 1, sender_ha: '00:13:7f:be:8c:ff',
      sender_pa: '141.142.220.1', target_ha: '00:00:00:00:00:00', target_pa: '141.142.220.26', payload: null,
    });
  });

  it('reply (tcpdump eapon1 #12)', () => {
    const a = decodeFx(fx.reply);
    assert.strictEqual(a.operation, 2);
    assert.strictEqual(String(a), 'ARP reply 192.168.1.1 is-at 00:0d:88:4f:25:91');
  });

  it('RARP request and reply (libpcap rarp_req_reply)', () => {
    const q = decodeFx(fx.rarp_request);
    assert.strictEqual(q.operation, 3);
    assert.strictEqual(q.operationName, 'reverse request');
    assert.strictEqual(String(q), 'RARP request who-is 00:0c:29:34:0b:de tell 00:0c:29:34:0b:de');
    const r = decodeFx(fx.rarp_reply);
    assert.strictEqual(r.operation, 4);
    assert.strictEqual(String(r.target_pa), '10.1.1.100');
    assert.strictEqual(String(r), 'RARP reply 00:0c:29:34:0b:de at 10.1.1.100');
  });

  it('odd address sizes come out as hex (zeek arp-leak: protocol size 255)', () => {
    const a = decodeFx(fx.hlen255);
    assert.strictEqual(a.plen, 255);
    assert.strictEqual(String(a.sender_ha), '7e:8e:20:d8:23:a7');
    assert.match(String(a.sender_pa), /^c0a87b01(00)+$/);
    assert.strictEqual(a.sender_pa.length, 510);
    assert.strictEqual(a.error, null);
    assert.ok(String(a).length < 120);
  });

  it('hardware size 0, protocol size 0 (tcpdump getname_2_read4_asan)', () => {
    const a = decodeFx(fx.truncated_odd);
    assert.strictEqual(a.hlen, 0);
    assert.strictEqual(String(a.sender_ha), '');
    assert.strictEqual(a.error, null);
    assert.ok(!String(a).includes('undefined'));
  });

  it('16-byte protocol addresses print as IPv6', () => {
    const b = Buffer.alloc(8 + 2 * 22);
    b.writeUInt16BE(1, 0); b.writeUInt16BE(0x86dd, 2); b[4] = 6; b[5] = 16; b.writeUInt16BE(1, 6);
    b[8 + 6] = 0x20; b[8 + 6 + 1] = 0x01; b[8 + 6 + 15] = 1;
    const a = decodeAt(Arp, b, 0, b.length);
    assert.strictEqual(String(a.sender_pa), '2001::1');
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => {
        const need = f.buf.length - f.offset >= 6 ? 8 + 2 * (f.buf[f.offset + 4] + f.buf[f.offset + 5]) : 8;
        everyTruncation(Arp, f.buf, f.offset, (a, len) => {
          if (len < need) {
            assert.strictEqual(a.truncated, true, `length ${len}`);
            assert.strictEqual(a.error.layer, 'arp');
          } else {
            assert.strictEqual(a.error, null);
          }
          if (len < 8) assert.strictEqual(a.operation, undefined);
          if (len < 14 && f.buf[f.offset + 4] === 6) assert.strictEqual(a.sender_ha, undefined);
        });
      });
    }
  });

  it('random garbage never throws', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const g = randomBytes(seed % 80, seed);
      const a = decodeAt(Arp, g, 0, g.length);
      String(a);
      JSON.stringify(a);
    }
  });
});
