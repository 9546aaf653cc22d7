// pcap/decode/igmp, as node_pcap 3.x exported it (see ../README.md).
import type { IGMP } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const IGMPPacket: LegacyLayerClass<IGMP>;
export = IGMPPacket;
