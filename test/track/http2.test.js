'use strict';
// HTTP/2 over cleartext TCP in the HTTP tracker: HPACK against RFC 7541's examples and bad
// input, a real capture of node's http2 and curl (test/fixtures/track/h2c.pcap, every header
// field checked against tshark's decoding of it), and hand-made connections for what a capture
// seldom shows: a preface split byte by byte, a server's SETTINGS before it, lost bytes, a bad
// header index, GOAWAY with an error, and HTTP/1 requests that begin like the preface.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../..');
const { TCPTracker, HTTPTracker, TCPSession } = require('../../lib/track');
const { HpackDecoder, huffmanDecode } = require('../../lib/track/hpack');
const { Flow, h2Frame, H2_PREFACE, holds, inBatch } = require('./helpers');

const fixture = (name) => path.join(__dirname, '..', 'fixtures', 'track', name);

// The fuzz below draws from a seeded generator (mulberry32): FUZZ_SEED=<n> replays a failure
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x2d2;
function seeded(seed) {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
const hex = (h) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

/** Feeds packets (decoded PcapPackets, or a capture file) to a tracker with HTTP on; collects its events. */
function collect() {
  const tracker = new TCPTracker({ http: true });
  const r = { tracker, requests: [], responses: [], errors: [], errorObjects: [], fields: { client: [], server: [] } };
  const pairs = (msg, pseudo) => [...Object.entries(pseudo ? msg.pseudo_headers || {} : {}), ...chunk(pseudo ? msg.raw_headers : msg.raw_trailers)];
  tracker.on('http request', (s, x) => {
    r.requests.push(x);
    r.fields[x.pushed ? 'server' : 'client'].push(...pairs(x.request, true));
  });
  tracker.on('http request complete', (s, x) => {
    if (x.request.raw_trailers) r.fields.client.push(...pairs(x.request, false));
  });
  tracker.on('http response', (s, x) => r.fields.server.push(...pairs(x.response, true)));
  tracker.on('http response complete', (s, x) => {
    r.responses.push(x);
    if (x.response.raw_trailers) r.fields.server.push(...pairs(x.response, false));
  });
  tracker.on('http error', (s, dir, e) => {
    r.errors.push([dir, e.code, e.message]);
    r.errorObjects.push(e);
  });
  return r;
}

function chunk(flat) {
  const out = [];
  for (let i = 0; flat && i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function readFile(file) {
  const r = collect();
  return new Promise((resolve, reject) => {
    const session = pcap.createOfflineSession(file);
    session.on('packet', (raw) => r.tracker.track_packet(pcap.decode.packet(raw)));
    session.on('error', reject);
    session.on('end', () => {
      r.tracker.flush();
      resolve(r);
    });
  });
}

// HTTP/2 frames and header blocks by hand
const frame = h2Frame;
const PREFACE = H2_PREFACE;
// a literal field without indexing, new name (6.2.2), not Huffman-coded
const literal = (name, value) => Buffer.concat([Buffer.from([0, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)]);
// :method GET, :scheme http, :path / (static entries 2, 6, 4) and an authority
const GET = Buffer.concat([hex('82 86 84'), literal(':authority', 'h2.test')]);
const STATUS_200 = hex('88'); // :status 200

describe('HTTP/2 (h2c)', function () {
  describe('HPACK', function () {
    it('decodes RFC 7541 C.4: three requests with Huffman coding, sharing a dynamic table', function () {
      const d = new HpackDecoder();
      assert.deepStrictEqual(d.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff')).fields,
        [':method', 'GET', ':scheme', 'http', ':path', '/', ':authority', 'www.example.com']);
      assert.strictEqual(d.size, 57);
      assert.deepStrictEqual(d.decode(hex('8286 84be 5886 a8eb 1064 9cbf')).fields,
        [':method', 'GET', ':scheme', 'http', ':path', '/', ':authority', 'www.example.com', 'cache-control', 'no-cache']);
      assert.strictEqual(d.size, 110);
      assert.deepStrictEqual(d.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf')).fields,
        [':method', 'GET', ':scheme', 'https', ':path', '/index.html', ':authority', 'www.example.com', 'custom-key', 'custom-value']);
      assert.strictEqual(d.size, 164);
      assert.deepStrictEqual(d.dynamic.map((e) => e[0]), ['custom-key', 'cache-control', ':authority']);
    });

    it('evicts the oldest entries when the table is full, and on a size update', function () {
      const d = new HpackDecoder();
      const b = Buffer.concat([hex('3f e1 01'), ...['a', 'b', 'c'].map((n) => Buffer.concat([hex('40'), Buffer.from([1]), Buffer.from(n), Buffer.from([40]), Buffer.alloc(40, 0x78)]))]);
      // a 256-octet table (size update 0x3f e1 01 = 31 + 225): each entry takes 1 + 40 + 32 = 73
      assert.deepStrictEqual(d.decode(b).fields.filter((x, i) => i % 2 === 0), ['a', 'b', 'c']);
      assert.deepStrictEqual(d.dynamic.map((e) => e[0]), ['c', 'b', 'a']);
      d.decode(Buffer.concat([hex('40'), Buffer.from([1]), Buffer.from('d'), Buffer.from([40]), Buffer.alloc(40, 0x79)]));
      assert.deepStrictEqual(d.dynamic.map((e) => e[0]), ['d', 'c', 'b']);
      assert.deepStrictEqual(d.decode(hex('be')).fields, ['d', 'y'.repeat(40)]); // index 62: the newest
      d.decode(hex('20')); // size 0: the table empties
      assert.deepStrictEqual([d.dynamic.length, d.size], [0, 0]);
    });

    it("Huffman: RFC 7541's coded strings decode; bad padding and EOS are refused", function () {
      // (the fixture below checks many more symbols: nghttp2's encoder, against tshark's decoder)
      assert.strictEqual(huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff'), 0, 12), 'www.example.com');
      assert.strictEqual(huffmanDecode(hex('6402'), 0, 2), '302'); // RFC 7541 C.6.1
      assert.strictEqual(huffmanDecode(hex('aec3 771a 4b'), 0, 5), 'private');
      assert.strictEqual(huffmanDecode(Buffer.alloc(0), 0, 0), '');
      assert.strictEqual(huffmanDecode(hex('ff'), 0, 1), null, '8 bits of padding');
      assert.strictEqual(huffmanDecode(hex('00'), 0, 1), null, "padding that is not EOS's ones ('0' then 000)");
      assert.strictEqual(huffmanDecode(hex('ffff ffff'), 0, 4), null, 'EOS itself (30 ones)');
    });

    it('bad blocks give an error, never a throw or a wrong table', function () {
      const d = new HpackDecoder();
      assert.match(d.decode(hex('be')).error, /header index 62 is not in the table/);
      assert.match(d.decode(hex('ff ff ff ff ff ff ff')).error, /not in the table/); // an index past 2^31
      assert.match(d.decode(hex('40 05 61')).error, /name is cut short/);
      assert.match(d.decode(hex('41 85 ff ff ff ff ff')).error, /value of header ":authority" is cut short or badly coded/);
      assert.strictEqual(d.dynamic.length, 0);
      const rnd = seeded(SEED);
      for (let i = 0; i < 20000; i++) {
        const b = Buffer.from(Array.from({ length: 1 + (i % 40) }, () => rnd(256)));
        const r = new HpackDecoder().decode(b);
        assert.ok(Array.isArray(r.fields) || typeof r.error === 'string', `block ${i}, seed ${SEED}`);
      }
    });
  });

  describe('node http2 and curl against a node http2 server (h2c.pcap)', function () {
    let r;
    before(async function () {
      r = await readFile(fixture('h2c.pcap'));
    });

    it('every header field of every block, both ways, is what tshark decodes', function () {
      const truth = JSON.parse(fs.readFileSync(fixture('h2c.pcap.truth.json'), 'utf8'));
      assert.strictEqual(r.fields.client.length, 74);
      assert.strictEqual(r.fields.server.length, 60);
      assert.deepStrictEqual(r.fields.client, truth.client);
      assert.deepStrictEqual(r.fields.server, truth.server);
    });

    it('one exchange per stream: methods, URLs, statuses, body sizes, trailers, the pushed one, the reset one', function () {
      assert.deepStrictEqual(r.requests.map((x) => `${x.stream_id} ${x.request.method} ${x.request.url}${x.pushed ? ' pushed' : ''}`), [
        '1 GET /', '3 POST /submit', '5 GET /missing', '7 GET /item/1', '9 GET /item/2', '11 GET /item/3', '13 GET /item/4', '15 GET /big',
        '17 GET /', '19 POST /pkg.Greeter/SayHello', '21 POST /pkg.Greeter/Missing', '23 GET /slow', '25 GET /pushy', '2 GET /style.css pushed',
        '1 GET /', '1 POST /submit',
      ]);
      // the items are answered in reverse order, on their own streams
      assert.deepStrictEqual(r.responses.map((x) => `${x.stream_id} ${x.response.status_code} ${x.response.body_len}`), [
        '1 200 50', '3 201 10', '5 404 10', '13 200 7', '11 200 7', '9 200 7', '7 200 7', '15 200 105600', '17 200 50', '19 200 12', '21 200 0',
        '25 200 38', '2 200 18', '1 200 50', '1 201 9',
      ]);
      const post = r.requests[1];
      assert.strictEqual(post.request.getHeader('content-type'), 'application/json');
      assert.strictEqual(post.request.getHeader('host'), '127.0.0.1:18182', ':authority stands for Host');
      assert.strictEqual(post.request.http_version, '2');
      assert.strictEqual(post.request.body_len, 25);
      const grpc = r.responses.find((x) => x.request.url === '/pkg.Greeter/Missing');
      assert.deepStrictEqual(grpc.response.trailers, { 'grpc-status': '5', 'grpc-message': 'no such method' });
      // the 30 KB cookie came in HEADERS and CONTINUATION frames
      assert.strictEqual(r.requests[8].request.getHeader('cookie').length, 'session='.length + 30000);
      assert.deepStrictEqual(r.errors, [['send', 'ERR_HTTP2_STREAM_RESET', 'stream 23 (GET /slow) reset by the client: CANCEL']]);
    });
  });

  describe('gRPC: @grpc/grpc-js client and server (grpc.pcap)', function () {
    let r;
    before(async function () {
      r = await readFile(fixture('grpc.pcap'));
    });

    it('every header field of every block, both ways, is what tshark decodes', function () {
      const truth = JSON.parse(fs.readFileSync(fixture('grpc.pcap.truth.json'), 'utf8'));
      assert.deepStrictEqual([r.fields.client.length, r.fields.server.length], [136, 92]);
      assert.deepStrictEqual(r.fields.client, truth.client);
      assert.deepStrictEqual(r.fields.server, truth.server);
    });

    it('each call is an exchange with its status in the trailers; a deadline and a cancel are resets', function () {
      const calls = r.responses.map((x) => `${x.request.url.replace('/fixture.Echo/', '')} ${x.response.body_len} ${(x.response.trailers || x.response.headers)['grpc-status']}`);
      assert.deepStrictEqual(calls, ['Say 16 0', 'Say 0 3', 'Say 40014 0', 'Say 15 0', 'Say 15 0', 'Say 15 0', 'Say 15 0', 'Say 15 0', 'Count 56 0', 'Sum 12 0', 'Chat 41 0', 'Chat 0 10']);
      const failed = r.responses[1].response;
      assert.deepStrictEqual([failed.trailers, failed.getHeader('content-type')], [null, 'application/grpc+proto']); // an error without a body: all in the head
      assert.strictEqual(failed.headers['grpc-message'], 'refus%C3%A9:%20100%25%20on%20purpose'); // percent-encoded, as gRPC sends it
      assert.deepStrictEqual(r.errors, [
        ['send', 'ERR_HTTP2_STREAM_RESET', 'stream 5 (POST /fixture.Echo/Say) reset by the client: CANCEL'],
        ['send', 'ERR_HTTP2_STREAM_RESET', 'stream 21 (POST /fixture.Echo/Count) reset by the client: CANCEL'],
      ]);
      const sum = r.requests.find((x) => x.request.url.endsWith('/Sum'));
      assert.deepStrictEqual([sum.request.body_len, sum.request.complete], [5 * 7, true]); // five messages of 2 bytes, each with its 5-byte prefix
    });
  });

  describe('made by hand', function () {
    /** Packets of one connection from its handshake: [fromClient, bytes, segment size] per step. */
    function connection(steps, o = {}) {
      const f = new Flow({ sport: 8080, cport: 45000 + (o.n || 0) });
      const pkts = o.midstream ? [] : f.handshake();
      for (const [fromClient, bytes, mss] of steps) pkts.push(...f.data(fromClient, bytes, mss || 1000));
      if (o.fin) pkts.push(f.pkt(true, 'FA'), f.pkt(false, 'FA'));
      const r = collect();
      for (const p of pkts) r.tracker.track_packet(p);
      r.tracker.flush();
      return r;
    }

    it('a preface split byte by byte after the server\'s SETTINGS; HEADERS, two CONTINUATIONs (a field named __proto__, a repeated one) and padded DATA', function () {
      const padded = Buffer.concat([Buffer.from([3]), Buffer.from('hello'), Buffer.alloc(3)]);
      const r = connection([
        [false, frame(4, 0, 0, hex('0003 0000 0064'))], // the server's SETTINGS first
        [true, Buffer.concat([PREFACE, frame(4, 0, 0)]), 1],
        [true, Buffer.concat([frame(1, 0x01, 1, GET.subarray(0, 2)), frame(9, 0, 1, Buffer.concat([GET.subarray(2), literal('__proto__', 'p')])),
          frame(9, 0x04, 1, Buffer.concat([literal('x', '1'), literal('x', '2')]))])],
        [false, Buffer.concat([frame(1, 0x04, 1, STATUS_200), frame(0, 0x08, 1, padded), frame(0, 0x01, 1)]), 7],
      ]);
      assert.deepStrictEqual(r.errors, []);
      assert.deepStrictEqual(r.requests.map((x) => [x.request.method, x.request.url, x.request.authority, x.request.complete]), [['GET', '/', 'h2.test', true]]);
      const headers = r.requests[0].request.headers;
      assert.deepStrictEqual([Object.getPrototypeOf(headers), headers.__proto__, headers.x], [Object.prototype, 'p', '1, 2']);
      assert.deepStrictEqual(r.responses.map((x) => [x.response.status_code, x.response.body_len, x.response.complete]), [[200, 5, true]]);
    });

    it('lost bytes end the reading with ERR_HTTP_GAP (the header table cannot be followed); a bad index with ERR_HTTP2_COMPRESSION', function () {
      const f = new Flow({ sport: 8080, cport: 45100 });
      const r = collect();
      const pkts = [...f.handshake(), ...f.data(true, Buffer.concat([PREFACE, frame(4, 0, 0)]))];
      const lost = f.data(true, frame(1, 0x05, 1, GET)); // never fed
      pkts.push(...f.data(true, frame(1, 0x05, 3, GET)), f.pkt(false, 'A', null, { ack: f.cseq }));
      assert.strictEqual(lost.length, 1);
      for (const p of pkts) r.tracker.track_packet(p);
      r.tracker.flush();
      assert.deepStrictEqual(r.errors.map((e) => e[1]), ['ERR_HTTP_GAP']);
      assert.deepStrictEqual(r.requests, []);
      const bad = connection([[true, Buffer.concat([PREFACE, frame(1, 0x05, 1, hex('be'))])]], { n: 1 });
      assert.deepStrictEqual(bad.errors, [['send', 'ERR_HTTP2_COMPRESSION', 'header block on stream 1: header index 62 is not in the table']]);
    });

    it('GOAWAY with an error is an http error; a graceful one is not; a PRI that is not the preface stays HTTP/1', function () {
      const debug = Buffer.from('too many streams');
      const r = connection([
        [true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, STATUS_200), frame(7, 0, 0, Buffer.concat([hex('0000 0001 0000 000b'), debug]))])],
        [true, frame(7, 0, 0, hex('0000 0000 0000 0000'))],
      ]);
      assert.deepStrictEqual(r.errors, [['recv', 'ERR_HTTP2_GOAWAY', 'the server ended the connection: ENHANCE_YOUR_CALM "too many streams"']]);
      assert.strictEqual(r.responses.length, 1);
      const h1 = connection([[true, Buffer.from('PRINT / HTTP/1.1\r\nHost: x\r\n\r\n'), 1], [false, Buffer.from('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n')]], { n: 2 });
      assert.deepStrictEqual(h1.requests.map((x) => [x.request.method, x.request.http_version]), [['PRINT', '1.1']]);
      assert.deepStrictEqual(h1.responses.map((x) => x.response.status_code), [405]);
      const post = connection([[true, Buffer.from('POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi')], [false, Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')]], { n: 3 });
      assert.deepStrictEqual(post.requests.map((x) => x.request.method), ['POST']);
      assert.deepStrictEqual(post.errors, []);
    });

    it('from an independent review: the other side may send frames between HEADERS and CONTINUATION; a server may end a stream first', function () {
      // a client header block over two segments with the server's SETTINGS ACK between them
      const big = literal('x-big', 'v'.repeat(100));
      const a = connection([
        [true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x01, 1, GET)])], // HEADERS without END_HEADERS
        [false, Buffer.concat([frame(4, 0, 0), frame(4, 0x01, 0)])],
        [true, frame(9, 0x04, 1, big)],
        [false, Buffer.concat([frame(1, 0x05, 1, STATUS_200)])],
      ], { n: 4 });
      assert.deepStrictEqual(a.errors, []);
      assert.deepStrictEqual(a.requests.map((x) => x.request.getHeader('x-big').length), [100]);
      assert.deepStrictEqual(a.responses.map((x) => x.response.status_code), [200]);
      // the server answers before the request ends: the request's later DATA and its trailers still count
      const post = Buffer.concat([hex('83 86 84'), literal(':authority', 'h2.test')]); // :method POST
      const b = connection([
        [true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x04, 1, post), frame(0, 0, 1, Buffer.from('early'))])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, STATUS_200)])],
        [true, Buffer.concat([frame(0, 0, 1, Buffer.from('late!')), frame(1, 0x05, 1, literal('x-checksum', 'abc123'))])],
      ], { n: 5 });
      assert.deepStrictEqual(b.errors, []);
      assert.strictEqual(b.requests.length, 1);
      const req = b.requests[0].request;
      assert.deepStrictEqual([req.body_len, req.complete, req.trailers], [10, true, { 'x-checksum': 'abc123' }]);
    });

    it('a 100 Continue before the final response; a NO_ERROR reset after a whole response; cookie crumbs; a request without :path', function () {
      const post = Buffer.concat([hex('83 86 84'), literal(':authority', 'h2.test'), literal('cookie', 'a=1'), literal('cookie', 'b=2')]);
      const r = connection([
        [true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x04, 1, post)])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x04, 1, literal(':status', '100'))])],
        [true, frame(0, 0x01, 1, Buffer.from('body'))],
        [false, Buffer.concat([frame(1, 0x04, 1, STATUS_200), frame(0, 0x01, 1, Buffer.from('ok')), frame(3, 0, 1, hex('0000 0000'))])],
        [true, frame(1, 0x05, 3, Buffer.concat([hex('82 86'), literal(':authority', 'h2.test')]))], // no :path
      ], { n: 6 });
      assert.deepStrictEqual(r.errors, []);
      const x = r.requests[0];
      assert.deepStrictEqual([x.interim.map((m) => m.status_code), x.response.status_code, x.response.body_len], [[100], 200, 2]);
      assert.deepStrictEqual([x.request.getHeader('cookie'), x.request.headers.cookie], ['a=1; b=2', 'a=1; b=2']);
      assert.deepStrictEqual([r.requests[1].request.method, r.requests[1].request.url], ['GET', '']);
    });

    it('a connection quiet for longer than idle_timeout stays read; each stream dropped past 4,096 open is said; a server answering in HTTP/1', function () {
      const f = new Flow({ sport: 8080, cport: 45200 });
      const r = collect();
      const pkts = [...f.handshake(), ...f.data(true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])), ...f.data(false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, STATUS_200)]))];
      f.t += 600; // ten minutes of quiet: past the tracker's 120 s
      pkts.push(...f.data(true, frame(1, 0x05, 3, GET)), ...f.data(false, frame(1, 0x05, 3, STATUS_200)));
      for (const p of pkts) r.tracker.track_packet(p);
      r.tracker.flush();
      assert.deepStrictEqual([r.requests.length, r.responses.length, r.errors], [2, 2, []]);
      // 4,100 requests at once, then the answers to the last ten
      const many = [];
      for (let id = 1; id <= 2 * 4100; id += 2) many.push(frame(1, 0x05, id, GET));
      const answers = [];
      for (let id = 2 * 4100 - 19; id <= 2 * 4100; id += 2) answers.push(frame(1, 0x05, id, STATUS_200));
      const m = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), ...many])], [false, Buffer.concat([frame(4, 0, 0), ...answers])]], { n: 7 });
      assert.deepStrictEqual(m.errors, [1, 3, 5, 7].map((id) => ['send', 'ERR_HTTP2_TOO_MANY_STREAMS', `over 4096 streams open at once: stream ${id}, the oldest, is no longer followed`]));
      assert.strictEqual(m.requests.length, 4100);
      assert.deepStrictEqual(m.responses.map((x) => x.stream_id), answers.map((_, i) => 2 * 4100 - 19 + 2 * i));
      const h1 = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0)])], [false, Buffer.from('HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Length: 0\r\n\r\n')]], { n: 8 });
      assert.deepStrictEqual(h1.errors, [['recv', 'ERR_HTTP2_PARSE', 'the server answered in HTTP/1.x, not HTTP/2: "HTTP/1.1 505 HTTP Version Not Supported"']]);
    });

    it('max_exchanges counts HTTP/2 streams with HTTP/1.x requests: past it the oldest stream is no longer followed, and said so', function () {
      const tracker = new TCPTracker({ http: { max_exchanges: 3 } });
      const errors = [];
      const responses = [];
      tracker.on('http error', (s, dir, e) => errors.push([dir, e.code, e.message]));
      tracker.on('http response complete', (s, x) => responses.push(typeof x.stream_id === 'number' ? x.stream_id : x.request.url));
      const h2 = new Flow({ sport: 8080, cport: 45300 });
      const h1 = new Flow({ sport: 80, cport: 45301 });
      const feed = (pkts) => pkts.forEach((p) => tracker.track_packet(p));
      feed([...h2.handshake(), ...h2.data(true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET), frame(1, 0x05, 3, GET)]))]);
      feed([...h1.handshake(), ...h1.data(true, 'GET /one HTTP/1.1\r\nHost: x\r\n\r\n')]);
      assert.deepStrictEqual(errors, []);
      feed(h1.data(true, 'GET /two HTTP/1.1\r\nHost: x\r\n\r\n'));
      assert.deepStrictEqual(errors, [['send', 'ERR_HTTP2_TOO_MANY_STREAMS', 'over 3 requests followed at once on all connections (max_exchanges): stream 1, the oldest, is no longer followed']]);
      assert.strictEqual(tracker.http.stats.exchanges_shed, 1);
      feed([...h2.data(false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 3, STATUS_200)])), ...h1.data(false, 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n')]);
      assert.deepStrictEqual(responses, [3, '/one', '/two']);
    });

    it('from a read of the whole change: empty padded frames, a header list that decodes huge, a table size past SETTINGS, a FIN mid-response, no :status', function () {
      // a PADDED PUSH_PROMISE or HEADERS with no pad length byte
      for (const type of [5, 1]) {
        const r = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])], [false, Buffer.concat([frame(4, 0, 0), frame(type, 0x0c, 1)])]], { n: 20 + type });
        assert.deepStrictEqual(r.errors.map((e) => e[1]), ['ERR_HTTP2_PARSE'], String(type));
        assert.match(r.errors[0][2], /has no pad length/);
      }
      // a 4,000-byte value in the table, then a block of 20,000 references to it (80 MB of fields)
      const bomb = Buffer.concat([Buffer.from([0x40, 1, 0x62, 0x7f, 4000 - 127 - 128 * Math.floor((4000 - 127) / 128) + 128, Math.floor((4000 - 127) / 128)]), Buffer.alloc(4000, 0x78)]);
      assert.strictEqual(new HpackDecoder().decode(bomb).fields[1].length, 4000);
      const big = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, Buffer.concat([GET, bomb, Buffer.alloc(20000, 0xbe)])), frame(1, 0x05, 3, GET)])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, STATUS_200), frame(1, 0x05, 3, STATUS_200)])]], { n: 30 });
      assert.deepStrictEqual(big.errors, [['send', 'ERR_HTTP_HEADERS_TOO_LARGE', 'the request headers of stream 1 are over 81920 bytes (max_header_size): the stream is not followed']]);
      assert.deepStrictEqual(big.responses.map((x) => x.stream_id), [3], 'the table stayed in step: stream 3 still reads');
      // a table size update past what the other side allowed; one within what its SETTINGS allowed
      const update = (n) => Buffer.from([0x3f, ...(() => { const out = []; let v = n - 31; while (v >= 128) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); } out.push(v); return out; })()]);
      const over = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, Buffer.concat([update(65536), GET]))])]], { n: 31 });
      assert.deepStrictEqual(over.errors, [['send', 'ERR_HTTP2_COMPRESSION', 'header block on stream 1: a table size update to 65536 octets, over the 4096 allowed']]);
      const allowed = connection([[false, frame(4, 0, 0, hex('0001 0001 0000'))], [true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, Buffer.concat([update(65536), GET]))])]], { n: 32 });
      assert.deepStrictEqual([allowed.errors, allowed.requests.length], [[], 1]);
      // closed by FIN in the middle of a response: ERR_HTTP_INCOMPLETE, as for HTTP/1.x
      const f = new Flow({ sport: 8080, cport: 45300 });
      const cut = collect();
      for (const p of [...f.handshake(), ...f.data(true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])),
        ...f.data(false, Buffer.concat([frame(4, 0, 0), frame(1, 0x04, 1, STATUS_200), frame(0, 0, 1, Buffer.from('par'))])), f.pkt(false, 'FA'), f.pkt(true, 'FA')]) cut.tracker.track_packet(p);
      assert.deepStrictEqual(cut.errors, [['recv', 'ERR_HTTP_INCOMPLETE', 'the connection closed in the middle of a message on stream 1 (GET /)']]);
      // cut in the middle of a header block (HEADERS waiting for its CONTINUATION), and of a
      // HEADERS frame; an upload reset after a 100 Continue is the request's, as in HTTP/1.x
      const midBlock = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x01, 1, GET)])]], { n: 34, fin: true });
      const midFrame = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET).subarray(0, 12)])]], { n: 35, fin: true });
      for (const r of [midBlock, midFrame]) assert.deepStrictEqual(r.errors, [['send', 'ERR_HTTP_INCOMPLETE', 'the connection closed in the middle of the headers of stream 1']]);
      const post = Buffer.concat([hex('83 86 84'), literal(':authority', 'h2.test')]);
      const upload = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x04, 1, post), frame(0, 0, 1, Buffer.from('part'))])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x04, 1, literal(':status', '100'))])], [true, frame(3, 0, 1, hex('0000 0008'))]], { n: 36 });
      assert.deepStrictEqual(upload.errors, [['send', 'ERR_HTTP2_STREAM_RESET', 'stream 1 (POST /) reset by the client: CANCEL']]);
      // a request no response answered before the close: reported, as in HTTP/1.x; the capture
      // stopping (flush) says nothing
      const unanswered = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET), frame(1, 0x05, 3, GET)])],
        [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, STATUS_200)])]], { n: 37, fin: true });
      assert.deepStrictEqual(unanswered.errors, [['recv', 'ERR_HTTP_INCOMPLETE', 'the connection closed before the response on stream 3 (GET /)']]);
      assert.strictEqual(unanswered.errorObjects[0].exchange.stream_id, 3);
      const stopped = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])]], { n: 38 });
      assert.deepStrictEqual(stopped.errors, []);
      assert.strictEqual(upload.errorObjects[0].message_head, upload.requests[0].request);
      // a response without :status
      const nostatus = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)])], [false, Buffer.concat([frame(4, 0, 0), frame(1, 0x05, 1, literal('x', 'y'))])]], { n: 33 });
      assert.deepStrictEqual([nostatus.errors, nostatus.responses], [[['recv', 'ERR_HTTP2_PARSE', 'the response on stream 1 has no valid :status (8.3.2)']], []]);
    });

    it('random frames (any type, flags, stream, small lengths) in random segments never throw', function () {
      const codes = new Set();
      const rnd = seeded(SEED);
      for (let i = 0; i < 400; i++) {
        const some = (n) => Buffer.concat(Array.from({ length: n }, () => frame(rnd(11), rnd(256), rnd(8), Buffer.from(Array.from({ length: rnd(31) }, () => rnd(256))))));
        const r = connection([[true, Buffer.concat([PREFACE, frame(4, 0, 0), some(10)]), 1 + rnd(40)], [false, Buffer.concat([frame(4, 0, 0), some(10)]), 1 + rnd(40)]], { n: 100 + i, fin: i % 2 === 0 });
        assert.ok(r.errors.every((e) => /^ERR_HTTP/.test(e[1])), `connection ${i}, seed ${SEED}: ${JSON.stringify(r.errors)}`);
        r.errors.forEach((e) => codes.add(e[1]));
      }
      // the frames were read, not passed over: header blocks were decoded and frames checked
      assert.ok(codes.has('ERR_HTTP2_COMPRESSION') && codes.has('ERR_HTTP2_PARSE'), [...codes].join());
    });
  });
  describe('resource bounds', function () {
    /** A session fed by hand, each Buffer to its HTTP conversation as it is (a view stays a view). */
    function handFed() {
      const tracker = new HTTPTracker();
      const s = new TCPSession();
      s.current_cap_time = 1;
      tracker.attach(s);
      const r = { s, requests: [], responses: [], errors: [] };
      tracker.on('http request', (_, x) => r.requests.push(x));
      tracker.on('http response complete', (_, x) => r.responses.push(x));
      tracker.on('http error', (_, dir, e) => r.errors.push([dir, e.code, e.message]));
      r.send = (b) => s._app.onData(true, b);
      r.recv = (b) => s._app.onData(false, b);
      return r;
    }

    /** Bytes that Buffer.concat and buf.copy() copy while `fn` runs. */
    function copiedBytes(fn) {
      const { concat } = Buffer;
      const { copy } = Buffer.prototype;
      let n = 0;
      Buffer.concat = function (list, total) {
        const out = concat.call(this, list, total);
        n += out.length;
        return out;
      };
      Buffer.prototype.copy = function (...args) {
        const m = copy.apply(this, args);
        n += m;
        return m;
      };
      try {
        fn();
      } finally {
        Buffer.concat = concat;
        Buffer.prototype.copy = copy;
      }
      return n;
    }

    it('a header block of 1-byte and empty CONTINUATIONs: one buffer, not an object a frame, and the 1 MiB cap counts their 9-byte headers', function () {
      const h = handFed();
      h.send(Buffer.concat([PREFACE, frame(4, 0, 0)]));
      h.recv(frame(4, 0, 0));
      h.send(frame(1, 0, 1, GET.subarray(0, 1))); // no END_HEADERS
      const ones = Buffer.concat(Array.from({ length: 1000 }, () => frame(9, 0, 1, Buffer.from([0x82]))));
      for (let i = 0; i < 20; i++) h.send(ones);
      const block = h.s._app.h2.blocks.send;
      assert.strictEqual(block.length, 20001);
      const held = holds(h.s);
      assert.ok(held.objects < 2000, `${held.objects} objects held for 20,000 CONTINUATIONs`);
      assert.ok(holds(block).bytes <= 65536, `${holds(block).bytes} bytes held for a block of 20,001`);
      // 200,010 bytes on the wire so far; 94,286 empty CONTINUATIONs more pass 1 MiB (the payload stays at 20,001 bytes)
      const empties = Buffer.concat(Array.from({ length: 10000 }, () => frame(9, 0, 1)));
      for (let i = 0; i < 10 && h.errors.length === 0; i++) h.send(empties);
      assert.deepStrictEqual(h.errors, [['send', 'ERR_HTTP2_PARSE', 'a header block over 1048576 bytes (its frames counted whole)']]);
    });

    it('what is held across segments is a copy, not a view pinning the capture batch: first bytes being sniffed, a split frame, an unfinished header block', function () {
      const batch = Buffer.alloc(1 << 21);
      const h = handFed();
      const settings = frame(4, 0, 0, hex('0003 0000 0064'));
      const pinned = () => holds(h.s, batch.buffer).into;
      h.recv(inBatch(batch, 0, settings.subarray(0, 5))); // the server's SETTINGS first, split
      h.send(inBatch(batch, 100, PREFACE.subarray(0, 10))); // the start of the preface
      assert.strictEqual(pinned(), null, 'sniffing');
      h.recv(inBatch(batch, 200, settings.subarray(5)));
      assert.strictEqual(pinned(), null, 'sniffing');
      const get1 = frame(1, 0x05, 1, GET);
      h.send(inBatch(batch, 300, Buffer.concat([PREFACE.subarray(10), frame(4, 0, 0), get1.subarray(0, 12)])));
      assert.strictEqual(pinned(), null, 'a frame split between segments');
      h.send(inBatch(batch, 400, Buffer.concat([get1.subarray(12), frame(1, 0x01, 3, GET.subarray(0, 3))])));
      assert.strictEqual(pinned(), null, 'a header block waiting for its CONTINUATION');
      h.send(inBatch(batch, 500, frame(9, 0x04, 3, GET.subarray(3))));
      h.recv(inBatch(batch, 600, Buffer.concat([frame(1, 0x05, 1, STATUS_200), frame(1, 0x05, 3, STATUS_200)])));
      assert.deepStrictEqual(h.errors, []);
      assert.deepStrictEqual(h.requests.map((x) => [x.stream_id, x.request.method, x.request.url, x.request.authority]), [[1, 'GET', '/', 'h2.test'], [3, 'GET', '/', 'h2.test']]);
      assert.deepStrictEqual(h.responses.map((x) => [x.stream_id, x.response.status_code]), [[1, 200], [3, 200]]);
    });

    it("a server's first SETTINGS in 4,000 one-byte segments before the client's preface: copied once each, not all held again per segment", function () {
      const settings = frame(4, 0, 0, Buffer.alloc(6 * 667)); // 667 settings of an unknown id 0
      const bytes = [...settings].map((b) => Buffer.from([b]));
      const h = handFed();
      const copied = copiedBytes(() => bytes.forEach((b) => h.recv(b)));
      assert.ok(copied < 4 * settings.length, `${copied} bytes copied to hold ${settings.length}`);
      assert.ok(holds(h.s._app.sniff).bytes <= 8192, `${holds(h.s._app.sniff).bytes} bytes held`);
      h.send(Buffer.concat([PREFACE, frame(4, 0, 0), frame(1, 0x05, 1, GET)]));
      h.recv(frame(1, 0x05, 1, STATUS_200));
      assert.deepStrictEqual([h.errors, h.requests.length, h.responses.length], [[], 1, 1]);
    });
  });
});
