'use strict';
// require('pcap'): node_pcap 3.x's API (and 0.4's HTTP events), plus additions (coded errors,
// async iteration, pause/resume, ref/unref, nanosecond timestamps, pcap writing).

const { PcapSession, setWarningHandler, INTERNAL } = require('./lib/session');
const tty = require('tty');
const { liveOptions, offlineOptions, checkString, argType } = require('./lib/options');
const { findalldevs, defaultDevice } = require('./lib/devices');
const { getBinding } = require('./lib/binding');
const { PcapError, CODES, argValue } = require('./lib/errors');
const { RawPacket } = require('./lib/raw_packet');
const { linkTypeName, linkTypeNumber } = require('./lib/link_types');
const { PcapWriter, createWriter } = require('./lib/writer');
const { BpfFilter, compileFilter } = require('./lib/bpf_filter');

/**
 * Opens a live capture and starts it. Packets arrive as 'packet' events from the next tick on.
 * @param {string} [device] interface name; falsy picks the default device
 * @param {object} [options] filter, promiscuous, buffer_size, buffer_timeout, monitor,
 *   snap_length, timestamp_precision ('micro'|'nano'), direction ('in'|'out'|'inout'),
 *   timestamp_type, link_type
 * @returns {PcapSession}
 */
function createSession(device, options) {
  if (device !== undefined && device !== null && device !== '' && typeof device !== 'string') {
    throw argType('device', 'of type string', device);
  }
  const opts = liveOptions(options);
  let name = device;
  if (!name) {
    name = defaultDevice();
    if (!name) throw new PcapError('ERR_PCAP_NO_DEVICE', 'no capture device is up with an address; name one (pcap.findalldevs() lists them), e.g. createSession("lo")');
  }
  checkString('device', name);
  return new PcapSession(true, name, opts, INTERNAL)._openLive(opts);
}

/**
 * Opens a pcap or pcapng file. Packets are read off the main thread and emitted as 'packet'
 * events; 'complete' and 'end' follow the last one.
 * @param {string} path the file, or '-' for standard input (`tcpdump -w - | node app.js`)
 * @param {object} [options] filter, timestamp_precision ('micro'|'nano')
 * @returns {PcapSession}
 */
function createOfflineSession(path, options) {
  if (typeof path !== 'string') throw argType('path', 'of type string', path);
  if (path === '') throw new PcapError('ERR_PCAP_FILE_NOT_FOUND', 'createOfflineSession() needs a file path; got an empty string');
  // a terminal would only wait for binary input nobody types: say what '-' is for
  if (path === '-' && tty.isatty(0)) {
    throw argValue('path', path, "reads standard input, which is a terminal: pipe a capture into it (tcpdump -w - | ...), or name a file (./- for a file called '-')");
  }
  const opts = offlineOptions(options);
  return new PcapSession(false, checkString('path', path), opts, INTERNAL)._openOffline(opts);
}

let currentWarningHandler = (text) => process.emitWarning(text, { type: 'PcapWarning', code: 'PCAP_WARNING' });
setWarningHandler((text) => currentWarningHandler(text));

const errorCodes = Object.freeze({ ...CODES });

// Plain `name` or `name: identifier` entries only: Node finds the named exports an ES module can
// import from this file by reading its source (cjs-module-lexer), which stops at anything else.
module.exports = {
  createSession,
  createOfflineSession,
  findalldevs,
  PcapSession,
  Pcap: PcapSession,
  createWriter,
  PcapWriter,
  compileFilter,
  BpfFilter,
  PcapError,
  RawPacket,
  errorCodes,
  linkTypeName,
  linkTypeNumber,
};

// The decoders and trackers load on first use: a program that only captures or counts starts
// faster (they are some thirty modules).
const lazy = {
  decode: () => require('./lib/decode'),
  PcapPacket: () => require('./lib/decode').PcapPacket, // also pcap.decode.PcapPacket
  // the address classes (also on pcap.decode), for instanceof
  PacketAddress: () => require('./lib/decode/addr').PacketAddress,
  EthernetAddr: () => require('./lib/decode/addr').EthernetAddr,
  IPv4Addr: () => require('./lib/decode/addr').IPv4Addr,
  IPv6Addr: () => require('./lib/decode/addr').IPv6Addr,
  SLLAddr: () => require('./lib/decode/addr').SLLAddr,
  TCPTracker: () => require('./lib/track').TCPTracker,
  TCP_tracker: () => require('./lib/track').TCPTracker, // node_pcap 0.4's name
  TCPSession: () => require('./lib/track').TCPSession,
  HTTPTracker: () => require('./lib/track').HTTPTracker,
  HttpExchange: () => require('./lib/track').HttpExchange,
  HttpRequest: () => require('./lib/track').HttpRequest,
  HttpResponse: () => require('./lib/track').HttpResponse,
  DNSCache: () => require('./lib/dns_cache').DNSCache,
};
for (const [name, load] of Object.entries(lazy)) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = load();
      // from now on a plain property: per-packet code such as pcap.decode.packet(raw) pays nothing
      Object.defineProperty(module.exports, name, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

Object.defineProperties(module.exports, {
  /** libpcap's version string, e.g. 'libpcap version 1.10.3 (with TPACKET_V3)' (loads the addon). */
  lib_version: {
    enumerable: true,
    get: () => getBinding().libVersion(),
  },
  /**
   * Receives libpcap's warnings as one string each (default: process.emitWarning). Assigning
   * anything but a function throws ERR_INVALID_ARG_TYPE.
   */
  warningHandler: {
    enumerable: true,
    get: () => currentWarningHandler,
    set: (fn) => {
      if (typeof fn !== 'function') throw argType('warningHandler', 'a function', fn);
      currentWarningHandler = fn;
    },
  },
});

// The exports defined as getters above, named for that same reading of the source (for
// `import { decode } from 'pcap'`); this assignment never runs. (Object.defineProperty with a
// literal name and a getter would hide the name from it: the getters are defined without one.)
// An ES module's import reads every export once, so it loads the decoders and trackers at once.
// eslint-disable-next-line no-constant-condition
if (false) {
  exports.decode = exports.TCPTracker = exports.TCPSession = exports.HTTPTracker = exports.HttpExchange = undefined;
  exports.HttpRequest = exports.HttpResponse = exports.DNSCache = exports.lib_version = exports.warningHandler = undefined;
  exports.PcapPacket = exports.TCP_tracker = undefined;
  exports.PacketAddress = exports.EthernetAddr = exports.IPv4Addr = exports.IPv6Addr = exports.SLLAddr = undefined;
}
