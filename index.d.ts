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
  /**
   * Where timestamps come from (tcpdump -j). One the device does not offer is a warning, and the
   * capture uses the device's default. Default: the device's (usually 'host').
   */
  timestamp_type?: TimestampType;
  /**
   * The link-layer header to capture with (tcpdump -y): 'LINKTYPE_LINUX_SLL2', libpcap's
   * 'LINUX_SLL2', or a DLT number. On 'any', SLL2 carries each packet's interface index.
   * One the device does not offer throws ERR_PCAP_LINK_TYPE. Default: the device's first.
   */
  link_type?: LinkType | number;
}

export type TimestampType = 'host' | 'host_lowprec' | 'host_hiprec' | 'host_hiprec_unsynced' | 'adapter' | 'adapter_unsynced';

export interface OfflineSessionOptions {
  filter?: string;
  timestamp_precision?: 'micro' | 'nano';
}

export interface CaptureStats {
  ps_recv: number;
  ps_drop: number;
  ps_ifdrop: number;
  /** Present (true) on file sessions, whose counters are the packets emitted so far (those the filter passed) and zero drops. */
  offline?: boolean;
}

/** One captured packet, as given to 'packet' listeners. Made by sessions only. */
export declare class RawPacket {
  protected constructor();
  /** The captured bytes, exactly caplen long; stays valid after the listener returns. */
  buf: Buffer;
  /** node_pcap's 16-byte header: tv_sec, tv_usec, caplen, len (32-bit little-endian); a new Buffer on each read. */
  readonly header: Buffer;
  /** The session's, except in a pcapng file with interfaces of several link types: this packet's interface's. */
  link_type: LinkType;
  readonly caplen: number;
  readonly len: number;
  /** Seconds since the epoch (full range). */
  readonly ts_sec: number;
  readonly ts_usec: number;
  /** Nanoseconds within the second (nanosecond digits on 'nano' sessions). */
  readonly ts_nsec: number;
  /**
   * pcapng: the interface the packet came on, as its block gives it (an index into its section's
   * interfaces, in file order; tshark's frame.interface_id in a file of one section). 0 in a
   * pcap file and in a live capture.
   */
  readonly interface_id: number;
  /** What JSON.stringify shows: buf, header, link_type, then the lengths, time and interface. */
  toJSON(): { buf: Buffer; header: Buffer; link_type: LinkType; caplen: number; len: number; ts_sec: number; ts_usec: number; ts_nsec: number; interface_id: number };
}

/** node_pcap-style packet for decode.packet() when you build one yourself. */
export interface PacketWithHeader {
  buf: Buffer;
  /** node_pcap's 16-byte header; without one, the PcapPacket's pcap_header is undefined (and its wire length buf's). */
  header?: Buffer;
  link_type: LinkType;
}

/** A live or file capture; made by createSession() and createOfflineSession(). */
export declare class PcapSession extends EventEmitter {
  protected constructor();
  readonly is_live: boolean;
  readonly device_name?: string;
  readonly path?: string;
  readonly filter: string;
  /** Live sessions only (undefined on file sessions), as are buffer_timeout, promiscuous, is_monitor. */
  readonly buffer_size?: number;
  readonly buffer_timeout?: number;
  /** Live: what libpcap uses (it caps the option at 262144); a file: the file's. */
  readonly snap_length: number;
  readonly promiscuous?: boolean;
  readonly is_monitor?: boolean;
  readonly timestamp_precision: 'micro' | 'nano';
  readonly direction?: 'in' | 'out' | 'inout';
  /** Live: the timestamp_type in use as asked for; undefined when the device's default is used (none asked, or the device refused it). */
  readonly timestamp_type?: TimestampType;
  /** node_pcap's link-type name. */
  readonly link_type: LinkType;
  /** libpcap's DLT_ number. */
  readonly dlt: number;
  /** Live: the link types the device offers (each a value for options.link_type); undefined on file sessions. */
  readonly link_types?: LinkType[];
  /** Live: the timestamp types the device offers (libpcap 1.10 lists at least 'host'). Undefined on file sessions. */
  readonly timestamp_types?: TimestampType[];
  readonly opened: boolean;
  /** Packets emitted so far. */
  readonly packets_read: number;
  /** node_pcap's property, always ''. Write packets with createWriter(). */
  readonly outfile: string;

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
  /** Async iteration that holds the session paused while `highWaterMark` packets wait unread (apart from pause()). */
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

/**
 * Every code the library uses. The first four come on TypeError / RangeError (as Node's own
 * argument errors do), the others on PcapError.
 */
export type PcapErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_ILLEGAL_CONSTRUCTOR'
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
  | 'ERR_PCAP_WRITE'
  | 'ERR_PCAP_OFFLINE'
  | 'ERR_PCAP_CLOSED'
  | 'ERR_PCAP';

export declare class PcapError extends Error {
  /** `extra`'s properties (pcapStatus, device, path, filter, ...) are copied onto the error. */
  constructor(code: PcapErrorCode, message: string, extra?: Record<string, unknown>);
  code: PcapErrorCode;
  /** libpcap's status (PCAP_ERROR_*), when libpcap reported the error. */
  pcapStatus?: number;
  /** The libpcap call that failed. */
  pcapStage?: string;
  device?: string;
  path?: string;
  filter?: string;
  /** The link-layer type number on ERR_PCAP_LINK_TYPE (a file's, or the one a live session asked for). */
  dlt?: number;
  /** Live ERR_PCAP_LINK_TYPE: the link types the device offers. */
  linkTypes?: LinkType[];
  /** The fs error behind an ERR_PCAP_WRITE. */
  cause?: Error;
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

/** A string as `options` is the filter (node_pcap 0.x's second argument). */
export declare function createSession(device?: string | null, options?: LiveSessionOptions | string): PcapSession;
/**
 * Reads a pcap or pcapng file; `path` '-' reads standard input (not a terminal), e.g. from
 * `tcpdump -U -w -`. From a pipe, packets come as the writer sends them. A string as `options`
 * is the filter.
 */
export declare function createOfflineSession(path: string, options?: OfflineSessionOptions | string): PcapSession;
export declare function findalldevs(): Device[];
export declare const lib_version: string;
/**
 * Receives libpcap's warnings; default: process.emitWarning. To assign it from TypeScript, import
 * the module as a whole (`import pcap = require('pcap')`): ES namespace imports are read-only.
 */
export declare let warningHandler: (text: string) => void;
/** node_pcap's name of a DLT number ('LINKTYPE_<n>' for one without a name); ERR_OUT_OF_RANGE unless a whole number from 0 to 2^32-1. */
export declare function linkTypeName(dlt: number): LinkType;
/** The number of a name linkTypeName gives (a valid number as it is); undefined for anything else. */
export declare function linkTypeNumber(name: LinkType | number): number | undefined;

export interface WriterOptions {
  /** Link type as createSession takes it: a name as session.link_type gives it, libpcap's ('EN10MB', 'LINUX_SLL2') or a DLT number (take session.dlt). Default Ethernet; pcapng: the first packet's. */
  link_type?: LinkType | number;
  snap_length?: number;
  timestamp_precision?: 'micro' | 'nano';
  /** 'pcap' (default): one link type per file; 'pcapng': an interface per link type met (and per raw.interface_id). */
  format?: 'pcap' | 'pcapng';
}

/** node_pcap's packet shape, as the writer takes it (link_type not needed; when given, a pcap file's must be the file's). */
export interface PacketBytes {
  buf: Uint8Array;
  header?: Uint8Array;
  link_type?: LinkType | number;
  /** pcapng: packets with different ids (of one link type) go on different interfaces. */
  interface_id?: number;
}

export declare class PcapWriter {
  /** `path` '-' writes to standard output (not a terminal), which close() leaves open. */
  constructor(path: string, options?: WriterOptions);
  readonly path: string;
  readonly packets_written: number;
  readonly format: 'pcap' | 'pcapng';
  /** The file's link type (DLT number); pcapng: the first interface's, undefined before there is one. */
  readonly link_type: number | undefined;
  /** pcapng: each interface's link type as first given (a DLT number, or a LINKTYPE value), by interface id. */
  readonly link_types: number[];
  readonly snap_length: number;
  /** True when the file has nanosecond timestamps. */
  readonly nano: boolean;
  /**
   * Appends one packet; throws ERR_INVALID_ARG_VALUE for a packet of another link type than a
   * pcap file's (a pcapng file adds an interface), ERR_OUT_OF_RANGE for a time stamp the format
   * cannot hold, ERR_PCAP_WRITE when the file cannot be written, ERR_PCAP_CLOSED after close().
   */
  write(raw: RawPacket | PacketBytes): void;
  /**
   * Writes out what is buffered (ERR_PCAP_WRITE on failure: what was buffered is lost, and a part
   * that went out is taken back from a file, which still ends with a whole record).
   */
  flush(): void;
  /** Flushes and closes; idempotent (ERR_PCAP_WRITE on failure, the file is closed all the same). */
  close(): void;
}
/** `path` '-' writes to standard output (not a terminal), which close() leaves open. */
export declare function createWriter(path: string, options?: WriterOptions): PcapWriter;

export interface CompileFilterOptions {
  /** The link type to compile for, as createSession takes it. Default Ethernet. */
  link_type?: LinkType | number;
  /** Default 262144. */
  snap_length?: number;
}

/** A BPF instruction of a compiled filter; `text` is the line tcpdump -d prints. */
export interface BpfInstruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
  text: string;
}

/** A BPF filter compiled without a capture; made by compileFilter(). */
export declare class BpfFilter {
  protected constructor();
  readonly expression: string;
  readonly link_type: LinkType;
  readonly dlt: number;
  readonly snap_length: number;
  /**
   * Whether a packet passes, as a capture with this filter would decide. A packet of another link
   * type throws ERR_INVALID_ARG_VALUE; bare bytes are taken to be of the filter's link type.
   */
  matches(packet: RawPacket | PacketWithHeader | PacketBytes | Uint8Array): boolean;
  instructions(): BpfInstruction[];
  /** The program as tcpdump -d prints it. */
  toString(): string;
}
/** Compiles a filter (pcap-filter(7)) without a capture or root; ERR_PCAP_FILTER when it does not compile. */
export declare function compileFilter(expression: string, options?: CompileFilterOptions): BpfFilter;

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

/**
 * What every decoded layer has. Header fields are read from the packet bytes when asked: a field
 * whose bytes were not captured (see `truncated` and `error`) reads `undefined`, which the field
 * types below leave out so that well-formed packets need no checks.
 */
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
  /** Decodes the layer from buf[offset, end) (used by the dispatch tables); returns the layer. */
  decode(buf: Buffer | Uint8Array, offset: number, end: number, ctx?: PcapPacket): this;
}

/**
 * An address field node_pcap 3.x had as an object (Ethernet and 802.11 hosts, IP addresses, the
 * ARP addresses, IGMP's group, the SLL address). A String object holding the address text, so it
 * concatenates, prints, serialises and compares with `==` as the text does, plus node_pcap's
 * `addr`. Not a primitive: `===` against a string is false; `String(a)` gives the text.
 */
export declare class PacketAddress extends String {
  /** Decoders make them; one made by hand holds `text` as it is. */
  constructor(text?: string);
  /** The address bytes as numbers (node_pcap's field); a new array on each read. */
  readonly addr: number[];
}
/** A MAC address: `'00:1b:21:3a:4f:10'`, `addr` its 6 bytes. */
export declare class EthernetAddr extends PacketAddress {
  /** From its text, or as node_pcap made it: the 6 bytes at `offset` of `buf` ('' when they are not there). */
  constructor(text?: string);
  constructor(buf: Uint8Array, offset?: number);
}
/** An IPv4 address: `'10.0.0.1'`, `addr` its 4 bytes. */
export declare class IPv4Addr extends PacketAddress {
  /** node_pcap's `new IPv4Addr().decode(buf, offset)`: a new address read from the 4 bytes at `offset` ('' when they are not there). */
  decode(buf: Uint8Array, offset?: number): IPv4Addr;
}
/** An IPv6 address, compressed per RFC 5952: `'2001:db8::1'`, `addr` its 16 bytes. */
export declare class IPv6Addr extends PacketAddress {
  /** node_pcap's `new IPv6Addr().decode(buf, offset)`: a new address read from the 16 bytes at `offset` ('' when they are not there). */
  decode(buf: Uint8Array, offset?: number): IPv6Addr;
}
/** A Linux cooked-capture link-layer address: up to 8 bytes, colon-separated hex. */
export declare class SLLAddr extends PacketAddress {}

export interface EthernetPacket extends Layer {
  readonly dhost: EthernetAddr;
  readonly shost: EthernetAddr;
  /** The header's type field (0x8100 on tagged frames). */
  readonly ethertype: number;
  /** One tag, an array (outermost first) when stacked, null when untagged. */
  readonly vlan: Vlan | Vlan[] | null;
  /** 802.3 length field (802.3 frames only). */
  readonly length?: number;
  /** An 802.3 frame's LLC layer (the same object as payload). */
  readonly llc?: LogicalLinkControl;
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
  /** True for SNAP (DSAP and SSAP 0xaa): then oui and type are set. */
  readonly isSnap: boolean;
  readonly oui?: number;
  readonly type?: number;
}

export interface SLLPacket extends Layer {
  readonly packet_type: number;
  readonly address_type: number;
  readonly address_len: number;
  /** undefined when address_len is 0 (a netlink or tunnel interface, say). */
  readonly address?: SLLAddr;
  readonly ethertype: number;
  /** SLL2 only. */
  readonly interface_index?: number;
  /** SLL2 only. */
  readonly reserved?: number;
}

export interface NullPacket extends Layer {
  readonly pftype: number;
  /** The ethertype some captures write in place of an address family; undefined for a family. */
  readonly ethertype?: number;
}

export interface IPv4 extends Layer {
  readonly version: number;
  readonly headerLength: number;
  readonly diffserv: number;
  readonly dscp: number;
  readonly ecn: number;
  readonly length: number;
  readonly identification: number;
  readonly flags: { reserved: boolean; doNotFragment: boolean; moreFragments: boolean };
  /** True for any fragment (more-fragments set or offset non-zero). */
  readonly isFragment: boolean;
  /** The 13-bit field, in units of 8 bytes. */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly headerChecksum: number;
  readonly saddr: IPv4Addr;
  readonly daddr: IPv4Addr;
  /** {type, length, name, data} and what the type holds (value, addresses, entries, ...). */
  readonly options: Array<{ type: number; length: number; name?: string; data?: Buffer; value?: number; [k: string]: any }>;
  /** The bytes after the header (e.g. of a fragment), or null. */
  readonly data: Buffer | null;
}

export interface IPv6 extends Layer {
  readonly version: number;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly saddr: IPv6Addr;
  readonly daddr: IPv6Addr;
  /** The extension headers in order: {type, name, nextHeader, length, ...} (hop-by-hop and destination options: options; routing: segments...; fragment: offset, more, id). */
  readonly extensions: Array<{ type: number; name: string; nextHeader?: number; length?: number; /** The last header was cut short: it has what its captured bytes hold. */ truncated?: boolean; [k: string]: any }>;
  /** The upper-layer protocol after the extension headers. */
  readonly protocol: number;
  /** True when a fragment header was walked. */
  readonly isFragment: boolean;
  /** The bytes after the extension headers, or null. */
  readonly data: Buffer | null;
}

export interface Arp extends Layer {
  readonly htype: number;
  readonly ptype: number;
  readonly hlen: number;
  readonly plen: number;
  readonly operation: number;
  /** 'request', 'reply', ... ('unknown' for other values). */
  readonly operationName: string;
  /** An EthernetAddr when hlen is 6; other sizes as plain hex. */
  readonly sender_ha: PacketAddress;
  /** An IPv4Addr when plen is 4, an IPv6Addr when 16; other sizes as plain hex. */
  readonly sender_pa: PacketAddress;
  readonly target_ha: PacketAddress;
  readonly target_pa: PacketAddress;
}

export interface ICMP extends Layer {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  readonly id?: number;
  readonly sequence?: number;
  readonly description: string;
  /** Redirect (5). */
  readonly gateway?: string;
  /** Fragmentation needed (3/4). */
  readonly mtu?: number;
  /** Parameter problem (12). */
  readonly pointer?: number;
  /** RFC 4884 length of the quoted datagram (3, 11, 12). */
  readonly quotedLength?: number;
  /** Timestamp request/reply (13/14). */
  readonly originateTimestamp?: number;
  readonly receiveTimestamp?: number;
  readonly transmitTimestamp?: number;
  /** Address mask request/reply (17/18). */
  readonly addressMask?: string;
  /** Router advertisement (9). */
  readonly lifetime?: number;
  readonly routerAdvertisement?: { count: number; entrySize: number; lifetime: number; entries: Array<{ address: string; preference: number }> };
  /** The bytes after the 8-byte header (echo data, the quoted packet), or null. */
  readonly data: Buffer | null;
}

/** An IGMPv3 or MLDv2 report's group record. */
export interface GroupRecord {
  readonly type: number;
  /** 'MODE_IS_INCLUDE', 'CHANGE_TO_EXCLUDE_MODE', ... */
  readonly typeName: string;
  /** In 32-bit words. */
  readonly auxDataLength: number;
  readonly numberOfSources: number;
  readonly multicastAddress: string;
  readonly sources: string[];
  /** auxDataLength words of auxiliary data (an empty Buffer when there are none). */
  readonly auxData: Buffer;
  readonly [k: string]: any;
}

/** A Neighbor Discovery option: {type, name, length (bytes), data} and what the type holds (address, prefix, mtu, ...). */
export interface NdpOption {
  readonly type: number;
  readonly name: string;
  readonly length: number;
  readonly data: Buffer;
  readonly [k: string]: any;
}

export interface ICMPv6 extends Layer {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** 'Echo Request', 'Destination Unreachable (Port Unreachable)', ... */
  readonly description: string;
  /** Echo request/reply. */
  readonly id?: number;
  readonly sequence?: number;
  /** Packet too big (2). */
  readonly mtu?: number;
  /** Parameter problem (4). */
  readonly pointer?: number;
  /** Router advertisement (134). */
  readonly curHopLimit?: number;
  readonly routerLifetime?: number;
  readonly reachableTime?: number;
  readonly retransTimer?: number;
  /** Router advertisement: {managed, other, homeAgent, preference, proxy}; neighbor advertisement: {router, solicited, override}. */
  readonly flags?: { managed: boolean; other: boolean; homeAgent: boolean; preference: number; proxy: boolean } | { router: boolean; solicited: boolean; override: boolean };
  /** Neighbor solicitation/advertisement, redirect. */
  readonly targetAddress?: string;
  /** Redirect (137). */
  readonly destinationAddress?: string;
  /** Neighbor Discovery options (router/neighbor solicitation and advertisement, redirect). */
  readonly options?: NdpOption[];
  /** MLD (130-132): the field as written (ms; an MLDv2 query's raw code). */
  readonly maxResponseDelay?: number;
  /** MLD (130-132): the delay in ms, an MLDv2 query's floating-point code expanded (RFC 3810 §5.1.3). */
  readonly maxResponseMilliseconds?: number;
  readonly multicastAddress?: string;
  /** MLDv2 query. */
  readonly query?: { suppress: boolean; qrv: number; qqic: number; numberOfSources: number; sources: string[] };
  /** MLDv2 report (143). */
  readonly records?: GroupRecord[];
  /** The bytes after the first 8 (echo data, the quoted packet), or null. */
  readonly data: Buffer | null;
}

export interface IGMP extends Layer {
  /** 1, 2 or 3 for queries and reports (RFC 3376 §7.1); undefined for other types (RGMP, DVMRP, ...). */
  readonly version?: number;
  readonly type: number;
  /** 'Membership Query', 'Leave Group', ... or 'type N'. */
  readonly description: string;
  /** The max response byte as sent (v2: tenths of a second; v3 query: the Max Resp Code). */
  readonly maxResponseTime: number;
  /** The max response time in tenths of a second (a v3 code's floating-point form expanded). */
  readonly maxResponseDeciseconds?: number;
  readonly checksum: number;
  /** undefined for a v3 report without records. */
  readonly groupAddress?: IPv4Addr;
  /** v3 query: suppress flag (S), robustness variable, query interval code, its sources. */
  readonly suppress?: boolean;
  readonly qrv?: number;
  readonly qqic?: number;
  readonly numberOfSources?: number;
  readonly sources?: string[];
  /** v3 report. */
  readonly records?: GroupRecord[];
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

/** Each named option is null when the segment does not carry it (as node_pcap 3.x). */
export interface TCPOptions {
  mss: number | null;
  /** The shift count. */
  window_scale: number | null;
  sack_ok: boolean | null;
  sack: Array<[number, number]> | null;
  timestamp: number | null;
  echo: number | null;
  /** TCP MD5 signature (RFC 2385): the digest. */
  md5: Buffer | null;
  /** User timeout (RFC 5482). */
  userTimeout: { granularity: 'seconds' | 'minutes'; timeout: number } | null;
  /** TCP Fast Open (RFC 7413; experimental: the 254/0xF989 form): an empty cookie asks for one. */
  tfo: { cookie: Buffer; experimental?: boolean } | null;
  /** The first MPTCP option (RFC 8684). */
  mptcp: { kind: 30; length: number; subtype: number; subtypeName: string | null; data: Buffer; version?: number } | null;
  /** Why the option list stopped early (a bad length), or null. */
  error: string | null;
  /**
   * Every option in order, each {kind, length} plus its own fields: mss; shift (window scale);
   * blocks (SACK, [left, right] pairs); value and echo (timestamps); digest (MD5); granularity and
   * timeout; cookie (TFO); subtype, subtypeName, version, data (MPTCP); exid and data (experimental);
   * data for unknown kinds.
   */
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
  /** The 12 flag bits as a number (reserved bits, AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN). */
  readonly flagsValue: number;
  readonly windowSize: number;
  readonly checksum: number;
  readonly urgentPointer: number;
  readonly options: TCPOptions;
  /** The captured payload bytes (a view into the packet). */
  readonly data: Buffer | null;
  /** The segment's payload size per the IP length, also when the snap length cut it. */
  readonly dataLength: number;
}

export interface UDP extends Layer {
  readonly sport: number;
  readonly dport: number;
  readonly length: number;
  readonly checksum: number;
  /** The captured payload bytes (a view into the packet). */
  readonly data: Buffer | null;
  /** The datagram's payload size per its UDP and IP lengths, also when the snap length cut it. */
  readonly dataLength: number;
}

export interface DNSResourceRecord {
  name: string;
  type: number;
  class: number;
  /** mDNS question: the unicast-response bit (taken out of class). */
  qu?: boolean;
  /** mDNS record: the cache-flush bit (taken out of class). */
  cacheFlush?: boolean;
  ttl?: number;
  rdlength?: number;
  rdata?: any;
  [k: string]: any;
}

export interface DNS extends Layer {
  readonly id: number;
  /** The 16-bit flags word. */
  readonly flags: number;
  /** Which port's protocol this message was decoded as. */
  readonly protocol: 'dns' | 'mdns' | 'llmnr';
  /** Over TCP: the message's length prefix; undefined over UDP. */
  readonly messageLength?: number;
  /** Messages that start in this TCP segment (1 over UDP); only the first is decoded. */
  readonly messageCount: number;
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
    /** LLMNR (RFC 4795): the C bit, where DNS has AA (isAuthority). */
    conflict?: boolean;
    /** LLMNR: the T bit, where DNS has RD (isRecursionDesired). */
    tentative?: boolean;
  };
  /**
   * The response code: header.responseCode under the upper 8 bits of an OPT record's TTL (EDNS):
   * 16 BADVERS, 23 BADCOOKIE, ... undefined without a header.
   */
  readonly rcode?: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
  readonly question: DNSResourceRecord[];
  readonly answer: DNSResourceRecord[];
  readonly authority: DNSResourceRecord[];
  readonly additional: DNSResourceRecord[];
}

/** TLS records starting in a TCP segment (decoderName 'tls'); nothing is decrypted. */
export interface TLS extends Layer {
  /** The first record's content type (22 handshake, 23 application data, ...); undefined on a continuation. */
  readonly contentType?: number;
  readonly version?: number;
  /**
   * True when the bytes do not start with a record header. A TCP segment in the middle of a long
   * record gets no TLS layer at all; this is for decode.layer('tls', bytes).
   */
  readonly continuation: boolean;
  readonly records: { contentType: number; version: number; length: number }[];
  /** The first handshake message's type (1 ClientHello, 2 ServerHello, ...). */
  readonly handshakeType?: number;
  readonly helloVersion?: number;
  /** A ServerHello that is a TLS 1.3 HelloRetryRequest. */
  readonly helloRetryRequest?: boolean;
  /** ClientHello: the server name asked for (SNI). */
  readonly serverName?: string;
  /** ClientHello: the protocols offered; ServerHello: the one chosen. */
  readonly alpn?: string[];
  readonly supportedVersions?: number[];
  /** ClientHello: the suites offered. */
  readonly cipherSuites?: number[];
  /** ServerHello: the suite chosen. */
  readonly cipherSuite?: number;
  /** A plaintext alert record. */
  readonly alert?: { level: number; description: number };
}

/** A DHCP option as on the wire (pad and end left out). */
export interface DhcpOption {
  readonly code: number;
  /** A snake-case name after RFC 2132's ('requested_ip_address', ...), or 'option_<code>'. */
  readonly name: string;
  readonly length: number;
  /** The option's bytes (a view into the packet). */
  readonly data: Buffer;
  /** Read as its type says: an address, a list of addresses, a number, text, a list of codes,
   * {type, identifier} (61), {flags, name, partial} (81; partial: a host name without its domain), sub-options (82), domain names (119); else the bytes. */
  readonly value: unknown;
}

/** DHCP or plain BOOTP on UDP 67/68 (decoderName 'dhcp'). */
export interface DHCP extends Layer {
  /** 1 BOOTREQUEST, 2 BOOTREPLY. */
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number;
  readonly secs: number;
  readonly flags: number;
  readonly broadcast: boolean;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** The client's hardware address, hlen bytes (at most the field's 16) as colon-separated hex. */
  readonly chaddr: string;
  /** Text up to the first NUL; null when option 52 says the field holds options. */
  readonly sname: string | null;
  readonly file: string | null;
  /** False for plain BOOTP (no DHCP magic cookie). */
  readonly magicCookie: boolean;
  /** Options field, then `file` and `sname` when overloaded. */
  readonly options: DhcpOption[];
  /** Option 53: 1 discover ... 8 inform. */
  readonly messageType?: number;
  readonly messageTypeName?: string;
  readonly requestedAddress?: string;
  readonly serverIdentifier?: string;
  /** Seconds. */
  readonly leaseTime?: number;
  readonly subnetMask?: string;
  readonly routers?: string[];
  readonly dnsServers?: string[];
  readonly hostname?: string;
  readonly domainName?: string;
  readonly parameterRequestList?: number[];
  readonly clientIdentifier?: { type: number; identifier: string };
  readonly vendorClassIdentifier?: string;
  /** The value of option `code`, its parts joined when it was split (RFC 3396). */
  option(code: number): unknown;
}

/**
 * A DHCPv6 option as on the wire. `value` is read as its type says: a DUID as colon-separated hex,
 * {iaid, t1, t2, options} (IA_NA, IA_PD), {address, preferredLifetime, validLifetime, options},
 * {prefix, prefixLength, ...}, {code, name, message} (status), {flags, name, partial} (client FQDN,
 * 39; partial: a host name without its domain), addresses, names, numbers, the
 * relayed DHCPv6 layer (a relay's Relay Message option: the same object as its payload); else
 * the bytes.
 */
export type Dhcpv6Option = DhcpOption;

/** DHCPv6 on UDP 546/547 (decoderName 'dhcpv6'). A relay message's `payload` is the message it relays. */
export interface DHCPv6 extends Layer {
  readonly messageType: number;
  /** 'solicit', 'advertise', 'request', 'reply', 'relay-forw', ... */
  readonly messageTypeName: string;
  /** Client/server messages. */
  readonly transactionId?: number;
  /** Relay messages. */
  readonly hopCount?: number;
  readonly linkAddress?: string;
  readonly peerAddress?: string;
  readonly options: Dhcpv6Option[];
  readonly clientId?: string;
  readonly serverId?: string;
  /** Every IA_NA / IA_TA address. */
  readonly addresses?: string[];
  /** Every IA_PD prefix as 'prefix/length'. */
  readonly prefixes?: string[];
  readonly dnsServers?: string[];
  readonly domainSearch?: string[];
  readonly statusCode?: { code: number; name: string; message: string };
  /** Hundredths of a second. */
  readonly elapsedTime?: number;
  readonly optionRequest?: number[];
  /** The value of the first option `code`. */
  option(code: number): unknown;
}

/** One PostgreSQL message (the fields besides type, name and length depend on the type). */
export interface PgsqlMessage {
  /** The type byte as a character ('Q', 'T', ...), or 'startup', 'ssl_request', 'gssenc_request', 'cancel_request', 'ssl_response' (the server's one byte, `answer`, to SSLRequest or GSSENCRequest). */
  readonly type: string;
  /** 'Query', 'RowDescription', 'DataRow', 'CommandComplete', 'ErrorResponse', ... */
  readonly name: string;
  readonly length: number;
  /** The message goes on in the next segment. */
  readonly partial?: boolean;
  readonly query?: string;
  readonly statement?: string;
  readonly portal?: string;
  readonly tag?: string;
  readonly status?: string;
  readonly authType?: number;
  readonly authName?: string;
  readonly mechanisms?: string[];
  readonly mechanism?: string;
  readonly parameters?: Record<string, string | undefined>;
  readonly parameter?: string;
  readonly value?: string;
  readonly pid?: number;
  /** BackendKeyData, CancelRequest: the cancel key as hex (4 bytes in protocol 3.0, up to 256 in 3.2). */
  readonly key?: string;
  readonly channel?: string;
  readonly payload?: string;
  /** StartupMessage: the protocol version asked for. */
  readonly version?: { major: number; minor: number };
  /** The server's answer to SSLRequest/GSSENCRequest ('S', 'N', 'G'), and whether it accepted. */
  readonly answer?: string;
  readonly accepted?: boolean;
  /** Describe, Close: 'statement' or 'portal', and its name. */
  readonly target?: string;
  readonly targetName?: string;
  /** Execute: the row limit (0: all). */
  readonly maxRows?: number;
  /** RowDescription: the columns; ErrorResponse/NoticeResponse: {severity, code, message, detail, hint, ...}. */
  readonly fields?: { name: string; tableOid: number; column: number; typeOid: number; typeLength: number; typeModifier: number; format: number }[] | Record<string, string>;
  /** DataRow: each column's bytes, null for SQL NULL. */
  readonly values?: (Buffer | null)[];
  [more: string]: unknown;
}

/** PostgreSQL's protocol on TCP 5432 (decoderName 'pgsql'): the messages that start in a segment. */
export interface PostgreSQL extends Layer {
  /** Sent to the server (the port that chose the decoder); decode.layer guesses. */
  readonly fromClient: boolean;
  /** The bytes do not start with a message (a TCP segment that does not gets no layer; decode.layer, or decodeAs on UDP, give one). */
  readonly continuation: boolean;
  readonly messages: PgsqlMessage[];
  /** The SQL of the first Query or Parse. */
  readonly query?: string;
  readonly commandTags?: string[];
  readonly errorResponse?: Record<string, string>;
  readonly rowCount?: number;
}

/** One RESP value. */
export interface RespValue {
  /** 'simple', 'error', 'integer', 'bulk', 'array', 'null', 'boolean', 'double', 'bignum', 'verbatim', 'map', 'set', 'push', 'attribute', 'blob_error', 'inline'. */
  readonly type: string;
  /** Text, a number, a string (bignum, integers past 2^53, doubles inf/nan or past the double range), true/false, null, or the values an aggregate holds (a map's as key, value, ...). */
  readonly value: string | number | boolean | null | RespValue[] | undefined;
  /** Bulk strings: their length in bytes; aggregates: how many values they hold (a map: twice its count); RESP2's $-1 / *-1: -1; absent when the segment cut the header. */
  readonly length?: number;
  /** Verbatim strings: the format ('txt', 'mkd'); `value` is the text after it. */
  readonly format?: string;
  /** The RESP3 attribute (key, value, ...) that annotated this value. */
  readonly attributes?: RespValue[];
  /** Inline commands: the words (quoted ones as redis-cli reads them). */
  readonly words?: string[];
  /** RESP2's null: 'bulk' ($-1) or 'array' (*-1). */
  readonly from?: 'bulk' | 'array';
  /** It goes on in the next segment. */
  readonly partial?: boolean;
}

/** Redis's RESP on TCP 6379 (decoderName 'resp'): the values that start in a segment. */
export interface RESP extends Layer {
  /** Sent to the server (commands); decode.layer guesses. */
  readonly fromClient: boolean;
  readonly continuation: boolean;
  readonly values: RespValue[];
  /** Client: each command as its words (['SET', 'key', 'value']); one the segment cuts has the words it holds. */
  readonly commands?: string[][];
  /** Client: the first command's name, upper case. */
  readonly command?: string;
}

/** One MySQL packet (the fields besides length, number and kind depend on the kind). */
export interface MysqlPacket {
  /** The payload's length (the 4-byte header not counted). */
  readonly length: number;
  /** The sequence id. */
  readonly number: number;
  /**
   * Client: 'command', 'login', 'ssl_request', 'data' (an authentication reply or LOAD DATA LOCAL bytes).
   * Server: 'handshake', 'ok', 'error', 'progress' (MariaDB), 'eof', 'result', 'column', 'row', 'prepare_ok',
   * 'auth_switch', 'auth_more_data', 'local_infile'. 'unknown' when the segment ends right after its header.
   */
  readonly kind: string;
  /** It goes on in the next segment. */
  readonly partial?: boolean;
  /** command: the command byte and its name ('COM_QUERY', ...). */
  readonly command?: number;
  readonly commandName?: string;
  /** COM_QUERY, COM_STMT_PREPARE: the SQL. */
  readonly query?: string;
  /** COM_QUERY: MySQL 8's query attributes (name: value). */
  readonly queryAttributes?: Record<string, number | string | null>;
  /** COM_INIT_DB, COM_CREATE_DB, COM_DROP_DB, login: the database; ok: the database a statement moved to (session tracking); column: its schema. */
  readonly schema?: string;
  /** COM_STMT_*: the statement; prepare_ok: the one the server made. */
  readonly statementId?: number;
  /** COM_FIELD_LIST, column: the table. */
  readonly table?: string;
  /** COM_CHANGE_USER, login: the user. */
  readonly user?: string;
  /** handshake, COM_PROCESS_KILL: the connection (thread) id. */
  readonly connectionId?: number;
  /** handshake, login, ssl_request: the capability flags (MariaDB's own in mariadbCapabilities). */
  readonly capabilities?: number;
  readonly mariadbCapabilities?: number;
  readonly charset?: number;
  readonly maxPacketSize?: number;
  /** handshake, login, auth_switch: the authentication plugin. */
  readonly authPlugin?: string;
  /** login: the connection attributes (_client_name, ...). */
  readonly attributes?: Record<string, string>;
  readonly protocolVersion?: number;
  readonly serverVersion?: string;
  /** handshake, ok, eof: the server status flags. */
  readonly status?: number;
  /** ok: rows changed, the AUTO_INCREMENT id made, and the server's text ("Rows matched: 1 ..."). */
  readonly affectedRows?: number;
  readonly insertId?: number;
  readonly info?: string;
  /** ok: true for the OK (0xfe) that ends rows in the EOF's place (CLIENT_DEPRECATE_EOF). */
  readonly endsRows?: boolean;
  readonly warnings?: number;
  /** error: the error number, the SQLSTATE and the text. */
  readonly code?: number;
  readonly sqlState?: string;
  readonly message?: string;
  /** result, prepare_ok: how many columns; prepare_ok: how many parameters. */
  readonly columnCount?: number;
  readonly paramCount?: number;
  /** column: the names, type, flags and sizes of a column definition. */
  readonly orgTable?: string;
  readonly name?: string;
  readonly orgName?: string;
  readonly columnLength?: number;
  readonly type?: number;
  /** column: its flags; COM_STMT_EXECUTE: the cursor flags. */
  readonly flags?: number;
  readonly decimals?: number;
  /** COM_STMT_EXECUTE: how many times (1). */
  readonly iterations?: number;
  /** local_infile: the file the server asks for. */
  readonly filename?: string;
  [more: string]: unknown;
}

/** MySQL's (and MariaDB's) protocol on TCP 3306 (decoderName 'mysql'): the packets that start in a segment. */
export interface MySQL extends Layer {
  /** Sent to the server (the port that chose the decoder); decode.layer guesses. */
  readonly fromClient: boolean;
  /** The bytes do not start with packets (a TCP segment that does not gets no layer; then `packets` is empty). */
  readonly continuation: boolean;
  readonly packets: MysqlPacket[];
  /** Client: the first command's name ('COM_QUERY', ...). */
  readonly command?: string;
  /** The SQL of the first COM_QUERY or COM_STMT_PREPARE. */
  readonly query?: string;
  /** Server: the first error packet. */
  readonly serverError?: { code?: number; sqlState?: string; message?: string };
  /** Server: how many row packets start here. */
  readonly rowCount?: number;
}

/** One MQTT control packet (the fields besides type, typeName, flags and length depend on the type). */
export interface MqttPacket {
  /** 1 CONNECT ... 15 AUTH. */
  readonly type: number;
  readonly typeName: 'CONNECT' | 'CONNACK' | 'PUBLISH' | 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP' | 'SUBSCRIBE' | 'SUBACK' | 'UNSUBSCRIBE' | 'UNSUBACK' | 'PINGREQ' | 'PINGRESP' | 'DISCONNECT' | 'AUTH';
  /** The fixed header's low 4 bits. */
  readonly flags: number;
  /** The remaining length (the bytes after the fixed header). */
  readonly length: number;
  /** It goes on in the next segment. */
  readonly partial?: boolean;
  /**
   * 4 (3.1.1; also 3.1's CONNECT) or 5, when the packet's bytes (or another packet of its segment)
   * tell; undefined when both readings fit: then a PUBLISH whose bytes after the topic begin with a
   * zero byte is read as 5 without properties, and a SUBACK as 3.1.1.
   */
  readonly version?: 4 | 5;
  /** PUBLISH: its flags. */
  readonly dup?: boolean;
  readonly qos?: number;
  readonly retain?: boolean;
  /** CONNECT: 'MQTT' (or 3.1's 'MQIsdp') and the level (3, 4, 5). */
  readonly protocolName?: string;
  readonly protocolVersion?: number;
  readonly connectFlags?: { username: boolean; password: boolean; willRetain: boolean; willQos: number; will: boolean; cleanSession: boolean };
  readonly keepAlive?: number;
  readonly clientId?: string;
  readonly will?: { topic: string; payload: Buffer; properties?: MqttProperties };
  readonly username?: string;
  /** Binary data (often text). */
  readonly password?: Buffer;
  /** CONNECT: a mosquitto bridge's (protocolVersion with 0x80 set). */
  readonly bridge?: boolean;
  /** CONNACK. */
  readonly sessionPresent?: boolean;
  /** CONNACK (3.1.1). */
  readonly returnCode?: number;
  /** Version 5: CONNACK, acknowledgements, DISCONNECT, AUTH. */
  readonly reasonCode?: number;
  /** Version 5's properties. */
  readonly properties?: MqttProperties;
  /** PUBLISH. */
  readonly topic?: string;
  /** PUBLISH (QoS 1 and 2), acknowledgements, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK. */
  readonly packetId?: number;
  /** PUBLISH: the payload bytes the segment holds, and the whole payload's length (both undefined when the segment cuts 5's property list). */
  readonly payload?: Buffer;
  readonly payloadLength?: number;
  /** SUBSCRIBE. */
  readonly subscriptions?: { topic: string; qos: number; noLocal?: boolean; retainAsPublished?: boolean; retainHandling?: number }[];
  /** SUBACK. */
  readonly returnCodes?: number[];
  /** UNSUBSCRIBE. */
  readonly topics?: string[];
  /** UNSUBACK (version 5). */
  readonly reasonCodes?: number[];
}

/** MQTT 5 properties by name; userProperty as [key, value] pairs, subscriptionIdentifier as a list, binary data as Buffers. */
export interface MqttProperties {
  readonly userProperty?: [string, string][];
  readonly subscriptionIdentifier?: number[];
  readonly [name: string]: number | string | Buffer | [string, string][] | number[] | undefined;
}

/** MQTT 3.1, 3.1.1 and 5 on TCP 1883 (decoderName 'mqtt'): the control packets that start in a segment. */
export interface MQTT extends Layer {
  /** Sent to the broker (the port that chose the decoder); decode.layer guesses. */
  readonly fromClient: boolean;
  /** The bytes do not start with packets (a TCP segment that does not gets no layer; then `packets` is empty). */
  readonly continuation: boolean;
  readonly packets: MqttPacket[];
  /** The first PUBLISH's topic. */
  readonly topic?: string;
}

// ---------------------------------------------------------------- tunnels

/** GRE (decoderName 'gre'): version 0, or 1 (PPTP's enhanced GRE). */
export interface GRE extends Layer {
  readonly version: number;
  readonly flags: { checksum: boolean; routing: boolean; key: boolean; sequence: boolean; strictSourceRoute: boolean; ack: boolean };
  /** The payload's ethertype. */
  readonly protocol: number;
  readonly checksum?: number;
  readonly offset?: number;
  /** Version 0 with the key bit. */
  readonly key?: number;
  /** Version 1: the halves of its key field. */
  readonly payloadLength?: number;
  readonly callId?: number;
  readonly sequence?: number;
  readonly ack?: number;
  readonly headerLength?: number;
}

/** VXLAN (decoderName 'vxlan'); payload is the inner Ethernet frame. */
export interface VXLAN extends Layer {
  readonly flags: number;
  readonly vni: number;
}

export interface GeneveOption {
  class: number;
  type: number;
  critical: boolean;
  /** Bytes of data (the option header's length field times 4). */
  length: number;
  data: Buffer;
}

/** Geneve (decoderName 'geneve'). */
export interface Geneve extends Layer {
  readonly version: number;
  /** Bytes of options. */
  readonly optionsLength: number;
  readonly oam: boolean;
  readonly critical: boolean;
  readonly protocol: number;
  readonly vni: number;
  readonly options: GeneveOption[];
}

export interface MplsLabel {
  label: number;
  tc: number;
  bottom: boolean;
  ttl: number;
}

/** MPLS label stack (decoderName 'mpls'); payload is IPv4 or IPv6 by the first nibble, or null. */
export interface MPLS extends Layer {
  readonly labels: MplsLabel[];
  readonly label: number;
  readonly tc: number;
  readonly ttl: number;
}

/** Radiotap (decoderName 'radio-packet', node_pcap's name); payload (also ieee802_11Frame) is the 802.11 frame. Absent fields are undefined. */
export interface RadioPacket extends Layer {
  readonly headerRevision: number;
  readonly headerPad: number;
  /** The whole radiotap header, fields included. */
  readonly headerLength: number;
  /** The presence words, extended ones too; [] when the version is not 0 or the words run past the header. */
  readonly present: number[];
  /** node_pcap's booleans of the first presence word ({tsft, flags, rate, channel, ...}). */
  readonly presentFields?: Record<string, boolean>;
  /** 0x10: FCS at the end, 0x20: data padding, 0x40: bad FCS. */
  readonly flags?: number;
  readonly fcs?: boolean;
  /** Microseconds (exact up to 2^53). */
  readonly tsft?: number;
  /** Legacy rate in Mb/s. */
  readonly rate?: number;
  /** MHz. */
  readonly frequency?: number;
  readonly channelFlags?: number;
  readonly fhss?: { hopSet: number; hopPattern: number };
  /** dBm. */
  readonly signalStrength?: number;
  readonly signalNoise?: number;
  readonly lockQuality?: number;
  readonly txAttenuation?: number;
  readonly dbTxAttenuation?: number;
  readonly dbmTxPower?: number;
  readonly antenna?: number;
  readonly dbAntennaSignal?: number;
  readonly dbAntennaNoise?: number;
  readonly rxFlags?: number;
  readonly txFlags?: number;
  readonly rtsRetries?: number;
  readonly dataRetries?: number;
  readonly xchannel?: { flags: number; frequency: number; channel: number; maxPower: number };
  readonly mcs?: { known: number; flags: number; index: number };
  readonly ampdu?: { reference: number; flags: number; delimiterCrc: number };
  readonly vht?: { known: number; flags: number; bandwidth: number; mcsNss: number[]; coding: number; groupId: number; partialAid: number };
  readonly timestamp?: { timestamp: number; accuracy: number; unitPosition: number; flags: number };
  readonly he?: { data1: number; data2: number; data3: number; data4: number; data5: number; data6: number };
  readonly heMu?: { flags1: number; flags2: number; ruChannel1: number[]; ruChannel2: number[] };
  readonly zeroLengthPsdu?: number;
  readonly lsig?: { data1: number; data2: number };
  /** The 802.11 frame (the same object as payload). */
  readonly ieee802_11Frame: RadioFrame | null;
}

/** One 802.11 information element: {typeId, type, length, value} and, by type, ssid, rates or channel. */
export interface RadioTag {
  readonly typeId: number;
  readonly type: string;
  readonly length: number;
  readonly value: Buffer;
  readonly ssid?: string;
  readonly rates?: number[];
  readonly channel?: number;
}

/** An 802.11 frame (decoderName 'radio-frame', node_pcap's name). Addresses by frame type and ToDS/FromDS; undefined when the frame has none. */
export interface RadioFrame extends Layer {
  /** The two frame-control bytes, little-endian (node_pcap). */
  readonly frameControl: number;
  readonly version: number;
  /** 0 management, 1 control, 2 data, 3 extension. */
  readonly type: number;
  readonly subType: number;
  readonly flags: { raw: number; toDS: boolean; fromDS: boolean; moreFrag: boolean; retry: boolean; powerMgmt: boolean; moreData: boolean; protected: boolean; order: boolean; moreFragments: boolean; isRetry: boolean; encrypted: boolean; ordered: boolean };
  readonly duration: number;
  readonly ra?: EthernetAddr;
  readonly ta?: EthernetAddr;
  readonly da?: EthernetAddr;
  readonly sa?: EthernetAddr;
  readonly bssid?: EthernetAddr;
  /** node_pcap: da, else ra; sa, else ta. */
  readonly dhost?: EthernetAddr;
  readonly shost?: EthernetAddr;
  /** The sequence-control field, and its sequence and fragment numbers. */
  readonly fragSeq?: number;
  readonly seq?: number;
  readonly frag?: number;
  /** QoS data frames: QoS control, its TID and A-MSDU bit. */
  readonly qos?: number;
  readonly tid?: number;
  readonly amsdu?: boolean;
  readonly htControl?: number;
  /** A control wrapper's (control subtype 7) frame control of the frame it carries; it has no ta. */
  readonly carriedFrameControl?: number;
  readonly headerLength: number;
  /** When radiotap said the frame ends with one and all 4 bytes were captured (little-endian). */
  readonly fcs?: number;
  /** Beacons, probe responses and timing advertisements. */
  readonly timestamp?: number;
  /** Beacons and probe responses. */
  readonly beaconInterval?: number;
  /** Beacons, probe responses, timing advertisements and (re)association frames. */
  readonly capability?: number;
  /** Management frames' information elements. */
  readonly tags?: RadioTag[];
  readonly ssid?: string;
  /** Mb/s. */
  readonly rates?: number[];
  readonly channel?: number;
  /** node_pcap's {tags} objects of beacons and probe requests. */
  readonly beacon?: { tags: RadioTag[] };
  readonly probe?: { tags: RadioTag[] };
  /** A data frame's LLC layer (the same object as payload). */
  readonly llc?: LogicalLinkControl;
}

/** Raw IP carrier (decoderName 'raw'): normally replaced by the IP layer itself; kept when the version nibble is neither 4 nor 6. */
export interface RawIpPacket extends Layer {
  readonly version: number;
}

/** PPP (decoderName 'ppp'). */
export interface PPP extends Layer {
  /** Cisco HDLC framing (then `protocol` is an ethertype). */
  readonly ciscoHdlc: boolean;
  readonly protocol: number;
  /** 'IPv4', 'LCP', ... or undefined. */
  readonly protocolName?: string;
  readonly headerLength: number;
}

/** PPPoE (decoderName 'pppoe'): discovery (tags) or session (payload PPP). */
export interface PPPoE extends Layer {
  readonly version: number;
  readonly type: number;
  readonly code: number;
  /** 'session', 'PADI', 'PADO', 'PADR', 'PADS', 'PADT' or undefined. */
  readonly codeName?: string;
  readonly sessionId: number;
  readonly length: number;
  /** Discovery packets only. */
  readonly tags?: { type: number; length: number; value: Buffer }[];
}

/** A layer of any protocol: check `decoderName` (e.g. 'tcp'), then cast to its interface. */
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
  | TLS
  | DHCP
  | DHCPv6
  | PostgreSQL
  | MySQL
  | MQTT
  | RESP
  | GRE
  | VXLAN
  | Geneve
  | MPLS
  | PPP
  | PPPoE
  | RadioPacket
  | RadioFrame
  | RawIpPacket
  | (Layer & { readonly [field: string]: any });

export interface PcapHeader {
  tv_sec: number;
  tv_usec: number;
  caplen: number;
  len: number;
}

/** The root of a decoded packet (node_pcap's PcapPacket); decode.packet() makes one. */
export declare class PcapPacket {
  /** `emitter` gets one event per decoded layer (node_pcap); see DecodeOptions. */
  constructor(emitter?: EventEmitter | null, options?: DecodeOptions);
  /** Decodes `raw` into this packet; never throws. */
  decode(raw: RawPacket | PacketWithHeader): this;
  link_type: LinkType;
  /** undefined when a node_pcap-style packet has no 16-byte header. */
  readonly pcap_header: PcapHeader | undefined;
  /** The length on the wire. */
  readonly wireLength: number;
  payload: AnyLayer | null;
  emitter?: EventEmitter;
  options?: DecodeOptions;
  /** Offset of the packet's first byte in the buffer its layers read. */
  readonly base: number;
  readonly decoderName: 'pcap-packet';
  /** false: the packet itself emits no event on decode (its layers do, as in node_pcap). */
  readonly eventsOnDecode: false;
  readonly error: LayerError | null;
  readonly truncated: boolean;
  /** The simple_capture one-line summary. */
  toString(): string;
  toJSON(): object;
  /** The fields toJSON() and util.inspect list: ['link_type', 'pcap_header']. */
  static readonly fields: readonly string[];
}

export interface DecodeOptions {
  /** Decode ports as a named protocol: {tcp: {8053: 'dns'}}; null turns a default off (and, on TCP, the TLS hello heuristic). */
  decodeAs?: { tcp?: Record<number, string | null | false>; udp?: Record<number, string | null | false> };
}

export interface Decode {
  (raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  packet(raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  decode(raw: RawPacket | PacketWithHeader, emitter?: EventEmitter | null, options?: DecodeOptions): PcapPacket;
  PcapPacket: typeof PcapPacket;
  /** The address classes (for instanceof). */
  PacketAddress: typeof PacketAddress;
  EthernetAddr: typeof EthernetAddr;
  IPv4Addr: typeof IPv4Addr;
  IPv6Addr: typeof IPv6Addr;
  SLLAddr: typeof SLLAddr;
  /** node_pcap's header class: {tv_sec, tv_usec, caplen, len}. */
  PcapHeader: new (tv_sec: number, tv_usec: number, caplen: number, len: number) => PcapHeader;
  /**
   * Decodes bytes as one protocol, named as a layer's decoderName ('dns', 'ipv4', 'tcp', ... and
   * 'mdns', 'llmnr'): a DNS message from a reassembled TCP stream, say. Never throws on the bytes.
   */
  layer(name: 'dns' | 'mdns' | 'llmnr', buf: Buffer | Uint8Array): DNS;
  layer(name: 'tls', buf: Buffer | Uint8Array): TLS;
  layer(name: 'dhcp', buf: Buffer | Uint8Array): DHCP;
  layer(name: 'dhcpv6', buf: Buffer | Uint8Array): DHCPv6;
  layer(name: 'pgsql', buf: Buffer | Uint8Array): PostgreSQL;
  layer(name: 'mysql', buf: Buffer | Uint8Array): MySQL;
  layer(name: 'mqtt', buf: Buffer | Uint8Array): MQTT;
  layer(name: 'resp', buf: Buffer | Uint8Array): RESP;
  layer(name: string, buf: Buffer | Uint8Array): Layer;
  /** Adds or replaces the decoder for `key` in a dispatch table; null removes it (a TLS hello on that TCP port is then still recognised: see DecodeOptions.decodeAs). */
  register(table: 'linkType' | 'ethertype' | 'ipProtocol' | 'udpPort' | 'tcpPort', key: number, layerClass: LayerClass | null): void;
  tables: Record<'linkType' | 'ethertype' | 'ipProtocol' | 'udpPort' | 'tcpPort', Map<number, new () => any>>;
}

/** A decoder class for decode.register(): `new Class().decode(buf, offset, end, ctx)` returns the layer. */
export type LayerClass = (new () => { decode(buf: Buffer | Uint8Array, offset: number, end: number, ctx?: PcapPacket): unknown }) & {
  /** Optional: TCP makes the layer only when this returns true for the segment's payload bytes. */
  accepts?(buf: Buffer | Uint8Array, offset: number, end: number): boolean;
};

export declare const decode: Decode;

// ---------------------------------------------------------------- TCP and HTTP tracking (lib/track)

export type TcpDirection = 'send' | 'recv';
export type TcpState = 'SYN_SENT' | 'SYN_RCVD' | 'ESTAB' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'CLOSING' | 'CLOSED';
export type TcpEndReason = 'fin' | 'reset' | 'timeout' | 'evicted' | 'reused' | 'flush';

// ---------------------------------------------------------------- reverse DNS

export interface DNSCacheOptions {
  /** Answers kept at most (default 10000); the oldest go first. */
  maxEntries?: number;
  /** Milliseconds an answer is kept (default 0: for good, as node_pcap). */
  ttl?: number;
  /** The lookup (default dns.reverse). */
  reverse?: (ip: string, callback: (err: Error | null, names?: string[]) => void) => void;
}

/** node_pcap's reverse-DNS cache: ptr(ip) is the name once a PTR lookup answered, else the ip. */
export declare class DNSCache {
  constructor(options?: DNSCacheOptions);
  /** ip -> name (or the ip itself when its lookup failed). */
  cache: Record<string, string>;
  /** ip -> true while its lookup is under way. */
  requests: Record<string, boolean>;
  /** The name for `ip` if known, else `ip` (and a lookup starts, once). An address field (`ip.saddr`) is taken as its text. */
  ptr(ip: string | PacketAddress): string;
  /** Records a lookup's answer. */
  on_ptr(err: Error | null, ip: string | PacketAddress, names?: string[]): void;
}

export interface TCPTrackerOptions {
  /** Seconds of packet time without a packet before a session ends ('timeout'); 0 = never. Default 120. */
  idle_timeout?: number;
  /** Open sessions at most; the least recently active eighth is ended ('evicted'). Default 65536. */
  max_sessions?: number;
  /** Out-of-order bytes held per direction before the hole in front is given up. Default 1 MiB. */
  max_reorder_bytes?: number;
  /** Out-of-order segments held per direction. Default 1024. */
  max_reorder_segments?: number;
  /** Out-of-order bytes held by all sessions together (each segment counted with 512 bytes of overhead); past it the direction waiting longest gives up its hole. Default 128 MiB. */
  max_reorder_total?: number;
  /** Seconds a closed connection's port pair is remembered (late ACKs open no session). Default 30. */
  linger?: number;
  /** Also parse HTTP/1.x, HTTP/2 in the clear and WebSocket (true, or HTTPTracker options); the events fire on sessions and on the tracker. Not given: on from the first 'http …' or 'websocket …' listener added to the tracker (node_pcap 0.4 code); false: never. */
  http?: boolean | HTTPTrackerOptions;
}

/** Sample count; min/avg/max in seconds. */
export interface RttSummary {
  count: number;
  min: number;
  avg: number;
  max: number;
}

export interface TCPSessionStats {
  /** ack number -> RTT seconds (dst's data acknowledged by src), at most 256. */
  recv_times: Record<string, number>;
  /** ack number -> RTT seconds (src's data acknowledged by dst), at most 256. */
  send_times: Record<string, number>;
  send_retrans: Record<string, number>;
  recv_retrans: Record<string, number>;
  connect_duration: number | null;
  total_time: number | null;
  send_overhead: number;
  send_payload: number;
  send_total: number;
  recv_overhead: number;
  recv_payload: number;
  recv_total: number;
  state: TcpState | null;
  missed_syn: boolean;
  end_reason: TcpEndReason | null;
  send_packets: number;
  recv_packets: number;
  send_delivered: number;
  recv_delivered: number;
  send_retransmits: number;
  recv_retransmits: number;
  send_retrans_bytes: number;
  recv_retrans_bytes: number;
  send_out_of_order: number;
  recv_out_of_order: number;
  send_gaps: number;
  recv_gaps: number;
  send_gap_bytes: number;
  recv_gap_bytes: number;
  rtt: { send: RttSummary; recv: RttSummary };
}

/** What HTTP requests and responses share (not exported at run time: a type only). */
declare abstract class HttpMessage {
  /** "1.1", "1.0"; "2" for HTTP/2. */
  http_version: string | null;
  /** Name as first sent -> value; repeated headers joined with ", " (HTTP/2's cookie crumbs with "; "). */
  headers: Record<string, string>;
  /** [name, value, name, value, ...] exactly as sent, duplicates kept. */
  raw_headers: string[];
  trailers: Record<string, string> | null;
  raw_trailers: string[] | null;
  body_len: number;
  /** Body bytes the capture lost. */
  body_missing: number;
  chunked: boolean;
  /** HTTP/1.x: the Content-Length that framed the body (0 included); null when none did (chunked, close-delimited, or no body by rule: HEAD, 1xx, 204, 304). */
  content_length: number | null;
  close_delimited?: boolean;
  complete: boolean;
  /** Case-insensitive; repeated headers joined with ", ". */
  getHeader(name: string): string | undefined;
  getHeaders(name: string): string[];
}

export declare class HttpRequest extends HttpMessage {
  method: string;
  /** The request target; for HTTP/2, :path (:authority for CONNECT). */
  url: string;
  /** HTTP/2: the :authority pseudo-header field (getHeader('host') gives it when no Host was sent). */
  authority?: string | null;
  /** HTTP/2: the :scheme pseudo-header field. */
  scheme?: string | null;
  /** HTTP/2: the pseudo-header fields as sent (':method', ':path', ...); headers and raw_headers hold the others. */
  pseudo_headers?: Record<string, string>;
}

export declare class HttpResponse extends HttpMessage {
  status_code: number;
  /** null for HTTP/2, which sends no reason phrase. */
  status_message: string | null;
  /** HTTP/2: the pseudo-header fields as sent (':status'). */
  pseudo_headers?: Record<string, string>;
}

/** node_pcap 0.4's `http` object: one request/response exchange. */
export declare class HttpExchange {
  /** null when the request was not captured (joined mid-stream), could not be parsed, or waited past the 64 followed per connection. */
  request: HttpRequest | null;
  /** The 'http error' of a request that came but could not be parsed (its response still pairs with it). */
  request_error: HttpTrackError | null;
  /** null until the response starts. */
  response: HttpResponse | null;
  /** 1xx responses before the final one. */
  interim: HttpResponse[];
  /** Which TCP direction carried the request ('send' also for an HTTP/2 stream the server pushed, whose request came in its PUSH_PROMISE). */
  request_dir: TcpDirection | null;
  request_time: number | null;
  request_complete_time: number | null;
  response_time: number | null;
  response_complete_time: number | null;
  /** HTTP/2: the stream the exchange went on (null for HTTP/1.x). */
  stream_id: number | null;
  /** HTTP/2: the server pushed this stream (PUSH_PROMISE); `request` is the one it promised. */
  pushed: boolean;
}

export interface HttpTrackError extends Error {
  code: 'ERR_HTTP_PARSE' | 'ERR_HTTP_HEADERS_TOO_LARGE' | 'ERR_HTTP_GAP' | 'ERR_HTTP_INCOMPLETE' | 'ERR_WS_PROTOCOL'
    | 'ERR_HTTP2_PARSE' | 'ERR_HTTP2_COMPRESSION' | 'ERR_HTTP2_STREAM_RESET' | 'ERR_HTTP2_GOAWAY' | 'ERR_HTTP2_TOO_MANY_STREAMS';
  /** HTTP/2: the error is about an HTTP/2 connection. */
  http2?: boolean;
  /** HTTP/2: the exchanges still open when the reading of the connection ended (a parse error, lost bytes). */
  exchanges?: HttpExchange[];
  /** HTTP/2: the stream the error is about (a reset, a dropped stream, headers too large, a malformed response, a message cut). */
  stream_id?: number;
  /** HTTP/2: the RST_STREAM's or GOAWAY's error code (8 is CANCEL). */
  error_code?: number;
  /** HTTP/2: the last stream a GOAWAY says its sender processed. */
  last_stream_id?: number;
  /** The message whose body failed (null when the failure was in a head or between messages). */
  message_head?: HttpRequest | HttpResponse | null;
  /** The failure is in a message's head (a start line plainly meant as HTTP, or its headers). */
  in_head?: boolean;
  /** A broken request line's method (e.g. 'HEAD'), when it had one. */
  method?: string;
  /** The exchange the error belongs to, when it belongs to one (a request whose response was not captured, say). */
  exchange?: HttpExchange;
}

export interface WebSocketMessageInfo {
  type: 'text' | 'binary';
  opcode: number;
  /** Bytes on the wire (the message given may be cut at max_ws_message). */
  length: number;
  frames: number;
  truncated: boolean;
  missing: number;
  /** Sent compressed (permessage-deflate, RFC 7692). */
  compressed: boolean;
  /** The message given is the inflated payload (text as a string). false for a compressed one that could not be inflated: it is given as it came, a Buffer. */
  inflated: boolean;
  /** Why a compressed message was not inflated (bytes lost, over max_ws_message, an earlier one of its shared window lost, bad data); else null. */
  inflateError: string | null;
}

export interface WebSocketControlFrame {
  type: 'close' | 'ping' | 'pong';
  opcode: number;
  data: Buffer;
  /** Close code, or null. */
  code: number | null;
  reason: string | null;
}

/** Listener arguments of the HTTP and WebSocket events (on sessions, TCPTracker and HTTPTracker). */
export interface HttpEvents {
  'http request': [session: TCPSession, http: HttpExchange];
  'http request complete': [session: TCPSession, http: HttpExchange];
  'http response': [session: TCPSession, http: HttpExchange];
  'http response complete': [session: TCPSession, http: HttpExchange];
  'websocket upgrade': [session: TCPSession, http: HttpExchange];
  'http request body': [session: TCPSession, http: HttpExchange, chunk: Buffer];
  'http response body': [session: TCPSession, http: HttpExchange, chunk: Buffer];
  'http error': [session: TCPSession, direction: TcpDirection, err: HttpTrackError];
  'websocket message': [session: TCPSession, direction: TcpDirection, message: string | Buffer, info: WebSocketMessageInfo];
  'websocket control': [session: TCPSession, direction: TcpDirection, frame: WebSocketControlFrame];
}

/** Listener arguments of a TCPSession's events. */
export interface TCPSessionEvents extends HttpEvents {
  start: [session: TCPSession];
  end: [session: TCPSession];
  'syn retry': [session: TCPSession];
  /** data: a view into the packet bytes; stays valid while referenced. */
  'data send': [session: TCPSession, data: Buffer];
  'data recv': [session: TCPSession, data: Buffer];
  /** seqEnd is node_pcap's seq+len; seq is where the retransmitted segment starts. */
  retransmit: [session: TCPSession, direction: TcpDirection, seqEnd: number, seq: number];
  reset: [session: TCPSession, direction: TcpDirection];
  fin: [session: TCPSession, direction: TcpDirection];
  /** `length` bytes from `seq` were never captured and are skipped. */
  gap: [session: TCPSession, direction: TcpDirection, seq: number, length: number];
}

/** Listener arguments of a TCPTracker's events. */
export interface TCPTrackerEvents extends HttpEvents {
  session: [session: TCPSession];
}

/** One TCP connection (node_pcap 3.1.0's TCPSession). src is the client. */
export declare class TCPSession extends EventEmitter {
  constructor(tracker?: TCPTracker, key?: string);
  readonly tracker: TCPTracker | null;
  /** The tracker.sessions key. */
  readonly key: string | null;
  /** "ip:port" ("[v6addr]:port"). */
  src: string | null;
  src_name: string | null;
  dst: string | null;
  dst_name: string | null;
  ip_version: 4 | 6;
  state: TcpState | null;
  /** Capture time (seconds) of the packet being processed. */
  current_cap_time: number | null;
  last_time: number | null;
  syn_time: number | null;
  connect_time: number | null;
  close_time: number | null;
  missed_syn: boolean;
  end_reason: TcpEndReason | null;
  reset_by: TcpDirection | null;
  /** Seconds of quiet that end this session: null for the tracker's idle_timeout, 0 for never (the HTTP tracker sets an hour at least on HTTP/2 and WebSocket connections). */
  idle_timeout: number | null;
  send_isn: number | null;
  send_window_scale: number;
  send_bytes_ip: number;
  send_bytes_tcp: number;
  send_bytes_payload: number;
  send_packets: number;
  recv_isn: number | null;
  recv_window_scale: number;
  recv_bytes_ip: number;
  recv_bytes_tcp: number;
  recv_bytes_payload: number;
  recv_packets: number;
  readonly send_next_seq: number | null;
  readonly recv_next_seq: number | null;
  readonly send_retrans: Record<string, number>;
  readonly recv_retrans: Record<string, number>;
  session_stats(): TCPSessionStats;

  on<K extends keyof TCPSessionEvents>(event: K, listener: (...args: TCPSessionEvents[K]) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once<K extends keyof TCPSessionEvents>(event: K, listener: (...args: TCPSessionEvents[K]) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}

/** Follows TCP connections in decoded packets (node_pcap 3.1.0's TCPTracker). */
export declare class TCPTracker extends EventEmitter {
  constructor(options?: TCPTrackerOptions);
  readonly options: Required<TCPTrackerOptions>;
  /** Open sessions by key "ip:port-ip:port" (smaller endpoint first). */
  sessions: Record<string, TCPSession>;
  session_count: number;
  /** Counters; `reorder_overflows`: holes given up because all sessions together held more than max_reorder_total. */
  stats: { packets: number; tracked: number; ignored: number; sessions: number; timeouts: number; evicted: number; reorder_overflows: number };
  /** The HTTP tracker: when options.http was set, the first `new HTTPTracker(this)`, or (options.http not given) one started at the first session after an 'http …' or 'websocket …' listener. */
  http: HTTPTracker | null;
  track_packet(packet: PcapPacket): void;
  /**
   * Ends every open session ('flush'), delivering held data past its holes ('fin' when that
   * reaches both sides' FINs).
   */
  flush(): void;
  /** Moves the clock that ends idle sessions on to `seconds` (Date.now() / 1000 on a quiet live capture) and ends them; packets keep their own timestamps. */
  expire(seconds: number): void;
  /** node_pcap 0.x: same as session.session_stats(). */
  session_stats(session: TCPSession): TCPSessionStats;

  on<K extends keyof TCPTrackerEvents>(event: K, listener: (...args: TCPTrackerEvents[K]) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once<K extends keyof TCPTrackerEvents>(event: K, listener: (...args: TCPTrackerEvents[K]) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}
/** node_pcap 0.4's name for TCPTracker. */
export declare const TCP_tracker: typeof TCPTracker;

export interface HTTPTrackerOptions {
  /** Start line + headers at most. Default 80 KiB. */
  max_header_size?: number;
  /** Bytes kept per WebSocket message, and the most a compressed one may inflate to. Default 1 MiB. */
  max_ws_message?: number;
  /** How far into a stream joined mid-way to look for HTTP. Default 64 KiB. */
  max_resync_scan?: number;
  /** Requests followed at once on all connections together (waiting for or receiving their answer); past it the connection whose oldest was sent first lets it go. Default 65536. */
  max_exchanges?: number;
  /** Bytes of permessage-deflate windows kept for all WebSocket connections together (up to 32 KiB a direction); past it the least recently used is dropped, and a later message that refers back to it is passed on compressed. Default 256 MiB. */
  max_ws_windows?: number;
  /** Another emitter that gets the same events. */
  also_emit_on?: EventEmitter;
}

/** Parses HTTP/1.x, HTTP/2 in the clear and WebSocket on the sessions of a TCPTracker (node_pcap 0.4's events). */
export declare class HTTPTracker extends EventEmitter {
  constructor(tcpTracker?: TCPTracker | null, options?: HTTPTrackerOptions);
  /** The limits in force (the options with their defaults filled in). */
  readonly limits: { max_header_size: number; max_resync_scan: number; max_ws_message: number; max_exchanges: number; max_ws_windows: number; [k: string]: number };
  /** `exchanges_shed`: requests no longer followed because of max_exchanges; `ws_windows_dropped`: deflate windows dropped because of max_ws_windows. */
  readonly stats: { exchanges_shed: number; ws_windows_dropped: number };
  /** Starts parsing a session by hand (when constructed without a TCPTracker). */
  attach(session: TCPSession): void;

  on<K extends keyof HttpEvents>(event: K, listener: (...args: HttpEvents[K]) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once<K extends keyof HttpEvents>(event: K, listener: (...args: HttpEvents[K]) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}
export type { HttpMessage };
