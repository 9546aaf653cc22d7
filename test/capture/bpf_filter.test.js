'use strict';
// pcap.compileFilter(): BPF filters compiled without a capture, checked against what libpcap's own
// filtering of a file keeps (no root needed).

const assert = require('assert');
const path = require('path');
const pcap = require('../..');

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'sample.pcap');

/** Every packet of a file, or only those the session's own filter keeps. */
function read(file, filter) {
  return new Promise((resolve, reject) => {
    const s = pcap.createOfflineSession(file, { filter });
    const packets = [];
    s.on('packet', (raw) => packets.push(raw));
    s.on('error', reject);
    s.on('end', () => resolve(packets));
  });
}

describe('pcap.compileFilter', function () {
  it('matches() keeps exactly what a session with the same filter keeps', async function () {
    const all = await read(SAMPLE, '');
    for (const expr of ['', 'udp port 53', 'arp', 'ip6 and icmp6', 'tcp[tcpflags] & tcp-syn != 0', 'greater 100', 'less 61', 'host 10.99.0.2 and not tcp']) {
      const filter = pcap.compileFilter(expr);
      const kept = all.filter((raw) => filter.matches(raw)).map((raw) => raw.ts_sec * 1e6 + raw.ts_usec);
      const want = (await read(SAMPLE, expr)).map((raw) => raw.ts_sec * 1e6 + raw.ts_usec);
      assert.deepStrictEqual(kept, want, expr);
      assert.ok(expr === '' || (kept.length > 0 && kept.length < all.length), `${expr}: ${kept.length} of ${all.length}`);
    }
  });

  it('takes a node_pcap-style packet (its header bounds the bytes and gives the wire length) or bare bytes', async function () {
    const [first] = await read(SAMPLE, 'arp');
    const filter = pcap.compileFilter('arp and greater 42');
    const node = { buf: Buffer.concat([first.buf, Buffer.alloc(100)]), header: first.header, link_type: 'LINKTYPE_ETHERNET' };
    assert.strictEqual(filter.matches(node), true);
    // the length test reads the wire length from the header, not the buffer's size
    assert.strictEqual(pcap.compileFilter(`greater ${first.len + 1}`).matches(node), false);
    assert.strictEqual(filter.matches(Buffer.from(first.buf)), true);
    assert.strictEqual(pcap.compileFilter('tcp').matches(first.buf), false);
  });

  it('gives the program as tcpdump -d prints it', function () {
    const f = pcap.compileFilter('ip', { link_type: 'EN10MB', snap_length: 1500 });
    assert.strictEqual(f.expression, 'ip');
    assert.strictEqual(f.link_type, 'LINKTYPE_ETHERNET');
    assert.strictEqual(f.dlt, 1);
    assert.strictEqual(f.snap_length, 1500);
    assert.deepStrictEqual(f.instructions(), [
      { code: 0x28, jt: 0, jf: 0, k: 12, text: '(000) ldh      [12]' },
      { code: 0x15, jt: 0, jf: 1, k: 0x800, text: '(001) jeq      #0x800           jt 2\tjf 3' },
      { code: 0x06, jt: 0, jf: 0, k: 1500, text: '(002) ret      #1500' },
      { code: 0x06, jt: 0, jf: 0, k: 0, text: '(003) ret      #0' },
    ]);
    assert.strictEqual(String(f).split('\n').length, 4);
  });

  it('compiles for the link type asked: on LINUX_SLL2 the offsets move', function () {
    const sll2 = pcap.compileFilter('ip', { link_type: 'LINKTYPE_LINUX_SLL2' });
    assert.strictEqual(sll2.dlt, 276);
    assert.match(sll2.instructions()[0].text, /^\(000\) ldh +\[0\]$/); // SLL2 keeps the protocol first
    const frame = Buffer.alloc(40);
    frame.writeUInt16BE(0x0800, 0);
    frame[20] = 0x45;
    assert.strictEqual(sll2.matches({ buf: frame, link_type: 'LINKTYPE_LINUX_SLL2' }), true);
  });

  it('errors: a filter that does not compile, a packet of another link type, bad arguments', function () {
    assert.throws(() => pcap.compileFilter('tcp port ((('), { code: 'ERR_PCAP_FILTER', message: /^invalid filter "tcp port \(\(\(" for LINKTYPE_ETHERNET: .*syntax error/ });
    assert.throws(() => pcap.compileFilter('ether host 1:2:3:4:5:6', { link_type: 'LINKTYPE_RAW' }), { code: 'ERR_PCAP_FILTER' });
    // a link type libpcap compiles no filter for at all: the link type is the problem, as for a file of it
    assert.throws(() => pcap.compileFilter('len > 1', { link_type: 5000 }), { code: 'ERR_PCAP_LINK_TYPE', dlt: 5000, message: /^libpcap compiles no filter for LINKTYPE_5000 \(unknown data link type 5000/ });
    const f = pcap.compileFilter('udp');
    assert.throws(() => f.matches({ buf: Buffer.alloc(40), link_type: 'LINKTYPE_RAW' }), { code: 'ERR_INVALID_ARG_VALUE', message: /compiled for LINKTYPE_ETHERNET/ });
    assert.throws(() => f.matches('packet'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => f.matches(null), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.compileFilter(42), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.compileFilter('udp', { snap_length: 0 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => pcap.compileFilter('udp', { link_type: 'NOPE' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.compileFilter('udp', { filter: 'tcp' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => new pcap.BpfFilter(), { code: 'ERR_ILLEGAL_CONSTRUCTOR' });
    assert.throws(() => f.matches({ buf: Buffer.alloc(40), link_type: 'LINKTYPE_BOGUS' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => f.matches({ buf: new Float64Array(8) }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.compileFilter('udp', { link_type: 'LINKTYPE_4294967297' }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => pcap.createSession('lo', { link_type: 'LINKTYPE_4294967295' }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => {
      f.dlt = 113; // modules are strict: a write to a read-only property throws
    }, TypeError);
    assert.strictEqual(f.dlt, 1);
    assert.strictEqual(f.matches(Buffer.alloc(0)), false); // no bytes: nothing to match, no crash
  });
});

describe('filters on DLT_NULL captures (BSD loopback)', function () {
  const { readPcap } = require('../helpers/pcap_file');
  const fs = require('fs');
  const os = require('os');
  const NULL_FILE = path.join(__dirname, '..', 'fixtures', 'print', 'pcapplusplus-null_loopback.pcap');
  const EXPRS = ['ip', 'ip6', 'tcp', 'udp', 'not ip and not ip6', 'ip6 and tcp'];

  /** The same capture as a big-endian machine writes it: headers and the address family word. */
  function bigEndianCopy(file) {
    const { records } = readPcap(file);
    const head = Buffer.alloc(24);
    head.writeUInt32BE(0xa1b2c3d4, 0);
    head.writeUInt16BE(2, 4);
    head.writeUInt16BE(4, 6);
    head.writeUInt32BE(65535, 16);
    head.writeUInt32BE(0, 20); // LINKTYPE_NULL
    const parts = [head];
    for (const r of records) {
      const h = Buffer.alloc(16);
      h.writeUInt32BE(r.tsSec, 0);
      h.writeUInt32BE(r.tsFrac, 4);
      h.writeUInt32BE(r.caplen, 8);
      h.writeUInt32BE(r.len, 12);
      const data = Buffer.from(r.data);
      data.writeUInt32BE(r.data.readUInt32LE(0), 0); // the family in the writer's byte order
      parts.push(h, data);
    }
    const out = path.join(os.tmpdir(), `pcap-null-be-${process.pid}.pcap`);
    fs.writeFileSync(out, Buffer.concat(parts));
    return out;
  }

  it('matches() keeps what libpcap keeps: IPv6 is any BSD AF_INET6 value, not Linux\'s', async function () {
    const all = await read(NULL_FILE, '');
    let nonEmpty = 0;
    for (const expr of EXPRS) {
      const filter = pcap.compileFilter(expr, { link_type: 'LINKTYPE_NULL' });
      const kept = all.filter((raw) => filter.matches(raw)).length;
      assert.strictEqual(kept, (await read(NULL_FILE, expr)).length, expr);
      if (kept > 0) nonEmpty++;
    }
    assert.ok(nonEmpty >= 3, 'the filters select something');
  });

  it('setFilter() on a file of the other byte order keeps what a filter given at open keeps', async function () {
    const file = bigEndianCopy(NULL_FILE);
    try {
      for (const expr of EXPRS) {
        const want = (await read(file, expr)).length;
        const got = await new Promise((resolve, reject) => {
          const s = pcap.createOfflineSession(file);
          s.setFilter(expr);
          let n = 0;
          s.on('packet', () => n++);
          s.on('error', reject);
          s.on('end', () => resolve(n));
        });
        assert.strictEqual(got, want, expr);
      }
      assert.strictEqual((await read(file, 'ip6')).length, 1);
    } finally {
      fs.unlinkSync(file);
    }
  });
});
