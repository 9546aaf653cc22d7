// pcap/decode/ipv4, as node_pcap 3.x exported it (see ../README.md).
import type { IPv4 } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const IPv4Packet: LegacyLayerClass<IPv4>;
export = IPv4Packet;
