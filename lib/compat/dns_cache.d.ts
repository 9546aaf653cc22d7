// pcap/dns_cache, as node_pcap 3.x exported it (see README.md).
import { DNSCache } from '../../index';

export = DNSCache;
