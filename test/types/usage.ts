// Compiled (not run) by test/types.test.js: code a user would write, checked against index.d.ts.
import * as pcap from '../..';
import { EventEmitter } from 'events';

const live: pcap.PcapSession = pcap.createSession('lo', {
  filter: 'tcp port 80',
  promiscuous: false,
  buffer_size: 1 << 20,
  buffer_timeout: 0,
  snap_length: 262144,
  timestamp_precision: 'nano',
  direction: 'in',
});
live.on('packet', (raw: pcap.RawPacket) => {
  const size: number = raw.buf.length + raw.caplen + raw.len;
  const when: number = raw.ts_sec * 1e9 + raw.ts_nsec;
  const onInterface: number = raw.interface_id;
  const packet = pcap.decode.packet(raw);
  // undefined only for a node_pcap-style packet without a 16-byte header; a RawPacket always has one
  const header: pcap.PcapHeader | undefined = packet.pcap_header;
  const line: string = String(packet) + size + when + onInterface + (header ? header.tv_usec : 0);
  const link = packet.payload;
  if (link && link.decoderName === 'ethernet-packet') {
    const eth = link as pcap.EthernetPacket;
    const ip = eth.payload as pcap.IPv4 | null;
    if (ip && ip.decoderName === 'ipv4') {
      const tcp = ip.payload as pcap.TCP;
      const port: number = tcp.dport;
      const mss: number | null = tcp.options.mss;
      const syn: boolean = tcp.flags.syn;
      const data: Buffer | null = tcp.data;
      console.log(line, ip.saddr, port, mss, syn, data, ip.flags.doNotFragment, ip.error && ip.error.needed);
      // node_pcap's address objects: the bytes, and the text
      const octets: number[] = ip.saddr.addr;
      const text: string = String(ip.saddr);
      const mac: string = eth.shost.addr.map((b) => b.toString(16)).join('-');
      console.log(octets, text, mac, ip.daddr instanceof pcap.decode.IPv4Addr, ip.saddr.startsWith('10.'));
      // an address field goes to the reverse-DNS cache as it is
      const host: string = new pcap.DNSCache().ptr(ip.saddr);
      console.log(host);
    }
  }
});
const made = new pcap.PcapError('ERR_PCAP_WRITE', 'cannot write "x.pcap": disk full', { path: 'x.pcap' });
console.log(made.code, made.path);
live.on('error', (err: pcap.PcapError) => {
  const code: pcap.PcapErrorCode = err.code;
  console.log(code, pcap.errorCodes[code]);
});
const stats: pcap.CaptureStats = live.stats();
console.log(stats.ps_drop, live.link_type, live.dlt);
const fromStream: pcap.DNS = pcap.decode.layer('dns', Buffer.alloc(12));
console.log(fromStream.id, fromStream.question, pcap.decode.layer('ipv4', Buffer.alloc(20)).decoderName);
const bpf: pcap.BpfFilter = pcap.compileFilter('tcp port 80', { link_type: 'LINKTYPE_LINUX_SLL2', snap_length: 1500 });
const passes: boolean = bpf.matches(Buffer.alloc(60));
console.log(passes, bpf.instructions()[0].text, bpf.dlt, String(bpf));
try {
  pcap.createSession('lo', { link_type: 276 });
} catch (e) {
  console.log((e as pcap.PcapError).linkTypes);
}
const hello = pcap.decode.layer('tls', Buffer.alloc(60)) as pcap.TLS;
console.log(hello.serverName, hello.alpn && hello.alpn[0], hello.continuation);
const lease = pcap.decode.layer('dhcp', Buffer.alloc(240)) as pcap.DHCP;
const v6 = pcap.decode.layer('dhcpv6', Buffer.alloc(4)) as pcap.DHCPv6;
const firstOption: pcap.DhcpOption | undefined = lease.options[0];
console.log(lease.messageTypeName, lease.yiaddr, lease.routers, lease.option(51), firstOption && firstOption.value, v6.addresses, v6.statusCode && v6.statusCode.name);
const sql = pcap.decode.layer('pgsql', Buffer.from('Q\0\0\0\x0dselect 1\0', 'latin1')) as pcap.PostgreSQL;
const firstMessage: pcap.PgsqlMessage | undefined = sql.messages[0];
console.log(sql.query, sql.fromClient, firstMessage && firstMessage.name, sql.commandTags, sql.errorResponse && sql.errorResponse.code);
const my = pcap.decode.layer('mysql', Buffer.from('\x09\0\0\0\x03select 1', 'latin1')) as pcap.MySQL;
const firstPacket: pcap.MysqlPacket | undefined = my.packets[0];
const typed: pcap.MySQL = pcap.decode.layer('mysql', Buffer.alloc(0)); // the overload names the layer's type
const typedSql: pcap.PostgreSQL = pcap.decode.layer('pgsql', Buffer.alloc(0));
console.log(typed.rowCount, typedSql.rowCount);
const mq: pcap.MQTT = pcap.decode.layer('mqtt', Buffer.from([0xc0, 0]));
const firstMq: pcap.MqttPacket | undefined = mq.packets[0];
console.log(mq.topic, firstMq && firstMq.typeName, firstMq && firstMq.properties && firstMq.properties.userProperty);
console.log(my.command, my.query, my.serverError && my.serverError.code, firstPacket && firstPacket.kind, my.rowCount);
const redis = pcap.decode.layer('resp', Buffer.from('*1\r\n$4\r\nPING\r\n')) as pcap.RESP;
const firstValue: pcap.RespValue | undefined = redis.values[0];
console.log(redis.command, redis.commands && redis.commands[0], firstValue && firstValue.type);
const tunnel = pcap.decode.layer('vxlan', Buffer.alloc(50)) as pcap.VXLAN;
const inner = tunnel.payload as pcap.EthernetPacket | null;
const labels: pcap.MplsLabel[] = (pcap.decode.layer('mpls', Buffer.alloc(8)) as pcap.MPLS).labels;
console.log(tunnel.vni, inner && inner.shost, labels.map((l) => l.label), (pcap.decode.layer('gre', Buffer.alloc(8)) as pcap.GRE).key);
const cooked = pcap.createSession('any', { link_type: 'LINUX_SLL2', timestamp_type: 'host' });
const offered: string[] = (cooked.link_types || []).concat(cooked.timestamp_types || []);
console.log(offered, cooked.timestamp_type, pcap.createSession('any', { link_type: 276 }).dlt);
live.setFilter('udp');
live.pause().resume().unref().ref();
const sent: number = live.inject(Buffer.alloc(60));
console.log(sent);
live.close();

const offline = pcap.createOfflineSession('file.pcap', { filter: 'udp', timestamp_precision: 'micro' });
offline.on('complete', () => console.log('done'));
async function iterate(): Promise<number> {
  let n = 0;
  for await (const raw of offline) n += raw.buf.length;
  for await (const raw of offline.packets({ highWaterMark: 10 })) n += raw.caplen;
  return n;
}
void iterate();

const devices: pcap.Device[] = pcap.findalldevs();
console.log(devices[0].addresses[0].addr, devices[0].flags, pcap.lib_version);
const handler: (text: string) => void = pcap.warningHandler; // assigned from JS: pcap.warningHandler = fn
handler("x");

const writer: pcap.PcapWriter = pcap.createWriter('out.pcap', { link_type: offline.dlt, timestamp_precision: 'nano' });
offline.on('packet', (raw) => writer.write(raw));
// bytes of your own: any Uint8Array, and a link type named as libpcap names it
pcap.createWriter('mine.pcap', { link_type: 'EN10MB' }).write({ buf: new Uint8Array(60), header: new Uint8Array(16) });
writer.close();

const emitter = new EventEmitter();
emitter.on('dns', (dns: pcap.DNS) => console.log(dns.header.isResponse, dns.question[0].name, dns.answer.length));
const withHeader: pcap.PacketWithHeader = { buf: Buffer.alloc(60), header: Buffer.alloc(16), link_type: 'LINKTYPE_ETHERNET' };
pcap.decode.packet(withHeader, emitter, { decodeAs: { tcp: { 8053: 'dns' } } });
pcap.decode(withHeader);

const tracker = new pcap.TCPTracker({ idle_timeout: 60, http: true });
tracker.on('session', (session: pcap.TCPSession) => {
  session.on('data send', (s, data: Buffer) => console.log(s.src, data.length));
  session.on('end', (s) => {
    const st: pcap.TCPSessionStats = s.session_stats();
    console.log(st.rtt.send.avg, s.end_reason);
  });
});
tracker.on('http response', (session, http: pcap.HttpExchange) => {
  console.log(http.request && http.request.method, http.response && http.response.status_code);
});
offline.on('packet', (raw) => tracker.track_packet(pcap.decode.packet(raw)));
tracker.flush();
// the bounds on what all sessions together hold, and what they cost
const bounded = new pcap.TCPTracker({ max_reorder_total: 64 << 20, http: { max_exchanges: 10000, max_ws_windows: 64 << 20 } });
const shed: number = bounded.stats.reorder_overflows + (bounded.http ? bounded.http.stats.exchanges_shed + bounded.http.stats.ws_windows_dropped + bounded.http.limits.max_exchanges : 0);
console.log(shed);

const names = new pcap.DNSCache({ maxEntries: 100, ttl: 60000 });
const shown: string = names.ptr('192.0.2.1');
console.log(shown, names.cache['192.0.2.1'], names.requests['192.0.2.1']);
