'use strict';
// Link-layer header types: libpcap's DLT_ numbers (what pcap_datalink() returns) and the names
// node_pcap used ('LINKTYPE_ETHERNET', ...). Unknown numbers get a generic name so that any value
// round-trips: name(n) -> number(name) === n.

const { argType } = require('./errors');

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

/** @param {number} dlt @returns {string} */
function linkTypeName(dlt) {
  if (typeof dlt !== 'number') throw argType('dlt', 'of type number', dlt);
  const n = NAMES[dlt];
  return n !== undefined ? n : 'LINKTYPE_' + dlt;
}

/** @param {string|number} name @returns {number|undefined} */
function linkTypeNumber(name) {
  if (typeof name === 'number') return name;
  if (typeof name !== 'string') return undefined;
  const n = NUMBERS.get(name);
  if (n !== undefined) return n;
  const m = /^(?:LINKTYPE_|Unknown linktype )(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

module.exports = { linkTypeName, linkTypeNumber, LINK_TYPE_NAMES: NAMES };
