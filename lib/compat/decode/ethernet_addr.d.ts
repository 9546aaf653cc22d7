// pcap/decode/ethernet_addr, as node_pcap 3.x exported it (see ../README.md).
import { EthernetAddr } from '../../../index';

export = EthernetAddr;
