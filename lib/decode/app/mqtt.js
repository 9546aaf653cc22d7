'use strict';
// MQTT 3.1, 3.1.1 and 5 (the OASIS standards) on TCP 1883: the control packets that start in a
// segment, decoded per segment as PostgreSQL's messages are (no reassembly: a packet longer than
// its segment is read as far as the segment goes, and marked `partial`; a segment in the middle
// of a packet gets no layer, see accepts()). Which side sent it comes from the port.
//
// The protocol version is in the CONNECT, which an earlier segment held. A packet says 5 by its
// own bytes when they only read as 5: a CONNECT naming it, an acknowledgement longer than 3.1.1's
// (a reason code and properties follow), a SUBSCRIBE whose entries read only after a property
// list, a PUBLISH whose bytes after the topic (and packet identifier) are a property list that
// fills the length it declares exactly; and says 3.1.1 the same way (a CONNACK of 2 bytes, a
// PUBLISH with nothing after its topic, ...). Where both readings fit, `version` is undefined: a
// PUBLISH whose bytes after the topic begin with a zero byte is read as 5 without properties (a
// 3.1.1 payload that begins with a zero byte then loses it), a SUBACK whose first code is 0 as
// 3.1.1 (5's for one topic then shows a code 0 before its own). A packet of the same segment that
// tells the version settles it for the others. Compressed, TLS and WebSocket transports are not
// read. Telling a segment in the middle of a payload from packets is a heuristic too: types,
// flags, lengths, a topic name's bytes and property lists must fit.
//
// Fields:
//   fromClient     true for packets to the broker, false for the broker's
//   continuation   true when the bytes do not start with a packet (decode.layer only)
//   packets        [{type, typeName, flags, length (the remaining length), partial?, ...}]:
//                    all: version (4 for 3.1.1, also 3.1; 5; undefined when the packet cannot
//                    tell)
//                    CONNECT: protocolName, protocolVersion, bridge (a mosquitto bridge's level,
//                             0x80 set), connectFlags, keepAlive, properties, clientId, will
//                             {properties, topic, payload}, username, password (bytes)
//                    CONNACK: sessionPresent, returnCode (3.1.1) / reasonCode (5), properties
//                    PUBLISH: dup, qos, retain, topic, packetId (QoS 1 and 2), properties,
//                             payload (the bytes the segment holds), payloadLength (the whole
//                             payload's; both undefined when the segment cuts 5's properties
//                             before their length ends; when it cuts them after, payloadLength
//                             is given and payload is not)
//                    PUBACK, PUBREC, PUBREL, PUBCOMP: packetId, reasonCode, properties (5)
//                    DISCONNECT, AUTH: reasonCode, properties (5)
//                    SUBSCRIBE: packetId, properties, subscriptions [{topic, qos, noLocal?,
//                             retainAsPublished?, retainHandling?}]
//                    SUBACK: packetId, properties, returnCodes
//                    UNSUBSCRIBE: packetId, properties, topics
//                    UNSUBACK: packetId, properties, reasonCodes (5)
//                  properties is {name: value} (userProperty: [[key, value], ...];
//                  subscriptionIdentifier: a list; binary values as Buffers)
//   topic          the first PUBLISH's topic

const { defineLayer } = require('../layer');
const { view, text } = require('../bytes');
const { SegmentLayer, sideByWalking } = require('./segment_layer');
const { mqttPart } = require('../print/summary');

const MAX_PACKETS = 1 << 16; // per segment: each is at least 2 bytes
// A remaining length above this is not taken for a segment's first packet, so the middle of a
// large payload is not read as a packet. (A segment that starts with a packet over 16 MiB then
// gets no layer.)
const MAX_FIRST_LENGTH = 1 << 24;
const MAX_ITEMS = 4096; // topics, codes, properties per packet
// A SUBSCRIBE, UNSUBSCRIBE or SUBACK longer than this is not taken for a segment's first packet
// (brokers refuse far fewer topics in one request)
const MAX_SUBSCRIBE_LENGTH = 1 << 20;

const TYPES = [undefined, 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK',
  'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
const CONNECT = 1;
const CONNACK = 2;
const PUBLISH = 3;
const PUBREL = 6;
const SUBSCRIBE = 8;
const SUBACK = 9;
const UNSUBSCRIBE = 10;
const UNSUBACK = 11;
const PINGREQ = 12;
const PINGRESP = 13;
const DISCONNECT = 14;
const AUTH = 15;
// Packets only one side sends
const CLIENT_ONLY = new Set([CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ]);
const SERVER_ONLY = new Set([CONNACK, SUBACK, UNSUBACK, PINGRESP]);
// Acknowledgements that are a packet identifier in 3.1.1 (2 bytes), with a reason and properties in 5
const ACKS = new Set([4, 5, 6, 7]);

// Version 5 properties: id -> [name, kind]; kinds: 1, 2, 4 (integers of that many bytes), 'v'
// (variable byte integer), 's' (UTF-8 string), 'b' (binary data), 'p' (string pair)
const PROPERTIES = {
  0x01: ['payloadFormatIndicator', 1], 0x02: ['messageExpiryInterval', 4], 0x03: ['contentType', 's'], 0x08: ['responseTopic', 's'],
  0x09: ['correlationData', 'b'], 0x0b: ['subscriptionIdentifier', 'v'], 0x11: ['sessionExpiryInterval', 4],
  0x12: ['assignedClientIdentifier', 's'], 0x13: ['serverKeepAlive', 2], 0x15: ['authenticationMethod', 's'],
  0x16: ['authenticationData', 'b'], 0x17: ['requestProblemInformation', 1], 0x18: ['willDelayInterval', 4],
  0x19: ['requestResponseInformation', 1], 0x1a: ['responseInformation', 's'], 0x1c: ['serverReference', 's'],
  0x1f: ['reasonString', 's'], 0x21: ['receiveMaximum', 2], 0x22: ['topicAliasMaximum', 2], 0x23: ['topicAlias', 2],
  0x24: ['maximumQos', 1], 0x25: ['retainAvailable', 1], 0x26: ['userProperty', 'p'], 0x27: ['maximumPacketSize', 4],
  0x28: ['wildcardSubscriptionAvailable', 1], 0x29: ['subscriptionIdentifierAvailable', 1], 0x2a: ['sharedSubscriptionAvailable', 1],
};
// The properties a PUBLISH may carry (a stricter test of "these bytes are a property list")
const PUBLISH_PROPERTIES = new Set([0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x23, 0x26]);

/**
 * A variable byte integer at p (1 to 4 bytes, 7 bits each, least significant first): {value,
 * next}; undefined when it runs past `stop`, over 4 bytes, or is longer than it needs to be (the
 * standard asks for the fewest bytes: 0x80 0x00 is not a zero).
 */
function varint(b, p, stop) {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (p + i >= stop) return undefined;
    const c = b[p + i];
    value += (c & 0x7f) * 2 ** (7 * i);
    if ((c & 0x80) === 0) return i > 0 && c === 0 ? undefined : { value, next: p + i + 1 };
  }
  return undefined;
}

/** A 2-byte length and that many bytes as UTF-8 at p: {text, next}; undefined when they run past `stop`. */
function utf8(b, p, stop) {
  if (p + 2 > stop) return undefined;
  const n = (b[p] << 8) | b[p + 1];
  if (p + 2 + n > stop) return undefined;
  return { text: text(b, p + 2, p + 2 + n, 'utf8'), next: p + 2 + n };
}

/** A 2-byte length and that many bytes at p: {bytes, next}. */
function binary(b, p, stop) {
  if (p + 2 > stop) return undefined;
  const n = (b[p] << 8) | b[p + 1];
  if (p + 2 + n > stop) return undefined;
  return { bytes: view(b, p + 2, p + 2 + n), next: p + 2 + n };
}

/**
 * A property list at p (its length, then properties): {properties, next}; undefined when it does
 * not read whole before `stop`, or has a property not in `allowed` (when given).
 */
function readProperties(b, p, stop, allowed) {
  const length = varint(b, p, stop);
  if (length === undefined || length.next + length.value > stop) return undefined;
  const end = length.next + length.value;
  const properties = {};
  let q = length.next;
  for (let n = 0; q < end && n < MAX_ITEMS; n++) {
    const id = b[q];
    const spec = PROPERTIES[id];
    if (spec === undefined || (allowed !== undefined && !allowed.has(id))) return undefined;
    const [name, kind] = spec;
    q++;
    let value;
    if (kind === 1 || kind === 2 || kind === 4) {
      if (q + kind > end) return undefined;
      value = kind === 1 ? b[q] : kind === 2 ? (b[q] << 8) | b[q + 1] : b[q] * 0x1000000 + ((b[q + 1] << 16) | (b[q + 2] << 8) | b[q + 3]);
      q += kind;
    } else if (kind === 'v') {
      const v = varint(b, q, end);
      if (v === undefined) return undefined;
      value = v.value;
      q = v.next;
    } else if (kind === 's') {
      const s = utf8(b, q, end);
      if (s === undefined) return undefined;
      value = s.text;
      q = s.next;
    } else if (kind === 'b') {
      const d = binary(b, q, end);
      if (d === undefined) return undefined;
      value = d.bytes;
      q = d.next;
    } else {
      const k = utf8(b, q, end);
      const v = k && utf8(b, k.next, end);
      if (v === undefined) return undefined;
      value = [k.text, v.text];
      q = v.next;
    }
    if (name === 'userProperty' || name === 'subscriptionIdentifier') (properties[name] = properties[name] || []).push(value);
    else properties[name] = value;
  }
  return q === end ? { properties, next: end } : undefined;
}

/** The fixed header at p: {type, flags, length, start (of the variable header)}, or undefined. */
function fixedHeader(b, p, end) {
  if (p + 2 > end) return undefined;
  const len = varint(b, p + 1, end);
  if (len === undefined) return undefined;
  return { type: b[p] >> 4, flags: b[p] & 0x0f, length: len.value, start: len.next };
}

/** Whether a type's flags are the ones the standard fixes (PUBLISH's are its own: QoS 3 is not one). */
function flagsValid(type, flags) {
  if (type === PUBLISH) return (flags & 0x06) !== 0x06;
  if (type === PUBREL || type === SUBSCRIBE || type === UNSUBSCRIBE) return flags === 0x02;
  return type !== 0 && flags === 0;
}

/**
 * Whether a version 5 property list at p runs exactly to `next`, the packet's end: its length says
 * so, and when the segment holds it, its properties read. (Bytes that are not MQTT seldom do.)
 */
function propertiesFill(b, p, next, end) {
  const length = varint(b, p, end);
  if (length === undefined || length.next + length.value !== next) return false;
  return next > end || readProperties(b, p, end) !== undefined;
}

/**
 * Whether the topic name's (or, `filter`, topic filter's) bytes the segment holds can be one:
 * UTF-8 without NUL, and a name without wildcards.
 */
function topicPlausible(b, s, n, end, filter = false) {
  const e = Math.min(s + n, end);
  for (let i = s; i < e; i++) if (b[i] === 0 || (!filter && (b[i] === 0x23 || b[i] === 0x2b))) return false; // NUL, '#', '+'
  // (a character the segment cuts in its last 3 bytes is not a bad one)
  return !text(b, s, e < s + n ? Math.max(s, e - 3) : e, 'utf8').includes('\ufffd');
}

/**
 * Whether a SUBSCRIBE's or UNSUBSCRIBE's first topic filter, at p (3.1.1) or after a property list
 * there (5), can be one: at least a character, inside the packet, plausible bytes.
 */
function firstFilterPlausible(b, p, next, end) {
  const fits = (q) => {
    if (q + 2 > end) return true; // not held: nothing to check
    const n = (b[q] << 8) | b[q + 1];
    return n > 0 && q + 2 + n <= next && topicPlausible(b, q + 2, n, end, true);
  };
  if (fits(p)) return true;
  const props = varint(b, p, end);
  return props !== undefined && props.next + props.value < next && fits(props.next + props.value);
}

const SUBACK_CODES_3 = new Set([0, 1, 2, 0x80]);
const SUBACK_CODES_5 = new Set([0, 1, 2, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]);
const UNSUBACK_CODES_5 = new Set([0, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91]);

/** Whether the codes a segment holds from q (up to `next`) are all in `codes` (the first 64 are looked at). */
function codesPlausible(b, q, next, end, codes) {
  for (let i = q; i < Math.min(next, end, q + 64); i++) if (!codes.has(b[i])) return false;
  return q < next;
}

/** Whether a SUBACK's or UNSUBACK's codes after its packet identifier at p can be 3.1.1's or 5's. */
function ackCodesPlausible(b, p, next, end, unsubscribe) {
  if (!unsubscribe && codesPlausible(b, p, next, end, SUBACK_CODES_3)) return true;
  const props = varint(b, p, end);
  if (props === undefined) return p >= end;
  return codesPlausible(b, props.next + props.value, next, end, unsubscribe ? UNSUBACK_CODES_5 : SUBACK_CODES_5);
}

/**
 * Whether the packet at p, a segment's first, is one: a known type with the flags the standard
 * fixes for it, sent by the side that sends it, and a length and start its kind can have.
 */
function firstPacketPlausible(b, p, end, client) {
  const h = fixedHeader(b, p, end);
  if (h === undefined || !flagsValid(h.type, h.flags) || h.length > MAX_FIRST_LENGTH) return false;
  if (client ? SERVER_ONLY.has(h.type) : CLIENT_ONLY.has(h.type)) return false;
  const n = h.length;
  const s = h.start;
  const next = s + n;
  switch (h.type) {
    case CONNECT: {
      const name = utf8(b, s, end);
      return n >= 10 && name !== undefined && (name.text === 'MQTT' || name.text === 'MQIsdp');
    }
    case CONNACK: return (n === 2 || (n >= 3 && propertiesFill(b, s + 2, next, end))) && (s >= end || b[s] <= 1);
    case PUBLISH: {
      if (s + 2 > end) return n >= 2;
      const topicLength = (b[s] << 8) | b[s + 1];
      return topicLength + 2 + (h.flags & 0x06 ? 2 : 0) <= n && topicPlausible(b, s + 2, topicLength, end);
    }
    case SUBSCRIBE: case UNSUBSCRIBE: return n >= 3 && n <= MAX_SUBSCRIBE_LENGTH && firstFilterPlausible(b, s + 2, next, end);
    case SUBACK: return n >= 3 && n <= MAX_SUBSCRIBE_LENGTH && ackCodesPlausible(b, s + 2, next, end, false);
    case UNSUBACK: return n === 2 || (n >= 4 && n <= MAX_SUBSCRIBE_LENGTH && ackCodesPlausible(b, s + 2, next, end, true));
    case PINGREQ: case PINGRESP: return n === 0;
    case DISCONNECT: case AUTH: return n <= 1 || propertiesFill(b, s + 1, next, end);
    default: return n === 2 || n === 3 || propertiesFill(b, s + 3, next, end); // acknowledgements
  }
}

/**
 * Walks the packets from `start`: calls visit(at, next, h) for each, `next` where it ends (it may
 * be past `end`), `h` its fixed header. Returns false when the bytes at `start` are not a packet, or when a packet held
 * whole is followed by bytes that are not one: then this is the middle of a stream.
 */
function walk(b, start, end, client, visit) {
  let p = start;
  for (let n = 0; p < end && n < MAX_PACKETS; n++) {
    if (n === 0 && !firstPacketPlausible(b, p, end, client)) return false;
    const h = fixedHeader(b, p, end);
    if (h === undefined) return n > 0 && end - p < 5; // a header the segment cuts
    if (!flagsValid(h.type, h.flags) || (client ? SERVER_ONLY : CLIENT_ONLY).has(h.type)) return false;
    const next = h.start + h.length;
    if (visit !== null) visit(p, next, h);
    p = next;
  }
  return true;
}

/** Which way a segment went, when no port says: the side whose packets tile the bytes, or the side its first type is sent by. */
function guessClient(b, p, end) {
  return sideByWalking(walk, b, p, end, () => p < end && CLIENT_ONLY.has(b[p] >> 4));
}

// ------------------------------------------------------------------------------ packets

function readConnect(b, s, stop, m) {
  const name = utf8(b, s, stop);
  if (name === undefined) return;
  m.protocolName = name.text;
  let p = name.next;
  if (p + 4 > stop) return;
  m.protocolVersion = b[p];
  // 0x80 set: a mosquitto bridge (try_private) naming its level
  const level = b[p] & 0x7f;
  if (b[p] & 0x80) m.bridge = true;
  m.version = level === 5 ? 5 : level === 3 || level === 4 ? 4 : undefined;
  const f = b[p + 1];
  m.connectFlags = { username: (f & 0x80) !== 0, password: (f & 0x40) !== 0, willRetain: (f & 0x20) !== 0, willQos: (f >> 3) & 3, will: (f & 0x04) !== 0, cleanSession: (f & 0x02) !== 0 };
  m.keepAlive = (b[p + 2] << 8) | b[p + 3];
  p += 4;
  if (m.version === 5) {
    const props = readProperties(b, p, stop);
    if (props === undefined) return;
    m.properties = props.properties;
    p = props.next;
  }
  const id = utf8(b, p, stop);
  if (id === undefined) return;
  m.clientId = id.text;
  p = id.next;
  if (m.connectFlags.will) {
    const will = {};
    if (m.version === 5) {
      const props = readProperties(b, p, stop);
      if (props === undefined) return;
      will.properties = props.properties;
      p = props.next;
    }
    const topic = utf8(b, p, stop);
    const payload = topic && binary(b, topic.next, stop);
    if (payload === undefined) return;
    will.topic = topic.text;
    will.payload = payload.bytes;
    m.will = will;
    p = payload.next;
  }
  if (m.connectFlags.username) {
    const user = utf8(b, p, stop);
    if (user === undefined) return;
    m.username = user.text;
    p = user.next;
  }
  if (m.connectFlags.password) {
    const password = binary(b, p, stop);
    if (password !== undefined) m.password = password.bytes; // binary data, not text
  }
}

/** The reason code and properties of a version 5 acknowledgement, after its packet identifier (if any) at p. */
function readReason(b, p, stop, packetEnd, m) {
  if (p >= packetEnd) return; // 3.1.1, or 5's success without properties: the version is not told
  m.version = 5;
  if (p >= stop) return;
  m.reasonCode = b[p];
  if (p + 1 >= packetEnd) return;
  const props = readProperties(b, p + 1, stop);
  if (props !== undefined) m.properties = props.properties;
}

function readPublish(b, s, stop, packetEnd, m, hint) {
  m.dup = (m.flags & 0x08) !== 0;
  m.qos = (m.flags >> 1) & 3;
  m.retain = (m.flags & 0x01) !== 0;
  const topic = utf8(b, s, stop);
  if (topic === undefined) return;
  m.topic = topic.text;
  let p = topic.next;
  if (m.qos > 0) {
    if (p + 2 > stop) return;
    m.packetId = (b[p] << 8) | b[p + 1];
    p += 2;
  }
  if (p >= packetEnd) m.version = 4; // 5 has a property list here, if only its zero length
  else if (p < stop && hint !== 4) {
    // version 5's property list: properties that fill their length exactly (that is 5), or a zero
    // length (5 without properties, or a 3.1.1 payload that begins with a zero byte)
    const empty = b[p] === 0;
    const props = empty ? { properties: {}, next: p + 1 } : readProperties(b, p, Math.min(stop, packetEnd), PUBLISH_PROPERTIES);
    if (props !== undefined) {
      if (!empty) m.version = 5;
      m.properties = props.properties;
      p = props.next;
    } else if (hint === 5) {
      // a property list the bytes cut: its length, when held, still says where the payload starts
      m.version = 5;
      const length = varint(b, p, stop);
      if (length !== undefined && length.next + length.value <= packetEnd) m.payloadLength = packetEnd - length.next - length.value;
      return;
    } else if (stop >= packetEnd) m.version = 4;
  }
  m.payloadLength = packetEnd - p;
  m.payload = view(b, p, Math.min(stop, packetEnd));
}

/**
 * SUBSCRIBE's entries from p: [{topic, qos, ...}], or undefined when they do not fill the packet
 * exactly. Bytes are read before `stop` only; a packet the segment cuts gives the entries it holds.
 */
function subscriptions(b, p, stop, packetEnd, v5) {
  const list = [];
  while (p < packetEnd && list.length < MAX_ITEMS) {
    const topic = utf8(b, p, stop);
    if (topic === undefined || topic.next >= stop) return stop < packetEnd && list.length > 0 ? list : undefined;
    const o = b[topic.next];
    if ((v5 ? o & 0xc0 : o & 0xfc) !== 0 || (o & 3) === 3 || (o & 0x30) === 0x30) return undefined;
    const entry = { topic: topic.text, qos: o & 3 };
    if (v5) Object.assign(entry, { noLocal: (o & 0x04) !== 0, retainAsPublished: (o & 0x08) !== 0, retainHandling: (o >> 4) & 3 });
    list.push(entry);
    p = topic.next + 1;
  }
  return list.length > 0 ? list : undefined;
}

function readSubscribe(b, s, stop, packetEnd, m, hint) {
  if (s + 2 > stop) return;
  m.packetId = (b[s] << 8) | b[s + 1];
  const e = Math.min(stop, packetEnd);
  pickReading(m, 'subscriptions', (p, v5) => subscriptions(b, p, e, packetEnd, v5), b, s + 2, e, stop >= packetEnd, hint);
}

/**
 * A SUBSCRIBE's or UNSUBSCRIBE's entries from p, read as 3.1.1 (right there) and as 5 (after a
 * property list): `entries(p, v5)` gives them or undefined when they do not fit. Keeps the one
 * that fits, or the one `hint` names, as m[field]; says the version when only one fits and the
 * packet is whole.
 */
function pickReading(m, field, entries, b, p, e, whole, hint) {
  const v3 = hint === 5 ? undefined : entries(p, false);
  const props = hint === 4 ? undefined : readProperties(b, p, e);
  const v5 = props && entries(props.next, true);
  if (v3 !== undefined && (v5 === undefined || hint === 4)) {
    if (v5 === undefined && hint === undefined && whole) m.version = 4;
    m[field] = v3;
  } else if (v5 !== undefined) {
    if (v3 === undefined && hint === undefined) m.version = 5;
    m.properties = props.properties;
    m[field] = v5;
  } else m[field] = [];
}

function readUnsubscribe(b, s, stop, packetEnd, m, hint) {
  if (s + 2 > stop) return;
  m.packetId = (b[s] << 8) | b[s + 1];
  const e = Math.min(stop, packetEnd);
  // the topic filters from p: undefined when they do not fill the packet (what the segment holds of a cut one)
  const topics = (p) => {
    const list = [];
    while (p < packetEnd && list.length < MAX_ITEMS) {
      const t = utf8(b, p, e);
      if (t === undefined) return e < packetEnd && list.length > 0 ? list : undefined;
      list.push(t.text);
      p = t.next;
    }
    return list.length > 0 ? list : undefined;
  };
  pickReading(m, 'topics', topics, b, s + 2, e, stop >= packetEnd, hint);
}

/** SUBACK's and UNSUBACK's codes after the packet identifier (SUBACK 3.1.1: 0, 1, 2 or 0x80 each). */
function readCodes(b, s, stop, packetEnd, m, hint) {
  if (s + 2 > stop) return;
  m.packetId = (b[s] << 8) | b[s + 1];
  const e = Math.min(stop, packetEnd);
  const codes = (p) => Array.from(view(b, p, Math.min(e, p + MAX_ITEMS)));
  if (m.type === UNSUBACK && packetEnd === s + 2) {
    m.version = 4; // 3.1.1: the identifier alone (5 has a property list and a code)
    return;
  }
  const v3ok = m.type === SUBACK && hint !== 5 && codes(s + 2).every((c) => c <= 2 || c === 0x80);
  const props = hint === 4 ? undefined : readProperties(b, s + 2, e);
  const v5ok = props !== undefined && props.next < packetEnd;
  // Both fit a SUBACK whose first 3.1.1 code is 0 (QoS 0 granted) and 5's empty property list:
  // read as 3.1.1 (what mosquitto's clients and mqtt.js speak unless told otherwise), and the
  // version is not told (another packet of the segment may tell it: see MQTT.packets)
  if (v5ok && !(v3ok && hint !== 5)) {
    if (!v3ok) m.version = 5;
    m.properties = props.properties;
    m[m.type === SUBACK ? 'returnCodes' : 'reasonCodes'] = codes(props.next);
  } else if (v3ok) {
    if (!v5ok && stop >= packetEnd) m.version = 4;
    m.returnCodes = codes(s + 2);
  }
}

/** The fields of one packet, as far as the segment holds it. */
function readPacket(b, h, at, next, end, hint) {
  const stop = Math.min(next, end);
  const m = { type: h.type, typeName: TYPES[h.type], flags: h.flags, length: h.length };
  const s = h.start;
  switch (h.type) {
    case CONNECT: readConnect(b, s, stop, m); break;
    case CONNACK:
      if (s + 2 <= stop) {
        m.sessionPresent = (b[s] & 1) !== 0;
        if (h.length > 2) {
          m.version = 5;
          m.reasonCode = b[s + 1];
          const props = readProperties(b, s + 2, stop);
          if (props !== undefined) m.properties = props.properties;
        } else {
          m.version = 4; // 5's has a property list
          m.returnCode = b[s + 1];
        }
      }
      break;
    case PUBLISH: readPublish(b, s, stop, next, m, hint); break;
    case SUBSCRIBE: readSubscribe(b, s, stop, next, m, hint); break;
    case SUBACK:
    case UNSUBACK: readCodes(b, s, stop, next, m, hint); break;
    case UNSUBSCRIBE: readUnsubscribe(b, s, stop, next, m, hint); break;
    case DISCONNECT:
    case AUTH: readReason(b, s, stop, next, m); break;
    default:
      if (ACKS.has(h.type) && s + 2 <= stop) {
        m.packetId = (b[s] << 8) | b[s + 1];
        readReason(b, s + 2, stop, next, m);
      }
  }
  if (next > end) m.partial = true; // it goes on in the next segment
  return m;
}

class MQTT extends SegmentLayer {
  constructor() {
    super();
    this._packets = null; // read on first use
  }

  /** The control packets that start in the segment, in order ([] for a continuation); read on first use and kept. */
  get packets() {
    if (this._packets !== null) return this._packets;
    const spans = [];
    if (!walk(this._b, this._o, this._end, this._client, (at, next, h) => spans.push([at, next, h]))) spans.length = 0;
    let out = spans.map(([at, next, h]) => readPacket(this._b, h, at, next, this._end, undefined));
    // one segment is one connection, of one version: packets whose own bytes do not tell it are
    // read again as the others tell it (when they agree)
    const told = new Set(out.map((m) => m.version).filter((v) => v !== undefined));
    if (told.size === 1 && out.some((m) => m.version === undefined)) {
      const hint = told.values().next().value;
      out = out.map((m, i) => (m.version === undefined ? readPacket(this._b, spans[i][2], spans[i][0], spans[i][1], this._end, hint) : m));
    }
    this._packets = out;
    return out;
  }

  /** The first PUBLISH's topic in the segment; undefined when there is none. */
  get topic() {
    const m = this.packets.find((x) => x.topic !== undefined);
    return m !== undefined ? m.topic : undefined;
  }

  /** simple_capture's text: `MQTT PUBLISH "a/b" qos 1 id 7 len 5`, `MQTT CONNECT "client" v5`. */
  toString() {
    return mqttPart(this) + (this.error ? ` [${this.error.reason}]` : '');
  }
}

/**
 * One packet of a connection's stream, read with the version its CONNECT named (mqtt_trace): `b`
 * starts with the fixed header and holds the whole packet, or its start (a packet longer than `b`
 * is read as far as `b` goes and marked partial). `version` is 4 (3.1 and 3.1.1), 5, or
 * undefined to read the packet as its own bytes tell. Undefined when `b` holds no fixed header.
 */
function readStreamPacket(b, version) {
  const h = fixedHeader(b, 0, b.length);
  return h === undefined ? undefined : readPacket(b, h, 0, h.start + h.length, b.length, version);
}

/** Whether a packet the client (`client`) or the broker sends may start with byte `c`: a type that side sends, with the flags the standard fixes for it. */
function startsPacket(c, client) {
  const type = c >> 4;
  return flagsValid(type, c & 0x0f) && !(client ? SERVER_ONLY : CLIENT_ONLY).has(type);
}

/** SegmentLayer's hook: walk(b, start, end, client, visit) over the packets from `start` (see walk above). */
MQTT.walk = walk;
/** SegmentLayer's hook: guessClient(b, start, end), which side sent a segment when no port says. */
MQTT.guessClient = guessClient;
/** SegmentLayer's hook: what 'truncated' errors call a message ('packet'). */
MQTT.cutName = 'packet';
defineLayer(MQTT, { name: 'mqtt', fields: ['fromClient', 'continuation', 'topic', 'packets'] });

module.exports = { MQTT, TYPES, readStreamPacket, startsPacket };
