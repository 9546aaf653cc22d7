'use strict';
// A first-in first-out list whose shift() costs the same at any length. An Array's shift() or
// splice(0, 1) moves every entry behind the first: with tens of thousands of commands waiting on
// one connection (a pipeline never answered, then answered), answering them all took seconds
// (65,536: 8 s with indexOf + splice, 4.7 s with shift). Here the head moves instead, and the
// storage is cut down once more than half of it lies behind the head.

const COMPACT_AT = 1024; // entries behind the head before compacting is worth a copy

class Fifo {
  constructor() {
    this._items = [];
    this._head = 0;
  }

  /** Entries waiting. */
  get length() {
    return this._items.length - this._head;
  }

  /** The oldest entry, or undefined. */
  get first() {
    return this._head < this._items.length ? this._items[this._head] : undefined;
  }

  /** The newest entry, or undefined. */
  get last() {
    return this._head < this._items.length ? this._items[this._items.length - 1] : undefined;
  }

  /** Adds an entry at the end. */
  push(entry) {
    this._items.push(entry);
  }

  /** Removes and returns the oldest entry (undefined when empty). */
  shift() {
    if (this._head >= this._items.length) return undefined;
    const entry = this._items[this._head];
    this._items[this._head++] = undefined; // not kept alive by the list
    if (this._head === this._items.length) {
      this._items = [];
      this._head = 0;
    } else if (this._head >= COMPACT_AT && this._head * 2 >= this._items.length) {
      this._items = this._items.slice(this._head);
      this._head = 0;
    }
    return entry;
  }

  /** Removes `entry` (constant work when it is the first, as replies in order make it). */
  remove(entry) {
    if (this._head < this._items.length && this._items[this._head] === entry) {
      this.shift();
      return true;
    }
    const i = this._items.indexOf(entry, this._head);
    if (i < 0) return false;
    this._items.splice(i, 1);
    return true;
  }

  /** The oldest entry `test` accepts, or undefined. */
  find(test) {
    for (let i = this._head; i < this._items.length; i++) if (test(this._items[i])) return this._items[i];
    return undefined;
  }

  /** Where the first entry `test` accepts stands (0: the first), or -1. */
  findIndex(test) {
    for (let i = this._head; i < this._items.length; i++) if (test(this._items[i])) return i - this._head;
    return -1;
  }

  /** Removes the first `n` entries and returns them, oldest first. */
  shiftMany(n) {
    const out = [];
    while (out.length < n && this.length > 0) out.push(this.shift());
    return out;
  }

  /** The entries, oldest first, left in place. */
  * [Symbol.iterator]() {
    for (let i = this._head; i < this._items.length; i++) yield this._items[i];
  }

  /** Removes every entry and returns them, oldest first. */
  drain() {
    const all = this._items.slice(this._head);
    this._items = [];
    this._head = 0;
    return all;
  }

  /** The storage in use, entries and the room behind the head (for tests). */
  get _capacity() {
    return this._items.length;
  }
}

module.exports = { Fifo };
