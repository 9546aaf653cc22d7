'use strict';
const assert = require('node:assert');
const { parseTcpOptions, TcpOptions, timestampValue } = require('../../../lib/decode/transport/tcp_options');

const parse = (bytes, headerExtra = 0, pre = 5) => {
  const b = Buffer.concat([Buffer.alloc(pre, 0xee), Buffer.from(bytes), Buffer.alloc(3, 0xee)]);
  return parseTcpOptions(b, pre, pre + bytes.length, pre + bytes.length + headerExtra);
};

describe('decode/transport/tcp_options', () => {
  it('an empty list', () => {
    const o = parse([]);
    assert.ok(o instanceof TcpOptions);
    assert.deepStrictEqual({ ...o, list: undefined }, { mss: null, window_scale: null, sack_ok: null, sack: null, timestamp: null, echo: null, md5: null, userTimeout: null, tfo: null, mptcp: null, list: undefined, error: null });
    assert.deepStrictEqual(o.list, []);
    assert.strictEqual(o.toString(), '');
  });

  it('every common option in one list, in order', () => {
    const o = parse([2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 5, 10, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0]);
    assert.strictEqual(o.mss, 1460);
    assert.strictEqual(o.window_scale, 7);
    assert.strictEqual(o.sack_ok, true);
    assert.strictEqual(o.timestamp, 1);
    assert.strictEqual(o.echo, 2);
    assert.deepStrictEqual(o.sack, [[10, 20]]);
    assert.deepStrictEqual(o.list.map((x) => x.kind), [2, 1, 3, 4, 8, 5, 0, 0]);
    assert.deepStrictEqual(o.list[4], { kind: 8, length: 10, value: 1, echo: 2 });
    assert.strictEqual(o.toString(), '[mss 1460,nop,wscale 7,sackOK,TS val 1 ecr 2,sack 10:20,eol,eol]');
  });

  it('large 32-bit values stay positive', () => {
    const o = parse([8, 10, 0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 0]);
    assert.strictEqual(o.timestamp, 0xffffffff);
    assert.strictEqual(o.echo, 0x80000000);
  });

  it('the first of a repeated option wins; all stay in the list', () => {
    const o = parse([2, 4, 0, 100, 2, 4, 0, 200]);
    assert.strictEqual(o.mss, 100);
    assert.deepStrictEqual(o.list.map((x) => x.mss), [100, 200]);
  });

  it('an option cut by the capture is "options truncated", cut by the header is "bad option length"', () => {
    assert.strictEqual(parse([1, 8, 10, 0, 0], 6).error, 'options truncated');
    assert.strictEqual(parse([1, 8, 10, 0, 0], 0).error, 'bad option length');
    assert.strictEqual(parse([1, 8], 8).error, 'options truncated');
    assert.strictEqual(parse([1, 8], 0).error, 'option length missing');
    assert.strictEqual(parse([1, 1], 2).error, 'options truncated');
  });

  it('timestampValue() finds the TSval parseTcpOptions() gives, or -1, on 50,000 random option lists', () => {
    // lists made of real kinds (mostly well formed, some with bad lengths), cut anywhere
    let seed = 7;
    const rand = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const kinds = [0, 1, 2, 3, 4, 5, 8, 8, 8, 19, 28, 30, 34, 254];
    let found = 0;
    for (let i = 0; i < 50000; i++) {
      const bytes = [];
      while (bytes.length < 40 && rand(8) !== 0) {
        const kind = kinds[rand(kinds.length)];
        if (kind <= 1) bytes.push(kind);
        else {
          const len = rand(10) === 0 ? rand(12) : kind === 8 ? 10 : 2 + rand(8);
          bytes.push(kind, len);
          for (let k = 2; k < len; k++) bytes.push(rand(256));
        }
      }
      const cut = bytes.slice(0, Math.min(40, rand(5) === 0 ? rand(bytes.length + 1) : bytes.length));
      const b = Buffer.from(cut);
      const o = parseTcpOptions(b, 0, b.length);
      assert.strictEqual(timestampValue(b, 0, b.length), o.timestamp === null ? -1 : o.timestamp, b.toString('hex'));
      if (o.timestamp !== null) found++;
    }
    assert.ok(found > 5000, String(found));
  });

  it('reads from a plain Uint8Array too', () => {
    const u = new Uint8Array([9, 9, 34, 4, 0xab, 0xcd, 19, 3, 1]);
    const o = parseTcpOptions(u, 2, 9);
    assert.strictEqual(o.tfo.cookie.toString('hex'), 'abcd');
    assert.ok(Buffer.isBuffer(o.list[1].data));
    assert.deepStrictEqual([...o.list[1].data], [1]);
  });

  it('experimental options 253/254 keep their ExID', () => {
    const o = parse([253, 6, 0x12, 0x34, 0xaa, 0xbb, 254, 4, 0xf9, 0x89]);
    assert.strictEqual(o.list[0].exid, 0x1234);
    assert.deepStrictEqual([...o.list[0].data], [0xaa, 0xbb]);
    assert.strictEqual(o.list[1].exid, 0xf989);
    assert.strictEqual(o.tfo.cookie.length, 0);
    assert.strictEqual(o.toString(), '[exp-1234,tfo cookiereq]');
    assert.deepStrictEqual(parse([254, 3, 1]).list[0], { kind: 254, length: 3, data: Buffer.from([1]) });
  });

  it('MPTCP subtypes', () => {
    const names = ['MP_CAPABLE', 'MP_JOIN', 'DSS', 'ADD_ADDR', 'REMOVE_ADDR', 'MP_PRIO', 'MP_FAIL', 'MP_FASTCLOSE', 'MP_TCPRST'];
    names.forEach((n, st) => {
      const o = parse([30, 4, (st << 4) | 1, 0x81]);
      assert.strictEqual(o.mptcp.subtype, st);
      assert.strictEqual(o.mptcp.subtypeName, n);
    });
    assert.strictEqual(parse([30, 3, 0xf0]).mptcp.subtypeName, null);
    assert.strictEqual(parse([30, 2]).mptcp, null);
  });
});
