'use strict';
// TCP option list parser. Built only when a user reads `tcp.options` (never during decode).
// node_pcap threw on any unknown kind (#206, #240, #245) and looped forever on a length byte of 0
// (kinds 254/255); here every step advances at least one byte, the walk is bounded by the header,
// and anything odd is recorded in `error` instead of thrown.

const MPTCP_SUBTYPES = ['MP_CAPABLE', 'MP_JOIN', 'DSS', 'ADD_ADDR', 'REMOVE_ADDR', 'MP_PRIO', 'MP_FAIL', 'MP_FASTCLOSE', 'MP_TCPRST'];

/** Option kinds by number, for printing. */
const KIND_NAMES = {
  0: 'eol', 1: 'nop', 2: 'mss', 3: 'wscale', 4: 'sackOK', 5: 'sack', 8: 'TS', 19: 'md5', 28: 'uto', 29: 'tcp-ao',
  30: 'mptcp', 34: 'tfo', 253: 'exp', 254: 'exp',
};

function view(b, start, end) {
  if (Buffer.isBuffer(b)) return b.subarray(start, end);
  return Buffer.from(b.buffer, b.byteOffset + start, end - start);
}

function u16(b, o) {
  return (b[o] << 8) | b[o + 1];
}

function u32(b, o) {
  return b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

/**
 * The options of one TCP header. node_pcap's names (`mss`, `window_scale` (the shift count),
 * `sack_ok`, `sack`, `timestamp`, `echo`) are null when the option is absent; `list` holds every
 * option in wire order (NOP and EOL included) as `{kind, length, ...}`; `error` is null or a short
 * reason when the list is malformed or cut short (parsing stops there, earlier options are kept).
 */
class TcpOptions {
  constructor() {
    this.mss = null;
    this.window_scale = null;
    this.sack_ok = null;
    this.sack = null;
    this.timestamp = null;
    this.echo = null;
    this.md5 = null;
    this.userTimeout = null;
    this.tfo = null;
    this.mptcp = null;
    this.list = [];
    this.error = null;
  }

  /** tcpdump-like text, e.g. `[mss 1460,nop,wscale 7,sackOK,TS val 1 ecr 0]`; '' when empty. */
  toString() {
    if (this.list.length === 0) return this.error ? `[${this.error}]` : '';
    const parts = [];
    for (const o of this.list) {
      switch (o.kind) {
        case 2: parts.push(o.mss !== undefined ? `mss ${o.mss}` : 'mss ?'); break;
        case 3: parts.push(o.shift !== undefined ? `wscale ${o.shift}` : 'wscale ?'); break;
        case 5: parts.push(o.blocks ? `sack ${o.blocks.map((x) => x[0] + ':' + x[1]).join(' ')}` : 'sack ?'); break;
        case 8: parts.push(o.value !== undefined ? `TS val ${o.value} ecr ${o.echo}` : 'TS ?'); break;
        case 30: parts.push(`mptcp ${o.subtypeName || o.subtype}`); break;
        case 34:
        case 253:
        case 254:
          if (o.cookie) parts.push(o.cookie.length ? `tfo cookie ${o.cookie.toString('hex')}` : 'tfo cookiereq');
          else if (o.kind === 34) parts.push('tfo ?');
          else parts.push(o.exid !== undefined ? `exp-${o.exid.toString(16)}` : 'exp');
          break;
        default: parts.push(KIND_NAMES[o.kind] || `unknown-${o.kind}`);
      }
    }
    if (this.error) parts.push(this.error);
    return `[${parts.join(',')}]`;
  }
}

/**
 * Parses the option bytes [start, end) of a TCP header. `end` must already be bounded by both the
 * header length and the captured bytes; `headerEnd` (the end the data offset claims) tells a cut
 * capture apart from a malformed list. Never throws; at most end - start iterations.
 * @returns {TcpOptions}
 */
function parseTcpOptions(b, start, end, headerEnd = end) {
  const opts = new TcpOptions();
  const list = opts.list;
  let p = start;
  let sawEol = false;
  while (p < end) {
    const kind = b[p];
    if (kind === 0) {
      // EOL: what follows is padding. List each zero byte (as tshark does); ignore the rest.
      list.push({ kind: 0, length: 1 });
      sawEol = true;
      p++;
      continue;
    }
    if (sawEol) break;
    if (kind === 1) {
      list.push({ kind: 1, length: 1 });
      p++;
      continue;
    }
    if (p + 1 >= end) {
      opts.error = end < headerEnd ? 'options truncated' : 'option length missing';
      break;
    }
    const len = b[p + 1];
    if (len < 2) {
      // node_pcap looped forever here (offset += 0)
      list.push({ kind, length: len });
      opts.error = 'bad option length';
      break;
    }
    if (p + len > end) {
      // past the data offset: malformed; only past the captured bytes: cut short
      opts.error = p + len > headerEnd ? 'bad option length' : 'options truncated';
      list.push({ kind, length: len, data: view(b, p + 2, end) });
      break;
    }
    list.push(decodeOption(opts, b, kind, p, len));
    p += len;
  }
  if (opts.error === null && end < headerEnd) opts.error = 'options truncated';
  return opts;
}

function decodeOption(opts, b, kind, p, len) {
  const d = p + 2; // start of the option's data
  switch (kind) {
    case 2:
      if (len === 4) {
        const mss = u16(b, d);
        if (opts.mss === null) opts.mss = mss;
        return { kind, length: len, mss };
      }
      break;
    case 3:
      if (len === 3) {
        if (opts.window_scale === null) opts.window_scale = b[d];
        return { kind, length: len, shift: b[d] };
      }
      break;
    case 4:
      if (len === 2) {
        opts.sack_ok = true;
        return { kind, length: len };
      }
      break;
    case 5:
      if ((len - 2) % 8 === 0) {
        const blocks = [];
        for (let q = d; q < p + len; q += 8) blocks.push([u32(b, q), u32(b, q + 4)]);
        if (opts.sack === null) opts.sack = blocks;
        return { kind, length: len, blocks };
      }
      break;
    case 8:
      if (len === 10) {
        const value = u32(b, d);
        const echo = u32(b, d + 4);
        if (opts.timestamp === null) { opts.timestamp = value; opts.echo = echo; }
        return { kind, length: len, value, echo };
      }
      break;
    case 19:
      if (len === 18) {
        const digest = view(b, d, p + len);
        if (opts.md5 === null) opts.md5 = digest;
        return { kind, length: len, digest };
      }
      break;
    case 28:
      if (len === 4) {
        const v = u16(b, d);
        // RFC 5482: top bit set = the timeout is in minutes, else seconds
        const uto = { granularity: v & 0x8000 ? 'minutes' : 'seconds', timeout: v & 0x7fff };
        if (opts.userTimeout === null) opts.userTimeout = uto;
        return { kind, length: len, granularity: uto.granularity, timeout: uto.timeout };
      }
      break;
    case 30:
      if (len >= 3) {
        const subtype = b[d] >> 4;
        const o = { kind, length: len, subtype, subtypeName: MPTCP_SUBTYPES[subtype] || null, data: view(b, d, p + len) };
        // MP_CAPABLE carries the protocol version in the low nibble
        if (subtype === 0) o.version = b[d] & 0x0f;
        if (opts.mptcp === null) opts.mptcp = o;
        return o;
      }
      break;
    case 34: {
      const cookie = view(b, d, p + len);
      if (opts.tfo === null) opts.tfo = { cookie };
      return { kind, length: len, cookie };
    }
    case 253:
    case 254:
      if (len >= 4) {
        const exid = u16(b, d);
        const o = { kind, length: len, exid, data: view(b, d + 2, p + len) };
        // RFC 7413 before its kind was assigned: experimental option with ExID 0xF989
        if (exid === 0xf989) {
          o.cookie = o.data;
          if (opts.tfo === null) opts.tfo = { cookie: o.data, experimental: true };
        }
        return o;
      }
      break;
    default:
      break;
  }
  // unknown kind, or a known kind with a length that does not fit its format
  return { kind, length: len, data: view(b, d, p + len) };
}

/**
 * The TSval of the timestamp option (RFC 7323) among the option bytes [start, end), or -1 (none,
 * or cut short): a walk over kinds and lengths alone, for a reader that wants nothing else (the
 * TCP tracker, on every data segment) and should not pay an object per option. Stops where
 * parseTcpOptions() finds the list ends or goes wrong.
 */
function timestampValue(b, start, end) {
  let p = start;
  while (p < end) {
    const kind = b[p];
    if (kind === 0) break; // EOL
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end) break;
    const len = b[p + 1];
    if (len < 2) break;
    // the first well-formed one, as parseTcpOptions() takes it
    if (kind === 8 && len === 10 && p + 10 <= end) return ((b[p + 2] << 24) | (b[p + 3] << 16) | (b[p + 4] << 8) | b[p + 5]) >>> 0;
    p += len;
  }
  return -1;
}

module.exports = { TcpOptions, parseTcpOptions, timestampValue, KIND_NAMES, MPTCP_SUBTYPES };
