// node_pcap 3.x's module paths (package.json "exports": pcap/decode/*, pcap/dns_cache, ...), as code
// written for node_pcap requires them; compiled with module resolution node16, which reads "exports".
import pcap = require('pcap');
import decodeIndex = require('pcap/decode');
import IPv4 = require('pcap/decode/ipv4');
import Ethernet = require('pcap/decode/ethernet_packet');
import DNS = require('pcap/decode/dns.js');
import TCP = require('pcap/decode/tcp');
import EthernetAddr = require('pcap/decode/ethernet_addr');
import IPv4Addr = require('pcap/decode/ipv4_addr');
import PcapPacket = require('pcap/decode/pcap_packet');
import DNSCache = require('pcap/dns_cache');
import tcpTracker = require('pcap/tcp_tracker');
import util = require('pcap/util');

// nfqueue hands over IP packets: node_pcap's decode(buf, offset), no end
const ip = new IPv4().decode(Buffer.alloc(40), 0);
const ttl: number = ip.ttl;
const from: string = String(ip.saddr);
const isIp: boolean = pcap.decode.packet({ buf: Buffer.alloc(60), link_type: 'LINKTYPE_ETHERNET' }).payload instanceof Ethernet;
const tcp = new TCP().decode(Buffer.alloc(20));
const port: number = tcp.dport;
const dns = new DNS().decode(Buffer.alloc(12), 0);
const answers: number = dns.ancount;
const mac: number[] = new EthernetAddr(Buffer.alloc(6), 0).addr;
const addr: string = String(new IPv4Addr().decode(Buffer.from([10, 0, 0, 1]), 0));
const root: pcap.PcapPacket = decodeIndex.decode.packet({ buf: Buffer.alloc(60), link_type: 'LINKTYPE_ETHERNET' });
const same: boolean = root instanceof PcapPacket && new decodeIndex.IPv4Packet().decode(Buffer.alloc(20), 0).version === 4;
const name: string = new DNSCache({ maxEntries: 10 }).ptr('192.0.2.1');
const tracker: pcap.TCPTracker = new tcpTracker.TCPTracker();
const hex: string = util.int8_to_hex[255];
console.log(ttl, from, isIp, port, answers, mac, addr, same, name, tracker, hex);

// @ts-expect-error a layer has no such field
new IPv4().decode(Buffer.alloc(20), 0).nonsense;
export {};
