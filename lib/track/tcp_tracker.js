'use strict';
// TCP connection tracking over decoded packets: node_pcap 3.1.0's TCPTracker / TCPSession API,
// with in-order reassembly, wrap-safe sequence numbers, IPv6, RTT samples, bounded memory and
// idle eviction driven by packet timestamps (so an offline run gives the same result every time).
//
// Buffers handed to 'data send' / 'data recv' are views into the packet's bytes. A session's
// packets are views into a fresh batch buffer that is never reused, so the views stay valid for as
// long as you keep them. Out-of-order segments are copied while they wait, so a held segment never
// pins a whole batch. (If you feed node_pcap-style packets whose buffer you reuse, copy the data.)

const { EventEmitter } = require('events');
const { seqDiff, seqAdd, seqLE } = require('./seq');
const { argType, outOfRange } = require('../errors');
const { checkKeys } = require('../options');
const { sourceText, destinationText } = require('../decode/addr');
const { ownCopy } = require('./held_bytes');
const { innermostIp } = require('../decode/innermost');
const { IPv4 } = require('../decode/net/ipv4');
const { IPv6 } = require('../decode/net/ipv6');
const { FlowCache } = require('./flow_cache');

const F_FIN = 0x01;
const F_SYN = 0x02;
const F_RST = 0x04;
const F_ACK = 0x10;

const RTT_RING = 32; // outstanding segments remembered per direction for ACK-based RTT samples
const RTT_KEEP = 256; // RTT samples kept per direction for session_stats() send_times/recv_times
const RETRANS_KEYS = 1024; // distinct retransmitted sequence numbers kept per direction

/** What TCPSession#_track tells the tracker. */
const TRACK_OK = 0;
const TRACK_REUSED = 1; // a fresh SYN on a 4-tuple that already carried a connection

const DEFAULTS = Object.freeze({
  idle_timeout: 120,
  max_sessions: 65536,
  max_reorder_bytes: 1 << 20,
  max_reorder_segments: 1024,
  max_reorder_total: 128 << 20,
  linger: 30,
  http: false,
});
const KNOWN_OPTIONS = new Set(Object.keys(DEFAULTS));

/**
 * Packets of a connection to wait, after its peer acknowledged bytes of one side that were not
 * seen, before taking them as lost by the capture: merged or mirrored captures can show an ACK
 * (and packets reordered on the way) a few packets before the data it acknowledges, and so
 * can show the side's FIN before data sent ahead of it: a FIN seen is no reason to stop waiting.
 */
const ACKED_HOLE_PATIENCE = 8;

/**
 * Seconds of packet time after a connection's apparent last ACK before a FIN the capture missed
 * is taken as sent: a lost one-byte segment looks the same until its side sends again. Also how
 * long a quiet connection's data held beyond an acknowledged hole waits (ACKED_HOLE_PATIENCE
 * counts packets, which a quiet connection does not send).
 */
const FIN_GUESS_WAIT = 1;

/**
 * What one held out-of-order segment costs beyond its bytes, as counted against the tracker's
 * max_reorder_total: its record, its Buffer object and its own backing store (434 bytes of RSS
 * each, measured with 200,000 held one-byte segments on Node 20).
 */
const HELD_SEGMENT_COST = 512;

/** What a held segment ({seq, data, wire, ack, ts}) counts for against max_reorder_total. */
const heldCost = (seg) => (seg.data === null ? 0 : seg.data.length) + HELD_SEGMENT_COST;

/** Whether one side (a TCPHalf) holds data, or its FIN, beyond a hole its peer acknowledged. */
const heldPastAck = (h) => h.ackedTo >= 0 && (h.ooo !== null || (h.finSeq >= 0 && !h.closed));

/** One direction of a connection: what its sender has sent, as seen by the capture. */
class TCPHalf {
  constructor() {
    this.synced = false; // `next` is known
    this.isn = null;
    this.synAck = false; // this side's SYN carried an ACK (a SYN-ACK seen again is a retransmission)
    this.next = 0; // next sequence number to deliver in order
    this.finSeq = -1; // sequence number of the FIN, -1 until one is seen
    this.finTs = -1; // the TCP timestamp (TSval) of the segment that carried that FIN (-1: none)
    this.finGuess = false; // the peer closed and acknowledged one past this side's data: a FIN missed? (see _ackedHole)
    this.ackedTo = -1; // the other side acknowledged everything below this, beyond `next` (-1: no such ACK)
    this.ackedAt = 0; // the session's packet count when ackedTo first lay beyond `next`
    this.closed = false; // the FIN was reached in order
    // joined mid-stream at a segment without data: `next` may be one short (a keep-alive probe
    // is sent at snd_nxt - 1), until this side's data or the peer's ACK tells (see _ack)
    this.probeFirst = false;
    this.window_scale = 1;
    this.ooo = null; // out-of-order segments waiting for the hole before them: {seq, data, wire, ack, ts}
    this.oooBytes = 0;
    this.delivered = 0; // payload bytes delivered in order
    this.retransmits = 0;
    this.retransBytes = 0;
    this.outOfOrder = 0;
    this.gaps = 0;
    this.gapBytes = 0;
    this.retrans = {}; // node_pcap's send_retrans: {seq+len: count}
    this.retransKeys = 0;
    // RTT: a ring of (end sequence, send time) of segments not yet acknowledged
    this.ringEnd = null;
    this.ringTime = null;
    this.ringHead = 0;
    this.ringCount = 0;
    this.ringSorted = true; // the ring's ends rise from head to tail (no segment came below one before it)
    this.rttCount = 0;
    this.rttSum = 0;
    this.rttMin = Infinity;
    this.rttMax = 0;
    this.rttSamples = null; // [ackno, seconds, ackno, seconds, ...], at most RTT_KEEP pairs
  }

  /** Remembers a new segment ending at `end` sent at `t`, for a later RTT sample. */
  _sent(end, t) {
    if (this.ringEnd === null) {
      this.ringEnd = new Uint32Array(RTT_RING);
      this.ringTime = new Float64Array(RTT_RING);
    }
    if (this.ringCount === RTT_RING) {
      this.ringHead = (this.ringHead + 1) % RTT_RING; // forget the oldest
      this.ringCount--;
    }
    const i = (this.ringHead + this.ringCount) % RTT_RING;
    if (this.ringCount > 0 && seqLE(end, this.ringEnd[(i + RTT_RING - 1) % RTT_RING])) this.ringSorted = false;
    this.ringEnd[i] = end;
    this.ringTime[i] = t;
    this.ringCount++;
  }

  /** An ACK for `ack` arrived at `t`: one RTT sample from the newest segment it covers. */
  _acked(ack, t) {
    let sentAt = -1;
    while (this.ringCount > 0 && seqLE(this.ringEnd[this.ringHead], ack)) {
      sentAt = this.ringTime[this.ringHead];
      this.ringHead = (this.ringHead + 1) % RTT_RING;
      this.ringCount--;
    }
    if (!this.ringSorted) sentAt = this._ackedBehind(ack, sentAt);
    if (sentAt < 0) return;
    const rtt = t - sentAt;
    if (rtt < 0) return;
    this.rttCount++;
    this.rttSum += rtt;
    if (rtt < this.rttMin) this.rttMin = rtt;
    if (rtt > this.rttMax) this.rttMax = rtt;
    if (this.rttSamples === null) this.rttSamples = [];
    if (this.rttSamples.length < RTT_KEEP * 2) this.rttSamples.push(ack, rtt);
  }

  /**
   * Segments that came in below one seen before them (reordered before the capture point) stand
   * behind it in the ring: those the ACK covers leave it too, and the newest of all it covers
   * gives the sample (it is what the ACK answers), instead of waiting until the one in front is
   * acknowledged.
   */
  _ackedBehind(ack, sentAt) {
    let kept = 0;
    let rising = true;
    for (let k = 0; k < this.ringCount; k++) {
      const i = (this.ringHead + k) % RTT_RING;
      const end = this.ringEnd[i];
      if (seqLE(end, ack)) {
        if (this.ringTime[i] > sentAt) sentAt = this.ringTime[i];
        continue;
      }
      const j = (this.ringHead + kept) % RTT_RING;
      if (kept > 0 && seqLE(end, this.ringEnd[(j + RTT_RING - 1) % RTT_RING])) rising = false;
      this.ringEnd[j] = end;
      this.ringTime[j] = this.ringTime[i];
      kept++;
    }
    this.ringCount = kept;
    this.ringSorted = rising;
    return sentAt;
  }

  /** Karn's rule: after a retransmission, ACKs are ambiguous, so drop what is outstanding. */
  _forgetOutstanding() {
    this.ringCount = 0;
    this.ringSorted = true;
  }

  _countRetrans(key, bytes) {
    this.retransmits++;
    this.retransBytes += bytes;
    const k = String(key);
    if (this.retrans[k] !== undefined) this.retrans[k]++;
    else if (this.retransKeys < RETRANS_KEYS) {
      this.retrans[k] = 1;
      this.retransKeys++;
    }
  }

  /** RTT summary in seconds: {count, min, avg, max}, or zeros when there is no sample. */
  rttSummary() {
    const n = this.rttCount;
    return { count: n, min: n ? this.rttMin : 0, avg: n ? this.rttSum / n : 0, max: n ? this.rttMax : 0 };
  }
}

/**
 * One TCP connection (node_pcap 3.1.0's TCPSession). `src` is the side that opened it (sent the
 * SYN), or for a connection joined mid-stream, the side that looks like the client.
 *
 * Events: 'start'(session), 'data send'(session, Buffer), 'data recv'(session, Buffer),
 * 'retransmit'(session, 'send'|'recv', seq+len, seq), 'reset'(session, 'send'|'recv'),
 * 'syn retry'(session), 'gap'(session, 'send'|'recv', seq, length), 'fin'(session,
 * 'send'|'recv'), 'end'(session). HTTP trackers add the 'http …' and 'websocket …' events.
 */
class TCPSession extends EventEmitter {
  /**
   * Sessions are made by TCPTracker; constructing one by hand gives an empty session.
   * @param {TCPTracker} [tracker]
   * @param {string} [key]
   */
  constructor(tracker, key) {
    super();
    if (tracker !== undefined && tracker !== null && !(tracker instanceof TCPTracker)) throw argType('tracker', 'a TCPTracker (or nothing, for a session fed by hand)', tracker);
    if (key !== undefined && key !== null && typeof key !== 'string') throw argType('key', 'of type string', key);
    this.tracker = tracker || null;
    this.key = key || null;
    this.src = null;
    this.src_name = null;
    this.dst = null;
    this.dst_name = null;
    this.ip_version = 4;
    this.state = null;
    this.current_cap_time = null;
    this.last_time = null;
    this.syn_time = null;
    this.missed_syn = false;
    this.connect_time = null;
    this.close_time = null;
    this.end_reason = null; // 'fin', 'reset', 'timeout', 'evicted', 'reused', 'flush'
    this.reset_by = null; // 'send' or 'recv' when a RST ended it
    this._idleTimeout = null; // idle_timeout's value
    this._lruKey = undefined; // the idle_timeout its tracker filed it under (TCPTracker#_lru)
    this._flowSlots = [-1, -1]; // its tracker's FlowCache slots, from src and from dst
    this.send_isn = null;
    this.send_window_scale = 1;
    this.send_bytes_ip = 0;
    this.send_bytes_tcp = 0;
    this.send_bytes_payload = 0;
    this.send_packets = 0;
    this.recv_isn = null;
    this.recv_window_scale = 1;
    this.recv_bytes_ip = 0;
    this.recv_bytes_tcp = 0;
    this.recv_bytes_payload = 0;
    this.recv_packets = 0;
    this._send = new TCPHalf();
    this._recv = new TCPHalf();
    this._maxBytes = tracker ? tracker.options.max_reorder_bytes : DEFAULTS.max_reorder_bytes;
    this._maxSegs = tracker ? tracker.options.max_reorder_segments : DEFAULTS.max_reorder_segments;
    this._app = null; // an application parser (HTTP) fed the in-order stream directly
    this._dataAck = -1; // the acknowledgement number of the segment whose bytes are being delivered
    this._ending = false; // _end() is flushing: a FIN reached now must not end it a second way
    this._ended = false;
  }

  /**
   * Seconds of quiet that end this session: null for the tracker's idle_timeout, 0 for never
   * (set by the HTTP tracker on HTTP/2 and WebSocket connections: see _keepThroughQuiet).
   */
  get idle_timeout() {
    return this._idleTimeout;
  }

  /**
   * @param {number|null} seconds null: the tracker's idle_timeout; 0: never
   * @throws ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE for anything but null or a number >= 0 (a
   *   string or NaN would end the session at the next sweep, a Symbol make the sweep throw)
   */
  set idle_timeout(seconds) {
    if (seconds !== null) {
      if (typeof seconds !== 'number') throw argType('idle_timeout', 'a number of seconds or null', seconds);
      if (!(seconds >= 0)) throw outOfRange('idle_timeout', '>= 0 (0: never), or null for the tracker\'s', seconds);
    }
    this._idleTimeout = seconds;
    // filed at once under the new value: a sweep walks a list only up to its first session not
    // yet due, and never walks the list of 0, so it might not meet this one for a long time
    if (this._lruKey !== undefined && this._lruKey !== seconds) this.tracker._refile(this);
  }

  /** Next in-order sequence number expected from src (node_pcap's send_next_seq). */
  get send_next_seq() { return this._send.synced ? this._send.next : null; }
  /** Next in-order sequence number expected from dst. */
  get recv_next_seq() { return this._recv.synced ? this._recv.next : null; }
  /** node_pcap's {seq+len: count} of retransmitted segments sent by src (first 1024 keys). */
  get send_retrans() { return this._send.retrans; }
  /** node_pcap's {seq+len: count} of retransmitted segments sent by dst (first 1024 keys). */
  get recv_retrans() { return this._recv.retrans; }

  /**
   * Keeps this session through `seconds` of quiet at least (never ended for quiet when the
   * tracker's idle_timeout is 0): for a connection whose state a new session joining it
   * mid-stream could not rebuild, such as HTTP/2's header tables or a WebSocket's frames.
   * @param {number} seconds
   */
  _keepThroughQuiet(seconds) {
    const idle = this.tracker !== null ? this.tracker.options.idle_timeout : 0;
    this.idle_timeout = idle === 0 ? 0 : Math.max(idle, seconds);
  }

  /**
   * Sets up the session from its first packet.
   */
  _init(src, dst, ipVersion, flags, t) {
    this.src = this.src_name = src;
    this.dst = this.dst_name = dst;
    this.ip_version = ipVersion;
    this.current_cap_time = this.last_time = this.syn_time = t;
    if ((flags & (F_SYN | F_ACK)) === F_SYN) {
      this.state = 'SYN_SENT';
    } else if ((flags & (F_SYN | F_ACK)) === (F_SYN | F_ACK)) {
      this.state = 'SYN_RCVD'; // the SYN went by before we started looking
      this.missed_syn = true;
    } else {
      this.state = 'ESTAB'; // joined mid-stream; probably established
      this.missed_syn = true;
      this.connect_time = t;
    }
  }

  /**
   * Tracks one segment. Returns TRACK_REUSED when the segment is a new connection's SYN.
   * @param {boolean} fromSrc
   * @param {number} flags TCP flag bits
   * @param {number} seq
   * @param {number} ack
   * @param {Buffer|null} data captured payload
   * @param {number} wire payload length on the wire (>= data.length when the capture cut it)
   */
  _track(fromSrc, flags, seq, ack, data, wire, ipHeader, tcpHeader, wscale, t, tsval = -1) {
    const h = fromSrc ? this._send : this._recv;
    const o = fromSrc ? this._recv : this._send;
    // A bare SYN with a new ISN: the port pair is being reused. The segment belongs to the new
    // connection, so nothing of it is counted here.
    if ((flags & (F_SYN | F_ACK | F_RST)) === F_SYN && h.synced && seq !== h.isn) return TRACK_REUSED;
    this.current_cap_time = t;
    this.last_time = t;
    if (fromSrc) {
      this.send_packets++;
      this.send_bytes_ip += ipHeader;
      this.send_bytes_tcp += tcpHeader;
      this.send_bytes_payload += wire;
    } else {
      this.recv_packets++;
      this.recv_bytes_ip += ipHeader;
      this.recv_bytes_tcp += tcpHeader;
      this.recv_bytes_payload += wire;
    }

    if ((flags & F_RST) !== 0) {
      // a RST-ACK still acknowledges what it covers: an RTT sample (a refused connection's SYN)
      if ((flags & F_ACK) !== 0 && o.synced) o._acked(ack, t);
      this.reset_by = fromSrc ? 'send' : 'recv';
      this.emit('reset', this, this.reset_by);
      this._end('reset', t);
      return TRACK_OK;
    }
    // Neither SYN nor ACK: every receiver drops it, data and FIN (RFC 9293 3.10.7: "if the ACK
    // bit is off drop the segment"), so it says nothing of the stream. Taking it would let
    // bytes sent only to mislead a monitor stand in for the real ones at that sequence number.
    if ((flags & (F_SYN | F_ACK)) === 0) return TRACK_OK;

    let dataSeq = seq;
    if ((flags & F_SYN) !== 0) {
      dataSeq = seqAdd(seq, 1); // SYN occupies one sequence number; TFO data follows it
      if (!h.synced) {
        h.synced = true;
        h.isn = seq;
        h.next = dataSeq;
        h.synAck = (flags & F_ACK) !== 0;
        h._sent(dataSeq, t);
        if (wscale !== undefined) h.window_scale = 1 << wscale; // multiplier, as node_pcap
        if (fromSrc) {
          this.send_isn = seq;
          this.send_window_scale = h.window_scale;
        } else {
          this.recv_isn = seq;
          this.recv_window_scale = h.window_scale;
        }
      } else if (seq === h.isn) {
        if ((flags & F_ACK) !== 0 && !h.synAck && o.synced && o.isn !== null && seqAdd(o.isn, 1) === ack) {
          // simultaneous open (RFC 9293 §3.5): the SYNs crossed and each side now sends its SYN
          // again with an ACK of the other's. Not a retransmission.
          h.synAck = true;
        } else {
          if ((flags & F_ACK) === 0 && this.state === 'SYN_SENT') {
            // a retransmission like any (RFC 6298 5.7; a SYN-ACK sent again counts below), though
            // node_pcap's event and send_retrans map tell it apart
            h.retransmits++;
            this.emit('syn retry', this);
          } else {
            h._countRetrans(dataSeq, 0);
            this.emit('retransmit', this, fromSrc ? 'send' : 'recv', dataSeq, seq);
          }
          h._forgetOutstanding();
          if (wire === 0) return TRACK_OK;
        }
      } else {
        return TRACK_OK; // a SYN-ACK that does not match: stale, ignore (a bare SYN was TRACK_REUSED above)
      }
    } else if (!h.synced) {
      // first segment from this side of a connection joined mid-stream
      h.synced = true;
      h.isn = seqAdd(seq, -1);
      h.next = seq;
      h.probeFirst = wire === 0 && (flags & (F_FIN | F_RST)) === 0;
      if (fromSrc) this.send_isn = h.isn;
      else this.recv_isn = h.isn;
    } else if (wire > 0) h.probeFirst = false;

    if ((flags & F_ACK) !== 0) this._ack(fromSrc, o, ack, flags, t);
    if (this._ended) return TRACK_OK;

    if (wire > 0 || (flags & F_FIN) !== 0) {
      // This side sends new data (or its FIN) after receiving the other's held data (or FIN)
      // beyond an acknowledged hole: what it says may answer that data (an HTTP response, its
      // request), so it goes first; the hole was lost by the capture. (A FIN alone answers no
      // FIN held there: the wait goes on, and data the capture shows late can still come.)
      const past = o.ooo !== null ? o.ooo[0].seq : o.finSeq >= 0 && !o.closed ? o.finSeq : -1;
      if (
        past >= 0 && o.ackedTo >= 0 && (flags & F_ACK) !== 0 && seqDiff(ack, past) > 0 && !h.closed &&
        (seqDiff(seqAdd(dataSeq, wire), h.next) > 0 || ((flags & F_FIN) !== 0 && h.finSeq < 0 && o.ooo !== null))
      ) {
        this._ackedHole(!fromSrc, t, true);
      }
      if (this._ended) return TRACK_OK;
      h.finGuess = false; // this side goes on: what looked like its FIN was a lost byte
      this._segment(fromSrc, h, dataSeq, data, wire, (flags & F_FIN) !== 0, (flags & F_ACK) !== 0 ? ack : -1, t, tsval);
    }
    // nearly always -1: no call per packet for the common case
    if (!this._ended && this._send.ackedTo >= 0) this._ackedHole(true, t);
    if (!this._ended && this._recv.ackedTo >= 0) {
      const wasClosed = this._recv.closed;
      this._ackedHole(false, t);
      // that may have closed dst's side (its FIN reached past a skipped hole): src's FIN guess,
      // which looks for the peer's close, is taken again (dst's own guess came after src's)
      if (!wasClosed && this._recv.closed && !this._ended && this._send.ackedTo >= 0) this._ackedHole(true, t);
    }
    return TRACK_OK;
  }

  /**
   * Bytes of one side that its peer acknowledged and we never saw. They are skipped (lost by the
   * capture; no retransmission will come) once the side has been seen beyond them (data held, or
   * its FIN) for ACKED_HOLE_PATIENCE packets (or the connection has been quiet for
   * FIN_GUESS_WAIT: the sweep's _settleQuiet), or (`now`) what is held beyond them must go
   * before what the peer sends next. With nothing of the side beyond them, one byte past
   * its data after the peer has closed is what a close whose FIN the capture missed leaves (or a
   * lost one-byte segment): marked, and settled by the tracker's sweep (_settleQuiet) unless
   * the side sends again.
   */
  _ackedHole(fromSrc, t, now = false) {
    const h = fromSrc ? this._send : this._recv;
    if (h.ackedTo < 0) return;
    if (h.closed || seqDiff(h.ackedTo, h.next) <= 0) {
      h.ackedTo = -1;
      h.finGuess = false;
      return;
    }
    if (h.ooo === null && h.finSeq < 0) {
      // (bytes lost before it too: the last acknowledged number is still the FIN; settled as a gap + FIN)
      h.finGuess = (fromSrc ? this._recv : this._send).closed && seqDiff(h.ackedTo, h.next) >= 1;
      if (h.finGuess && this.tracker !== null) this.tracker._watchQuiet.add(this); // for its sweep
      return;
    }
    h.finGuess = false;
    if (!now && this.send_packets + this.recv_packets - h.ackedAt < ACKED_HOLE_PATIENCE) {
      // and if the connection goes quiet first, the sweep skips it after FIN_GUESS_WAIT (_settleQuiet)
      if (this.tracker !== null) this.tracker._watchQuiet.add(this);
      return;
    }
    this._skipToAck(fromSrc, h, t);
    // Nothing to wait for (the peer answers): every hole below the peer's ACK goes, not only the
    // first. (Data held beyond a second hole would otherwise wait out the patience again, after
    // what the peer sent in answer to it.)
    while (now && !this._ended && !h.closed && h.ackedTo >= 0 && h.ooo !== null && seqDiff(h.ooo[0].seq, h.ackedTo) < 0) {
      this._skipToAck(fromSrc, h, t);
    }
  }

  /** Skips what is missing of one side below its peer's ACK (up to its held data or its FIN). */
  _skipToAck(fromSrc, h, t) {
    let upTo = h.ackedTo;
    if (h.finSeq >= 0 && seqDiff(upTo, h.finSeq) > 0) upTo = h.finSeq;
    if (h.ooo !== null && seqDiff(h.ooo[0].seq, upTo) < 0) upTo = h.ooo[0].seq;
    const hole = seqDiff(upTo, h.next);
    if (hole > 0) this._gap(fromSrc ? 'send' : 'recv', h, hole);
    if (seqDiff(h.ackedTo, h.next) <= 0) h.ackedTo = -1;
    else h.ackedAt = this.send_packets + this.recv_packets; // a further hole below the ACK: wait again
    this._drain(fromSrc, h, t);
  }

  /** An ACK from one side: handshake progress, RTT samples, and holes the receiver skipped. */
  _ack(fromSrc, o, ack, flags, t) {
    if (this.state === 'SYN_RCVD' && fromSrc && (flags & F_SYN) === 0) this._established(t);
    else if (this.state === 'SYN_SENT' && (flags & F_SYN) === 0) {
      // the SYN-ACK was not captured, but the connection is clearly up
      if (fromSrc && !o.synced) {
        o.synced = true;
        o.isn = seqAdd(ack, -1);
        o.next = ack;
        this.recv_isn = o.isn;
      }
      this._established(t);
    } else if (this.state === 'SYN_SENT' && !fromSrc) {
      this.state = 'SYN_RCVD';
    }
    if (!o.synced) return;
    if (o.probeFirst) {
      // the other side's first segment, without data, was a keep-alive probe when this ACK is
      // exactly one past it and nothing else came from it: the byte between is no loss
      o.probeFirst = false;
      if (seqDiff(ack, o.next) === 1 && o.delivered === 0 && o.ooo === null && o.finSeq < 0) o.next = ack;
    }
    o._acked(ack, t);
    // The receiver has every byte below `ack`. Bytes below it that we have not seen were lost by
    // the capture and will never be retransmitted, or the ACK was captured before the data it
    // acknowledges (both directions merged from two captures, a mirror port): remembered here,
    // skipped by _ackedHole once the data has had time to show up.
    if (!o.closed) {
      const d = seqDiff(ack, o.next);
      if (d > 0 && d < 0x40000000 && (o.ackedTo < 0 || seqDiff(ack, o.ackedTo) > 0)) {
        if (o.ackedTo < 0) o.ackedAt = this.send_packets + this.recv_packets; // (again when data beyond comes: _hold)
        o.ackedTo = ack;
      }
    }
  }

  _established(t) {
    this.state = 'ESTAB';
    this.connect_time = t;
    this.emit('start', this);
  }

  /**
   * A segment with payload and/or FIN from one side, placed in sequence order. `tsval` is its
   * TCP timestamp (-1: none).
   */
  _segment(fromSrc, h, seq, data, wire, fin, ack, t, tsval = -1) {
    const dir = fromSrc ? 'send' : 'recv';
    const end = seqAdd(seq, wire);
    if (wire > 0) {
      const d = seqDiff(seq, h.next);
      // New bytes below held data, in a segment sent after some of that data (a later TCP
      // timestamp; new data goes out in sequence order): a first copy was lost before the
      // capture point. Without timestamps this looks like reordering and is not counted.
      const again = tsval >= 0 && (h.ooo !== null || (h.finSeq >= 0 && !h.closed)) && this._sentAfterHeld(h, seq, tsval);
      if (wire === 1 && !fin && !h.closed && d === -1) {
        // a keep-alive probe: one byte already delivered, sent again to get an ACK (as Windows
        // does; Linux sends none). Not a retransmission (Wireshark's "TCP Keep-Alive").
      } else if (h.closed || seqDiff(end, h.next) <= 0) {
        // everything in it was delivered already
        h._countRetrans(end, wire);
        h._forgetOutstanding();
        this.emit('retransmit', this, dir, end, seq);
      } else if (d <= 0) {
        if (d < 0) {
          h._countRetrans(end, -d); // overlaps what we had: deliver only the new tail
          h._forgetOutstanding();
        } else if (again) {
          h._countRetrans(end, wire);
          h._forgetOutstanding(); // Karn: its ACK is no RTT sample
        } else h._sent(end, t);
        this._deliver(fromSrc, h, data, -d, wire + d, ack);
        this._drain(fromSrc, h, t);
      } else if (this._buffered(h, seq, end)) {
        h._countRetrans(end, wire);
        h._forgetOutstanding();
        this.emit('retransmit', this, dir, end, seq);
      } else {
        h.outOfOrder++;
        if (again) {
          h._countRetrans(end, wire);
          h._forgetOutstanding();
        } else h._sent(end, t);
        this._hold(fromSrc, h, seq, data, wire, ack, t, tsval);
      }
    }
    if (fin && !this._ended) {
      if (h.finSeq < 0) {
        h.finSeq = end;
        h.finTs = tsval;
        // the wait for an acknowledged hole counts from the first thing seen beyond it (as in _hold)
        if (h.ackedTo >= 0 && h.ooo === null) h.ackedAt = this.send_packets + this.recv_packets;
      }
      if (!h.closed && seqDiff(h.finSeq, h.next) <= 0) this._closeHalf(fromSrc, h, t);
      else if (h.closed && wire === 0) {
        h._countRetrans(seqAdd(h.finSeq, 1), 0);
        this.emit('retransmit', this, dir, seqAdd(h.finSeq, 1), h.finSeq);
      }
    }
  }

  /**
   * Emits `wire` bytes starting `skip` bytes into this segment (`data` may be cut short). `ack`
   * is the segment's acknowledgement number (-1 without ACK), read by the HTTP layer as
   * `_dataAck` while the bytes are delivered.
   */
  _deliver(fromSrc, h, data, skip, wire, ack) {
    const have = data === null ? 0 : data.length - skip;
    this._dataAck = ack;
    if (have > 0) {
      const chunk = skip === 0 && have <= wire ? data : data.subarray(skip, skip + (have < wire ? have : wire));
      h.next = seqAdd(h.next, chunk.length);
      h.delivered += chunk.length;
      this.emit(fromSrc ? 'data send' : 'data recv', this, chunk);
      if (this._app !== null) this._app.onData(fromSrc, chunk);
      if (this._ended) return;
      wire -= chunk.length;
    }
    if (wire > 0) this._gap(fromSrc ? 'send' : 'recv', h, wire); // the capture cut the segment short
  }

  /** Skips `len` bytes nobody will ever see (capture loss or snaplen). */
  _gap(dir, h, len) {
    const at = h.next;
    h.next = seqAdd(h.next, len);
    h.gaps++;
    h.gapBytes += len;
    this.emit('gap', this, dir, at, len);
    if (this._app !== null) this._app.onGap(dir === 'send', len);
  }

  /**
   * Whether a segment starting at `seq` was sent after one held that starts above it, or after
   * the side's FIN seen above it (by TCP timestamps): its first bytes had gone out before that one's.
   */
  _sentAfterHeld(h, seq, tsval) {
    // (a bare FIN is held too, since a FIN no longer ends the wait for a hole: the lost last
    // segment sent again after it is the common case)
    if (h.finSeq >= 0 && !h.closed && h.finTs >= 0 && seqDiff(h.finSeq, seq) > 0 && ((tsval - h.finTs) | 0) > 0) return true;
    const q = h.ooo;
    if (q === null) return false;
    for (let i = q.length - 1; i >= 0 && seqDiff(q[i].seq, seq) > 0; i--) {
      if (q[i].ts >= 0 && ((tsval - q[i].ts) | 0) > 0) return true;
    }
    return false;
  }

  _buffered(h, seq, end) {
    const q = h.ooo;
    if (q === null) return false;
    for (let i = 0; i < q.length; i++) {
      const s = q[i];
      if (seqDiff(seq, s.seq) >= 0 && seqDiff(end, seqAdd(s.seq, s.wire)) <= 0) return true;
    }
    return false;
  }

  /**
   * Holds an out-of-order segment (a copy) until the hole before it is filled or given up; `ts`
   * is its TCP timestamp (-1: none), to tell a retransmission below it.
   */
  _hold(fromSrc, h, seq, data, wire, ack, t, ts = -1) {
    const tracker = this.tracker;
    if (h.ooo === null) {
      h.ooo = [];
      if (tracker !== null) tracker._holders.set(h, this); // last in the tracker's order of waiting
      // the wait for an acknowledged hole counts from the first data seen beyond it
      if (h.ackedTo >= 0) h.ackedAt = this.send_packets + this.recv_packets;
    }
    const q = h.ooo;
    const copy = data === null ? null : ownCopy(data); // kept while the hole lasts
    const seg = { seq, data: copy, wire, ack, ts };
    let i = q.length;
    while (i > 0 && seqDiff(q[i - 1].seq, seq) > 0) i--;
    q.splice(i, 0, seg);
    h.oooBytes += copy === null ? 0 : copy.length;
    if (tracker !== null) tracker._heldBytes += heldCost(seg);
    // over the cap: stop waiting for the first hole
    while (h.ooo !== null && (h.oooBytes > this._maxBytes || h.ooo.length > this._maxSegs)) {
      this._giveUpHole(fromSrc, h, t);
      if (this._ended) return;
    }
    if (tracker !== null && tracker._heldBytes > tracker.options.max_reorder_total) tracker._overHeldBudget(t);
  }

  /** Stops waiting for the first hole of one side: a 'gap', then what it held goes out in order. */
  _giveUpHole(fromSrc, h, t) {
    const hole = seqDiff(h.ooo[0].seq, h.next);
    if (hole > 0) this._gap(fromSrc ? 'send' : 'recv', h, hole);
    this._drain(fromSrc, h, t);
  }

  /** Forgets what one side holds out of order (none left, or the session ended). */
  _dropHeld(h) {
    if (h.ooo === null) return;
    const tracker = this.tracker;
    if (tracker !== null) {
      for (const s of h.ooo) tracker._heldBytes -= heldCost(s);
      tracker._holders.delete(h);
    }
    h.ooo = null;
    h.oooBytes = 0;
  }

  /** Delivers held segments that are now in order, and the FIN if it is reached. */
  _drain(fromSrc, h, t) {
    const q = h.ooo;
    while (q !== null && q.length > 0 && !this._ended) {
      const s = q[0];
      const d = seqDiff(s.seq, h.next);
      if (d > 0) break;
      q.shift();
      h.oooBytes -= s.data === null ? 0 : s.data.length;
      if (this.tracker !== null) this.tracker._heldBytes -= heldCost(s);
      if (seqDiff(seqAdd(s.seq, s.wire), h.next) > 0) this._deliver(fromSrc, h, s.data, -d, s.wire + d, s.ack);
    }
    if (q !== null && q.length === 0) this._dropHeld(h);
    if (!this._ended && !h.closed && h.finSeq >= 0 && seqDiff(h.finSeq, h.next) <= 0) this._closeHalf(fromSrc, h, t);
  }

  /** The FIN of one side was reached in order: move the state machine, end when both are. */
  _closeHalf(fromSrc, h, t) {
    h.closed = true;
    h.next = seqAdd(h.finSeq, 1);
    h._sent(h.next, t);
    const s = this.state;
    if (fromSrc) this.state = s === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT';
    else this.state = s === 'FIN_WAIT' ? 'CLOSING' : 'CLOSE_WAIT';
    this.emit('fin', this, fromSrc ? 'send' : 'recv');
    if (this._app !== null) this._app.onFin(fromSrc);
    if (this._send.closed && this._recv.closed && !this._ending) this._end('fin', t);
  }

  /** Whether the tracker's sweep has something to settle once this session is quiet (_settleQuiet). */
  _awaitsQuiet() {
    return this._send.finGuess || this._recv.finGuess || heldPastAck(this._send) || heldPastAck(this._recv);
  }

  /**
   * The session has been quiet for FIN_GUESS_WAIT since its last packet. Data held beyond a hole
   * the peer acknowledged goes out (nothing will fill the hole: the peer has those bytes, and a
   * copy the capture saw late would have come by now), rather than waiting for
   * ACKED_HOLE_PATIENCE more packets of a connection that may send none until its idle timeout.
   * And a FIN guessed from the last ACK (nothing came after it) was sent, unseen.
   */
  _settleQuiet() {
    for (const fromSrc of [true, false]) {
      const h = fromSrc ? this._send : this._recv;
      if (!this._ended && !h.finGuess && heldPastAck(h)) this._ackedHole(fromSrc, this.last_time, true);
    }
    // that may have closed a side (its FIN reached past a skipped hole): the other side's FIN
    // guess, which looks for the peer's close, is taken again
    for (const fromSrc of [true, false]) {
      const h = fromSrc ? this._send : this._recv;
      if (!this._ended && !h.finGuess && h.ackedTo >= 0) this._ackedHole(fromSrc, this.last_time);
    }
    for (const fromSrc of [true, false]) {
      const h = fromSrc ? this._send : this._recv;
      if (!h.finGuess || this._ended) continue;
      h.finGuess = false;
      const lost = h.ackedTo >= 0 ? seqDiff(h.ackedTo, h.next) - 1 : 0;
      if (lost > 0) this._gap(fromSrc ? 'send' : 'recv', h, lost); // data lost before the missed FIN
      h.finSeq = h.next;
      h.ackedTo = -1;
      this._closeHalf(fromSrc, h, this.last_time);
    }
  }

  /** Ends the session: flushes held data past its holes, emits 'end', leaves the tracker. */
  _end(reason, t) {
    if (this._ended || this._ending) return;
    this._ending = true;
    this._flushHeld(true, this._send, t);
    this._flushHeld(false, this._recv, t);
    // a capture that stops right after the close, with bytes before a FIN lost: both FINs were
    // sent, and flushing what was held reached them (they wait out ACKED_HOLE_PATIENCE otherwise)
    if (reason === 'flush' && this._send.closed && this._recv.closed) reason = 'fin';
    this._ended = true;
    // what is still held (bytes past a FIN, say, that nothing will deliver) goes with it
    this._dropHeld(this._send);
    this._dropHeld(this._recv);
    this.state = 'CLOSED';
    this.end_reason = reason;
    this.close_time = t;
    if (this._app !== null) this._app.onEnd(reason);
    if (this.tracker !== null) this.tracker._remove(this, reason);
    this.emit('end', this);
  }

  _flushHeld(fromSrc, h, t) {
    // acknowledged bytes never seen were lost by the capture (one byte past the data, with
    // nothing after it, is the FIN the capture missed, not data)
    // Repeated: an acknowledged hole can lie beyond held data as well as before it.
    while (!this._ended && !h.closed) {
      const peerClosed = (fromSrc ? this._recv : this._send).closed;
      if (h.ackedTo >= 0 && h.ooo === null && h.finSeq < 0 && peerClosed && seqDiff(h.ackedTo, h.next) > 1) {
        // lost data and then the FIN the capture missed (the peer has closed): the last acknowledged number is the FIN
        this._gap(fromSrc ? 'send' : 'recv', h, seqDiff(h.ackedTo, h.next) - 1);
        break;
      }
      if (h.ackedTo >= 0 && seqDiff(h.ackedTo, h.next) > 0 && !(h.ooo === null && h.finSeq < 0 && h.ackedTo === seqAdd(h.next, 1))) {
        this._skipToAck(fromSrc, h, t); // (a FIN right after the hole closes the side)
      } else if (h.ooo !== null) {
        const hole = seqDiff(h.ooo[0].seq, h.next);
        if (hole > 0) this._gap(fromSrc ? 'send' : 'recv', h, hole);
        this._drain(fromSrc, h, t);
      } else if (h.finSeq >= 0 && seqDiff(h.finSeq, h.next) > 0) {
        // a FIN held behind a hole: the bytes before it were lost
        this._gap(fromSrc ? 'send' : 'recv', h, seqDiff(h.finSeq, h.next));
        this._drain(fromSrc, h, t);
      } else break;
    }
    h.ackedTo = -1;
  }

  /**
   * node_pcap's statistics, with RTT summaries and loss counters added. Times in seconds.
   * `send_times`/`recv_times` map an acknowledgement number to one RTT sample (data sent by
   * src / dst until the other side acknowledged it), at most 256 each.
   * @returns {object}
   */
  session_stats() {
    const s = this._send;
    const r = this._recv;
    const times = (h) => {
      const out = {};
      const a = h.rttSamples;
      if (a !== null) for (let i = 0; i < a.length; i += 2) out[a[i]] = a[i + 1];
      return out;
    };
    const end = this.close_time !== null ? this.close_time : this.last_time;
    const stats = {
      recv_times: times(r),
      send_times: times(s),
      send_retrans: { ...s.retrans },
      recv_retrans: { ...r.retrans },
      connect_duration: this.connect_time !== null && this.syn_time !== null ? this.connect_time - this.syn_time : null,
      total_time: end !== null && this.syn_time !== null ? end - this.syn_time : null,
      send_overhead: this.send_bytes_ip + this.send_bytes_tcp,
      send_payload: this.send_bytes_payload,
      send_total: this.send_bytes_ip + this.send_bytes_tcp + this.send_bytes_payload,
      recv_overhead: this.recv_bytes_ip + this.recv_bytes_tcp,
      recv_payload: this.recv_bytes_payload,
      recv_total: this.recv_bytes_ip + this.recv_bytes_tcp + this.recv_bytes_payload,
      // additions
      state: this.state,
      missed_syn: this.missed_syn,
      end_reason: this.end_reason,
      send_packets: this.send_packets,
      recv_packets: this.recv_packets,
      send_delivered: s.delivered,
      recv_delivered: r.delivered,
      send_retransmits: s.retransmits,
      recv_retransmits: r.retransmits,
      send_retrans_bytes: s.retransBytes,
      recv_retrans_bytes: r.retransBytes,
      send_out_of_order: s.outOfOrder,
      recv_out_of_order: r.outOfOrder,
      send_gaps: s.gaps,
      recv_gaps: r.gaps,
      send_gap_bytes: s.gapBytes,
      recv_gap_bytes: r.gapBytes,
      rtt: { send: s.rttSummary(), recv: r.rttSummary() },
    };
    return stats;
  }
}

/**
 * The TSval of a segment's timestamp option (RFC 7323), or -1: this library's TCP layer reads
 * it in place (TCP#_tsval), any other layer gives it in `options.timestamp`.
 */
function tsvalOf(tcp) {
  if (typeof tcp._tsval === 'function') return tcp._tsval();
  const opts = tcp.options;
  return opts && typeof opts.timestamp === 'number' ? opts.timestamp : -1;
}

/** Turns a node_pcap-style flags object into the bit value. */
function flagBits(f) {
  if (f === undefined || f === null) return 0;
  return (f.fin ? F_FIN : 0) | (f.syn ? F_SYN : 0) | (f.rst ? F_RST : 0) | (f.psh ? 0x08 : 0) | (f.ack ? F_ACK : 0) | (f.urg ? 0x20 : 0);
}

function checkNumber(name, v, min) {
  if (typeof v !== 'number') throw argType(`options.${name}`, 'of type number', v);
  if (!(v >= min)) throw outOfRange(`options.${name}`, `>= ${min}`, v); // (NaN too)
  return v;
}

/**
 * Follows TCP connections in decoded packets (node_pcap 3.1.0's TCPTracker). Feed it every
 * decoded packet with track_packet(); it emits 'session'(TCPSession) for each new connection,
 * before that connection's first packet is processed, so listeners added then see everything.
 *
 * Sessions live in `tracker.sessions` (keyed "ip:port-ip:port", the smaller endpoint first;
 * IPv6 as "[addr]:port") until they end: both FINs, a RST, `idle_timeout` seconds of packet time
 * without a packet, eviction when `max_sessions` is reached, or flush().
 */
class TCPTracker extends EventEmitter {
  /**
   * @param {object} [options]
   * @param {number} [options.idle_timeout=120] seconds (packet time) before a quiet session
   *   ends with end_reason 'timeout'; 0 turns it off
   * @param {number} [options.max_sessions=65536] open sessions at most; the least recently
   *   active eighth is ended ('evicted') to make room
   * @param {number} [options.max_reorder_bytes=1048576] out-of-order bytes held per direction
   *   before the hole in front of them is given up (a 'gap')
   * @param {number} [options.max_reorder_segments=1024] out-of-order segments held per direction
   * @param {number} [options.max_reorder_total=134217728] out-of-order bytes held by all sessions
   *   together, each segment counted with 512 bytes of overhead; past it, the side that has
   *   waited longest for a hole gives it up (a 'gap'), and so on until the total is below it
   * @param {number} [options.linger=30] seconds a closed connection's port pair is remembered, so
   *   its late ACKs and retransmitted FINs do not open a new session (a new SYN still does)
   * @param {boolean|object} [options.http] also parse HTTP/1.x, HTTP/2 in the clear and
   *   WebSocket (true, or HTTPTracker options): the 'http …' and 'websocket …' events fire on
   *   each session and on this tracker (node_pcap 0.4 style). Not given: turned on by the first
   *   'http …' or 'websocket …' listener added to the tracker, as node_pcap 0.4 code expects;
   *   false: never
   * An option name not listed here is ERR_INVALID_ARG_VALUE (a typo would otherwise go unseen).
   */
  constructor(options) {
    super();
    if (options !== undefined && (options === null || typeof options !== 'object')) throw argType('options', 'of type object', options);
    if (options) checkKeys(options, KNOWN_OPTIONS, 'TCPTracker');
    const o = { ...DEFAULTS };
    // an option given as undefined keeps its default, as in createSession()
    if (options) for (const k of Object.keys(options)) if (options[k] !== undefined) o[k] = options[k];
    checkNumber('idle_timeout', o.idle_timeout, 0);
    checkNumber('max_sessions', o.max_sessions, 1);
    checkNumber('max_reorder_bytes', o.max_reorder_bytes, 0);
    checkNumber('max_reorder_segments', o.max_reorder_segments, 0);
    checkNumber('max_reorder_total', o.max_reorder_total, 0);
    checkNumber('linger', o.linger, 0);
    this.options = o;
    this.sessions = {};
    this.session_count = 0;
    // The open sessions again, least recently active first, in one Map per value of their own
    // idle_timeout (null: the tracker's): a sweep and an eviction then look only at the oldest,
    // not at every session (a second of capture time with 50k open sessions took 50 ms).
    // Packet time never runs backwards, so activity order is last_time order within a list.
    this._lru = new Map(); // idle_timeout -> Map(key -> session)
    this._newest = null; // the session last moved to the end of its list
    // Sides (TCPHalf -> its TCPSession) holding out-of-order segments, in the order they began
    // to wait, and what all of them hold (heldCost): bounded by max_reorder_total
    this._holders = new Map();
    this._heldBytes = 0;
    this._watchQuiet = new Set(); // sessions with a FIN guess (TCPHalf#finGuess) or an acknowledged hole for the sweep (_settleQuiet)
    this.stats = { packets: 0, tracked: 0, ignored: 0, sessions: 0, timeouts: 0, evicted: 0, reorder_overflows: 0 };
    this._closed = new Map(); // key -> close time, for `linger`
    this._flows = new FlowCache(); // packet -> session, for this library's layers (flow_cache.js)
    // Two clocks: packet times (what sessions record; never runs backwards) and the sweep clock
    // (packet times and expire() calls). expire() is usually called with wall-clock time, which is
    // ahead of packets that libpcap still holds; those keep their own timestamps.
    this._packetNow = 0;
    this._now = 0;
    this._lastSweep = 0;
    this._sweepEvery = o.idle_timeout > 0 ? Math.min(1, o.idle_timeout / 2) : 1;
    this.http = null;
    if (o.http) {
      this._startHttp(o.http);
    } else if (!options || options.http === undefined) {
      // node_pcap 0.4 parsed HTTP on every tracker: its code only adds the listeners. Started at
      // the next session, so that an HTTPTracker the program makes for this tracker meanwhile
      // (it sets `http`) is the one used.
      this._httpWanted = false;
      const onListener = (name) => {
        if (typeof name !== 'string' || !/^(http|websocket) /.test(name)) return;
        this.removeListener('newListener', onListener);
        this._httpWanted = true;
      };
      this.on('newListener', onListener);
    }
  }

  _startHttp(http) {
    const { HTTPTracker } = require('./http_tracker');
    this.http = new HTTPTracker(this, { ...(typeof http === 'object' ? http : {}), also_emit_on: this });
  }

  /**
   * Tracks one decoded packet (from pcap.decode.packet). Packets that are not TCP over IPv4 or
   * IPv6 are ignored. Never throws on malformed packets.
   * @param {object} packet a decoded PcapPacket
   */
  track_packet(packet) {
    this.stats.packets++;
    const ip = innermostIp(packet);
    if (ip === null) return;
    const tcp = ip.payload;
    if (tcp.decoderName !== 'tcp') return;
    const seq = tcp.seqno;
    const ack = tcp.ackno;
    const sport = tcp.sport;
    const dport = tcp.dport;
    if (typeof seq !== 'number' || typeof ack !== 'number' || sport === undefined || dport === undefined) return; // header not captured
    if (typeof tcp.headerLength === 'number' && tcp.headerLength < 20) {
      // a data offset below 5 words: where the payload starts, and so how long it is, is unknown
      this.stats.ignored++;
      return;
    }
    const flags = typeof tcp.flagsValue === 'number' ? tcp.flagsValue : flagBits(tcp.flags);
    const v6 = ip.decoderName === 'ipv6';
    // this library's IP layers are looked up by their bytes (flow_cache.js); any other by the
    // text key, which is built here, or below if the cache has no live session for the flow
    const ours = ip.constructor === (v6 ? IPv6 : IPv4);
    if (ours && !FlowCache.captured(ip, v6)) return; // an address not captured
    let src;
    let dst;
    let key;
    if (!ours) {
      const saddr = sourceText(ip, 'saddr');
      const daddr = destinationText(ip, 'daddr');
      if (saddr === undefined || daddr === undefined) return;
      src = v6 ? '[' + saddr + ']:' + sport : saddr + ':' + sport;
      dst = v6 ? '[' + daddr + ']:' + dport : daddr + ':' + dport;
      key = src < dst ? src + '-' + dst : dst + '-' + src;
    }

    const h = packet.pcap_header;
    let t = h ? h.tv_sec + h.tv_usec / 1e6 : this._packetNow;
    if (t > this._packetNow) this._packetNow = t;
    else t = this._packetNow; // never let packet time run backwards (merged or multi-interface captures)
    if (t > this._now) this._now = t;
    if (this._now - this._lastSweep >= this._sweepEvery) this._sweep(this._now);

    // (after the sweep, which may have ended it; a session someone deleted from `sessions` is
    // not used either, as the text key would not find it)
    let session = null;
    let fromSrc;
    if (ours) {
      const slot = this._flows.probe(ip, v6, sport, dport);
      const cached = this._flows.match(slot);
      if (cached !== null && !cached._ended && this.sessions[cached.key] === cached) {
        session = cached;
        fromSrc = this._flows.fromSrc(slot);
      }
    }
    if (session === null) {
      if (key === undefined) {
        const saddr = ip._srcText();
        const daddr = ip._dstText();
        src = v6 ? '[' + saddr + ']:' + sport : saddr + ':' + sport;
        dst = v6 ? '[' + daddr + ']:' + dport : daddr + ':' + dport;
        key = src < dst ? src + '-' + dst : dst + '-' + src;
      }
      session = this.sessions[key];
      if (session === undefined) {
        if (this._closed.size > 0 && this._closed.has(key)) {
          // a late packet of a closed connection; only a fresh SYN starts a new one, or a SYN-ACK
          // with another ISN than that side's in the closed connection (the new SYN went uncaptured)
          if ((flags & (F_SYN | F_ACK | F_RST)) !== F_SYN && !this._newSynAck(key, src, flags, seq)) {
            this.stats.ignored++;
            return;
          }
          this._closed.delete(key);
        }
        if ((flags & F_RST) !== 0 || (flags & (F_SYN | F_ACK)) === 0) {
          this.stats.ignored++;
          return; // a RST for a connection we never saw: nothing to end; without SYN or ACK: dropped by its receiver (see _track)
        }
        session = this._open(key, src, dst, v6, flags, sport, dport, t);
      }
      fromSrc = src === session.src;
      if (ours) this._flows.store(ip, v6, sport, dport, session, fromSrc);
    }

    const data = tcp.data === undefined ? null : tcp.data;
    const captured = data === null ? 0 : data.length;
    const tcpHeader = tcp.headerLength || 20;
    // IPv6 extension headers lie between the fixed header and TCP (this library's layers say where)
    const ext = v6 && tcp._b === ip._b && tcp._o - ip._o > 40 ? tcp._o - ip._o - 40 : 0;
    const ipHeader = v6 ? 40 + ext : ip.headerLength || 20;
    let wire = captured;
    if (v6) {
      const pl = ip.payloadLength;
      if (pl > 0 && pl - ext - tcpHeader > wire) wire = pl - ext - tcpHeader;
    } else {
      const total = ip.length;
      if (total > 0 && total - ipHeader - tcpHeader > wire) wire = total - ipHeader - tcpHeader;
    }
    let wscale;
    if ((flags & F_SYN) !== 0) {
      const opts = tcp.options;
      if (opts && typeof opts.window_scale === 'number') wscale = opts.window_scale;
    }
    // (read only where it can tell a retransmission: data or a FIN, with options)
    const tsval = (wire > 0 || (flags & F_FIN) !== 0) && tcpHeader > 20 ? tsvalOf(tcp) : -1;
    this.stats.tracked++;
    if (session._track(fromSrc, flags, seq, ack, data, wire, ipHeader, tcpHeader, wscale, t, tsval) === TRACK_REUSED) {
      const old = session;
      session._end('reused', session.last_time); // it ended unseen, after its last packet
      this._closed.delete(old.key);
      // the new connection's SYN is this packet: its sender is the new session's src
      session = this._open(old.key, fromSrc ? old.src : old.dst, fromSrc ? old.dst : old.src, v6, flags, sport, dport, t);
      if (ours) this._flows.store(ip, v6, sport, dport, session, true);
      session._track(true, flags, seq, ack, data, wire, ipHeader, tcpHeader, wscale, t, tsval);
    }
    if (!session._ended) this._touch(session);
  }

  /**
   * Moves a session that just had a packet to the end of its activity list (a change of its
   * idle_timeout has already moved it to that value's list: see TCPSession#idle_timeout).
   */
  _touch(s) {
    if (this._newest === s) return;
    const list = this._lru.get(s._lruKey);
    list.delete(s.key);
    list.set(s.key, s);
    this._newest = s;
  }

  /** Files a session (again) under its idle_timeout, as the most recently active there. */
  _refile(s) {
    if (s._lruKey !== undefined) this._unlist(s);
    let list = this._lru.get(s.idle_timeout);
    if (list === undefined) this._lru.set(s.idle_timeout, (list = new Map()));
    list.set(s.key, s);
    s._lruKey = s.idle_timeout;
    this._newest = null; // not necessarily the newest of its list (see _sweep)
  }

  _unlist(s) {
    const list = this._lru.get(s._lruKey);
    list.delete(s.key);
    if (list.size === 0) this._lru.delete(s._lruKey); // few lists, for _evict
    s._lruKey = undefined;
    if (this._newest === s) this._newest = null;
  }

  _open(key, src, dst, v6, flags, sport, dport, t) {
    if (this.session_count >= this.options.max_sessions) this._evict(t);
    const session = new TCPSession(this, key);
    // Who is the client? The SYN's sender; for a SYN-ACK its receiver; mid-stream, guess from
    // the ports (a well-known or non-ephemeral port talking to an ephemeral one is the server).
    let reverse = false;
    if ((flags & (F_SYN | F_ACK)) === (F_SYN | F_ACK)) reverse = true;
    else if ((flags & F_SYN) === 0) reverse = (sport < 1024 && dport >= 1024) || (sport < 32768 && dport >= 32768);
    if (reverse) session._init(dst, src, v6 ? 6 : 4, flags, t);
    else session._init(src, dst, v6 ? 6 : 4, flags, t);
    this.sessions[key] = session;
    this._refile(session);
    this._newest = session;
    this.session_count++;
    this.stats.sessions++;
    if (this._httpWanted) {
      this._httpWanted = false;
      if (this.http === null) this._startHttp(true);
    }
    this.emit('session', session);
    if (session.state === 'ESTAB' && !session._ended) session.emit('start', session);
    return session;
  }

  /** Called by a session as it ends. */
  _remove(session, reason) {
    this._flows.forget(session);
    // A program may have deleted it from `sessions` itself (node_pcap code pruned sessions so):
    // it is still on its activity list and counted until it ends, and then let go all the same.
    const listed = this.sessions[session.key] === session;
    if (!listed && session._lruKey === undefined) return; // removed already
    if (listed) delete this.sessions[session.key];
    this._unlist(session);
    this._watchQuiet.delete(session);
    this.session_count--;
    if (reason === 'timeout') this.stats.timeouts++;
    else if (reason === 'evicted') this.stats.evicted++;
    if (listed && (reason === 'fin' || reason === 'reset') && this.options.linger > 0) {
      this._closed.delete(session.key);
      // when it closed, and each side's ISN (a new connection's SYN-ACK is told by its own: _newSynAck)
      this._closed.set(session.key, { at: session.close_time, src: session.src, srcIsn: session.send_isn, dstIsn: session.recv_isn });
      if (this._closed.size > this.options.max_sessions) this._closed.delete(this._closed.keys().next().value);
    }
  }

  /**
   * Ends sessions idle for longer than idle_timeout, closes those whose last ACK showed a FIN the
   * capture missed and releases data held beyond acknowledged holes once FIN_GUESS_WAIT has
   * passed without more (_settleQuiet), and forgets old closed port pairs.
   * Each activity list is walked from its oldest session to the first one not yet due. A session
   * whose idle_timeout is set between its packets moves to that value's list at once (it may then
   * stand behind newer sessions there, and end up to that difference late). FIN guesses and
   * acknowledged holes are few: each is settled, or dropped, at the first sweep after its
   * session's last second of quiet.
   */
  _sweep(now) {
    this._lastSweep = now;
    const idle = this.options.idle_timeout;
    const old = [];
    const guessed = [];
    for (const s of this._watchQuiet) {
      if (!s._awaitsQuiet()) this._watchQuiet.delete(s);
      else if (now - s.last_time >= FIN_GUESS_WAIT) {
        guessed.push(s);
        this._watchQuiet.delete(s);
      }
    }
    for (const [key, list] of this._lru) {
      const limit = key === null ? idle : key;
      if (limit <= 0) continue; // never ended for quiet
      for (const s of list.values()) {
        if (now - s.last_time < limit) break;
        old.push(s);
      }
    }
    for (const s of guessed) s._settleQuiet();
    for (const s of old) s._end('timeout', s.last_time); // (nothing if settling ended it)
    const linger = this.options.linger;
    for (const [k, closed] of this._closed) {
      if (now - closed.at < linger) break; // insertion order is close order
      this._closed.delete(k);
    }
  }

  /**
   * Whether a segment on the port pair of a closed connection is a SYN-ACK of a new one: its ISN
   * is not the one its sender had (a SYN-ACK sent again after a RST has the same).
   */
  _newSynAck(key, src, flags, seq) {
    if ((flags & (F_SYN | F_ACK | F_RST)) !== (F_SYN | F_ACK)) return false;
    const closed = this._closed.get(key);
    return seq !== (src === closed.src ? closed.srcIsn : closed.dstIsn);
  }

  /**
   * Past max_reorder_total: the side that began waiting for a hole first gives it up, then the
   * next, until what is held fits again. Waiting longest, its hole is the likeliest to be lost
   * for good; and taking it costs nothing, where finding the biggest holder would mean a walk
   * over every holder at each held segment.
   */
  _overHeldBudget(t) {
    const max = this.options.max_reorder_total;
    while (this._heldBytes > max && this._holders.size > 0) {
      const [h, session] = this._holders.entries().next().value;
      const before = this._heldBytes;
      this.stats.reorder_overflows++;
      session._giveUpHole(h === session._send, h, t);
      if (this._heldBytes === before && this._holders.keys().next().value === h) break; // no progress: never loop
    }
  }

  /** At max_sessions: end the least recently active eighth of the sessions. */
  _evict(now) {
    this._sweep(now);
    if (this.session_count < this.options.max_sessions) return;
    for (const s of this._oldest(Math.max(1, this.session_count >> 3))) s._end('evicted', now);
  }

  /** The `n` least recently active sessions, merged from the heads of the activity lists. */
  _oldest(n) {
    const heads = [];
    for (const list of this._lru.values()) {
      const it = list.values();
      const first = it.next();
      if (!first.done) heads.push({ it, s: first.value });
    }
    const out = [];
    while (out.length < n && heads.length > 0) {
      let min = 0;
      for (let i = 1; i < heads.length; i++) if (heads[i].s.last_time < heads[min].s.last_time) min = i;
      const h = heads[min];
      out.push(h.s);
      const next = h.it.next();
      if (next.done) heads.splice(min, 1);
      else h.s = next.value;
    }
    return out;
  }

  /**
   * Ends every open session now (end_reason 'flush'; 'fin' when delivering the data held past its
   * holes reaches both sides' FINs):
   * call it when a capture file is done to get 'end' (and HTTP completions) for what is left.
   */
  flush() {
    for (const s of Object.values(this.sessions)) s._end('flush', s.last_time);
  }

  /**
   * Moves the clock that ends idle sessions on to `seconds` and ends them, for a live capture
   * that has gone quiet (Date.now() / 1000). Packets delivered after it keep their own
   * timestamps.
   * @param {number} seconds
   */
  expire(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw argType('seconds', 'a finite number', seconds);
    if (seconds > this._now) this._now = seconds;
    this._sweep(this._now);
  }

  /**
   * node_pcap 0.x's tracker.session_stats(session).
   * @param {TCPSession} session
   * @returns {object} session.session_stats()
   */
  session_stats(session) {
    if (!(session instanceof TCPSession)) throw argType('session', "a TCPSession (one this tracker's 'session' event gave)", session);
    return session.session_stats();
  }
}

module.exports = { TCPTracker, TCPSession, DEFAULTS };
