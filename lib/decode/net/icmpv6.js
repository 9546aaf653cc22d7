'use strict';
// ICMPv6 (RFC 4443) with Neighbor Discovery (RFC 4861, 8106 RDNSS/DNSSL, 4191 route info) and
// MLD (RFC 2710, 3810). Errors (types 1-4) quote the offending IPv6 packet, decoded as `payload`.

const { u8, u16, u32 } = require('../bytes');
const { formatMac, formatIPv6 } = require('../addr');
const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');
const { nesting, MAX_DEPTH, view, quietContext, hex, groupRecords } = require('./common');

const TYPES = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  100: 'Private Experimentation', 101: 'Private Experimentation', 128: 'Echo Request', 129: 'Echo Reply',
  130: 'Multicast Listener Query', 131: 'Multicast Listener Report', 132: 'Multicast Listener Done',
  133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 138: 'Router Renumbering', 139: 'Node Information Query',
  140: 'Node Information Response', 141: 'Inverse Neighbor Discovery Solicitation',
  142: 'Inverse Neighbor Discovery Advertisement', 143: 'Multicast Listener Report v2',
  144: 'Home Agent Address Discovery Request', 145: 'Home Agent Address Discovery Reply',
  146: 'Mobile Prefix Solicitation', 147: 'Mobile Prefix Advertisement', 148: 'Certification Path Solicitation',
  149: 'Certification Path Advertisement', 151: 'Multicast Router Advertisement',
  152: 'Multicast Router Solicitation', 153: 'Multicast Router Termination', 155: 'RPL Control',
  160: 'Extended Echo Request', 161: 'Extended Echo Reply',
};
const CODES = {
  1: ['No Route to Destination', 'Communication Administratively Prohibited', 'Beyond Scope of Source Address',
    'Address Unreachable', 'Port Unreachable', 'Source Address Failed Ingress/Egress Policy',
    'Reject Route to Destination', 'Error in Source Routing Header', 'Headers Too Long'],
  3: ['Hop Limit Exceeded in Transit', 'Fragment Reassembly Time Exceeded'],
  4: ['Erroneous Header Field', 'Unrecognized Next Header', 'Unrecognized IPv6 Option', 'First Fragment Has Incomplete Header Chain'],
};
const OPTION_NAMES = {
  1: 'sourceLinkLayerAddress', 2: 'targetLinkLayerAddress', 3: 'prefixInformation', 4: 'redirectedHeader',
  5: 'mtu', 7: 'advertisementInterval', 8: 'homeAgentInformation', 14: 'nonce', 24: 'routeInformation', 25: 'rdnss', 26: 'raFlagsExtension', 31: 'dnssl', 38: 'pref64',
};
/** Where the NDP options start for an ND type, or 0 when the type carries none. */
function optionsOffset(t) {
  switch (t) {
    case 133: return 8;
    case 134: return 16;
    case 135: case 136: return 24;
    case 137: return 40;
    default: return 0;
  }
}

/** Fixed part of a message of type t, in bytes. */
function minLength(t) {
  switch (t) {
    case 130: case 131: case 132: case 135: case 136: return 24;
    case 134: return 16;
    case 137: return 40;
    default: return t < 5 || t === 128 || t === 129 || t === 133 || t === 143 ? 8 : 4;
  }
}

/** DNS names in DNSSL wire form (uncompressed labels) in [p, e); stops at padding. */
function readDomains(b, p, e) {
  const names = [];
  let name = '';
  for (let guard = 0; p < e && guard < 256; guard++) {
    const n = b[p];
    if (n === 0) {
      if (name === '') break; // padding
      names.push(name);
      name = '';
      p++;
      continue;
    }
    if (n > 63 || p + 1 + n > e) break;
    name += (name === '' ? '' : '.') + view(b, p + 1, p + 1 + n).toString('latin1');
    p += 1 + n;
  }
  return names;
}

/** One NDP option at p, `len` bytes long (already checked to fit before e). */
function readOption(b, p, len) {
  const type = b[p];
  const e = p + len;
  const opt = { type, name: OPTION_NAMES[type] !== undefined ? OPTION_NAMES[type] : 'unknown', length: len, data: view(b, p + 2, e) };
  switch (type) {
    case 1: case 2:
      opt.address = len === 8 ? formatMac(b, p + 2, 6) : hex(b, p + 2, e);
      break;
    case 3:
      if (len >= 32) {
        opt.prefixLength = b[p + 2];
        opt.onLink = (b[p + 3] & 0x80) !== 0;
        opt.autonomous = (b[p + 3] & 0x40) !== 0;
        opt.routerAddress = (b[p + 3] & 0x20) !== 0;
        opt.validLifetime = u32(b, p + 4, e);
        opt.preferredLifetime = u32(b, p + 8, e);
        opt.prefix = formatIPv6(b, p + 16);
      }
      break;
    case 5:
      opt.mtu = u32(b, p + 4, e);
      break;
    case 7:
      opt.interval = u32(b, p + 4, e); // ms
      break;
    case 8:
      opt.preference = (b[p + 4] << 24) >> 16 | b[p + 5]; // signed 16-bit (RFC 6275)
      opt.lifetime = u16(b, p + 6, e);
      break;
    case 24:
      opt.prefixLength = b[p + 2];
      opt.preference = (b[p + 3] >> 3) & 3;
      opt.routeLifetime = u32(b, p + 4, e);
      // RFC 4191 §2.3: 0, 8 or 16 bytes of prefix (as many as its length needs), the rest zero
      if (len >= 24) opt.prefix = formatIPv6(b, p + 8);
      else {
        const whole = Buffer.alloc(16);
        b.copy(whole, 0, p + 8, p + len);
        opt.prefix = formatIPv6(whole, 0);
      }
      break;
    case 25:
      opt.lifetime = u32(b, p + 4, e);
      opt.addresses = [];
      for (let q = p + 8; q + 16 <= e; q += 16) opt.addresses.push(formatIPv6(b, q));
      break;
    case 31:
      opt.lifetime = u32(b, p + 4, e);
      opt.domains = readDomains(b, p + 8, e);
      break;
    default:
      break;
  }
  return opt;
}

/**
 * Checks the NDP options in [p, e): returns 0 when they all fit, -1 when one has length 0
 * (malformed: the walk cannot advance), else the offset where the bytes ran out. No allocation.
 */
function checkOptions(b, p, e) {
  while (p < e) {
    if (p + 2 > e) return p;
    const len = b[p + 1] << 3;
    if (len === 0) return -1 - p;
    if (p + len > e) return p;
    p += len;
  }
  return 0;
}

/** Checks MLDv2 report records at p: returns 0 when they fit, else the offset where they ran out. */
function checkRecords(b, p, e, n) {
  for (let i = 0; i < n; i++) {
    if (p + 20 > e) return p;
    const len = 20 + ((b[p + 2] << 8) | b[p + 3]) * 16 + b[p + 1] * 4;
    if (p + len > e) return p;
    p += len;
  }
  return 0;
}

/**
 * An ICMPv6 message. Fields that do not apply to the message's type are undefined. Errors
 * (1-4) decode the quoted IPv6 packet as `payload` (without emitting events); everything else has
 * payload null. NDP options are in `options` (an unknown option is kept as {type, length, data};
 * an option of length 0 ends the list and sets `error`).
 */
class ICMPv6 {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.payload = null;
  }

  /**
   * Decodes the message at b[o, end), checks its NDP options or MLDv2 records, and for an error type
   * (1-4) decodes the quoted IPv6 packet as `payload`, without events (`ctx` is the PcapPacket). Never
   * throws: see `error`.
   * @returns {this}
   */
  decode(b, o, end, ctx) {
    this._b = b;
    this._o = o;
    this._end = end;
    if (o + 4 > end) return markError(this, ctx, 'header truncated', o, 4, end - o);
    const t = b[o];
    const need = minLength(t);
    if (o + need > end) return markError(this, ctx, 'message truncated', o, need, end - o);
    const oo = optionsOffset(t);
    if (oo !== 0) {
      const r = checkOptions(b, o + oo, end);
      if (r < 0) return markError(this, ctx, 'option length 0', -1 - r, 8, end + 1 + r, false);
      if (r > 0) return markError(this, ctx, 'option truncated', r, r + 2 <= end ? b[r + 1] << 3 : 2, end - r);
    } else if (t === 143) {
      const r = checkRecords(b, o + 8, end, (b[o + 6] << 8) | b[o + 7]);
      if (r !== 0) return markError(this, ctx, 'record truncated', r, 20, end - r);
    } else if (t >= 1 && t <= 4 && o + 8 < end) {
      // RFC 4884: for types 1 and 3 a non-zero length byte bounds the quoted packet (64-bit words)
      const words = t === 1 || t === 3 ? b[o + 4] : 0;
      const qend = words !== 0 && o + 8 + words * 8 <= end ? o + 8 + words * 8 : end;
      if (nesting.depth >= MAX_DEPTH) return markError(this, ctx, 'too many nested headers', o + 8, 0, end - o - 8, false);
      nesting.depth++;
      try {
        this.payload = decodeEthertype(0x86dd, b, o + 8, qend, ctx === undefined ? undefined : quietContext(ctx), this);
      } finally {
        nesting.depth--;
      }
    }
    return this;
  }

  /** Message type (1 unreachable, 2 too big, 3 time exceeded, 4 parameter problem, 128/129 echo, 133-137 NDP, ...). */
  get type() { return u8(this._b, this._o, this._end); }
  /** Code, within the type. */
  get code() { return u8(this._b, this._o + 1, this._end); }
  /** The checksum as written (not verified). */
  get checksum() { return u16(this._b, this._o + 2, this._end); }

  /** Echo (128/129). */
  get id() { const t = this.type; return t === 128 || t === 129 ? u16(this._b, this._o + 4, this._end) : undefined; }
  /** Echo (128/129): sequence number. */
  get sequence() { const t = this.type; return t === 128 || t === 129 ? u16(this._b, this._o + 6, this._end) : undefined; }
  /** Packet Too Big (2). */
  get mtu() { return this.type === 2 ? u32(this._b, this._o + 4, this._end) : undefined; }
  /** Parameter Problem (4): offset of the error in the quoted packet. */
  get pointer() { return this.type === 4 ? u32(this._b, this._o + 4, this._end) : undefined; }

  /** Router Advertisement (134). */
  get curHopLimit() { return this.type === 134 ? u8(this._b, this._o + 4, this._end) : undefined; }
  /** RA: {managed (M), other (O), homeAgent (H), preference (2 bits), proxy (P)}; NA: {router, solicited, override}. */
  get flags() {
    const t = this.type;
    const f = u8(this._b, this._o + (t === 134 ? 5 : 4), this._end);
    if (f === undefined) return undefined;
    if (t === 134) {
      return { managed: (f & 0x80) !== 0, other: (f & 0x40) !== 0, homeAgent: (f & 0x20) !== 0, preference: (f >> 3) & 3, proxy: (f & 0x04) !== 0 };
    }
    if (t === 136) return { router: (f & 0x80) !== 0, solicited: (f & 0x40) !== 0, override: (f & 0x20) !== 0 };
    return undefined;
  }
  /** Router Advertisement (134): router lifetime in seconds (0: not a default router). */
  get routerLifetime() { return this.type === 134 ? u16(this._b, this._o + 6, this._end) : undefined; }
  /** Router Advertisement (134): reachable time in milliseconds (0: unspecified). */
  get reachableTime() { return this.type === 134 ? u32(this._b, this._o + 8, this._end) : undefined; }
  /** Router Advertisement (134): retransmission timer in milliseconds (0: unspecified). */
  get retransTimer() { return this.type === 134 ? u32(this._b, this._o + 12, this._end) : undefined; }
  /** Neighbor Solicitation/Advertisement and Redirect: the target address. */
  get targetAddress() {
    const t = this.type;
    return (t === 135 || t === 136 || t === 137) && this._o + 24 <= this._end ? formatIPv6(this._b, this._o + 8) : undefined;
  }
  /** Redirect (137): the destination being redirected. */
  get destinationAddress() { return this.type === 137 && this._o + 40 <= this._end ? formatIPv6(this._b, this._o + 24) : undefined; }

  /** NDP options (types 133-137): [{type, name, length (bytes), data, ...decoded fields}]. */
  get options() {
    const oo = optionsOffset(this.type);
    if (oo === 0) return undefined;
    const list = [];
    const b = this._b;
    const e = this._end;
    for (let p = this._o + oo; p + 2 <= e;) {
      const len = b[p + 1] << 3;
      if (len === 0 || p + len > e) break;
      list.push(readOption(b, p, len));
      p += len;
    }
    return list;
  }

  /** MLD (130-132): maximum response delay (ms; for an MLDv2 query, the raw code). */
  get maxResponseDelay() { const t = this.type; return t >= 130 && t <= 132 ? u16(this._b, this._o + 4, this._end) : undefined; }
  /**
   * MLD (130-132): the maximum response delay in milliseconds, an MLDv2 query's code from 32768
   * on expanded from its floating-point form (RFC 3810 §5.1.3), as IGMP's maxResponseDeciseconds.
   */
  get maxResponseMilliseconds() {
    const c = this.maxResponseDelay;
    if (c === undefined || c < 0x8000 || this.type !== 130 || this._o + 28 > this._end) return c;
    return ((c & 0x0fff) | 0x1000) << (((c >> 12) & 7) + 3);
  }
  /** MLD (130-132): the multicast address ('::' in a general query). */
  get multicastAddress() {
    const t = this.type;
    return t >= 130 && t <= 132 && this._o + 24 <= this._end ? formatIPv6(this._b, this._o + 8) : undefined;
  }
  /** MLDv2 query (130 with at least 28 bytes): {suppress (S), qrv, qqic, sources}. */
  get query() {
    if (this.type !== 130 || this._o + 28 > this._end) return undefined;
    const b = this._b;
    const o = this._o;
    const n = (b[o + 26] << 8) | b[o + 27];
    const sources = [];
    for (let i = 0, p = o + 28; i < n && p + 16 <= this._end; i++, p += 16) sources.push(formatIPv6(b, p));
    return { suppress: (b[o + 24] & 0x08) !== 0, qrv: b[o + 24] & 0x07, qqic: b[o + 25], numberOfSources: n, sources };
  }
  /** MLDv2 report (143): [{type, typeName, auxDataLength (32-bit words), multicastAddress, sources, auxData}]. */
  get records() {
    if (this.type !== 143 || this._o + 8 > this._end) return undefined;
    const b = this._b;
    return groupRecords(b, this._o + 8, this._end, (b[this._o + 6] << 8) | b[this._o + 7], 16, formatIPv6);
  }

  /** Bytes after the first 8 (echo data, quoted packet...), or null. */
  get data() {
    return this._o + 8 < this._end ? view(this._b, this._o + 8, this._end) : null;
  }

  /** Text for type and code, e.g. 'Echo Request', 'Destination Unreachable (Port Unreachable)'. */
  get description() {
    const t = this.type;
    if (t === undefined) return 'truncated';
    const d = TYPES[t];
    if (d === undefined) return this.code === undefined ? 'type ' + t : 'type ' + t + ' code ' + this.code;
    const c = CODES[t] !== undefined ? CODES[t][this.code] : undefined;
    return c !== undefined ? d + ' (' + c + ')' : d;
  }

  /** One line: 'ICMPv6', the description, id/seq, target, mtu or multicast address, then the quoted packet's text. */
  toString() {
    let s = 'ICMPv6 ' + this.description;
    const t = this.type;
    if (this.id !== undefined) s += ' id ' + this.id;
    if (this.sequence !== undefined) s += ' seq ' + this.sequence;
    else if (this.targetAddress !== undefined) s += ' ' + this.targetAddress;
    else if (t === 2 && this.mtu !== undefined) s += ' mtu ' + this.mtu;
    else if (this.multicastAddress !== undefined) s += ' ' + this.multicastAddress;
    if (this.error !== null) s += ' (' + this.error.reason + ')';
    if (this.payload !== null) s += ' ' + this.payload;
    return s;
  }
}
defineLayer(ICMPv6, {
  name: 'icmpv6',
  fields: ['type', 'code', 'checksum', 'id', 'sequence', 'mtu', 'pointer', 'curHopLimit', 'flags', 'routerLifetime',
    'reachableTime', 'retransTimer', 'targetAddress', 'destinationAddress', 'options', 'maxResponseDelay', 'maxResponseMilliseconds', 'multicastAddress',
    'query', 'records', 'description'],
});

module.exports = { ICMPv6, OPTION_NAMES };
