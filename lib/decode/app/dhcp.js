'use strict';
// DHCP (RFC 2131, options RFC 2132) and the BOOTP it extends (RFC 951), on UDP 67 and 68.
//
// Fields:
//   op               1 BOOTREQUEST (client to server), 2 BOOTREPLY
//   htype, hlen      hardware address type (1 Ethernet) and length
//   hops, xid, secs  relay hops, transaction id, seconds since the client began
//   flags, broadcast the flags word and its broadcast bit
//   ciaddr, yiaddr, siaddr, giaddr   client, "your" (offered), next-server and relay addresses
//   chaddr           the client's hardware address ('aa:bb:cc:dd:ee:ff' for Ethernet), hlen bytes
//   sname, file      server host name and boot file name (text up to the first NUL); null when
//                    option 52 says the field holds options instead
//   magicCookie      true when the DHCP magic cookie follows the header (false: plain BOOTP)
//   options          [DhcpOption {code, name, length, data, value}] in wire order: the options
//                    field, then `file`, then `sname` when option 52 overloads them; pad and end
//                    are left out
//   messageType      option 53 (1 DISCOVER ... 8 INFORM), undefined for BOOTP;
//   messageTypeName  'discover', 'offer', 'request', ...
//   and the options most programs look at, as values (undefined when absent): requestedAddress
//   (50), serverIdentifier (54), leaseTime (51, seconds), subnetMask (1), routers (3),
//   dnsServers (6), hostname (12), domainName (15), parameterRequestList (55), clientIdentifier
//   (61), vendorClassIdentifier (60). option(code) gives any option's value.
//
// A code that appears more than once is one option split in parts (RFC 3396): option() and the
// getters join the parts. An option that runs past the datagram is recorded as the layer's error,
// with the options before it kept.

const { u8, u16, u32, view, text, nulEnd } = require('../bytes');
const { nameList, fqdnName } = require('./dns');
const { formatMac, formatIPv4 } = require('../addr');
const { defineLayer, markError } = require('../layer');
const { WireOption, withOptionGetters } = require('./wire_option');
const { dhcpPart } = require('../print/summary');

const HEADER = 236; // op .. file; the magic cookie and options follow
const COOKIE = 0x63825363;
const OPT_PAD = 0;
const OPT_END = 255;
const OPT_OVERLOAD = 52;
const OVERLOAD_FILE = 1;
const OVERLOAD_SNAME = 2;
const SNAME_AT = 44; // offsets in the header
const SNAME_LEN = 64;
const FILE_AT = 108;
const FILE_LEN = 128;

const MESSAGE_TYPES = {
  1: 'discover', 2: 'offer', 3: 'request', 4: 'decline', 5: 'ack', 6: 'nak', 7: 'release', 8: 'inform',
  9: 'forcerenew', 10: 'leasequery', 11: 'leaseunassigned', 12: 'leaseunknown', 13: 'leaseactive',
  14: 'bulkleasequery', 15: 'leasequerydone', 16: 'activeleasequery', 17: 'leasequerystatus', 18: 'tls',
};

// How each option's bytes read, by code: an address, a list of addresses, a number of 1, 2 or 4
// bytes, text, or a list of codes. Codes not listed are left as bytes.
const IP = 'ip';
const IPS = 'ips';
const U8 = 'u8';
const U16 = 'u16';
const U32 = 'u32';
const I32 = 'i32';
const TEXT = 'text';
const CODES = 'codes';
const NAMES = 'names';
const OPTIONS = {
  1: ['subnet_mask', IP], 2: ['time_offset', I32], 3: ['router', IPS], 4: ['time_server', IPS], 5: ['name_server', IPS],
  6: ['domain_name_server', IPS], 7: ['log_server', IPS], 9: ['lpr_server', IPS], 12: ['hostname', TEXT],
  13: ['boot_file_size', U16], 14: ['merit_dump_file', TEXT], 15: ['domain_name', TEXT], 16: ['swap_server', IP],
  17: ['root_path', TEXT], 18: ['extensions_path', TEXT], 19: ['ip_forwarding', U8], 22: ['max_datagram_reassembly', U16],
  23: ['default_ttl', U8], 26: ['interface_mtu', U16], 28: ['broadcast_address', IP], 35: ['arp_cache_timeout', U32],
  37: ['tcp_default_ttl', U8], 40: ['nis_domain', TEXT], 41: ['nis_servers', IPS], 42: ['ntp_servers', IPS],
  43: ['vendor_specific', null], 44: ['netbios_name_servers', IPS], 46: ['netbios_node_type', U8],
  47: ['netbios_scope', TEXT], 50: ['requested_ip_address', IP], 51: ['ip_address_lease_time', U32],
  52: ['option_overload', U8], 53: ['dhcp_message_type', U8], 54: ['dhcp_server_identifier', IP],
  55: ['parameter_request_list', CODES], 56: ['message', TEXT], 57: ['max_dhcp_message_size', U16],
  58: ['renewal_time_value', U32], 59: ['rebinding_time_value', U32], 60: ['vendor_class_identifier', TEXT],
  61: ['client_identifier', null], 66: ['tftp_server_name', TEXT], 67: ['bootfile_name', TEXT],
  69: ['smtp_server', IPS], 70: ['pop3_server', IPS], 81: ['client_fqdn', null], 82: ['relay_agent_information', null],
  100: ['pcode', TEXT], 101: ['tcode', TEXT], 114: ['captive_portal', TEXT], 116: ['auto_configure', U8],
  118: ['subnet_selection', IP], 119: ['domain_search', NAMES], 121: ['classless_static_route', null],
  150: ['tftp_server_address', IPS], 252: ['private_proxy_autodiscovery', TEXT],
};

/** Text up to the first NUL of b[s, e). */
function cString(b, s, e) {
  return text(b, s, nulEnd(b, s, e));
}

/** Colon-separated hex of b[s, e). */
function colonHex(b, s, e) {
  return e > s ? formatMac(b, s, e - s) : '';
}

/** A value of the `kind` above from b[s, e), or the bytes (a Buffer) when the length does not fit the kind. */
function readValue(kind, b, s, e) {
  const n = e - s;
  switch (kind) {
    case IP: return n === 4 ? formatIPv4(b, s) : view(b, s, e);
    case IPS: {
      if (n === 0 || n % 4 !== 0) return view(b, s, e);
      const out = [];
      for (let p = s; p < e; p += 4) out.push(formatIPv4(b, p));
      return out;
    }
    case U8: return n === 1 ? b[s] : view(b, s, e);
    case U16: return n === 2 ? u16(b, s, e) : view(b, s, e);
    case U32: return n === 4 ? u32(b, s, e) : view(b, s, e);
    case I32: return n === 4 ? u32(b, s, e) | 0 : view(b, s, e);
    case TEXT: return cString(b, s, e); // clients often end text with a NUL, which is not part of it
    case CODES: return Array.from(view(b, s, e));
    case NAMES: return nameList(b, s, e); // RFC 3397: compression within the option (split parts joined first)
    default: return view(b, s, e);
  }
}

/** Option 61: a hardware type byte then the address, or type 0 then any identifier. */
function clientIdentifier(b, s, e) {
  if (e - s < 2) return view(b, s, e);
  return { type: b[s], identifier: colonHex(b, s + 1, e) };
}

/**
 * Option 81 (RFC 4702): flags, two obsolete rcodes, and the name in DNS wire form (flag E; `partial`
 * when it has no root label: the host name alone) or as text.
 */
function clientFqdn(b, s, e) {
  if (e - s < 3) return view(b, s, e);
  const flags = b[s];
  if (flags & 0x04) return { flags, ...fqdnName(b, s + 3, e) };
  return { flags, name: text(b, s + 3, e), partial: false };
}

/** Option 82 (RFC 3046): sub-options {code, length, data}. */
function subOptions(b, s, e) {
  const out = [];
  for (let p = s; p + 2 <= e;) {
    const len = b[p + 1];
    if (p + 2 + len > e) break;
    out.push({ code: b[p], length: len, data: view(b, p + 2, p + 2 + len) });
    p += 2 + len;
  }
  return out;
}

/** The value of option `code` held in b[s, e): see OPTIONS and the readers above. */
function optionValue(code, b, s, e) {
  if (code === 61) return clientIdentifier(b, s, e);
  if (code === 81) return clientFqdn(b, s, e);
  if (code === 82) return subOptions(b, s, e);
  const spec = OPTIONS[code];
  return readValue(spec !== undefined ? spec[1] : null, b, s, e);
}

/** One option as it appears on the wire. */
class DhcpOption extends WireOption {
  /** A name for it in snake case, after RFC 2132's (most are tshark's dhcp.option.* names), or 'option_<code>'. */
  get name() {
    const spec = OPTIONS[this.code];
    return spec !== undefined ? spec[0] : 'option_' + this.code;
  }

  /** The bytes read as the option's type says (an address, a number, text, a list...), else the bytes. */
  get value() { return optionValue(this.code, this._b, this._o, this._o + this.length); }
}

class DHCP {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this.options = [];
    this._overload = 0;
    this.payload = null; // nothing is carried inside DHCP
  }

  /**
   * Reads the BOOTP header at buf[offset, end) and, after the magic cookie, the options into `options`
   * (also those option 52 moves into `file` and `sname`; `ctx` is the PcapPacket). Never throws: see
   * `error`. No payload.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + HEADER > end) return markError(this, ctx, 'header truncated', offset, HEADER, end - offset);
    if (offset + HEADER < end && offset + HEADER + 4 > end) return markError(this, ctx, 'magic cookie truncated', offset + HEADER, 4, end - offset - HEADER);
    if (!this.magicCookie) return this;
    const list = this.options;
    let err = this._readOptions(offset + HEADER + 4, end, list, ctx, true);
    // option 52 moves more options into `file` and then `sname` (RFC 2131 4.1); 1 to 3 are its values
    const over = this.option(OPT_OVERLOAD);
    const overload = over === 1 || over === 2 || over === 3 ? over : 0;
    this._overload = overload;
    // an option running past those fixed fields is malformed, not cut by the capture
    if (err === null && overload & OVERLOAD_FILE) err = this._readOptions(offset + FILE_AT, offset + FILE_AT + FILE_LEN, list, ctx, false);
    if (err === null && overload & OVERLOAD_SNAME) this._readOptions(offset + SNAME_AT, offset + SNAME_AT + SNAME_LEN, list, ctx, false);
    return this;
  }

  /**
   * Reads options from [p, end) into `list` until the end option; returns the error it marked, or
   * null. `cut`: whether running out of bytes means the capture cut them (else: malformed).
   */
  _readOptions(p, end, list, ctx, cut) {
    const b = this._b;
    while (p < end) {
      const code = b[p];
      if (code === OPT_END) return null;
      if (code === OPT_PAD) {
        p++;
        continue;
      }
      if (p + 2 > end) return markError(this, ctx, 'option truncated', p, 2, end - p, cut);
      const len = b[p + 1];
      if (p + 2 + len > end) return markError(this, ctx, 'option truncated', p, 2 + len, end - p, cut);
      list.push(new DhcpOption(b, code, p + 2, len));
      p += 2 + len;
    }
    return null; // no end option: tolerated, as by most servers
  }

  /** 1 BOOTREQUEST, 2 BOOTREPLY. */
  get op() { return u8(this._b, this._o, this._end); }
  /** Hardware address type (1 Ethernet). */
  get htype() { return u8(this._b, this._o + 1, this._end); }
  /** Hardware address length in bytes (6 for Ethernet). */
  get hlen() { return u8(this._b, this._o + 2, this._end); }
  /** Relay agent hops. */
  get hops() { return u8(this._b, this._o + 3, this._end); }
  /** Transaction id, unsigned 32-bit. */
  get xid() { return u32(this._b, this._o + 4, this._end); }
  /** Seconds since the client began acquiring or renewing. */
  get secs() { return u16(this._b, this._o + 8, this._end); }
  /** The flags field (0x8000: broadcast). */
  get flags() { return u16(this._b, this._o + 10, this._end); }
  /** The broadcast flag (0x8000 of `flags`). */
  get broadcast() { const f = this.flags; return f === undefined ? undefined : (f & 0x8000) !== 0; }
  /** Client IP address (dotted text). */
  get ciaddr() { return this._addr(12); }
  /** 'Your' (client) IP address, the one offered or assigned (dotted text). */
  get yiaddr() { return this._addr(16); }
  /** Next server IP address (dotted text). */
  get siaddr() { return this._addr(20); }
  /** Relay agent IP address (dotted text). */
  get giaddr() { return this._addr(24); }

  _addr(at) {
    return this._o + at + 4 <= this._end ? formatIPv4(this._b, this._o + at) : undefined;
  }

  /** The client's hardware address: min(hlen, 16) bytes as colon-separated hex. */
  get chaddr() {
    if (this._o + HEADER > this._end) return undefined;
    const hlen = Math.min(this._b[this._o + 2], 16);
    return colonHex(this._b, this._o + 28, this._o + 28 + hlen);
  }

  /** Server host name: text up to the first NUL; null when option 52 says the field holds options. */
  get sname() {
    if (this._o + HEADER > this._end) return undefined;
    return this._overload & OVERLOAD_SNAME ? null : cString(this._b, this._o + SNAME_AT, this._o + SNAME_AT + SNAME_LEN);
  }

  /** Boot file name: text up to the first NUL; null when option 52 says the field holds options. */
  get file() {
    if (this._o + HEADER > this._end) return undefined;
    return this._overload & OVERLOAD_FILE ? null : cString(this._b, this._o + FILE_AT, this._o + FILE_AT + FILE_LEN);
  }

  /** Whether the DHCP magic cookie follows the header (false for plain BOOTP, and when not captured). */
  get magicCookie() {
    const c = u32(this._b, this._o + HEADER, this._end);
    return c === undefined ? false : c === COOKIE;
  }

  /**
   * The value of option `code` (see DhcpOption.value), its parts joined when it was split
   * (RFC 3396); undefined when the packet does not have it.
   * @param {number} code
   */
  option(code) {
    let first = null;
    let parts = null;
    for (const o of this.options) {
      if (o.code !== code) continue;
      if (first === null) first = o;
      else (parts || (parts = [first.data])).push(o.data);
    }
    if (first === null) return undefined;
    if (parts === null) return first.value;
    const joined = Buffer.concat(parts);
    return optionValue(code, joined, 0, joined.length);
  }

  /**
   * Option 53, the DHCP message type: 1 discover, 2 offer, 3 request, 5 ack, 6 nak, ... 8 inform;
   * undefined for plain BOOTP.
   */
  get messageType() { const v = this.option(53); return typeof v === 'number' ? v : undefined; }

  /** The message type's name ('discover', 'offer', ...; 'type N' for others); undefined without option 53. */
  get messageTypeName() {
    const t = this.messageType;
    if (t === undefined) return undefined;
    return MESSAGE_TYPES[t] !== undefined ? MESSAGE_TYPES[t] : 'type ' + t;
  }

  /** Option 50, the requested IP address (dotted text). */
  get requestedAddress() { return this._typed(50, 'string'); }
  /** Option 54, the server identifier (dotted text). */
  get serverIdentifier() { return this._typed(54, 'string'); }
  /** Option 51, the lease time in seconds. */
  get leaseTime() { return this._typed(51, 'number'); }
  /** Option 1, the subnet mask (dotted text). */
  get subnetMask() { return this._typed(1, 'string'); }
  /** Option 3, the routers (dotted text). */
  get routers() { return this._list(3); }
  /** Option 6, the DNS servers (dotted text). */
  get dnsServers() { return this._list(6); }
  /** Option 12, the client's host name. */
  get hostname() { return this._typed(12, 'string'); }
  /** Option 15, the domain name. */
  get domainName() { return this._typed(15, 'string'); }
  /** Option 55, the option codes the client asks for. */
  get parameterRequestList() { return this._list(55); }
  /** Option 61, the client identifier as {type, identifier} (identifier colon-separated hex). */
  get clientIdentifier() { const v = this.option(61); return v !== undefined && !Buffer.isBuffer(v) ? v : undefined; }
  /** Option 60, the vendor class identifier. */
  get vendorClassIdentifier() { return this._typed(60, 'string'); }

  /** simple_capture's text for it: `DHCP request 10.0.0.7 from 52:54:00:12:34:56 xid 0x3903f326 host "laptop"`. */
  toString() {
    return dhcpPart(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

withOptionGetters(DHCP);
defineLayer(DHCP, {
  name: 'dhcp',
  fields: ['op', 'htype', 'hlen', 'hops', 'xid', 'secs', 'flags', 'broadcast', 'ciaddr', 'yiaddr', 'siaddr', 'giaddr',
    'chaddr', 'sname', 'file', 'magicCookie', 'messageType', 'messageTypeName', 'requestedAddress', 'serverIdentifier',
    'leaseTime', 'subnetMask', 'routers', 'dnsServers', 'hostname', 'domainName', 'parameterRequestList', 'clientIdentifier',
    'vendorClassIdentifier', 'options'],
});

module.exports = { DHCP, DhcpOption, MESSAGE_TYPES, OPTIONS };
