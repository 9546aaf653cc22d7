'use strict';
// RFC 6455 frame parsing: masked/unmasked, 7/16/64-bit lengths, fragmentation with control
// frames in between, close/ping/pong, any split, protocol errors, size cap, gaps.

const assert = require('assert');
const { WebSocketParser, encodeFrame } = require('../../lib/track');
const { holds, inBatch } = require('./helpers');

function parser(opts) {
  const log = [];
  const p = new WebSocketParser({
    onMessage: (_, m, info) => log.push(['message', typeof m === 'string' ? m : Buffer.from(m), info]),
    onControl: (_, f) => log.push(['control', f.type, f.code, f.reason, f.data.toString('latin1')]),
    onError: (_, e) => log.push(['error', e.code, e.message]),
  }, opts);
  return { p, log };
}

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

describe('WebSocket frames', function () {
  it('unmasked text: RFC 6455 §5.7 example "Hello"', function () {
    const { p, log } = parser();
    p.execute(Buffer.from([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
    assert.strictEqual(log.length, 1);
    assert.strictEqual(log[0][1], 'Hello');
    assert.deepStrictEqual(log[0][2], { type: 'text', opcode: 1, length: 5, frames: 1, truncated: false, missing: 0, compressed: false, inflated: false, inflateError: null });
  });

  it('masked text: RFC 6455 §5.7 example', function () {
    const { p, log } = parser();
    p.execute(Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
    assert.strictEqual(log[0][1], 'Hello');
  });

  it('fragmented unmasked text with a ping between the fragments (§5.7)', function () {
    const { p, log } = parser();
    p.execute(Buffer.from([0x01, 0x03, 0x48, 0x65, 0x6c]));
    p.execute(Buffer.from([0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
    p.execute(Buffer.from([0x80, 0x02, 0x6c, 0x6f]));
    assert.deepStrictEqual(log.map((e) => e.slice(0, 2)), [['control', 'ping'], ['message', 'Hello']]);
    assert.strictEqual(log[1][2].frames, 2);
  });

  it('a message in 20000 one-byte masked fragments is kept in one buffer of its own', function () {
    const { p, log } = parser();
    const frames = [encodeFrame(2, Buffer.from([0]), { mask: MASK, fin: false })];
    for (let k = 1; k < 20000; k++) frames.push(encodeFrame(0, Buffer.from([k & 0xff]), { mask: MASK, fin: k === 19999 }));
    const stream = Buffer.concat(frames);
    p.execute(stream.subarray(0, stream.length - 3));
    assert.ok(Buffer.isBuffer(p.msgBuf) && p.msgBuf.buffer !== stream.buffer, 'one buffer, a copy');
    p.execute(stream.subarray(stream.length - 3));
    assert.strictEqual(log.length, 1);
    assert.strictEqual(log[0][2].frames, 20000);
    assert.strictEqual(log[0][1].length, 20000);
    assert.ok(log[0][1].every((b, k) => b === (k & 0xff)));
  });

  it('a one-frame message split across segments is gathered in a buffer of exactly its size', function () {
    let got = null;
    const p = new WebSocketParser({ onMessage: (_, m) => (got = m), onControl() {}, onError() {} }, {});
    const f = encodeFrame(2, Buffer.alloc(100000, 7));
    p.execute(f.subarray(0, 50000));
    p.execute(f.subarray(50000));
    assert.strictEqual(got.length, 100000);
    assert.strictEqual(got.buffer.byteLength, 100000); // no doubling to 128 KiB and more
    assert.ok(got.every((b) => b === 7));
  });

  it('an unmasked fragment is copied, not kept as a view of the capture batch', function () {
    const { p, log } = parser();
    const batch = Buffer.alloc(1 << 20);
    encodeFrame(2, Buffer.from('abc'), { fin: false }).copy(batch, 100);
    p.execute(batch.subarray(100, 105));
    assert.notStrictEqual(p.msgBuf.buffer, batch.buffer);
    p.execute(encodeFrame(0, Buffer.from('d')));
    assert.strictEqual(Buffer.from(log[0][1]).toString(), 'abcd');
  });

  it('an unmasked control frame split across segments is copied, not kept as a view of the capture batch', function () {
    const { p, log } = parser();
    const batch = Buffer.alloc(1 << 21);
    const ping = encodeFrame(9, 'hello');
    p.execute(inBatch(batch, 100, ping.subarray(0, 4)));
    assert.strictEqual(holds(p, batch.buffer).into, null);
    p.execute(inBatch(batch, 200, ping.subarray(4)));
    assert.deepStrictEqual(log, [['control', 'ping', null, null, 'hello']]);
  });

  it('a frame header declaring 1 MiB + 1 costs the bytes that arrived, not 1 MiB at once: the copy grows by doubling as they come', function () {
    for (const mask of [null, MASK]) {
      const { p, log } = parser();
      const payload = Buffer.alloc((1 << 20) + 1, 'abcdefghijk');
      const f = encodeFrame(2, payload, { mask });
      const head = 10 + (mask ? 4 : 0);
      p.execute(f.subarray(0, head + 1));
      const held = holds(p).bytes;
      assert.ok(held <= 32768, `${held} bytes held for a header and one byte`);
      for (let i = head + 1; i < f.length; i += 60000) p.execute(f.subarray(i, Math.min(f.length, i + 60000)));
      assert.strictEqual(log.length, 1);
      const [, data, info] = log[0];
      assert.deepStrictEqual([data.length, info.length, info.truncated], [1 << 20, (1 << 20) + 1, true]);
      assert.ok(data.equals(payload.subarray(0, 1 << 20)));
    }
  });

  it('binary with 16-bit and 64-bit lengths, masked and not', function () {
    const { p, log } = parser();
    const a = Buffer.alloc(256, 1);
    const b = Buffer.alloc(65536 + 10, 2);
    p.execute(encodeFrame(2, a, { mask: MASK }));
    p.execute(encodeFrame(2, b));
    p.execute(encodeFrame(2, b, { mask: MASK }));
    assert.strictEqual(log.length, 3);
    assert.ok(log[0][1].equals(a));
    assert.ok(log[1][1].equals(b));
    assert.ok(log[2][1].equals(b));
    assert.strictEqual(log[2][2].type, 'binary');
    assert.strictEqual(log[2][2].length, 65546);
  });

  it('close with code and reason, ping and pong payloads, empty frames', function () {
    const { p, log } = parser();
    p.execute(Buffer.concat([
      encodeFrame(9, 'hi', { mask: MASK }),
      encodeFrame(10, 'hi'),
      encodeFrame(1, ''),
      encodeFrame(8, Buffer.concat([Buffer.from([0x03, 0xe9]), Buffer.from('going away')]), { mask: MASK }),
      encodeFrame(8, Buffer.alloc(0)),
    ]));
    assert.deepStrictEqual(log.map((e) => e.slice(0, 5)), [
      ['control', 'ping', null, null, 'hi'],
      ['control', 'pong', null, null, 'hi'],
      ['message', '', log[2][2]],
      ['control', 'close', 1001, 'going away', '\x03\xe9going away'],
      ['control', 'close', null, null, ''],
    ].map((e) => e.slice(0, 5)));
  });

  it('gives the same result for every split of a frame sequence', function () {
    const stream = Buffer.concat([
      encodeFrame(1, 'frag-', { fin: false, mask: MASK }),
      encodeFrame(9, 'p', { mask: MASK }),
      encodeFrame(0, 'ment', { fin: false, mask: MASK }),
      encodeFrame(0, 'ed', { mask: MASK }),
      encodeFrame(2, Buffer.alloc(300, 5), { mask: MASK }),
      encodeFrame(1, 'last'),
    ]);
    const whole = parser();
    whole.p.execute(stream);
    assert.deepStrictEqual(whole.log.map((e) => e[1]).slice(0, 2), ['ping', 'frag-mented']);
    for (let i = 1; i < stream.length; i++) {
      const { p, log } = parser();
      p.execute(stream.subarray(0, i));
      p.execute(stream.subarray(i));
      assert.deepStrictEqual(log, whole.log, `split at ${i}`);
    }
    const { p, log } = parser();
    for (let i = 0; i < stream.length; i++) p.execute(stream.subarray(i, i + 1));
    assert.deepStrictEqual(log, whole.log);
  });

  it('reports protocol errors without throwing', function () {
    const cases = [
      [Buffer.from([0x83, 0x00]), 'reserved opcode 3'],
      [Buffer.from([0x89, 0x7e, 0x00, 0x7e]), 'control frame longer than 125 bytes'],
      [Buffer.from([0x09, 0x00]), 'fragmented control frame'],
      [Buffer.from([0x80, 0x00]), 'continuation frame without a message to continue'],
      [Buffer.from([0xc1, 0x00]), 'reserved bits set'],
      [Buffer.from([0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), 'frame length over 2^53'],
    ];
    for (const [bytes, why] of cases) {
      const { p, log } = parser();
      p.execute(bytes);
      p.execute(encodeFrame(1, 'ignored after an error'));
      assert.deepStrictEqual(log, [['error', 'ERR_WS_PROTOCOL', 'WebSocket: ' + why]]);
    }
  });

  describe('permessage-deflate (RFC 7692)', function () {
    const hex = (t) => Buffer.from(t.replace(/ /g, ''), 'hex');
    const texts = (log) => log.map((e) => (e[0] === 'message' ? (typeof e[1] === 'string' ? e[1] : `<${e[1].length} bytes compressed: ${e[2].inflateError}>`) : e[2]));

    it('inflates the examples of §7.2.3: one block, a shared window, a stored block, BFINAL set, two blocks', function () {
      const { p, log } = parser({ deflate: true });
      p.execute(hex('c107 f248cdc9c90700')); // 7.2.3.1
      p.execute(hex('c105 f200110000')); // 7.2.3.2: "Hello" again, from the window
      p.execute(hex('c10b 000500faff48656c6c6f00')); // 7.2.3.3
      p.execute(hex('c108 f348cdc9c907 0000')); // 7.2.3.4
      p.execute(hex('c10d f24805000000ffffcac9c90700')); // 7.2.3.5
      assert.deepStrictEqual(texts(log), ['Hello', 'Hello', 'Hello', 'Hello', 'Hello']);
      assert.deepStrictEqual([log[0][2].compressed, log[0][2].inflated, log[0][2].length], [true, true, 7]);
      // a compressed message in two fragments (RSV1 on the first only), and binary stays a Buffer
      p.execute(Buffer.concat([hex('4103 f248cd'), hex('8004 c9c90700')]));
      p.execute(hex('c207 f248cdc9c90700'));
      assert.strictEqual(log[5][1], 'Hello');
      assert.ok(Buffer.isBuffer(log[6][1]) && log[6][1].toString() === 'Hello');
    });

    it('a stream compressed with context takeover, as zlib and browsers send it, message by message', async function () {
      const zlib = require('zlib');
      const deflate = zlib.createDeflateRaw();
      const chunks = [];
      deflate.on('data', (c) => chunks.push(c));
      const words = Array.from({ length: 300 }, (_, i) => `message ${i}: ${'the same words again '.repeat(i % 7)}${i * 7919}`);
      const { p, log } = parser({ deflate: true });
      for (const w of words) {
        deflate.write(w);
        await new Promise((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
        const all = Buffer.concat(chunks.splice(0));
        p.execute(encodeFrame(1, all.subarray(0, all.length - 4), { rsv1: true, mask: MASK }));
      }
      assert.deepStrictEqual(texts(log), words);
      assert.ok(p.window.length <= 32768);
    });

    it('a message with bytes lost stays compressed, and with a shared window so do the ones after it', function () {
      const { p, log } = parser({ deflate: true });
      p.execute(hex('c107 f248cd'));
      p.gap(2);
      p.execute(hex('0700'));
      p.execute(hex('c105 f200110000'));
      assert.deepStrictEqual(texts(log), [
        '<5 bytes compressed: bytes of it were not captured>',
        '<5 bytes compressed: an earlier message of this direction could not be inflated, and this one may refer back to it>',
      ]);
      // each message on its own (no context takeover): the next one inflates
      const own = parser({ deflate: { contextTakeover: false } });
      own.p.execute(hex('c107 f248cd'));
      own.p.gap(2);
      own.p.execute(hex('0700'));
      own.p.execute(hex('c107 f248cdc9c90700'));
      assert.deepStrictEqual(texts(own.log), ['<5 bytes compressed: bytes of it were not captured>', 'Hello']);
    });

    it('no message inflates past max_message (a compression bomb); bad data is an inflateError, not a throw', function () {
      const zlib = require('zlib');
      const bomb = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      const { p, log } = parser({ deflate: true, max_message: 4096 });
      p.execute(encodeFrame(2, bomb.subarray(0, bomb.length - 4), { rsv1: true }));
      assert.strictEqual(log[0][2].inflateError, 'it inflates to more than max_ws_message (4096 bytes)');
      assert.strictEqual(log[0][1].length, bomb.length - 4);
      const bad = parser({ deflate: true });
      bad.p.execute(encodeFrame(1, Buffer.from([0xff, 0xff, 0xff]), { rsv1: true }));
      assert.match(bad.log[0][2].inflateError, /^it does not inflate \(/);
      assert.strictEqual(bad.log[0][2].inflated, false);
    });
  });

  it('cuts messages longer than max_message and says so', function () {
    const { p, log } = parser({ max_message: 100 });
    p.execute(encodeFrame(2, Buffer.alloc(1000, 3), { mask: MASK }));
    assert.strictEqual(log[0][1].length, 100);
    assert.strictEqual(log[0][2].length, 1000);
    assert.strictEqual(log[0][2].truncated, true);
  });

  it('a gap inside a payload is counted; one across frame boundaries is an error', function () {
    const { p, log } = parser();
    const f = encodeFrame(2, Buffer.alloc(100, 1));
    p.execute(f.subarray(0, 30));
    p.gap(20);
    p.execute(f.subarray(50));
    assert.strictEqual(log[0][2].missing, 20);
    assert.strictEqual(log[0][1].length, 80);
    p.gap(5);
    assert.strictEqual(log[1][1], 'ERR_WS_PROTOCOL');
  });
});
