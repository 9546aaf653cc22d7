'use strict';
// HTTP/1.x and WebSocket over tracked TCP sessions: node_pcap 0.4's events, parsed from the
// in-order reassembled streams (not single packets), with pipelining, every body framing,
// 1xx/HEAD/204/304, 101 upgrades and joining a connection mid-stream. A connection that opens
// with HTTP/2's preface goes to http2.js instead, which gives the same events per stream.

const { EventEmitter } = require('events');
const { HttpParser, REQUEST, RESPONSE, LIMITS, httpError } = require('./http_parser');
const { seqLT } = require('./seq');
const { WebSocketParser } = require('./websocket');
const { HttpExchange } = require('./http_exchange');
const { Http2Conversation, PREFACE, startsLikeServerPreface, IDLE_TIMEOUT_MIN } = require('./http2');
const { append } = require('./held_bytes');
const { argType, outOfRange } = require('../errors');
const { checkKeys } = require('../options');
const { TCPSession } = require('./tcp_tracker');

const KNOWN_OPTIONS = new Set(['max_header_size', 'max_ws_message', 'max_resync_scan', 'max_exchanges', 'max_ws_windows', 'also_emit_on']);

const MAX_PENDING = 64; // pipelined requests waiting for a response, followed per connection
// Past MAX_PENDING the oldest waiting request is no longer followed, but its place is kept (see
// _enqueue): runs of requests no longer followed, at most this many (only HEAD and CONNECT told apart)
const MAX_EVICTED_RUNS = 1024;
const SNIFF_MAX = 65536; // bytes of the server's held while the client's preface is awaited

/** A 1xx response other than 101: the final response to the same request is still to come. */
const isInterim = (status) => status >= 100 && status < 200 && status !== 101;

/** The method of the request an exchange answers, when known: its response is framed by it (HEAD, CONNECT). */
function methodOf(x) {
  if (x.request !== null) return x.request.method;
  if (x._evicted !== null) return x._evicted.method;
  return x.request_error !== null && x.request_error.method !== undefined ? x.request_error.method : null;
}

/**
 * The parameters of the permessage-deflate extension a 101 response agreed to (RFC 7692 §7), as
 * {name: true or its value}; null when it agreed to none.
 * @param {string|undefined} header Sec-WebSocket-Extensions
 */
function permessageDeflate(header) {
  if (typeof header !== 'string') return null;
  for (const extension of header.split(',')) {
    const [name, ...params] = extension.split(';').map((t) => t.trim());
    if (name.toLowerCase() !== 'permessage-deflate') continue;
    const out = {};
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) out[p.toLowerCase()] = true;
      else out[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    }
    return out;
  }
  return null;
}

/** The HTTP state of one TCP session: a parser per direction, and the pipeline between them. */
class HttpConversation {
  constructor(tracker, session) {
    this.tracker = tracker;
    this.session = session;
    const mid = !!session.missed_syn;
    const limits = tracker.limits;
    // from the SYN on, src sends requests; joined mid-stream, each side shows what it is
    this.send = new HttpParser(this, mid ? 0 : REQUEST, !mid, limits);
    this.send.dir = 'send';
    this.recv = new HttpParser(this, mid ? 0 : RESPONSE, !mid, limits);
    this.recv.dir = 'recv';
    this.pending = [];
    // requests no longer followed, after the first waiting one if its answer has begun, else before
    // all: runs of [method ('HEAD', 'CONNECT' or null), how many] (see _enqueue)
    this.evicted = [];
    // Sequence numbers just past the last bytes each direction delivered, where the last
    // request completed in each (where the next one starts, for a client that waits for each
    // answer), and whether bytes of a direction were lost since its last message head: after
    // such a gap, responses are matched to requests by acknowledgement number.
    this.seqEnd = { send: 0, recv: 0 };
    this.requestsEnd = { send: -1, recv: -1 };
    this.gapSince = { send: false, recv: false };
    this.ws = null; // {send, recv} WebSocketParsers after an upgrade
    this.upgraded = null; // the exchange whose 101 switched protocols
    this.h2 = null; // the Http2Conversation, when the client's first bytes are HTTP/2's preface
    // Seen from its start, a connection may speak HTTP/2 from its first byte (prior knowledge):
    // the client's first bytes are held while they match the preface, and the server's while
    // they look like its first SETTINGS (a server may send them before the preface arrives).
    // The client's held bytes are the preface's first `sent`, so only counted; the server's are
    // a copy (`recv`, its first `recvLength` bytes), a view would pin a whole capture batch
    this.sniff = mid ? null : { sent: 0, recv: null, recvLength: 0 };
    this._counted = 0; // _openExchanges() as the tracker last counted it (see HTTPTracker#_recount)
    this._oldestSeen = null; // _oldestExchange() then
  }

  // listeners get the event's own arguments, no trailing undefineds (index.d.ts counts them)
  _emit(name, ...args) {
    const s = this.session;
    s.emit(name, s, ...args);
    this.tracker._emitShared(name, s, ...args);
  }

  _other(p) {
    return p === this.send ? this.recv : this.send;
  }

  // TCP stream hooks (called by TCPSession)
  onData(fromSrc, buf) {
    const s = this.session;
    if (fromSrc) this.seqEnd.send = s._send.next;
    else this.seqEnd.recv = s._recv.next;
    if (this.h2 !== null) this.h2.onTcpData(fromSrc ? 'send' : 'recv', buf);
    else if (this.sniff !== null) this._sniff(fromSrc, buf);
    else (fromSrc ? this.send : this.recv).execute(buf);
    this.tracker._recount(this);
  }

  onGap(fromSrc, n) {
    // the lost bytes were passed over: a request they complete ends past them, where the next begins
    const s = this.session;
    if (fromSrc) this.seqEnd.send = s._send.next;
    else this.seqEnd.recv = s._recv.next;
    if (this.sniff !== null) this._sniffed(false);
    if (this.h2 !== null) {
      this.h2.onGap(fromSrc ? 'send' : 'recv');
    } else {
      this.gapSince[fromSrc ? 'send' : 'recv'] = true;
      (fromSrc ? this.send : this.recv).gap(n);
    }
    this.tracker._recount(this);
  }

  onFin(fromSrc) {
    if (this.sniff !== null) this._sniffed(false);
    if (this.h2 === null) (fromSrc ? this.send : this.recv).finish(true);
    this.tracker._recount(this);
  }

  onEnd(reason) {
    if (this.sniff !== null) this._sniffed(false);
    if (this.h2 !== null) {
      this.h2.onEnd(reason);
    } else {
      const clean = reason === 'fin' || reason === 'reset';
      this.send.finish(clean, reason === 'reset');
      this.recv.finish(clean, reason === 'reset');
      if (clean) this._unanswered(reason);
    }
    this.tracker._recount(this, true); // what a capture that stopped left open is followed no more
    if (this.ws !== null) {
      for (const w of [this.ws.send, this.ws.recv]) {
        if (w.window !== null) this.tracker._wsWindow(w, w.window.length, 0);
        w.window = null;
      }
    }
  }

  /**
   * The connection closed with requests still waiting for their (final) response: each is an
   * ERR_HTTP_INCOMPLETE on the response's direction, so that no request goes unreported. (A
   * capture that stops, by flush, timeout or eviction, says nothing: the answer may come later.)
   */
  _unanswered(reason) {
    const waiting = this.pending;
    this.pending = [];
    this.evicted = [];
    for (const x of waiting) {
      if (x.request !== null && !x.request.complete) continue; // already reported, cut itself
      const res = x.response;
      if (res !== null && !(res.complete && isInterim(res.status_code))) continue;
      const what = x.request !== null ? `${x.request.method} ${x.request.url}` : 'a request';
      const dir = x.request_dir === 'recv' ? 'send' : 'recv';
      this._emit('http error', dir, httpError('ERR_HTTP_INCOMPLETE', `the connection ${reason === 'reset' ? 'was reset' : 'closed'} before the response to ${what}`, { exchange: x }));
    }
  }

  /**
   * Holds a connection's first bytes until they tell HTTP/2 (the preface) from HTTP/1.x. Each
   * segment is looked at once, for what it adds (only the first 24 and 9 bytes tell): no
   * rereading of what is held, which cost a copy of it all per segment.
   */
  _sniff(fromSrc, buf) {
    const k = this.sniff;
    if (fromSrc) {
      const n = Math.min(buf.length, PREFACE.length - k.sent);
      if (buf.compare(PREFACE, k.sent, k.sent + n, 0, n) !== 0) this._sniffed(false, true, buf);
      else if (k.sent + n === PREFACE.length) this._sniffed(true, true, buf);
      else k.sent += n;
      return;
    }
    const have = k.recvLength;
    if (have + buf.length > SNIFF_MAX) return this._sniffed(false, false, buf);
    if (have < 9) {
      const head = have === 0 ? buf : Buffer.concat([k.recv.subarray(0, have), buf.subarray(0, 9 - have)]);
      if (!startsLikeServerPreface(head.subarray(0, 9))) return this._sniffed(false, false, buf);
    }
    k.recv = append(k.recv, have, buf, 1024, SNIFF_MAX); // a SETTINGS frame: tens of bytes, seldom more
    k.recvLength += buf.length;
    return undefined;
  }

  /**
   * The first bytes are told: what was held, then `buf` (from the client when `fromSrc`) that told,
   * goes to HTTP/2, or to the HTTP/1.x parsers (the client's first).
   */
  _sniffed(h2, fromSrc, buf) {
    const k = this.sniff;
    this.sniff = null;
    // what the client sent before: the preface's first bytes (a copy: parsers may hand it on)
    const sent = k.sent > 0 ? Buffer.from(PREFACE.subarray(0, k.sent)) : null;
    const recv = k.recvLength > 0 ? k.recv.subarray(0, k.recvLength) : null;
    const next = (dir, held) => {
      const out = [];
      if (held !== null) out.push(held);
      if (buf !== undefined && fromSrc === (dir === 'send')) out.push(buf);
      return out;
    };
    if (h2) {
      this.h2 = new Http2Conversation(this);
      for (const b of next('recv', recv)) this.h2.onTcpData('recv', b); // the server's SETTINGS came first
      for (const b of next('send', sent)) this.h2.onTcpData('send', b);
      return;
    }
    for (const b of next('send', sent)) this.send.execute(b);
    for (const b of next('recv', recv)) this.recv.execute(b);
  }

  // parser hooks
  onHead(p, msg) {
    const t = this.session.current_cap_time;
    if (p.role === REQUEST) {
      const x = new HttpExchange();
      x.request = msg;
      x.request_dir = p.dir;
      x.request_time = t;
      x._requestStart = this.requestsEnd[p.dir]; // -1: not known
      this._enqueue(x);
      p.exchange = x;
      this._emit('http request', x);
      return null;
    }
    if (this.gapSince[p.dir]) {
      this.gapSince[p.dir] = false;
      this._retireUnanswered(p);
    }
    let x = this._answering(p);
    if (x === null) {
      x = new HttpExchange(); // its request was not captured
      x.request_dir = p.dir === 'send' ? 'recv' : 'send';
      this.pending.push(x);
    }
    if (x.response !== null && isInterim(x.response.status_code)) x.interim.push(x.response);
    x.response = msg;
    x.response_time = t;
    x.response_complete_time = null;
    p.exchange = x;
    this._emit('http response', x);
    return methodOf(x);
  }

  /**
   * A request waits in the pipeline for its answer. Past MAX_PENDING the oldest whose answer has
   * not begun is no longer followed, but its place is kept: answers come in order, and dropping
   * it would pin every later answer on the wrong request.
   */
  _enqueue(x) {
    if (this.pending.length >= MAX_PENDING) this._evictOldest();
    this.pending.push(x);
  }

  /**
   * The oldest waiting request whose answer has not begun is no longer followed (see _enqueue).
   * False when there is none.
   */
  _evictOldest() {
    const q = this.pending;
    const i = q.length > 0 && q[0].response !== null ? 1 : 0;
    if (i >= q.length) return false;
    const old = q.splice(i, 1)[0];
    const m = methodOf(old);
    const method = m === 'HEAD' || m === 'CONNECT' ? m : null; // what frames an answer
    const runs = this.evicted;
    const last = runs.length > 0 ? runs[runs.length - 1] : null;
    if (last !== null && (last[0] === method || runs.length >= MAX_EVICTED_RUNS)) last[1]++;
    else runs.push([method, 1]);
    return true;
  }

  /** Requests followed on this connection now: waiting for, or receiving, their answer. */
  _openExchanges() {
    return this.h2 !== null ? this.h2.streams.size : this.pending.length;
  }

  /** The request followed here that has waited longest (null: none). */
  _oldestExchange() {
    if (this.h2 !== null) return this.h2.streams.size > 0 ? this.h2.streams.values().next().value : null;
    return this.pending.length > 0 ? this.pending[0] : null;
  }

  /**
   * One request followed here is no longer (the HTTPTracker's max_exchanges was reached): on
   * HTTP/1.x the oldest whose answer has not begun, as past MAX_PENDING; on HTTP/2 the oldest
   * open stream. False when there is none such.
   */
  _shedExchange() {
    if (this.h2 !== null) return this.h2.dropOldest(`over ${this.tracker.limits.max_exchanges} requests followed at once on all connections (max_exchanges)`);
    return this._evictOldest();
  }

  /**
   * The exchange a response head answers: the first waiting, or one of its own for the first
   * request no longer followed (see _enqueue), or null when no request waits.
   */
  _answering(p) {
    const x = this.pending.length > 0 ? this.pending[0] : null;
    // an answer begun (a 1xx came) is continued; requests no longer followed come before the rest
    if (this.evicted.length === 0 || (x !== null && x.response !== null)) return x;
    const run = this.evicted[0];
    if (--run[1] === 0) this.evicted.shift();
    const y = new HttpExchange();
    y.request_dir = p.dir === 'send' ? 'recv' : 'send';
    y._evicted = { method: run[0] };
    this.pending.unshift(y);
    return y;
  }

  /**
   * A response head after bytes of its direction were lost: whole responses may have gone with
   * them. A server answers in order, and a client that waits for each answer sends a request
   * only after the answer to the one before: when the response's segment acknowledges bytes of
   * a later request, the answers to the requests before that one were in what was lost. They
   * leave the pipeline with ERR_HTTP_GAP. (Exact for such a client, also for 1xx and early
   * answers; a client that pipelines may have sent more than was answered.)
   */
  _retireUnanswered(p) {
    const ack = this.session._dataAck;
    if (ack < 0) return;
    if (this.evicted.length > 0) {
      // requests no longer followed come first: answered in what was lost when the first
      // followed one (whose answer has not begun) was sent before the acknowledged bytes
      const x = this.pending.length > 0 ? this.pending[0] : null;
      if (x === null || x.response !== null || x._requestStart < 0 || !seqLT(x._requestStart, ack)) return;
      this.evicted = [];
    }
    while (this.pending.length > 1) {
      const next = this.pending[1];
      if (next._requestStart < 0 || !seqLT(next._requestStart, ack)) break;
      const lost = this.pending.shift();
      const what = lost.request !== null ? `${lost.request.method} ${lost.request.url}` : 'a request';
      this._emit('http error', p.dir, httpError('ERR_HTTP_GAP', `the response to ${what} was not captured`, { exchange: lost }));
    }
  }

  onBody(p, msg, chunk) {
    this._emit(p.role === REQUEST ? 'http request body' : 'http response body', p.exchange, chunk);
  }

  onComplete(p, msg) {
    const x = p.exchange;
    const t = this.session.current_cap_time;
    if (p.role === REQUEST) {
      x.request_complete_time = t;
      this.requestsEnd[p.dir] = this.seqEnd[p.dir]; // the end of the bytes it completed in
      this._emit('http request complete', x);
      return;
    }
    x.response_complete_time = t;
    const sc = msg.status_code;
    const final = !isInterim(sc);
    if (final && this.pending[0] === x) this.pending.shift();
    this._emit('http response complete', x);
    if (!final) return;
    const req = this._other(p);
    const method = methodOf(x);
    const switched = sc === 101 || (method === 'CONNECT' && sc >= 200 && sc < 300);
    if (switched) {
      this.upgraded = x;
      if (sc === 101 && /\bwebsocket\b/i.test(msg.getHeader('upgrade') || '')) this._websocket(x);
      req.upgrade();
    } else if (req.waiting && ((x.request === null && x.request_error === null && x._evicted === null) || req.exchange === x)) {
      req.resume(); // the server said no to the upgrade: carry on with HTTP
    }
  }

  _websocket(x) {
    const deflate = permessageDeflate(x.response.getHeader('sec-websocket-extensions'));
    const clientDir = x.request_dir === 'recv' ? 'recv' : 'send';
    // each sender's window is its own: the client's or server's no_context_takeover says
    const side = (dir) => ({
      max_message: this.tracker.limits.max_ws_message,
      deflate: deflate !== null && { contextTakeover: deflate[dir === clientDir ? 'client_no_context_takeover' : 'server_no_context_takeover'] !== true },
    });
    const a = new WebSocketParser(this, side('send'));
    a.dir = 'send';
    const b = new WebSocketParser(this, side('recv'));
    b.dir = 'recv';
    this.ws = { send: a, recv: b };
    // a session that joined the connection after a quiet spell could not find its frames again
    this.session._keepThroughQuiet(IDLE_TIMEOUT_MIN);
    this._emit('websocket upgrade', x);
  }

  onUpgradedData(p, buf) {
    if (this.ws !== null) this.ws[p.dir].execute(buf);
  }

  onUpgradedGap(p, n) {
    if (this.ws !== null) this.ws[p.dir].gap(n);
  }

  onError(p, err) {
    if (p.role === RESPONSE) {
      // a response that failed, in its head or in its body, still answered the request at the
      // head of the pipeline (not so garbage between messages: neither in a head nor a message)
      const x = err.message_head ? p.exchange : err.in_head ? this._answering(p) : null;
      if (x !== null && this.pending[0] === x) this.pending.shift();
      if (x !== null) err.exchange = x;
    } else if (p.role === REQUEST && err.message_head) {
      err.exchange = p.exchange;
    } else if (p.role === REQUEST && err.in_head && !err.message_head) {
      // a request that could not be parsed still gets its answer: keep its place in the pipeline
      const x = new HttpExchange();
      x.request_dir = p.dir;
      x.request_time = this.session.current_cap_time;
      x.request_error = err;
      err.exchange = x;
      this._enqueue(x);
    }
    this._emit('http error', p.dir, err);
  }

  // WebSocket parser hooks
  onMessage(w, message, info) {
    this._emit('websocket message', w.dir, message, info);
  }

  onControl(w, frame) {
    this._emit('websocket control', w.dir, frame);
  }

  onWindow(w, before, after) {
    this.tracker._wsWindow(w, before, after);
  }
}

/**
 * Parses HTTP/1.x (and WebSocket after an upgrade), and HTTP/2 in the clear from its preface
 * (http2.js), on every session of a TCPTracker. Events are
 * emitted on the TCPSession, and also on this tracker, all with the session first:
 * 'http request'(session, http), 'http request body'(session, http, chunk),
 * 'http request complete'(session, http), 'http response'(session, http),
 * 'http response body'(session, http, chunk), 'http response complete'(session, http),
 * 'http error'(session, 'send'|'recv', err), 'websocket upgrade'(session, http),
 * 'websocket message'(session, 'send'|'recv', message, info),
 * 'websocket control'(session, 'send'|'recv', {type, opcode, data, code, reason}).
 * `http` is {request, response, interim, request_dir, request_time, response_time, ...}, with
 * request {method, url, http_version, headers, raw_headers, trailers, body_len, getHeader()}
 * and response {status_code, status_message, http_version, headers, raw_headers, body_len, ...}.
 * Body chunks are views into the packets (see TCPTracker on how long they stay valid).
 */
class HTTPTracker extends EventEmitter {
  /**
   * @param {import('./tcp_tracker').TCPTracker} [tcpTracker] sessions from it are parsed as
   *   they start; without one, call attach(session) yourself
   * @param {object} [options] `max_header_size` (80 KiB), `max_ws_message` (1 MiB),
   *   `max_resync_scan` (64 KiB: how far into a stream joined mid-way to look for HTTP),
   *   `max_exchanges` (65536: requests followed at once on all connections together, waiting
   *   for or receiving their answer; past it the connection that began waiting first lets its
   *   oldest go, see HttpConversation#_shedExchange), `max_ws_windows` (256 MiB: bytes of
   *   permessage-deflate windows kept for all WebSocket connections together, up to 32 KiB a
   *   direction; past it the window used least recently is dropped, see _wsWindow),
   *   `also_emit_on` (another EventEmitter that gets the same events, e.g. the TCPTracker)
   */
  constructor(tcpTracker, options) {
    super();
    if (options !== undefined && (options === null || typeof options !== 'object')) throw argType('options', 'of type object', options);
    const o = options || {};
    checkKeys(o, KNOWN_OPTIONS, 'HTTPTracker'); // a typo would otherwise go unseen
    const limit = (name, fallback) => {
      const v = o[name];
      if (v === undefined || v === null || v === 0) return fallback; // 0: the default, as before
      if (!Number.isInteger(v)) throw argType(`options.${name}`, 'a whole number of bytes', v);
      if (v < 1 || v > 0x7fffffff) throw outOfRange(`options.${name}`, '>= 1 and <= 2147483647', v);
      return v;
    };
    this.limits = {
      ...LIMITS,
      max_header_size: limit('max_header_size', LIMITS.max_header_size),
      max_resync_scan: limit('max_resync_scan', LIMITS.max_resync_scan),
      max_ws_message: limit('max_ws_message', 1 << 20),
      max_exchanges: limit('max_exchanges', 65536),
      max_ws_windows: limit('max_ws_windows', 256 << 20),
    };
    // WebSocket directions keeping a deflate window (WebSocketParser -> true), least recently
    // updated first, and their bytes: bounded by max_ws_windows. A message of a few dozen bytes
    // can fill a 32 KiB window, so the windows of many connections cost far more than they send.
    this._wsWindows = new Map();
    this._wsWindowBytes = 0;
    // Connections with requests followed (HttpConversation -> true), ordered by when their
    // oldest such request was sent (near enough: a connection goes to the back when its oldest
    // changes), and how many requests that is in all: bounded by max_exchanges. An HTTP/2
    // request whose headers refer to the connection's header table costs a few bytes on the wire
    // and a few kilobytes here (4,096 streams of 19 references to one 3.9 KB field: 128 KiB sent,
    // 8.9 MiB of heap), so the count of sessions alone does not bound the memory.
    this._followed = new Map();
    this._exchanges = 0;
    this.stats = { exchanges_shed: 0, ws_windows_dropped: 0 };
    const also = o.also_emit_on;
    if (also !== undefined && also !== null && (typeof also !== 'object' || typeof also.emit !== 'function')) {
      throw argType('options.also_emit_on', 'an EventEmitter', also);
    }
    this._also = also || null;
    if (tcpTracker !== undefined && tcpTracker !== null) {
      if (typeof tcpTracker.on !== 'function') throw argType('tcpTracker', 'a TCPTracker', tcpTracker);
      tcpTracker.on('session', (session) => this.attach(session));
      if (tcpTracker.http === null) tcpTracker.http = this; // its HTTP tracker: none is started for it
    }
  }

  /**
   * Starts parsing HTTP on a session (done for you when constructed with a TCPTracker). Call it
   * from a 'session' listener, before the session's first data is delivered.
   * @param {import('./tcp_tracker').TCPSession} session
   * @throws ERR_INVALID_ARG_TYPE for anything but a TCPSession
   */
  attach(session) {
    // anything else was a TypeError from inside (null) or silently not parsed (another object)
    if (!(session instanceof TCPSession)) throw argType('session', "a TCPSession (from a TCPTracker's 'session' event)", session);
    if (session._app === null) session._app = new HttpConversation(this, session);
  }

  /**
   * Takes a connection's count of followed requests again after one of its hooks (`ended`: it
   * has ended, and what it left open is not followed any more), then sheds past max_exchanges.
   * Counting after the fact, from what the connection holds, misses no path by which a request
   * is answered, reset or dropped.
   */
  _recount(conv, ended = false) {
    const n = ended ? 0 : conv._openExchanges();
    const before = conv._counted;
    if (n !== before) {
      conv._counted = n;
      this._exchanges += n - before;
    }
    if (n === 0) {
      if (before !== 0) this._followed.delete(conv);
      conv._oldestSeen = null;
    } else {
      const oldest = conv._oldestExchange();
      if (oldest !== conv._oldestSeen) {
        conv._oldestSeen = oldest;
        this._followed.delete(conv);
        this._followed.set(conv, true);
      }
    }
    if (this._exchanges > this.limits.max_exchanges) this._shed();
  }

  /**
   * Past max_exchanges: the connection at the front (whose oldest followed request was sent
   * first) lets that request go, then its next, until the count fits. A request unanswered the
   * longest is the likeliest never to be answered in the capture, while a busy connection whose
   * requests are answered moves to the back at each answer. One that cannot let any go (its
   * only request has its answer coming) goes to the back; each is passed over once at most.
   */
  _shed() {
    let tries = this._followed.size;
    while (this._exchanges > this.limits.max_exchanges && tries > 0) {
      const conv = this._followed.keys().next().value;
      if (conv._shedExchange()) {
        this.stats.exchanges_shed++;
        const n = conv._openExchanges();
        this._exchanges += n - conv._counted;
        conv._counted = n;
        conv._oldestSeen = conv._oldestExchange();
        if (n === 0) this._followed.delete(conv);
      } else {
        this._followed.delete(conv);
        this._followed.set(conv, true);
        tries--;
      }
    }
  }

  /**
   * A WebSocket direction's deflate window went from `before` to `after` bytes. Past
   * max_ws_windows the windows used least recently are dropped: the next message of such a
   * direction is inflated without one, and passed on still compressed if it refers back to what
   * was dropped (info.inflateError says so).
   */
  _wsWindow(w, before, after) {
    this._wsWindowBytes += after - before;
    this._wsWindows.delete(w);
    if (after > 0) this._wsWindows.set(w, true);
    while (this._wsWindowBytes > this.limits.max_ws_windows && this._wsWindows.size > 0) {
      const old = this._wsWindows.keys().next().value;
      this._wsWindows.delete(old);
      this._wsWindowBytes -= old.window.length;
      old.window = null;
      old.windowDropped = true;
      this.stats.ws_windows_dropped++;
    }
  }

  _emitShared(name, s, ...args) {
    this.emit(name, s, ...args);
    if (this._also !== null) this._also.emit(name, s, ...args);
  }
}

module.exports = { HTTPTracker, HttpConversation, HttpExchange };
