// Code that must NOT compile against index.d.ts: each line below carries @ts-expect-error, so tsc
// fails if the declarations ever accept it again (each of these throws or misbehaves at run time).
import * as pcap from '../..';

// sessions and packets are made by the library only
// @ts-expect-error private constructor
new pcap.RawPacket();
// @ts-expect-error private constructor
new pcap.PcapSession();
// @ts-expect-error HttpMessage is a type, not a value
new pcap.HttpMessage();

// a decoder class needs decode()
// @ts-expect-error not a layer class
pcap.decode.register('udpPort', 9999, class {});

// pcap_header is undefined for a node_pcap-style packet without a 16-byte header
const p = pcap.decode.packet({ buf: Buffer.alloc(60), header: Buffer.alloc(8), link_type: 'LINKTYPE_ETHERNET' });
// @ts-expect-error possibly undefined
p.pcap_header.tv_sec;

// a request's message type is known, so a bad decodeAs value is caught
// @ts-expect-error not a protocol name
pcap.decode.packet({ buf: Buffer.alloc(60), header: Buffer.alloc(16), link_type: 'LINKTYPE_ETHERNET' }, null, { decodeAs: { udp: { 53: 1 } } });

// filters are made by compileFilter
// @ts-expect-error private constructor
new pcap.BpfFilter();

// timestamp types are libpcap's names
// @ts-expect-error not a timestamp type
pcap.createSession('lo', { timestamp_type: 'hardware' });

// the new fields have types
const w = pcap.createWriter('/dev/null');
// @ts-expect-error read-only
w.nano = true;
pcap.createOfflineSession('x.pcapng').on('packet', (raw: pcap.RawPacket) => {
  // @ts-expect-error read-only: the packet's block says it
  raw.interface_id = 1;
});
export {};
