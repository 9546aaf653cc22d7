// pcap/decode/null_packet, as node_pcap 3.x exported it (see ../README.md).
import type { NullPacket } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const NullPacket: LegacyLayerClass<NullPacket>;
export = NullPacket;
