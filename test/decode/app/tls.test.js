'use strict';
// TLS records and hellos against tshark (no TCP reassembly) on tls_lo.pcap: node's tls module over
// 127.0.0.1:8443, TLS 1.3 with SNI and ALPN, TLS 1.2, and a handshake refused with an alert
// (test/fixtures/app/README.md).

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { readPcap } = require('../../helpers/pcap_file');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const { records } = readPcap(path.join(DIR, 'tls_lo.pcap'));
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'tls_lo.pcap.truth.json'), 'utf8'));
const decoded = records.map((r) => pcap.decode.packet({ buf: r.data, link_type: 'LINKTYPE_ETHERNET' }));
const tlsOf = (p) => {
  const tcp = p.payload.payload.payload;
  return tcp.payload && tcp.payload.decoderName === 'tls' ? tcp.payload : null;
};

describe('TLS', function () {
  it('every frame: record types, handshake type, SNI, ALPN, versions, cipher suites, alerts as tshark gives them', function () {
    assert.strictEqual(records.length, truth.length);
    let hellos = 0;
    decoded.forEach((p, i) => {
      const want = truth[i];
      const tls = tlsOf(p);
      const types = [...(want['tls.record.content_type'] || []), ...(want['tls.record.opaque_type'] || [])];
      if (types.length === 0) {
        // no record starts here: a bare ACK, a FIN, the middle of a record
        assert.strictEqual(tls, null, `frame ${i + 1}`);
        return;
      }
      assert.ok(tls, `frame ${i + 1}: no TLS layer`);
      assert.deepStrictEqual(tls.records.map((r) => r.contentType).sort(), types.sort(), `frame ${i + 1} records`);
      if (want['tls.handshake.type']) assert.strictEqual(tls.handshakeType, want['tls.handshake.type'][0], `frame ${i + 1}`);
      const hs = tls.handshakeType;
      if (hs === 1 || hs === 2) {
        hellos++;
        const sni = want['tls.handshake.extensions_server_name'];
        assert.strictEqual(tls.serverName, sni ? sni[0] : undefined, `frame ${i + 1} sni`);
        assert.deepStrictEqual(tls.alpn, want['tls.handshake.extensions_alpn_str'], `frame ${i + 1} alpn`);
        assert.deepStrictEqual(tls.supportedVersions, want['tls.handshake.extensions.supported_version'], `frame ${i + 1} versions`);
        const suites = want['tls.handshake.ciphersuite'];
        if (hs === 1) assert.deepStrictEqual(tls.cipherSuites, suites, `frame ${i + 1} suites`);
        else assert.strictEqual(tls.cipherSuite, suites[0], `frame ${i + 1} suite`);
      }
      const alert = want['tls.alert_message.desc'];
      if (alert) assert.strictEqual(tls.alert.description, alert[0], `frame ${i + 1} alert`);
    });
    assert.strictEqual(hellos, 5); // three ClientHellos, two ServerHellos
  });

  it('one-line summaries', function () {
    const lines = decoded.map((p) => String(p).replace(/^.*?\[[a-z,]+\] /, '')).filter((l) => l.startsWith('TLS'));
    assert.deepStrictEqual(lines.slice(0, 2), ['TLS ClientHello "tls13.test" alpn h2,http/1.1', 'TLS ServerHello TLS1.3']);
    assert.ok(lines.includes('TLS ClientHello "legacy.test"'));
    assert.ok(lines.includes('TLS ServerHello TLS1.2'));
    assert.strictEqual(lines[lines.length - 1], 'TLS alert');
    // the layer's own line says which alert (120: no application protocol)
    const refused = decoded.map(tlsOf).filter((t) => t && t.alert);
    assert.deepStrictEqual(refused.map(String), ['TLS alert fatal 120']);
  });

  it('a hello cut by the segment keeps what came before the cut; garbage is a continuation; nothing throws', function () {
    const hello = decoded.find((p) => tlsOf(p) && tlsOf(p).handshakeType === 1);
    const raw = records[decoded.indexOf(hello)].data;
    const tcp = hello.payload.payload.payload;
    const start = 14 + 20 + tcp.headerLength; // the first TLS byte
    for (let cut = start; cut <= raw.length; cut++) {
      const p = pcap.decode.packet({ buf: raw.subarray(0, cut), link_type: 'LINKTYPE_ETHERNET' });
      const tls = tlsOf(p);
      String(p);
      JSON.stringify(p);
      if (cut < start + 5) {
        assert.strictEqual(tls, null, `cut ${cut}`); // no whole record header: no TLS layer
        continue;
      }
      if (cut < raw.length) assert.strictEqual(tls.truncated, true, `cut ${cut}`);
      // the server name sits early in node's hello: once captured, it stays right
      if (tls.serverName !== undefined) assert.strictEqual(tls.serverName, 'tls13.test');
    }
    const junk = pcap.decode.layer('tls', Buffer.from('GET / HTTP/1.1\r\n'));
    assert.strictEqual(junk.continuation, true);
    assert.strictEqual(String(junk), 'TLS continuation');
    assert.deepStrictEqual(junk.records, []);
  });

  it('a ClientHello or ServerHello on a port no decoder is registered for is TLS too; other records there are not; decodeAs null turns it off', function () {
    // the capture's connections moved from 8443 to 9443 (the decoder does not check TCP checksums)
    const moved = records.map((r) => {
      const b = Buffer.from(r.data);
      for (const o of [34, 36]) if (b.readUInt16BE(o) === 8443) b.writeUInt16BE(9443, o);
      return b;
    });
    const again = moved.map((buf) => pcap.decode.packet({ buf, link_type: 'LINKTYPE_ETHERNET' }));
    const kinds = again.map(tlsOf).map((t) => (t === null ? null : t.handshakeType !== undefined ? t.handshakeType : 'record'));
    const want = decoded.map(tlsOf).map((t) => (t === null ? null : t.handshakeType === 1 || t.handshakeType === 2 ? t.handshakeType : null));
    assert.deepStrictEqual(kinds, want);
    assert.deepStrictEqual(again.map(tlsOf).filter((t) => t && t.handshakeType === 1).map((t) => t.serverName), ['tls13.test', 'legacy.test', 'refused.test']);
    // turned off for the port (as for any decoder)
    const i = kinds.indexOf(1);
    const off = pcap.decode.packet({ buf: moved[i], link_type: 'LINKTYPE_ETHERNET' }, null, { decodeAs: { tcp: { 9443: null } } });
    assert.strictEqual(off.payload.payload.payload.payload, null);
    // on 8443, a port TLS is registered for, as before
    assert.strictEqual(tlsOf(pcap.decode.packet({ buf: records[i].data, link_type: 'LINKTYPE_ETHERNET' })).handshakeType, 1);
  });
});
