// pcap/decode/icmp, as node_pcap 3.x exported it (see ../README.md).
import type { ICMP } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const ICMPPacket: LegacyLayerClass<ICMP>;
export = ICMPPacket;
