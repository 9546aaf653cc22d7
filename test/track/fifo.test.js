'use strict';
// examples/lib/fifo.js: the first-in first-out list the trace tools keep their waiting requests in.

const assert = require('assert');
const { Fifo } = require('../../examples/lib/fifo');

describe('examples/lib/fifo.js', function () {
  it('gives entries back oldest first, with first, last, length, find, findIndex and iteration agreeing with an Array', function () {
    const fifo = new Fifo();
    const model = [];
    // a random mix of pushes, shifts and removals, checked against an Array after each step
    let seed = 7;
    const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let step = 0; step < 20000; step++) {
      const r = rand(10);
      if (r < 5) {
        fifo.push(step);
        model.push(step);
      } else if (r < 8) {
        assert.strictEqual(fifo.shift(), model.shift());
      } else if (model.length > 0) {
        const victim = model[rand(model.length)];
        assert.strictEqual(fifo.remove(victim), true);
        model.splice(model.indexOf(victim), 1);
      } else {
        assert.strictEqual(fifo.remove(-1), false);
      }
      assert.strictEqual(fifo.length, model.length);
      assert.strictEqual(fifo.first, model[0]);
      assert.strictEqual(fifo.last, model[model.length - 1]);
      if (step % 97 === 0) {
        assert.deepStrictEqual([...fifo], model);
        const odd = (x) => x % 2 === 1;
        assert.strictEqual(fifo.find(odd), model.find(odd));
        assert.strictEqual(fifo.findIndex(odd), model.findIndex(odd));
      }
    }
    assert.deepStrictEqual(fifo.shiftMany(3), model.splice(0, 3));
    assert.deepStrictEqual(fifo.drain(), model);
    assert.strictEqual(fifo.length, 0);
    assert.strictEqual(fifo.first, undefined);
    assert.strictEqual(fifo.last, undefined);
    assert.strictEqual(fifo.shift(), undefined);
  });

  it('does not keep what it gave back: the storage shrinks as the head moves on', function () {
    const fifo = new Fifo();
    for (let i = 0; i < 100000; i++) fifo.push({ i });
    for (let i = 0; i < 99990; i++) assert.strictEqual(fifo.shift().i, i);
    // compacted whenever over half of the storage lay behind the head
    assert.ok(fifo._capacity < 2 * 1024 + 10, `capacity ${fifo._capacity}`);
    assert.deepStrictEqual([...fifo].map((e) => e.i), [99990, 99991, 99992, 99993, 99994, 99995, 99996, 99997, 99998, 99999]);
  });
});
