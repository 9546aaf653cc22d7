'use strict';
// Work that must grow linearly with the input, checked by counting operations (deterministic,
// unlike timings): folded header lines, the HTTP/1 resync scan, the tracker's idle sweep and
// its eviction at max_sessions.

const assert = require('assert');
const { HTTPTracker, TCPSession, TCPTracker } = require('../../lib/track');
const { Flow, recorder, segment } = require('./helpers');

/** Runs `fn` with `obj[name]` wrapped to call `count(thisArg, args, result)`; restores it. */
function counting(obj, name, count, fn) {
  const orig = obj[name];
  obj[name] = function (...args) {
    const result = orig.apply(this, args);
    count(this, args, result);
    return result;
  };
  try {
    fn();
  } finally {
    obj[name] = orig;
  }
}

/** A session with an HTTP parser attached, fed by hand; `log` records the events. */
function conv() {
  const tr = new HTTPTracker();
  const s = new TCPSession();
  s.current_cap_time = 1;
  tr.attach(s);
  const log = [];
  const heads = [];
  tr.on('http request', (ss, h) => {
    heads.push(h.request);
    log.push(['request', h.request.url]);
  });
  tr.on('http response', (ss, h) => log.push(['response', h.response.status_code, h.request ? h.request.url : null]));
  tr.on('http error', (ss, dir, e) => log.push(['error', dir, e.code]));
  return {
    log,
    heads,
    send: (b) => s._app.onData(true, Buffer.from(b, 'latin1')),
    recv: (b) => s._app.onData(false, Buffer.from(b, 'latin1')),
  };
}

/** Counts reads of `last_time` on every session the tracker opens (how many sessions a sweep looks at). */
function countLastTimeReads(tracker) {
  const n = { reads: 0 };
  tracker.on('session', (s) => {
    let v = s.last_time;
    Object.defineProperty(s, 'last_time', {
      get() {
        n.reads++;
        return v;
      },
      set(x) {
        v = x;
      },
      enumerable: true,
      configurable: true,
    });
  });
  return n;
}

describe('linear costs', function () {
  it('folded header lines: each is appended to its header, not every header rejoined', function () {
    const K = 400;
    const c = conv();
    let calls = 0;
    const head = 'GET /f HTTP/1.1\r\nX-A: 1\r\n' + 'a:\r\n'.repeat(K) + ' b\r\n'.repeat(K) + 'Other: z\r\nx-a: 2\r\n folded\r\n\tmore\r\n\r\n';
    counting(String.prototype, 'toLowerCase', () => calls++, () => c.send(head));
    assert.deepStrictEqual(c.log, [['request', '/f']]);
    const h = c.heads[0].headers;
    assert.strictEqual(h.a, ', '.repeat(K - 1) + ' b'.repeat(K));
    assert.strictEqual(h['X-A'], '1, 2 folded more');
    assert.strictEqual(h.Other, 'z');
    assert.deepStrictEqual(c.heads[0].raw_headers.slice(-4), ['Other', 'z', 'x-a', '2 folded more']);
    // one per header line and a few per message; a rejoin per folded line is K * K (160,000)
    assert.ok(calls < 20 * K, `${calls} toLowerCase calls for ${2 * K} header lines`);
  });

  it('resync after a bad head: "HTTP/1." is searched for once per stretch, not to the end of the segment per line', function () {
    const c = conv();
    c.send('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    c.send('GET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    c.recv('HTTP/1.1 200 OK\r\nbad header line\r\n\r\n');
    const seg = '\n'.repeat(4000) + 'x HTTP/1.x y\r\n'.repeat(200) + 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
    let searched = 0;
    // bytes each search of a string or Buffer went through: to its match, or to the end
    counting(Buffer.prototype, 'indexOf', (buf, [what, from], at) => {
      if (typeof what !== 'number') searched += (at >= 0 ? at + what.length : buf.length) - (from || 0);
    }, () => c.recv(seg));
    assert.deepStrictEqual(c.log, [
      ['request', '/a'],
      ['request', '/b'],
      ['error', 'recv', 'ERR_HTTP_PARSE'],
      ['response', 200, '/b'],
    ]);
    // about the segment once; a search per line to the next "HTTP/1." is 4,000 * 4,000 / 2 bytes
    assert.ok(searched < 4 * seg.length, `${searched} bytes searched in a ${seg.length}-byte segment`);
  });

  it('the idle sweep looks only at sessions that may be due, not at every open one', function () {
    const r = recorder({ idle_timeout: 60 });
    const reads = countLastTimeReads(r.tracker);
    const N = 2000;
    for (let i = 0; i < N; i++) r.feed(new Flow({ cport: 1024 + (i % 50000), client: `10.1.${i >> 8}.${i & 255}`, t: 100 }).pkt(true, 'S', null, { t: 100 }));
    const f = new Flow({ cport: 40000, client: '10.2.0.1', t: 100 });
    r.feed(f.handshake());
    const before = reads.reads;
    // 50 seconds of capture time: 50 sweeps, nothing idle for 60 s yet
    for (let i = 1; i <= 50; i++) r.feed(f.pkt(true, 'PA', 'x', { t: 100 + i }));
    assert.strictEqual(r.tracker.session_count, N + 1);
    const perSweep = (reads.reads - before) / 50;
    assert.ok(perSweep < 10, `${perSweep} session reads per second of capture with ${N} open sessions`);
    // and they still end on time, the busy one kept
    r.feed(f.pkt(true, 'PA', 'x', { t: 161 }));
    assert.strictEqual(r.tracker.session_count, 1);
    assert.strictEqual(r.tracker.stats.timeouts, N);
    assert.ok(r.tracker.sessions['10.0.0.2:80-10.2.0.1:40000']);
  });

  it('eviction at max_sessions ends the least recently active without sorting every session', function () {
    const r = recorder({ max_sessions: 256 });
    const reads = countLastTimeReads(r.tracker);
    const flows = [];
    for (let i = 0; i < 4096; i++) {
      const f = new Flow({ cport: 1024 + i, t: 10 });
      flows.push(f);
      r.feed(f.pkt(true, 'S', null, { t: 10 + i / 1000 }));
      // the oldest stays active: never evicted
      if (i % 16 === 15) r.feed(flows[0].pkt(true, 'S', null, { t: 10 + i / 1000, seq: 1000 }));
    }
    assert.ok(r.tracker.session_count <= 256);
    assert.strictEqual(r.tracker.stats.evicted, 4096 - r.tracker.session_count);
    assert.ok(r.tracker.sessions['10.0.0.1:1024-10.0.0.2:80'], 'the active one is kept');
    assert.ok(r.tracker.sessions['10.0.0.1:5119-10.0.0.2:80'], 'the newest is kept');
    // a few per eviction and per packet; sorting 256 sessions each time is ~4,000 per eviction
    assert.ok(reads.reads < 10 * 4096, `${reads.reads} last_time reads for 4,096 SYNs`);
  });

  it('sessions with their own idle_timeout end by it, also when it is changed between packets', function () {
    const r = recorder({ idle_timeout: 10 });
    const long = new Flow({ cport: 40001, t: 100 });
    const short = new Flow({ cport: 40002, t: 100 });
    const plain = new Flow({ cport: 40003, t: 100 });
    r.tracker.on('session', (s) => {
      if (s.src.endsWith(':40001')) s.idle_timeout = 100;
    });
    r.feed(long.handshake(), short.handshake(), plain.handshake());
    const byPort = (p) => [...r.streams.keys()].find((s) => s.src.endsWith(':' + p));
    byPort(40002).idle_timeout = 3; // outside any packet of its own
    r.feed(plain.pkt(true, 'PA', 'x', { t: 101 }), plain.pkt(true, 'PA', 'x', { t: 104.5 }));
    assert.deepStrictEqual([40001, 40002, 40003].map((p) => byPort(p).end_reason), [null, 'timeout', null]);
    r.tracker.expire(112);
    assert.deepStrictEqual([40001, 40002, 40003].map((p) => byPort(p).end_reason), [null, 'timeout', null]);
    r.tracker.expire(115);
    assert.deepStrictEqual([40001, 40002, 40003].map((p) => byPort(p).end_reason), [null, 'timeout', 'timeout']);
    r.tracker.expire(201);
    assert.deepStrictEqual([40001, 40002, 40003].map((p) => byPort(p).end_reason), ['timeout', 'timeout', 'timeout']);
    assert.strictEqual(r.tracker.session_count, 0);
  });

  for (const idle of [0, 120]) {
    it(`idle_timeout set from outside on a session behind an older quiet one (tracker idle_timeout ${idle}): it ends on time`, function () {
      const tr = new TCPTracker({ idle_timeout: idle });
      const ended = [];
      tr.on('session', (s) => s.on('end', () => ended.push([s.src, s.end_reason, tr._now])));
      const syn = (c, t) => tr.track_packet(segment({ src: c, dst: '10.0.1.1', sport: 1000, dport: 80, seq: 1, flags: 'S', t }));
      syn('10.0.0.1', 0); // quiet from now on, ahead of the next in the tracker's list
      syn('10.0.0.2', 1);
      tr.sessions[Object.keys(tr.sessions).find((k) => k.includes('10.0.0.2'))].idle_timeout = 5; // from a timer, say
      for (let t = 2; t <= 60; t++) syn('10.0.0.3', t);
      assert.deepStrictEqual(ended.filter((e) => e[0] === '10.0.0.2:1000'), [['10.0.0.2:1000', 'timeout', 6]]);
    });
  }

  it("a protocol tool's list of waiting commands answers its first in constant work at any length (examples/lib/fifo.js)", function () {
    const { Fifo } = require('../../examples/lib/fifo');
    const q = new Fifo();
    // a pipeline of 65,536 unanswered commands, then answered one by one while more arrive
    for (let i = 0; i < 65536; i++) q.push(i);
    let maxCapacity = 0;
    for (let i = 0; i < 65536; i++) {
      assert.strictEqual(q.first, i);
      assert.strictEqual(q.shift(), i);
      if (i % 2 === 0) q.push(65536 + i / 2);
      maxCapacity = Math.max(maxCapacity, q._capacity);
    }
    // the storage was cut down as the head moved: never more than twice what waits, plus the slack
    assert.ok(q._capacity <= 2 * q.length + 1024, `${q._capacity} for ${q.length}`);
    assert.ok(maxCapacity <= 65536 + 32768, `${maxCapacity}`);
    assert.strictEqual(q.length, 32768);
    // remove(): the first in constant work, another where it stands; findIndex and shiftMany from the head
    assert.strictEqual(q.remove(65536), true);
    assert.strictEqual(q.remove(65536 + 10), true);
    assert.strictEqual(q.remove(-1), false);
    assert.deepStrictEqual([q.first, q.findIndex((x) => x === 65536 + 11), q.shiftMany(2)], [65537, 9, [65537, 65538]]);
    assert.strictEqual(q.length, 32764);
    const all = q.drain();
    assert.deepStrictEqual([all.length, all[0], all[all.length - 1], q.length, q.first, q.shift()], [32764, 65539, 65536 + 32767, 0, undefined, undefined]);
  });
});
