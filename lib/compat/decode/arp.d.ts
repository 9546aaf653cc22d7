// pcap/decode/arp, as node_pcap 3.x exported it (see ../README.md).
import type { Arp } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const ArpPacket: LegacyLayerClass<Arp>;
export = ArpPacket;
