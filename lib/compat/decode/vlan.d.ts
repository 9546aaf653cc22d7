// pcap/decode/vlan, as node_pcap 3.x exported it (see ../README.md).
import type { Vlan } from '../../../index';
import type { LegacyLayerClass } from '../legacy';

declare const VlanPacket: LegacyLayerClass<Vlan>;
export = VlanPacket;
