// pcap/decode/sll_addr, as node_pcap 3.x exported it (see ../README.md).
import { SLLAddr } from '../../../index';

export = SLLAddr;
