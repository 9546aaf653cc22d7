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
//   handshakeType    the first handshake message's type (1 ClientHello, 2 ServerHello, ...)
//   helloVersion     a hello's legacy version field
//   serverName       ClientHello: the server_name extension's host name
//   alpn             ClientHello: the protocols offered; ServerHello: the one chosen (a list of one)
//   supportedVersions   ClientHello: the versions offered; ServerHello: the one chosen
//   cipherSuites     ClientHello: the suites offered (numbers)
//   cipherSuite      ServerHello: the suite chosen
//   alert            an alert record: {level, description}

const { u8, u16 } = require('../bytes');
const { defineLayer, markError } = require('../layer');
const { ipPayload } = require('../registry');

const CONTENT_TYPES = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data', 24: 'heartbeat' };
const HANDSHAKE_TYPES = {
  0: 'HelloRequest', 1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 8: 'EncryptedExtensions', 11: 'Certificate',
  12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished',
};
const VERSIONS = { 0x0300: 'SSL3', 0x0301: 'TLS1.0', 0x0302: 'TLS1.1', 0x0303: 'TLS1.2', 0x0304: 'TLS1.3' };
const MAX_RECORDS = 1024; // per segment: each is at least 5 bytes, so a 64 KiB segment has fewer
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;

/** Whether the bytes at p look like a record header (type 20-24, version 3.x). */
function isRecordStart(b, p, end) {
  return p + 5 <= end && b[p] >= 20 && b[p] <= 24 && b[p + 1] === 3 && b[p + 2] <= 4;
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

  constructor() {
    this._b = null;
    this._o = 0;
    this._end = 0;
    this._hello = null; // what a hello's extensions hold, parsed on first read
    this.payload = null;
  }

  // Like DNS, decoded lazily: decode() only checks for a record header; the records and the hello
  // are read when a field is first asked for.
  decode(buf, offset, end, ctx) {
    this._b = buf;
    this._o = offset;
    this._end = end;
    // A record running on into the next segment is how TLS over TCP goes; only a segment the
    // capture cut short (its IP length runs past the captured bytes) makes a record truncated.
    if (ipPayload.end > end && isRecordStart(buf, offset, end)) {
      const len = (buf[offset + 3] << 8) | buf[offset + 4];
      if (offset + 5 + len > end) markError(this, ctx, 'record truncated', offset, 5 + len, end - offset);
    }
    return this;
  }

  get continuation() { return !isRecordStart(this._b, this._o, this._end); }
  get contentType() { return this.continuation ? undefined : this._b[this._o]; }
  get version() { return this.continuation ? undefined : u16(this._b, this._o + 1, this._end); }

  get records() {
    const out = [];
    const b = this._b;
    for (let p = this._o; out.length < MAX_RECORDS && isRecordStart(b, p, this._end);) {
      const length = (b[p + 3] << 8) | b[p + 4];
      out.push({ contentType: b[p], version: (b[p + 1] << 8) | b[p + 2], length });
      p += 5 + length;
    }
    return out;
  }

  get handshakeType() { return this.contentType === 22 ? u8(this._b, this._o + 5, this._end) : undefined; }

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
    const type = this.handshakeType;
    if (type !== 1 && type !== 2) return (this._hello = false);
    const b = this._b;
    const end = this._end;
    const h = { helloVersion: u16(b, this._o + 9, end), serverName: undefined, alpn: undefined, supportedVersions: undefined, cipherSuites: undefined, cipherSuite: undefined };
    let p = this._o + 9 + 2 + 32; // legacy_version, random
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

  get helloVersion() { const h = this._helloFields(); return h ? h.helloVersion : undefined; }
  get serverName() { const h = this._helloFields(); return h ? h.serverName : undefined; }
  get alpn() { const h = this._helloFields(); return h ? h.alpn : undefined; }
  get supportedVersions() { const h = this._helloFields(); return h ? h.supportedVersions : undefined; }
  get cipherSuites() { const h = this._helloFields(); return h ? h.cipherSuites : undefined; }
  get cipherSuite() { const h = this._helloFields(); return h ? h.cipherSuite : undefined; }

  toString() {
    if (this.continuation) return 'TLS continuation';
    const ct = this.contentType;
    if (ct === 22) {
      const t = this.handshakeType;
      let s = 'TLS ' + (HANDSHAKE_TYPES[t] || (t === undefined ? 'handshake' : 'handshake type ' + t));
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
  fields: ['contentType', 'version', 'continuation', 'records', 'handshakeType', 'helloVersion', 'serverName', 'alpn', 'supportedVersions', 'cipherSuites', 'cipherSuite', 'alert'],
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
    if (len === 0 || q + 1 + len > listEnd) break;
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

module.exports = { TLS, HANDSHAKE_TYPES, CONTENT_TYPES, VERSIONS };
