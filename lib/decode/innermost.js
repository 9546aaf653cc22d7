'use strict';
// Where a decoded packet's traffic is: the innermost IP layer that carries TCP or UDP. Tunnels
// (IP in IP, GRE, VXLAN, Geneve, MPLS) put a whole packet inside another, and what a connection
// or a DNS exchange is made of is the innermost one. Shared by the TCP tracker and dns_trace, so
// both see the same packets as traffic.

// The decoders stop nesting well before this (MAX_LINK_NESTING, MAX_DEPTH); the bound is for
// packet trees made by hand, whose payload chain could loop.
const MAX_LAYERS = 64;

/**
 * The innermost IPv4 or IPv6 layer whose payload is TCP or UDP, at any depth the decoders
 * reached; null if there is none, and for an ICMP or ICMPv6 message: the datagram an error
 * quotes was sent earlier by someone else, it is not traffic.
 * @param {object} packet a decoded packet (pcap.decode.packet's result)
 * @returns {object|null} the IP layer; its `payload` is the TCP or UDP layer
 */
function innermostIp(packet) {
  let found = null;
  let l = packet === null || packet === undefined ? null : packet.payload;
  for (let i = 0; l !== null && l !== undefined && i < MAX_LAYERS; i++) {
    const n = l.decoderName;
    if (n === 'icmp' || n === 'icmpv6') return null;
    if (n === 'ipv4' || n === 'ipv6') {
      const t = l.payload;
      const tn = t === null || t === undefined ? undefined : t.decoderName;
      if (tn === 'tcp') return l; // TCP carries no tunnels: nothing deeper
      if (tn === 'udp') found = l; // but UDP may (VXLAN, Geneve): a deeper one wins
    }
    l = l.payload;
  }
  return found;
}

module.exports = { innermostIp };
