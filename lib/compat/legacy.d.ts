// Types shared by the declarations of node_pcap 3.x's module paths (pcap/decode/*, see README.md).
import type { Layer, PcapPacket } from '../../index';

/**
 * A decoder class as node_pcap 3.x's files exported it: `new Class().decode(buf, offset)` decodes
 * from `offset` to the end of `buf` (or to `end`) and returns the layer. Never throws on the bytes.
 */
export type LegacyLayerClass<L extends Layer> = new () => L & {
  decode(buf: Buffer | Uint8Array, offset?: number, end?: number, ctx?: PcapPacket): L;
};
