'use strict';
// Work that must grow linearly with the input, checked by counting operations (deterministic,
// unlike timings): folded header lines, the HTTP/1 resync scan.

const assert = require('assert');
const { HTTPTracker, TCPSession } = require('../../lib/track');

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
});
