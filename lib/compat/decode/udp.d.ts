// pcap/decode/udp, as node_pcap 3.x exported it (see ../README.md).
import type { UDP } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const UDPPacket: LegacyLayerClass<UDP>;
export = UDPPacket;
