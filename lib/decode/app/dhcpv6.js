'use strict';
// DHCPv6 (RFC 8415) on UDP 546 and 547: client/server messages and relay messages, whose
// Relay Message option holds the relayed message, decoded as this layer's `payload`.
//
// Fields:
//   messageType, messageTypeName   1 'solicit', 2 'advertise', 3 'request', ... 7 'reply',
//                                  11 'information-request', 12 'relay-forw', 13 'relay-repl'
//   transactionId    client/server messages: the 24-bit transaction id
//   hopCount, linkAddress, peerAddress   relay messages
//   options          [Dhcpv6Option {code, name, length, data, value}] in wire order; an option
//                    that holds options (IA_NA, IA_PD, IA address, prefix) has them in its value,
//                    read when asked for (an inner option that overruns its holder is an error)
//   payload          relay messages: the relayed message (another DHCPv6 layer), else null
//   and what most programs look for, undefined when absent: clientId and serverId (DUIDs as
//   colon-separated hex), addresses (every IA address, in IA_NA and IA_TA), prefixes ('2001:db8::/56', IA_PD),
//   dnsServers, domainSearch, statusCode ({code, name, message} of the message's own status
//   option), elapsedTime (hundredths of a second), optionRequest (codes). option(code) gives
//   the value of the first option with that code.

const { u8, u16, u32, view } = require('../bytes');
const { nameList, fqdnName } = require('./dns');
const { formatMac, formatIPv6 } = require('../addr');
const { defineLayer, markError } = require('../layer');
const { WireOption, withOptionGetters } = require('./wire_option');
const { dhcpv6Part } = require('../print/summary');

const RELAY_FORW = 12;
const RELAY_REPL = 13;
const RELAY_HEADER = 34; // type, hop count, link address, peer address
const OPT_RELAY_MSG = 9;
const MAX_RELAY_DEPTH = 8; // RFC 8415 HOP_COUNT_LIMIT
const MAX_OPTION_DEPTH = 4; // IA_NA > IA address > status code is 3 deep

const MESSAGE_TYPES = {
  1: 'solicit', 2: 'advertise', 3: 'request', 4: 'confirm', 5: 'renew', 6: 'rebind', 7: 'reply', 8: 'release',
  9: 'decline', 10: 'reconfigure', 11: 'information-request', 12: 'relay-forw', 13: 'relay-repl', 14: 'leasequery',
  15: 'leasequery-reply', 16: 'leasequery-done', 17: 'leasequery-data', 18: 'reconfigure-request',
  19: 'reconfigure-reply', 20: 'dhcpv4-query', 21: 'dhcpv4-response',
};
const STATUS_NAMES = {
  0: 'Success', 1: 'UnspecFail', 2: 'NoAddrsAvail', 3: 'NoBinding', 4: 'NotOnLink', 5: 'UseMulticast',
  6: 'NoPrefixAvail', 7: 'UnknownQueryType', 8: 'MalformedQuery', 9: 'NotConfigured', 10: 'NotAllowed',
  11: 'QueryTerminated', 12: 'DataMissing',
};

// How each option's bytes read, by code. Codes not listed are left as bytes.
const DUID = 'duid';
const IA_NA = 'ia_na';
const IA_TA = 'ia_ta';
const IAADDR = 'iaaddr';
const IAPREFIX = 'iaprefix';
const CODES = 'codes';
const STATUS = 'status';
const IP6 = 'ip6';
const IP6S = 'ip6s';
const NAMES = 'names';
const FQDN = 'fqdn';
const U8 = 'u8';
const U16 = 'u16';
const U32 = 'u32';
const FLAG = 'flag';
const RELAY = 'relay';
const OPTIONS = {
  1: ['client_id', DUID], 2: ['server_id', DUID], 3: ['ia_na', IA_NA], 4: ['ia_ta', IA_TA], 5: ['iaaddr', IAADDR],
  6: ['option_request', CODES], 7: ['preference', U8], 8: ['elapsed_time', U16], 9: ['relay_message', RELAY],
  11: ['authentication', null], 12: ['server_unicast', IP6], 13: ['status_code', STATUS], 14: ['rapid_commit', FLAG],
  15: ['user_class', null], 16: ['vendor_class', null], 17: ['vendor_opts', null], 18: ['interface_id', null],
  19: ['reconfigure_message', U8], 20: ['reconfigure_accept', FLAG], 21: ['sip_server_domains', NAMES],
  22: ['sip_server_addresses', IP6S], 23: ['dns_servers', IP6S], 24: ['domain_search', NAMES], 25: ['ia_pd', IA_NA],
  26: ['iaprefix', IAPREFIX], 27: ['nis_servers', IP6S], 29: ['nis_domain', NAMES], 31: ['sntp_servers', IP6S],
  32: ['information_refresh_time', U32], 37: ['remote_id', null], 39: ['client_fqdn', FQDN], 56: ['ntp_server', null],
  82: ['sol_max_rt', U32], 83: ['inf_max_rt', U32],
};

/**
 * Options in b[p, end) as Dhcpv6Options, until one runs past `end`; that one's offset is left in
 * `readStop.at` (-1 when the options fill the range exactly). Options read from a value getter
 * (inside an IA) may clobber it: callers read it right after their own call.
 */
const readStop = { at: -1 };
function readOptions(b, p, end, depth) {
  const out = [];
  readStop.at = -1;
  while (p + 4 <= end) {
    const len = (b[p + 2] << 8) | b[p + 3];
    if (p + 4 + len > end) break;
    out.push(new Dhcpv6Option(b, (b[p] << 8) | b[p + 1], p + 4, len, depth));
    p += 4 + len;
  }
  if (p < end) readStop.at = p;
  return out;
}

/**
 * The offset of the first option that runs past the option holding it (in an IA, an IA address
 * or prefix), or -1. Options in options are otherwise read only when asked for.
 */
function overrunInside(list) {
  for (const o of list) {
    const spec = OPTIONS[o.code];
    const kind = spec !== undefined ? spec[1] : null;
    const skip = kind === IA_NA ? 12 : kind === IA_TA ? 4 : kind === IAADDR ? 24 : kind === IAPREFIX ? 25 : -1;
    if (skip < 0 || o.length < skip || o._depth >= MAX_OPTION_DEPTH) continue;
    const inner = readOptions(o._b, o._o + skip, o._o + o.length, o._depth + 1);
    if (readStop.at >= 0) return readStop.at;
    const deeper = overrunInside(inner);
    if (deeper >= 0) return deeper;
  }
  return -1;
}

function addresses(b, s, e) {
  if (e === s || (e - s) % 16 !== 0) return view(b, s, e);
  const out = [];
  for (let p = s; p < e; p += 16) out.push(formatIPv6(b, p));
  return out;
}

/** The value of option `code` held in b[s, e); `depth` bounds options inside options. */
function optionValue(code, b, s, e, depth) {
  const spec = OPTIONS[code];
  const n = e - s;
  const inner = (p) => (depth < MAX_OPTION_DEPTH ? readOptions(b, p, e, depth + 1) : []);
  switch (spec !== undefined ? spec[1] : null) {
    case DUID: return n > 0 ? formatMac(b, s, n) : '';
    case IA_NA: return n >= 12 ? { iaid: u32(b, s, e), t1: u32(b, s + 4, e), t2: u32(b, s + 8, e), options: inner(s + 12) } : view(b, s, e);
    case IA_TA: return n >= 4 ? { iaid: u32(b, s, e), options: inner(s + 4) } : view(b, s, e);
    case IAADDR:
      return n >= 24 ? { address: formatIPv6(b, s), preferredLifetime: u32(b, s + 16, e), validLifetime: u32(b, s + 20, e), options: inner(s + 24) } : view(b, s, e);
    case IAPREFIX:
      return n >= 25
        ? { preferredLifetime: u32(b, s, e), validLifetime: u32(b, s + 4, e), prefixLength: b[s + 8], prefix: formatIPv6(b, s + 9), options: inner(s + 25) }
        : view(b, s, e);
    case CODES: {
      if (n % 2 !== 0) return view(b, s, e);
      const out = [];
      for (let p = s; p < e; p += 2) out.push((b[p] << 8) | b[p + 1]);
      return out;
    }
    case STATUS: {
      if (n < 2) return view(b, s, e);
      const c = (b[s] << 8) | b[s + 1];
      return { code: c, name: STATUS_NAMES[c] !== undefined ? STATUS_NAMES[c] : 'status ' + c, message: view(b, s + 2, e).toString('utf8') };
    }
    case IP6: return n === 16 ? formatIPv6(b, s) : view(b, s, e);
    case IP6S: return addresses(b, s, e);
    case NAMES: return nameList(b, s, e); // uncompressed names (RFC 8415 10)
    case FQDN: return n >= 1 ? { flags: b[s], ...fqdnName(b, s + 1, e) } : view(b, s, e); // RFC 4704; `partial`: no root label
    case U8: return n === 1 ? b[s] : view(b, s, e);
    case U16: return n === 2 ? u16(b, s, e) : view(b, s, e);
    case U32: return n === 4 ? u32(b, s, e) : view(b, s, e);
    case FLAG: return n === 0 ? true : view(b, s, e);
    case RELAY: return view(b, s, e); // the relayed message itself is the relay layer's payload
    default: return view(b, s, e);
  }
}

/** One option as it appears on the wire. */
class Dhcpv6Option extends WireOption {
  constructor(b, code, offset, length, depth) {
    super(b, code, offset, length);
    this._depth = depth; // how deep in options it is
    this._relayed = null; // a relay message's first Relay Message option: the layer decoded from it
  }

  /** The option's name, or 'option_<code>'. */
  get name() {
    const spec = OPTIONS[this.code];
    return spec !== undefined ? spec[0] : 'option_' + this.code;
  }

  /**
   * The bytes read as the option's type says (see OPTIONS), else the bytes. A relay message's
   * Relay Message option gives the layer that is the relay's `payload` (decoded once).
   */
  get value() {
    if (this._relayed !== null) return this._relayed;
    return optionValue(this.code, this._b, this._o, this._o + this.length, this._depth);
  }

  /** As WireOption's, but the relayed message is left out: it is the relay layer's `payload`. */
  toJSON() {
    if (this._relayed === null) return super.toJSON();
    return { code: this.code, name: this.name, length: this.length };
  }
}

let relayDepth = 0; // relay messages inside relay messages; decoding is synchronous

/** A DHCPv6 layer for b[s, e), or the bytes when relays nest deeper than RFC 8415 allows. */
function decodeMessage(b, s, e, ctx) {
  if (relayDepth >= MAX_RELAY_DEPTH) return view(b, s, e);
  relayDepth++;
  try {
    return new DHCPv6().decode(b, s, e, ctx);
  } finally {
    relayDepth--;
  }
}

class DHCPv6 {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.options = [];
    this.payload = null;
  }

  /**
   * Reads the message at buf[offset, end) and its options into `options`; a relay message's relayed
   * message becomes `payload` (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    const type = buf[offset];
    const relay = type === RELAY_FORW || type === RELAY_REPL;
    const head = relay ? RELAY_HEADER : 4;
    if (offset + head > end) return markError(this, ctx, 'header truncated', offset, head, end - offset);
    this.options = readOptions(buf, offset + head, end, 0);
    const stop = readStop.at;
    if (stop >= 0) {
      const need = stop + 4 <= end ? 4 + ((buf[stop + 2] << 8) | buf[stop + 3]) : 4;
      markError(this, ctx, 'option truncated', stop, need, end - stop);
    } else {
      const bad = overrunInside(this.options);
      if (bad >= 0) markError(this, ctx, 'option overruns the option holding it', bad, 4, 0, false);
    }
    if (relay) {
      const msg = this.options.find((o) => o.code === OPT_RELAY_MSG);
      if (msg !== undefined) {
        const inner = decodeMessage(buf, msg._o, msg._o + msg.length, ctx);
        if (inner instanceof DHCPv6) {
          this.payload = inner;
          msg._relayed = inner;
        }
      }
    }
    return this;
  }

  /** Message type: 1 solicit, 2 advertise, 3 request, ..., 7 reply, 12 relay-forw, 13 relay-repl, ... */
  get messageType() { return u8(this._b, this._o, this._end); }

  /** The message type's name ('solicit', 'reply', 'relay-forw', ...; 'type N' for others). */
  get messageTypeName() {
    const t = this.messageType;
    if (t === undefined) return undefined;
    return MESSAGE_TYPES[t] !== undefined ? MESSAGE_TYPES[t] : 'type ' + t;
  }

  get _relay() { const t = this.messageType; return t === RELAY_FORW || t === RELAY_REPL; }

  /** The 24-bit transaction id (not in relay messages, nor in DHCPv4-query/response, RFC 7341, whose bytes are flags). */
  get transactionId() {
    const t = this.messageType;
    if (this._relay || t === 20 || t === 21 || this._o + 4 > this._end) return undefined;
    return (this._b[this._o + 1] << 16) | (this._b[this._o + 2] << 8) | this._b[this._o + 3];
  }
  /** Relay messages: the hop count; else undefined. */
  get hopCount() { return this._relay ? u8(this._b, this._o + 1, this._end) : undefined; }
  /** Relay messages: the link address (IPv6 text); else undefined. */
  get linkAddress() { return this._relay && this._o + 18 <= this._end ? formatIPv6(this._b, this._o + 2) : undefined; }
  /** Relay messages: the peer address (IPv6 text); else undefined. */
  get peerAddress() { return this._relay && this._o + 34 <= this._end ? formatIPv6(this._b, this._o + 18) : undefined; }

  /** The value of the first option `code` of this message (see Dhcpv6Option.value), or undefined. */
  option(code) {
    const o = this.options.find((x) => x.code === code);
    return o === undefined ? undefined : o.value;
  }

  /** Option 1, the client DUID as colon-separated hex. */
  get clientId() { return this._typed(1, 'string'); }
  /** Option 2, the server DUID as colon-separated hex. */
  get serverId() { return this._typed(2, 'string'); }
  /** Option 8, the elapsed time in hundredths of a second. */
  get elapsedTime() { return this._typed(8, 'number'); }
  /** Option 6, the option codes requested. */
  get optionRequest() { return this._list(6); }
  /** Option 23, the DNS servers (IPv6 text). */
  get dnsServers() { return this._list(23); }
  /** Option 24, the domain search list. */
  get domainSearch() { return this._list(24); }

  /** Option 13, the status as {code, name, message}. */
  get statusCode() {
    const v = this.option(13);
    return v !== undefined && !Buffer.isBuffer(v) ? v : undefined;
  }

  /** Every address of the message's IA_NA and IA_TA options. */
  get addresses() { return this._fromIas([3, 4], 5, (v) => v.address); }

  /** Every prefix of the message's IA_PD options, as 'prefix/length'. */
  get prefixes() { return this._fromIas([25], 26, (v) => v.prefix + '/' + v.prefixLength); }

  _fromIas(iaCodes, code, pick) {
    let out;
    for (const ia of this.options) {
      if (!iaCodes.includes(ia.code)) continue;
      const v = ia.value;
      if (Buffer.isBuffer(v)) continue;
      for (const o of v.options) {
        if (o.code !== code) continue;
        const a = o.value;
        if (!Buffer.isBuffer(a)) (out || (out = [])).push(pick(a));
      }
    }
    return out;
  }

  /** simple_capture's text for it: `DHCPv6 reply xid 0x38c272 fd77::10f`. */
  toString() {
    return dhcpv6Part(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

withOptionGetters(DHCPv6);
defineLayer(DHCPv6, {
  name: 'dhcpv6',
  fields: ['messageType', 'messageTypeName', 'transactionId', 'hopCount', 'linkAddress', 'peerAddress', 'clientId', 'serverId',
    'addresses', 'prefixes', 'dnsServers', 'domainSearch', 'statusCode', 'elapsedTime', 'optionRequest', 'options'],
});

module.exports = { DHCPv6, Dhcpv6Option, MESSAGE_TYPES, STATUS_NAMES, OPTIONS };
