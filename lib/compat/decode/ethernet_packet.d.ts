// pcap/decode/ethernet_packet, as node_pcap 3.x exported it (see ../README.md).
import type { EthernetPacket } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const EthernetPacket: LegacyLayerClass<EthernetPacket>;
export = EthernetPacket;
