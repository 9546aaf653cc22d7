'use strict';
// Registers the link-layer decoders: one per DLT (what pcap_datalink() returns, plus the
// LINKTYPE_ numbers that files carry where they differ), and the few ethertype-table keys that
// lead to link-layer headers. The IPv4/IPv6/ARP ethertypes are registered by net/.

const { register } = require('../registry');
const { EthernetPacket } = require('./ethernet');
const { Vlan } = require('./vlan');
const { LogicalLinkControl } = require('./llc');
const { SLLPacket } = require('./sll');
const { SLL2Packet } = require('./sll2');
const { NullPacket, LoopPacket } = require('./null');
const { RawIpPacket, RawIpv4Packet, RawIpv6Packet } = require('./raw');
const { RadioFrame } = require('./ieee802_11');
const { RadioPacket } = require('./radiotap');
const { PPP, PPPLink } = require('./ppp');
const { PPPoE, PPPoEDiscovery } = require('./pppoe');

register('linkType', 0, NullPacket); // DLT_NULL
register('linkType', 1, EthernetPacket); // DLT_EN10MB
register('linkType', 12, RawIpPacket); // DLT_RAW (most systems)
register('linkType', 14, RawIpPacket); // DLT_RAW (OpenBSD)
register('linkType', 101, RawIpPacket); // LINKTYPE_RAW, in case a caller passes the file's value
register('linkType', 105, RadioFrame); // DLT_IEEE802_11
register('linkType', 108, LoopPacket); // DLT_LOOP
register('linkType', 113, SLLPacket); // DLT_LINUX_SLL
register('linkType', 127, RadioPacket); // DLT_IEEE802_11_RADIO
register('linkType', 9, PPPLink); // DLT_PPP
register('linkType', 50, PPPLink); // DLT_PPP_SERIAL (PPP in HDLC-like framing, or Cisco HDLC)
register('linkType', 228, RawIpv4Packet); // DLT_IPV4
register('linkType', 229, RawIpv6Packet); // DLT_IPV6
register('linkType', 276, SLL2Packet); // DLT_LINUX_SLL2

// Keys below 0x0600 are Linux ETH_P_ values (SLL's protocol field; Ethernet uses them for 802.3).
register('ethertype', 0x0004, LogicalLinkControl); // ETH_P_802_2: 802.2 LLC
// VLAN tags met outside Ethernet's own tag parsing (SLL, SNAP, tunnels)
register('ethertype', 0x8100, Vlan);
register('ethertype', 0x88a8, Vlan);
register('ethertype', 0x9100, Vlan);
// Transparent Ethernet bridging (GRE, NVGRE): a whole Ethernet frame follows
register('ethertype', 0x6558, EthernetPacket);
register('ethertype', 0x880b, PPP); // PPP in GRE (PPTP)
register('ethertype', 0x8863, PPPoEDiscovery);
register('ethertype', 0x8864, PPPoE); // session

module.exports = { EthernetPacket, Vlan, LogicalLinkControl, SLLPacket, SLL2Packet, NullPacket, LoopPacket, RawIpPacket, RawIpv4Packet, RawIpv6Packet, RadioFrame, RadioPacket, PPP, PPPLink, PPPoE, PPPoEDiscovery };
