'use strict';
// pcap.compileFilter(): a BPF filter compiled without a capture, to check an expression before
// capturing (no root needed), to see its program (tcpdump -d), or to test packets already in hand.

const { getBinding } = require('./binding');
const { PcapError, argType, argValue, illegalConstructor, unknownLinkType } = require('./errors');
const { checkObject, checkKeys, checkInt, checkString, linkTypeOption } = require('./options');
const { linkTypeName, linkTypeNumber } = require('./link_types');
const { RawPacket } = require('./raw_packet');
const { u32le } = require('./decode/bytes');

const INTERNAL = Symbol('BpfFilter');
const KEYS = new Set(['link_type', 'snap_length']);
const MAX_SNAPLEN = 262144; // libpcap's largest

/**
 * A BPF filter compiled without a capture (pcap.compileFilter() makes them): its expression,
 * link type and snap length, its program (instructions(), toString() as tcpdump -d), and
 * matches(packet), which decides as a capture with the filter would.
 */
class BpfFilter {
  /** Made by pcap.compileFilter(). @private */
  constructor(token, expression, dlt, snapLength, program) {
    if (token !== INTERNAL) {
      throw illegalConstructor('BpfFilter is not made with new: use pcap.compileFilter(expression, options)');
    }
    // read-only: matches() trusts dlt to say what the program was compiled for
    const fixed = (value) => ({ value, enumerable: true, writable: false, configurable: false });
    Object.defineProperties(this, {
      /** The filter expression, as given. */
      expression: fixed(expression),
      /** The link type it was compiled for (libpcap's DLT number) and its name. */
      dlt: fixed(dlt),
      link_type: fixed(linkTypeName(dlt)),
      snap_length: fixed(snapLength),
      _program: { value: program },
    });
  }

  /**
   * Whether a packet passes the filter, as a capture with it would decide.
   * @param {RawPacket|{buf: Uint8Array, header?: Uint8Array, link_type?: string}|Uint8Array} packet
   *   a session's packet, a node_pcap-style one, or the bytes of a frame of the filter's link type
   * @returns {boolean}
   */
  matches(packet) {
    let bytes;
    let wireLength;
    let dlt;
    if (packet instanceof Uint8Array) {
      bytes = packet;
      wireLength = packet.length;
    } else if (packet instanceof RawPacket) {
      bytes = packet.buf;
      wireLength = packet.len;
      dlt = linkTypeNumber(packet.link_type);
    } else if (packet !== null && typeof packet === 'object' && packet.buf instanceof Uint8Array) {
      bytes = packet.buf;
      wireLength = bytes.length;
      const h = packet.header;
      if (h instanceof Uint8Array && h.length >= 16) {
        const caplen = u32le(h, 8, 16);
        if (caplen < bytes.length) bytes = bytes.subarray(0, caplen);
        wireLength = u32le(h, 12, 16);
      }
      if (packet.link_type !== undefined) dlt = linkTypeNumber(packet.link_type);
    } else {
      throw argType('packet', 'a RawPacket, an object with a buf Buffer, or a Buffer', packet);
    }
    if (!(bytes instanceof Uint8Array)) throw argType('packet.buf', 'a Buffer or Uint8Array', bytes);
    if (dlt === undefined && packet.link_type !== undefined && !(packet instanceof Uint8Array)) {
      throw argValue('packet.link_type', packet.link_type, 'is not a link-layer type name or number');
    }
    if (dlt !== undefined && dlt !== this.dlt) {
      throw argValue('packet', packet.link_type, `is a ${linkTypeName(dlt)} packet; this filter was compiled for ${this.link_type} (compile one for each link type: options.link_type)`);
    }
    return this._program.match(bytes, Math.max(wireLength, bytes.length));
  }

  /**
   * The compiled program, one entry per BPF instruction; `text` is the line tcpdump -d prints.
   * @returns {{code: number, jt: number, jf: number, k: number, text: string}[]}
   */
  instructions() {
    return this._program.instructions();
  }

  /** The program as tcpdump -d prints it, one instruction per line. */
  toString() {
    return this.instructions().map((i) => i.text).join('\n');
  }
}

/**
 * Compiles a BPF filter expression for a link type, without opening a capture.
 * @param {string} expression pcap-filter(7) syntax; '' matches everything
 * @param {{link_type?: string|number, snap_length?: number}} [options] link_type as
 *   createSession takes it (default Ethernet), snap_length (default 262144)
 * @returns {BpfFilter}
 * @throws ERR_PCAP_FILTER when the expression does not compile for that link type;
 *   ERR_PCAP_LINK_TYPE when libpcap compiles no filter at all for it
 */
function compileFilter(expression, options) {
  checkString('expression', expression);
  const o = checkObject('options', options);
  checkKeys(o, KEYS, 'compileFilter()');
  const dlt = o.link_type === undefined ? 1 : linkTypeOption(o.link_type);
  const snapLength = o.snap_length === undefined ? MAX_SNAPLEN : checkInt('options.snap_length', o.snap_length, 1, MAX_SNAPLEN);
  let program;
  try {
    program = new (getBinding().BpfProgram)(dlt, snapLength, expression);
  } catch (e) {
    if (e && e.pcapStage === 'pcap_compile' && unknownLinkType(e.message) !== undefined) {
      // the expression may be fine: libpcap compiles no filter at all for this link type
      throw new PcapError('ERR_PCAP_LINK_TYPE', `libpcap compiles no filter for ${linkTypeName(dlt)} (${e.message})`, { filter: expression, dlt, pcapStage: e.pcapStage, pcapStatus: e.pcapStatus });
    }
    if (e && e.pcapStage === 'pcap_compile') {
      throw new PcapError('ERR_PCAP_FILTER', `invalid filter ${JSON.stringify(expression)} for ${linkTypeName(dlt)}: ${e.message}`, { filter: expression, dlt, pcapStage: e.pcapStage, pcapStatus: e.pcapStatus });
    }
    throw e;
  }
  return new BpfFilter(INTERNAL, expression, dlt, snapLength, program);
}

module.exports = { BpfFilter, compileFilter };
