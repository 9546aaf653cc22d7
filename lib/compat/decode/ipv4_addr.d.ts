// pcap/decode/ipv4_addr, as node_pcap 3.x exported it (see ../README.md).
import { IPv4Addr } from '../../../index';

export = IPv4Addr;
