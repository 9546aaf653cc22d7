// pcap/decode, as node_pcap 3.x exported it (see ../README.md): the decode function and four classes.
import type { Arp, EthernetPacket as EthernetLayer, IPv4, IPv6, Decode, PcapPacket as PcapPacketClass } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

export declare const EthernetPacket: LegacyLayerClass<EthernetLayer>;
export declare const IPv4Packet: LegacyLayerClass<IPv4>;
export declare const IPv6Packet: LegacyLayerClass<IPv6>;
export declare const ArpPacket: LegacyLayerClass<Arp>;
export declare const PcapPacket: typeof PcapPacketClass;
export declare const decode: Decode;
