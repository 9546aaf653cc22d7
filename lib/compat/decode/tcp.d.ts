// pcap/decode/tcp, as node_pcap 3.x exported it (see ../README.md).
import type { TCP } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const TCPPacket: LegacyLayerClass<TCP>;
export = TCPPacket;
