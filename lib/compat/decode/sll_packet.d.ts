// pcap/decode/sll_packet, as node_pcap 3.x exported it (see ../README.md).
import type { SLLPacket } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const SLLPacket: LegacyLayerClass<SLLPacket>;
export = SLLPacket;
