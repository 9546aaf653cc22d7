#!/usr/bin/env node
'use strict';
// Checks a node_pcap-compatible decoder against tshark's ground truth.
//
//   node check-decode.js [--lib DIR] [--corpus DIR] [--set dev|holdout|all] [--timeout MS]
//                        [--json FILE] [--show N] [FILE.pcap ...]
//
// --lib     the package to test (default: the current directory), loaded with require(DIR)
// --corpus  a folder with pcaps/ and expected/ (default: ../corpus beside this script)
// --set     which files of corpus/MANIFEST.tsv to run when no FILE is given (default: all listed)
// --show    how many mismatches to print per field (default 3)
//
// Each capture is read with the package's own createOfflineSession() and every packet goes through
// decode.packet(). Layers are found along the `payload` chain (and `vlan`), named by their
// `decoderName` (or class name), and their node_pcap field names are compared with the fields that
// tshark decoded for the same frame (expected/<file>.ndjson). Each file runs in a child process, so a
// crash or a hang is counted against that file and the run goes on.
//
// This copy (test/tools/) extends ../shared/tools/check-decode.js with the fields this package's
// decoders add (marked "added" below): eth.len, vlan.tpid, llc, sll version/ifindex, radiotap, wlan,
// ip.flags/options, IPv6 extension headers and upper, igmp.version, TCP option kinds and SACK
// blocks, DNS flags/proto/transport/classes/rdlength/rdata, authorities and additionals, mDNS bits.
// Run by hand from the project root (CI must not depend on ../shared):
//   node test/tools/check-decode.js --lib . --corpus ../shared/corpus --set dev
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = { lib: process.cwd(), corpus: path.join(__dirname, '..', '..', '..', 'shared', 'corpus'), set: null, timeout: 60000, json: null, show: 3, child: null };
const files = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--lib') opt.lib = path.resolve(args[++i]);
  else if (a === '--corpus') opt.corpus = path.resolve(args[++i]);
  else if (a === '--set') opt.set = args[++i];
  else if (a === '--timeout') opt.timeout = Number(args[++i]);
  else if (a === '--json') opt.json = args[++i];
  else if (a === '--show') opt.show = Number(args[++i]);
  else if (a === '--child') opt.child = args[++i];
  else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 25).join('\n')); process.exit(0); }
  else files.push(path.resolve(a));
}

// ---------------------------------------------------------------- field extraction (child side)

let pcapLib = null; // added: the package under test (child side), for its link-type names
const LINKTYPES = { LINKTYPE_NULL: 0, LINKTYPE_ETHERNET: 1, LINKTYPE_RAW: 101, LINKTYPE_IEEE802_11: 105,
  LINKTYPE_LOOP: 108, LINKTYPE_LINUX_SLL: 113, LINKTYPE_IEEE802_11_RADIO: 127, LINKTYPE_IPV4: 228,
  LINKTYPE_IPV6: 229, LINKTYPE_LINUX_SLL2: 276 };

function kindOf(node, parent) {
  const n = String(node.decoderName || (node.constructor && node.constructor.name) || '').toLowerCase();
  if (/^(ethernet|ethernet-packet|ethernetpacket|eth)$/.test(n)) return 'eth';
  if (/^(vlan|dot1q|qinq)$/.test(n)) return 'vlan';
  if (/^(null|null-packet|nullpacket|loopback|loop)$/.test(n)) return 'null';
  if (/^(ssl-packet|sll-packet|sllpacket|sll|linux-sll|sll2|sll2packet|linux-sll2)$/.test(n)) return 'sll';
  if (/^(ipv4|ip)$/.test(n)) return 'ip';
  if (/^ipv6$/.test(n)) return 'ipv6';
  if (/^(arp)$/.test(n)) return 'arp';
  if (/^(icmpv6|icmp6)$/.test(n)) return 'icmpv6';
  if (/^(icmp)$/.test(n)) return parent && parent.kind === 'ipv6' ? 'icmpv6' : 'icmp';
  if (/^(igmp)$/.test(n)) return 'igmp';
  if (/^(tcp)$/.test(n)) return 'tcp';
  if (/^(udp)$/.test(n)) return 'udp';
  if (/^(dns|mdns|llmnr)$/.test(n)) return 'dns';
  // added
  if (/^(llc|logicallinkcontrol)$/.test(n)) return 'llc';
  if (/^(radio-packet|radiopacket|radiotap)$/.test(n)) return 'radiotap';
  if (/^(radio-frame|radioframe|ieee802_11|wlan)$/.test(n)) return 'wlan';
  return n || 'unknown';
}

const PARENT = new WeakMap();

function layersOf(packet) {
  const out = [];
  const seen = new Set();
  let parent = null;
  const visit = (node, depth) => {
    if (!node || typeof node !== 'object' || Buffer.isBuffer(node) || ArrayBuffer.isView(node) || seen.has(node) || depth > 16) return;
    seen.add(node);
    const kind = kindOf(node, parent);
    const entry = { kind, node };
    PARENT.set(node, parent ? parent.kind : undefined); // added: for dns.transport
    out.push(entry);
    if (kind === 'eth' && node.vlan && typeof node.vlan === 'object') {
      const tags = Array.isArray(node.vlan) ? node.vlan : [node.vlan];
      for (const t of tags) out.push({ kind: 'vlan', node: t });
    }
    parent = entry;
    // IPv6 extension headers sit between ipv6 and the upper layer in node_pcap's tree
    visit(node.payload, depth + 1);
  };
  visit(packet.payload, 0);
  return out;
}

const str = (v) => (v === undefined || v === null ? v : typeof v === 'object' && !Array.isArray(v) ? String(v) : v);
const num = (v) => (v === undefined || v === null ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));
const bool = (v) => (v === undefined || v === null ? v : Boolean(v));
const pick = (o, ...names) => { for (const n of names) { const v = n.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o); if (v !== undefined) return v; } return undefined; };

function tcpFlags(f) {
  if (f === undefined || f === null) return undefined;
  if (typeof f === 'number') return f;
  const bits = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ece: 64, cwr: 128, nonce: 256, ae: 256, ns: 256 };
  let v = 0; let any = false;
  for (const k of Object.keys(bits)) if (k in f) { any = true; if (f[k]) v |= bits[k]; }
  return any ? v : undefined;
}

function rrsOf(set) {
  if (!set) return undefined;
  const list = Array.isArray(set) ? set : set.rrs;
  return Array.isArray(list) ? list : undefined;
}

// oracle field -> how to read it from a node_pcap-style layer
const FIELDS = {
  eth: { src: (l) => str(l.shost), dst: (l) => str(l.dhost), type: (l) => num(pick(l, 'ethertype')) },
  vlan: { id: (l) => num(l.id), pcp: (l) => num(pick(l, 'priority', 'pcp')), dei: (l) => bool(pick(l, 'canonical_format', 'dei', 'cfi')), etype: (l) => num(pick(l, 'ethertype')) },
  null: { family: (l) => num(pick(l, 'pftype', 'family')) },
  sll: { pkttype: (l) => num(pick(l, 'packet_type', 'packetType')), hatype: (l) => num(pick(l, 'address_type', 'addressType')),
    halen: (l) => num(pick(l, 'address_len', 'addressLength')), addr: (l) => str(pick(l, 'address')), protocol: (l) => num(pick(l, 'ethertype', 'protocol')) },
  ip: { version: (l) => num(l.version), hdr_len: (l) => num(l.headerLength), tos: (l) => num(pick(l, 'diffserv', 'tos')), len: (l) => num(pick(l, 'length', 'totalLength')),
    id: (l) => num(pick(l, 'identification', 'id')), df: (l) => bool(pick(l, 'flags.doNotFragment', 'flags.df')), mf: (l) => bool(pick(l, 'flags.moreFragments', 'flags.mf')),
    rb: (l) => bool(pick(l, 'flags.reserved', 'flags.rb')), frag_offset: (l) => num(l.fragmentOffset), ttl: (l) => num(l.ttl), proto: (l) => num(l.protocol),
    checksum: (l) => num(pick(l, 'headerChecksum', 'checksum')), src: (l) => str(l.saddr), dst: (l) => str(l.daddr) },
  ipv6: { version: (l) => num(l.version), tclass: (l) => num(l.trafficClass), flow: (l) => num(l.flowLabel), plen: (l) => num(l.payloadLength),
    nxt: (l) => num(l.nextHeader), hlim: (l) => num(l.hopLimit), src: (l) => str(l.saddr), dst: (l) => str(l.daddr) },
  arp: { htype: (l) => num(l.htype), ptype: (l) => num(l.ptype), hlen: (l) => num(l.hlen), plen: (l) => num(l.plen), opcode: (l) => num(l.operation),
    sha: (l) => str(l.sender_ha), spa: (l) => str(l.sender_pa), tha: (l) => str(l.target_ha), tpa: (l) => str(l.target_pa) },
  icmp: { type: (l) => num(l.type), code: (l) => num(l.code), checksum: (l) => num(l.checksum), id: (l) => num(pick(l, 'id', 'identifier')), seq: (l) => num(pick(l, 'sequence', 'seq')) },
  icmpv6: { type: (l) => num(l.type), code: (l) => num(l.code), checksum: (l) => num(l.checksum) },
  igmp: { type: (l) => num(l.type), max_resp: (l) => num(pick(l, 'maxResponseTime', 'max_resp')), checksum: (l) => num(l.checksum), group: (l) => str(pick(l, 'groupAddress', 'group_address')) },
  tcp: { srcport: (l) => num(l.sport), dstport: (l) => num(l.dport), seq: (l) => num(l.seqno), ack: (l) => num(l.ackno), hdr_len: (l) => num(l.headerLength),
    flags: (l) => tcpFlags(l.flags), window: (l) => num(l.windowSize), checksum: (l) => num(l.checksum), urgent: (l) => num(l.urgentPointer),
    payload_len: (l) => num(l.dataLength),
    'options.mss': (l) => num(pick(l, 'options.mss')), 'options.wscale': (l) => num(pick(l, 'options.window_scale')),
    'options.sack_perm': (l) => bool(pick(l, 'options.sack_ok')), 'options.tsval': (l) => num(pick(l, 'options.timestamp')),
    'options.tsecr': (l) => num(pick(l, 'options.echo')) },
  udp: { srcport: (l) => num(l.sport), dstport: (l) => num(l.dport), length: (l) => num(l.length), checksum: (l) => num(l.checksum) },
  dns: { id: (l) => num(l.id), qr: (l) => num(pick(l, 'header.isResponse', 'qr')), opcode: (l) => num(pick(l, 'header.opcode', 'opcode')),
    aa: (l) => num(pick(l, 'header.isAuthority', 'aa')), tc: (l) => num(pick(l, 'header.isTruncated', 'tc')), rd: (l) => num(pick(l, 'header.isRecursionDesired', 'rd')),
    ra: (l) => num(pick(l, 'header.isRecursionAvailable', 'header.isRecursionAvailible', 'ra')), rcode: (l) => num(pick(l, 'header.responseCode', 'rcode')),
    qdcount: (l) => num(l.qdcount), ancount: (l) => num(l.ancount), nscount: (l) => num(l.nscount), arcount: (l) => num(l.arcount),
    'questions[].name': (l) => (rrsOf(l.question) || []).map((r) => str(r.name)),
    'questions[].type': (l) => (rrsOf(l.question) || []).map((r) => num(r.type)),
    'answers[].name': (l) => (rrsOf(l.answer) || []).map((r) => str(r.name)),
    'answers[].type': (l) => (rrsOf(l.answer) || []).map((r) => num(r.type)),
    'answers[].ttl': (l) => (rrsOf(l.answer) || []).map((r) => num(r.ttl)) },
};

// ---------------------------------------------------------------- added fields

const EXT_NAMES = { 0: 'hopopts', 43: 'routing', 44: 'fraghdr', 60: 'dstopts', 140: 'shim6' };

/** The IPv6 extension headers tshark lists: hop-by-hop, routing, fragment, dstopts, shim6, up to the first other one. */
function v6ext(l) {
  const list = Array.isArray(l.extensions) ? l.extensions : [];
  const out = [];
  for (const e of list) {
    const type = typeof e.type === 'number' ? e.type : undefined;
    if (EXT_NAMES[type] === undefined) break;
    out.push(e);
  }
  return out;
}

function v6upper(l) {
  const ext = v6ext(l);
  return ext.length ? num(ext[ext.length - 1].nextHeader) : num(l.nextHeader);
}

/** The rdata as tshark's dns.*.data shows it: address or name; MX/SOA/SRV their name; TXT the strings. */
function rrData(r) {
  const d = r.rdata;
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d;
  if (Buffer.isBuffer(d) || ArrayBuffer.isView(d)) return undefined;
  if (typeof d === 'object') return pick(d, 'exchange', 'mname', 'target');
  return undefined;
}

const rrList = (l, section, f) => (rrsOf(l[section]) || []).map(f);

const ADDED = {
  eth: { len: (l) => num(l.length) },
  vlan: { tpid: (l) => num(l.tpid) },
  llc: { dsap: (l) => num(l.dsap), ssap: (l) => num(l.ssap), control: (l) => num(l.control), oui: (l) => num(l.oui), type: (l) => num(l.type) },
  sll: { version: (l) => (l.decoderName === 'sll2' || 'interface_index' in l ? 2 : 1), ifindex: (l) => num(pick(l, 'interface_index', 'ifindex')) },
  radiotap: {
    version: (l) => num(pick(l, 'headerRevision', 'version')), len: (l) => num(l.headerLength),
    present: (l) => (Array.isArray(l.present) ? l.present.map((w) => '0x' + (w >>> 0).toString(16).padStart(8, '0')) : undefined),
    flags: (l) => num(l.flags), fcs: (l) => bool(l.fcs), tsft: (l) => num(l.tsft), channel_freq: (l) => num(l.frequency),
    channel_flags: (l) => num(l.channelFlags), dbm_antsignal: (l) => num(l.signalStrength), dbm_antnoise: (l) => num(l.signalNoise),
    antenna: (l) => num(l.antenna), rate_mbps: (l) => num(l.rate),
  },
  wlan: {
    fc: (l) => { const v = l.frameControl; return typeof v === 'number' ? ((v & 0xff) << 8) | (v >> 8) : undefined; },
    type: (l) => num(l.type), subtype: (l) => num(pick(l, 'subType', 'subtype')), flags: (l) => num(pick(l, 'flags.raw')),
    tods: (l) => bool(pick(l, 'flags.toDS')), fromds: (l) => bool(pick(l, 'flags.fromDS')), retry: (l) => bool(pick(l, 'flags.retry')),
    protected: (l) => bool(pick(l, 'flags.protected')), duration: (l) => num(l.duration),
    ra: (l) => str(l.ra), ta: (l) => str(l.ta), da: (l) => str(l.da), sa: (l) => str(l.sa), bssid: (l) => str(l.bssid),
    seq: (l) => num(l.seq), frag: (l) => num(l.frag), fcs: (l) => num(l.fcs), qos: (l) => num(l.qos), ssid: (l) => str(l.ssid),
  },
  ip: {
    flags: (l) => { const f = l.flags; return f && typeof f === 'object' ? (f.reserved ? 4 : 0) | (f.doNotFragment ? 2 : 0) | (f.moreFragments ? 1 : 0) : undefined; },
    options: (l) => (Array.isArray(l.options) ? l.options.map((o) => num(o.type)) : undefined),
  },
  ipv6: {
    'ext[].type': (l) => v6ext(l).map((e) => EXT_NAMES[e.type]),
    'ext[].proto': (l) => v6ext(l).map((e) => num(e.type)),
    'ext[].nxt': (l) => v6ext(l).map((e) => num(e.nextHeader)),
    'ext[].len': (l) => v6ext(l).map((e) => num(e.length)),
    'ext[].offset': (l) => v6ext(l).map((e) => num(e.fragmentOffset)),
    'ext[].more': (l) => v6ext(l).map((e) => bool(e.moreFragments)),
    'ext[].ident': (l) => v6ext(l).map((e) => num(e.identification)),
    'ext[].routing_type': (l) => v6ext(l).map((e) => num(e.routingType)),
    'ext[].segleft': (l) => v6ext(l).map((e) => num(e.segmentsLeft)),
    upper: (l) => v6upper(l),
  },
  igmp: { version: (l) => num(l.version) },
  tcp: {
    'options.kinds': (l) => { const o = pick(l, 'options.list'); return Array.isArray(o) ? o.map((x) => num(x.kind)) : undefined; },
    'options.sack': (l) => { const s = pick(l, 'options.sack'); return Array.isArray(s) ? s.map((b) => [num(b[0]), num(b[1])]) : undefined; },
  },
  dns: {
    proto: (l) => str(l.protocol), transport: (l) => PARENT.get(l), flags: (l) => num(l.flags),
    messages_in_frame: (l) => { const n = l.messageCount; return typeof n === 'number' && n > 1 ? n : undefined; },
    'questions[].class': (l) => rrList(l, 'question', (r) => num(r.class)),
    'questions[].qu': (l) => rrList(l, 'question', (r) => bool(r.qu)),
  },
};
for (const sec of [['answers', 'answer'], ['authorities', 'authority'], ['additionals', 'additional']]) {
  const [theirs, ours] = sec;
  Object.assign(ADDED.dns, {
    [theirs + '[].class']: (l) => rrList(l, ours, (r) => num(r.class)),
    [theirs + '[].rdlength']: (l) => rrList(l, ours, (r) => num(r.rdlength)),
    [theirs + '[].data']: (l) => rrList(l, ours, rrData),
    // tshark reads the mDNS cache-flush bit on OPT records too, where it is the top bit of the UDP
    // payload size; the decoder leaves cacheFlush off OPT records, so compare that bit here
    [theirs + '[].cache_flush']: (l) => rrList(l, ours, (r) => bool(r.type === 41 && l.protocol === 'mdns' ? (r.class & 0x8000) !== 0 : r.cacheFlush)),
    [theirs + '[].udp_payload_size']: (l) => rrList(l, ours, (r) => (r.type === 41 ? num(pick(r, 'rdata.udpPayloadSize')) : undefined)),
    [theirs + '[].ext_rcode']: (l) => rrList(l, ours, (r) => (r.type === 41 ? num(pick(r, 'rdata.extendedRcode')) : undefined)),
    [theirs + '[].edns_version']: (l) => rrList(l, ours, (r) => (r.type === 41 ? num(pick(r, 'rdata.version')) : undefined)),
  });
  if (theirs !== 'answers') {
    Object.assign(ADDED.dns, {
      [theirs + '[].name']: (l) => rrList(l, ours, (r) => str(r.name)),
      [theirs + '[].type']: (l) => rrList(l, ours, (r) => num(r.type)),
      [theirs + '[].ttl']: (l) => rrList(l, ours, (r) => num(r.ttl)),
    });
  }
}
for (const [kind, fields] of Object.entries(ADDED)) FIELDS[kind] = Object.assign(FIELDS[kind] || {}, fields);

function expectedValue(layer, field) {
  if (field.includes('[].')) {
    const [list, key] = field.split('[].');
    const arr = layer[list];
    if (!Array.isArray(arr)) return undefined;
    return arr.map((r) => r[key]);
  }
  return field.split('.').reduce((x, k) => (x == null ? undefined : x[k]), layer);
}

function normalise(kind, field, v) {
  if (v === undefined || v === null) return v;
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => normalise(kind, field, x)));
  if (typeof v === 'string') {
    if (/^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(v)) return v.toLowerCase().split(':').map((b) => b.padStart(2, '0')).join(':');
    if (v.includes(':') && /^[0-9a-f:.]+$/i.test(v) && (kind === 'ipv6' || field.endsWith('dst') || field.endsWith('src'))) return canonV6(v);
    return v.replace(/\.$/, '');
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function canonV6(s) {
  // expand then recompress per RFC 5952 so both sides print alike
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  let groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return s.toLowerCase();
  groups = groups.map((g) => parseInt(g, 16).toString(16));
  let best = -1; let bestLen = 1;
  for (let i = 0; i < 8;) { if (groups[i] === '0') { let j = i; while (j < 8 && groups[j] === '0') j++; if (j - i > bestLen) { best = i; bestLen = j - i; } i = j; } else i++; }
  if (best < 0) return groups.join(':');
  return groups.slice(0, best).join(':') + '::' + groups.slice(best + bestLen).join(':');
}

function runChild(file, expectedFile) {
  const expected = fs.readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const stats = { file, frames: expected.length, decoded: 0, thrown: 0, fields: {}, missing: {}, extra_frames: 0, error: null, samples: {} };
  let pcap;
  try { pcap = require(opt.lib); pcapLib = pcap; } catch (e) { stats.error = 'require failed: ' + e.message; return finish(stats); }
  let i = 0;
  const onPacket = (raw) => {
    const exp = expected[i++];
    if (!exp) { stats.extra_frames++; return; }
    let pkt;
    try { pkt = pcap.decode.packet(raw); stats.decoded++; } catch (e) {
      stats.thrown++;
      if (!stats.samples.thrown) stats.samples.thrown = [];
      if (stats.samples.thrown.length < opt.show) stats.samples.thrown.push({ frame: exp.frame, error: String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e) });
      compareFrame(stats, exp, null); // everything tshark decoded in this frame counts as not decoded
      return;
    }
    compareFrame(stats, exp, pkt);
  };
  let session;
  try { session = pcap.createOfflineSession(file, {}); } catch (e) { stats.error = 'createOfflineSession: ' + e.message; return finish(stats); }
  session.on('packet', onPacket);
  let done = false;
  const end = () => { if (done) return; done = true; stats.read = i; finish(stats); };
  session.on('complete', end);
  session.on('end', end);
  session.on('error', (e) => { stats.error = 'session error: ' + (e && e.message); end(); });
}

function compareFrame(stats, exp, pkt) {
  let perfect = true;
  const bump = (key, ok, sample) => {
    const f = stats.fields[key] || (stats.fields[key] = [0, 0]);
    f[0]++; if (ok) f[1]++;
    else { perfect = false; }
    if (!ok && sample) { const s = stats.samples[key] || (stats.samples[key] = []); if (s.length < opt.show) s.push(sample); }
  };
  const miss = (key) => { perfect = false; stats.missing[key] = (stats.missing[key] || 0) + 1; };
  const h = pkt && pkt.pcap_header;
  if (!h) for (const k of ['caplen', 'len', 'ts_sec', 'ts_usec']) miss('frame.' + k);
  if (h) {
    for (const [k, v] of [['caplen', h.caplen], ['len', h.len], ['ts_sec', h.tv_sec], ['ts_usec', h.tv_usec]]) {
      if (v === undefined) miss('frame.' + k);
      else bump('frame.' + k, Number(v) === exp[k], { frame: exp.frame, want: exp[k], got: v });
    }
  }
  if (pkt && pkt.link_type !== undefined) {
    // added: names map to numbers with the package's own table when it has one (the shared tool
    // knows only ten names), and LINKTYPE_RAW (101) in a file is libpcap's DLT_RAW (12)
    const own = pcapLib && pcapLib.linkTypeNumber ? pcapLib.linkTypeNumber(pkt.link_type) : undefined;
    const lt = typeof pkt.link_type === 'number' ? pkt.link_type : own !== undefined ? own : LINKTYPES[pkt.link_type];
    const want = exp.linktype === 101 ? 12 : exp.linktype;
    bump('frame.linktype', lt === want || lt === exp.linktype, { frame: exp.frame, want: exp.linktype, got: pkt.link_type });
  }
  const ours = layersOf(pkt || {});
  const firstOf = {};
  const vlans = [];
  for (const l of ours) { if (l.kind === 'vlan') vlans.push(l.node); else if (!(l.kind in firstOf)) firstOf[l.kind] = l.node; }
  for (const kind of Object.keys(FIELDS)) {
    let want = exp[kind];
    if (want === undefined) continue;
    if (kind === 'vlan') {
      want.forEach((w, idx) => {
        const node = vlans[idx];
        if (!node) { for (const field of Object.keys(FIELDS.vlan)) if (expectedValue(w, field) != null) miss('vlan.' + field); return; }
        for (const [field, get] of Object.entries(FIELDS.vlan)) compareField(kind, field, w, node, get, bump, miss, exp);
      });
      continue;
    }
    if (kind === 'dns' && Array.isArray(want)) want = want[0];
    const node = firstOf[kind];
    if (!node) { for (const field of Object.keys(FIELDS[kind])) if (expectedValue(want, field) != null) miss(kind + '.' + field); continue; }
    for (const [field, get] of Object.entries(FIELDS[kind])) compareField(kind, field, want, node, get, bump, miss, exp);
  }
  if (perfect) stats.perfect = (stats.perfect || 0) + 1;
}

function compareField(kind, field, want, node, get, bump, miss, exp) {
  let w = expectedValue(want, field);
  // added: the oracle gives sll.addr as tshark's raw list [hex, ...]; compare its bytes as a MAC-style string
  if (kind === 'sll' && field === 'addr' && Array.isArray(w) && typeof w[0] === 'string') w = (w[0].match(/../g) || []).join(':');
  if (w === undefined || w === null) return;
  // added: a per-record key that no record has (e.g. fragment offset on a dstopts header) is absent
  if (Array.isArray(w) && w.length > 0 && w.every((x) => x === undefined || x === null)) return;
  // added: tshark leaves a key out of some records only (class/ttl of an OPT record): compare the others
  const blank = Array.isArray(w) && w.some((x) => x === undefined || x === null);
  let g;
  try { g = get(node); } catch (e) { g = undefined; }
  const key = kind + '.' + field;
  if (g === undefined || g === null || (Array.isArray(g) && g.length === 0 && Array.isArray(w) && w.length > 0 && w.every((x) => x !== undefined))) {
    // an empty list where tshark saw entries counts as missing only if nothing was decoded at all
    if (g === undefined || g === null) { miss(key); return; }
  }
  if (blank && Array.isArray(g)) g = g.map((x, i) => (w[i] === undefined || w[i] === null ? undefined : x));
  const nw = normalise(kind, field, w);
  const ng = normalise(kind, field, g);
  bump(key, nw === ng, { frame: exp.frame, want: nw, got: ng });
}

function finish(stats) {
  process.stdout.write(JSON.stringify(stats) + '\n');
  process.exit(0);
}

if (opt.child) {
  runChild(opt.child, opt.expected || expectedFor(opt.child));
  return;
}

// ---------------------------------------------------------------- driver (parent side)

function expectedFor(file) {
  const rel = path.relative(path.join(opt.corpus, 'pcaps'), file);
  return path.join(opt.corpus, 'expected', rel + '.ndjson');
}

function listFromManifest() {
  const man = path.join(opt.corpus, 'MANIFEST.tsv');
  const lines = fs.readFileSync(man, 'utf8').split('\n').filter(Boolean);
  const head = lines.shift().split('\t');
  const ip = head.indexOf('path');
  const is = head.indexOf('split') >= 0 ? head.indexOf('split') : head.indexOf('set');
  return lines.map((l) => l.split('\t')).filter((c) => !opt.set || opt.set === 'all' || c[is] === opt.set)
    .map((c) => path.join(opt.corpus, c[ip].replace(/^pcaps\//, 'pcaps/')))
    .filter((f) => fs.existsSync(f) && fs.existsSync(expectedFor(f)));
}

function runOne(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, '--lib', opt.lib, '--corpus', opt.corpus, '--show', String(opt.show), '--child', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; if (err.length > 4000) err = err.slice(-4000); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, opt.timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').filter(Boolean).pop();
      let stats = null;
      try { stats = JSON.parse(line); } catch (e) { /* crashed or hung */ }
      if (!stats) stats = { file, frames: 0, decoded: 0, thrown: 0, fields: {}, missing: {}, error: signal ? `killed (${signal}${signal === 'SIGKILL' ? ', timeout' : ''})` : `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` };
      resolve(stats);
    });
  });
}

(async () => {
  const list = files.length ? files : listFromManifest();
  if (!list.length) { console.error('no capture files to check'); process.exit(2); }
  const results = [];
  const width = 2;
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < list.length) { const f = list[next++]; results.push(await runOne(f)); }
  }));
  const total = { files: results.length, frames: 0, perfect: 0, decoded: 0, thrown: 0, unread: 0, compared: 0, agreed: 0, missing: 0, failedFiles: 0 };
  const byField = {}; const missing = {}; const samples = {};
  for (const r of results) {
    total.frames += r.frames || 0; total.perfect += r.perfect || 0; total.decoded += r.decoded || 0; total.thrown += r.thrown || 0;
    total.unread += Math.max(0, (r.frames || 0) - (r.read === undefined ? 0 : r.read));
    if (r.error) total.failedFiles++;
    for (const [k, [n, ok]] of Object.entries(r.fields || {})) { const f = byField[k] || (byField[k] = [0, 0]); f[0] += n; f[1] += ok; total.compared += n; total.agreed += ok; }
    for (const [k, n] of Object.entries(r.missing || {})) { missing[k] = (missing[k] || 0) + n; total.missing += n; }
    for (const [k, s] of Object.entries(r.samples || {})) { const a = samples[k] || (samples[k] = []); for (const x of s) if (a.length < opt.show) a.push({ file: path.relative(opt.corpus, r.file), ...x }); }
  }
  const rows = Object.entries(byField).sort((a, b) => (a[1][1] / a[1][0]) - (b[1][1] / b[1][0]));
  console.log('field                         compared   agree     rate');
  for (const [k, [n, ok]] of rows) console.log(`${k.padEnd(28)} ${String(n).padStart(9)} ${String(ok).padStart(9)}  ${(100 * ok / n).toFixed(2).padStart(6)}%`);
  const miss = Object.entries(missing).sort((a, b) => b[1] - a[1]);
  if (miss.length) { console.log('\nnot decoded (tshark had it, the package did not):'); for (const [k, n] of miss.slice(0, 40)) console.log(`  ${k.padEnd(28)} ${n}`); }
  const bad = results.filter((r) => r.error);
  if (bad.length) { console.log('\nfiles that failed:'); for (const r of bad.slice(0, 40)) console.log(`  ${path.relative(opt.corpus, r.file)}: ${r.error}`); }
  const mism = Object.entries(samples).filter(([k]) => byField[k] ? byField[k][0] !== byField[k][1] : true);
  if (mism.length) { console.log('\nsample mismatches:'); for (const [k, s] of mism.slice(0, 30)) for (const x of s) console.log(`  ${k}: ${JSON.stringify(x)}`); }
  const rate = total.compared ? (100 * total.agreed / total.compared) : 0;
  const expectedFields = total.compared + total.missing;
  const coverage = expectedFields ? (100 * total.compared / expectedFields) : 0;
  if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ total, byField, missing, results }, null, 1));
  console.log(`\nfiles ${total.files} (failed ${total.failedFiles}), frames ${total.frames} (not read ${total.unread}, fully right ${(100 * total.perfect / Math.max(1, total.frames)).toFixed(2)}%), decode threw ${total.thrown}, fields compared ${total.compared}, agree ${rate.toFixed(3)}%, coverage ${coverage.toFixed(1)}% of tshark's fields`);
})();
