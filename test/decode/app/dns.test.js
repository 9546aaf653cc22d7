'use strict';
const assert = require('node:assert');
const decode = require('../../../lib/decode');
const { DNS, MDNS, readName } = require('../../../lib/decode/app/dns');
const { TCP } = require('../../../lib/decode/transport/tcp');
const { UDP } = require('../../../lib/decode/transport/udp');
const { readPcap, ipPayload, truth } = require('../transport/fixtures');

const AS_8053 = { options: { decodeAs: { tcp: { 8053: 'dns' } } } };

/** The DNS layer of every DNS-carrying frame of a capture, through the transport decoders. */
function dnsFrames(rel, ctx = AS_8053) {
  const out = new Map();
  readPcap(rel).forEach((r, i) => {
    const ip = ipPayload(r.buf);
    if (!ip || (ip.proto !== 6 && ip.proto !== 17)) return;
    const t = (ip.proto === 6 ? new TCP() : new UDP()).decode(r.buf, ip.offset, ip.end, ctx);
    if (t.payload) out.set(i + 1, { dns: t.payload, t, r, ip });
  });
  return out;
}

/** A DNS message from its parts, for hand-made cases. */
function msg({ id = 0x1234, flags = 0x8180, qd = [], an = [], ns = [], ar = [], counts } = {}) {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(flags, 2);
  const c = counts || [qd.length, an.length, ns.length, ar.length];
  c.forEach((v, i) => h.writeUInt16BE(v, 4 + 2 * i));
  return Buffer.concat([h, ...[...qd, ...an, ...ns, ...ar].map((x) => Buffer.from(x))]);
}
const name = (n) => [...n.split('.').filter(Boolean).flatMap((l) => [l.length, ...Buffer.from(l)]), 0];
const rr = (owner, type, cls, ttl, rdata) => [...owner, type >> 8, type & 255, cls >> 8, cls & 255, ttl >>> 24, (ttl >>> 16) & 255, (ttl >>> 8) & 255, ttl & 255, rdata.length >> 8, rdata.length & 255, ...rdata];
const q = (owner, type, cls = 1) => [...owner, type >> 8, type & 255, cls >> 8, cls & 255];
const dec = (buf, Class = DNS) => {
  const b = Buffer.concat([Buffer.alloc(5, 0xee), buf, Buffer.alloc(3, 0xdd)]);
  return new Class().decode(b, 5, 5 + buf.length);
};

const RDATA_FIELD = { 1: 'dns.a', 28: 'dns.aaaa', 5: 'dns.cname', 2: 'dns.ns', 12: 'dns.ptr.domain_name', 15: 'dns.mx.mail_exchange', 6: 'dns.soa.mname', 33: 'dns.srv.target' };
const rootName = (s) => (s === '<Root>' ? '' : s);

function compareWithTshark(rel) {
  const t = truth(rel);
  let n = 0;
  for (const [frame, { dns }] of dnsFrames(rel)) {
    const w = t[frame];
    const at = `${rel} frame ${frame}`;
    assert.ok(w['dns.id'], at + ' is DNS for tshark');
    assert.strictEqual(dns.id, parseInt(w['dns.id'][0], 16), at);
    assert.strictEqual(dns.flags, parseInt(w['dns.flags'][0], 16), at);
    const h = dns.header;
    const f = dns.flags;
    assert.deepStrictEqual([h.isResponse, h.opcode, h.isAuthority, h.isTruncated, h.isRecursionDesired, h.isRecursionAvailable, h.responseCode],
      [!!(f & 0x8000), (f >> 11) & 15, !!(f & 0x400), !!(f & 0x200), !!(f & 0x100), !!(f & 0x80), f & 15], at);
    const counts = [dns.qdcount, dns.ancount, dns.nscount, dns.arcount];
    assert.deepStrictEqual(counts, ['queries', 'answers', 'auth_rr', 'add_rr'].map((k) => Number(w['dns.count.' + k][0])), at);
    const qs = dns.question;
    // names with escaped bytes differ on purpose (we write \ddd and escape dots; see 'names' below)
    const tnames = (w['dns.qry.name'] || []).slice(0, counts[0]);
    if (!tnames.some((x) => /[\\\u0080-\uffff]/.test(x))) assert.deepStrictEqual(qs.map((x) => x.name), tnames, at);
    assert.deepStrictEqual(qs.map((x) => x.type), (w['dns.qry.type'] || []).slice(0, counts[0]).map(Number), at);
    assert.deepStrictEqual(qs.map((x) => x.class), (w['dns.qry.class'] || []).slice(0, counts[0]).map((x) => parseInt(x, 16)), at);
    const rrs = [...dns.answer, ...dns.authority, ...dns.additional];
    const nr = counts[1] + counts[2] + counts[3];
    assert.strictEqual(rrs.length, nr, at);
    // tshark splits SRV owner names into service/proto/name and leaves them out of dns.resp.name
    const named = rrs.filter((x) => x.type !== 33);
    assert.deepStrictEqual(named.map((x) => x.name), (w['dns.resp.name'] || []).slice(0, named.length).map(rootName), at);
    assert.deepStrictEqual(rrs.map((x) => x.type), (w['dns.resp.type'] || []).slice(0, nr).map(Number), at);
    assert.deepStrictEqual(rrs.map((x) => x.rdlength), (w['dns.resp.len'] || []).slice(0, nr).map(Number), at);
    assert.deepStrictEqual(rrs.filter((x) => x.type !== 41).map((x) => x.ttl), (w['dns.resp.ttl'] || []).slice(0, rrs.filter((x) => x.type !== 41).length).map(Number), at);
    for (const [type, field] of Object.entries(RDATA_FIELD)) {
      const ours = rrs.filter((x) => x.type === Number(type)).map((x) => (typeof x.rdata === 'string' ? x.rdata : x.rdata.exchange || x.rdata.mname || x.rdata.target || ''));
      assert.deepStrictEqual(ours, (w[field] || []).slice(0, ours.length).map(rootName), `${at} ${field}`);
    }
    const opt = rrs.find((x) => x.type === 41);
    if (opt) {
      assert.strictEqual(opt.rdata.udpPayloadSize, Number(w['dns.rr.udp_payload_size'][0]), at);
      assert.strictEqual(opt.rdata.extendedRcode, parseInt(w['dns.resp.ext_rcode'][0], 16), at);
      assert.strictEqual(opt.rdata.version, Number(w['dns.resp.edns0_version'][0]), at);
      assert.strictEqual(opt.rdata.do, w['dns.resp.z.do'][0] === '1', at);
    }
    if (w['dns.qry.qu']) assert.deepStrictEqual(qs.map((x) => x.qu), w['dns.qry.qu'].slice(0, qs.length).map((x) => x === '1'), at);
    if (w['dns.resp.cache_flush']) {
      assert.deepStrictEqual(rrs.filter((x) => x.type !== 41).map((x) => x.cacheFlush), w['dns.resp.cache_flush'].slice(0, rrs.filter((x) => x.type !== 41).length).map((x) => x === '1'), at);
    }
    n++;
  }
  return n;
}

describe('decode/app/dns', () => {
  describe('against tshark on real captures', () => {
    it('every DNS, mDNS and LLMNR message of dns_lo.pcap (UDP, TCP, TCP 8053 via decodeAs)', () => {
      const frames = dnsFrames('app/dns_lo.pcap');
      assert.strictEqual(compareWithTshark('app/dns_lo.pcap'), frames.size);
      assert.strictEqual(frames.size, 41);
    });
    for (const rel of ['app/dns_tcp.pcap', 'app/dns_tcp_multi_f4.pcap', 'app/dns__mdns.pcap']) {
      it(`every message of ${rel}`, () => {
        assert.ok(compareWithTshark(rel) > 0);
      });
    }
  });

  const lo = dnsFrames('app/dns_lo.pcap');
  const F = (n) => lo.get(n).dns;

  describe('header', () => {
    it('a query: every header field', () => {
      const d = F(1);
      assert.strictEqual(d.decoderName, 'dns');
      assert.strictEqual(d.protocol, 'dns');
      assert.deepStrictEqual({ ...d.header }, {
        isResponse: false, opcode: 0, isAuthority: false, isTruncated: false, isRecursionDesired: true,
        isRecursionAvailable: false, z: 2, authenticatedData: true, checkingDisabled: false, responseCode: 0,
      });
      assert.strictEqual(d.header.isRecursionAvailible, false);
      assert.deepStrictEqual([d.qdcount, d.ancount, d.nscount, d.arcount], [1, 0, 0, 0]);
      assert.deepStrictEqual(d.question, [{ name: 'a.test', type: 1, class: 1 }]);
      assert.deepStrictEqual([d.answer, d.authority, d.additional], [[], [], []]);
      // node_pcap's sections were {rrs: [...]}; its code reads question.rrs, answer.rrs
      assert.strictEqual(d.question.rrs, d.question);
      assert.deepStrictEqual([d.answer.rrs, Object.keys(d.question), JSON.stringify(d.question)], [[], ['0'], '[{"name":"a.test","type":1,"class":1}]']);
      assert.strictEqual(d.messageCount, 1);
      assert.strictEqual(d.messageLength, undefined);
      assert.strictEqual(d.error, null);
      assert.strictEqual(d.toString(), 'DNS question a.test A');
    });
    it('z is the 3-bit field (node_pcap: `b & 0x70 >> 4` = b & 7)', () => {
      for (const lo of [0x00, 0x10, 0x20, 0x40, 0x70, 0x8f]) {
        const h = dec(msg({ flags: 0x8100 | lo })).header;
        assert.strictEqual(h.z, (lo & 0x70) >> 4);
        assert.strictEqual(h.checkingDisabled, !!(lo & 0x10));
        assert.strictEqual(h.authenticatedData, !!(lo & 0x20));
        assert.strictEqual(h.responseCode, lo & 15);
        assert.strictEqual(h.isRecursionAvailable, !!(lo & 0x80));
        assert.strictEqual(h.isRecursionAvailible, !!(lo & 0x80));
      }
    });
    it('opcode and all high flag bits', () => {
      const h = dec(msg({ flags: 0xffff })).header;
      assert.deepStrictEqual([h.isResponse, h.opcode, h.isAuthority, h.isTruncated, h.isRecursionDesired], [true, 15, true, true, true]);
    });
  });

  describe('rdata of each type (real responses from a loopback server)', () => {
    it('A (two answers, compressed owner names)', () => {
      const d = F(2);
      assert.deepStrictEqual(d.answer, [
        { name: 'a.test', type: 1, class: 1, ttl: 300, rdlength: 4, rdata: '93.184.216.34' },
        { name: 'a.test', type: 1, class: 1, ttl: 300, rdlength: 4, rdata: '10.0.0.1' },
      ]);
      assert.strictEqual(d.header.isAuthority, true);
      assert.strictEqual(d.toString(), 'DNS answer a.test A 93.184.216.34 (+1 more)');
    });
    it('AAAA (node_pcap never decoded it)', () => {
      assert.deepStrictEqual(F(4).answer[0], { name: 'aaaa.test', type: 28, class: 1, ttl: 3600, rdlength: 16, rdata: '2001:db8::1' });
      assert.strictEqual(F(4).toString(), 'DNS answer aaaa.test AAAA 2001:db8::1');
    });
    it('CNAME, then an A whose owner name points into the CNAME rdata', () => {
      const [c, a] = F(6).answer;
      assert.deepStrictEqual(c, { name: 'cname.test', type: 5, class: 1, ttl: 60, rdlength: 17, rdata: 'www.example.org' });
      assert.deepStrictEqual(a, { name: 'www.example.org', type: 1, class: 1, ttl: 60, rdlength: 4, rdata: '192.0.2.7' });
    });
    it('NS with glue in the additional section', () => {
      const d = F(8);
      assert.deepStrictEqual(d.answer.map((x) => x.rdata), ['ns1.ns.test', 'ns2.ns.test']);
      assert.deepStrictEqual(d.additional.map((x) => [x.name, x.type, x.rdata]), [['ns1.ns.test', 1, '192.0.2.53'], ['ns2.ns.test', 28, '2001:db8::53']]);
    });
    it('PTR', () => {
      assert.deepStrictEqual(F(10).answer[0], { name: '34.216.184.93.in-addr.arpa', type: 12, class: 1, ttl: 7200, rdlength: 13, rdata: 'example.com' });
    });
    it('MX ({preference, exchange})', () => {
      assert.deepStrictEqual(F(12).answer.map((x) => x.rdata), [{ preference: 10, exchange: 'mail.mx.test' }, { preference: 20, exchange: 'backup.example.net' }]);
      assert.strictEqual(F(12).toString(), 'DNS answer mx.test MX 10 mail.mx.test (+1 more)');
    });
    it('TXT (array of strings, empty string included)', () => {
      assert.deepStrictEqual(F(14).answer[0].rdata, ['v=spf1 -all', 'hello world', '']);
    });
    it('SOA', () => {
      assert.deepStrictEqual(F(16).answer[0].rdata, { mname: 'ns1.soa.test', rname: 'hostmaster.soa.test', serial: 2024010101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 });
    });
    it('SRV (second target is the root)', () => {
      const d = F(18);
      assert.deepStrictEqual(d.answer.map((x) => x.rdata), [
        { priority: 10, weight: 60, port: 5060, target: 'sip.srv.test' },
        { priority: 20, weight: 0, port: 5061, target: '' },
      ]);
      assert.strictEqual(d.question[0].name, '_sip._tcp.srv.test');
    });
    it('CAA', () => {
      assert.deepStrictEqual(F(20).answer.map((x) => x.rdata), [
        { flags: 0, tag: 'issue', value: 'letsencrypt.org' },
        { flags: 128, tag: 'iodef', value: 'mailto:sec@caa.test' },
      ]);
    });
    it('SPF as strings, unknown types (SSHFP) as a raw Buffer; over TCP', () => {
      const d = F(26);
      assert.deepStrictEqual(d.answer[0].rdata, ['spf record']);
      assert.ok(Buffer.isBuffer(d.answer[1].rdata));
      assert.deepStrictEqual([...d.answer[1].rdata], [1, 1, 0xde, 0xad, 0xbe, 0xef]);
      assert.strictEqual(d.messageLength, lo.get(26).t.dataLength - 2);
    });
    it('NXDOMAIN with the SOA in the authority section', () => {
      const d = F(32);
      assert.strictEqual(d.header.responseCode, 3);
      assert.deepStrictEqual(d.authority[0], { name: 'test', type: 6, class: 1, ttl: 900, rdlength: 40, rdata: { mname: 'ns.test', rname: 'root.test', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } });
      assert.strictEqual(d.toString(), 'DNS answer nx.test A NXDomain');
    });
    it('OPT (EDNS): payload size, extended rcode, version, DO, options', () => {
      const opt = F(40).additional[0];
      assert.strictEqual(opt.name, '');
      assert.strictEqual(opt.type, 41);
      assert.strictEqual(opt.class, 1232);
      assert.strictEqual(opt.ttl, 0x8000);
      assert.deepStrictEqual({ ...opt.rdata, options: undefined }, { udpPayloadSize: 1232, extendedRcode: 0, version: 0, do: true, z: 0, options: undefined });
      assert.deepStrictEqual(opt.rdata.options.map((o) => [o.code, o.length, o.data.toString()]), [[10, 8, 'cookie!!']]);
      const qopt = F(39).additional[0];
      assert.strictEqual(qopt.rdata.udpPayloadSize, 1232);
      assert.strictEqual(qopt.rdata.do, true);
    });
  });

  describe('names', () => {
    it('non-printable bytes as \\ddd, a dot inside a label as \\.', () => {
      assert.strictEqual(F(33).question[0].name, 'a\\.b\\000c\\255.test');
      assert.strictEqual(F(34).header.responseCode, 5);
      assert.strictEqual(F(34).toString(), 'DNS answer a\\.b\\000c\\255.test A Refused');
    });
    it('a pointer to itself (real answer): placeholder name, error, the rest still decoded', () => {
      const d = F(36);
      assert.strictEqual(d.answer[0].name, '<Name contains a pointer that loops>');
      assert.strictEqual(d.answer[0].rdata, '127.0.0.3');
      assert.strictEqual(d.error.reason, 'answer bad compression pointer');
      assert.strictEqual(d.truncated, false);
    });
    it('two names pointing at each other (real answer)', () => {
      const d = F(38);
      assert.deepStrictEqual(d.answer.map((x) => [x.name, x.rdata]), [
        ['<Name contains a pointer that loops>', '127.0.0.4'],
        ['<Name contains a pointer that loops>', '127.0.0.5'],
      ]);
      assert.strictEqual(d.error.truncated, undefined);
      assert.match(d.toString(), /bad compression pointer/);
    });
    it('a backward chain of pointers is followed', () => {
      // 12: a.b (root) ; 17: "c" + ptr 12 ; 21: "d" + ptr 17
      const m = msg({ qd: [q(name('a.b'), 1), q([1, 0x63, 0xc0, 12], 1), q([1, 0x64, 0xc0, 21], 1)] });
      assert.deepStrictEqual(dec(m).question.map((x) => x.name), ['a.b', 'c.a.b', 'd.c.a.b']);
    });
    it('a pointer out of the message is an error', () => {
      const d = dec(msg({ qd: [q([0xc0, 0xff], 1)] }));
      assert.strictEqual(d.error.reason, 'question bad compression pointer');
    });
    it('hop cap: a chain of more than 128 pointers is cut off', () => {
      // "z", then 200 names that are each just a pointer to the previous one
      const qd = [q(name('z'), 1)];
      let prev = 12;
      let off = 12 + qd[0].length;
      for (let i = 0; i < 200; i++) {
        qd.push(q([0xc0 | (prev >> 8), prev & 255], 1));
        prev = off;
        off += 6;
      }
      const d = dec(msg({ qd }));
      assert.strictEqual(d.question.length, 201);
      assert.strictEqual(d.question[128].name, 'z');
      assert.strictEqual(d.question[129].name, '<Name contains a pointer that loops>');
      assert.strictEqual(d.error.reason, 'question too many compression pointers');
    });
    it('more than 255 bytes: <Name too long> (as tshark), that record kept, then decoding stops', () => {
      const long = Array.from({ length: 5 }, () => 'x'.repeat(60)).join('.');
      const d = dec(msg({ qd: [q(name(long), 1), q(name('ok.test'), 28)] }));
      assert.deepStrictEqual(d.question.map((x) => [x.name, x.type]), [['<Name too long>', 1]]);
      assert.strictEqual(d.truncated, false);
      assert.strictEqual(d.error.reason, 'question name too long');
    });
    it('label types 0x40 and 0x80 are malformed', () => {
      for (const t of [0x41, 0x81]) {
        const d = dec(msg({ qd: [q([t, 0, 0], 1)] }));
        assert.strictEqual(d.error.reason, 'question bad label type');
        assert.strictEqual(d.truncated, false);
        assert.deepStrictEqual(d.question, []);
      }
    });
    it('readName() on its own: root, bounds, no allocation when not building', () => {
      const b = Buffer.from([0, 3, 0x61, 0x62, 0x63, 0, 0xc0, 1]);
      assert.strictEqual(readName(b, 0, 0, b.length, true), '');
      assert.strictEqual(readName(b, 1, 0, b.length, true), 'abc');
      assert.strictEqual(readName(b, 6, 0, b.length, true), 'abc');
      assert.strictEqual(readName(b, 1, 0, 4, false), undefined);
      // a message end past the bytes (no decoder passes one) ends the walk at the bytes' end
      assert.strictEqual(readName(Buffer.from([3, 0x61, 0x62, 0x63]), 0, 0, 100, true), 'abc');
    });
  });

  describe('mDNS and LLMNR', () => {
    it('QU bit in a question class', () => {
      const d = F(71);
      assert.ok(d instanceof MDNS);
      assert.strictEqual(d.protocol, 'mdns');
      assert.deepStrictEqual(d.question, [{ name: 'printer.local', type: 1, class: 1, qu: true }]);
    });
    it('cache-flush bit in a record class', () => {
      assert.deepStrictEqual(F(72).answer.map((x) => [x.name, x.class, x.cacheFlush, x.rdata]), [
        ['printer.local', 1, true, '169.254.1.2'],
        ['_ipp._tcp.local', 1, false, 'printer.local'],
      ]);
    });
    it('LLMNR', () => {
      assert.strictEqual(F(73).protocol, 'llmnr');
      assert.deepStrictEqual(F(73).question, [{ name: 'host', type: 28, class: 1 }]);
      // RFC 4795 §2.1.1: C where DNS has AA, T where it has RD
      const { LLMNR } = require('../../../lib/decode/app/dns');
      const h = dec(msg({ flags: 0x8500 }), LLMNR).header; // QR, C, T
      assert.deepStrictEqual([h.conflict, h.tentative, h.isAuthority, h.isRecursionDesired], [true, true, true, true]);
      assert.strictEqual(dec(msg({ flags: 0x8500 })).header.conflict, undefined, 'plain DNS has no such names');
    });
    it('plain DNS keeps the top class bit', () => {
      assert.strictEqual(dec(msg({ qd: [q(name('a'), 1, 0x8001)] })).question[0].class, 0x8001);
    });
  });

  describe('over TCP', () => {
    it('two messages in one segment: the first decoded, both counted', () => {
      for (const n of [64, 66]) {
        const d = F(n);
        assert.strictEqual(d.messageCount, 2);
        assert.strictEqual(d.id, 0x1111);
        assert.strictEqual(d.question[0].name, 'a.test');
        assert.match(d.toString(), /\[2 messages\]$/);
      }
    });
    it('twenty queries in one segment (suricata-verify capture)', () => {
      const d = dnsFrames('app/dns_tcp_multi_f4.pcap').get(1).dns;
      assert.strictEqual(d.messageCount, 20);
      assert.strictEqual(d.question[0].name, '0.google.com');
    });
    it('a message longer than the segment is truncated, records that fit are kept', () => {
      const f = lo.get(26);
      const start = f.ip.offset + f.t.headerLength;
      const tcpEnd = f.ip.end;
      const whole = new DNS().decodeStream(f.r.buf, start, tcpEnd);
      assert.strictEqual(whole.error, null);
      const cut = new DNS().decodeStream(f.r.buf, start, tcpEnd - 3);
      assert.strictEqual(cut.error.reason, 'answer truncated');
      assert.strictEqual(cut.answer.length, 1);
      assert.deepStrictEqual(cut.answer[0], whole.answer[0]);
    });
    it('decodeAs through decode.packet with a full frame', function () {
      const f = lo.get(56);
      const pkt = decode.packet({ buf: f.r.buf, link_type: 'LINKTYPE_ETHERNET' }, null, { decodeAs: { tcp: { 8053: 'dns' } } });
      assert.ok(pkt.payload, 'the Ethernet layer is decoded');
      const tcp = pkt.payload.payload.payload;
      assert.strictEqual(tcp.decoderName, 'tcp');
      assert.strictEqual(tcp.payload.decoderName, 'dns');
      assert.strictEqual(tcp.payload.answer[1].rdata, '10.0.0.1');
      const plain = decode.packet({ buf: f.r.buf, link_type: 'LINKTYPE_ETHERNET' });
      assert.strictEqual(plain.payload.payload.payload.payload, null);
    });
  });

  describe('truncated and malformed messages', () => {
    it('every truncation of every response never throws and keeps what fits', () => {
      for (const [n, { dns: full }] of lo) {
        if (full._seg >= 0) continue; // UDP ones here; TCP framing is covered above
        const b = full._b;
        const s = full._o;
        const len = full._end - s;
        const fullRecords = [full.question, full.answer, full.authority, full.additional];
        for (let cut = 0; cut <= len; cut++) {
          const d = new full.constructor().decode(b, s, s + cut);
          const at = `frame ${n} cut ${cut}`;
          if (cut < 12) {
            assert.strictEqual(d.error.reason, 'header truncated', at);
            assert.strictEqual(d.question, undefined, at);
            assert.strictEqual(d.id, cut >= 2 ? full.id : undefined, at);
          } else {
            const got = [d.question, d.answer, d.authority, d.additional];
            got.forEach((list, i) => {
              assert.ok(list.length <= fullRecords[i].length, at);
              list.forEach((r, j) => assert.deepStrictEqual(r, fullRecords[i][j], at));
            });
            if (cut < len) assert.ok(d.error, at);
          }
          assert.strictEqual(typeof d.toString(), 'string');
          assert.doesNotMatch(d.toString(), /undefined|\n/, at);
          JSON.stringify(d);
        }
      }
    });
    it('counts larger than the records present: error on the layer, records so far kept', () => {
      const d = dec(msg({ qd: [q(name('a.test'), 1)], an: [rr([0xc0, 12], 1, 1, 5, [1, 2, 3, 4])], counts: [1, 3, 0, 40000] }));
      assert.strictEqual(d.answer.length, 1);
      assert.deepStrictEqual(d.additional, []);
      assert.strictEqual(d.error.reason, 'answer name truncated');
      assert.strictEqual(d.error.layer, 'dns');
      assert.strictEqual(d.truncated, true);
    });
    it('a huge qdcount in a small message ends quickly', () => {
      const d = dec(msg({ qd: [q([0], 1)], counts: [65535, 65535, 65535, 65535] }));
      assert.strictEqual(d.question.length, 1);
      assert.strictEqual(d.error.reason, 'question name truncated');
    });
    it('bad rdata lengths give a raw Buffer and an error, the other records are fine', () => {
      const d = dec(msg({ an: [
        rr(name('a'), 1, 1, 1, [1, 2, 3]),
        rr(name('b'), 28, 1, 1, [1, 2]),
        rr(name('c'), 15, 1, 1, [0]),
        rr(name('d'), 16, 1, 1, [5, 0x61]),
        rr(name('e'), 33, 1, 1, [0, 1, 0, 2, 0, 3, 9]),
        rr(name('f'), 257, 1, 1, [0, 9, 0x61]),
        rr(name('g'), 5, 1, 1, [3, 0x61, 0x62]),
        rr(name('h'), 6, 1, 1, [0, 0, 1, 2, 3]),
        rr(name('i'), 41, 512, 0, [0, 1, 0, 9, 1]),
        rr(name('j'), 1, 1, 1, [9, 9, 9, 9]),
      ] }));
      const an = d.answer;
      assert.strictEqual(an.length, 10);
      for (let i = 0; i < 9; i++) assert.ok(Buffer.isBuffer(an[i].rdata), `record ${i}`);
      assert.strictEqual(an[9].rdata, '9.9.9.9');
      assert.strictEqual(d.error.reason, 'bad rdata (A)');
      assert.strictEqual(d.truncated, false);
    });
    it('a bad rdata is an error from the start, whatever is read first, and so is the line', () => {
      const bytes = msg({ qd: [q(name('a.test'), 1)], an: [rr([0xc0, 12], 5, 1, 1, [3, 0x61, 0x62])] }); // a CNAME cut inside its name
      assert.strictEqual(dec(bytes).error.reason, 'bad rdata (CNAME)'); // before any section is built
      const first = dec(bytes);
      const line = first.toString();
      void first.answer;
      assert.strictEqual(first.toString(), line);
      assert.strictEqual(dec(bytes).toString(), line);
    });
    it('RFC 2136 UPDATE: prerequisite and delete records of no rdata are not bad rdata', () => {
      // zone StratoLab.org SOA; prerequisite "name not in use" (CNAME, class NONE, rdlength 0);
      // deletes of an RRset (class ANY) and of all RRsets (type ANY); an A record added
      const d = dec(msg({ flags: 0x2800, qd: [q(name('StratoLab.org'), 6)], an: [rr(name('x.StratoLab.org'), 5, 254, 0, [])],
        ns: [rr(name('y.StratoLab.org'), 1, 255, 0, []), rr(name('z.StratoLab.org'), 255, 255, 0, []), rr(name('w.StratoLab.org'), 1, 1, 60, [10, 0, 0, 1])] }));
      assert.strictEqual(d.error, null);
      assert.strictEqual(d.answer[0].rdata.length, 0);
      assert.deepStrictEqual(d.authority.map((r) => r.rdata.length === 0 ? 'none' : r.rdata), ['none', 'none', '10.0.0.1']);
      // outside UPDATE, class IN: an A record of no bytes is still bad rdata
      assert.strictEqual(dec(msg({ an: [rr(name('v'), 1, 1, 1, [])] })).error.reason, 'bad rdata (A)');
    });
    it('a CAA tag with a newline in it stays on one line', () => {
      // flags 0, tag "iss\nue", value "ca.example"
      const tag = [...Buffer.from('iss\nue')];
      const d = dec(msg({ flags: 0x8180, qd: [q(name('example.com'), 257)], an: [rr([0xc0, 12], 257, 1, 60, [0, tag.length, ...tag, ...Buffer.from('ca.example')])] }));
      assert.strictEqual(d.answer[0].rdata.tag, 'iss\nue');
      assert.strictEqual(d.toString(), 'DNS answer example.com CAA 0 iss\\x0aue "ca.example"');
    });
    it('toString on an empty message and on a response without answers', () => {
      assert.strictEqual(dec(Buffer.alloc(3)).toString(), 'DNS [truncated]');
      assert.strictEqual(dec(msg({ flags: 0x0100 })).toString(), 'DNS question');
      assert.strictEqual(dec(msg({ flags: 0x8182 })).toString(), 'DNS answer ServFail');
    });
    it('the response code takes EDNS\'s upper 8 bits (RFC 6891 6.1.3): BADVERS, BADCOOKIE', () => {
      // OPT: class 1232, TTL = extended rcode 1, version 0, DO
      const opt = rr([0], 41, 1232, 0x01008000, []);
      const badvers = dec(msg({ flags: 0x8180, qd: [q(name('e.test'), 1)], ar: [opt] }));
      assert.strictEqual(badvers.header.responseCode, 0);
      assert.strictEqual(badvers.rcode, 16);
      assert.strictEqual(badvers.toString(), 'DNS answer e.test A BADVERS');
      const badcookie = dec(msg({ flags: 0x8187, qd: [q(name('e.test'), 1)], ar: [opt] }));
      assert.strictEqual(badcookie.rcode, 23);
      assert.strictEqual(badcookie.toString(), 'DNS answer e.test A BADCOOKIE');
      // without OPT, or with extended rcode 0, the header's 4 bits are all of it
      assert.strictEqual(dec(msg({ flags: 0x8183, qd: [q(name('e.test'), 1)] })).rcode, 3);
      assert.strictEqual(dec(msg({ flags: 0x8183, qd: [q(name('e.test'), 1)], ar: [rr([0], 41, 1232, 0, [])] })).rcode, 3);
      assert.strictEqual(dec(Buffer.alloc(3)).rcode, undefined);
    });
  });

  describe('laziness', () => {
    it('records are built on first read and kept', () => {
      const d = new DNS().decode(F(8)._b, F(8)._o, F(8)._end);
      assert.strictEqual(d._sections, null);
      const a = d.answer;
      assert.strictEqual(d.answer, a);
      assert.strictEqual(d._sections[2], null);
    });
    it('JSON shows the fields node_pcap had', () => {
      const j = JSON.parse(JSON.stringify(F(2)));
      assert.deepStrictEqual(Object.keys(j), ['decoderName', 'id', 'header', 'qdcount', 'ancount', 'nscount', 'arcount', 'question', 'answer', 'authority', 'additional', 'payload']);
      assert.strictEqual(j.header.isResponse, true);
    });
  });
});
