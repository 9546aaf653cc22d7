'use strict';
// DNSCache (node_pcap 3.x's reverse-DNS cache), with a stand-in lookup: the tests make no DNS
// queries.

const assert = require('assert');
const pcap = require('..');

/** A lookup that answers only when told, recording what was asked. */
function fakeReverse(answers) {
  const asked = [];
  const pending = [];
  const reverse = (ip, cb) => {
    asked.push(ip);
    pending.push(() => (answers[ip] instanceof Error ? cb(answers[ip]) : cb(null, answers[ip])));
  };
  const answerAll = () => pending.splice(0).forEach((f) => f());
  return { reverse, asked, answerAll };
}

describe('DNSCache', function () {
  it("ptr() gives the address until the lookup answers, then the name; one lookup per address (node_pcap's behaviour)", function () {
    const f = fakeReverse({ '192.0.2.1': ['host.example.', 'alias.example.'], '2001:db8::1': ['six.example.'] });
    const c = new pcap.DNSCache({ reverse: f.reverse });
    assert.strictEqual(c.ptr('192.0.2.1'), '192.0.2.1');
    assert.strictEqual(c.ptr('192.0.2.1'), '192.0.2.1');
    assert.strictEqual(c.ptr('2001:db8::1'), '2001:db8::1');
    assert.deepStrictEqual(f.asked, ['192.0.2.1', '2001:db8::1']);
    assert.strictEqual(c.requests['192.0.2.1'], true);
    f.answerAll();
    assert.strictEqual(c.ptr('192.0.2.1'), 'host.example.');
    assert.strictEqual(c.ptr('2001:db8::1'), 'six.example.');
    assert.deepStrictEqual({ ...c.cache }, { '192.0.2.1': 'host.example.', '2001:db8::1': 'six.example.' });
    assert.deepStrictEqual({ ...c.requests }, {});
    assert.deepStrictEqual(f.asked, ['192.0.2.1', '2001:db8::1']);
  });

  it('a failed lookup, an empty answer and an address dns.reverse refuses all keep the address', function () {
    const f = fakeReverse({ '192.0.2.2': Object.assign(new Error('queryPtr ENOTFOUND'), { code: 'ENOTFOUND' }), '192.0.2.3': [] });
    const c = new pcap.DNSCache({ reverse: f.reverse });
    c.ptr('192.0.2.2');
    c.ptr('192.0.2.3');
    f.answerAll();
    assert.strictEqual(c.ptr('192.0.2.2'), '192.0.2.2');
    assert.strictEqual(c.ptr('192.0.2.3'), '192.0.2.3');
    assert.deepStrictEqual(f.asked, ['192.0.2.2', '192.0.2.3']); // not asked again
    const real = new pcap.DNSCache(); // dns.reverse throws at once for a non-address: no query
    assert.strictEqual(real.ptr('not an address'), 'not an address');
    assert.strictEqual(real.cache['not an address'], 'not an address');
  });

  it("an address field of a decoded packet (an IPv4Addr or IPv6Addr) is looked up as its text", function () {
    const f = fakeReverse({ '192.0.2.1': ['host.example.'], '2001:db8::1': ['six.example.'] });
    const c = new pcap.DNSCache({ reverse: f.reverse });
    const v4 = new pcap.IPv4Addr('192.0.2.1');
    const v6 = new pcap.IPv6Addr('2001:db8::1');
    assert.strictEqual(c.ptr(v4), '192.0.2.1');
    assert.strictEqual(c.ptr(v6), '2001:db8::1');
    assert.deepStrictEqual(f.asked, ['192.0.2.1', '2001:db8::1']);
    assert.ok(f.asked.every((ip) => typeof ip === 'string')); // dns.reverse refuses String objects
    f.answerAll();
    assert.strictEqual(c.ptr(v4), 'host.example.');
    assert.strictEqual(c.ptr(v6), 'six.example.');
    assert.deepStrictEqual({ ...c.cache }, { '192.0.2.1': 'host.example.', '2001:db8::1': 'six.example.' });
  });

  it('ptr() and on_ptr() take an address, as a string', function () {
    const c = new pcap.DNSCache({ reverse: () => {} });
    for (const bad of [undefined, null, 5, {}, Object.create(null), Symbol('ip')]) {
      assert.throws(() => c.ptr(bad), { code: 'ERR_INVALID_ARG_TYPE' });
      assert.throws(() => c.on_ptr(null, bad, ['x']), { code: 'ERR_INVALID_ARG_TYPE' });
    }
  });

  it('holds at most maxEntries answers, forgetting the oldest', function () {
    const names = {};
    for (let i = 0; i < 5; i++) names[`192.0.2.${i}`] = [`h${i}.example.`];
    const f = fakeReverse(names);
    const c = new pcap.DNSCache({ reverse: f.reverse, maxEntries: 3 });
    for (let i = 0; i < 5; i++) c.ptr(`192.0.2.${i}`);
    f.answerAll();
    assert.deepStrictEqual(Object.keys(c.cache), ['192.0.2.2', '192.0.2.3', '192.0.2.4']);
    assert.strictEqual(c.ptr('192.0.2.0'), '192.0.2.0'); // forgotten: asked again
    assert.strictEqual(f.asked.filter((ip) => ip === '192.0.2.0').length, 2);
  });

  it('with a ttl, an answer older than it is looked up again; names put in cache by the program stay', async function () {
    const f = fakeReverse({ '192.0.2.9': ['nine.example.'] });
    const c = new pcap.DNSCache({ reverse: f.reverse, ttl: 30 });
    c.cache['192.0.2.10'] = 'mine.example.';
    c.ptr('192.0.2.9');
    f.answerAll();
    assert.strictEqual(c.ptr('192.0.2.9'), 'nine.example.');
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(c.ptr('192.0.2.9'), '192.0.2.9');
    assert.strictEqual(c.ptr('192.0.2.10'), 'mine.example.');
    assert.deepStrictEqual(f.asked, ['192.0.2.9', '192.0.2.9']);
  });

  it('rejects bad options', function () {
    assert.throws(() => new pcap.DNSCache({ maxEntries: 0 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => new pcap.DNSCache({ maxEntries: '5' }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => new pcap.DNSCache({ ttl: -1 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => new pcap.DNSCache({ reverse: 'dns' }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => new pcap.DNSCache(5), { code: 'ERR_INVALID_ARG_TYPE' });
  });
});
