'use strict';
// Link-layer header types: libpcap's DLT_ numbers (what pcap_datalink() returns) and the names
// node_pcap used ('LINKTYPE_ETHERNET', ...). Unknown numbers get a generic name so that any value
// round-trips: name(n) -> number(name) === n.

const { argType, outOfRange } = require('./errors');

const NAMES = {
  0: 'LINKTYPE_NULL',
  1: 'LINKTYPE_ETHERNET',
  6: 'LINKTYPE_IEEE802_5',
  8: 'LINKTYPE_SLIP',
  9: 'LINKTYPE_PPP',
  10: 'LINKTYPE_FDDI',
  12: 'LINKTYPE_RAW', // DLT_RAW on Linux: libpcap maps LINKTYPE_RAW (101) to it
  14: 'LINKTYPE_RAW_OPENBSD', // DLT_RAW on OpenBSD
  50: 'LINKTYPE_PPP_HDLC',
  51: 'LINKTYPE_PPP_ETHER',
  104: 'LINKTYPE_C_HDLC',
  105: 'LINKTYPE_IEEE802_11',
  108: 'LINKTYPE_LOOP',
  113: 'LINKTYPE_LINUX_SLL',
  119: 'LINKTYPE_IEEE802_11_PRISM',
  127: 'LINKTYPE_IEEE802_11_RADIO',
  129: 'LINKTYPE_ARCNET_LINUX',
  192: 'LINKTYPE_PPI',
  220: 'LINKTYPE_USB_LINUX_MMAPPED',
  228: 'LINKTYPE_IPV4',
  229: 'LINKTYPE_IPV6',
  231: 'LINKTYPE_DBUS',
  239: 'LINKTYPE_NFLOG',
  276: 'LINKTYPE_LINUX_SLL2',
};

const NUMBERS = new Map();
for (const [n, name] of Object.entries(NAMES)) NUMBERS.set(name, Number(n));
// node_pcap names the few it knew; accept those spellings too
NUMBERS.set('LINKTYPE_RAW', 12);

/** A DLT / LINKTYPE number: what a pcap header's 32-bit field can hold. */
function isDlt(n) {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/**
 * node_pcap's name for a link-layer type number ('LINKTYPE_ETHERNET'; 'LINKTYPE_<n>' for one
 * without a name here).
 * @param {number} dlt libpcap's DLT number (session.dlt)
 * @returns {string}
 * @throws ERR_INVALID_ARG_TYPE for a non-number; ERR_OUT_OF_RANGE for one that is not a whole
 *   number from 0 to 2^32-1 (it named no link type: 'LINKTYPE_NaN', 'LINKTYPE_-1')
 */
function linkTypeName(dlt) {
  if (typeof dlt !== 'number') throw argType('dlt', 'of type number', dlt);
  if (!isDlt(dlt)) throw outOfRange('dlt', 'an integer >= 0 and <= 4294967295', dlt);
  const n = NAMES[dlt];
  return n !== undefined ? n : 'LINKTYPE_' + dlt;
}

/**
 * The number of a node_pcap link-type name (what linkTypeName gives); a link-type number as it
 * is. undefined for anything else (libpcap's own names such as 'EN10MB' too).
 * @param {string|number} name
 * @returns {number|undefined}
 */
function linkTypeNumber(name) {
  if (typeof name === 'number') return isDlt(name) ? name : undefined;
  if (typeof name !== 'string') return undefined;
  const n = NUMBERS.get(name);
  if (n !== undefined) return n;
  const m = /^(?:LINKTYPE_|Unknown linktype )(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

module.exports = { linkTypeName, linkTypeNumber, LINK_TYPE_NAMES: NAMES };
