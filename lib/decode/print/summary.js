'use strict';
// The one-line packet summary that simple_capture printed (node_pcap v0.4.1 `print.packet`), used by
// PcapPacket.prototype.toString(). It only reads fields and getters of the decoded layers: it
// never decodes bytes itself, so it shows exactly what the decoders found. (One exception, for
// speed: flow_prefix.js reads the MACs, addresses and ports of this library's own Ethernet/IP/
// TCP-UDP layers from the bytes, to know a line start it has built before; see there.)
//
// Format, by example (see test/decode/print for the full golden set):
//   00:11:22:33:44:55 -> ff:ff:ff:ff:ff:ff 10.0.0.1 ARP request 10.0.0.2
//   66:77:88:99:aa:bb -> 00:11:22:33:44:55 10.0.0.2 ARP reply 10.0.0.1 hwaddr 66:77:88:99:aa:bb
//   00:00:00:00:00:00 -> 00:00:00:00:00:00 127.0.0.1:50438 -> 127.0.0.1:80 TCP len 61 [ack,psh]
//   00:00:00:00:00:00 -> 00:00:00:00:00:00 [::1]:37542 -> [::1]:80 TCP len 0 [syn]
//   ... 127.0.0.1:60425 -> 127.0.0.1:53 DNS question example.com A
//   ... 127.0.0.1:53 -> 127.0.0.1:60425 DNS answer example.com A 93.184.216.34
//   ... 127.0.0.1 -> 127.0.0.1 ICMP Echo Request id 4660 seq 1
//   loopback 127.0.0.1:80 -> ...        raw ...        sll in 00:00:00:00:00:00 ...
//
// Choices that differ from v0.4.1, and why:
// - `len` is the transport payload length (TCP data bytes, UDP data bytes), not v0.4.1's IP total
//   length: it is what tcpdump and node_pcap 3.x print, it means the same for IPv4 and IPv6 (which
//   has no total length), and a bare ACK reads `len 0`.
// - IPv6 endpoints are `[addr]:port` (RFC 5952 section 6), so the port stays readable after a
//   compressed address; IPv4 keeps v0.4.1's `addr:port`.
// - ARP replies print the replier's MAC (sender_ha); v0.4.1 printed the requester's (target_ha).
// - No reverse DNS: addresses are printed as numbers.
// - Whatever a decoder could not finish is flagged at the end, `[truncated tcp]` when the capture
//   ran out, `[malformed ipv4]` when the bytes are wrong, after everything that did decode.
// - Flags that are all clear print `[none]` (tcpdump's word); the AE (old NS) bit prints as `ae`.
// A line never holds a newline, `undefined`, `null`, `NaN` or `[object Object]`; a field that
// was not captured prints `?`.

const { oneLine } = require('../text'); // packet text (names, SSIDs) must not break the line
const { reasonText, connackText } = require('../app/mqtt_codes');
const { rcodeName } = require('../app/dns');
const { flowPrefix } = require('./flow_prefix');
const { addressText, sourceText, destinationText } = require('../addr');
const LINK_NAMES = { 'ethernet-packet': 'ethernet', 'sll-packet': 'sll', 'null-packet': 'loopback', 'radio-packet': 'radiotap', 'radio-frame': '802.11' };

const IP_PROTOCOLS = {
  0: 'HOPOPT', 1: 'ICMP', 2: 'IGMP', 4: 'IPv4', 6: 'TCP', 8: 'EGP', 17: 'UDP', 27: 'RDP', 33: 'DCCP', 41: 'IPv6',
  43: 'IPv6-Route', 44: 'IPv6-Frag', 46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6-NoNxt',
  60: 'IPv6-Opts', 88: 'EIGRP', 89: 'OSPF', 94: 'IPIP', 97: 'EtherIP', 103: 'PIM', 108: 'IPComp', 112: 'VRRP',
  115: 'L2TP', 132: 'SCTP', 135: 'Mobility', 136: 'UDPLite', 137: 'MPLS-in-IP',
};

const DNS_TYPES = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 29: 'LOC', 33: 'SRV',
  35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 50: 'NSEC3', 52: 'TLSA',
  64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 249: 'TKEY', 250: 'TSIG', 251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};
const DNS_OPCODES = ['query', 'iquery', 'status', 'opcode 3', 'notify', 'update', 'dso'];
/** Answer types whose rdata is a short text worth printing (an address or a name). */
const DNS_SHOWN_RDATA = { 1: true, 2: true, 5: true, 12: true, 28: true };

const SLL_PACKET_TYPES = ['in', 'broadcast', 'multicast', 'otherhost', 'out'];

const WLAN_TYPES = ['mgmt', 'ctrl', 'data', 'ext'];
const WLAN_SUBTYPES = [
  ['assoc-req', 'assoc-resp', 'reassoc-req', 'reassoc-resp', 'probe-req', 'probe-resp', 'timing-adv', 'mgmt-7',
    'beacon', 'atim', 'disassoc', 'auth', 'deauth', 'action', 'action-noack', 'mgmt-15'],
  ['ctrl-0', 'ctrl-1', 'trigger', 'tack', 'bf-poll', 'vht-ndpa', 'ctrl-ext', 'ctrl-wrapper', 'bar', 'ba', 'ps-poll',
    'rts', 'cts', 'ack', 'cf-end', 'cf-end-ack'],
  ['data', 'data-cf-ack', 'data-cf-poll', 'data-cf-ack-poll', 'null', 'cf-ack', 'cf-poll', 'cf-ack-poll', 'qos-data',
    'qos-data-cf-ack', 'qos-data-cf-poll', 'qos-data-cf-ack-poll', 'qos-null', 'data-13', 'qos-cf-poll', 'qos-cf-ack-poll'],
];

/** Any value as text; a missing one (or one that would print as junk) as '?'. */
function val(v) {
  if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) return '?';
  if (typeof v === 'object') {
    const address = addressText(v); // address objects
    return address === undefined ? '?' : address;
  }
  return String(v);
}

function hex(n, digits) {
  if (typeof n !== 'number' || Number.isNaN(n)) return '?';
  return '0x' + n.toString(16).padStart(digits, '0');
}

/** `addr:port`, or `[addr]:port` for IPv6. */
function endpoint(addr, port, v6) {
  const a = val(addr);
  return (v6 ? '[' + a + ']' : a) + ':' + val(port);
}

function protoName(p) {
  if (typeof p !== 'number') return '?';
  const n = IP_PROTOCOLS[p];
  return n === undefined ? String(p) : n;
}

function kindOf(layer) {
  return layer !== null && typeof layer === 'object' ? layer.decoderName : undefined;
}

// ------------------------------------------------------------------------------ application

function dnsName(n) {
  if (typeof n !== 'string') return '?';
  return n === '' ? '.' : oneLine(n); // names are packet bytes: no control character may reach the line
}

function dnsType(t) {
  if (typeof t !== 'number') return '?';
  return DNS_TYPES[t] !== undefined ? DNS_TYPES[t] : 'TYPE' + t;
}

function dnsPart(d) {
  const proto = d.protocol;
  let s = proto === 'mdns' ? 'mDNS' : proto === 'llmnr' ? 'LLMNR' : 'DNS';
  const h = d.header;
  if (!h || typeof h !== 'object') return s;
  if (h.opcode) s += ' ' + (DNS_OPCODES[h.opcode] || 'opcode ' + h.opcode);
  s += h.isResponse ? ' answer' : ' question';
  // our DNS layers' plain sections (the getters add node_pcap's `rrs`, which printing needs not)
  const own = typeof d._section === 'function';
  const q = own ? d._section(0) : d.question;
  const q0 = Array.isArray(q) && q.length > 0 ? q[0] : null;
  const an = h.isResponse ? (own ? d._section(1) : d.answer) : null;
  const a0 = Array.isArray(an) && an.length > 0 ? an[0] : null;
  if (q0) s += ' ' + dnsName(q0.name) + ' ' + dnsType(q0.type);
  else if (a0) s += ' ' + dnsName(a0.name) + ' ' + dnsType(a0.type);
  if (a0) {
    // The answer to the question (an address, a name): the first record of the asked type.
    // Without one (a CNAME chain cut short, say), the first short record, with its type.
    let other = null;
    let i = 0;
    for (; i < an.length; i++) {
      const r = an[i];
      if (!r || !DNS_SHOWN_RDATA[r.type] || typeof r.rdata !== 'string') continue;
      if (q0 === null || r.type === q0.type) break;
      if (other === null) other = r;
    }
    if (i < an.length) s += ' ' + dnsName(an[i].rdata);
    else if (other !== null) s += ' ' + dnsType(other.type) + ' ' + dnsName(other.rdata);
  }
  // with EDNS's upper bits when the layer has them (our DNS layers: BADVERS, BADCOOKIE, ...)
  const rcode = h.isResponse ? (typeof d.rcode === 'number' ? d.rcode : h.responseCode) : 0;
  if (rcode) s += ' ' + rcodeName(rcode);
  return s;
}

// the TLS decoder's names (tables only: printing still reads no bytes itself)
const { HANDSHAKE_TYPES: TLS_HANDSHAKES, CONTENT_TYPES: TLS_CONTENT, VERSIONS: TLS_VERSIONS } = require('../app/tls');

/** `TLS ClientHello "example.com" alpn h2,http/1.1`, `TLS ServerHello TLS1.3 alpn h2`, `TLS application_data`. */
function tlsPart(t) {
  if (t.continuation) return 'TLS continuation';
  const ct = t.contentType;
  const type = t.handshakeType; // also a hello after a ChangeCipherSpec (TLS 1.3 after a HelloRetryRequest)
  if (type === undefined) {
    if (ct !== 22) return 'TLS ' + (TLS_CONTENT[ct] !== undefined ? TLS_CONTENT[ct] : 'content type ' + val(ct));
    return 'TLS handshake (encrypted)';
  }
  let s = 'TLS ' + (t.helloRetryRequest === true ? 'HelloRetryRequest' : TLS_HANDSHAKES[type] !== undefined ? TLS_HANDSHAKES[type] : 'handshake type ' + type);
  if (type === 2) {
    const v = t.supportedVersions;
    const version = Array.isArray(v) && v.length === 1 ? v[0] : t.helloVersion;
    if (typeof version === 'number') s += ' ' + (TLS_VERSIONS[version] !== undefined ? TLS_VERSIONS[version] : hex(version, 4));
  }
  if (typeof t.serverName === 'string') s += ' ' + oneLine(JSON.stringify(t.serverName));
  const alpn = t.alpn;
  if (Array.isArray(alpn) && alpn.length) s += ' alpn ' + oneLine(alpn.join(','));
  return s;
}

function nonZero(a) {
  return a === '0.0.0.0' || a === '::' ? undefined : a;
}

/**
 * `DHCP request 10.0.0.7 from 52:54:00:12:34:56 xid 0x3903f326 host "laptop"`: the message type,
 * the address it is about (offered or acknowledged, asked for, or the client's own), the client,
 * the transaction, the host name the client gave; `BOOTP request ...` without the DHCP cookie.
 */
function dhcpPart(d) {
  if (d.op === undefined || d.chaddr === undefined) return 'DHCP';
  const type = d.messageTypeName;
  const reply = d.op === 2;
  let s = type !== undefined ? 'DHCP ' + oneLine(String(type)) : 'BOOTP ' + (reply ? 'reply' : 'request');
  const addr = nonZero(d.yiaddr) || d.requestedAddress || nonZero(d.ciaddr);
  if (typeof addr === 'string') s += ' ' + addr;
  s += (reply ? ' to ' : ' from ') + (d.chaddr ? val(d.chaddr) : '?') + ' xid ' + hex(d.xid, 8);
  if (typeof d.hostname === 'string') s += ' host "' + oneLine(d.hostname) + '"';
  return s;
}

/**
 * `DHCPv6 reply xid 0x38c272 fd77::10f`: the message type, the transaction, the addresses and
 * prefixes it carries, a status other than Success; a relay message names its peer and then
 * shows the message it relays.
 */
function dhcpv6Part(d) {
  return d.messageTypeName === undefined ? 'DHCPv6' : 'DHCPv6 ' + dhcpv6Message(d, 0);
}

function dhcpv6Message(d, depth) {
  let s = oneLine(String(d.messageTypeName));
  if (d.peerAddress !== undefined) {
    s += ' peer ' + d.peerAddress;
    const inner = d.payload;
    return inner && kindOf(inner) === 'dhcpv6' && inner.messageTypeName !== undefined && depth < 8 ? s + ': ' + dhcpv6Message(inner, depth + 1) : s;
  }
  if (typeof d.transactionId === 'number') s += ' xid ' + hex(d.transactionId, 6);
  const shown = [].concat(d.addresses || [], d.prefixes || []);
  if (shown.length) s += ' ' + shown.slice(0, 4).join(',') + (shown.length > 4 ? ',+' + (shown.length - 4) : '');
  const st = d.statusCode;
  if (st && st.code !== 0) s += ' status ' + oneLine(String(st.name));
  return s;
}

/** SQL, a name or a value from a packet, quoted on one line and cut at `max` characters. */
function quotedText(t, max = 100) {
  const all = String(t);
  // JSON escapes the control characters (once); oneLine then takes DEL, which JSON leaves
  return oneLine(JSON.stringify(all.length > max ? cutAt(all, max) + '…' : all));
}

/** The first `n` UTF-16 units of `t`, one fewer where the cut would split a character in two (an emoji's surrogate pair). */
function cutAt(t, n) {
  const c = t.charCodeAt(n - 1);
  return t.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

/** One PostgreSQL message in short: `Query "select 1"`, `CommandComplete "SELECT 1"`, ... */
function pgsqlMessage(m) {
  switch (m.type) {
    case 'Q':
    case 'P':
      return m.query !== undefined ? m.name + ' ' + quotedText(m.query) : m.name;
    case 'startup': {
      const p = m.parameters || {};
      return m.name + Object.keys(p).filter((k) => k === 'user' || k === 'database').map((k) => ' ' + k + '=' + quotedText(p[k])).join('');
    }
    case 'R': // AuthenticationOk, AuthenticationSASL, ... as the protocol documentation names them
      if (m.authName === undefined) return 'Authentication';
      return 'Authentication' + (/^type /.test(m.authName) ? ' ' : '') + oneLine(String(m.authName));
    case 'C': return m.tag !== undefined && m.name === 'CommandComplete' ? m.name + ' ' + quotedText(m.tag) : m.name;
    case 'E': {
      const f = m.fields || {};
      if (m.name !== 'ErrorResponse') return m.name;
      return m.name + [f.severity, f.code].filter((x) => x !== undefined).map((x) => ' ' + oneLine(x)).join('') + (f.message !== undefined ? ' ' + quotedText(f.message) : '');
    }
    case 'ssl_response': return m.name + ' ' + oneLine(String(m.answer));
    default: return m.name;
  }
}

/**
 * `PostgreSQL Query "select 1"`, `PostgreSQL RowDescription, DataRow x3, CommandComplete "SELECT 3",
 * ReadyForQuery`: the messages that start in the segment, repeats counted, at most eight shown.
 */
function pgsqlPart(g) {
  const alike = (a, b) => b.type === a.type && b.name === a.name && (a.type === 'D' || a.type === 'S' || a.type === 'd');
  return messagesPart('PostgreSQL', g, g.messages, (m, n) => pgsqlMessage(m) + (n > 1 ? ' x' + n : ''), alike);
}

/**
 * `Name part, part x3, …`: the messages of a segment (`list`) in short, a run of messages that
 * `alike(first, next)` says repeat taken together as part(first, count, last), at most eight
 * parts shown; the name alone (or `Name continuation`) when there are none.
 */
function messagesPart(name, g, list, part, alike = () => false) {
  if (!Array.isArray(list) || list.length === 0) return name + (g.continuation ? ' continuation' : '');
  const parts = [];
  for (let i = 0; i < list.length;) {
    let j = i + 1;
    while (j < list.length && alike(list[i], list[j])) j++;
    parts.push(part(list[i], j - i, list[j - 1]));
    i = j;
  }
  return name + ' ' + parts.slice(0, 8).join(', ') + (parts.length > 8 ? ', +' + (parts.length - 8) + ' more' : '');
}

/** One MySQL packet in short: `COM_QUERY "select 1"`, `OK 1 row affected`, `error 1146 (42S02) "..."`, ... */
function mysqlPacket(m) {
  switch (m.kind) {
    case 'command': {
      const arg = m.query !== undefined ? m.query : m.schema !== undefined ? m.schema : m.table !== undefined ? m.table : m.user;
      if (arg !== undefined) return m.commandName + ' ' + quotedText(arg);
      return m.commandName + (m.statementId !== undefined ? ' statement ' + m.statementId : m.connectionId !== undefined ? ' ' + m.connectionId : '');
    }
    case 'login': return 'login' + (m.user !== undefined ? ' ' + quotedText(m.user) : '') + (m.schema !== undefined ? ' schema ' + quotedText(m.schema) : '');
    case 'ssl_request': return 'SSL request';
    case 'handshake': return 'handshake' + (m.serverVersion !== undefined ? ' ' + quotedText(m.serverVersion) : '') + (m.connectionId !== undefined ? ' id ' + m.connectionId : '');
    case 'ok':
      return 'OK' + (m.affectedRows ? ' ' + m.affectedRows + (m.affectedRows === 1 ? ' row' : ' rows') + ' affected' : '') + (m.insertId ? ' insert id ' + m.insertId : '');
    case 'error':
      return 'error' + (m.code !== undefined ? ' ' + m.code : '') + (m.sqlState !== undefined ? ' (' + oneLine(m.sqlState) + ')' : '') + (m.message !== undefined ? ' ' + quotedText(m.message) : '');
    case 'eof': return 'EOF';
    case 'result': return 'result' + (m.columnCount !== undefined ? ' ' + m.columnCount + (m.columnCount === 1 ? ' column' : ' columns') : '');
    case 'column': return 'column' + (m.name !== undefined ? ' ' + quotedText(m.name, 40) : '');
    case 'prepare_ok': return 'prepare OK statement ' + m.statementId;
    case 'auth_switch': return 'auth switch' + (m.authPlugin !== undefined ? ' ' + quotedText(m.authPlugin) : '');
    case 'auth_more_data': return 'auth more data';
    case 'local_infile': return 'LOCAL INFILE ' + quotedText(m.filename);
    default: return m.kind;
  }
}

/**
 * `MySQL COM_QUERY "select 1"`, `MySQL result 2 columns, column "id", column "name", EOF, row x3,
 * EOF`: the packets that start in the segment, repeated rows counted, at most eight shown.
 */
function mysqlPart(g) {
  const part = (m, n, last) => mysqlPacket(m) + (n > 1 ? ' x' + n : '') + (last.partial ? '…' : '');
  return messagesPart('MySQL', g, g.packets, part, (a, b) => a.kind === 'row' && b.kind === 'row');
}

/** One MQTT packet in short: `PUBLISH "a/b" qos 1 id 7 len 5`, `CONNECT "client" v5`, `SUBACK id 1 [1, 0]`. */
function mqttPacket(m) {
  const id = m.packetId !== undefined ? ' id ' + m.packetId : '';
  switch (m.typeName) {
    case 'CONNECT': {
      const level = m.protocolVersion !== undefined ? m.protocolVersion & 0x7f : undefined; // 0x80: a mosquitto bridge
      return 'CONNECT' + (m.clientId !== undefined ? ' ' + quotedText(m.clientId, 40) : '') + (level !== undefined ? ' v' + (level === 4 ? '3.1.1' : level === 3 ? '3.1' : level) : '') +
        (m.bridge ? ' bridge' : '') + (m.username !== undefined ? ' user ' + quotedText(m.username, 40) : '');
    }
    case 'CONNACK':
      return connackText(m) + (m.sessionPresent ? ' session present' : '');
    case 'PUBLISH':
      return 'PUBLISH' + (m.topic !== undefined ? ' ' + quotedText(m.topic, 60) : '') + (m.properties && m.properties.topicAlias !== undefined ? ' alias ' + m.properties.topicAlias : '') +
        (m.qos ? ' qos ' + m.qos : '') + id + (m.retain ? ' retain' : '') + (m.dup ? ' dup' : '') +
        (m.payloadLength !== undefined ? ' len ' + m.payloadLength : '');
    case 'SUBSCRIBE':
      return 'SUBSCRIBE' + id + (m.subscriptions || []).slice(0, 4).map((x) => ' ' + quotedText(x.topic, 40) + ' qos ' + x.qos).join(',');
    case 'SUBACK':
    case 'UNSUBACK': {
      const codes = m.returnCodes || m.reasonCodes;
      return m.typeName + id + (codes ? ' [' + codes.slice(0, 8).join(', ') + (codes.length > 8 ? ', …' : '') + ']' : '');
    }
    case 'UNSUBSCRIBE':
      return 'UNSUBSCRIBE' + id + (m.topics || []).slice(0, 4).map((t) => ' ' + quotedText(t, 40)).join(',');
    default:
      return String(m.typeName !== undefined ? m.typeName : 'type ' + m.type) + id + (m.reasonCode ? ' ' + reasonText(m.reasonCode) : '');
  }
}

/** `MQTT PUBLISH "a/b" qos 1 id 7 len 5, PUBACK id 6`: the packets that start in the segment, at most eight. */
function mqttPart(g) {
  return messagesPart('MQTT', g, g.packets, (m) => mqttPacket(m) + (m.partial ? '…' : ''));
}

/** Text from a packet on one line, cut at 100 characters. */
function cutText(t) {
  const one = oneLine(String(t));
  return one.length > 100 ? cutAt(one, 100) + '…' : one;
}

/** A RESP value in short: `+OK`, `-ERR ...`, `:1`, `$5 "hello"`, `*3`, `(nil)`. */
function respValue(v) {
  if (!v || typeof v !== 'object') return '?';
  const cut = (t) => quotedText(t, 40);
  switch (v.type) {
    case 'simple': return '+' + cutText(v.value);
    case 'error': return '-' + cutText(v.value);
    case 'integer': return ':' + v.value;
    case 'bulk':
    case 'verbatim':
    case 'blob_error': return (v.type === 'bulk' ? '$' : v.type === 'verbatim' ? '=' : '!') + v.length + (v.value !== undefined ? ' ' + cut(v.value) : '');
    case 'null': return '(nil)';
    case 'boolean': return v.value ? '#t' : '#f';
    case 'double': return ',' + v.value;
    case 'bignum': return '(' + cutText(v.value);
    case 'inline': return cut(v.value);
    default: {
      const mark = { array: '*', map: '%', set: '~', push: '>', attribute: '|' }[v.type] || '?';
      return mark + (v.length !== undefined ? v.length / (v.type === 'map' || v.type === 'attribute' ? 2 : 1) : '?');
    }
  }
}

/**
 * `RESP SET "key" "value"` for a client's commands (`, +2 more` when it pipelines), `RESP +OK`,
 * `RESP $5 "hello"`, `RESP *3` for the server's answers.
 */
function respPart(r) {
  const values = r.values;
  if (!Array.isArray(values) || values.length === 0) return 'RESP' + (r.continuation ? ' continuation' : '');
  const more = (n) => (n > 1 ? ', +' + (n - 1) + ' more' : '');
  const cmds = r.commands;
  if (Array.isArray(cmds) && cmds.length > 0) {
    const cut = cmds.length === 1 && values[values.length - 1].partial ? '…' : ''; // the command goes on in the next segment
    return 'RESP ' + commandText(cmds[0], 3, 40) + cut + more(cmds.length);
  }
  return 'RESP ' + respValue(values[0]) + (values[0].partial ? '…' : '') + more(values.length);
}

/**
 * `SET "key" "value" +2 args`: a Redis command's name (upper case, cut at 40, then its control
 * characters escaped) and its first `shown` arguments, each quoted and cut at `argMax`.
 * @param {Array} words
 * @param {number} shown
 * @param {number} argMax
 */
function commandText(words, shown, argMax) {
  const name = String(words[0] === undefined ? '?' : words[0]).toUpperCase();
  const args = words.slice(1, 1 + shown).map((a) => ' ' + quotedText(a, argMax)).join('');
  return oneLine(name.length > 40 ? cutAt(name, 40) + '…' : name) + args + (words.length > 1 + shown ? ` +${words.length - 1 - shown} args` : '');
}

function appPart(a) {
  switch (kindOf(a)) {
    case 'dns': return dnsPart(a);
    case 'tls': return tlsPart(a);
    case 'dhcp': return dhcpPart(a);
    case 'dhcpv6': return dhcpv6Part(a);
    case 'pgsql': return pgsqlPart(a);
    case 'resp': return respPart(a);
    case 'mysql': return mysqlPart(a);
    case 'mqtt': return mqttPart(a);
    case 'vxlan':
    case 'geneve':
    case 'mpls':
      return netPart(a); // a tunnel over UDP: what it carries
    default: return val(kindOf(a));
  }
}

// ------------------------------------------------------------------------------ transport

// ' [ack,psh]' for each of the 512 values of the nine flag bits, built once.
const FLAG_TEXT = [];
for (let v = 0; v < 512; v++) {
  const names = [[0x80, 'cwr'], [0x40, 'ece'], [0x20, 'urg'], [0x10, 'ack'], [0x08, 'psh'], [0x04, 'rst'], [0x02, 'syn'], [0x01, 'fin'], [0x100, 'ae']]
    .filter(([bit]) => v & bit).map(([, n]) => n);
  FLAG_TEXT.push(' [' + (names.length ? names.join(',') : 'none') + ']');
}

// A flags object (a hand-made or foreign TCP layer) as the bits FLAG_TEXT is indexed by.
function tcpFlags(f) {
  if (!f || typeof f !== 'object') return '';
  const v = (f.nonce ? 0x100 : 0) | (f.cwr ? 0x80 : 0) | (f.ece ? 0x40 : 0) | (f.urg ? 0x20 : 0) | (f.ack ? 0x10 : 0) |
    (f.psh ? 0x08 : 0) | (f.rst ? 0x04 : 0) | (f.syn ? 0x02 : 0) | (f.fin ? 0x01 : 0);
  return FLAG_TEXT[v];
}

function tcpPart(t) {
  const v = t.flagsValue; // this library's TCP layer: the bits as a number, no object to build
  const f = typeof v === 'number' ? undefined : t.flags;
  if (typeof v !== 'number' && f === undefined) return 'TCP'; // header cut before the flags: the length is unknown too
  let s = 'TCP len ' + val(t.dataLength) + (typeof v === 'number' ? FLAG_TEXT[v & 0x1ff] : tcpFlags(f));
  if (t.payload) s += ' ' + appPart(t.payload);
  return s;
}

function udpPart(u) {
  if (u.payload) return appPart(u.payload);
  return 'UDP len ' + val(u.dataLength);
}

/** The decoder's text for an ICMP/ICMPv6/IGMP type, unless the code byte it needs is missing. */
function description(m) {
  if (typeof m.description === 'string' && m.code !== undefined) return m.description;
  return 'type ' + m.type + (m.code !== undefined ? ' code ' + m.code : '');
}

/** A packet quoted by an ICMP error, in short: `src:sport -> dst:dport UDP`. */
function quoted(ip) {
  const k = kindOf(ip);
  if (k !== 'ipv4' && k !== 'ipv6') return '';
  const v6 = k === 'ipv6';
  const t = ip.payload;
  const tk = kindOf(t);
  if ((tk === 'tcp' || tk === 'udp') && t.sport !== undefined && t.dport !== undefined) {
    return ' for ' + endpoint(sourceText(ip, 'saddr'), t.sport, v6) + ' -> ' + endpoint(destinationText(ip, 'daddr'), t.dport, v6) + ' ' + tk.toUpperCase();
  }
  const dst = destinationText(ip, 'daddr');
  if (dst === undefined) return '';
  return ' for ' + val(sourceText(ip, 'saddr')) + ' -> ' + val(dst) + ' ' + protoName(ip.protocol);
}

function icmpPart(i) {
  let s = 'ICMP';
  if (i.type === undefined) return s;
  s += ' ' + description(i);
  if (i.id !== undefined) s += ' id ' + i.id + ' seq ' + val(i.sequence);
  if (i.gateway !== undefined) s += ' to ' + val(i.gateway);
  if (i.mtu !== undefined) s += ' mtu ' + val(i.mtu);
  return s + quoted(i.payload);
}

function icmpv6Part(i) {
  let s = 'ICMPv6';
  const t = i.type;
  if (t === undefined) return s;
  s += ' ' + description(i);
  if (i.id !== undefined) s += ' id ' + i.id + ' seq ' + val(i.sequence);
  else if (i.targetAddress !== undefined) s += ' ' + val(i.targetAddress);
  else if (i.multicastAddress !== undefined) s += ' ' + val(i.multicastAddress);
  else if (i.mtu !== undefined) s += ' mtu ' + val(i.mtu);
  return s + quoted(i.payload);
}

function igmpPart(g) {
  let s = 'IGMP';
  if (g.type === undefined) return s;
  s += ' ' + (typeof g.description === 'string' ? g.description : 'type ' + g.type);
  const recs = g.records;
  if (Array.isArray(recs) && recs.length > 0) {
    // IGMPv3 report: the groups of its records
    const shown = recs.slice(0, 4).map((r) => val(r && r.multicastAddress));
    s += ' ' + shown.join(',') + (recs.length > 4 ? ',+' + (recs.length - 4) : '');
  } else {
    const group = g.groupAddress;
    if (group !== undefined && val(group) !== '0.0.0.0') s += ' ' + val(group);
  }
  return s;
}

// ------------------------------------------------------------------------------ network

/** The fragment of a later IPv4/IPv6 fragment, or null. */
function laterFragment(ip) {
  if (kindOf(ip) === 'ipv4') {
    const off = ip.fragmentOffset;
    return off ? { id: ip.identification, offset: off * 8 } : null;
  }
  const x = ip.extensions;
  if (!Array.isArray(x) || x.length === 0) return null;
  const last = x[x.length - 1];
  return last && last.type === 44 && last.fragmentOffset ? { id: last.identification, offset: last.fragmentOffset * 8 } : null;
}

function ipPart(ip) {
  const v6 = kindOf(ip) === 'ipv6';
  const src = sourceText(ip, 'saddr');
  const dst = destinationText(ip, 'daddr');
  if (dst === undefined) return v6 ? 'IPv6' : 'IPv4';
  const p = ip.payload;
  const k = kindOf(p);
  let s;
  if ((k === 'tcp' || k === 'udp') && p.sport !== undefined && p.dport !== undefined) {
    s = endpoint(src, p.sport, v6) + ' -> ' + endpoint(dst, p.dport, v6) + ' ' + (k === 'tcp' ? tcpPart(p) : udpPart(p));
  } else {
    s = val(src) + ' -> ' + val(dst) + ' ';
    if (k === 'tcp') s += 'TCP';
    else if (k === 'udp') s += 'UDP';
    else if (k === 'icmp') s += icmpPart(p);
    else if (k === 'icmpv6') s += icmpv6Part(p);
    else if (k === 'igmp') s += igmpPart(p);
    else if (k === 'ipv4' || k === 'ipv6') s += protoName(ip.protocol) + ' ' + ipPart(p); // tunnel
    else if (p) s += netPart(p);
    else {
      const frag = laterFragment(ip);
      const proto = ip.protocol;
      if (frag) s += protoName(proto) + ' fragment id ' + val(frag.id) + ' offset ' + val(frag.offset);
      else if (proto === 50) s += 'ESP';
      else if (proto === 59) s += 'no next header';
      else s += 'proto ' + protoName(proto);
    }
  }
  return !v6 && p ? s + firstFragmentMark(ip) : s;
}

/** ` [first fragment id N]` when an IPv4 layer with a payload is the first of several fragments. */
function firstFragmentMark(ip) {
  // isFragment first: a plain boolean, where flags builds an object (read only for a fragment,
  // or a layer of someone else's without isFragment)
  if (ip.isFragment === false) return '';
  const f = ip.flags;
  return f && f.moreFragments ? ' [first fragment id ' + val(ip.identification) + ']' : '';
}

/**
 * What flowPrefix() caches: the line's start up to the transport's own text. Joined, not
 * concatenated: join() makes one flat string, where `+` makes a tree of the pieces that every
 * later copy of the line (into the output buffer) would walk again.
 */
function buildFlowPrefix(e, ip, t, v6) {
  return [val(sourceText(e, 'shost')), ' -> ', val(destinationText(e, 'dhost')), ' ', endpoint(sourceText(ip, 'saddr'), t.sport, v6), ' -> ', endpoint(destinationText(ip, 'daddr'), t.dport, v6), ' '].join('');
}

function arpPart(a) {
  const op = a.operation;
  if (op === undefined) return 'ARP';
  switch (op) {
    case 1: return val(a.sender_pa) + ' ARP request ' + val(a.target_pa);
    case 2: return val(a.sender_pa) + ' ARP reply ' + val(a.target_pa) + ' hwaddr ' + val(a.sender_ha);
    case 3: return 'RARP request ' + val(a.target_ha) + ' from ' + val(a.sender_ha);
    case 4: return 'RARP reply ' + val(a.target_ha) + ' is ' + val(a.target_pa);
    default: return val(a.sender_pa) + ' ARP op ' + op + ' ' + val(a.target_pa);
  }
}

function llcPart(l, underWlan) {
  const type = l.type;
  if (type !== undefined) {
    // SNAP: an 802.11 data frame always has one, so it only adds noise there
    const oui = l.oui;
    const head = underWlan && oui === 0 ? '' : 'llc snap' + (oui !== 0 ? ' oui ' + hex(oui, 6) : '');
    const rest = l.payload ? netPart(l.payload) : 'ethertype ' + hex(type, 4);
    return head === '' ? rest : head + ' ' + rest;
  }
  if (l.dsap === undefined) return 'llc';
  let s = 'llc dsap ' + hex(l.dsap, 2) + ' ssap ' + hex(l.ssap, 2);
  const c = l.control;
  if (c !== undefined) s += ' ctrl ' + hex(c, c > 0xff ? 4 : 2);
  if (l.payload) s += ' ' + netPart(l.payload);
  return s;
}

// ------------------------------------------------------------------------------ tunnels

/** `GRE key 7 …`, `GREv1 call 6 PPP …` (PPTP): the header's ids, then what it carries. */
function grePart(g) {
  let s = g.version === 1 ? 'GREv1' : 'GRE';
  if (g.callId !== undefined) s += ' call ' + g.callId;
  if (g.key !== undefined) s += ' key ' + g.key;
  if (g.payload) return s + ' ' + netPart(g.payload);
  return g.protocol !== undefined ? s + ' proto ' + hex(g.protocol, 4) : s;
}

function pppPart(p) {
  const name = p.ciscoHdlc === true ? 'Cisco HDLC' : 'PPP';
  if (p.payload) return name + ' ' + netPart(p.payload);
  if (p.ciscoHdlc === true) return p.protocol !== undefined ? name + ' ethertype ' + hex(p.protocol, 4) : name;
  const v = p.protocol;
  if (v === undefined) return 'PPP';
  return 'PPP ' + (typeof p.protocolName === 'string' ? p.protocolName : 'proto ' + hex(v, 4));
}

function pppoePart(p) {
  const c = p.code;
  if (c === undefined) return 'PPPoE';
  let s = 'PPPoE ' + (typeof p.codeName === 'string' ? p.codeName : 'code ' + hex(c, 2));
  if (p.sessionId) s += ' ' + hex(p.sessionId, 4);
  return p.payload ? s + ' ' + netPart(p.payload) : s;
}

/** `VXLAN vni 42 …`, `Geneve vni 7 …`, `MPLS 16/3 …`. */
function tunnelPart(t) {
  const k = kindOf(t);
  let s;
  if (k === 'mpls') {
    const labels = t.labels;
    s = 'MPLS' + (Array.isArray(labels) && labels.length ? ' ' + labels.map((l) => val(l && l.label)).join('/') : '');
  } else {
    s = (k === 'vxlan' ? 'VXLAN' : 'Geneve') + ' vni ' + val(t.vni);
  }
  if (t.payload) return s + ' ' + netPart(t.payload);
  return k === 'geneve' && t.protocol !== undefined ? s + ' proto ' + hex(t.protocol, 4) : s;
}

/** What follows a link header: a layer from the ethertype table. */
function netPart(layer, underWlan) {
  switch (kindOf(layer)) {
    case 'ipv4':
    case 'ipv6':
      return ipPart(layer);
    case 'arp':
      return arpPart(layer);
    case 'llc':
      return llcPart(layer, underWlan);
    case 'vlan': // a tag met outside Ethernet (SLL, SNAP)
      return 'vlan ' + val(layer.id) + (layer.payload ? ' ' + netPart(layer.payload) : layer.ethertype !== undefined ? ' ethertype ' + hex(layer.ethertype, 4) : '');
    case 'ethernet-packet':
      return ethernetPart(layer);
    case 'radio-frame':
      return wlanPart(layer);
    case 'gre':
      return grePart(layer);
    case 'ppp':
      return pppPart(layer);
    case 'pppoe':
      return pppoePart(layer);
    case 'vxlan':
    case 'geneve':
    case 'mpls':
      return tunnelPart(layer);
    default:
      return val(kindOf(layer)) + (layer.payload ? ' ' + netPart(layer.payload) : '');
  }
}

// ------------------------------------------------------------------------------ link

function ethernetPart(e) {
  const prefix = flowPrefix(e, buildFlowPrefix); // the common case, Ethernet → IP → TCP/UDP
  if (prefix !== undefined) {
    const ip = e.payload;
    const t = ip.payload;
    const s = prefix + (t.decoderName === 'tcp' ? tcpPart(t) : udpPart(t));
    return ip.decoderName === 'ipv4' ? s + firstFragmentMark(ip) : s;
  }
  let s = val(sourceText(e, 'shost')) + ' -> ' + val(destinationText(e, 'dhost'));
  const v = e.vlan;
  const tags = Array.isArray(v) ? v : v ? [v] : [];
  for (const t of tags) s += ' vlan ' + val(t.id);
  const len = e.length;
  if (len !== undefined) s += ' 802.3 len ' + len;
  if (e.payload) return s + ' ' + netPart(e.payload);
  if (len === undefined) {
    const type = tags.length ? tags[tags.length - 1].ethertype : e.ethertype;
    if (type !== undefined) s += ' ethertype ' + hex(type, 4);
  }
  return s;
}

function cookedPart(c, name) {
  let s = name;
  if (name === 'sll2' && c.interface_index !== undefined) s += ' ifindex ' + c.interface_index;
  const t = c.packet_type;
  if (t !== undefined) s += ' ' + (SLL_PACKET_TYPES[t] !== undefined ? SLL_PACKET_TYPES[t] : 'type ' + t);
  if (c.address !== undefined) s += ' ' + val(c.address);
  if (c.payload) return s + ' ' + netPart(c.payload);
  if (c.ethertype !== undefined) s += ' ethertype ' + hex(c.ethertype, 4);
  return s;
}

function wlanPart(f) {
  const t = f.type;
  if (t === undefined) return '802.11';
  const sub = f.subType;
  const names = WLAN_SUBTYPES[t];
  let s = '802.11 ' + WLAN_TYPES[t] + '/' + (names && names[sub] !== undefined ? names[sub] : val(sub));
  const src = f.shost;
  const dst = f.dhost;
  if (src !== undefined && dst !== undefined) s += ' ' + val(src) + ' -> ' + val(dst);
  else if (dst !== undefined) s += ' ' + val(dst);
  if (t === 0 && typeof f.ssid === 'string') s += ' ssid ' + oneLine(JSON.stringify(f.ssid));
  const fl = f.flags;
  if (fl && typeof fl === 'object' && fl.protected) s += ' protected';
  if (f.payload) s += ' ' + netPart(f.payload, true);
  return s;
}

function radiotapPart(r) {
  let s = 'radiotap';
  if (typeof r.frequency === 'number') s += ' ' + r.frequency + 'MHz';
  if (typeof r.signalStrength === 'number') s += ' ' + r.signalStrength + 'dBm';
  if (r.payload) s += ' ' + netPart(r.payload);
  return s;
}

function linkPart(pkt) {
  const l = pkt.payload;
  const k = kindOf(l);
  switch (k) {
    case undefined: {
      const lt = pkt.link_type;
      return (lt === undefined || lt === null ? 'unknown link type' : String(lt)) + ' [not decoded]';
    }
    case 'ethernet-packet':
      return ethernetPart(l);
    case 'null-packet': {
      if (l.payload) return 'loopback ' + netPart(l.payload);
      if (l.ethertype !== undefined) return 'loopback ethertype ' + hex(l.ethertype, 4);
      return l.pftype !== undefined ? 'loopback af ' + l.pftype : 'loopback';
    }
    case 'ipv4': // RAW link types: the IP layer is the packet's payload
    case 'ipv6':
      return 'raw ' + ipPart(l);
    case 'raw':
      return l.version !== undefined ? 'raw ip version ' + l.version : 'raw';
    case 'sll-packet':
      return cookedPart(l, 'sll');
    case 'sll2':
      return cookedPart(l, 'sll2');
    case 'radio-packet':
      return radiotapPart(l);
    case 'radio-frame':
      return wlanPart(l);
    default:
      return netPart(l);
  }
}

/** ` [truncated tcp]` / ` [malformed ipv4]` for every layer that carries an error. */
function errorMarks(pkt) {
  let s = '';
  let l = pkt.payload;
  for (let depth = 0; l && typeof l === 'object' && depth < 32; depth++) {
    const e = l.error;
    if (e) {
      const name = (e && typeof e.layer === 'string' && e.layer) || l.decoderName;
      s += ' [' + (l.truncated ? 'truncated ' : 'malformed ') + (LINK_NAMES[name] || name) + ']';
    }
    const k = l.decoderName;
    if (k === 'icmp' || k === 'icmpv6') break; // a quoted packet is cut short by design
    l = l.payload;
  }
  return s;
}


/**
 * The summary line; throws if a layer getter throws (the fuzz test uses this to see the stack).
 * Every part is numbers, addresses or escaped text (DNS names here, SSIDs as JSON), so the line
 * needs no escaping as a whole; the fuzz test checks that no control character gets through.
 */
function packetLineUnsafe(pkt) {
  return linkPart(pkt) + errorMarks(pkt);
}

/**
 * One line describing a decoded packet (the simple_capture format). Never throws: if a layer's
 * getter throws, the line ends with `[print error: message]`.
 * @param {import('../pcap_packet').PcapPacket} pkt
 * @returns {string}
 */
function packetLine(pkt) {
  if (!pkt || typeof pkt !== 'object') return 'unknown link type [not decoded]';
  try {
    return packetLineUnsafe(pkt);
  } catch (e) {
    const lt = pkt.link_type;
    return oneLine((typeof lt === 'string' || typeof lt === 'number' ? String(lt) : 'unknown link type') + ' [print error: ' + String(e && e.message) + ']');
  }
}

module.exports = { packetLine, packetLineUnsafe, dhcpPart, dhcpv6Part, pgsqlPart, mysqlPart, mqttPart, respPart, respValue, commandText, quotedText, cutAt };
