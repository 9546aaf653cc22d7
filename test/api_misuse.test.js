'use strict';
// Hostile arguments to the public API (found by fuzzing it): each gets a coded error or is
// handled, never a plain TypeError from inside the library or a value slipping past the checks.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const pcap = require('..');

const sample = path.join(__dirname, '..', 'examples', 'sample.pcap');
const raw = () => ({ buf: Buffer.alloc(60), header: Buffer.alloc(16), link_type: 'LINKTYPE_ETHERNET' });

describe('hostile arguments', function () {
  it('option values that JSON cannot show (BigInt, cycles) still give a coded error', function () {
    const cycle = {};
    cycle.self = cycle;
    assert.throws(() => pcap.createOfflineSession(sample, { bogus: 1n }), (e) => e.code === 'ERR_INVALID_ARG_VALUE' && /Received 1n/.test(e.message));
    assert.throws(() => pcap.createOfflineSession(sample, { bogus: cycle }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createWriter(path.join(os.tmpdir(), 'never.pcap'), { bogus: 1n }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.decode.register(1n, 1, null), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.decode.register(Object.create(null), 1, null), { code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('an option getter is read once: what was checked is what is used', function () {
    let reads = 0;
    const s = pcap.createOfflineSession(sample, {
      get timestamp_precision() {
        reads++;
        return reads === 1 ? 'nano' : 42;
      },
    });
    s.close();
    assert.strictEqual(reads, 1);
    assert.strictEqual(s.timestamp_precision, 'nano');
  });

  it('decode.packet: an emitter without emit() is refused; odd packets decode without throwing', function () {
    assert.throws(() => pcap.decode.packet(raw(), {}), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.decode.packet(raw(), true), { code: 'ERR_INVALID_ARG_TYPE' });
    for (const linkType of [Object.create(null), { toString() { throw new Error('no'); } }, Symbol('x'), 1n]) {
      const p = pcap.decode.packet({ ...raw(), link_type: linkType });
      assert.strictEqual(p.payload, null);
      assert.strictEqual(typeof String(p), 'string');
    }
    const fake = pcap.decode.packet(Object.create(pcap.RawPacket.prototype));
    assert.strictEqual(fake.payload, null);
  });

  it('decode.register wants a class with decode(); linkTypeName a number', function () {
    assert.throws(() => pcap.decode.register('tcpPort', 1, () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.decode.register('tcpPort', 1, function () {}.bind(null)), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.linkTypeName(Symbol('x')), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(pcap.linkTypeNumber(Symbol('x')), undefined);
  });

  it('linkTypeName and linkTypeNumber take only numbers a link type can have (no LINKTYPE_NaN)', function () {
    for (const bad of [NaN, -1, 1.5, Infinity, 2 ** 32]) {
      assert.throws(() => pcap.linkTypeName(bad), { code: 'ERR_OUT_OF_RANGE' });
      assert.strictEqual(pcap.linkTypeNumber(bad), undefined);
    }
    // every name round-trips, the unnamed ones too
    for (const n of [0, 1, 147, 276, 0xffffffff]) assert.strictEqual(pcap.linkTypeNumber(pcap.linkTypeName(n)), n);
    // a filter told a packet's link type is NaN says so, not 'is a LINKTYPE_NaN packet'
    assert.throws(() => pcap.compileFilter('').matches({ buf: Buffer.alloc(60), link_type: NaN }), { code: 'ERR_INVALID_ARG_VALUE', message: /not a link-layer type name or number/ });
    assert.strictEqual(pcap.compileFilter('').matches({ buf: Buffer.alloc(60), link_type: 1 }), true);
  });

  it('paths the system refuses are ERR_PCAP_FILE_ACCESS with its reason', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-paths-'));
    try {
      fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
      const cases = [
        [path.join(dir, 'a'), /symbolic links/],
        [path.join(sample, 'x'), /Not a directory/],
        [path.join(dir, 'n'.repeat(300)), /File name too long/],
      ];
      for (const [p, why] of cases) {
        // the message keeps the system's reason and stays short however long the path
        assert.throws(() => pcap.createOfflineSession(p), (e) => e.code === 'ERR_PCAP_FILE_ACCESS' && why.test(e.message) && e.message.length < 250, p);
      }
      assert.throws(() => pcap.createWriter(path.join(dir, 'a\0b')), { code: 'ERR_INVALID_ARG_VALUE', message: /null bytes/ });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('new PcapSession() / new pcap.Pcap() (node_pcap 3.x style) is ERR_ILLEGAL_CONSTRUCTOR, not a dead session', function () {
    assert.throws(() => new pcap.Pcap(true, 'lo', 'tcp'), { code: 'ERR_ILLEGAL_CONSTRUCTOR' });
    assert.throws(() => new pcap.PcapSession(), { code: 'ERR_ILLEGAL_CONSTRUCTOR' });
    assert.ok(pcap.errorCodes.ERR_ILLEGAL_CONSTRUCTOR);
  });

  it('new RawPacket() is ERR_ILLEGAL_CONSTRUCTOR, not a packet whose every field throws a plain TypeError', function () {
    assert.throws(() => new pcap.RawPacket(), { code: 'ERR_ILLEGAL_CONSTRUCTOR', name: 'TypeError', message: /\{buf, header, link_type\}/ });
    assert.throws(() => new pcap.RawPacket(Buffer.alloc(60), [0, 60, 60], 0, 'LINKTYPE_ETHERNET'), { code: 'ERR_ILLEGAL_CONSTRUCTOR' });
    // what the message suggests instead works everywhere a RawPacket does
    const bytes = raw();
    assert.strictEqual(pcap.compileFilter('').matches(bytes), true);
    assert.strictEqual(pcap.decode.packet(bytes).payload.decoderName, 'ethernet-packet');
    // and the packets a session gives are RawPackets still
    const s = pcap.createOfflineSession(sample);
    return new Promise((resolve, reject) => {
      s.once('packet', (p) => {
        s.close();
        try {
          assert.ok(p instanceof pcap.RawPacket);
          assert.strictEqual(p.buf.length, p.caplen);
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  });

  it('an error message quotes a huge input shortened; the error keeps the whole of it', function () {
    const filter = 'tcp and ' + '('.repeat(100000);
    assert.throws(() => pcap.createOfflineSession(sample, { filter }), (e) => e.code === 'ERR_PCAP_FILTER' && e.message.length < 1000 && e.filter === filter);
  });

  it('packets() options: an object, as createSession wants', function () {
    const s = pcap.createOfflineSession(sample);
    try {
      assert.throws(() => s.packets([]), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => s.packets('x'), { code: 'ERR_INVALID_ARG_TYPE' });
    } finally {
      s.close();
    }
  });

  it('trackers check what they are given', function () {
    const t = new pcap.TCPTracker();
    assert.throws(() => t.expire(200n), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => t.expire('9e9'), { code: 'ERR_INVALID_ARG_TYPE' });
    t.expire(10); // still usable
    assert.throws(() => new pcap.HTTPTracker(null, { also_emit_on: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => new pcap.HTTPTracker(null, { max_ws_message: 'abc' }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => new pcap.HTTPTracker(null, { max_header_size: -5 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => new pcap.TCPTracker({ http: { max_header_size: Symbol('x') } }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(new pcap.HTTPTracker(null, { max_header_size: 1000 }).limits.max_header_size, 1000);
  });

  it('sessions go where sessions are taken: attach(), session_stats(), new TCPSession(tracker)', function () {
    const t = new pcap.TCPTracker();
    const h = new pcap.HTTPTracker();
    for (const bad of [undefined, null, {}, 5, 'x', { _app: null }]) {
      // each was a TypeError from inside ("Cannot read properties of undefined"), or nothing at all
      assert.throws(() => h.attach(bad), { code: 'ERR_INVALID_ARG_TYPE', message: /TCPSession/ });
      assert.throws(() => t.session_stats(bad), { code: 'ERR_INVALID_ARG_TYPE', message: /TCPSession/ });
    }
    for (const bad of [{}, 5, 'x', [], new (require('events').EventEmitter)()]) {
      assert.throws(() => new pcap.TCPSession(bad), { code: 'ERR_INVALID_ARG_TYPE', message: /TCPTracker/ });
    }
    assert.throws(() => new pcap.TCPSession(t, 5), { code: 'ERR_INVALID_ARG_TYPE' });
    // what works still does
    const s = new pcap.TCPSession();
    h.attach(s);
    assert.strictEqual(t.session_stats(s).state, null);
    assert.strictEqual(new pcap.TCPSession(t, '10.0.0.1:1-10.0.0.2:2').tracker, t);
  });

  it('session.idle_timeout takes null or seconds >= 0 (a string ended the session at the next sweep, a Symbol made it throw)', function () {
    const s = new pcap.TCPSession();
    for (const bad of ['abc', '30', 1n, {}, Symbol('x'), true]) assert.throws(() => { s.idle_timeout = bad; }, { code: 'ERR_INVALID_ARG_TYPE' });
    for (const bad of [NaN, -1, -Infinity]) assert.throws(() => { s.idle_timeout = bad; }, { code: 'ERR_OUT_OF_RANGE' });
    for (const good of [null, 0, 30, 0.5, Infinity]) {
      s.idle_timeout = good;
      assert.strictEqual(s.idle_timeout, good);
    }
  });
});
