// pcap/decode/ipv6, as node_pcap 3.x exported it (see ../README.md).
import type { IPv6 } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const IPv6Packet: LegacyLayerClass<IPv6>;
export = IPv6Packet;
