'use strict';
// The HTTP/1.x parser through HTTPTracker on a hand-fed session: framing (content-length,
// chunked at every split, close-delimited), pipelining, HEAD/1xx/204/304, 100-continue,
// duplicate headers, mid-stream resync, limits, gaps, garbage and upgrades.

const assert = require('assert');
const { HTTPTracker, TCPSession, HttpParser } = require('../../lib/track');

/** A session with an HTTP parser attached, fed by hand; `log` records the events in order. */
function conv(opts = {}) {
  const tr = new HTTPTracker(undefined, opts.limits);
  const s = new TCPSession();
  s.missed_syn = !!opts.mid;
  s.current_cap_time = 1;
  tr.attach(s);
  const log = [];
  const http = [];
  const body = (name, t) => {
    const last = log[log.length - 1];
    if (last && last[0] === name) last[1] += t; // chunks merged: splits must not matter
    else log.push([name, t]);
  };
  tr.on('http request', (ss, h) => {
    assert.strictEqual(ss, s);
    http.push(h);
    log.push(['request', h.request.method, h.request.url]);
  });
  tr.on('http request body', (ss, h, c) => body('request body', c.toString('latin1')));
  tr.on('http request complete', (ss, h) => log.push(['request complete', h.request.body_len]));
  tr.on('http response', (ss, h) => log.push(['response', h.response.status_code, h.request ? h.request.url : null]));
  tr.on('http response body', (ss, h, c) => body('response body', c.toString('latin1')));
  tr.on('http response complete', (ss, h) => log.push(['response complete', h.response.status_code, h.response.body_len]));
  tr.on('http error', (ss, dir, e) => log.push(['error', dir, e.code]));
  tr.on('websocket upgrade', () => log.push(['websocket upgrade']));
  tr.on('websocket message', (ss, dir, m, info) => log.push(['websocket message', dir, typeof m === 'string' ? m : `<${m.length} bytes>`, info.frames]));
  tr.on('websocket control', (ss, dir, f) => log.push(['websocket control', dir, f.type, f.code]));
  return {
    s,
    tr,
    log,
    http,
    send: (...bs) => bs.forEach((b) => s._app.onData(true, Buffer.from(b, 'latin1'))),
    recv: (...bs) => bs.forEach((b) => s._app.onData(false, Buffer.from(b, 'latin1'))),
    fin: (fromClient) => s._app.onFin(fromClient),
    gap: (fromClient, n) => s._app.onGap(fromClient, n),
  };
}

/** A compressed text frame (RSV1) around a raw DEFLATE payload, masked when `mask` is given. */
function encodeFrameRaw(payload, mask) {
  const { encodeFrame } = require('../../lib/track');
  return encodeFrame(1, payload, { rsv1: true, mask });
}

const GET = (url, extra = '') => `GET ${url} HTTP/1.1\r\nHost: example.com\r\n${extra}\r\n`;
const OK = (body, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

describe('HTTP tracking', function () {
  describe('messages and framing', function () {
    it('parses a request and a Content-Length response with node_pcap 0.4 fields', function () {
      const c = conv();
      c.send('POST /form?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2');
      c.recv(OK('done'));
      assert.deepStrictEqual(c.log, [
        ['request', 'POST', '/form?x=1'],
        ['request body', 'a=1&b=2'],
        ['request complete', 7],
        ['response', 200, '/form?x=1'],
        ['response body', 'done'],
        ['response complete', 200, 4],
      ]);
      const h = c.http[0];
      assert.strictEqual(h.request.http_version, '1.1');
      assert.deepStrictEqual(h.request.headers, { Host: 'example.com', 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '7' });
      assert.strictEqual(h.request.body_len, 7);
      assert.strictEqual(h.response.status_code, 200);
      assert.strictEqual(h.response.status_message, 'OK');
      assert.strictEqual(h.response.http_version, '1.1');
      assert.strictEqual(h.response.content_length, 4);
      assert.strictEqual(h.request_dir, 'send');
      assert.strictEqual(h.request_time, 1);
      assert.strictEqual(h.response_complete_time, 1);
    });

    it('the reason phrase is kept as sent, its trailing whitespace too (RFC 9112 4); only the separator before it goes', function () {
      const c = conv();
      c.send(GET('/a') + GET('/b') + GET('/c') + GET('/d'));
      c.recv('HTTP/1.1 404 Not  Found \r\nContent-Length: 0\r\n\r\n', 'HTTP/1.1 200  OK\r\nContent-Length: 0\r\n\r\n');
      c.recv('HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n', 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n');
      assert.deepStrictEqual(c.http.map((h) => h.response.status_message), ['Not  Found ', 'OK', '', '']);
    });

    it('emits on the session too, with the session first', function () {
      const c = conv();
      const seen = [];
      c.s.on('http request', (s, h) => seen.push([s === c.s, h.request.url]));
      c.send(GET('/a'));
      assert.deepStrictEqual(seen, [[true, '/a']]);
    });

    const chunkedResponse =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n' +
      '5\r\nhello\r\n' + '1;ext=1\r\n \r\n' + 'A\r\n0123456789\r\n' + '0\r\nX-Sum: 42\r\nX-Other: a\r\n\r\n' +
      OK('next');

    it('parses a chunked body with extensions and trailers', function () {
      const c = conv();
      c.send(GET('/1') + GET('/2'));
      c.recv(chunkedResponse);
      assert.deepStrictEqual(c.log.slice(4), [
        ['response', 200, '/1'],
        ['response body', 'hello 0123456789'],
        ['response complete', 200, 16],
        ['response', 200, '/2'],
        ['response body', 'next'],
        ['response complete', 200, 4],
      ]);
      assert.deepStrictEqual(c.http[0].response.trailers, { 'X-Sum': '42', 'X-Other': 'a' });
      assert.strictEqual(c.http[0].response.chunked, true);
    });

    it('gives the same events however a chunked response is split (every byte boundary, and byte by byte)', function () {
      const whole = conv();
      whole.send(GET('/1') + GET('/2'));
      whole.recv(chunkedResponse);
      for (let i = 1; i < chunkedResponse.length; i++) {
        const c = conv();
        c.send(GET('/1') + GET('/2'));
        c.recv(chunkedResponse.slice(0, i), chunkedResponse.slice(i));
        assert.deepStrictEqual(c.log, whole.log, `split at ${i}`);
        assert.deepStrictEqual(c.http[0].response.trailers, { 'X-Sum': '42', 'X-Other': 'a' });
      }
      const c = conv();
      c.send(GET('/1') + GET('/2'));
      c.recv(...chunkedResponse.split(''));
      assert.deepStrictEqual(c.log, whole.log);
    });

    it('parses a chunked request body', function () {
      const c = conv();
      c.send('PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
      assert.deepStrictEqual(c.log, [['request', 'PUT', '/up'], ['request body', 'abc'], ['request complete', 3]]);
    });

    it('pairs pipelined requests with their responses in order', function () {
      const c = conv();
      c.send(GET('/a') + GET('/b') + GET('/c'));
      c.recv(OK('A') + OK('BB') + OK('CCC'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response'), [['response', 200, '/a'], ['response', 200, '/b'], ['response', 200, '/c']]);
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response body').map((e) => e[1]), ['A', 'BB', 'CCC']);
    });

    it('a response to HEAD has no body even with a Content-Length', function () {
      const c = conv();
      c.send('HEAD /big HTTP/1.1\r\nHost: h\r\n\r\n' + GET('/small'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n' + OK('ok'));
      assert.deepStrictEqual(c.log.slice(4), [
        ['response', 200, '/big'],
        ['response complete', 200, 0],
        ['response', 200, '/small'],
        ['response body', 'ok'],
        ['response complete', 200, 2],
      ]);
    });

    it('content_length is 0 for a Content-Length: 0 body, null where no Content-Length framed the body', function () {
      const c = conv();
      c.send('POST /empty HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n' + GET('/a') + 'HEAD /b HTTP/1.1\r\nHost: h\r\n\r\n' + GET('/c'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' + 'HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n');
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n' + 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n0\r\n\r\n');
      assert.deepStrictEqual(c.http.map((h) => [h.request.content_length, h.response.status_code, h.response.content_length, h.response.body_len]), [
        [0, 200, 0, 0],
        [null, 302, 0, 0],
        [null, 200, null, 0], // HEAD: the Content-Length tells the size of a GET's body, not this one's
        [null, 200, null, 0], // chunked wins over Content-Length (RFC 9112 6.3)
      ]);
    });

    it('204 and 304 have no body', function () {
      const c = conv();
      c.send(GET('/a') + GET('/b') + GET('/c'));
      c.recv('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n' + OK('x'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response complete'), [['response complete', 204, 0], ['response complete', 304, 0], ['response complete', 200, 1]]);
    });

    it('100-continue: an interim response, then the body, then the final response', function () {
      const c = conv();
      c.send('POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n');
      c.recv('HTTP/1.1 100 Continue\r\n\r\n');
      c.send('data');
      c.recv('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
      assert.deepStrictEqual(c.log, [
        ['request', 'POST', '/up'],
        ['response', 100, '/up'],
        ['response complete', 100, 0],
        ['request body', 'data'],
        ['request complete', 4],
        ['response', 201, '/up'],
        ['response complete', 201, 0],
      ]);
      assert.strictEqual(c.http[0].interim.length, 1);
      assert.strictEqual(c.http[0].interim[0].status_code, 100);
      assert.strictEqual(c.http[0].response.status_code, 201);
    });

    it('a response without length ends when the server closes (close-delimited)', function () {
      const c = conv();
      c.send('GET / HTTP/1.0\r\n\r\n');
      c.recv('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>', '...</html>');
      assert.strictEqual(c.log[c.log.length - 1][0], 'response body');
      c.fin(false);
      assert.deepStrictEqual(c.log.slice(-2), [['response body', '<html>...</html>'], ['response complete', 200, 16]]);
      assert.strictEqual(c.http[0].response.close_delimited, true);
      assert.strictEqual(c.http[0].request.http_version, '1.0');
    });

    it('requests left without a response when the connection closes are each an ERR_HTTP_INCOMPLETE', function () {
      const errors = [];
      const ended = (reason, ...steps) => {
        const c = conv();
        c.tr.on('http error', (ss, dir, e) => errors.push([reason, dir, e.code, e.message, e.exchange && e.exchange.request ? e.exchange.request.url : null]));
        for (const step of steps) step(c);
        c.s._app.onEnd(reason);
        return c;
      };
      // pipelined: /a answered, /b not; reset
      ended('reset', (c) => c.send(GET('/a') + GET('/b')), (c) => c.recv(OK('a')));
      // only a 100 Continue came
      ended('fin', (c) => c.send('PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok'), (c) => c.recv('HTTP/1.1 100 Continue\r\n\r\n'));
      // cut in the middle of the request body: that one error only
      ended('fin', (c) => c.send('POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'));
      // the capture stopped (flush, timeout): the answer may have come later, nothing is said
      ended('flush', (c) => c.send(GET('/later')));
      ended('timeout', (c) => c.send(GET('/later')));
      assert.deepStrictEqual(errors, [
        ['reset', 'recv', 'ERR_HTTP_INCOMPLETE', 'the connection was reset before the response to GET /b', '/b'],
        ['fin', 'recv', 'ERR_HTTP_INCOMPLETE', 'the connection closed before the response to PUT /up', '/up'],
        ['fin', 'send', 'ERR_HTTP_INCOMPLETE', 'the connection closed in the middle of a message', '/cut'],
      ]);
    });

    it('a close-delimited body also completes when the session ends otherwise', function () {
      const c = conv();
      c.send(GET('/'));
      c.recv('HTTP/1.1 200 OK\r\n\r\nabc');
      c.s._app.onEnd('flush');
      assert.deepStrictEqual(c.log.slice(-1), [['response complete', 200, 3]]);
    });

    it('a close-delimited body cut by a RST is incomplete, not complete; one whose FIN came before the RST is complete', function () {
      const cut = conv();
      cut.send(GET('/'));
      cut.recv('HTTP/1.1 200 OK\r\n\r\nabc');
      cut.s._app.onEnd('reset');
      assert.deepStrictEqual(cut.log.slice(-2), [['response body', 'abc'], ['error', 'recv', 'ERR_HTTP_INCOMPLETE']]);
      assert.strictEqual(cut.http[0].response.complete, false);
      const whole = conv();
      whole.send(GET('/'));
      whole.recv('HTTP/1.1 200 OK\r\n\r\nabc');
      whole.fin(false);
      whole.s._app.onEnd('reset');
      assert.deepStrictEqual(whole.log.slice(-1), [['response complete', 200, 3]]);
    });

    it('keeps duplicate headers: raw_headers, joined values, getHeader/getHeaders', function () {
      const c = conv();
      c.send(GET('/', 'Accept: text/html\r\naccept: */*\r\nX-Folded: one\r\n  two\r\n'));
      c.recv('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n');
      const { request, response } = c.http[0];
      assert.deepStrictEqual(request.raw_headers, ['Host', 'example.com', 'Accept', 'text/html', 'accept', '*/*', 'X-Folded', 'one two']);
      assert.strictEqual(request.headers.Accept, 'text/html, */*');
      assert.strictEqual(request.headers['X-Folded'], 'one two');
      assert.strictEqual(request.getHeader('ACCEPT'), 'text/html, */*');
      assert.strictEqual(request.getHeader('missing'), undefined);
      assert.deepStrictEqual(response.getHeaders('set-cookie'), ['a=1', 'b=2']);
      assert.strictEqual(response.headers['Set-Cookie'], 'a=1, b=2');
    });
    it('over 64 pipelined requests waiting: the oldest are no longer followed, and every answer still goes to its own request', function () {
      const c = conv();
      const n = 70;
      let requests = '';
      let responses = '';
      for (let i = 0; i < n; i++) {
        const head = i % 3 === 0; // a HEAD's answer has no body: one no longer followed is still framed so
        requests += `${head ? 'HEAD' : 'GET'} /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
        if (i === 1) responses += 'HTTP/1.1 100 Continue\r\n\r\n';
        responses += `HTTP/1.1 200 OK\r\nContent-Length: ${`/r${i}`.length}\r\n\r\n${head ? '' : `/r${i}`}`;
      }
      c.send(requests);
      c.recv(responses);
      const answered = c.log.filter((e) => e[0] === 'response' && e[1] === 200).map((e) => e[2]);
      const evicted = n - 64;
      assert.deepStrictEqual(answered, Array.from({ length: n }, (_, i) => (i < evicted ? null : `/r${i}`)));
      const lengths = c.log.filter((e) => e[0] === 'response complete' && e[1] === 200).map((e) => e[2]);
      assert.deepStrictEqual(lengths, Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : `/r${i}`.length)));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'error'), []);
    });
  });

  describe('errors, limits and resync', function () {
    /** Connections sharing one HTTPTracker; `log` has [connection, status, url of the request paired] per response. */
    function shared(options) {
      const tr = new HTTPTracker(undefined, options);
      const log = [];
      const names = new Map();
      const open = (name) => {
        const s = new TCPSession();
        s.current_cap_time = 1;
        tr.attach(s);
        names.set(s, name);
        return { send: (b) => s._app.onData(true, Buffer.from(b, 'latin1')), recv: (b) => s._app.onData(false, Buffer.from(b, 'latin1')) };
      };
      tr.on('http response', (s, h) => log.push([names.get(s), h.response.status_code, h.request ? h.request.url : null]));
      return { tr, log, open };
    }

    it('max_exchanges bounds the requests followed on all connections together: the connection waiting longest lets its oldest go', function () {
      const { tr, log, open } = shared({ max_exchanges: 3 });
      const a = open('a');
      const b = open('b');
      a.send(GET('/a1') + GET('/a2'));
      b.send(GET('/b1'));
      assert.strictEqual(tr.stats.exchanges_shed, 0);
      b.send(GET('/b2')); // four followed: a's /a1 has waited longest
      assert.strictEqual(tr.stats.exchanges_shed, 1);
      a.recv(OK('1') + OK('2'));
      b.recv(OK('1') + OK('2'));
      assert.deepStrictEqual(log, [['a', 200, null], ['a', 200, '/a2'], ['b', 200, '/b1'], ['b', 200, '/b2']]);
    });

    it('max_exchanges: a connection whose requests are answered goes to the back, behind one whose requests wait', function () {
      const { tr, log, open } = shared({ max_exchanges: 3 });
      const a = open('a');
      const b = open('b');
      a.send(GET('/a1'));
      b.send(GET('/b1'));
      a.send(GET('/a2'));
      a.recv(OK('1')); // a's oldest is now /a2, sent after b's /b1
      b.send(GET('/b2'));
      a.send(GET('/a3')); // four followed: b's /b1 goes, not a's /a2
      assert.strictEqual(tr.stats.exchanges_shed, 1);
      a.recv(OK('2') + OK('3'));
      b.recv(OK('1') + OK('2'));
      assert.deepStrictEqual(log, [['a', 200, '/a1'], ['a', 200, '/a2'], ['a', 200, '/a3'], ['b', 200, null], ['b', 200, '/b2']]);
    });

    it('max_exchanges: an ended connection\'s requests count no more', function () {
      const { tr, open } = shared({ max_exchanges: 2 });
      const a = open('a');
      a.send(GET('/a1') + GET('/a2'));
      [...tr._followed.keys()][0].onEnd('timeout'); // the capture stopped following it
      const b = open('b');
      b.send(GET('/b1') + GET('/b2'));
      assert.strictEqual(tr.stats.exchanges_shed, 0);
      assert.throws(() => new HTTPTracker(undefined, { max_exchanges: 1.5 }), { code: 'ERR_INVALID_ARG_TYPE' });
    });

    it('garbage after a message: http error, no throw, and back in step at the next request', function () {
      const c = conv();
      c.send(GET('/ok'));
      c.send('\x00\x01\x02 this is not http\r\nstill not\r\n' + GET('/again'));
      assert.deepStrictEqual(c.log, [
        ['request', 'GET', '/ok'],
        ['request complete', 0],
        ['error', 'send', 'ERR_HTTP_PARSE'],
        ['request', 'GET', '/again'],
        ['request complete', 0],
      ]);
    });

    it('a request or response that cannot be parsed keeps its place in the pipeline', function () {
      // the 400 answers the bad request; the HEAD's response then has no body to skip
      let c = conv();
      c.send('GET /1 HTTP/1.1\r\nno colon here\r\n\r\n' + 'HEAD /2 HTTP/1.1\r\nHost: x\r\n\r\n');
      c.recv('HTTP/1.1 400 Bad Request\r\nContent-Length: 3\r\n\r\nbad' + 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + OK('next'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] !== 'request complete'), [
        ['error', 'send', 'ERR_HTTP_PARSE'],
        ['request', 'HEAD', '/2'],
        ['response', 400, null],
        ['response body', 'bad'],
        ['response complete', 400, 3],
        ['response', 200, '/2'],
        ['response complete', 200, 0],
        ['response', 200, null],
        ['response body', 'next'],
        ['response complete', 200, 4],
      ]);
      assert.strictEqual(c.http.length, 1);
      // a response whose head cannot be parsed still answers the first request
      c = conv();
      c.send(GET('/a') + GET('/b'));
      c.recv('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n' + OK('B'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response' || e[0] === 'error'), [['error', 'recv', 'ERR_HTTP_PARSE'], ['response', 200, '/b']]);
    });

    it('a space before the colon of a header name is taken (some servers send it)', function () {
      const c = conv();
      c.send(GET('/'));
      c.recv('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Credentials : true\r\nContent-Length: 2\r\n\r\nok');
      assert.deepStrictEqual(c.log.slice(-3), [['response', 200, '/'], ['response body', 'ok'], ['response complete', 200, 2]]);
      assert.strictEqual(c.s._app.pending.length, 0);
    });

    it('a head split across segments is kept as a copy, not a view that keeps the capture batch', function () {
      const c = conv();
      const batch = Buffer.alloc(1 << 20, 0x20);
      batch.write('GET /slow HTTP/1.1\r\nHost: exam', 1000, 'latin1');
      c.s._app.onData(true, batch.subarray(1000, 1000 + 30));
      const parts = c.s._app.send.parts;
      assert.strictEqual(parts.length, 1);
      assert.notStrictEqual(parts[0].buffer, batch.buffer);
      c.send('ple.com\r\n\r\n');
      assert.deepStrictEqual(c.log[0], ['request', 'GET', '/slow']);
      assert.strictEqual(c.http[0].request.getHeader('host'), 'example.com');
    });

    it('a stream that does not start like HTTP (TLS, SSH) is ignored silently', function () {
      for (const start of ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'SSH-2.0-OpenSSH_9.6\r\n', '{"json": 1}\n', 'EHLO mail.example.com\r\n', 'OPTIONS rtsp://cam/s RTSP/1.0\r\n', 'OPTIONS sip:bob@x SIP/2.0\r\n']) {
        const c = conv();
        c.send(start + 'GET / HTTP/1.1\r\n\r\n');
        c.recv('\x16\x03\x03\x00\x7a\x02\x00\x00');
        assert.deepStrictEqual(c.log, [], JSON.stringify(start));
      }
    });

    it('a stream whose first line never ends (no LF before FIN or RST) is not HTTP unless it starts like HTTP', function () {
      // suricata-verify's tcp-fastopen-05: "Hi!" and "Hello!", each side closing after it
      for (const reason of ['fin', 'reset']) {
        for (const [sent, answer] of [['Hi!', 'Hello!'], ['{"json": 1}', 'HTTP'], ['x', '']]) {
          const c = conv();
          c.send(sent);
          if (answer !== '') c.recv(answer);
          if (reason === 'fin') {
            c.fin(true);
            c.fin(false);
          }
          c.s._app.onEnd(reason);
          assert.deepStrictEqual(c.log, [], `${reason} ${sent} ${answer}`);
        }
      }
      // a request line cut by the close is still reported, as is a status line
      const c = conv();
      c.send(GET('/a'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na');
      c.send('GET /index.html HT');
      c.fin(true);
      c.recv('HTTP/1.');
      c.fin(false);
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'error'), [['error', 'send', 'ERR_HTTP_INCOMPLETE'], ['error', 'recv', 'ERR_HTTP_INCOMPLETE']]);
      for (const pieces of [['GET /index.html HT'], ['G', 'E', 'T /index', '.ht']]) {
        const first = conv();
        first.send(...pieces);
        first.fin(true);
        assert.deepStrictEqual(first.log, [['error', 'send', 'ERR_HTTP_INCOMPLETE']], pieces.join('|'));
      }
    });

    it('a broken start line that is plainly HTTP is an error even first on the stream, and keeps its place', function () {
      for (const line of ['GET / HTTP/1.', 'GET /zeek.html', 'OPTIONS HTTP/1.1']) {
        const c = conv();
        c.send(line + '\r\nHost: x\r\n\r\n');
        c.recv('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
        assert.deepStrictEqual(c.log, [['error', 'send', 'ERR_HTTP_PARSE'], ['response', 400, null], ['response complete', 400, 0]], line);
        assert.ok(c.s._app.pending.length === 0, line);
      }
    });

    it('leftover bytes between requests are an error but not a request: the pipeline stays in step', function () {
      const c = conv();
      c.send('POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef\r\n' + GET('/b'));
      c.recv(OK('A') + 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response' || e[0] === 'error'), [['error', 'send', 'ERR_HTTP_PARSE'], ['response', 200, '/a'], ['response', 404, '/b']]);
    });

    it('the response to a broken HEAD line has no body', function () {
      const c = conv();
      c.send('HEAD / HTTP/1.\r\nHost: x\r\n\r\n' + GET('/next'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n' + OK('N'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] !== 'request complete'), [
        ['error', 'send', 'ERR_HTTP_PARSE'],
        ['request', 'GET', '/next'],
        ['response', 200, null],
        ['response complete', 200, 0],
        ['response', 200, '/next'],
        ['response body', 'N'],
        ['response complete', 200, 1],
      ]);
    });

    it('bad headers, bad Content-Length and bad chunk sizes are http errors', function () {
      const cases = [
        [GET('/', 'no colon here\r\n'), 'send'],
        ['GET / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n', 'send'],
        ['GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n', 'send'],
        ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 'send'],
      ];
      for (const [text] of cases) {
        const c = conv();
        c.send(text);
        assert.deepStrictEqual(c.log.filter((e) => e[0] === 'error'), [['error', 'send', 'ERR_HTTP_PARSE']], text);
      }
      const c = conv();
      c.send(GET('/'));
      c.recv('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
      assert.deepStrictEqual(c.log.slice(-1), [['error', 'recv', 'ERR_HTTP_PARSE']]);
    });

    it('limits the head size', function () {
      const c = conv({ limits: { max_header_size: 1024 } });
      c.send('GET / HTTP/1.1\r\n');
      for (let i = 0; i < 40; i++) c.send(`X-Filler-${i}: ${'v'.repeat(40)}\r\n`);
      assert.deepStrictEqual(c.log, [['error', 'send', 'ERR_HTTP_HEADERS_TOO_LARGE']]);
      c.send('\r\n' + GET('/after'));
      assert.deepStrictEqual(c.log.slice(-2), [['request', 'GET', '/after'], ['request complete', 0]]);
    });

    it('a connection closed mid-message is reported', function () {
      const c = conv();
      c.send(GET('/'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some');
      c.fin(false);
      assert.deepStrictEqual(c.log.slice(-1), [['error', 'recv', 'ERR_HTTP_INCOMPLETE']]);
    });

    it('a gap inside a body is skipped and counted; a gap in a head is an error followed by resync', function () {
      const c = conv();
      c.send(GET('/a') + GET('/b'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
      c.gap(false, 4);
      c.recv('xyz' + 'HTTP/1.1 200 OK\r\nContent-');
      c.gap(false, 30);
      c.recv('ength: 2\r\n\r\nzz\r\n' + OK('again'));
      assert.strictEqual(c.http[0].response.body_len, 6);
      assert.strictEqual(c.http[0].response.body_missing, 4);
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response complete' || e[0] === 'error'), [
        ['response complete', 200, 6],
        ['error', 'recv', 'ERR_HTTP_GAP'],
        ['response complete', 200, 5],
      ]);
    });

    it('a request head cut by a gap keeps its place in the pipeline: the responses after it go to the right requests', function () {
      const c = conv();
      const errors = [];
      c.tr.on('http error', (ss, dir, e) => errors.push(e));
      c.send('HEAD /a HTTP/1.1\r\nHost: x\r\n');
      c.gap(true, 62); // the rest of /a's head
      c.send(GET('/b'));
      c.recv('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'); // HEAD: no body follows
      c.recv('HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nB');
      assert.deepStrictEqual(c.log, [
        ['error', 'send', 'ERR_HTTP_GAP'],
        ['request', 'GET', '/b'],
        ['request complete', 0],
        ['response', 200, null],
        ['response complete', 200, 0],
        ['response', 404, '/b'],
        ['response body', 'B'],
        ['response complete', 404, 1],
      ]);
      assert.strictEqual(errors[0].in_head, true);
      assert.strictEqual(errors[0].method, 'HEAD');
      assert.strictEqual(errors[0].exchange.request_error, errors[0], 'the placeholder exchange of /a');
    });

    it('joined mid-stream: skips to the first start line on each side and learns who is the client', function () {
      const c = conv({ mid: true });
      // the "send" side turns out to be the server here
      c.send('tail of an earlier body\r\nmore\r\n' + OK('late'));
      c.recv('rest of a request body' + GET('/next'));
      c.send(OK('answer'));
      assert.deepStrictEqual(c.log, [
        ['response', 200, null],
        ['response body', 'late'],
        ['response complete', 200, 4],
        ['request', 'GET', '/next'],
        ['request complete', 0],
        ['response', 200, '/next'],
        ['response body', 'answer'],
        ['response complete', 200, 6],
      ]);
      assert.strictEqual(c.http[0].request_dir, 'recv');
    });

    it('after a gap before its first response, the response side keeps looking past max_resync_scan: the requests were HTTP', function () {
      const c = conv({ limits: { max_resync_scan: 1000 } });
      c.send(GET('/a'));
      c.gap(false, 100); // the first segment of the response
      c.recv('x'.repeat(3000) + '\r\n');
      c.recv(OK('found'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response complete'), [['response complete', 200, 5]]);
    });

    it('joined mid-stream inside a long body: the side that gave up looks again once the other shows HTTP', function () {
      const c = conv({ mid: true, limits: { max_resync_scan: 1000 } });
      c.recv('y'.repeat(3000) + '\r\n'); // the rest of a long response body: given up on
      c.send(GET('/next'));
      c.recv(OK('answer'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response' || e[0] === 'response complete'), [
        ['response', 200, '/next'],
        ['response complete', 200, 6],
      ]);
    });

    it('a start line over max_line (8 KiB) in several segments is read as in one: not taken for another protocol', function () {
      const url = '/' + 'a'.repeat(9000); // valid: within the head's size, as servers allow
      for (const mss of [100000, 1460, 7]) {
        const c = conv(); // from the SYN: a first line that is not HTTP would be given up on quietly
        const request = GET(url);
        for (let i = 0; i < request.length; i += mss) c.send(request.slice(i, i + mss));
        c.recv(OK('x'));
        c.send(GET('/next'));
        c.recv(OK('y'));
        assert.deepStrictEqual(c.log.filter((e) => e[0] === 'request' || e[0] === 'response'), [
          ['request', 'GET', url],
          ['response', 200, url],
          ['request', 'GET', '/next'],
          ['response', 200, '/next'],
        ], `segments of ${mss} bytes`);
      }
      // a first line that does not end within max_header_size is still not HTTP: no error, no event
      const c = conv({ limits: { max_header_size: 4096 } });
      for (let i = 0; i < 10; i++) c.send('x'.repeat(1000));
      c.send('\r\n' + GET('/after'));
      assert.deepStrictEqual(c.log, []);
    });

    it('a response lost by the capture: the next one is matched to its own request by acknowledgement number', function () {
      const { TCPTracker } = require('../../lib/track');
      const { Flow } = require('./helpers');
      const tracker = new TCPTracker({ http: true });
      const log = [];
      tracker.on('http response', (ss, h) => log.push(['response', h.response.status_code, h.request.url]));
      tracker.on('http error', (ss, dir, e) => log.push(['error', dir, e.code, e.message]));
      const f = new Flow();
      const feed = (...p) => p.flat().forEach((x) => tracker.track_packet(x));
      feed(f.handshake());
      for (const [url, status] of [['/a', 200], ['/b', 200], ['/c', 200], ['/d', 404]]) {
        feed(f.pkt(true, 'PA', GET(url)));
        const response = f.pkt(false, 'PA', status === 200 ? OK(url) : 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno');
        if (url !== '/c') feed(response); // /c's response: not captured
        feed(f.pkt(true, 'A'));
      }
      feed(f.pkt(true, 'FA'), f.pkt(false, 'FA'), f.pkt(true, 'A'));
      assert.deepStrictEqual(log, [
        ['response', 200, '/a'],
        ['response', 200, '/b'],
        ['error', 'recv', 'ERR_HTTP_GAP', 'the response to GET /c was not captured'],
        ['response', 404, '/d'],
      ]);
    });

    it('a request whose end was lost ends past the lost bytes: an answer that acknowledges just it still goes to it', function () {
      const { TCPTracker } = require('../../lib/track');
      const { Flow } = require('./helpers');
      const tracker = new TCPTracker({ http: true });
      const log = [];
      tracker.on('http response', (ss, h) => log.push(['response', h.response.status_code, h.request ? h.request.url : null]));
      tracker.on('http error', (ss, dir, e) => log.push(['error', dir, e.code, e.message]));
      const f = new Flow();
      const feed = (...p) => p.flat().forEach((x) => tracker.track_packet(x));
      feed(f.handshake());
      feed(f.pkt(true, 'PA', GET('/0')));
      feed(f.pkt(false, 'PA', 'HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789'));
      f.pkt(false, 'PA', '0123456789'); // the end of /0's answer: not captured (bytes of the answers lost)
      feed(f.pkt(true, 'PA', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n0123456789'));
      f.pkt(true, 'PA', 'abcdefghij'); // the end of /a's body: not captured
      const endOfA = f.cseq;
      feed(f.pkt(true, 'PA', GET('/b'))); // pipelined
      feed(f.pkt(false, 'PA', OK('/a'), { ack: endOfA })); // answered before /b arrived: acknowledges /a, not /b
      feed(f.pkt(false, 'PA', OK('/b')), f.pkt(true, 'A'));
      feed(f.pkt(true, 'FA'), f.pkt(false, 'FA'), f.pkt(true, 'A'));
      assert.deepStrictEqual(log, [['response', 200, '/0'], ['response', 200, '/a'], ['response', 200, '/b']]);
    });

    it('after a lost response, a 100 Continue belongs to the request it answers, not to the lost exchange', function () {
      const { TCPTracker } = require('../../lib/track');
      const { Flow } = require('./helpers');
      const tracker = new TCPTracker({ http: true });
      const log = [];
      tracker.on('http response', (ss, h) => log.push(['response', h.response.status_code, h.request ? h.request.url : null]));
      tracker.on('http error', (ss, dir, e) => log.push(['error', dir, e.code]));
      const f = new Flow();
      const feed = (...p) => p.flat().forEach((x) => tracker.track_packet(x));
      feed(f.handshake());
      for (const url of ['/a', '/b']) {
        feed(f.pkt(true, 'PA', GET(url)));
        const response = f.pkt(false, 'PA', OK(url));
        if (url !== '/b') feed(response); // /b's response: not captured
        feed(f.pkt(true, 'A'));
      }
      feed(f.pkt(true, 'PA', 'POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n'));
      feed(f.pkt(false, 'PA', 'HTTP/1.1 100 Continue\r\n\r\n'), f.pkt(true, 'PA', 'hello'));
      feed(f.pkt(false, 'PA', OK('/c')), f.pkt(true, 'A'), f.pkt(true, 'PA', GET('/d')), f.pkt(false, 'PA', OK('/d')), f.pkt(true, 'A'));
      assert.deepStrictEqual(log, [['response', 200, '/a'], ['error', 'recv', 'ERR_HTTP_GAP'], ['response', 100, '/c'], ['response', 200, '/c'], ['response', 200, '/d']]);
    });

    it('a request lost by the capture: later responses still pair with their own requests', function () {
      const { TCPTracker } = require('../../lib/track');
      const { Flow } = require('./helpers');
      const tracker = new TCPTracker({ http: true });
      const log = [];
      tracker.on('http response', (ss, h) => log.push(['response', h.request ? h.request.url : null]));
      tracker.on('http error', (ss, dir, e) => log.push(['error', dir, e.code]));
      const f = new Flow();
      const feed = (...p) => p.flat().forEach((x) => tracker.track_packet(x));
      feed(f.handshake());
      for (const url of ['/a', '/b', '/c', '/d', '/e']) {
        const request = f.pkt(true, 'PA', GET(url));
        if (url !== '/b') feed(request); // /b's request: not captured
        feed(f.pkt(false, 'PA', OK(url)), f.pkt(true, 'A'));
      }
      assert.deepStrictEqual(log, [['response', '/a'], ['response', null], ['response', '/c'], ['response', '/d'], ['response', '/e']]);
    });

    it('joined mid-stream with nothing HTTP-like: gives up quietly', function () {
      const c = conv({ mid: true, limits: { max_resync_scan: 1000 } });
      for (let i = 0; i < 10; i++) c.send('x'.repeat(200) + '\n');
      c.send(GET('/too-late'));
      assert.deepStrictEqual(c.log, []);
    });

    it('never throws on random bytes, split anywhere', function () {
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const pieces = ['GET / HTTP/1.1\r\n', 'HTTP/1.1 200 OK\r\n', 'Content-Length: 3\r\n', 'Transfer-Encoding: chunked\r\n', '\r\n', '5\r\n', 'abc', '0\r\n\r\n', '\x00\xff', 'Upgrade: websocket\r\nConnection: upgrade\r\n', 'HTTP/1.1 101 Switching Protocols\r\n', '\x81\x05hello', '\x82\x7e\x01\x00'];
      for (let n = 0; n < 300; n++) {
        const c = conv({ mid: n % 2 === 0 });
        for (let k = 0; k < 30; k++) {
          const p = pieces[Math.floor(rnd() * pieces.length)];
          if (rnd() < 0.1) c.gap(rnd() < 0.5, 1 + Math.floor(rnd() * 50));
          if (rnd() < 0.5) c.send(p);
          else c.recv(p);
        }
        c.fin(true);
        c.fin(false);
      }
    });
  });

  describe('upgrades', function () {
    it('a refused upgrade (200) carries on with HTTP, including what the client sent meanwhile', function () {
      const c = conv();
      c.send(GET('/', 'Connection: Upgrade\r\nUpgrade: h2c\r\n'));
      c.send(GET('/second'));
      assert.strictEqual(c.log.length, 2, 'held until the response decides');
      c.recv(OK('no upgrade') + OK('2'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'request' || e[0] === 'response'), [
        ['request', 'GET', '/'],
        ['response', 200, '/'],
        ['request', 'GET', '/second'],
        ['response', 200, '/second'],
      ]);
    });

    it('101 to websocket: frames both ways after the upgrade, including ones in the same segment', function () {
      const { encodeFrame } = require('../../lib/track');
      const mask = Buffer.from([1, 2, 3, 4]);
      const c = conv();
      c.send(GET('/chat', 'Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'));
      c.send(encodeFrame(1, 'early', { mask }).toString('latin1')); // sent before the 101 was seen
      c.recv('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' + encodeFrame(1, 'welcome').toString('latin1'));
      c.send(encodeFrame(2, Buffer.from([9, 9]), { mask }).toString('latin1'));
      c.recv(encodeFrame(8, Buffer.from([0x03, 0xe8])).toString('latin1'));
      assert.deepStrictEqual(c.log.slice(2), [
        ['response', 101, '/chat'],
        ['response complete', 101, 0],
        ['websocket upgrade'],
        ['websocket message', 'send', 'early', 1],
        ['websocket message', 'recv', 'welcome', 1],
        ['websocket message', 'send', '<2 bytes>', 1],
        ['websocket control', 'recv', 'close', 1000],
      ]);
    });

    it('bytes lost while the upgrade was undecided reach the WebSocket parser in their place', function () {
      const { encodeFrame } = require('../../lib/track');
      const mask = Buffer.from([9, 8, 7, 6]);
      const ws = GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n');
      const yes = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';
      const frame = encodeFrame(1, 'a message of exactly forty bytes, really', { mask }).toString('latin1');
      // lost inside the frame's payload: the message comes, with the lost bytes counted
      const a = conv();
      const infos = [];
      a.tr.on('websocket message', (ss, dir, m, info) => infos.push(info));
      a.send(ws, frame.slice(0, 20));
      a.gap(true, 10);
      a.send(frame.slice(30));
      a.recv(yes);
      assert.deepStrictEqual(a.log.slice(-1), [['websocket message', 'send', 'a message of ety bytes, really', 1]]); // unmasked at the right positions
      assert.strictEqual(infos[0].missing, 10);
      // lost from the frame's header on: no frame boundary is left, so nothing more is made up
      const b = conv();
      b.send(ws);
      b.gap(true, 20);
      b.send(frame.slice(20));
      b.recv(yes);
      assert.deepStrictEqual(b.log.slice(-2), [['websocket upgrade'], ['error', 'send', 'ERR_WS_PROTOCOL']]);
    });

    it('permessage-deflate as the 101 agreed it: each direction inflates with its own window, or none', function () {
      const hex = (t) => Buffer.from(t.replace(/ /g, ''), 'hex');
      const c = conv();
      c.send(GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n'));
      c.recv('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n');
      // the client keeps its window: "Hello" twice, the second from the window (RFC 7692 §7.2.3.2)
      const mask = Buffer.from([1, 2, 3, 4]);
      c.send(encodeFrameRaw(hex('f248cdc9c90700'), mask).toString('latin1'), encodeFrameRaw(hex('f200110000'), mask).toString('latin1'));
      // the server compresses each message on its own: its window is not kept
      c.recv(encodeFrameRaw(hex('f248cdc9c90700')).toString('latin1'), encodeFrameRaw(hex('f248cdc9c90700')).toString('latin1'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'websocket message'), [
        ['websocket message', 'send', 'Hello', 1],
        ['websocket message', 'send', 'Hello', 1],
        ['websocket message', 'recv', 'Hello', 1],
        ['websocket message', 'recv', 'Hello', 1],
      ]);
      assert.strictEqual(c.s._app.ws.send.contextTakeover, true);
      assert.strictEqual(c.s._app.ws.recv.contextTakeover, false);
      assert.strictEqual(c.s._app.ws.recv.window, null);
    });

    it('max_ws_windows bounds the deflate windows of all connections together: the least recently used is dropped, and what refers back to it is said', function () {
      const zlib = require('zlib');
      const tr = new HTTPTracker(undefined, { max_ws_windows: 40000 });
      const messages = [];
      const conns = ['a', 'b'].map((name) => {
        const s = new TCPSession();
        s.current_cap_time = 1;
        tr.attach(s);
        const send = (b) => s._app.onData(true, Buffer.from(b, 'latin1'));
        const recv = (b) => s._app.onData(false, Buffer.from(b, 'latin1'));
        send(GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n'));
        recv('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n');
        return { name, s, recv };
      });
      tr.on('websocket message', (ss, dir, m, info) => messages.push([conns.find((c) => c.s === ss).name, typeof m === 'string' ? m.length : 'compressed', info.inflateError]));
      // a server's messages: 32 KiB of text each, the second compressed against the first (context takeover)
      const text = (seed) => Array.from({ length: 32768 }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed) % 26 ^ (i >> 5) % 7))).join('');
      const deflate = (data, dictionary) => {
        const out = zlib.deflateRawSync(Buffer.from(data), { finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(dictionary ? { dictionary: Buffer.from(dictionary) } : {}) });
        return encodeFrameRaw(out.subarray(0, out.length - 4)).toString('latin1'); // the empty stored block's tail stripped
      };
      const [a, b] = conns;
      a.recv(deflate(text(1)));
      assert.strictEqual(tr.stats.ws_windows_dropped, 0);
      b.recv(deflate(text(2))); // 65,536 bytes of windows: a's, used least recently, goes
      assert.strictEqual(tr.stats.ws_windows_dropped, 1);
      b.recv(deflate(text(2), text(2))); // b's window was kept: a message made of back-references inflates
      a.recv(deflate(text(1), text(1))); // a's was dropped: the same kind of message cannot be inflated, and says why
      assert.deepStrictEqual(messages.slice(0, 3), [['a', 32768, null], ['b', 32768, null], ['b', 32768, null]]);
      assert.strictEqual(messages[3][0], 'a');
      assert.strictEqual(messages[3][1], 'compressed');
      assert.match(messages[3][2], /window was dropped to stay within max_ws_windows/);
      // the end of a connection gives its windows back
      a.s._app.onEnd('fin');
      b.s._app.onEnd('fin');
      assert.strictEqual(tr._wsWindowBytes, 0);
      assert.strictEqual(tr._wsWindows.size, 0);
    });

    it('a WebSocket connection is kept through an hour of quiet, as an HTTP/2 one is', function () {
      const { TCPTracker, encodeFrame } = require('../../lib/track');
      const { Flow } = require('./helpers');
      const tracker = new TCPTracker({ http: true });
      const messages = [];
      tracker.on('websocket message', (ss, dir, m) => messages.push(m));
      const f = new Flow({ t: 100 });
      const feed = (...ps) => ps.flat().forEach((p) => tracker.track_packet(p));
      feed(f.handshake(), f.pkt(true, 'PA', GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n')));
      feed(f.pkt(false, 'PA', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
      const s = Object.values(tracker.sessions)[0];
      assert.strictEqual(s.idle_timeout, 3600);
      feed(f.pkt(true, 'PA', encodeFrame(1, 'are you there?', { mask: Buffer.from([1, 2, 3, 4]) }), { t: 100 + 600 }));
      feed(f.pkt(false, 'PA', encodeFrame(1, 'yes'), { t: 100 + 600.01 }));
      assert.deepStrictEqual(messages, ['are you there?', 'yes']);
      assert.strictEqual(Object.values(tracker.sessions)[0], s, 'the same session after ten quiet minutes');
      // a tracker that never ends quiet sessions keeps it so
      const never = new TCPTracker({ http: true, idle_timeout: 0 });
      const g = new Flow();
      for (const p of [...g.handshake(), g.pkt(true, 'PA', GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\n')), g.pkt(false, 'PA', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')]) never.track_packet(p);
      assert.strictEqual(Object.values(never.sessions)[0].idle_timeout, 0);
    });

    it('a refused upgrade replays the held bytes with their gap: the request cut by it keeps its place', function () {
      const c = conv();
      c.send(GET('/', 'Connection: Upgrade\r\nUpgrade: h2c\r\n'));
      c.send('GET /cut HTTP/1.1\r\nHost: x\r\n');
      c.gap(true, 20);
      c.send(GET('/after'));
      c.recv(OK('no upgrade') + OK('1') + OK('2'));
      assert.deepStrictEqual(c.log.filter((e) => e[0] === 'response' || e[0] === 'request' || e[0] === 'error'), [
        ['request', 'GET', '/'],
        ['response', 200, '/'],
        ['error', 'send', 'ERR_HTTP_GAP'],
        ['request', 'GET', '/after'],
        ['response', 200, null],
        ['response', 200, '/after'],
      ]);
    });
  });

  it('HttpParser is usable on its own', function () {
    const events = [];
    const p = new HttpParser({
      onHead: (_, m) => events.push(m.method || m.status_code),
      onBody: (_, m, c) => events.push(c.toString()),
      onComplete: () => events.push('done'),
      onError: (_, e) => events.push(e.code),
      onUpgradedData() {},
      onUpgradedGap() {},
    }, 1, true);
    p.execute(Buffer.from('DELETE /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nok'));
    assert.deepStrictEqual(events, ['DELETE', 'ok', 'done']);
  });

  it('a header named __proto__ is a header like any other, not the headers object\'s prototype', function () {
    let msg;
    const p = new HttpParser({
      onHead: (_, m) => (msg = m),
      onBody() {},
      onComplete() {},
      onError() {},
      onUpgradedData() {},
      onUpgradedGap() {},
    }, 1, true);
    p.execute(Buffer.from('GET / HTTP/1.1\r\n__proto__: a\r\n__proto__: b\r\nHost: x\r\n\r\n'));
    assert.strictEqual(Object.getPrototypeOf(msg.headers), Object.prototype);
    assert.deepStrictEqual(Object.keys(msg.headers), ['__proto__', 'Host']);
    assert.strictEqual(msg.headers.__proto__, 'a, b');
    assert.strictEqual(msg.getHeader('__proto__'), 'a, b');
  });
});
