'use strict';
// Dispatch tables: which decoder follows a link type, an ethertype, an IP protocol number or a
// UDP/TCP port. Protocol files never require each other for dispatch; they call decodeNext() with
// the table and key, and lib/decode/index.js fills the tables. Users can add entries with
// register() and choose a decoder for a port per call with the `decodeAs` option.

const { argType, argValue, outOfRange } = require('../errors');
const { markError } = require('./layer');

/**
 * A Map from numbers to layer classes that also keeps the small keys in a plain array: looking
 * up an array element costs a few nanoseconds, a Map lookup several times that, and the decoders
 * look up three to five keys per packet. Entries added with set() (or register()) land in both.
 */
class DispatchTable extends Map {
  constructor(size) {
    super();
    this.fast = new Array(size).fill(undefined);
  }

  /**
   * Map#set; an integer key below the table's size also goes into `fast`.
   * @param {number} key
   * @param {Function} value a layer class
   * @returns {this}
   */
  set(key, value) {
    super.set(key, value);
    if (Number.isInteger(key) && key >= 0 && key < this.fast.length) this.fast[key] = value;
    return this;
  }

  /**
   * Map#delete; also clears the key's `fast` slot.
   * @param {number} key
   * @returns {boolean}
   */
  delete(key) {
    if (Number.isInteger(key) && key >= 0 && key < this.fast.length) this.fast[key] = undefined;
    return super.delete(key);
  }

  /** Map#clear; also empties `fast`. */
  clear() {
    this.fast.fill(undefined);
    super.clear();
  }
}

const tables = {
  linkType: new DispatchTable(512), // DLT number -> layer class
  ethertype: new DispatchTable(65536), // 16-bit ethertype -> layer class (also SLL, SNAP, VLAN...)
  ipProtocol: new DispatchTable(256), // IPv4 protocol / IPv6 next header -> layer class
  udpPort: new DispatchTable(65536), // port -> application layer class
  tcpPort: new DispatchTable(65536),
};
/** The largest key of each table: DLT numbers are 32-bit, ethertypes and ports 16-bit, IP protocols 8-bit. */
const KEY_MAX = { linkType: 0x7fffffff, ethertype: 0xffff, ipProtocol: 0xff, udpPort: 0xffff, tcpPort: 0xffff };
const LINK_TYPES = tables.linkType.fast;
const ETHERTYPES = tables.ethertype.fast;
const IP_PROTOCOLS = tables.ipProtocol.fast;
const UDP_PORTS = tables.udpPort.fast;
const TCP_PORTS = tables.tcpPort.fast;

/** Application decoders by name, for `decodeAs` ('dns', ...). */
const byName = new Map();

/**
 * Adds or replaces a decoder; null (or undefined) removes the one for `key`.
 * @param {'linkType'|'ethertype'|'ipProtocol'|'udpPort'|'tcpPort'} table
 * @param {number} key
 * @param {Function|null} Class a layer class with decode(buf, offset, end, ctx)
 */
function register(table, key, Class) {
  if (typeof table !== 'string' || !Object.prototype.hasOwnProperty.call(tables, table)) throw argValue('table', table, `is not a decoder table (known: ${Object.keys(tables).join(', ')})`);
  if (typeof key !== 'number') throw argType('key', 'of type number', key);
  // a key no packet can carry would never be looked up
  const max = KEY_MAX[table];
  if (!Number.isInteger(key) || key < 0 || key > max) throw outOfRange('key', `an integer from 0 to ${max} for ${table}`, key);
  if (Class === null || Class === undefined) {
    tables[table].delete(key);
    return;
  }
  // an arrow or bound function has no prototype: a class whose prototype has decode() is needed
  const proto = typeof Class === 'function' ? Class.prototype : undefined;
  if (!proto || typeof proto.decode !== 'function') throw argType('Class', 'a layer class with a decode() method', Class);
  tables[table].set(key, Class);
  if (Class.prototype.decoderName) byName.set(Class.prototype.decoderName, Class);
}

/**
 * Decodes the next layer. Returns the layer, or null when no decoder is registered for `key`.
 * Emits `decoderName` on ctx.emitter (node_pcap's per-layer events) when the layer asks for it.
 * @param {Map} table one of `tables`
 * @param {number} key
 * @param {Buffer} buf
 * @param {number} offset where the layer starts
 * @param {number} end where the captured bytes of the layer end (exclusive)
 * @param {object} [ctx] decode context (the PcapPacket)
 */
function decodeNext(table, key, buf, offset, end, ctx) {
  const Class = table.get(key);
  if (Class === undefined) return null;
  return decodeWith(Class, buf, offset, end, ctx);
}

/** Decodes with a known class; same contract as decodeNext. */
function decodeWith(Class, buf, offset, end, ctx) {
  return announce(new Class().decode(buf, offset, end, ctx), ctx);
}

function announce(layer, ctx) {
  if (ctx !== undefined && ctx.emitter && layer.eventsOnDecode) ctx.emitter.emit(layer.decoderName, layer);
  return layer;
}

// One function per hot table rather than decodeNext(table, ...) for all: V8 keeps type feedback
// per function, so `new Class()` and `.decode()` here each see only the few classes of their own
// table (IPv4/IPv6/ARP; TCP/UDP/ICMP) and stay fast, where one shared site would see them all.

/** decodeNext(tables.linkType, ...) */
function decodeLinkType(key, buf, offset, end, ctx) {
  const Class = key >= 0 && key < 512 ? LINK_TYPES[key] : tables.linkType.get(key);
  return Class === undefined ? null : announce(new Class().decode(buf, offset, end, ctx), ctx);
}

// How many ethertype dispatches deep the packet being decoded is. Without a bound, a crafted
// frame of Ethernet-in-Ethernet headers (0x6558), VLAN tags in tags or SNAP in SNAP recurses once
// per 4 to 14 bytes and overflows the stack. Decoding is synchronous, so one counter serves; the
// try/finally keeps a throwing user decoder from leaving it raised.
const MAX_LINK_NESTING = 16;
let linkNesting = 0;

/**
 * decodeNext(tables.ethertype, ...), refusing to nest deeper than MAX_LINK_NESTING: then `from`
 * (the layer asking) gets the error and there is no payload.
 */
function decodeEthertype(key, buf, offset, end, ctx, from) {
  const Class = ETHERTYPES[key]; // key is 16-bit
  if (Class === undefined) return null;
  if (linkNesting >= MAX_LINK_NESTING) {
    if (from !== undefined) markError(from, ctx, 'too many nested headers', offset, 0, end - offset, false);
    return null;
  }
  linkNesting++;
  try {
    // The commonest keys get a `new` site of their own: a site that sees one class only is
    // inlined, one that sees several goes through V8's generic construct stub.
    if (key === 0x0800) return announce(new Class().decode(buf, offset, end, ctx), ctx); // IPv4
    return announce(new Class().decode(buf, offset, end, ctx), ctx);
  } finally {
    linkNesting--;
  }
}

/** decodeNext(tables.ipProtocol, ...) */
function decodeIpProtocol(key, buf, offset, end, ctx) {
  const Class = IP_PROTOCOLS[key]; // key is 8-bit
  if (Class === undefined) return null;
  if (key === 6) return announce(new Class().decode(buf, offset, end, ctx), ctx); // TCP, as above
  if (key === 17) return announce(new Class().decode(buf, offset, end, ctx), ctx); // UDP
  return announce(new Class().decode(buf, offset, end, ctx), ctx);
}

/**
 * The application decoder for a UDP or TCP segment: the per-call `decodeAs` override first, then
 * the destination port, then the source port.
 * @param {'udpPort'|'tcpPort'} tableName
 * @returns {Function|undefined}
 */
function appDecoderFor(tableName, sport, dport, ctx) {
  const over = ctx !== undefined && ctx.options ? ctx.options.decodeAs : undefined;
  if (over) {
    const proto = tableName === 'udpPort' ? over.udp : over.tcp;
    if (proto) {
      appDispatch.toServer = proto[dport] !== undefined;
      const name = appDispatch.toServer ? proto[dport] : proto[sport];
      if (name !== undefined) return name === null || name === false ? DECLINED : byName.get(name);
    }
  }
  const table = tableName === 'udpPort' ? UDP_PORTS : TCP_PORTS; // ports are 16-bit
  const d = table[dport];
  appDispatch.toServer = d !== undefined;
  return d !== undefined ? d : table[sport];
}

/** What appDecoderFor returns when decodeAs turns a port's decoder off: no decoder, not even a guess. */
const DECLINED = Object.freeze({ declined: true });

/**
 * Decoders tried, in order, on a TCP segment whose ports name none: each a layer class whose static
 * `recognizes(buf, start, end)` looks for bytes no other protocol starts with (a TLS hello).
 */
const tcpHeuristics = [];

/**
 * The decoder for a TCP segment no port named (appDecoderFor gave undefined), or undefined.
 * @param {Uint8Array} buf
 * @param {number} start the segment's first payload byte
 * @param {number} end where its captured bytes end
 * @returns {Function|undefined}
 */
function tcpHeuristicFor(buf, start, end) {
  for (let i = 0; i < tcpHeuristics.length; i++) if (tcpHeuristics[i].recognizes(buf, start, end)) return tcpHeuristics[i];
  return undefined;
}

/**
 * Set by appDecoderFor for the application decoder it chose: whether the segment goes to the port
 * that chose it (client to server) or comes from it. Protocols whose messages differ by direction
 * (PostgreSQL's, MySQL's, Redis's) read it, through sentToServer(), in accepts() and decode(); TCP and UDP set it back to undefined (not
 * known) once their payload is decoded, and decode.layer() before it decodes.
 */
const appDispatch = { toServer: undefined };

/**
 * Whether the bytes went to the server: what appDispatch says, or when it does not know (no ports:
 * decode.layer), what `guess(buf, start, end)` makes of the bytes.
 */
function sentToServer(guess, buf, start, end) {
  return appDispatch.toServer !== undefined ? appDispatch.toServer : guess(buf, start, end);
}

/**
 * Set by IPv4/IPv6 around the dispatch of their payload: where the payload ends per the IP length
 * field, which can lie past the captured bytes (`end`). TCP and UDP read it to report a segment's
 * real size when the snap length cut it. Zero outside an IP layer's dispatch. Decoding is
 * synchronous, and nothing else runs between IP setting it and its transport layer reading it.
 */
// `notWhole`: the IP layer does not hold the whole transport datagram (a first fragment), or
// does not say where it ends (a length of 0, as GSO frames have): a transport length past its
// end is then no error.
const ipPayload = { end: 0, notWhole: false };

/**
 * Where a transport segment the capture cut at `end` ended on the wire: `claimed` (what the IP
 * and transport lengths say), unless the frame itself was shorter on the wire than that.
 * @param {number} claimed
 * @param {number} end captured end
 * @param {object} [ctx] decode context (PcapPacket: wireLength, base)
 * @returns {number} >= end
 */
function wireEnd(claimed, end, ctx) {
  const wireLength = ctx !== undefined ? ctx.wireLength : undefined;
  if (typeof wireLength === 'number' && ctx.base + wireLength < claimed) return Math.max(end, ctx.base + wireLength);
  return Math.max(end, claimed);
}

module.exports = {
  ipPayload, wireEnd, tables, byName, register, decodeNext, decodeWith, decodeLinkType, decodeEthertype, decodeIpProtocol, appDecoderFor, appDispatch, sentToServer,
  DECLINED, tcpHeuristics, tcpHeuristicFor,
};
