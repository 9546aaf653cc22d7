// Type declarations for require('pcap'). Kept by hand; test/types checks them with tsc.
/// <reference types="node" />

import { EventEmitter } from 'events';

export type LinkType = string; // 'LINKTYPE_ETHERNET', 'LINKTYPE_LINUX_SLL', ... ('LINKTYPE_<n>' for others)

export interface LiveSessionOptions {
  /** BPF filter, see pcap-filter(7). Default ''. */
  filter?: string;
  /** Default true. */
  promiscuous?: boolean;
  /** Kernel buffer in bytes. Default 10 MiB. */
  buffer_size?: number;
  /** Milliseconds the kernel may hold packets; <= 0 selects immediate mode. Default 1000. */
  buffer_timeout?: number;
  /** 802.11 monitor mode. Default false. */
  monitor?: boolean;
  /** Bytes kept per packet. Default 65535. */
  snap_length?: number;
  /** Default 'micro'. */
  timestamp_precision?: 'micro' | 'nano';
  /** Which direction to capture. Default: both. */
  direction?: 'in' | 'out' | 'inout';
}

export interface OfflineSessionOptions {
  filter?: string;
  timestamp_precision?: 'micro' | 'nano';
}

export interface CaptureStats {
  ps_recv: number;
  ps_drop: number;
  ps_ifdrop: number;
  /** Present (true) on file sessions, whose counters are packets read and zero drops. */
  offline?: boolean;
}

/** One captured packet, as given to 'packet' listeners. */
export declare class RawPacket {
  /** The captured bytes, exactly caplen long; stays valid after the listener returns. */
  buf: Buffer;
  /** node_pcap's 16-byte header: tv_sec, tv_usec, caplen, len (32-bit little-endian). */
  readonly header: Buffer;
  link_type: LinkType;
  readonly caplen: number;
  readonly len: number;
  /** Seconds since the epoch (full range). */
  readonly ts_sec: number;
  readonly ts_usec: number;
  /** Nanoseconds within the second (nanosecond digits on 'nano' sessions). */
  readonly ts_nsec: number;
}

/** node_pcap-style packet for decode.packet() when you build one yourself. */
export interface PacketWithHeader {
  buf: Buffer;
  header: Buffer;
  link_type: LinkType;
}

export declare class PcapSession extends EventEmitter {
  readonly is_live: boolean;
  readonly device_name?: string;
  readonly path?: string;
  readonly filter: string;
  readonly buffer_size: number;
  readonly buffer_timeout: number;
  readonly snap_length: number;
  readonly promiscuous: boolean;
  readonly is_monitor: boolean;
  readonly timestamp_precision: 'micro' | 'nano';
  readonly direction?: 'in' | 'out' | 'inout';
  /** node_pcap's link-type name. */
  readonly link_type: LinkType;
  /** libpcap's DLT_ number. */
  readonly dlt: number;
  readonly opened: boolean;
  /** Packets emitted so far. */
  readonly packets_read: number;

  /** Stops and frees the capture at once; idempotent; safe inside a 'packet' listener. */
  close(): void;
  stats(): CaptureStats;
  /** Sends a whole frame (live sessions only); returns the bytes sent. */
  inject(buf: Buffer | Uint8Array): number;
  setFilter(filter: string): void;
  pause(): this;
  resume(): this;
  isPaused(): boolean;
  ref(): this;
  unref(): this;
  /** Async iteration that pauses the session while `highWaterMark` packets wait unread. */
  packets(options?: { highWaterMark?: number }): AsyncIterableIterator<RawPacket>;
  [Symbol.asyncIterator](): AsyncIterator<RawPacket>;

  on(event: 'packet', listener: (raw: RawPacket) => void): this;
  on(event: 'complete' | 'end' | 'close', listener: () => void): this;
  on(event: 'error', listener: (err: PcapError) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'packet', listener: (raw: RawPacket) => void): this;
  once(event: 'complete' | 'end' | 'close', listener: () => void): this;
  once(event: 'error', listener: (err: PcapError) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}

export { PcapSession as Pcap };

export type PcapErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_PCAP_BINDING'
  | 'ERR_PCAP_NO_DEVICE'
  | 'ERR_PCAP_NO_SUCH_DEVICE'
  | 'ERR_PCAP_PERM_DENIED'
  | 'ERR_PCAP_IFACE_NOT_UP'
  | 'ERR_PCAP_MONITOR_NOTSUP'
  | 'ERR_PCAP_TSTAMP_PRECISION_NOTSUP'
  | 'ERR_PCAP_FILTER'
  | 'ERR_PCAP_FILE_NOT_FOUND'
  | 'ERR_PCAP_FILE_ACCESS'
  | 'ERR_PCAP_FILE_FORMAT'
  | 'ERR_PCAP_FILE_TRUNCATED'
  | 'ERR_PCAP_LINK_TYPE'
  | 'ERR_PCAP_READ'
  | 'ERR_PCAP_INJECT'
  | 'ERR_PCAP_OFFLINE'
  | 'ERR_PCAP_CLOSED'
  | 'ERR_PCAP';

export declare class PcapError extends Error {
  code: PcapErrorCode;
  /** libpcap's status (PCAP_ERROR_*), when libpcap reported the error. */
  pcapStatus?: number;
  /** The libpcap call that failed. */
  pcapStage?: string;
  device?: string;
  path?: string;
  filter?: string;
}

export declare const errorCodes: Readonly<Record<PcapErrorCode, string>>;

export interface Address {
  addr: string;
  netmask?: string;
  broadaddr?: string;
  dstaddr?: string;
}

export interface Device {
  name: string;
  description?: string;
  addresses: Address[];
  /** 'PCAP_IF_LOOPBACK' on loopback devices (node_pcap). */
  flags?: 'PCAP_IF_LOOPBACK';
  loopback: boolean;
  up: boolean;
  running: boolean;
  wireless: boolean;
}

export declare function createSession(device?: string | null, options?: LiveSessionOptions): PcapSession;
export declare function createOfflineSession(path: string, options?: OfflineSessionOptions): PcapSession;
export declare function findalldevs(): Device[];
export declare const lib_version: string;
/** Receives libpcap's warnings; default: process.emitWarning. */
export declare let warningHandler: (text: string) => void;
export declare function linkTypeName(dlt: number): LinkType;
export declare function linkTypeNumber(name: LinkType | number): number | undefined;

export interface WriterOptions {
  /** Link type name or DLT number (take session.dlt). Default Ethernet. */
  link_type?: LinkType | number;
  snap_length?: number;
  timestamp_precision?: 'micro' | 'nano';
}

export declare class PcapWriter {
  readonly path: string;
  readonly packets_written: number;
  write(raw: RawPacket | PacketWithHeader): void;
  flush(): void;
  close(): void;
}
export declare function createWriter(path: string, options?: WriterOptions): PcapWriter;

// ---------------------------------------------------------------- decoding

/** Where a layer's bytes ran out or were malformed. */
export interface LayerError {
  layer: string;
  reason: string;
  /** Offset from the start of the packet. */
  offset: number;
  needed: number;
  available: number;
}

/** What every decoded layer has. */
export interface Layer {
  readonly decoderName: string;
  readonly eventsOnDecode: boolean;
  /** Set when the layer's bytes ran out or were malformed. */
  readonly error: LayerError | null;
  /** True when the capture cut this layer short. */
  readonly truncated: boolean;
  /** The next layer, or null. */
  payload: AnyLayer | null;
  toString(): string;
  toJSON(): object;
}

export interface EthernetPacket extends Layer {
  readonly dhost: string;
  readonly shost: string;
  /** The header's type field (0x8100 on tagged frames). */
  readonly ethertype: number;
  /** One tag, an array (outermost first) when stacked, null when untagged. */
  readonly vlan: Vlan | Vlan[] | null;
  /** 802.3 length field (802.3 frames only). */
  readonly length?: number;
}

export interface Vlan extends Layer {
  readonly priority: number;
  readonly canonical_format: number;
  readonly id: number;
  readonly ethertype: number;
  readonly tpid?: number;
}

export interface LogicalLinkControl extends Layer {
  readonly dsap: number;
  readonly ssap: number;
  readonly control: number;
  readonly oui?: number;
  readonly type?: number;
}

export interface SLLPacket extends Layer {
  readonly packet_type: number;
  readonly address_type: number;
  readonly address_len: number;
  readonly address: string;
  readonly ethertype: number;
  /** SLL2 only. */
  readonly interface_index?: number;
}

export interface NullPacket extends Layer {
  readonly pftype: number;
}

export interface IPv4 extends Layer {
  readonly version: number;
  readonly headerLength: number;
  readonly diffserv: number;
  readonly length: number;
  readonly identification: number;
  readonly flags: { reserved: boolean; doNotFragment: boolean; moreFragments: boolean };
  /** The 13-bit field, in units of 8 bytes. */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly headerChecksum: number;
  readonly saddr: string;
  readonly daddr: string;
  readonly options: Array<{ type: number; length: number; [k: string]: any }>;
}

export interface IPv6 extends Layer {
  readonly version: number;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly saddr: string;
  readonly daddr: string;
  readonly extensions: Array<{ [k: string]: any }>;
}

export interface Arp extends Layer {
  readonly htype: number;
  readonly ptype: number;
  readonly hlen: number;
  readonly plen: number;
  readonly operation: number;
  readonly sender_ha: string;
  readonly sender_pa: string;
  readonly target_ha: string;
  readonly target_pa: string;
}

export interface ICMP extends Layer {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  readonly id?: number;
  readonly sequence?: number;
  readonly description: string;
}

export interface ICMPv6 extends Layer {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  readonly id?: number;
  readonly sequence?: number;
  readonly [field: string]: any;
}

export interface IGMP extends Layer {
  readonly version: number;
  readonly type: number;
  readonly maxResponseTime: number;
  readonly checksum: number;
  readonly groupAddress: string;
  readonly [field: string]: any;
}

export interface TCPFlags {
  nonce: boolean;
  cwr: boolean;
  ece: boolean;
  urg: boolean;
  ack: boolean;
  psh: boolean;
  rst: boolean;
  syn: boolean;
  fin: boolean;
}

export interface TCPOptions {
  mss?: number;
  /** The shift count. */
  window_scale?: number;
  sack_ok?: boolean;
  sack?: Array<[number, number]>;
  timestamp?: number;
  echo?: number;
  /** Every option in order, unknown kinds as {kind, length, data}. */
  list: Array<{ kind: number; length: number; [k: string]: any }>;
  [k: string]: any;
}

export interface TCP extends Layer {
  readonly sport: number;
  readonly dport: number;
  readonly seqno: number;
  readonly ackno: number;
  readonly headerLength: number;
  readonly flags: TCPFlags;
  readonly windowSize: number;
  readonly checksum: number;
  readonly urgentPointer: number;
  readonly options: TCPOptions;
  readonly data: Buffer | null;
  readonly dataLength: number;
}

export interface UDP extends Layer {
  readonly sport: number;
  readonly dport: number;
  readonly length: number;
  readonly checksum: number;
  readonly data: Buffer | null;
  readonly dataLength: number;
}

export interface DNSResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl?: number;
  rdlength?: number;
  rdata?: any;
  [k: string]: any;
}

export interface DNS extends Layer {
  readonly id: number;
  readonly header: {
    isResponse: boolean;
    opcode: number;
    isAuthority: boolean;
    isTruncated: boolean;
    isRecursionDesired: boolean;
    isRecursionAvailable: boolean;
    /** node_pcap's spelling. */
    isRecursionAvailible: boolean;
    z: number;
    authenticatedData: boolean;
    checkingDisabled: boolean;
    responseCode: number;
  };
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
  readonly question: DNSResourceRecord[];
  readonly answer: DNSResourceRecord[];
  readonly authority: DNSResourceRecord[];
  readonly additional: DNSResourceRecord[];
}

/** A layer of any protocol; narrow it with `decoderName`. */
export type AnyLayer =
  | EthernetPacket
  | Vlan
  | LogicalLinkControl
  | SLLPacket
  | NullPacket
  | IPv4
  | IPv6
  | Arp
  | ICMP
  | ICMPv6
  | IGMP
  | TCP
  | UDP
  | DNS
  | (Layer & { readonly [field: string]: any });

export interface PcapHeader {
  tv_sec: number;
  tv_usec: number;
  caplen: number;
  len: number;
}

export declare class PcapPacket {
  link_type: LinkType;
  readonly pcap_header: PcapHeader;
  /** The length on the wire. */
  readonly wireLength: number;
  payload: AnyLayer | null;
  emitter?: EventEmitter;
  /** The simple_capture one-line summary. */
  toString(): string;
}

export interface DecodeOptions {
  /** Decode ports as a named protocol: {tcp: {8053: 'dns'}}; null turns a default off. */
  decodeAs?: { tcp?: Record<number, string | null>; udp?: Record<number, string | null> };
}

export interface Decode {
  (raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  packet(raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  decode(raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  PcapPacket: typeof PcapPacket;
  /** Adds a decoder to a dispatch table. */
  register(table: 'linkType' | 'ethertype' | 'ipProtocol' | 'udpPort' | 'tcpPort', key: number, layerClass: new () => any): void;
  tables: Record<'linkType' | 'ethertype' | 'ipProtocol' | 'udpPort' | 'tcpPort', Map<number, new () => any>>;
}

export declare const decode: Decode;
