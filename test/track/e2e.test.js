'use strict';
// The trackers on real loopback captures (test/fixtures/track, see its README): node http
// traffic with pipelining, chunked bodies, POST, HEAD, 204/304, 100-continue and IPv6, and a
// hand-written RFC 6455 WebSocket exchange. Read with createOfflineSession, as users do.

const assert = require('assert');
const path = require('path');
const pcap = require('../..');
const { TCPTracker } = require('../../lib/track');

const fixture = (name) => path.join(__dirname, '..', 'fixtures', 'track', name);

/** Runs a file through a tracker with HTTP on; `skip` drops the first packets (mid-stream). */
function run(file, { skip = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const tracker = new TCPTracker({ http: true });
    const r = { tracker, sessions: [], ends: [], requests: [], responses: [], errors: [], ws: [], upgrades: 0, streams: new Map() };
    tracker.on('session', (s) => {
      r.sessions.push(s);
      const st = { send: [], recv: [] };
      r.streams.set(s, st);
      s.on('data send', (_, d) => st.send.push(d));
      s.on('data recv', (_, d) => st.recv.push(d));
      s.on('end', () => r.ends.push([s.src, s.end_reason]));
    });
    const bodies = new Map();
    const add = (msg, c) => bodies.set(msg, Buffer.concat([bodies.get(msg) || Buffer.alloc(0), c]));
    tracker.on('http request body', (s, h, c) => add(h.request, c));
    tracker.on('http response body', (s, h, c) => add(h.response, c));
    tracker.on('http request complete', (s, h) => r.requests.push({ method: h.request.method, url: h.request.url, body: (bodies.get(h.request) || '').toString(), req: h.request }));
    tracker.on('http response complete', (s, h) => r.responses.push({ status: h.response.status_code, len: h.response.body_len, url: h.request ? h.request.url : null, body: (bodies.get(h.response) || '').toString(), res: h.response, http: h }));
    tracker.on('http error', (s, dir, e) => r.errors.push([dir, e.code, e.message]));
    tracker.on('websocket upgrade', () => r.upgrades++);
    tracker.on('websocket message', (s, dir, m, info) => r.ws.push([dir, typeof m === 'string' ? m : `<${info.type} ${m.length}>`, info.frames]));
    tracker.on('websocket control', (s, dir, f) => r.ws.push([dir, f.type, f.code === null ? f.data.toString() : `${f.code} ${f.reason}`]));
    const session = pcap.createOfflineSession(file);
    let n = 0;
    session.on('packet', (raw) => {
      if (n++ >= skip) tracker.track_packet(pcap.decode.packet(raw));
    });
    session.on('error', reject);
    session.on('end', () => {
      tracker.flush();
      resolve(r);
    });
  });
}

describe('trackers on loopback captures', function () {
  describe('http.pcap', function () {
    let r;
    before(async function () {
      r = await run(fixture('http.pcap'));
    });

    it('finds the three connections (two IPv4, one IPv6), each closed by FIN', function () {
      assert.deepStrictEqual(r.sessions.map((s) => [s.src.replace(/:\d+$/, ''), s.dst, s.missed_syn]), [
        ['127.0.0.1', '127.0.0.1:18180', false],
        ['127.0.0.1', '127.0.0.1:18180', false],
        ['[::1]', '[::1]:18180', false],
      ]);
      assert.deepStrictEqual(r.ends.map((e) => e[1]), ['fin', 'fin', 'fin']);
      assert.strictEqual(r.tracker.session_count, 0);
      for (const s of r.sessions) {
        const st = s.session_stats();
        assert.strictEqual(st.send_retransmits + st.recv_retransmits + st.send_gaps + st.recv_gaps, 0);
        assert.strictEqual(Buffer.concat(r.streams.get(s).send).length, st.send_payload);
        assert.strictEqual(Buffer.concat(r.streams.get(s).recv).length, st.recv_payload);
        assert.ok(st.rtt.send.count > 0 && st.rtt.recv.count > 0);
      }
    });

    it('sees every request, with bodies', function () {
      assert.deepStrictEqual(r.requests.map((q) => `${q.method} ${q.url}`), [
        'GET /index.html',
        'GET /chunked',
        'POST /submit',
        'HEAD /index.html',
        'GET /empty',
        'GET /cached',
        'POST /submit',
        'GET /missing',
      ]);
      assert.strictEqual(r.requests[2].body, 'name=pcap&value=' + 'y'.repeat(40));
      assert.strictEqual(r.requests[6].body, '{"hello":"world","n":42}');
      assert.deepStrictEqual(r.requests[0].req.getHeaders('accept'), ['*/*', 'text/html']);
      assert.strictEqual(r.requests[6].req.getHeader('expect'), '100-continue');
      assert.strictEqual(r.errors.length, 0);
    });

    it('pairs every response with its request, with the right framing', function () {
      assert.deepStrictEqual(r.responses.map((x) => [x.url, x.status, x.len]), [
        ['/index.html', 200, 241],
        ['/chunked', 200, 25],
        ['/submit', 201, 76],
        ['/index.html', 200, 0],
        ['/empty', 204, 0],
        ['/cached', 304, 0],
        ['/submit', 100, 0],
        ['/submit', 201, 50],
        ['/missing', 404, 10],
      ]);
      assert.ok(r.responses[0].body.startsWith('<html><body><h1>hello</h1>xxx'));
      assert.deepStrictEqual(r.responses[0].res.getHeaders('set-cookie'), ['a=1', 'b=2']);
      assert.strictEqual(r.responses[1].body, 'first chunk\nsecond chunk\n');
      assert.strictEqual(r.responses[1].res.chunked, true);
      assert.deepStrictEqual(r.responses[1].res.trailers, { 'X-Checksum': 'abc123' });
      assert.strictEqual(r.responses[3].res.getHeader('content-length'), '241', 'HEAD: length given, no body');
      assert.deepStrictEqual(JSON.parse(r.responses[7].body), { got: 24, body: '{"hello":"world","n":42}' });
      assert.strictEqual(r.responses[7].http.interim[0].status_code, 100);
      for (const x of r.responses) assert.ok(x.http.response_complete_time >= x.http.request_time);
    });

    it('joined mid-stream (first request not captured): resyncs on the responses', async function () {
      const m = await run(fixture('http.pcap'), { skip: 4 });
      assert.strictEqual(m.sessions[0].missed_syn, true);
      assert.strictEqual(m.sessions[0].src.startsWith('127.0.0.1:'), true);
      assert.strictEqual(m.sessions[0].dst, '127.0.0.1:18180');
      assert.deepStrictEqual(m.responses.slice(0, 3).map((x) => [x.url, x.status, x.len]), [
        [null, 200, 241],
        [null, 200, 25],
        ['/submit', 201, 76],
      ]);
      assert.strictEqual(m.requests[0].url, '/submit');
      assert.strictEqual(m.errors.length, 0);
      assert.strictEqual(m.responses.length, 9);
    });
  });

  describe('ws.pcap', function () {
    let r;
    before(async function () {
      r = await run(fixture('ws.pcap'));
    });

    it('sees the upgrade and every message and control frame, in order per direction', function () {
      assert.strictEqual(r.upgrades, 1);
      assert.deepStrictEqual(r.requests.map((q) => q.url), ['/chat']);
      assert.deepStrictEqual(r.responses.map((x) => x.status), [101]);
      const send = r.ws.filter((e) => e[0] === 'send');
      const recv = r.ws.filter((e) => e[0] === 'recv');
      assert.deepStrictEqual(send, [
        ['send', 'hello', 1],
        ['send', '<binary 3>', 1],
        ['send', 'ping', 'are you there'],
        ['send', 'fragmented', 2],
        ['send', 'z'.repeat(300), 1],
        ['send', 'close', '1000 bye'],
      ]);
      assert.deepStrictEqual(recv, [
        ['recv', 'hello back', 1],
        ['recv', '<binary 70000>', 1],
        ['recv', 'pong', 'are you there'],
        ['recv', 'close', '1000 bye too'],
      ]);
      assert.strictEqual(r.errors.length, 0);
      assert.deepStrictEqual(r.ends.map((e) => e[1]), ['fin']);
    });
  });

  describe('node_pcap 0.4 code: a tracker made without options', function () {
    /** The URLs of 'http request' events of a tracker made as `make()` makes it, over http.pcap. */
    function urls(make) {
      return new Promise((resolve, reject) => {
        const tracker = make();
        const seen = [];
        tracker.arities = new Set();
        tracker.on('http request', (s, h) => seen.push(h.request.url));
        tracker.on('http request', (...args) => tracker.arities.add('request ' + args.length));
        tracker.on('http response body', (...args) => tracker.arities.add('response body ' + args.length));
        const session = pcap.createOfflineSession(fixture('http.pcap'));
        session.on('packet', (raw) => tracker.track_packet(pcap.decode.packet(raw)));
        session.on('error', reject);
        session.on('end', () => resolve({ seen, tracker }));
      });
    }

    it("parses HTTP once an 'http …' listener is added, as 0.4's TCP_tracker did", async function () {
      const { seen, tracker } = await urls(() => new pcap.TCP_tracker());
      assert.strictEqual(pcap.TCP_tracker, pcap.TCPTracker);
      // each event's own arguments, as index.d.ts declares them: no trailing undefineds
      assert.deepStrictEqual([...tracker.arities].sort(), ['request 2', 'response body 3']);
      assert.ok(tracker.http !== null);
      const withOption = await urls(() => new pcap.TCPTracker({ http: true }));
      assert.ok(seen.length >= 5, `${seen.length} requests`);
      assert.deepStrictEqual(seen, withOption.seen);
    });

    it("an HTTPTracker the program makes is the one used, before or after the tracker's 'http …' listener", function () {
      const { Flow } = require('./helpers');
      for (const listenFirst of [false, true]) {
        const tcp = new pcap.TCPTracker();
        const counts = { tcp: 0, http: 0 };
        if (listenFirst) tcp.on('http request', () => counts.tcp++);
        const http = new pcap.HTTPTracker(tcp, { also_emit_on: tcp, max_header_size: 4096 });
        if (!listenFirst) tcp.on('http request', () => counts.tcp++);
        http.on('http request', () => counts.http++);
        const f = new Flow();
        for (const p of [...f.handshake(), ...f.data(true, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')]) tcp.track_packet(p);
        assert.deepStrictEqual([counts, tcp.http === http], [{ tcp: 1, http: 1 }, true], `listener first: ${listenFirst}`);
      }
    });

    it('{http: false} keeps it off, and other listeners do not turn it on', async function () {
      const { seen, tracker } = await urls(() => new pcap.TCPTracker({ http: false }));
      assert.deepStrictEqual(seen, []);
      assert.strictEqual(tracker.http, null);
      const plain = new pcap.TCPTracker();
      plain.on('session', () => {});
      plain.on('end', () => {});
      assert.strictEqual(plain.http, null);
    });
  });
});
