'use strict';
// Coded errors. `err.code` is stable and listed in README.md; the message says what to do.
// Native calls throw plain Errors carrying libpcap's status (pcapStatus) and the call that failed
// (pcapStage); fromNative() turns them into the codes below.

const util = require('util');

/** Every code this library uses, with a one-line meaning (README.md lists the same). */
const CODES = {
  ERR_INVALID_ARG_TYPE: 'an argument has the wrong type',
  ERR_INVALID_ARG_VALUE: 'an argument has a value that is not allowed',
  ERR_OUT_OF_RANGE: 'a number is outside its allowed range',
  ERR_ILLEGAL_CONSTRUCTOR: 'sessions, packets and compiled filters are made by the library (createSession(), createOfflineSession(), compileFilter()), not with new',
  ERR_PCAP_BINDING: 'the native addon is not built or cannot load',
  ERR_PCAP_NO_DEVICE: 'no device was given and no capture device is up',
  ERR_PCAP_NO_SUCH_DEVICE: 'the device does not exist',
  ERR_PCAP_PERM_DENIED: 'not allowed to capture: needs root or CAP_NET_RAW',
  ERR_PCAP_IFACE_NOT_UP: 'the interface is down',
  ERR_PCAP_MONITOR_NOTSUP: 'the device cannot do monitor mode',
  ERR_PCAP_TSTAMP_PRECISION_NOTSUP: 'the device cannot give nanosecond timestamps',
  ERR_PCAP_FILTER: 'the BPF filter does not compile',
  ERR_PCAP_FILE_NOT_FOUND: 'the capture file does not exist',
  ERR_PCAP_FILE_ACCESS: 'the capture file cannot be opened or read (permissions, a directory, a bad path, no descriptors, standard input taken)',
  ERR_PCAP_FILE_FORMAT: 'the file is not a pcap or pcapng capture, or a version libpcap refuses',
  ERR_PCAP_FILE_TRUNCATED: 'the capture file ends in the middle of a record',
  ERR_PCAP_LINK_TYPE: 'the link-layer type is unknown or not supported',
  ERR_PCAP_READ: 'reading packets failed',
  ERR_PCAP_INJECT: 'sending a packet failed',
  ERR_PCAP_WRITE: 'the capture file cannot be created or written',
  ERR_PCAP_OFFLINE: 'the operation needs a live session',
  ERR_PCAP_CLOSED: 'the session or writer is closed',
  ERR_PCAP: 'libpcap reported an error',
};

/**
 * The library's errors: `code` (one of CODES) says what kind, the message what to do; extra
 * properties (pcapStatus, pcapStage, device, path, filter, ...) give the context.
 */
class PcapError extends Error {
  /**
   * @param {string} code one of CODES
   * @param {string} message what happened and what to do
   * @param {object} [extra] more properties (pcapStatus, device, path, filter, ...)
   */
  constructor(code, message, extra) {
    super(message);
    this.name = 'PcapError';
    this.code = code;
    if (extra) Object.assign(this, extra);
  }

  /** 'PcapError', for Object.prototype.toString: [object PcapError]. */
  get [Symbol.toStringTag]() {
    return 'PcapError';
  }
}

/** Node-style argument errors. */
function argType(name, expected, actual) {
  const got = actual === null ? 'null' : Array.isArray(actual) ? 'an array' : typeof actual;
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${got}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

/** ERR_ILLEGAL_CONSTRUCTOR: a class the library makes instances of, called with `new`; `message` says what to use. */
function illegalConstructor(message) {
  const err = new TypeError(message);
  err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
  return err;
}

/** A value as an error message shows it: short, and never throwing (BigInt, cycles, symbols). */
function shown(value) {
  const text = typeof value === 'string' ? JSON.stringify(value) : util.inspect(value, { depth: 1, breakLength: Infinity });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function argValue(name, value, reason) {
  const err = new TypeError(`The "${name}" argument ${reason}. Received ${shown(value)}`);
  err.code = 'ERR_INVALID_ARG_VALUE';
  return err;
}

function outOfRange(name, range, value) {
  const err = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown(value)}`);
  err.code = 'ERR_OUT_OF_RANGE';
  return err;
}

const PERMISSION_HINT =
  'run as root (sudo), or let node capture without root: ' +
  'sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(command -v node)")"';

/**
 * Maps an error thrown by the native binding to a PcapError.
 * @param {Error} err from the binding (has pcapStatus, pcapStage)
 * @param {{device?: string, path?: string, filter?: string}} context what was being opened
 * @param {object} status the binding's PCAP_ERROR_* values
 */
function fromNative(err, context, status) {
  if (!err || typeof err.pcapStatus !== 'number') return err;
  const s = err.pcapStatus;
  const stage = err.pcapStage;
  const text = err.message;
  const extra = { pcapStatus: s, pcapStage: stage, ...context };
  const dev = context.device;
  if (/session is closed/.test(text)) return new PcapError('ERR_PCAP_CLOSED', 'the session is closed; open a new one', extra);
  if (stage === 'pcap_compile') {
    // the filter may be fine: libpcap compiles none for this link type
    const dlt = unknownLinkType(text);
    if (dlt !== undefined) {
      const what = context.path !== undefined ? `capture file ${fileName(context.path)}` : `device ${shown(dev)}`;
      return new PcapError('ERR_PCAP_LINK_TYPE', `cannot filter ${what}: libpcap compiles no filter for its link-layer type (${text}); read it without a filter and choose packets in JavaScript`, { ...extra, dlt });
    }
    return new PcapError('ERR_PCAP_FILTER', `invalid filter ${shown(context.filter)}: ${text}`, extra);
  }
  if (stage === 'pcap_open_offline') return fileError(text, context.path, extra);
  if (s === status.NO_SUCH_DEVICE) {
    return new PcapError('ERR_PCAP_NO_SUCH_DEVICE', `no such device ${shown(dev)} (${text}); pcap.findalldevs() lists the devices`, extra);
  }
  if (stage === 'pcap_inject') {
    // a device that sends nothing at all ("any") is told apart from a frame it would not take
    const hint = /isn't supported|not supported/i.test(text)
      ? 'this device cannot send; open a session on the interface the frame should leave by'
      : "inject() sends one whole frame of the session's link type (session.link_type), its link-layer header included, no longer than the device's MTU plus that header";
    return new PcapError('ERR_PCAP_INJECT', `cannot send the frame on ${shown(dev)}: ${text}; ${hint}`, extra);
  }
  if (s === status.PERM_DENIED || s === status.PROMISC_PERM_DENIED || /permission|not permitted/i.test(text)) {
    return new PcapError('ERR_PCAP_PERM_DENIED', `cannot capture on ${JSON.stringify(dev)}: ${text}. To fix it, ${PERMISSION_HINT}`, extra);
  }
  if (s === status.IFACE_NOT_UP) {
    return new PcapError('ERR_PCAP_IFACE_NOT_UP', `interface ${JSON.stringify(dev)} is down; bring it up first (ip link set dev ${dev} up)`, extra);
  }
  if (s === status.RFMON_NOTSUP) {
    return new PcapError('ERR_PCAP_MONITOR_NOTSUP', `${JSON.stringify(dev)} cannot capture in monitor mode; capture without {monitor: true}`, extra);
  }
  if (s === status.TSTAMP_PRECISION_NOTSUP) {
    return new PcapError('ERR_PCAP_TSTAMP_PRECISION_NOTSUP', `${JSON.stringify(dev)} cannot give nanosecond timestamps; use timestamp_precision 'micro'`, extra);
  }
  return new PcapError('ERR_PCAP', `${stage}: ${text}`, extra);
}

/**
 * The link-layer number of libpcap's "unknown data link type N" (pcap_compile knows no filter for
 * it: the filter may be fine), else undefined.
 * @param {string} text libpcap's message
 */
function unknownLinkType(text) {
  const m = /^unknown data link type (\d+)/.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/** A capture file's path as messages name it ('-' is standard input; a long one is cut). */
function fileName(path) {
  return path === '-' ? '"-" (standard input)' : shown(path);
}

/**
 * A PcapError for a capture file libpcap refused at open, or (`whileReading`) stopped reading:
 * a failure that is none of the known kinds is then ERR_PCAP_READ, not a format problem.
 */
function fileError(text, path, extra, whileReading = false) {
  // a path of thousands of characters is cut; `extra.path` has all of it
  const where = fileName(path);
  if (/No such file/i.test(text)) return new PcapError('ERR_PCAP_FILE_NOT_FOUND', `capture file ${where} does not exist: No such file or directory`, extra);
  if (/^standard input is being read by another session/.test(text)) return new PcapError('ERR_PCAP_FILE_ACCESS', text, extra);
  if (/Permission denied|Is a directory/i.test(text)) return new PcapError('ERR_PCAP_FILE_ACCESS', `cannot read capture file ${where}: ${text}`, extra);
  // what the system refused at open (path problems, device files, no descriptors left): its reason
  if (!whileReading && /Not a directory|File name too long|Too many levels of symbolic links|Too many open files|Input\/output error|No such device or address|Bad file descriptor|Invalid argument/i.test(text)) {
    return new PcapError('ERR_PCAP_FILE_ACCESS', `cannot read capture file ${where}: ${text}`, extra);
  }
  if (/^the filter does not compile/.test(text)) return new PcapError('ERR_PCAP_FILTER', `capture file ${where}: ${text}`, extra);
  if (/truncated/i.test(text)) return new PcapError('ERR_PCAP_FILE_TRUNCATED', `capture file ${where} is cut short: ${text}`, extra);
  if (/link type|data link type|linktype/i.test(text)) {
    const n = /(?:link-layer type|data link type) (\d+)/.exec(text);
    return new PcapError('ERR_PCAP_LINK_TYPE', `capture file ${where}: ${text}`, n !== null ? { ...extra, dlt: Number(n[1]) } : extra);
  }
  if (whileReading) return new PcapError('ERR_PCAP_READ', `reading capture file ${where} failed: ${text}`, extra);
  return new PcapError('ERR_PCAP_FILE_FORMAT', `${where} is not a capture file libpcap can read (pcap or pcapng): ${text}`, extra);
}

module.exports = { PcapError, CODES, argType, argValue, illegalConstructor, outOfRange, fromNative, fileError, unknownLinkType, PERMISSION_HINT };
