'use strict';
// Option validation and defaults: every argument is checked here, before native code sees it.

const { argType, argValue, outOfRange } = require('./errors');
const { linkTypeNumber } = require('./link_types');

const LIVE_DEFAULTS = Object.freeze({
  filter: '',
  promiscuous: true,
  buffer_size: 10 * 1024 * 1024,
  buffer_timeout: 1000,
  monitor: false,
  snap_length: 65535,
  timestamp_precision: 'micro',
  timestamp_type: undefined,
  link_type: undefined,
  direction: undefined,
});

// libpcap's names (pcap_tstamp_type_name_to_val), as tcpdump -j takes them
const TIMESTAMP_TYPES = ['host', 'host_lowprec', 'host_hiprec', 'host_hiprec_unsynced', 'adapter', 'adapter_unsynced'];

const LIVE_KEYS = new Set(Object.keys(LIVE_DEFAULTS));
const OFFLINE_KEYS = new Set(['filter', 'timestamp_precision']);

function checkInt(name, v, min, max) {
  if (typeof v !== 'number') throw argType(name, 'of type number', v);
  if (!Number.isInteger(v) || v < min || v > max) throw outOfRange(name, `an integer >= ${min} and <= ${max}`, v);
  return v;
}

function checkBool(name, v) {
  if (typeof v !== 'boolean') throw argType(name, 'of type boolean', v);
  return v;
}

function checkString(name, v) {
  if (typeof v !== 'string') throw argType(name, 'of type string', v);
  if (v.includes('\0')) throw argValue(name, v, 'must not contain null bytes');
  return v;
}

/** Throws ERR_INVALID_ARG_VALUE for an option name `fn` does not know. */
function checkKeys(o, known, fn) {
  for (const k of Object.keys(o)) {
    if (!known.has(k) && o[k] !== undefined) throw argValue(`options.${k}`, o[k], `is not an option of ${fn} (known: ${[...known].join(', ')})`);
  }
}

function checkObject(name, v) {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw argType(name, 'of type object', v);
  // a copy of the own properties, each read once: a getter cannot hand the checks one value and
  // the capture another
  return { ...v };
}

/**
 * node_pcap 0.x took the filter as the second argument (createSession(device, filter)); code
 * written so still passes a string there, which 3.x ignored. It is the filter the code meant.
 */
function filterAsOptions(input) {
  return typeof input === 'string' ? { filter: input } : input;
}

/** Validates createSession() options and fills in defaults (node_pcap 3.1.0's). */
function liveOptions(input) {
  const o = checkObject('options', filterAsOptions(input));
  checkKeys(o, LIVE_KEYS, 'createSession()');
  const out = { ...LIVE_DEFAULTS };
  if (o.filter !== undefined && o.filter !== null) out.filter = checkString('options.filter', o.filter);
  if (o.promiscuous !== undefined) out.promiscuous = checkBool('options.promiscuous', o.promiscuous);
  if (o.monitor !== undefined) out.monitor = checkBool('options.monitor', o.monitor);
  if (o.buffer_size !== undefined) out.buffer_size = checkInt('options.buffer_size', o.buffer_size, 1, 0x7fffffff);
  if (o.buffer_timeout !== undefined) out.buffer_timeout = checkInt('options.buffer_timeout', o.buffer_timeout, -0x7fffffff, 0x7fffffff);
  if (o.snap_length !== undefined) out.snap_length = checkInt('options.snap_length', o.snap_length, 1, 0x7fffffff);
  if (o.timestamp_precision !== undefined) out.timestamp_precision = precision(o.timestamp_precision);
  if (o.timestamp_type !== undefined) {
    if (typeof o.timestamp_type !== 'string') throw argType('options.timestamp_type', 'of type string', o.timestamp_type);
    if (!TIMESTAMP_TYPES.includes(o.timestamp_type)) throw argValue('options.timestamp_type', o.timestamp_type, `must be one of ${TIMESTAMP_TYPES.map((t) => `'${t}'`).join(', ')}`);
    out.timestamp_type = o.timestamp_type;
  }
  if (o.link_type !== undefined) out.link_type = linkTypeOption(o.link_type);
  if (o.direction !== undefined) {
    if (typeof o.direction !== 'string') throw argType('options.direction', 'of type string', o.direction);
    if (!['in', 'out', 'inout'].includes(o.direction)) throw argValue('options.direction', o.direction, "must be 'in', 'out' or 'inout'");
    out.direction = o.direction;
  }
  return out;
}

/**
 * The DLT number a link type is named by: a number, a name as `session.link_type` gives it
 * ('LINKTYPE_LINUX_SLL2'), or libpcap's short name as tcpdump -y takes it ('LINUX_SLL2',
 * 'EN10MB'); undefined for anything else (also a name libpcap could not take as C text).
 * @param {string|number} v
 * @returns {number|undefined}
 */
function dltOf(v) {
  const known = linkTypeNumber(v);
  if (known !== undefined || typeof v !== 'string' || v === '' || v.includes('\0')) return known;
  const n = require('./binding').getBinding().dataLinkValue(v);
  return n >= 0 ? n : undefined;
}

/**
 * The DLT number for `link_type`: a DLT number, a name as `session.link_type` gives it
 * ('LINKTYPE_LINUX_SLL2'), or libpcap's short name as tcpdump -y takes it ('LINUX_SLL2', 'EN10MB').
 */
function linkTypeOption(v) {
  if (typeof v === 'number') return checkInt('options.link_type', v, 0, 0x7fffffff);
  if (typeof v !== 'string') throw argType('options.link_type', 'of type string or number', v);
  checkString('options.link_type', v); // no NUL byte: libpcap gets it as a C string
  const dlt = dltOf(v);
  if (dlt === undefined) throw argValue('options.link_type', v, "is not a link-layer type name (say 'LINKTYPE_LINUX_SLL2', 'LINUX_SLL2' or a DLT number)");
  return checkInt('options.link_type', dlt, 0, 0x7fffffff); // 'LINKTYPE_4294967297' names no DLT either
}

/** Validates createOfflineSession() options. */
function offlineOptions(input) {
  const o = checkObject('options', filterAsOptions(input));
  checkKeys(o, OFFLINE_KEYS, 'createOfflineSession()');
  return {
    filter: o.filter === undefined || o.filter === null ? '' : checkString('options.filter', o.filter),
    timestamp_precision: o.timestamp_precision === undefined ? 'micro' : precision(o.timestamp_precision),
  };
}

function precision(v) {
  if (typeof v !== 'string') throw argType('options.timestamp_precision', 'of type string', v);
  if (v !== 'micro' && v !== 'nano') throw argValue('options.timestamp_precision', v, "must be 'micro' or 'nano'");
  return v;
}

module.exports = { TIMESTAMP_TYPES, linkTypeOption, dltOf, liveOptions, offlineOptions, checkString, checkObject, checkKeys, checkInt, precision, argType, outOfRange, LIVE_DEFAULTS };
