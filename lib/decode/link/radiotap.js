'use strict';
// Radiotap header (DLT_IEEE802_11_RADIO, 127), then the 802.11 frame. All radiotap integers are
// little-endian and every field is aligned to its natural size from the start of the header.
// See https://www.radiotap.org for the field list.
//
// Fields (node_pcap 3.x names where it had one; tshark's field in brackets):
//   headerRevision   [radiotap.version]   always 0 so far
//   headerPad        pad byte
//   headerLength     [radiotap.len]       the whole radiotap header, fields included
//   present          [radiotap.present]   array of the presence words (numbers), extended ones
//                    too; [] when the version is not 0 or the words run past the header
//   presentFields    node_pcap's {tsft, flags, rate, channel, ...} booleans of the first word
//   flags            [radiotap.flags]     0x10 = FCS at the end, 0x20 = data padding, 0x40 = bad FCS
//   fcs              [radiotap.flags.fcs] boolean, from flags
//   tsft             [radiotap.mactime]   microseconds, as a Number: exact up to 2^53 (285 years),
//                    rounded above (a BigInt would make JSON.stringify throw)
//   rate             [radiotap.datarate]  legacy rate in Mb/s (field value / 2)
//   frequency        [radiotap.channel.freq] MHz;  channelFlags [radiotap.channel.flags]
//   fhss             {hopSet, hopPattern}
//   signalStrength   [radiotap.dbm_antsignal] dBm, signed;  signalNoise [radiotap.dbm_antnoise]
//   lockQuality, txAttenuation, dbTxAttenuation, dbmTxPower (signed), antenna,
//   dbAntennaSignal, dbAntennaNoise, rxFlags, txFlags, rtsRetries, dataRetries
//   xchannel         {flags, frequency, channel, maxPower}
//   mcs              {known, flags, index}
//   ampdu            {reference, flags, delimiterCrc}
//   vht              {known, flags, bandwidth, mcsNss: [4 bytes], coding, groupId, partialAid}
//   timestamp        {timestamp, accuracy, unitPosition, flags}
//   he               {data1..data6};  heMu {flags1, flags2, ruChannel1: [4], ruChannel2: [4]}
//   zeroLengthPsdu, lsig {data1, data2}
//   payload / ieee802_11Frame  the 802.11 frame (the linkType 105 decoder)
//
// A field is undefined when absent. Parsing never throws: extended presence bitmaps (bit 31)
// are followed up to 16 words; bit 29 starts a new radiotap namespace (the first occurrence of
// a field wins), bit 30 a vendor namespace whose data is skipped by its skip_length. A field
// this decoder does not know (or the bit 28 TLV list) ends the parse of the remaining fields,
// since their alignment and size are unknown; the 802.11 frame is still decoded.

const { u8, u16le, u32le } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { tables } = require('../registry');

// [alignment, size] of the radiotap-namespace fields, by presence bit
const ALIGN = [8, 1, 1, 2, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 4, 1, 4, 2, 8, 2, 2, 2, 1, 2];
const SIZE = [8, 1, 1, 4, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 8, 3, 8, 12, 12, 12, 12, 6, 1, 4];
const KNOWN = ALIGN.length; // bit 28 (TLVs) and anything later: stop

const MAX_WORDS = 16;
const WALK_ALL = 99;
// _walk() results below zero
const NOT_FOUND = -1;
const STOPPED = -2; // an unknown field: the rest cannot be located
const OVERRUN = -3; // a field would cross the header length

const FLAG_FCS = 0x10;
const FLAG_DATAPAD = 0x20;

const PRESENT_NAMES = ['tsft', 'flags', 'rate', 'channel', 'fhss', 'signalStrength', 'signalNoise', 'lockQuality',
  'txAttenuation', 'dbTxAttenuation', 'dbmTxPower', 'antenna', 'dbAntennaSignal', 'dbAntennaNoise', 'rxFlags',
  'txFlags', 'rtsRetries', 'dataRetries', 'xchannel', 'mcs', 'ampdu', 'vht', 'timestamp', 'he', 'heMu', 'heMuUser',
  'zeroLengthPsdu', 'lsig', 'tlv', 'radiotapNamespace', 'vendorNamespace', 'ext'];

function s8(v) {
  return v === undefined ? undefined : (v << 24) >> 24;
}

/** Radiotap header (decoderName 'radio-packet', node_pcap's event name). */
class RadioPacket {
  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._words = 0;
    this.payload = null;
  }

  /**
   * Decodes the radiotap header at buf[offset, end) and the 802.11 frame after it, without its FCS
   * when `flags` says there is one (`ctx` is the PcapPacket). Never throws: see `error`.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    if (offset + 8 > end) return markError(this, ctx, 'radiotap header truncated', offset, 8, end - offset);
    const hlen = buf[offset + 2] | (buf[offset + 3] << 8);
    const hend = offset + hlen;
    if (buf[offset] !== 0) {
      // another header version: its fields cannot be trusted, but (like tshark) the 802.11
      // frame is still looked for after the stated length
      markError(this, ctx, 'unknown radiotap version', offset, 1, 1, false);
      if (hlen >= 8 && hend <= end) this._frame(buf, hend, end, ctx, 0, -1);
      return this;
    }
    // presence words: each with bit 31 set announces another
    let w = offset + 4;
    let n = 1;
    while (buf[w + 3] & 0x80) {
      w += 4;
      if (w + 4 > hend || n >= MAX_WORDS) {
        return markError(this, ctx, 'radiotap presence bitmap too long', w, 4, hend - w, false);
      }
      if (w + 4 > end) return markError(this, ctx, 'radiotap header truncated', offset, hlen, end - offset);
      n++;
    }
    this._words = n;
    if (hlen < 8 || hlen < 4 + 4 * n) return markError(this, ctx, 'bad radiotap length', offset, 4 + 4 * n, hlen, false);
    if (hend > end) return markError(this, ctx, 'radiotap header truncated', offset, hlen, end - offset);
    if (this._walk(WALK_ALL) === OVERRUN) markError(this, ctx, 'radiotap field beyond header length', offset, hlen, hlen, false);

    const fo = this._walk(1);
    const flags = fo >= 0 ? buf[fo] : 0;
    let fend = end;
    let fcsAt = -1;
    if (flags & FLAG_FCS) {
      // the FCS is the last 4 bytes of the frame on the wire: not captured when caplen < len
      let at = end - 4;
      const wire = ctx !== undefined ? ctx.wireLength : undefined;
      if (typeof wire === 'number' && wire > 0) at = ctx.base + wire - 4;
      if (at < end) {
        fend = at < hend ? hend : at;
        // only a whole FCS is read: bytes past `end` are not this packet's (in a session's batch
        // they are the next record's). One the capture cut is left out, as one not captured at
        // all is: no error, the frame is whole.
        fcsAt = at >= hend && at + 4 <= end ? at : -1;
      }
    }
    this._frame(buf, hend, fend, ctx, flags, fcsAt);
    return this;
  }

  /**
   * Decodes the 802.11 frame with the linkType 105 decoder, telling it what the radiotap flags
   * said (body padding, where the FCS is) before decode; then emits its event as decodeNext would.
   */
  _frame(buf, start, end, ctx, flags, fcsAt) {
    const Frame = tables.linkType.get(105);
    if (Frame === undefined) return;
    const f = new Frame();
    if (flags & FLAG_DATAPAD) f._dataPad = true;
    f._fcsAt = fcsAt;
    this.payload = f.decode(buf, start, end, ctx);
    if (ctx !== undefined && ctx.emitter && f.eventsOnDecode) ctx.emitter.emit(f.decoderName, f);
  }

  /**
   * Walks the presence words and fields. With a field index, returns the absolute offset of its
   * first occurrence in a radiotap namespace or a negative code; with WALK_ALL, the code at the
   * end of the walk (NOT_FOUND when everything was understood).
   */
  _walk(target) {
    const b = this._b;
    const o = this._o;
    const n = this._words;
    const hend = o + (b[o + 2] | (b[o + 3] << 8));
    let p = 4 + 4 * n; // relative to o, so alignment is from the header start
    let base = 0;
    let vendor = false;
    let nsStart = true;
    for (let i = 0; i < n; i++) {
      const word = u32le(b, o + 4 + 4 * i, this._end);
      if (word === undefined) return STOPPED;
      if (vendor) {
        if (nsStart) {
          p = (p + 1) & ~1;
          if (o + p + 6 > hend) return OVERRUN;
          if (o + p + 6 > this._end) return STOPPED; // skip_length not captured
          p += 6 + (b[o + p + 4] | (b[o + p + 5] << 8));
          if (o + p > hend) return OVERRUN;
        }
      } else {
        for (let bit = 0; bit < 29; bit++) {
          if ((word & (1 << bit)) === 0) continue;
          const idx = base + bit;
          if (idx >= KNOWN) return STOPPED;
          const a = ALIGN[idx];
          p = (p + a - 1) & ~(a - 1);
          if (o + p + SIZE[idx] > hend) return OVERRUN;
          if (idx === target) return o + p;
          p += SIZE[idx];
        }
      }
      if (word & 0x20000000) {
        vendor = false;
        base = 0;
        nsStart = true;
      } else if (word & 0x40000000) {
        vendor = true;
        nsStart = true;
      } else {
        base += 32;
        nsStart = false;
      }
    }
    return NOT_FOUND;
  }

  _at(idx) {
    return this._words === 0 ? -1 : this._walk(idx);
  }

  _u8(idx, rel = 0) {
    const p = this._at(idx);
    return p < 0 ? undefined : u8(this._b, p + rel, this._end);
  }

  _u16(idx, rel = 0) {
    const p = this._at(idx);
    return p < 0 ? undefined : u16le(this._b, p + rel, this._end);
  }

  _u32(idx, rel = 0) {
    const p = this._at(idx);
    return p < 0 ? undefined : u32le(this._b, p + rel, this._end);
  }

  _u64(idx, rel = 0) {
    const p = this._at(idx);
    if (p < 0) return undefined;
    const lo = u32le(this._b, p + rel, this._end);
    const hi = u32le(this._b, p + rel + 4, this._end);
    return lo === undefined || hi === undefined ? undefined : hi * 0x100000000 + lo;
  }

  /** Header version (0 is the only one defined; another sets `error`). */
  get headerRevision() {
    return u8(this._b, this._o, this._end);
  }

  /** The pad byte after the version. */
  get headerPad() {
    return u8(this._b, this._o + 1, this._end);
  }

  /** Length of the whole radiotap header in bytes, fields included (little-endian). */
  get headerLength() {
    return u16le(this._b, this._o + 2, this._end);
  }

  /** Every presence word, extended ones included. */
  get present() {
    if (this._o + 8 > this._end) return undefined;
    const out = [];
    for (let i = 0; i < this._words; i++) out.push(u32le(this._b, this._o + 4 + 4 * i, this._end));
    return out;
  }

  /** node_pcap's presence booleans, for the first word. */
  get presentFields() {
    const w = u32le(this._b, this._o + 4, this._end);
    if (w === undefined) return undefined;
    const out = {};
    for (let i = 0; i < 32; i++) out[PRESENT_NAMES[i]] = (w & (1 << i)) !== 0;
    return out;
  }

  /** Flags byte: 0x10 FCS at the end, 0x20 data padding, 0x40 bad FCS. */
  get flags() { return this._u8(1); }

  /** True when the frame ends with its 4-byte FCS (flags 0x10). */
  get fcs() {
    const f = this.flags;
    return f === undefined ? undefined : (f & FLAG_FCS) !== 0;
  }

  /** TSFT: the MAC timestamp in microseconds, as a Number (exact up to 2^53). */
  get tsft() { return this._u64(0); }

  /** Legacy data rate in Mb/s. */
  get rate() {
    const r = this._u8(2);
    return r === undefined ? undefined : r / 2;
  }

  /** Channel frequency, MHz. */
  get frequency() { return this._u16(3); }

  /** Channel flags (0x0020 CCK, 0x0040 OFDM, 0x0080 2 GHz, 0x0100 5 GHz, ...). */
  get channelFlags() { return this._u16(3, 2); }

  /** FHSS hop set and pattern, {hopSet, hopPattern}. */
  get fhss() {
    const p = this._at(4);
    return p < 0 || p + 2 > this._end ? undefined : { hopSet: this._b[p], hopPattern: this._b[p + 1] };
  }

  /** dBm antenna signal. */
  get signalStrength() { return s8(this._u8(5)); }

  /** dBm antenna noise. */
  get signalNoise() { return s8(this._u8(6)); }

  /** Barker code lock quality. */
  get lockQuality() { return this._u16(7); }

  /** Transmit power as unitless distance from maximum power. */
  get txAttenuation() { return this._u16(8); }

  /** Transmit power as dB distance from maximum power. */
  get dbTxAttenuation() { return this._u16(9); }

  /** Transmit power in dBm (signed). */
  get dbmTxPower() { return s8(this._u8(10)); }

  /** Index of the antenna used. */
  get antenna() { return this._u8(11); }

  /** Antenna signal in dB from an arbitrary reference (unsigned). */
  get dbAntennaSignal() { return this._u8(12); }

  /** Antenna noise in dB from an arbitrary reference (unsigned). */
  get dbAntennaNoise() { return this._u8(13); }

  /** RX flags bitmap (0x0002: bad PLCP CRC). */
  get rxFlags() { return this._u16(14); }

  /** TX flags bitmap. */
  get txFlags() { return this._u16(15); }

  /** Number of RTS retries. */
  get rtsRetries() { return this._u8(16); }

  /** Number of data retries. */
  get dataRetries() { return this._u8(17); }

  /** Extended channel: {flags, frequency (MHz), channel, maxPower}. */
  get xchannel() {
    const p = this._at(18);
    if (p < 0 || p + 8 > this._end) return undefined;
    const b = this._b;
    return { flags: u32le(b, p, this._end), frequency: u16le(b, p + 4, this._end), channel: b[p + 6], maxPower: b[p + 7] };
  }

  /** 802.11n MCS: {known, flags, index}. */
  get mcs() {
    const p = this._at(19);
    if (p < 0 || p + 3 > this._end) return undefined;
    return { known: this._b[p], flags: this._b[p + 1], index: this._b[p + 2] };
  }

  /** A-MPDU status: {reference, flags, delimiterCrc}. */
  get ampdu() {
    const p = this._at(20);
    if (p < 0 || p + 8 > this._end) return undefined;
    const b = this._b;
    return { reference: u32le(b, p, this._end), flags: u16le(b, p + 4, this._end), delimiterCrc: b[p + 6] };
  }

  /** 802.11ac VHT: {known, flags, bandwidth, mcsNss (4 bytes, one per user), coding, groupId, partialAid}. */
  get vht() {
    const p = this._at(21);
    if (p < 0 || p + 12 > this._end) return undefined;
    const b = this._b;
    return {
      known: u16le(b, p, this._end),
      flags: b[p + 2],
      bandwidth: b[p + 3],
      mcsNss: [b[p + 4], b[p + 5], b[p + 6], b[p + 7]],
      coding: b[p + 8],
      groupId: b[p + 9],
      partialAid: u16le(b, p + 10, this._end),
    };
  }

  /** Timestamp field: {timestamp (64-bit, exact up to 2^53), accuracy, unitPosition, flags}. */
  get timestamp() {
    const p = this._at(22);
    if (p < 0 || p + 12 > this._end) return undefined;
    const b = this._b;
    const lo = u32le(b, p, this._end);
    const hi = u32le(b, p + 4, this._end);
    return { timestamp: hi * 0x100000000 + lo, accuracy: u16le(b, p + 8, this._end), unitPosition: b[p + 10], flags: b[p + 11] };
  }

  /** 802.11ax HE: the six 16-bit words {data1..data6}. */
  get he() {
    const p = this._at(23);
    if (p < 0 || p + 12 > this._end) return undefined;
    const r = (i) => u16le(this._b, p + 2 * i, this._end);
    return { data1: r(0), data2: r(1), data3: r(2), data4: r(3), data5: r(4), data6: r(5) };
  }

  /** 802.11ax HE-MU: {flags1, flags2, ruChannel1 (4 bytes), ruChannel2 (4 bytes)}. */
  get heMu() {
    const p = this._at(24);
    if (p < 0 || p + 12 > this._end) return undefined;
    const b = this._b;
    return {
      flags1: u16le(b, p, this._end),
      flags2: u16le(b, p + 2, this._end),
      ruChannel1: [b[p + 4], b[p + 5], b[p + 6], b[p + 7]],
      ruChannel2: [b[p + 8], b[p + 9], b[p + 10], b[p + 11]],
    };
  }

  /** 0-length PSDU type: 0 sounding PPDU, 1 data not captured, 0xff vendor-specific. */
  get zeroLengthPsdu() { return this._u8(26); }

  /** L-SIG: {data1, data2}. */
  get lsig() {
    const p = this._at(27);
    if (p < 0 || p + 4 > this._end) return undefined;
    return { data1: u16le(this._b, p, this._end), data2: u16le(this._b, p + 2, this._end) };
  }

  /** node_pcap's name for the 802.11 frame. */
  get ieee802_11Frame() {
    return this.payload;
  }

  /** One line: 'radiotap', frequency (MHz), rate (Mb/s) and signal (dBm) when present, then the 802.11 frame's text. */
  toString() {
    let s = 'radiotap';
    const f = this.frequency;
    if (f !== undefined) s += ' ' + f + ' MHz';
    const r = this.rate;
    if (r !== undefined) s += ' ' + r + ' Mb/s';
    const sig = this.signalStrength;
    if (sig !== undefined) s += ' ' + sig + 'dBm';
    if (this.payload !== null) return s + ' ' + this.payload;
    return this.truncated ? s + ' [truncated]' : s;
  }
}
defineLayer(RadioPacket, {
  name: 'radio-packet',
  fields: ['headerRevision', 'headerPad', 'headerLength', 'present', 'flags', 'fcs', 'tsft', 'rate', 'frequency',
    'channelFlags', 'fhss', 'signalStrength', 'signalNoise', 'lockQuality', 'txAttenuation', 'dbTxAttenuation',
    'dbmTxPower', 'antenna', 'dbAntennaSignal', 'dbAntennaNoise', 'rxFlags', 'txFlags', 'rtsRetries', 'dataRetries',
    'xchannel', 'mcs', 'ampdu', 'vht', 'timestamp', 'he', 'heMu', 'zeroLengthPsdu', 'lsig'],
});

module.exports = { RadioPacket };
