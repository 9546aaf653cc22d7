'use strict';
const assert = require('node:assert');
const { net, corpus, handmade, decodeAt, everyTruncation, assertTshark, randomBytes, tables } = require('./helpers');

const { IPv4, IGMP } = net;
const fx = corpus('igmp');
const hm = handmade.packets;

function igmpFx(f) {
  const ip = decodeAt(IPv4, f.buf, f.offset, f.buf.length - f.offset);
  assert.strictEqual(ip.payload.decoderName, 'igmp');
  return ip.payload;
}
function igmpHm(name) {
  const ip = decodeAt(IPv4, hm[name], 0, hm[name].length);
  return ip.payload;
}

describe('decode/net/igmp', () => {
  describe('corpus frames agree with tshark', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => assertTshark(decodeAt(IPv4, f.buf, f.offset, f.buf.length - f.offset), f.tshark));
    }
  });

  it('is registered as IP protocol 2', () => assert.strictEqual(tables.ipProtocol.get(2), IGMP));

  it('v2 membership report: every field (zeek igmp #5)', () => {
    const m = igmpFx(fx.v2_report);
    assert.strictEqual(m.decoderName, 'igmp');
    assert.strictEqual(m.version, 2);
    assert.strictEqual(m.type, 0x16);
    assert.strictEqual(m.maxResponseTime, 0);
    assert.strictEqual(m.checksum, 2308);
    assert.strictEqual(String(m.groupAddress), '224.0.0.251');
    assert.strictEqual(m.description, 'Membership Report');
    assert.strictEqual(m.records, undefined);
    assert.strictEqual(m.suppress, undefined);
    assert.strictEqual(m.payload, null);
    assert.strictEqual(String(m), 'IGMPv2 Membership Report 224.0.0.251');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(m)), {
      decoderName: 'igmp', version: 2, type: 22, maxResponseTime: 0, checksum: 2308, groupAddress: '224.0.0.251',
      description: 'Membership Report', payload: null,
    });
  });

  it('v2 leave, v2 query (max resp 100)', () => {
    const leave = igmpFx(fx.v2_leave);
    assert.strictEqual(leave.description, 'Leave Group');
    assert.strictEqual(leave.version, 2);
    const q = igmpFx(fx.v2_query);
    assert.strictEqual(q.version, 2);
    assert.strictEqual(q.maxResponseTime, 100);
    assert.strictEqual(q.maxResponseDeciseconds, 100);
    assert.strictEqual(String(q.groupAddress), '0.0.0.0');
    assert.strictEqual(q.suppress, undefined);
  });

  it('v1 query (8 bytes, max resp 0) and v1 report (tcpdump IGMP_V1)', () => {
    const q = igmpFx(fx.v1_query);
    assert.strictEqual(q.version, 1);
    assert.strictEqual(q.type, 0x11);
    assert.strictEqual(String(q), 'IGMPv1 Membership Query 0.0.0.0');
    const r = igmpFx(fx.v1_report);
    assert.strictEqual(r.version, 1);
    assert.strictEqual(String(r.groupAddress), '224.0.0.252');
  });

  it('v3 query by length (zeek home-multicast-short #1) and with sources', () => {
    const q = igmpFx(fx.v3_query);
    assert.strictEqual(q.version, 3);
    assert.strictEqual(q.maxResponseTime, 100);
    assert.strictEqual(q.suppress, false);
    assert.strictEqual(q.qrv, 2);
    assert.strictEqual(q.qqic, 125);
    assert.strictEqual(q.numberOfSources, 0);
    assert.deepStrictEqual(q.sources, []);
    const s = igmpHm('igmp_v3_query_sources');
    assert.strictEqual(s.error, null);
    assert.strictEqual(String(s.groupAddress), '239.1.2.3');
    assert.strictEqual(s.suppress, true);
    assert.strictEqual(s.qrv, 3);
    assert.strictEqual(s.qqic, 60);
    assert.strictEqual(s.maxResponseTime, 0x8c); // the raw code
    assert.strictEqual(s.maxResponseDeciseconds, 224); // (0x0c | 0x10) << (0 + 3)
    assert.deepStrictEqual(s.sources, ['192.0.2.1', '192.0.2.2']);
  });

  it('v3 reports: records (zeek igmp #1, home-multicast-short #3, hand-made with sources)', () => {
    const one = igmpFx(fx.v3_report);
    assert.strictEqual(one.version, 3);
    assert.strictEqual(one.type, 0x22);
    assert.strictEqual(String(one.groupAddress), '239.255.255.250'); // the first record's, as tshark shows
    assert.strictEqual(one.records.length, 1);
    assert.strictEqual(one.records[0].typeName, 'CHANGE_TO_EXCLUDE_MODE');
    const two = igmpFx(fx.v3_report_two);
    assert.deepStrictEqual(two.records.map((r) => [r.type, r.multicastAddress]), [[2, '239.255.255.250'], [2, '224.0.0.251']]);
    const s = igmpHm('igmp_v3_report_sources');
    assert.strictEqual(s.error, null);
    const [r] = s.records;
    assert.strictEqual(r.type, 5);
    assert.strictEqual(r.typeName, 'ALLOW_NEW_SOURCES');
    assert.strictEqual(r.auxDataLength, 1);
    assert.strictEqual(r.numberOfSources, 1);
    assert.strictEqual(r.multicastAddress, '239.9.9.9');
    assert.deepStrictEqual(r.sources, ['192.0.2.99']);
    assert.strictEqual(r.auxData.toString('hex'), 'cafebabe');
  });

  it('a v3 report claiming more records than it holds is malformed', () => {
    const m = igmpHm('igmp_v3_report_short');
    assert.strictEqual(m.error.reason, 'group record truncated');
    assert.strictEqual(m.truncated, false); // the IPv4 total length says that is all there is
    assert.strictEqual(m.records.length, 1);
  });

  it('RGMP and mtrace: named, no version', () => {
    const h = igmpFx(fx.rgmp_hello);
    assert.strictEqual(h.type, 0xff);
    assert.strictEqual(h.version, undefined);
    assert.strictEqual(h.description, 'RGMP Hello');
    assert.strictEqual(String(h), 'IGMP RGMP Hello 0.0.0.0');
    const t = igmpHm('igmp_mtrace');
    assert.strictEqual(t.description, 'Multicast Traceroute');
    assert.strictEqual(String(t.groupAddress), '224.0.0.251');
  });

  describe('every truncation decodes without throwing', () => {
    for (const [name, f] of Object.entries(fx)) {
      it(name, () => {
        const ihl = (f.buf[f.offset] & 15) * 4;
        everyTruncation(IGMP, f.buf, f.offset + ihl, (m, len) => {
          if (len < 8) {
            assert.strictEqual(m.truncated, true, `length ${len}`);
            assert.strictEqual(m.error.layer, 'igmp');
          }
        });
        everyTruncation(IPv4, f.buf, f.offset);
      });
    }
    for (const name of Object.keys(hm).filter((n) => n.startsWith('igmp_'))) {
      it(name, () => everyTruncation(IPv4, hm[name], 0));
    }
  });

  it('random garbage never throws', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const g = randomBytes(seed % 100, seed);
      if (g.length) g[0] = [0x11, 0x12, 0x16, 0x17, 0x22, 0x1f, 0xff][seed % 7];
      const m = decodeAt(IGMP, g, 0, g.length);
      String(m);
      JSON.stringify(m);
    }
  });
});
