'use strict';
// node_pcap 3.x's reverse-DNS cache, for programs that print names instead of addresses:
// ptr(ip) gives the name once a PTR lookup has answered and the address until then (and for
// good when the lookup fails). node_pcap's cache grew without bound and never forgot; this one
// keeps at most `maxEntries` answers (the oldest go first) and can let them expire.

const dns = require('dns');
const { argType, outOfRange } = require('./errors');
const { addressText } = require('./decode/addr');

/** node_pcap's reverse-lookup cache: ptr(ip) answers from the cache and looks up what it lacks. */
class DNSCache {
  /**
   * @param {{maxEntries?: number, ttl?: number, reverse?: Function}} [options] maxEntries (default
   *   10000), ttl in ms (default 0: answers never expire), reverse: the lookup, called as
   *   reverse(ip, (err, names) => ...) (default dns.reverse)
   */
  constructor(options) {
    const o = options === undefined || options === null ? {} : options;
    if (typeof o !== 'object') throw argType('options', 'of type object', o);
    const max = o.maxEntries === undefined ? 10000 : o.maxEntries;
    if (typeof max !== 'number') throw argType('options.maxEntries', 'of type number', max);
    if (!Number.isInteger(max) || max < 1) throw outOfRange('options.maxEntries', 'an integer >= 1', max);
    const ttl = o.ttl === undefined ? 0 : o.ttl;
    if (typeof ttl !== 'number') throw argType('options.ttl', 'of type number', ttl);
    if (!(ttl >= 0) || ttl === Infinity) throw outOfRange('options.ttl', 'a finite number >= 0', ttl);
    const reverse = o.reverse === undefined ? dns.reverse : o.reverse;
    if (typeof reverse !== 'function') throw argType('options.reverse', 'a function', reverse);
    /** ip -> name (or the ip itself when the lookup failed), as node_pcap's. */
    this.cache = Object.create(null);
    /** ip -> true while its lookup is under way, as node_pcap's. */
    this.requests = Object.create(null);
    this._max = max;
    this._ttl = ttl;
    this._reverse = reverse;
    this._added = new Map(); // ip -> when its answer came, oldest first
  }

  /**
   * The name for `ip` if a lookup has answered, else `ip` itself (a lookup then starts, once).
   * @param {string|String} ip an address as text; a decoded packet's address field
   *   (`ip.saddr`, an IPv4Addr or IPv6Addr) is taken as its text
   * @returns {string}
   * @throws ERR_INVALID_ARG_TYPE when `ip` is not a string
   */
  ptr(ip) {
    ip = ipText(ip);
    const name = this.cache[ip];
    if (name !== undefined) {
      const at = this._added.get(ip); // undefined for a name the program put in `cache` itself
      if (this._ttl === 0 || at === undefined || Date.now() - at < this._ttl) return name;
      this._forget(ip);
    }
    if (this.requests[ip] !== true) {
      this.requests[ip] = true;
      try {
        this._reverse(ip, (err, names) => this.on_ptr(err, ip, names));
      } catch (e) {
        this.on_ptr(e, ip); // not an address dns.reverse takes
      }
    }
    return ip;
  }

  /**
   * Records a lookup's answer (node_pcap's callback, kept under its name).
   * @param {Error|null} err
   * @param {string} ip
   * @param {string[]} [names]
   */
  on_ptr(err, ip, names) {
    ip = ipText(ip);
    delete this.requests[ip];
    this._forget(ip);
    this.cache[ip] = !err && Array.isArray(names) && typeof names[0] === 'string' ? names[0] : ip;
    this._added.set(ip, Date.now());
    if (this._added.size > this._max) this._forget(this._added.keys().next().value);
  }

  _forget(ip) {
    delete this.cache[ip];
    this._added.delete(ip);
  }
}

/**
 * `ip` as a primitive string: the address objects decoders give (IPv4Addr, IPv6Addr: String
 * objects) as their text, which dns.reverse takes (it refuses a String object at once, and the
 * address would then be cached as a failed lookup for good).
 */
function ipText(ip) {
  const text = addressText(ip);
  if (text === undefined) throw argType('ip', 'a string (an address such as packet.payload.payload.saddr)', ip);
  return text;
}

module.exports = { DNSCache };
