'use strict';
// TLS record layer (RFC 8446, RFC 5246) on TCP: the records that start in a segment, and what a
// ClientHello or ServerHello tells about the connection: the server name asked for (SNI), the
// application protocols offered and chosen (ALPN), the versions and cipher suites. Nothing is
// decrypted. Decoded per segment, as the rest of this library decodes: a segment that does not
// start with a record header (the middle of a long record) gets no TLS layer (see accepts();
// decode.layer('tls', bytes) on such bytes gives one whose `continuation` is true), and a hello
// split over segments gives what its first segment holds (`truncated` only when the capture cut it).
//
// Fields:
//   contentType      the first record's: 20 change_cipher_spec, 21 alert, 22 handshake,
//                    23 application_data, 24 heartbeat; undefined on a continuation
//   version          the first record's version field (0x0301 for a TLS 1.3 ClientHello)
//   records          [{contentType, version, length}] of the records that start in this segment
//   continuation     true when the segment does not start with a record header
//   handshakeType    the type of the first message of the first handshake record (1 ClientHello,
//                    2 ServerHello, ...); undefined when that record is encrypted
//   helloVersion     a hello's legacy version field
//   helloRetryRequest   a ServerHello that is a TLS 1.3 HelloRetryRequest
//   serverName       ClientHello: the server_name extension's host name
//   alpn             ClientHello: the protocols offered; ServerHello: the one chosen (a list of one)
//   supportedVersions   ClientHello: the versions offered; ServerHello: the one chosen
//   cipherSuites     ClientHello: the suites offered (numbers)
//   cipherSuite      ServerHello: the suite chosen
//   alert            an alert record: {level, description}

const { u16 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { ipPayload } = require('../registry');

const CONTENT_TYPES = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data', 24: 'heartbeat' };
const HANDSHAKE_TYPES = {
  0: 'HelloRequest', 1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 8: 'EncryptedExtensions', 11: 'Certificate',
  12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished',
};
const VERSIONS = { 0x0300: 'SSL3', 0x0301: 'TLS1.0', 0x0302: 'TLS1.1', 0x0303: 'TLS1.2', 0x0304: 'TLS1.3' };
const ALERT_NAMES = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 40: 'handshake_failure', 42: 'bad_certificate',
  46: 'certificate_unknown', 48: 'unknown_ca', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  112: 'unrecognized_name', 116: 'certificate_required', 120: 'no_application_protocol',
};
const MAX_RECORDS = 1024; // per segment: each is at least 5 bytes, so a 64 KiB segment has fewer
// A ServerHello with this random is a HelloRetryRequest (RFC 8446 4.1.3)
const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;

/** Whether the bytes at p look like a record header (type 20-24, version 3.x). */
function isRecordStart(b, p, end) {
  return p + 5 <= end && b[p] >= 20 && b[p] <= 24 && b[p + 1] === 3 && b[p + 2] <= 4;
}

/** Where the record whose header is at p ends (it may be past the segment). */
function recordEnd(b, p) {
  return p + 5 + ((b[p + 3] << 8) | b[p + 4]);
}

class TLS {
  /**
   * Whether a segment payload starts with a record header. TCP asks before making the layer: the
   * segments in the middle of a long record (most of a bulk transfer) then get none, and cost
   * nothing.
   */
  static accepts(buf, start, end) {
    return isRecordStart(buf, start, end);
  }

  /**
   * Whether a segment on a port no decoder is registered for starts with a ClientHello or
   * ServerHello: a handshake record (0x16, version 3.x, a length up to 2^14 + 2048), a hello
   * message no longer than it, and the hello's own version 3.x. Bytes no other protocol starts with.
   */
  static recognizes(b, p, end) {
    if (p + 11 > end || b[p] !== 22 || b[p + 1] !== 3 || b[p + 2] > 4) return false;
    const recordLength = (b[p + 3] << 8) | b[p + 4];
    const type = b[p + 5];
    const helloLength = (b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8];
    return (type === 1 || type === 2) && recordLength >= 42 && recordLength <= 18432 && helloLength + 4 <= recordLength && b[p + 9] === 3 && b[p + 10] <= 4;
  }

  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._hello = null; // what a hello's extensions hold, parsed on first read
    this.payload = null;
  }

  // Like DNS, decoded lazily: decode() only checks for a record header; the records and the hello
  // are read when a field is first asked for.
  /**
   * Keeps the segment at buf[offset, end) for the getters; a record the capture cut short sets `error`
   * (`ctx` is the PcapPacket). Never throws. No payload: nothing is decrypted.
   * @returns {this}
   */
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    // A record running on into the next segment is how TLS over TCP goes; only a segment the
    // capture cut short (its IP length runs past the captured bytes) makes a record truncated:
    // the last one that starts in it, if it runs past the cut.
    if (ipPayload.end > end) {
      for (let p = offset, n = 0; n < MAX_RECORDS && isRecordStart(buf, p, end); n++) {
        const next = recordEnd(buf, p);
        if (next > end) {
          markError(this, ctx, 'record truncated', p, next - p, end - p);
          break;
        }
        p = next;
      }
    }
    return this;
  }

  /** True when the bytes do not start with a record header (decode.layer on the middle of a record). */
  get continuation() { return !isRecordStart(this._b, this._o, this._end); }
  /**
   * The first record's content type (20 ChangeCipherSpec, 21 alert, 22 handshake, 23 application
   * data); undefined on a continuation.
   */
  get contentType() { return this.continuation ? undefined : this._b[this._o]; }
  /** The first record's legacy version field (0x0303; often 0x0301 on a ClientHello); undefined on a continuation. */
  get version() { return this.continuation ? undefined : u16(this._b, this._o + 1, this._end); }

  /**
   * The records that start in the segment: [{contentType, version, length}] (length: the record's
   * own, in bytes, also past the segment).
   */
  get records() {
    const out = [];
    const b = this._b;
    for (let p = this._o; out.length < MAX_RECORDS && isRecordStart(b, p, this._end);) {
      const next = recordEnd(b, p);
      out.push({ contentType: b[p], version: (b[p + 1] << 8) | b[p + 2], length: next - p - 5 });
      p = next;
    }
    return out;
  }

  /**
   * The first handshake record that starts in this segment, as {start, end} of its first message
   * (`end` bounded by the record and the segment), or null when there is none or its bytes are
   * not plaintext handshake messages (an encrypted Finished, say): a record held whole must be
   * tiled exactly by message headers; one that runs past the segment must start with a hello
   * whose length fits the record.
   */
  _firstHandshake() {
    const b = this._b;
    const end = this._end;
    for (let p = this._o, n = 0; n < MAX_RECORDS && isRecordStart(b, p, end); n++) {
      const stop = recordEnd(b, p);
      if (b[p] === 22) {
        const start = p + 5;
        if (start + 4 > end || start + 4 > stop) return null;
        const msgEnd = start + 4 + ((b[start + 1] << 16) | (b[start + 2] << 8) | b[start + 3]);
        if (msgEnd > stop) return null;
        if (stop <= end) {
          let q = start;
          while (q + 4 <= stop) q += 4 + ((b[q + 1] << 16) | (b[q + 2] << 8) | b[q + 3]);
          if (q !== stop) return null;
        } else if (b[start] !== 1 && b[start] !== 2) return null;
        return { start, end: Math.min(msgEnd, end) };
      }
      p = stop;
    }
    return null;
  }

  /** The first plaintext handshake message's type (1 ClientHello, 2 ServerHello, ...); undefined when none. */
  get handshakeType() { const h = this._firstHandshake(); return h === null ? undefined : this._b[h.start]; }

  /**
   * The first record's alert when it is a plaintext one (2 bytes): {level (1 warning, 2 fatal),
   * description}; else undefined.
   */
  get alert() {
    if (this.contentType !== 21 || this._o + 7 > this._end) return undefined;
    const b = this._b;
    // an encrypted alert (TLS 1.3, or after ChangeCipherSpec) is longer than two bytes
    if (((b[this._o + 3] << 8) | b[this._o + 4]) !== 2) return undefined;
    return { level: b[this._o + 5], description: b[this._o + 6] };
  }

  /** A ClientHello's or ServerHello's fields, read once; null for anything else. */
  _helloFields() {
    if (this._hello !== null) return this._hello;
    const hs = this._firstHandshake();
    const b = this._b;
    const type = hs === null ? undefined : b[hs.start];
    if (type !== 1 && type !== 2) return (this._hello = false);
    const end = hs.end; // the hello's own end, or the segment's when it runs on
    const random = hs.start + 6;
    const retry = type === 2 && random + 32 <= end && HELLO_RETRY_RANDOM.equals(Buffer.from(b.buffer, b.byteOffset + random, 32));
    const h = { helloVersion: u16(b, hs.start + 4, end), helloRetryRequest: retry, serverName: undefined, alpn: undefined, supportedVersions: undefined, cipherSuites: undefined, cipherSuite: undefined };
    let p = hs.start + 4 + 2 + 32; // legacy_version, random
    if (p >= end) return (this._hello = h);
    p += 1 + b[p]; // session id
    if (type === 1) {
      if (p + 2 > end) return (this._hello = h);
      const n = (b[p] << 8) | b[p + 1];
      h.cipherSuites = [];
      for (let q = p + 2; q + 2 <= p + 2 + n && q + 2 <= end; q += 2) h.cipherSuites.push((b[q] << 8) | b[q + 1]);
      p += 2 + n;
      if (p >= end) return (this._hello = h);
      p += 1 + b[p]; // compression methods
    } else {
      h.cipherSuite = u16(b, p, end);
      p += 3; // cipher suite, compression method
    }
    if (p + 2 > end) return (this._hello = h);
    const extEnd = Math.min(p + 2 + ((b[p] << 8) | b[p + 1]), end);
    for (p += 2; p + 4 <= extEnd;) {
      const extType = (b[p] << 8) | b[p + 1];
      const len = (b[p + 2] << 8) | b[p + 3];
      const d = p + 4;
      const e = d + len;
      if (e > extEnd) break; // cut by the segment: what came before it stands
      if (extType === EXT_SERVER_NAME && type === 1) h.serverName = serverName(b, d, e);
      else if (extType === EXT_ALPN) h.alpn = protocols(b, d, e);
      else if (extType === EXT_SUPPORTED_VERSIONS) h.supportedVersions = type === 1 ? versions(b, d, e) : e - d === 2 ? [(b[d] << 8) | b[d + 1]] : undefined;
      p = e;
    }
    return (this._hello = h);
  }

  /** A ClientHello's or ServerHello's legacy version (0x0303 also for TLS 1.3: see supportedVersions). */
  get helloVersion() { const h = this._helloFields(); return h ? h.helloVersion : undefined; }
  /** A ServerHello that asks the client to try again (TLS 1.3). */
  get helloRetryRequest() { const h = this._helloFields(); return h ? h.helloRetryRequest : undefined; }
  /** ClientHello: the server name asked for (SNI); else undefined. */
  get serverName() { const h = this._helloFields(); return h ? h.serverName : undefined; }
  /** ClientHello: the ALPN protocols offered; ServerHello: the one chosen. */
  get alpn() { const h = this._helloFields(); return h ? h.alpn : undefined; }
  /** The supported_versions extension: ClientHello the versions offered, ServerHello [the one chosen]. */
  get supportedVersions() { const h = this._helloFields(); return h ? h.supportedVersions : undefined; }
  /** ClientHello: the cipher suites offered (numbers). */
  get cipherSuites() { const h = this._helloFields(); return h ? h.cipherSuites : undefined; }
  /** ServerHello: the cipher suite chosen. */
  get cipherSuite() { const h = this._helloFields(); return h ? h.cipherSuite : undefined; }

  /**
   * One line: 'TLS' and the handshake message (version, SNI, ALPN of a hello), or content type,
   * alert, application-data bytes and record count.
   */
  toString() {
    if (this.continuation) return 'TLS continuation';
    const ct = this.contentType;
    const t = this.handshakeType; // also a hello after a ChangeCipherSpec record
    if (ct === 22 || t !== undefined) {
      let s = 'TLS ' + (this.helloRetryRequest ? 'HelloRetryRequest' : HANDSHAKE_TYPES[t] || (t === undefined ? 'handshake (encrypted)' : 'handshake type ' + t));
      if (t === 1 || t === 2) {
        const v = this.supportedVersions;
        const version = t === 2 && v && v.length === 1 ? v[0] : this.helloVersion;
        if (t === 2 && version !== undefined) s += ' ' + (VERSIONS[version] || '0x' + version.toString(16));
        if (this.serverName !== undefined) s += ' ' + JSON.stringify(this.serverName);
        if (this.alpn !== undefined) s += ' alpn ' + this.alpn.map((x) => JSON.stringify(x)).join(',');
      }
      return s;
    }
    const records = this.records;
    let s = 'TLS ' + (CONTENT_TYPES[ct] || 'content type ' + ct);
    const a = this.alert;
    if (a) s += ` ${a.level === 2 ? 'fatal' : 'warning'} ${a.description}`;
    if (ct === 23) s += ' ' + records.reduce((n, r) => n + (r.contentType === 23 ? r.length : 0), 0) + 'B';
    if (records.length > 1) s += ` [${records.length} records]`;
    return s;
  }
}
defineLayer(TLS, {
  name: 'tls',
  fields: ['contentType', 'version', 'continuation', 'records', 'handshakeType', 'helloVersion', 'helloRetryRequest', 'serverName', 'alpn', 'supportedVersions', 'cipherSuites', 'cipherSuite', 'alert'],
});

/** server_name extension: a list of (type, name); the host name (type 0), as latin1 text. */
function serverName(b, p, end) {
  if (p + 2 > end) return undefined;
  const listEnd = Math.min(p + 2 + ((b[p] << 8) | b[p + 1]), end);
  for (let q = p + 2; q + 3 <= listEnd;) {
    const len = (b[q + 1] << 8) | b[q + 2];
    if (q + 3 + len > listEnd) return undefined;
    if (b[q] === 0) return Buffer.from(b.buffer, b.byteOffset + q + 3, len).toString('latin1');
    q += 3 + len;
  }
  return undefined;
}

/** ALPN: a 2-byte list length, then length-prefixed protocol names. */
function protocols(b, p, end) {
  if (p + 2 > end) return undefined;
  const out = [];
  const listEnd = Math.min(p + 2 + ((b[p] << 8) | b[p + 1]), end);
  for (let q = p + 2; q < listEnd;) {
    const len = b[q];
    if (q + 1 + len > listEnd) break;
    out.push(Buffer.from(b.buffer, b.byteOffset + q + 1, len).toString('latin1'));
    q += 1 + len;
  }
  return out;
}

/** ClientHello supported_versions: a 1-byte list length, then 2-byte versions. */
function versions(b, p, end) {
  if (p >= end) return undefined;
  const out = [];
  const listEnd = Math.min(p + 1 + b[p], end);
  for (let q = p + 1; q + 2 <= listEnd; q += 2) out.push((b[q] << 8) | b[q + 1]);
  return out;
}

module.exports = { TLS, HANDSHAKE_TYPES, CONTENT_TYPES, VERSIONS, ALERT_NAMES };
