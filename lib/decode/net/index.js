'use strict';
// Registers the network-layer decoders in the dispatch tables: IPv4/IPv6/ARP by ethertype (also
// used by SLL, SNAP, VLAN, NULL/RAW link decoders), tunnelled IP and ICMP/ICMPv6/IGMP by IP protocol.

const { register } = require('../registry');
const { IPv4 } = require('./ipv4');
const { IPv6 } = require('./ipv6');
const { Arp } = require('./arp');
const { ICMP } = require('./icmp');
const { ICMPv6 } = require('./icmpv6');
const { IGMP } = require('./igmp');

register('ethertype', 0x0800, IPv4);
register('ethertype', 0x86dd, IPv6);
register('ethertype', 0x0806, Arp);
register('ethertype', 0x8035, Arp); // RARP: same format, opcodes 3/4

register('ipProtocol', 1, ICMP);
register('ipProtocol', 2, IGMP);
register('ipProtocol', 4, IPv4); // IP in IP
register('ipProtocol', 41, IPv6); // IPv6 in IP (6in4, and IPv6 in IPv6)
register('ipProtocol', 58, ICMPv6);

module.exports = { IPv4, IPv6, Arp, ICMP, ICMPv6, IGMP };
