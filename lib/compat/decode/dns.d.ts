// pcap/decode/dns, as node_pcap 3.x exported it (see ../README.md).
import type { DNS } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const DNSPacket: LegacyLayerClass<DNS>;
export = DNSPacket;
