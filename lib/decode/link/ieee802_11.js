'use strict';
// IEEE 802.11 MAC frames (DLT_IEEE802_11, 105; also what follows a radiotap header).
// Multi-byte MAC header fields are little-endian.
//
// Fields (node_pcap 3.x RadioFrame names first; tshark's field in brackets):
//   frameControl   the 2 frame-control bytes as a little-endian number (node_pcap). tshark's
//                  wlan.fc is the other way round: (byte0 << 8) | byte1
//   version, type [wlan.fc.type] (0 management, 1 control, 2 data, 3 extension),
//   subType [wlan.fc.subtype]
//   flags          {raw, toDS, fromDS, moreFrag, retry, powerMgmt, moreData, protected, order},
//                  plus node_pcap's aliases moreFragments, isRetry, encrypted, ordered;
//                  raw = the second frame-control byte [wlan.fc.flags]
//   duration       [wlan.duration] (duration/ID, little-endian)
//   ra, ta, da, sa, bssid   addresses assigned by frame type and the ToDS/FromDS bits
//                  [wlan.ra ... wlan.bssid]; undefined when the frame has no such address
//   dhost, shost   node_pcap conveniences: da (else ra) and sa (else ta)
//   fragSeq        the raw sequence-control field; seq [wlan.seq], frag [wlan.frag]
//   qos            [wlan.qos] QoS control (QoS data subtypes), tid, amsdu (A-MSDU present bit)
//   htControl      HT control field (+HTC: order bit on QoS data and management frames; a
//                  control wrapper's); carriedFrameControl: a control wrapper's (subtype 7),
//                  whose header has no transmitter address
//   headerLength   MAC header bytes (QoS and HT control included)
//   fcs            [wlan.fcs] when radiotap said the frame ends with one (little-endian)
//   Management frames (beacon, probe request/response, (re)association, auth...):
//   timestamp, beaconInterval, capability (beacon / probe response fixed fields; a timing
//                  advertisement has timestamp and capability, no beacon interval),
//   tags           [{typeId, type, length, value (bytes), ssid | rates | channel}]
//   ssid [wlan.ssid] (UTF-8 when the bytes are valid UTF-8, else latin1), rates (Mb/s),
//   channel (DS parameter set); beacon / probe: node_pcap's {tags} objects
//   payload        unprotected data frames with a body: LLC (ethertype table 0x0004) -> IP...;
//                  null for protected frames, null-data subtypes, A-MSDUs and non-data frames

const { u8, u16le, u32le } = require('../bytes');
const { macAddress } = require('../addr');
const { oneLine } = require('../text');
const { defineLayer, markError } = require('../layer');
const { decodeEthertype } = require('../registry');

const KEY_8022_LLC = 0x0004;
const MAX_TAGS = 512;

const MGMT_NAMES = ['Assoc Request', 'Assoc Response', 'Reassoc Request', 'Reassoc Response', 'Probe Request',
  'Probe Response', 'Timing Advertisement', 'Mgmt 7', 'Beacon', 'ATIM', 'Disassoc', 'Authentication',
  'Deauthentication', 'Action', 'Action No Ack', 'Mgmt 15'];
const CTRL_NAMES = ['Ctrl 0', 'Ctrl 1', 'Trigger', 'TACK', 'BF Report Poll', 'VHT NDP Announce', 'Ctrl Ext',
  'Ctrl Wrapper', 'BAR', 'BA', 'PS-Poll', 'RTS', 'CTS', 'Ack', 'CF-End', 'CF-End+CF-Ack'];
const DATA_NAMES = ['Data', 'Data+CF-Ack', 'Data+CF-Poll', 'Data+CF-Ack+CF-Poll', 'Null', 'CF-Ack', 'CF-Poll',
  'CF-Ack+CF-Poll', 'QoS Data', 'QoS Data+CF-Ack', 'QoS Data+CF-Poll', 'QoS Data+CF-Ack+CF-Poll', 'QoS Null',
  'Data 13', 'QoS CF-Poll', 'QoS CF-Ack+CF-Poll'];

const TAG_NAMES = { 0: 'ssid', 1: 'rates', 3: 'channel', 5: 'tim', 7: 'country', 42: 'erp', 45: 'ht_capabilities',
  48: 'rsn', 50: 'extended_rates', 61: 'ht_information', 127: 'extended_capabilities', 191: 'vht_capabilities',
  192: 'vht_operation', 221: 'vendor_specific', 255: 'extension' };

/**
 * Bytes of fixed fields before the tagged parameters, by management subtype (-1: no tags). A
 * Timing Advertisement (6) has a timestamp and a capability but no beacon interval (IEEE
 * 802.11-2016 9.3.3.15), so 10, not a beacon's 12.
 */
const MGMT_FIXED = [4, 6, 10, 6, 0, 12, 10, -1, 12, -1, -1, 6, -1, -1, -1, -1];

/** Control subtypes whose header carries a transmitter address. */
function controlHasTa(sub) {
  return sub === 2 || sub === 4 || sub === 5 || sub === 8 || sub === 9 || sub === 10 || sub === 11 || sub === 14 || sub === 15;
}

/** MAC header length from the first two frame-control bytes. */
function headerLength(fc0, fc1) {
  const type = (fc0 >> 2) & 3;
  const sub = fc0 >> 4;
  if (type === 2) {
    let n = (fc1 & 3) === 3 ? 30 : 24;
    if (sub & 8) {
      n += 2;
      if (fc1 & 0x80) n += 4;
    }
    return n;
  }
  if (type === 0) return fc1 & 0x80 ? 28 : 24;
  if (type === 1) {
    if (sub === 7) return 16; // control wrapper: RA, carried frame control, HT control
    return controlHasTa(sub) ? 16 : 10;
  }
  return 10;
}

function textOf(b, start, stop) {
  const buf = Buffer.from(b.buffer, b.byteOffset + start, stop - start);
  const s = buf.toString('utf8');
  return s.includes('\ufffd') ? buf.toString('latin1') : s;
}

/** An 802.11 MAC frame (decoderName 'radio-frame', node_pcap's event name). */
class RadioFrame {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._hdr = 0;
    this._dataPad = false; // radiotap flag 0x20: body starts at a 4-byte boundary
    this._fcsAt = -1; // absolute offset of the FCS when radiotap said there is one
    this.payload = null;
  }

  /**
   * Decodes the 802.11 header at buf[offset, end) and, for an unprotected data frame, the LLC layer
   * of its body (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 10 > end) return markError(this, ctx, '802.11 header truncated', offset, 10, end - offset);
    const fc0 = buf[offset];
    const fc1 = buf[offset + 1];
    const hdr = headerLength(fc0, fc1);
    this._hdr = hdr;
    if (offset + hdr > end) return markError(this, ctx, '802.11 header truncated', offset, hdr, end - offset);
    if ((fc0 & 3) !== 0) return markError(this, ctx, 'unknown 802.11 version', offset, hdr, end - offset, false);
    const type = (fc0 >> 2) & 3;
    if (type === 0) {
      if (fc1 & 0x40) return this; // protected management frame: body encrypted
      const fixed = MGMT_FIXED[fc0 >> 4];
      if (fixed < 0) return this;
      const start = offset + hdr + fixed;
      if (start > end) return markError(this, ctx, 'management fixed fields truncated', offset + hdr, fixed, end - offset - hdr);
      // check that the tagged parameters fit: the last one may be cut short
      let p = start;
      for (let n = 0; p < end && n < MAX_TAGS; n++) {
        if (p + 2 > end || p + 2 + buf[p + 1] > end) {
          return markError(this, ctx, 'tagged parameter truncated', p, p + 2 > end ? 2 : 2 + buf[p + 1], end - p);
        }
        p += 2 + buf[p + 1];
      }
      return this;
    }
    if (type !== 2 || fc1 & 0x40 || fc0 & 0x40) return this; // not data, protected, or no body
    let body = hdr;
    if (this._dataPad) body = (body + 3) & ~3;
    if (fc0 & 0x80 && buf[offset + hdr - ((fc1 & 0x80) ? 6 : 2)] & 0x80) return this; // A-MSDU
    if (offset + body > end) return markError(this, ctx, '802.11 padding truncated', offset, body, end - offset);
    this.payload = decodeEthertype(KEY_8022_LLC, buf, offset + body, end, ctx, this);
    return this;
  }

  /** The frame-control bytes as a little-endian number (node_pcap). */
  get frameControl() {
    return u16le(this._b, this._o, this._end);
  }

  /** Protocol version, the low 2 bits of frame control (0; another sets `error`). */
  get version() {
    const v = u8(this._b, this._o, this._end);
    return v === undefined ? undefined : v & 3;
  }

  /** Frame type: 0 management, 1 control, 2 data, 3 extension. */
  get type() {
    const v = u8(this._b, this._o, this._end);
    return v === undefined ? undefined : (v >> 2) & 3;
  }

  /** Frame subtype, 0-15 (meaning depends on `type`: 8 beacon, 4 probe request, ...). */
  get subType() {
    const v = u8(this._b, this._o, this._end);
    return v === undefined ? undefined : v >> 4;
  }

  /**
   * The frame-control flags byte: {raw, toDS, fromDS, moreFrag, retry, powerMgmt, moreData, protected,
   * order} plus node_pcap's names moreFragments, isRetry, encrypted, ordered. A new object each read.
   */
  get flags() {
    const f = u8(this._b, this._o + 1, this._end);
    if (f === undefined) return undefined;
    const moreFrag = (f & 0x04) !== 0;
    const retry = (f & 0x08) !== 0;
    const prot = (f & 0x40) !== 0;
    const order = (f & 0x80) !== 0;
    return {
      raw: f,
      toDS: (f & 0x01) !== 0,
      fromDS: (f & 0x02) !== 0,
      moreFrag,
      retry,
      powerMgmt: (f & 0x10) !== 0,
      moreData: (f & 0x20) !== 0,
      protected: prot,
      order,
      moreFragments: moreFrag,
      isRetry: retry,
      encrypted: prot,
      ordered: order,
    };
  }

  /** Duration/ID field (little-endian): microseconds, or the association id in a PS-Poll. */
  get duration() {
    return u16le(this._b, this._o + 2, this._end);
  }

  _addr(n) {
    const o = this._o + 4 + 6 * (n - 1) + (n === 4 ? 2 : 0); // addr4 follows sequence control
    if (n > 1 && this._o + this._hdr < o + 6) return undefined; // not part of this header
    // a control frame has a transmitter address only in some subtypes (a control wrapper's
    // 16-byte header goes on with the carried frame control and HT control instead)
    if (n === 2 && this._o < this._end && ((this._b[this._o] >> 2) & 3) === 1 && !controlHasTa(this._b[this._o] >> 4)) return undefined;
    return macAddress(this._b, o, this._end);
  }

  /** ToDS/FromDS bits as 0-3, or -1 for frames whose address roles do not depend on them. */
  _ds() {
    const b = this._b;
    const o = this._o;
    if (o + 2 > this._end) return -1;
    return ((b[o] >> 2) & 3) === 2 ? b[o + 1] & 3 : -1;
  }

  /** Receiver address (addr1). */
  get ra() {
    return this._addr(1);
  }

  /** Transmitter address (addr2, when the frame has one). */
  get ta() {
    return this._addr(2);
  }

  _isControlWrapper() {
    const o = this._o;
    return o + 1 <= this._end && (this._b[o] & 0xfc) === 0x74; // type 1 (control), subtype 7
  }

  /** A control wrapper's (subtype 7) frame control of the frame it carries. */
  get carriedFrameControl() {
    return this._isControlWrapper() ? u16le(this._b, this._o + 10, this._end) : undefined;
  }

  /** Destination address. */
  get da() {
    const t = this.type;
    if (t === 0) return this._addr(1);
    if (t !== 2) return undefined;
    const ds = this._ds();
    return ds === 0 || ds === 2 ? this._addr(1) : this._addr(3);
  }

  /** Source address. */
  get sa() {
    const t = this.type;
    if (t === 0) return this._addr(2);
    if (t !== 2) return undefined;
    const ds = this._ds();
    return ds === 0 || ds === 1 ? this._addr(2) : ds === 2 ? this._addr(3) : this._addr(4);
  }

  /** BSS identifier, where the frame names one. */
  get bssid() {
    const t = this.type;
    if (t === 0) return this._addr(3);
    if (t === 1) {
      const sub = this.subType;
      return sub === 10 ? this._addr(1) : sub === 14 || sub === 15 ? this._addr(2) : undefined;
    }
    if (t !== 2) return undefined;
    const ds = this._ds();
    return ds === 0 ? this._addr(3) : ds === 1 ? this._addr(1) : ds === 2 ? this._addr(2) : undefined;
  }

  /** node_pcap's destination: da, else ra; undefined when the frame has neither. */
  get dhost() {
    const d = this.da;
    return d !== undefined ? d : this.ra;
  }

  /** node_pcap's source: sa, else ta; undefined when the frame has neither. */
  get shost() {
    const s = this.sa;
    return s !== undefined ? s : this.ta;
  }

  /** Raw sequence-control field (management and data frames). */
  get fragSeq() {
    const t = this.type;
    return t === 0 || t === 2 ? u16le(this._b, this._o + 22, this._end) : undefined;
  }

  /** Sequence number, the top 12 bits of fragSeq. */
  get seq() {
    const v = this.fragSeq;
    return v === undefined ? undefined : v >> 4;
  }

  /** Fragment number, the low 4 bits of fragSeq. */
  get frag() {
    const v = this.fragSeq;
    return v === undefined ? undefined : v & 0x0f;
  }

  _qosOffset() {
    const b = this._b;
    const o = this._o;
    if (o + 2 > this._end || ((b[o] >> 2) & 3) !== 2 || (b[o] & 0x80) === 0) return -1;
    return o + ((b[o + 1] & 3) === 3 ? 30 : 24);
  }

  /** QoS control field of QoS data frames. */
  get qos() {
    const q = this._qosOffset();
    return q < 0 ? undefined : u16le(this._b, q, this._end);
  }

  /** Traffic identifier from the QoS control. */
  get tid() {
    const q = this.qos;
    return q === undefined ? undefined : q & 0x0f;
  }

  /** A-MSDU present bit of the QoS control. */
  get amsdu() {
    const q = this.qos;
    return q === undefined ? undefined : (q & 0x80) !== 0;
  }

  /** HT control field, when the order bit announces one (QoS data and management frames), or in a control wrapper. */
  get htControl() {
    const b = this._b;
    const o = this._o;
    if (this._isControlWrapper()) return u32le(b, o + 12, this._end);
    if (o + 2 > this._end || (b[o + 1] & 0x80) === 0) return undefined;
    const t = (b[o] >> 2) & 3;
    if (t === 0) return u32le(b, o + 24, this._end);
    const q = this._qosOffset();
    return q < 0 ? undefined : u32le(b, q + 2, this._end);
  }

  /** Length of the MAC header in bytes (by type, ToDS/FromDS, QoS and order bits); undefined under 10 bytes captured. */
  get headerLength() {
    return this._hdr || undefined;
  }

  /** Frame check sequence, when the capture included it. */
  get fcs() {
    return this._fcsAt < 0 ? undefined : u32le(this._b, this._fcsAt, this._fcsAt + 4);
  }

  /** Start of the fixed fields of a management frame, or -1. */
  _mgmtBody() {
    const b = this._b;
    const o = this._o;
    if (this._hdr === 0 || o + 2 > this._end || ((b[o] >> 2) & 3) !== 0 || (b[o + 1] & 0x40) !== 0) return -1;
    return o + this._hdr;
  }

  /** Where the body of a beacon or probe response starts (timestamp, interval, capability), else -1. */
  _beaconLike() {
    const p = this._mgmtBody();
    if (p < 0) return -1;
    const sub = this._b[this._o] >> 4;
    return sub === 5 || sub === 8 ? p : -1;
  }

  /** Beacon / probe response / timing advertisement TSF timestamp (microseconds, a Number). */
  get timestamp() {
    const p = this._mgmtBody();
    const sub = p < 0 ? -1 : this._b[this._o] >> 4;
    if (sub !== 5 && sub !== 6 && sub !== 8) return undefined;
    const lo = u32le(this._b, p, this._end);
    const hi = u32le(this._b, p + 4, this._end);
    return lo === undefined || hi === undefined ? undefined : hi * 0x100000000 + lo;
  }

  /** Beacon / probe response: beacon interval in time units (1024 us). */
  get beaconInterval() {
    const p = this._beaconLike();
    return p < 0 ? undefined : u16le(this._b, p + 8, this._end);
  }

  /** Capability information (beacon, probe response, timing advertisement, association frames). */
  get capability() {
    const p = this._mgmtBody();
    if (p < 0) return undefined;
    const sub = this._b[this._o] >> 4;
    if (sub === 5 || sub === 8) return u16le(this._b, p + 10, this._end);
    if (sub === 6) return u16le(this._b, p + 8, this._end); // after the timestamp: no beacon interval
    return sub <= 3 ? u16le(this._b, p, this._end) : undefined;
  }

  /** Tagged parameters of a management frame; a parameter cut short is left out. */
  get tags() {
    const p0 = this._mgmtBody();
    if (p0 < 0) return undefined;
    const fixed = MGMT_FIXED[this._b[this._o] >> 4];
    if (fixed < 0) return undefined;
    const b = this._b;
    const end = this._end;
    const out = [];
    let p = p0 + fixed;
    while (p + 2 <= end && out.length < MAX_TAGS) {
      const id = b[p];
      const len = b[p + 1];
      if (p + 2 + len > end) break;
      const tag = { typeId: id, type: TAG_NAMES[id] || 'unknown', length: len, value: b.subarray(p + 2, p + 2 + len) };
      if (id === 0) tag.ssid = textOf(b, p + 2, p + 2 + len);
      else if (id === 1 || id === 50) {
        tag.rates = [];
        for (let i = 0; i < len; i++) tag.rates.push((b[p + 2 + i] & 0x7f) / 2);
      } else if (id === 3 && len >= 1) tag.channel = b[p + 2];
      out.push(tag);
      p += 2 + len;
    }
    return out;
  }

  _tag(id) {
    const b = this._b;
    const end = this._end;
    const p0 = this._mgmtBody();
    if (p0 < 0) return -1;
    const fixed = MGMT_FIXED[b[this._o] >> 4];
    if (fixed < 0) return -1;
    let p = p0 + fixed;
    for (let n = 0; p + 2 <= end && n < MAX_TAGS; n++) {
      if (p + 2 + b[p + 1] > end) return -1;
      if (b[p] === id) return p;
      p += 2 + b[p + 1];
    }
    return -1;
  }

  /** Network name from the SSID parameter ('' for a wildcard / hidden SSID). */
  get ssid() {
    const p = this._tag(0);
    return p < 0 ? undefined : textOf(this._b, p + 2, p + 2 + this._b[p + 1]);
  }

  /** Supported and extended supported rates, Mb/s. */
  get rates() {
    const b = this._b;
    let out;
    for (const id of [1, 50]) {
      const p = this._tag(id);
      if (p < 0) continue;
      if (out === undefined) out = [];
      for (let i = 0; i < b[p + 1]; i++) out.push((b[p + 2 + i] & 0x7f) / 2);
    }
    return out;
  }

  /** Channel number from the DS parameter set. */
  get channel() {
    const p = this._tag(3);
    return p < 0 || this._b[p + 1] < 1 ? undefined : this._b[p + 2];
  }

  /** node_pcap's beacon object. */
  get beacon() {
    const tags = this.type === 0 && this.subType === 8 ? this.tags : undefined; // (none when protected or cut)
    return tags === undefined ? undefined : { tags };
  }

  /** node_pcap's probe object (probe requests). */
  get probe() {
    const tags = this.type === 0 && this.subType === 4 ? this.tags : undefined;
    return tags === undefined ? undefined : { tags };
  }

  /** The 802.2 LLC layer of a data frame (the same object as payload). */
  get llc() {
    const p = this.payload;
    return p !== null && p.decoderName === 'llc' ? p : undefined;
  }

  /** One line: '802.11', the subtype's name, 'shost -> dhost', a management frame's SSID, then the payload's text. */
  toString() {
    const t = this.type;
    if (t === undefined) return '802.11 [truncated]';
    const sub = this.subType;
    const name = t === 0 ? MGMT_NAMES[sub] : t === 1 ? CTRL_NAMES[sub] : t === 2 ? DATA_NAMES[sub] : 'Extension ' + sub;
    let s = '802.11 ' + name;
    const src = this.shost;
    const dst = this.dhost;
    if (src !== undefined) s += ' ' + src + ' ->';
    if (dst !== undefined) s += ' ' + dst;
    if (t === 0) {
      const ssid = this.ssid;
      if (ssid !== undefined) s += ' (' + oneLine(ssid) + ')';
    }
    const f = u8(this._b, this._o + 1, this._end);
    if (f !== undefined && f & 0x40) s += ' protected';
    if (this.payload !== null) return s + ' ' + this.payload;
    return this.truncated ? s + ' [truncated]' : s;
  }
}
defineLayer(RadioFrame, {
  name: 'radio-frame',
  fields: ['frameControl', 'version', 'type', 'subType', 'flags', 'duration', 'ra', 'ta', 'da', 'sa', 'bssid',
    'fragSeq', 'seq', 'frag', 'qos', 'htControl', 'carriedFrameControl', 'fcs', 'timestamp', 'beaconInterval', 'capability', 'ssid', 'rates',
    'channel', 'tags'],
});

module.exports = { RadioFrame, headerLength };
