'use strict';
// What DHCP and DHCPv6 options share: an option is a code, a length and bytes in the packet, read
// into a value on demand; a message's getters pick options of one code and expect one type.

const { view } = require('../bytes');

/** `v` with every Buffer in it (in arrays and plain objects) as hex, for JSON. */
function hexBytes(v) {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map(hexBytes);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out = {};
    for (const k of Object.keys(v)) out[k] = hexBytes(v[k]);
    return out;
  }
  return v;
}

/** One option as it appears on the wire. Subclasses give `name` and `value`. */
class WireOption {
  constructor(b, code, offset, length) {
    this._b = b;
    this._o = offset; // the first data byte
    this.code = code;
    this.length = length;
  }

  /** The option's bytes, a view into the packet. */
  get data() { return view(this._b, this._o, this._o + this.length); }

  /** {code, name, length, value}, with bytes (also inside the value: sub-options' data) as hex. */
  toJSON() {
    return { code: this.code, name: this.name, length: this.length, value: hexBytes(this.value) };
  }
}

/**
 * Adds to a message class the getters' helpers: `_typed(code, type)`, the value of option `code`
 * when it is of JavaScript type `type`, and `_list(code)`, when it is an array; both undefined
 * otherwise (absent, or bytes of a length the option's type does not allow). Both read through
 * the class's own `option(code)`.
 * @param {Function} Class
 */
function withOptionGetters(Class) {
  Class.prototype._typed = function _typed(code, type) {
    const v = this.option(code);
    return typeof v === type ? v : undefined;
  };
  Class.prototype._list = function _list(code) {
    const v = this.option(code);
    return Array.isArray(v) ? v : undefined;
  };
  return Class;
}

module.exports = { WireOption, withOptionGetters };
