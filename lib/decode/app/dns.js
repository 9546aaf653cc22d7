'use strict';
// DNS (RFC 1035 and friends), also mDNS (RFC 6762) and LLMNR (RFC 4795), over UDP and TCP.
//
// decode() checks the message structure once (header, every record's owner name, fixed fields and
// rdlength) without building anything, so `error` is known right away; the record objects of a
// section are built on first read and kept. Names are decompressed with loop protection: a
// compression pointer must point before the start of the label run that holds it (real encoders
// only ever point back to names already written), so a chain of pointers strictly moves backwards
// and cannot loop; a hop cap and the 255-byte name limit bound the work further.

const { u16, u32, view, text } = require('../bytes');
const { defineLayer, markError, bytesEnd } = require('../layer');
const { formatIPv4, formatIPv6 } = require('../addr');
const { oneLine } = require('../text');

const MAX_NAME = 255; // RFC 1035 2.3.4, wire length including the length bytes and the root
const MAX_HOPS = 128; // compression pointers followed per name (a legal name has at most 127 labels)

const TYPE_NAMES = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB',
  24: 'SIG', 25: 'KEY', 28: 'AAAA', 29: 'LOC', 33: 'SRV', 35: 'NAPTR', 36: 'KX', 37: 'CERT', 39: 'DNAME', 41: 'OPT',
  42: 'APL', 43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 49: 'DHCID', 50: 'NSEC3',
  51: 'NSEC3PARAM', 52: 'TLSA', 53: 'SMIMEA', 55: 'HIP', 59: 'CDS', 60: 'CDNSKEY', 61: 'OPENPGPKEY', 62: 'CSYNC',
  63: 'ZONEMD', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 108: 'EUI48', 109: 'EUI64', 249: 'TKEY', 250: 'TSIG', 251: 'IXFR',
  252: 'AXFR', 253: 'MAILB', 254: 'MAILA', 255: 'ANY', 256: 'URI', 257: 'CAA',
};
// 16 and up only with EDNS's upper bits (RFC 6891 6.1.3); 16 is BADSIG in a TSIG record's error field
const RCODE_NAMES = ['NoError', 'FormErr', 'ServFail', 'NXDomain', 'NotImp', 'Refused', 'YXDomain', 'YXRRSet', 'NXRRSet', 'NotAuth', 'NotZone', 'DSOTYPENI',
  undefined, undefined, undefined, undefined, 'BADVERS', 'BADKEY', 'BADTIME', 'BADMODE', 'BADNAME', 'BADALG', 'BADTRUNC', 'BADCOOKIE'];
const SECTION_NAMES = ['question', 'answer', 'authority', 'additional'];

/** Mnemonic of a record type ('A', 'AAAA', ...) or 'TYPEn'. */
function typeName(t) {
  return TYPE_NAMES[t] || 'TYPE' + t;
}

// ------------------------------------------------------------------------------------------------
// Name reading. Results go to these module variables so that checking a name allocates nothing.

let nameEnd = -1; // offset just past the name's bytes at its own position; -1 when not found
let nameErr = null; // null, or the reason the name is broken
let nameErrTruncated = false; // true when the bytes ran out (as opposed to malformed data)

// A name is built as ASCII bytes here (every character of it is: other bytes are escaped) and
// made a string once, at its end: adding it up label by label, character by character, cost
// several times more (dig's and tshark's escapes: \. \\ and \ddd).
const nameText = Buffer.allocUnsafe(2048); // a name of 255 bytes, every byte escaped (4 each), fits

/** Appends the label b[s, e) to nameText at `n`, escaped; returns the new length. */
function appendLabel(b, s, e, n) {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 0x2e && c !== 0x5c) {
      nameText[n++] = c;
    } else if (c === 0x2e || c === 0x5c) {
      nameText[n++] = 0x5c;
      nameText[n++] = c;
    } else {
      nameText[n++] = 0x5c;
      nameText[n++] = 0x30 + ((c / 100) | 0);
      nameText[n++] = 0x30 + (((c / 10) | 0) % 10);
      nameText[n++] = 0x30 + (c % 10);
    }
  }
  return n;
}

/**
 * Reads the (possibly compressed) name at `pos` of the message [msgStart, msgEnd). Sets nameEnd,
 * nameErr and nameErrTruncated; returns the text when `build` (root = '', no trailing dot).
 */
function readName(b, pos, msgStart, msgEnd, build) {
  if (msgEnd > b.length) msgEnd = b.length; // past the bytes there is nothing to read (and no end to the walk)
  nameErr = null;
  nameErrTruncated = false;
  let end = -1;
  let p = pos;
  let runStart = pos; // start of the label run being read; pointers must point before it
  let hops = 0;
  let wire = 1; // the root byte
  let n = 0; // bytes of the name's text in nameText
  for (;;) {
    // each pass either moves p forward within the message or jumps strictly backwards: terminates
    if (p >= msgEnd) { if (nameErr === null) { nameErr = 'name truncated'; nameErrTruncated = true; } break; }
    const c = b[p];
    if (c === 0) {
      if (end < 0) end = p + 1;
      break;
    }
    const kind = c & 0xc0;
    if (kind === 0xc0) {
      if (p + 1 >= msgEnd) { if (nameErr === null) { nameErr = 'name truncated'; nameErrTruncated = true; } break; }
      const target = msgStart + (((c & 0x3f) << 8) | b[p + 1]);
      if (end < 0) end = p + 2;
      if (target >= runStart) { if (nameErr === null) nameErr = 'bad compression pointer'; break; }
      if (++hops > MAX_HOPS) { if (nameErr === null) nameErr = 'too many compression pointers'; break; }
      p = runStart = target;
      continue;
    }
    if (kind !== 0) { if (nameErr === null) nameErr = 'bad label type'; break; }
    if (p + 1 + c > msgEnd) { if (nameErr === null) { nameErr = 'name truncated'; nameErrTruncated = true; } break; }
    wire += c + 1;
    if (wire > MAX_NAME) {
      // keep walking to find where the name ends, as tshark does, but stop building it
      if (nameErr === null) nameErr = 'name too long';
    } else if (build) {
      if (n > 0) nameText[n++] = 0x2e;
      n = appendLabel(b, p + 1, p + 1 + c, n);
    }
    p += 1 + c;
  }
  nameEnd = end;
  if (!build) return undefined;
  // tshark's placeholders for names that cannot be shown
  if (nameErr === 'name too long') return '<Name too long>';
  if (nameErr === 'bad compression pointer' || nameErr === 'too many compression pointers') return '<Name contains a pointer that loops>';
  return n === 0 ? '' : nameText.toString('latin1', 0, n);
}

/**
 * The names one after another in b[s, e), as DHCPv6 domain lists and DHCP's domain search option
 * carry them (compression pointers may point back within the range); stops at the first name that
 * cannot be read whole.
 */
function nameList(b, s, e) {
  const out = [];
  for (let p = s; p < e && out.length < 256;) {
    const name = readName(b, p, s, e, true);
    if (nameErr !== null || nameEnd <= p) break;
    out.push(name);
    p = nameEnd;
  }
  return out;
}

const ROOT_LABEL = Buffer.from([0]);

/**
 * The name of a DHCP client FQDN option (RFC 4702 for DHCPv4, RFC 4704 for DHCPv6): DNS wire
 * form without compression, which a client may send without its root label, its host name alone
 * (`partial`: tshark's "Partial domain name"). A name that does not read is ''.
 * @returns {{name: string, partial: boolean}}
 */
function fqdnName(b, s, e) {
  if (s >= e) return { name: '', partial: false };
  const name = readName(b, s, s, e, true);
  if (nameErr === null) return { name, partial: false };
  const whole = Buffer.concat([b.subarray(s, e), ROOT_LABEL]);
  const partial = readName(whole, 0, 0, whole.length, true);
  if (nameErr === null && nameEnd === whole.length) return { name: partial, partial: true };
  return { name: '', partial: false };
}

// ------------------------------------------------------------------------------------------------

/** The header flags of a DNS message, node_pcap's names plus AD and CD. */
class DnsHeader {
  constructor(hi, lo) {
    this.isResponse = (hi & 0x80) !== 0;
    this.opcode = (hi >> 3) & 0x0f;
    this.isAuthority = (hi & 0x04) !== 0;
    this.isTruncated = (hi & 0x02) !== 0;
    this.isRecursionDesired = (hi & 0x01) !== 0;
    this.isRecursionAvailable = (lo & 0x80) !== 0;
    // RFC 1035's 3-bit Z field (now Z, AD, CD). node_pcap computed `lo & 0x70 >> 4` (= lo & 7).
    this.z = (lo & 0x70) >> 4;
    this.authenticatedData = (lo & 0x20) !== 0;
    this.checkingDisabled = (lo & 0x10) !== 0;
    this.responseCode = lo & 0x0f;
  }

  /** node_pcap's misspelt name, kept for compatibility. */
  get isRecursionAvailible() {
    return this.isRecursionAvailable;
  }
}

/**
 * node_pcap's sections were {rrs: [...]}, and its code reads `answer.rrs`: a section array also
 * answers to `rrs` (itself; not enumerable, so JSON and comparisons see a plain array). Added
 * on a user's first read (defining it costs more than building a small section).
 */
function withRrs(list) {
  if (list !== undefined && list.rrs === undefined) Object.defineProperty(list, 'rrs', { value: list });
  return list;
}

/**
 * A DNS message. `question` entries are `{name, type, class}`; `answer`, `authority` and
 * `additional` entries are `{name, type, class, ttl, rdlength, rdata}` (mDNS adds `qu` /
 * `cacheFlush` and strips that bit from `class`). Sections are built on first read; a section that
 * runs out keeps the records before the break and `error` says where.
 */
class DNS {
  constructor() {
    this._b = null;
    this._o = 0; // first byte of the message (after the TCP length prefix)
    this._end = 0; // end of the message, bounded by the captured bytes
    this._seg = -1; // over TCP: start of the segment payload (the first length prefix)
    this._segEnd = 0;
    this._base = 0;
    this._good = 0; // records, counted over all sections in order, whose bytes are all there
    this._qOff = -1;
    this._anOff = -1;
    this._nsOff = -1;
    this._arOff = -1;
    this._sections = null; // built sections, [question, answer, authority, additional]
    this._checked = false; // the walk over the records runs on first use (see _ensureChecked)
    this._claimEnd = -1; // over TCP: where the message ends per its length prefix
    this._error = null;
    this._truncated = false;
    this.payload = null;
  }

  // DNS is decoded lazily: decode() only notes where the message is, and the walk that finds
  // the sections and any error runs when a field that needs it is first read. Most programs
  // never look inside most DNS packets they capture.
  _ensureChecked() {
    if (this._checked) return;
    this._checked = true;
    const ctx = { base: this._base };
    this._check(ctx);
    if (this._claimEnd > this._segEnd && this._error === null) {
      markError(this, ctx, 'message truncated', this._o, this._claimEnd - this._o, this._segEnd - this._o);
    }
  }

  /** Where the message is truncated or malformed, or null. */
  get error() {
    this._ensureChecked();
    return this._error;
  }

  set error(value) {
    this._error = value;
  }

  /** True when the capture cut the message short. */
  get truncated() {
    this._ensureChecked();
    return this._truncated;
  }

  set truncated(value) {
    this._truncated = value;
  }

  /** Decodes a message that fills [offset, end) (UDP). */
  decode(buf, offset = 0, end = bytesEnd(buf), ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    this._base = ctx && ctx.base ? ctx.base : 0;
    return this;
  }

  /**
   * Decodes the first message of a TCP segment payload: 2-byte length, then the message
   * (RFC 1035 4.2.2). Further messages in the same segment are counted in `messageCount`.
   */
  decodeStream(buf, offset, end, ctx) {
    this._b = buf;
    this._seg = offset;
    this._segEnd = end;
    this._base = ctx && ctx.base ? ctx.base : 0;
    if (offset + 2 > end) {
      this._o = end;
      this._end = end;
      this._checked = true; // nothing to walk
      return markError(this, ctx, 'length truncated', offset, 2, end - offset);
    }
    const len = (buf[offset] << 8) | buf[offset + 1];
    const start = offset + 2;
    this._o = start;
    this._end = start + len < end ? start + len : end;
    this._claimEnd = start + len;
    return this;
  }

  // Walks the message once to find section offsets and the first error; builds nothing.
  _check(ctx) {
    const b = this._b;
    const s = this._o;
    const e = this._end;
    if (s + 12 > e) {
      markError(this, ctx, 'header truncated', s, 12, e - s);
      return;
    }
    let p = s + 12;
    for (let sec = 0; sec < 4; sec++) {
      const count = (b[s + 4 + 2 * sec] << 8) | b[s + 5 + 2 * sec];
      if (sec === 0) this._qOff = p;
      else if (sec === 1) this._anOff = p;
      else if (sec === 2) this._nsOff = p;
      else this._arOff = p;
      // every record takes at least 5 bytes, so this loop ends with the message
      for (let i = 0; i < count; i++) {
        readName(b, p, s, e, false);
        if (nameErr !== null) {
          if (!this.error) markError(this, ctx, SECTION_NAMES[sec] + ' ' + nameErr, p, 1, e - p, nameErrTruncated);
          if (nameEnd < 0) return;
        }
        p = nameEnd;
        const fixed = sec === 0 ? 4 : 10;
        if (p + fixed > e) {
          markError(this, ctx, SECTION_NAMES[sec] + ' truncated', p, fixed, e - p);
          return;
        }
        if (sec !== 0) {
          const rdlength = (b[p + 8] << 8) | b[p + 9];
          if (p + 10 + rdlength > e) {
            markError(this, ctx, SECTION_NAMES[sec] + ' truncated', p, 10 + rdlength, e - p);
            return;
          }
          // checked here, not when the section is built: the error must not depend on what was read first
          if (this._error === null) {
            const type = (b[p] << 8) | b[p + 1];
            if (this._rdata(type, (b[p + 2] << 8) | b[p + 3], 0, p + 10, rdlength, false) === undefined) {
              markError(this, ctx, 'bad rdata (' + typeName(type) + ')', p + 10, rdlength, rdlength, false);
            }
          }
          p += rdlength;
        }
        p += fixed;
        this._good++;
        // a name over 255 bytes is garbage rather than a real name: keep this record, then stop
        // (tshark does the same: one record with "<Name too long>", then a malformed exception)
        if (nameErr === 'name too long') return;
      }
    }
  }

  /** The message id. */
  get id() { return u16(this._b, this._o, this._end); }
  /** The 16-bit flags word as a number. */
  get flags() { return u16(this._b, this._o + 2, this._end); }

  /** `{isResponse, opcode, isAuthority, isTruncated, isRecursionDesired, isRecursionAvailable, z, authenticatedData, checkingDisabled, responseCode}` */
  get header() {
    if (this._o + 4 > this._end) return undefined;
    return new DnsHeader(this._b[this._o + 2], this._b[this._o + 3]);
  }

  /**
   * The response code: the header's 4 bits, under the upper 8 bits an OPT record carries in its
   * TTL (EDNS, RFC 6891 6.1.3): 16 BADVERS, 23 BADCOOKIE (RFC 7873) come with a header saying
   * NoError or YXRRSet. undefined without a header.
   */
  get rcode() {
    const h = this.header;
    if (h === undefined) return undefined;
    // (no additional records, no OPT: the additional section is not read)
    const ar = this.arcount > 0 ? this._section(3) : undefined;
    if (ar !== undefined) {
      for (const r of ar) if (r.type === 41 && r.rdata && r.rdata.extendedRcode !== undefined) return (r.rdata.extendedRcode << 4) | h.responseCode;
    }
    return h.responseCode;
  }

  /** Number of question entries, as the header says. */
  get qdcount() { return u16(this._b, this._o + 4, this._end); }
  /** Number of answer records, as the header says. */
  get ancount() { return u16(this._b, this._o + 6, this._end); }
  /** Number of authority records, as the header says. */
  get nscount() { return u16(this._b, this._o + 8, this._end); }
  /** Number of additional records, as the header says. */
  get arcount() { return u16(this._b, this._o + 10, this._end); }

  /**
   * The questions, [{name, type, class}] (mDNS: plus `qu`), as far as they could be read; built
   * once, with node_pcap's `rrs` (the array itself).
   */
  get question() { return withRrs(this._section(0)); }
  /**
   * The answer records, [{name, type, class, ttl, rdlength, rdata}] (mDNS: plus `cacheFlush`), as
   * far as they could be read; built once, with `rrs`.
   */
  get answer() { return withRrs(this._section(1)); }
  /** The authority records, as `answer`. */
  get authority() { return withRrs(this._section(2)); }
  /** The additional records, as `answer`. */
  get additional() { return withRrs(this._section(3)); }

  /** 'dns', 'mdns' or 'llmnr' (from the port the message was dispatched on). */
  get protocol() { return 'dns'; }

  /** Over TCP: the message's length prefix; undefined over UDP. */
  get messageLength() { return this._seg < 0 ? undefined : u16(this._b, this._seg, this._segEnd); }

  /** Number of DNS messages that start in this TCP segment (1 over UDP); only the first is decoded. */
  get messageCount() {
    if (this._seg < 0) return 1;
    let n = 0;
    const b = this._b;
    for (let p = this._seg; p + 2 <= this._segEnd && n < 65536; n++) p += 2 + ((b[p] << 8) | b[p + 1]);
    return n;
  }

  /** A section as a plain array (the printers' way in; the getters add node_pcap's `rrs`). */
  _section(sec) {
    if (this._o + 12 > this._end) return undefined;
    this._ensureChecked();
    if (this._sections === null) this._sections = [null, null, null, null];
    let list = this._sections[sec];
    if (list !== null) return list;
    list = [];
    const b = this._b;
    let before = 0;
    for (let i = 0; i < sec; i++) before += u16(b, this._o + 4 + 2 * i, this._end);
    const count = u16(b, this._o + 4 + 2 * sec, this._end);
    const n = Math.min(count, Math.max(0, this._good - before));
    let p = sec === 0 ? this._qOff : sec === 1 ? this._anOff : sec === 2 ? this._nsOff : this._arOff;
    for (let i = 0; i < n; i++) {
      const r = sec === 0 ? this._question(p) : this._record(p);
      list.push(r);
      p = recordNext;
    }
    this._sections[sec] = list;
    return list;
  }

  _question(p) {
    const b = this._b;
    const name = readName(b, p, this._o, this._end, true);
    p = nameEnd;
    recordNext = p + 4;
    const type = (b[p] << 8) | b[p + 1];
    const cls = (b[p + 2] << 8) | b[p + 3];
    if (this._mdns) return { name, type, class: cls & 0x7fff, qu: (cls & 0x8000) !== 0 };
    return { name, type, class: cls };
  }

  _record(p) {
    const b = this._b;
    const name = readName(b, p, this._o, this._end, true);
    p = nameEnd;
    const type = (b[p] << 8) | b[p + 1];
    const cls = (b[p + 2] << 8) | b[p + 3];
    const ttl = b[p + 4] * 0x1000000 + ((b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]);
    const rdlength = (b[p + 8] << 8) | b[p + 9];
    const rdata = this._rdata(type, cls, ttl, p + 10, rdlength, true);
    recordNext = p + 10 + rdlength;
    // the cache-flush bit does not apply to OPT, whose class is the UDP payload size
    if (this._mdns && type !== 41) return { name, type, class: cls & 0x7fff, cacheFlush: (cls & 0x8000) !== 0, ttl, rdlength, rdata };
    return { name, type, class: cls, ttl, rdlength, rdata };
  }

  // A name inside rdata [.., e): its own bytes must end within the rdata. `build`: its text,
  // else true; undefined when it is not a good name.
  _rdName(p, e, build) {
    const name = readName(this._b, p, this._o, this._end, build);
    if (nameErr !== null || nameEnd > e) return undefined;
    return build ? name : true;
  }

  // A record's rdata: with `build`, its value (a Buffer of its bytes when they are not what its
  // type says, or the type is not one decoded here); without, only whether its bytes are what
  // its type says (true, or undefined: _check's 'bad rdata'), making nothing.
  _rdata(type, cls, ttl, p, len, build) {
    const b = this._b;
    const e = p + len;
    // RFC 2136 (UPDATE): prerequisites and deletions (class ANY or NONE) carry no rdata
    if (len === 0 && (cls === 254 || cls === 255 || ((b[this._o + 2] >> 3) & 0x0f) === 5)) return build ? view(b, p, e) : true;
    let v;
    switch (type) {
      case 1: // A
        if (len === 4) v = build ? formatIPv4(b, p) : true;
        break;
      case 28: // AAAA (node_pcap never decoded it, PR #274)
        if (len === 16) v = build ? formatIPv6(b, p) : true;
        break;
      case 2: case 5: case 12: case 39: // NS, CNAME, PTR, DNAME
        v = this._rdName(p, e, build);
        break;
      case 15: // MX
        if (len >= 3) {
          const exchange = this._rdName(p + 2, e, build);
          if (exchange !== undefined) v = build ? { preference: (b[p] << 8) | b[p + 1], exchange } : true;
        }
        break;
      case 16: case 99: { // TXT, SPF: character-strings
        const list = build ? [] : null;
        let q = p;
        while (q < e) {
          const l = b[q];
          if (q + 1 + l > e) { q = -1; break; }
          if (build) list.push(text(b, q + 1, q + 1 + l));
          q += 1 + l;
        }
        if (q === e) v = build ? list : true;
        break;
      }
      case 6: { // SOA
        const mname = this._rdName(p, e, build);
        if (mname === undefined) break;
        const rname = this._rdName(nameEnd, e, build);
        if (rname === undefined || nameEnd + 20 > e) break;
        const q = nameEnd;
        v = build ? { mname, rname, serial: u32(b, q, e), refresh: u32(b, q + 4, e), retry: u32(b, q + 8, e), expire: u32(b, q + 12, e), minimum: u32(b, q + 16, e) } : true;
        break;
      }
      case 33: // SRV
        if (len >= 7) {
          const target = this._rdName(p + 6, e, build);
          if (target !== undefined) v = build ? { priority: (b[p] << 8) | b[p + 1], weight: (b[p + 2] << 8) | b[p + 3], port: (b[p + 4] << 8) | b[p + 5], target } : true;
        }
        break;
      case 41: { // OPT (EDNS, RFC 6891): class = UDP payload size, TTL = ext. rcode, version, DO
        const options = build ? [] : null;
        let q = p;
        while (q + 4 <= e) {
          const olen = (b[q + 2] << 8) | b[q + 3];
          if (q + 4 + olen > e) break;
          if (build) options.push({ code: (b[q] << 8) | b[q + 1], length: olen, data: view(b, q + 4, q + 4 + olen) });
          q += 4 + olen;
        }
        if (q === e) {
          v = build ? { udpPayloadSize: cls, extendedRcode: Math.floor(ttl / 0x1000000), version: (ttl >> 16) & 0xff, do: (ttl & 0x8000) !== 0, z: ttl & 0x7fff, options } : true;
        }
        break;
      }
      case 257: // CAA (RFC 8659)
        if (len >= 2 && 2 + b[p + 1] <= len) {
          const tagEnd = p + 2 + b[p + 1];
          v = build ? { flags: b[p], tag: text(b, p + 2, tagEnd), value: text(b, tagEnd, e) } : true;
        }
        break;
      default:
        return build ? view(b, p, e) : true;
    }
    if (v === undefined) return build ? view(b, p, e) : undefined; // (_check noted the error)
    return v;
  }

  /** One line: `DNS question example.com A` or `DNS answer example.com A 93.184.216.34`. */
  toString() {
    const h = this.header;
    if (h === undefined) return 'DNS [truncated]';
    let s;
    const q = this._section(0); // (not the getter: printing needs no `rrs`)
    const q0 = q && q.length ? q[0] : null;
    if (!h.isResponse) {
      s = q0 ? `DNS question ${q0.name || '<Root>'} ${typeName(q0.type)}` : 'DNS question';
    } else {
      const an = this._section(1);
      if (an && an.length) {
        const a = an[0];
        s = `DNS answer ${a.name || '<Root>'} ${typeName(a.type)} ${rdataText(a)}`;
        if (an.length > 1) s += ` (+${an.length - 1} more)`;
      } else {
        s = q0 ? `DNS answer ${q0.name || '<Root>'} ${typeName(q0.type)}` : 'DNS answer';
      }
      const rcode = this.rcode;
      if (rcode !== 0) s += ' ' + rcodeName(rcode);
    }
    const n = this.messageCount;
    if (n > 1) s += ` [${n} messages]`;
    if (this.error) s += ` [${this.error.reason}]`;
    return s;
  }
}
DNS.prototype._mdns = false;
defineLayer(DNS, {
  name: 'dns',
  fields: ['id', 'header', 'qdcount', 'ancount', 'nscount', 'arcount', 'question', 'answer', 'authority', 'additional'],
});

let recordNext = 0; // where the record just built ends (set by _question / _record)

/** 'NXDomain', 'BADCOOKIE', ... or 'rcode n'. */
function rcodeName(rcode) {
  return RCODE_NAMES[rcode] || 'rcode ' + rcode;
}

function rdataText(r) {
  const d = r.rdata;
  if (d === undefined || d === null) return '';
  if (typeof d === 'string') return d || '<Root>';
  if (Buffer.isBuffer(d)) return `[${d.length} bytes]`;
  if (Array.isArray(d)) return d.map((x) => JSON.stringify(x)).join(' ');
  switch (r.type) {
    case 15: return `${d.preference} ${d.exchange || '<Root>'}`;
    case 6: return `${d.mname || '<Root>'} ${d.rname || '<Root>'} ${d.serial}`;
    case 33: return `${d.priority} ${d.weight} ${d.port} ${d.target || '<Root>'}`;
    case 41: return `udp ${d.udpPayloadSize}`;
    case 257: return `${d.flags} ${oneLine(d.tag)} ${JSON.stringify(d.value)}`;
    default: return '';
  }
}

/** Multicast DNS (port 5353): the top bit of a class is QU (questions) or cache-flush (records). */
class MDNS extends DNS {
  /** Always 'mdns' (see DNS#protocol). */
  get protocol() { return 'mdns'; }
}
MDNS.prototype._mdns = true;

/** Link-Local Multicast Name Resolution (port 5355): DNS message format. */
class LLMNR extends DNS {
  /** Always 'llmnr' (see DNS#protocol). */
  get protocol() { return 'llmnr'; }

  /**
   * DNS's header fields, plus LLMNR's own names for the bits it gives other meanings (RFC 4795
   * §2.1.1): `conflict` (C, where DNS has AA: isAuthority) and `tentative` (T, where DNS has RD:
   * isRecursionDesired).
   */
  get header() {
    const h = super.header;
    if (h !== undefined) {
      h.conflict = h.isAuthority;
      h.tentative = h.isRecursionDesired;
    }
    return h;
  }
}

module.exports = { DNS, MDNS, LLMNR, DnsHeader, readName, nameList, fqdnName, typeName, rdataText, rcodeName, TYPE_NAMES, RCODE_NAMES };
