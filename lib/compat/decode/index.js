'use strict';
// pcap/decode, as node_pcap 3.x exported it (see ../README.md): the decode function and four classes.
const decode = require('../../decode');

module.exports = {
  EthernetPacket: require('../../decode/link/ethernet').EthernetPacket,
  IPv4Packet: require('../../decode/net/ipv4').IPv4,
  IPv6Packet: require('../../decode/net/ipv6').IPv6,
  ArpPacket: require('../../decode/net/arp').Arp,
  PcapPacket: decode.PcapPacket,
  decode,
};
