'use strict';
// pcap.createWriter: what it writes reads back the same, and bad options leave files alone.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const pcap = require('../..');
const { collect, fixture } = require('../helpers/collect');

function tmp(name) {
  return path.join(os.tmpdir(), `pcap-writer-${process.pid}-${name}`);
}

describe('pcap writer', function () {
  for (const precision of ['micro', 'nano']) {
    it(`round-trips every packet of a capture (${precision})`, async function () {
      const src = await collect(fixture('lo-ns.pcap'), { timestamp_precision: precision });
      const out = tmp(`rt-${precision}.pcap`);
      const w = pcap.createWriter(out, { link_type: src.session.dlt, timestamp_precision: precision });
      for (const raw of src.packets) w.write(raw);
      w.close();
      w.close(); // idempotent
      assert.strictEqual(w.packets_written, 22);
      try {
        const back = await collect(out, { timestamp_precision: precision });
        assert.strictEqual(back.session.link_type, 'LINKTYPE_ETHERNET');
        assert.strictEqual(back.packets.length, src.packets.length);
        back.packets.forEach((p, i) => {
          const q = src.packets[i];
          assert.ok(p.buf.equals(q.buf));
          assert.deepStrictEqual([p.ts_sec, p.ts_usec, p.ts_nsec, p.len], [q.ts_sec, q.ts_usec, q.ts_nsec, q.len]);
        });
        assert.throws(() => w.write(src.packets[0]), { code: 'ERR_PCAP_CLOSED' });
      } finally {
        fs.rmSync(out, { force: true });
      }
    });
  }

  it('writes node_pcap-style {buf, header} packets and stores DLT_RAW as LINKTYPE_RAW', function () {
    const out = tmp('raw.pcap');
    const header = Buffer.alloc(16);
    header.writeUInt32LE(1700000000, 0);
    header.writeUInt32LE(42, 4);
    header.writeUInt32LE(20, 8);
    header.writeUInt32LE(20, 12);
    const w = pcap.createWriter(out, { link_type: 12 });
    w.write({ buf: Buffer.alloc(20, 0x45), header });
    w.close();
    try {
      const b = fs.readFileSync(out);
      assert.strictEqual(b.readUInt32LE(20), 101);
      assert.deepStrictEqual([b.readUInt32LE(24), b.readUInt32LE(28), b.readUInt32LE(32), b.readUInt32LE(36)], [1700000000, 42, 20, 20]);
      assert.strictEqual(b.length, 24 + 16 + 20);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  it("a node_pcap-style packet whose buf is the whole capture buffer: the header's caplen bytes, as decode.packet reads them", function () {
    const out = tmp('np.pcap');
    const header = Buffer.alloc(16);
    header.writeUInt32LE(1700000000, 0);
    header.writeUInt32LE(7, 4);
    header.writeUInt32LE(60, 8); // caplen
    header.writeUInt32LE(1514, 12); // len
    const buf = Buffer.alloc(65535, 0xee); // node_pcap 3.x reused one buffer of the snap length
    buf.fill(0x11, 0, 60);
    const w = pcap.createWriter(out);
    w.write({ buf, header, link_type: 'LINKTYPE_ETHERNET' });
    w.close();
    try {
      const b = fs.readFileSync(out);
      assert.deepStrictEqual([b.readUInt32LE(32), b.readUInt32LE(36)], [60, 1514]);
      assert.strictEqual(b.length, 24 + 16 + 60);
      assert.ok(b.subarray(40).equals(Buffer.alloc(60, 0x11)));
      assert.strictEqual(pcap.decode.packet({ buf, header, link_type: 'LINKTYPE_ETHERNET' }).pcap_header.caplen, 60);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  it('cuts a record longer than the snap length (or libpcap\'s 262144) to it, keeping len, so the file stays readable', async function () {
    for (const [opts, cut] of [[{}, 262144], [{ snap_length: 100 }, 100]]) {
      const out = tmp(`cut-${cut}.pcap`);
      const w = pcap.createWriter(out, opts);
      w.write({ buf: Buffer.alloc(60, 1) });
      w.write({ buf: Buffer.alloc(300000, 2) });
      w.write({ buf: Buffer.alloc(60, 3) });
      w.close();
      try {
        const back = await collect(out);
        assert.strictEqual(back.error, null);
        assert.deepStrictEqual(back.packets.map((p) => [p.caplen, p.len, p.buf[0]]), [[Math.min(60, cut), 60, 1], [cut, 300000, 2], [Math.min(60, cut), 60, 3]]);
      } finally {
        fs.unlinkSync(out);
      }
    }
  });

  it('a look-alike packet with fields of the wrong type, or a detached buffer: coded errors', function () {
    const out = tmp('lookalike.pcap');
    const w = pcap.createWriter(out);
    try {
      assert.throws(() => w.write({ buf: Buffer.alloc(10), ts_sec: 1, ts_usec: 1n, len: 10 }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => w.write({ buf: Buffer.alloc(10), ts_sec: 1, ts_usec: 1, len: Symbol('x') }), { code: 'ERR_INVALID_ARG_TYPE' });
      // what a classic pcap record cannot hold (a pcapng time stamp before 1970, say) is not written as another value
      for (const bad of [{ ts_sec: -5 }, { ts_sec: 2 ** 32 + 7 }, { ts_sec: 1.5 }, { ts_usec: 2 ** 32 }, { ts_usec: -1 }, { len: -1 }, { len: 2 ** 32 }]) {
        assert.throws(() => w.write({ buf: Buffer.alloc(10), ts_sec: 1, ts_usec: 1, len: 10, ...bad }), { code: 'ERR_OUT_OF_RANGE' }, JSON.stringify(bad));
      }
      assert.strictEqual(w.packets_written, 0);
      // a damaged fraction, as a file can hold and a session reads it, is copied as it is
      w.write({ buf: Buffer.alloc(10), ts_sec: 1, ts_usec: 1000000, len: 10 });
      assert.strictEqual(w.packets_written, 1);
      const ab = new ArrayBuffer(10);
      const view = new Uint8Array(ab, 0, 10);
      structuredClone(ab, { transfer: [ab] }); // detaches ab
      assert.throws(() => w.write({ buf: view, header: Buffer.alloc(16) }), (e) => e.code === 'ERR_INVALID_ARG_VALUE' || e.code === 'ERR_INVALID_ARG_TYPE');
      w.write({ buf: Buffer.alloc(10, 7) });
      assert.strictEqual(w.packets_written, 2);
      w.close();
      assert.strictEqual(fs.readFileSync(out).readUInt32LE(24 + 4), 1000000, 'the fraction as it was given');
    } finally {
      w.close();
      fs.unlinkSync(out);
    }
  });

  it('a file that cannot be created or written: ERR_PCAP_WRITE with the reason', function () {
    assert.throws(() => pcap.createWriter('/nonexistent/dir/out.pcap'), (e) => e.code === 'ERR_PCAP_WRITE' && e.message === 'cannot create "/nonexistent/dir/out.pcap": ENOENT: no such file or directory' && e.path === '/nonexistent/dir/out.pcap');
    assert.throws(() => pcap.createWriter(os.tmpdir()), { code: 'ERR_PCAP_WRITE', message: /EISDIR/ });
    // /dev/full takes the open and refuses every write: the file header already fails
    assert.throws(() => pcap.createWriter('/dev/full'), { code: 'ERR_PCAP_WRITE', message: /^cannot write "\/dev\/full": ENOSPC/ });
  });

  it('a write that fails later is ERR_PCAP_WRITE, and close() still closes the file', function () {
    const w = pcap.createWriter(tmp('full.pcap'));
    fs.rmSync(tmp('full.pcap'), { force: true });
    // swap the descriptor for one on /dev/full: the next flush meets ENOSPC
    fs.closeSync(w._fd);
    w._fd = fs.openSync('/dev/full', 'w');
    const fd = w._fd;
    w.write({ buf: Buffer.alloc(100), link_type: 'LINKTYPE_ETHERNET' });
    w.write({ buf: Buffer.alloc(100), link_type: 'LINKTYPE_ETHERNET' });
    assert.strictEqual(w.packets_written, 2);
    assert.throws(() => w.close(), { code: 'ERR_PCAP_WRITE', message: /ENOSPC/ });
    assert.strictEqual(w.packets_written, 0, 'what the failed write lost is not counted');
    assert.throws(() => fs.fstatSync(fd), { code: 'EBADF' }); // closed
    w.close(); // idempotent
    assert.throws(() => w.write({ buf: Buffer.alloc(10) }), { code: 'ERR_PCAP_CLOSED' });
  });

  it('a write that fails part way (disk full) is taken back, so the file reads to its last whole record, also once space comes back', async function () {
    // a disk with `room` bytes left: a write takes what fits, then the next one fails with ENOSPC
    const realWrite = fs.writeSync;
    let room = Infinity;
    fs.writeSync = function (fd, buf, off, len, pos) {
      if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = realWrite.call(fs, fd, buf, off, Math.min(len, room), pos);
      room -= n;
      return n;
    };
    const pkt = (sec) => ({ buf: Buffer.alloc(100, sec & 0xff), link_type: 'LINKTYPE_ETHERNET', ts_sec: sec, ts_usec: 0, len: 100 });
    const outs = [tmp('part.pcap'), tmp('part.pcapng')];
    try {
      // pcap: one whole record and half of the next go out before the disk is full
      const w = pcap.createWriter(outs[0]);
      room = 116 + 50;
      for (const sec of [1, 2, 3]) w.write(pkt(sec));
      assert.throws(() => w.flush(), { code: 'ERR_PCAP_WRITE', message: /ENOSPC/ });
      assert.strictEqual(w.packets_written, 0);
      assert.strictEqual(fs.statSync(outs[0]).size, 24, 'the part written is taken back');
      room = Infinity; // space again: what is written now follows the file header
      for (const sec of [4, 5]) w.write(pkt(sec));
      w.close();
      assert.strictEqual(w.packets_written, 2);
      const back = await collect(outs[0]);
      assert.deepStrictEqual([back.error, back.packets.map((p) => p.ts_sec)], [null, [4, 5]]);

      // pcapng: the interface description goes out with the first packets; when they are lost, so
      // is it, and the next packet describes it again (before, its packets named an interface the
      // file never described)
      const g = pcap.createWriter(outs[1], { format: 'pcapng' });
      const shb = fs.statSync(outs[1]).size;
      room = 10; // into the interface description
      g.write(pkt(1));
      assert.throws(() => g.flush(), { code: 'ERR_PCAP_WRITE', message: /ENOSPC/ });
      assert.deepStrictEqual([g.packets_written, g.link_types, g.link_type, fs.statSync(outs[1]).size], [0, [], undefined, shb]);
      room = Infinity;
      for (const sec of [2, 3]) g.write(pkt(sec));
      g.close();
      assert.deepStrictEqual([g.packets_written, g.link_types], [2, [1]]);
      for (const filter of ['', 'len >= 0']) { // the addon's reader, libpcap's
        const ng = await collect(outs[1], { filter });
        assert.deepStrictEqual([ng.error, ng.packets.map((p) => p.ts_sec)], [null, [2, 3]], filter);
      }
    } finally {
      fs.writeSync = realWrite;
      for (const out of outs) fs.rmSync(out, { force: true });
    }
  });

  it('refuses a packet of another link type (as a pcapng file with several interfaces gives)', function () {
    const out = tmp('linktypes.pcap');
    const w = pcap.createWriter(out, { link_type: 'LINKTYPE_ETHERNET' });
    try {
      w.write({ buf: Buffer.alloc(20), link_type: 'LINKTYPE_ETHERNET' });
      w.write({ buf: Buffer.alloc(20), link_type: 1 });
      assert.throws(() => w.write({ buf: Buffer.alloc(20), link_type: 'LINKTYPE_RAW' }), { code: 'ERR_INVALID_ARG_VALUE', message: /is not the link type of .* \(1\)/ });
      assert.throws(() => w.write({ buf: Buffer.alloc(20), link_type: 'LINKTYPE_NOT_A_THING' }), { code: 'ERR_INVALID_ARG_VALUE', message: /is not a link type name/ });
      assert.throws(() => w.write({ buf: Object.create(Uint8Array.prototype) }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.strictEqual(w.packets_written, 2);
      w.write({ buf: Buffer.alloc(20), header: Object.create(Uint8Array.prototype) }); // no usable header: buf as it is
      assert.strictEqual(w.packets_written, 3);
      const raw = pcap.createWriter(tmp('raw2.pcap'), { link_type: 101 }); // LINKTYPE_RAW is DLT_RAW
      raw.write({ buf: Buffer.alloc(20, 0x45), link_type: 'LINKTYPE_RAW' });
      raw.close();
      fs.rmSync(tmp('raw2.pcap'), { force: true });
    } finally {
      w.close();
      fs.rmSync(out, { force: true });
    }
  });

  it('takes a link type named as createSession takes it: LINKTYPE_ name, libpcap\'s name, number', function () {
    for (const [given, dlt] of [['LINKTYPE_LINUX_SLL2', 276], ['LINUX_SLL2', 276], ['EN10MB', 1], [113, 113]]) {
      const w = pcap.createWriter(tmp('named.pcap'), { link_type: given });
      w.close();
      assert.strictEqual(w.link_type, dlt, String(given));
      assert.strictEqual(fs.readFileSync(tmp('named.pcap')).readUInt32LE(20), dlt, 'the file header\'s link type');
    }
    fs.rmSync(tmp('named.pcap'), { force: true });
  });

  it('rejects bad options before touching the file', function () {
    const out = tmp('keep.pcap');
    fs.writeFileSync(out, 'precious');
    try {
      assert.throws(() => pcap.createWriter(out, { snap_length: -1 }), { code: 'ERR_OUT_OF_RANGE' });
      assert.throws(() => pcap.createWriter(out, { link_type: NaN }), { code: 'ERR_INVALID_ARG_VALUE' });
      assert.throws(() => pcap.createWriter(out, { timestamp_precision: 'nanos' }), { code: 'ERR_INVALID_ARG_VALUE' });
      assert.throws(() => pcap.createWriter(out, 'micro'), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => pcap.createWriter(out, { snap_length: '100' }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => pcap.createWriter(out, { timestamp_precision: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => pcap.createWriter(out, { link_type: true }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => pcap.createWriter(out, { link_type: 'NOT_A_LINK_TYPE' }), { code: 'ERR_INVALID_ARG_VALUE', message: /is not a link type name or number/ });
      assert.throws(() => pcap.createWriter(out, { linktype: 113 }), { code: 'ERR_INVALID_ARG_VALUE', message: /is not an option of createWriter\(\)/ });
      assert.throws(() => pcap.createWriter(''), { code: 'ERR_INVALID_ARG_VALUE' });
      assert.throws(() => pcap.createWriter(5), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.strictEqual(fs.readFileSync(out, 'utf8'), 'precious');
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  describe("format 'pcapng'", function () {
    /** The blocks of a little-endian pcapng file as {type, body}; asserts each one's framing. */
    function blocks(file) {
      const b = fs.readFileSync(file);
      const out = [];
      for (let o = 0; o < b.length;) {
        const type = b.readUInt32LE(o);
        const len = b.readUInt32LE(o + 4);
        assert.ok(len >= 12 && len % 4 === 0 && o + len <= b.length, `block at ${o}: length ${len}`);
        assert.strictEqual(b.readUInt32LE(o + len - 4), len, `block at ${o}: trailing length`);
        out.push({ type, body: b.subarray(o + 8, o + len - 4) });
        o += len;
      }
      return out;
    }

    for (const precision of ['micro', 'nano']) {
      it(`round-trips every packet of a capture (${precision}), readable by libpcap`, async function () {
        const src = await collect(fixture('lo-ns.pcap'), { timestamp_precision: precision });
        const out = tmp(`rt-${precision}.pcapng`);
        const w = pcap.createWriter(out, { link_type: src.session.dlt, timestamp_precision: precision, format: 'pcapng' });
        for (const raw of src.packets) w.write(raw);
        w.close();
        try {
          assert.deepStrictEqual([w.format, w.link_type, w.link_types, w.packets_written], ['pcapng', 1, [1], 22]);
          const bl = blocks(out);
          assert.deepStrictEqual(bl.map((x) => x.type).slice(0, 3), [0x0a0d0d0a, 1, 6]);
          assert.strictEqual(bl.length, 2 + 22);
          assert.strictEqual(bl[1].body.readUInt16LE(0), 1); // the interface's link type
          const back = await collect(out, { timestamp_precision: precision });
          assert.strictEqual(back.error, null);
          assert.strictEqual(back.packets.length, 22);
          // with a filter, libpcap itself reads the file
          const filtered = await collect(out, { timestamp_precision: precision, filter: 'len >= 0' });
          assert.deepStrictEqual([filtered.error, filtered.packets.length], [null, 22]);
          back.packets.forEach((p, i) => {
            const q = src.packets[i];
            assert.ok(p.buf.equals(q.buf));
            assert.deepStrictEqual([p.link_type, p.ts_sec, p.ts_usec, p.ts_nsec, p.len], [q.link_type, q.ts_sec, q.ts_usec, q.ts_nsec, q.len]);
          });
        } finally {
          fs.rmSync(out, { force: true });
        }
      });
    }

    it('one interface per link type: a pcapng file of Ethernet and BSD loopback packets is written whole', async function () {
      const src = await collect(fixture('gopacket-le-test100.pcapng'));
      assert.deepStrictEqual([...new Set(src.packets.map((p) => p.link_type))], ['LINKTYPE_ETHERNET', 'LINKTYPE_NULL']);
      const out = tmp('multi.pcapng');
      const w = pcap.createWriter(out, { format: 'pcapng' });
      for (const raw of src.packets) w.write(raw);
      w.write({ buf: Buffer.alloc(20, 0x45), link_type: 'LINKTYPE_RAW', ts_sec: 2 ** 33, ts_usec: 5, ts_nsec: 5000, len: 20 }); // after 2106
      w.close();
      try {
        assert.deepStrictEqual(w.link_types, [1, 0, 12]);
        const idbs = blocks(out).filter((x) => x.type === 1).map((x) => x.body.readUInt16LE(0));
        assert.deepStrictEqual(idbs, [1, 0, 101]); // DLT_RAW is stored as LINKTYPE_RAW
        const back = await collect(out);
        assert.strictEqual(back.error, null);
        assert.deepStrictEqual(back.packets.map((p) => p.link_type), [...src.packets.map((p) => p.link_type), 'LINKTYPE_RAW']);
        back.packets.slice(0, -1).forEach((p, i) => assert.ok(p.buf.equals(src.packets[i].buf)));
        const last = back.packets[back.packets.length - 1];
        assert.deepStrictEqual([last.ts_sec, last.ts_usec], [2 ** 33, 5]);
      } finally {
        fs.rmSync(out, { force: true });
      }
    });

    it('packets of one link type from different interfaces of a pcapng file stay on different interfaces', async function () {
      const src = await collect(fixture('pcapplusplus-gre-two-snaplens.pcapng')); // two Ethernet interfaces
      assert.deepStrictEqual(src.packets.map((p) => p.interface_id), [0, 0, 0, 0, 0, 0, 1]);
      const out = tmp('two-ifaces.pcapng');
      const w = pcap.createWriter(out, { format: 'pcapng' });
      for (const raw of src.packets.slice().reverse()) w.write(raw); // interface 1's packet comes first
      w.write({ buf: Buffer.alloc(60, 1), link_type: 'LINKTYPE_ETHERNET', interface_id: 9 }); // a look-alike's id counts too
      w.write({ buf: Buffer.alloc(60, 2), link_type: 'LINKTYPE_ETHERNET', interface_id: -1 }); // not an id: as interface 0's
      w.close();
      try {
        assert.deepStrictEqual(w.link_types, [1, 1, 1]);
        const back = await collect(out);
        assert.strictEqual(back.error, null);
        // numbered in the order they first came: the file's interface 1 is 0 here, its 0 is 1
        assert.deepStrictEqual(back.packets.map((p) => p.interface_id), [0, 1, 1, 1, 1, 1, 1, 2, 1]);
        back.packets.slice(0, 7).forEach((p, i) => assert.ok(p.buf.equals(src.packets[6 - i].buf)));
      } finally {
        fs.rmSync(out, { force: true });
      }
    });

    it('node_pcap-style packets, pads to 4 bytes, refuses what pcapng cannot hold', function () {
      const out = tmp('np.pcapng');
      const header = Buffer.alloc(16);
      header.writeUInt32LE(1700000000, 0);
      header.writeUInt32LE(42, 4);
      header.writeUInt32LE(21, 8);
      header.writeUInt32LE(60, 12);
      const w = pcap.createWriter(out, { format: 'pcapng' });
      try {
        w.write({ buf: Buffer.alloc(65535, 7), header }); // node_pcap's whole buffer: caplen 21 of it
        assert.throws(() => w.write({ buf: Buffer.alloc(4), link_type: 0x10000 }), { code: 'ERR_INVALID_ARG_VALUE', message: /16 bits/ });
        assert.throws(() => w.write({ buf: Buffer.alloc(4), link_type: 'LINKTYPE_ETHERNET', ts_sec: -1, ts_usec: 0, len: 4 }), { code: 'ERR_OUT_OF_RANGE' });
        assert.throws(() => w.write({ buf: Buffer.alloc(4), link_type: 'LINKTYPE_ETHERNET', ts_sec: 2 ** 50, ts_usec: 0, len: 4 }), { code: 'ERR_OUT_OF_RANGE' });
        w.close();
        const epb = blocks(out).find((x) => x.type === 6).body;
        const ticks = epb.readUInt32LE(4) * 2 ** 32 + epb.readUInt32LE(8);
        assert.deepStrictEqual([epb.readUInt32LE(0), ticks, epb.readUInt32LE(12), epb.readUInt32LE(16), epb.length], [0, 1700000000 * 1e6 + 42, 21, 60, 20 + 24]);
      } finally {
        w.close();
        fs.rmSync(out, { force: true });
      }
      assert.throws(() => pcap.createWriter(out, { format: 'pcapng2' }), { code: 'ERR_INVALID_ARG_VALUE' });
      assert.throws(() => pcap.createWriter(out, { format: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.ok(!fs.existsSync(out));
    });

    it('a refused packet leaves nothing in the file; bad link types are coded errors; an empty file still reads', async function () {
      const out = tmp('refused.pcapng');
      const keep = tmp('keep.pcapng');
      fs.writeFileSync(keep, 'precious');
      const eth = (sec) => ({ buf: Buffer.alloc(60, 0xab), link_type: 'LINKTYPE_ETHERNET', ts_sec: sec, ts_usec: 0, len: 60 });
      const w = pcap.createWriter(out, { format: 'pcapng' });
      try {
        w.write(eth(100));
        // a new link type whose packet is refused must not leave its interface behind: readers
        // stop at an interface of a link type they cannot read
        assert.throws(() => w.write({ buf: Buffer.alloc(30), link_type: 249, ts_sec: -1, ts_usec: 0, len: 30 }), { code: 'ERR_OUT_OF_RANGE' });
        for (const bad of [NaN, 1.5, -1, 0x10000]) assert.throws(() => w.write({ ...eth(1), link_type: bad }), { code: 'ERR_INVALID_ARG_VALUE', message: /raw\.link_type/ }, String(bad));
        w.write(eth(101));
        w.close();
        assert.deepStrictEqual(w.link_types, [1]);
        const back = await collect(out, { filter: 'len >= 0' }); // libpcap reads
        assert.deepStrictEqual([back.error, back.packets.map((p) => p.ts_sec)], [null, [100, 101]]);
        // options checked before the file is touched, the 16-bit limit included
        assert.throws(() => pcap.createWriter(keep, { format: 'pcapng', link_type: 0x10000 }), { code: 'ERR_INVALID_ARG_VALUE', message: /options\.link_type/ });
        assert.strictEqual(fs.readFileSync(keep, 'utf8'), 'precious');
        // no packet and no link type: the file still describes an interface, so libpcap opens it
        const empty = pcap.createWriter(out, { format: 'pcapng' });
        empty.close();
        const none = await collect(out, { filter: 'len >= 0' });
        assert.deepStrictEqual([none.error, none.packets.length], [null, 0]);
        // BSD/OS SLIP and PPP are DLT 15 and 16 here, LINKTYPE 102 and 103 in files
        const bsd = pcap.createWriter(out, { format: 'pcapng', link_type: 16 });
        bsd.close();
        assert.strictEqual(blocks(out)[1].body.readUInt16LE(0), 103);
      } finally {
        w.close();
        fs.rmSync(out, { force: true });
        fs.rmSync(keep, { force: true });
      }
    });
  });
});