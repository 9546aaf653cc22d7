// pcap/decode/pcap_packet, as node_pcap 3.x exported it (see ../README.md).
import { PcapPacket } from '../../../index';

export = PcapPacket;
