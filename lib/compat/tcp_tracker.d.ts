// pcap/tcp_tracker, as node_pcap 3.x exported it (see README.md).
export { TCPTracker, TCPSession } from '../../index';
