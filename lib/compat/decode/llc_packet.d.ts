// pcap/decode/llc_packet, as node_pcap 3.x exported it (see ../README.md).
import type { LogicalLinkControl } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const LogicalLinkControlPacket: LegacyLayerClass<LogicalLinkControl>;
export = LogicalLinkControlPacket;
