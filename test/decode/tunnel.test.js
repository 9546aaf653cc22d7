'use strict';
// Tunnel decoders (GRE v0/v1, VXLAN, Geneve, MPLS, PPP, PPPoE) against tshark's fields for every
// frame of the captures in test/fixtures/tunnel (see its README for where each came from).

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../..');
const { readPcap } = require('../helpers/pcap_file');

const DIR = path.join(__dirname, '..', 'fixtures', 'tunnel');

/** Every layer of a kind, outermost first (GRE in GRE has two). */
function layersOf(packet, kind) {
  const out = [];
  for (let l = packet.payload; l; l = l.payload) if (l.decoderName === kind) out.push(l);
  return out;
}

// tshark field -> [our layer kind, how to read it]; list-valued tshark fields are matched against
// every layer of the kind in order (GRE keepalives), or against the label stack (MPLS)
const FIELDS = {
  'gre.flags_and_version': ['gre', (l) => {
    const f = l.flags;
    return (f.checksum << 15) | (f.routing << 14) | (f.key << 13) | (f.sequence << 12) | (f.strictSourceRoute << 11) | (f.ack << 7) | l.version;
  }],
  'gre.proto': ['gre', (l) => l.protocol],
  'gre.key': ['gre', (l) => l.key],
  'gre.sequence_number': ['gre', (l) => l.sequence],
  'gre.ack_number': ['gre', (l) => l.ack],
  'gre.key.call_id': ['gre', (l) => l.callId],
  'gre.key.payload_length': ['gre', (l) => l.payloadLength],
  'gre.checksum': ['gre', (l) => l.checksum],
  'vxlan.vni': ['vxlan', (l) => l.vni],
  'vxlan.flags': ['vxlan', (l) => l.flags << 8], // tshark's is 16 bits; the second byte is reserved (0 here)
  'mpls.label': ['mpls', (l) => l.labels.map((x) => x.label)],
  'mpls.exp': ['mpls', (l) => l.labels.map((x) => x.tc)],
  'mpls.bottom': ['mpls', (l) => l.labels.map((x) => (x.bottom ? 1 : 0))],
  'mpls.ttl': ['mpls', (l) => l.labels.map((x) => x.ttl)],
  'geneve.version': ['geneve', (l) => l.version],
  'geneve.flags.oam': ['geneve', (l) => l.oam],
  'geneve.flags.critical': ['geneve', (l) => l.critical],
  'geneve.proto_type': ['geneve', (l) => l.protocol],
  'geneve.vni': ['geneve', (l) => l.vni],
  'geneve.option.class': ['geneve', (l) => l.options.map((o) => o.class)],
  'geneve.option.type': ['geneve', (l) => l.options.map((o) => o.type)],
  // tshark gives the options' total length, then each option's with its 4-byte header; ours
  // are RFC 8926's (data only)
  'geneve.option.length': ['geneve', (l) => [l.optionsLength, ...l.options.map((o) => o.length + 4)]],
  'ppp.protocol': ['ppp', (l) => l.protocol],
  'pppoe.version': ['pppoe', (l) => l.version],
  'pppoe.type': ['pppoe', (l) => l.type],
  'pppoe.code': ['pppoe', (l) => l.code],
  'pppoe.session_id': ['pppoe', (l) => l.sessionId],
  'pppoe.payload_length': ['pppoe', (l) => l.length],
};

const norm = (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

describe('tunnel decoders against tshark', function () {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.pcap'));

  it('has the seven captures', function () {
    assert.strictEqual(files.length, 7, files.join(' '));
  });

  for (const file of files) {
    it(`${file}: every tunnel field of every frame`, function () {
      const { records, linkType } = readPcap(path.join(DIR, file));
      const truth = JSON.parse(fs.readFileSync(path.join(DIR, file + '.truth.json'), 'utf8'));
      assert.strictEqual(records.length, truth.length);
      let compared = 0;
      records.forEach((rec, i) => {
        const packet = pcap.decode.packet({ buf: rec.data, link_type: pcap.linkTypeName(linkType) });
        assert.doesNotMatch(String(packet), /undefined|\[malformed|\[truncated/, `frame ${i + 1}`);
        for (const [field, want] of Object.entries(truth[i])) {
          const spec = FIELDS[field];
          if (!spec) continue;
          const [kind, read] = spec;
          const layers = layersOf(packet, kind);
          assert.ok(layers.length > 0, `frame ${i + 1}: no ${kind} layer for ${field}`);
          let got = read(layers[0]);
          if (Array.isArray(want) && !Array.isArray(got)) got = layers.map(read); // one per nested layer
          else if (!Array.isArray(want) && Array.isArray(got)) got = got[0];
          assert.deepStrictEqual(Array.isArray(got) ? got.map(norm) : norm(got), Array.isArray(want) ? want.map(norm) : norm(want), `frame ${i + 1} ${field}`);
          compared++;
        }
      });
      assert.ok(compared > 0, 'compared nothing');
    });
  }

  it('one-line summaries name each tunnel and what it carries', function () {
    const line = (file, n) => {
      const { records, linkType } = readPcap(path.join(DIR, file));
      return String(pcap.decode.packet({ buf: records[n - 1].data, link_type: pcap.linkTypeName(linkType) }));
    };
    assert.match(line('vxlan_netns.pcap', 3), / 192\.0\.2\.1:\d+ -> 192\.0\.2\.2:4789 VXLAN vni 42 \S+ -> \S+ 10\.42\.0\.1 -> 10\.42\.0\.2 ICMP Echo Request id \d+ seq 1$/);
    assert.match(line('vxlan_netns.pcap', 7), /^\S+ -> \S+ 192\.0\.2\.1:\d+ -> 192\.0\.2\.2:4789 VXLAN vni 42 \S+ -> \S+ 10\.42\.0\.1:\d+ -> 10\.42\.0\.2:9999 UDP len 13$/);
    assert.match(line('geneve_lo.pcap', 1), / 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:6081 Geneve vni 7 02:00:00:00:07:01 -> 02:00:00:00:07:02 10\.7\.0\.1:40000 -> 10\.7\.0\.2:7 UDP len 12$/);
    assert.match(line('geneve_lo.pcap', 2), /Geneve vni 1193046 \[fd00::1\]:40000 -> \[fd00::2\]:7 UDP len 8$/);
    assert.strictEqual(line('pppoe_veth.pcap', 1), '02:00:00:00:00:a1 -> ff:ff:ff:ff:ff:ff PPPoE PADI');
    assert.strictEqual(line('pppoe_veth.pcap', 3), '02:00:00:00:00:a1 -> 02:00:00:00:00:b2 PPPoE session 0x002a PPP 100.64.0.2:5000 -> 100.64.0.1:9 UDP len 10');
    assert.strictEqual(line('pppoe_veth.pcap', 4), '02:00:00:00:00:a1 -> 02:00:00:00:00:b2 PPPoE session 0x002a PPP LCP');
    assert.strictEqual(line('pppoe_veth.pcap', 5), '02:00:00:00:00:a1 -> 02:00:00:00:00:b2 MPLS 100/200 198.51.100.1:6000 -> 198.51.100.2:9 UDP len 9');
    assert.strictEqual(line('pcapplusplus-GrePackets.pcap', 1), '00:90:4b:1f:a4:f7 -> 00:0d:ed:7b:48:f4 192.168.2.65 -> 192.168.2.254 GREv1 call 6 PPP CCP');
    assert.strictEqual(line('pcapplusplus-GrePackets.pcap', 4), '00:01:01:00:00:02 -> 00:01:01:00:00:01 127.0.0.1 -> 127.0.0.1 GRE 127.0.0.1 -> 127.0.0.1 ICMP Echo Reply id 42732 seq 1');
    assert.match(line('pcapplusplus-GrePackets.pcap', 7), / GRE key 65000 00:01:23:45:56:78 -> 00:01:02:03:04:05 10\.0\.0\.4:1232 -> 10\.0\.0\.5:80 TCP len 0 \[syn\]$/);
    assert.match(line('zeek-mpls-in-vlan.pcap', 3), / vlan 3399 MPLS 254\/99 65\.65\.65\.65:61193 -> 65\.65\.65\.65:80 TCP len 658 \[ack,psh\]$/);
  });

  it('PPPoE discovery tags and Geneve options are read whole', function () {
    const { records } = readPcap(path.join(DIR, 'pppoe_veth.pcap'));
    const pado = pcap.decode.packet({ buf: records[1].data, link_type: 'LINKTYPE_ETHERNET' }).payload.payload;
    assert.strictEqual(pado.codeName, 'PADO');
    assert.deepStrictEqual(pado.tags.map((t) => [t.type, t.value.toString('latin1')]), [[0x0102, 'fixture-ac'], [0x0101, ''], [0x0103, '\xca\xfe\xf0\x0d']]);
    const g = readPcap(path.join(DIR, 'geneve_lo.pcap')).records[0];
    const geneve = pcap.decode.packet({ buf: g.data, link_type: 'LINKTYPE_ETHERNET' }).payload.payload.payload.payload;
    assert.strictEqual(geneve.decoderName, 'geneve');
    assert.strictEqual(geneve.optionsLength, 8);
    assert.deepStrictEqual(geneve.options.map((o) => [o.class, o.type, o.critical, o.data.toString('hex')]), [[0x0102, 0x80, true, 'deadbeef']]);
  });
});
