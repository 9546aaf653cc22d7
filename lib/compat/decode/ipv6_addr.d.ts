// pcap/decode/ipv6_addr, as node_pcap 3.x exported it (see ../README.md).
import { IPv6Addr } from '../../../index';

export = IPv6Addr;
