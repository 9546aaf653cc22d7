'use strict';
// HTTP/2 over cleartext TCP (h2c with prior knowledge, RFC 9113 §3.3: what gRPC and
// `curl --http2-prior-knowledge` speak): the frames of both directions, read from the in-order
// reassembled streams, become the HTTP tracker's usual events, one exchange per stream. A
// request's and a response's heads come from their HEADERS (and CONTINUATION) frames through
// HPACK, bodies from DATA frames, trailers from a last HEADERS; PUSH_PROMISE gives a pushed
// exchange; RST_STREAM and GOAWAY with an error become 'http error's. Header compression needs
// every header block of the connection in order, so one the capture lost ends the reading.

const { HttpExchange } = require('./http_exchange');
const { HttpRequest, HttpResponse, httpError, setHeader } = require('./http_parser');
const { HpackDecoder } = require('./hpack');
const { append } = require('./held_bytes');

/** What a client sends first (3.4): a connection that starts with it speaks HTTP/2. */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

const DATA = 0;
const HEADERS = 1;
const RST_STREAM = 3;
const SETTINGS = 4;
const PUSH_PROMISE = 5;
const GOAWAY = 7;
const CONTINUATION = 9;

const END_STREAM = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;

// bytes of one header block on the wire, its frames whole (9-byte headers, padding): a longer one
// ends the reading. Counting only the compressed bytes let a block of empty CONTINUATIONs grow
// without end (9 bytes each on the wire, an object each here)
const HEADER_BLOCK_MAX = 1 << 20;
const KEPT_MAX = 64 * 1024; // bytes of other frames kept (SETTINGS, GOAWAY's debug data, ...)
const FIRST_COPY = 16 * 1024; // the most a copy starts with before its bytes arrive (see append)
// seconds of quiet an HTTP/2 or WebSocket connection is kept at least (see the constructor)
const IDLE_TIMEOUT_MIN = 3600;
// Streams followed at once, per connection (node's and grpc-js's servers allow any number; nghttpd
// 100): past it the oldest are dropped, each with an ERR_HTTP2_TOO_MANY_STREAMS
const MAX_STREAMS = 4096;

// Error codes (7)
const ERROR_NAMES = ['NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR',
  'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED'];
const errorName = (code) => ERROR_NAMES[code] || `error 0x${code.toString(16)}`;

/**
 * Whether `b` (a direction's first bytes) can be the start of a server's first frame: a SETTINGS
 * frame on stream 0 (3.4), whose length is a multiple of 6. Only what `b` holds is looked at.
 */
function startsLikeServerPreface(b) {
  if (b.length >= 4 && b[3] !== SETTINGS) return false;
  if (b.length >= 3 && ((b[0] << 16) | (b[1] << 8) | b[2]) % 6 !== 0) return false;
  return b.length < 9 || (b.readUInt32BE(5) & 0x7fffffff) === 0;
}


/** Reads one direction's frames: the 9-byte header, then the payload, DATA handed on as it comes. */
class FrameReader {
  constructor(conn, dir) {
    this.conn = conn;
    this.dir = dir;
    this.head = Buffer.alloc(9);
    this.headHave = 0;
    this.frame = null; // {length, type, flags, stream, left, held, kept, dataLeft}
    this.skip = dir === 'send' ? PREFACE.length : 0; // the client's preface, already checked
    this.first = dir === 'recv'; // the server's first frame is yet to come: it must be SETTINGS (3.4)
  }

  push(buf) {
    let p = 0;
    if (this.skip > 0) {
      p = Math.min(this.skip, buf.length);
      this.skip -= p;
    }
    while (p < buf.length && !this.conn.stopped) {
      if (this.frame === null) {
        // a server that does not speak HTTP/2 answers the preface in HTTP/1.x (505, 400)
        if (this.first && this.headHave === 0 && buf.toString('latin1', p, p + 5) === 'HTTP/') {
          const line = buf.toString('latin1', p, Math.min(buf.length, p + 200)).split(/\r?\n/)[0];
          return this.conn.fail(this.dir, `the server answered in HTTP/1.x, not HTTP/2: ${JSON.stringify(line)}`);
        }
        const n = Math.min(9 - this.headHave, buf.length - p);
        buf.copy(this.head, this.headHave, p, p + n);
        this.headHave += n;
        p += n;
        if (this.headHave < 9) return;
        this.headHave = 0;
        const h = this.head;
        const length = (h[0] << 16) | (h[1] << 8) | h[2];
        this.frame = { length, type: h[3], flags: h[4], stream: h.readUInt32BE(5) & 0x7fffffff, left: length, held: null, kept: 0, dataLeft: -1 };
        if (this.first) {
          this.first = false;
          if (h[3] !== SETTINGS) return this.conn.fail(this.dir, `the server did not answer in HTTP/2 (its first frame must be SETTINGS, 3.4): it began ${JSON.stringify(h.toString('latin1'))}`);
        }
        if (length === 0) this.end();
        continue;
      }
      const f = this.frame;
      const n = Math.min(f.left, buf.length - p);
      if (f.type === DATA) this.data(f, buf, p, n);
      else if (n === f.length) {
        f.held = buf.subarray(p, p + n); // the whole frame is here: read now (end() below), not kept
        f.kept = n;
      } else {
        // split between segments: copied as it comes, up to what is read of such a frame
        const max = Math.min(f.length, f.type === HEADERS || f.type === CONTINUATION || f.type === PUSH_PROMISE ? HEADER_BLOCK_MAX : KEPT_MAX);
        const m = Math.min(n, max - f.kept);
        if (m > 0) {
          f.held = append(f.held, f.kept, buf.subarray(p, p + m), FIRST_COPY, max);
          f.kept += m;
        }
      }
      f.left -= n;
      p += n;
      if (f.left === 0) this.end();
    }
  }

  /** A DATA frame's bytes as they come: the pad length (when PADDED), the data, then the padding. */
  data(f, buf, p, n) {
    let q = p;
    const stop = p + n;
    if (f.dataLeft < 0) {
      if (f.flags & PADDED) {
        const pad = buf[q++];
        f.dataLeft = f.length - 1 - pad;
        if (f.dataLeft < 0) return this.conn.fail(this.dir, `DATA frame on stream ${f.stream} has more padding than bytes`);
      } else f.dataLeft = f.length;
    }
    const m = Math.min(f.dataLeft, stop - q);
    if (m > 0) this.conn.onData(this.dir, f.stream, buf.subarray(q, q + m));
    f.dataLeft -= m;
    return undefined;
  }

  end() {
    const f = this.frame;
    this.frame = null;
    const payload = f.held === null ? EMPTY : f.held.subarray(0, f.kept);
    if (f.type === DATA) {
      if (f.dataLeft < 0 && f.flags & PADDED) return this.conn.fail(this.dir, `DATA frame on stream ${f.stream} has no pad length`);
      if (f.flags & END_STREAM) this.conn.onEndStream(this.dir, f.stream);
      return undefined;
    }
    if (f.kept < f.length) {
      if (f.type === HEADERS || f.type === CONTINUATION || f.type === PUSH_PROMISE) return this.conn.fail(this.dir, `a header block over ${HEADER_BLOCK_MAX} bytes (its frames counted whole)`);
      return undefined; // only the start of a long frame of another kind was kept: enough for what is read of it
    }
    return this.conn.onFrame(this.dir, f, payload);
  }
}

/** The HTTP/2 state of one TCP session, in place of HTTP/1.x's parsers (see HttpConversation). */
class Http2Conversation {
  /**
   * @param {object} conv the HttpConversation: its _emit and session
   */
  constructor(conv) {
    this.conv = conv;
    this.session = conv.session;
    this.readers = { send: new FrameReader(this, 'send'), recv: new FrameReader(this, 'recv') };
    this.hpack = { send: new HpackDecoder(), recv: new HpackDecoder() };
    this.streams = new Map(); // stream id -> HttpExchange, until both sides are done with it or it is reset
    // the header block each side is continuing: {stream, type, flags, held (a copy), length, wire,
    // promised, time}
    this.blocks = { send: null, recv: null };
    this.highest = { client: 0, pushed: 0 }; // the highest stream ids opened: a lower one not followed is closed
    this.stopped = false;
    // a connection's state cannot be rebuilt after a quiet spell (the header tables): it is kept
    // at least an hour of quiet, longer than the tracker's usual idle_timeout (gRPC channels stay
    // open and quiet for long); a tracker that never ends quiet sessions keeps it so
    this.session._keepThroughQuiet(IDLE_TIMEOUT_MIN);
  }

  // TCP stream hooks (through HttpConversation)
  onTcpData(dir, buf) {
    if (!this.stopped) this.readers[dir].push(buf);
  }

  /**
   * The connection ended. Closed cleanly (FIN, RST) in the middle of a message, or of a header
   * block, each open stream's is ERR_HTTP_INCOMPLETE, as HTTP/1.x's are; the capture stopping
   * (flush, timeout, eviction) says nothing.
   */
  onEnd(reason) {
    if (this.stopped || (reason !== 'fin' && reason !== 'reset')) return;
    // a head cut: a header block waiting for its CONTINUATION, or a header frame not all there
    for (const dir of ['send', 'recv']) {
      const block = this.blocks[dir];
      const f = this.readers[dir].frame;
      const id = block !== null ? block.stream : f !== null && (f.type === HEADERS || f.type === CONTINUATION || f.type === PUSH_PROMISE) ? f.stream : -1;
      if (id < 0) continue;
      const x = this.streams.get(id);
      this.streams.delete(id);
      this.streamError(dir, 'ERR_HTTP_INCOMPLETE', `the connection closed in the middle of the headers of stream ${id}${described(x)}`, id, x);
    }
    for (const x of this.streams.values()) {
      const cut = unfinished(x);
      if (cut !== null) this.streamError(cut === x.request ? 'send' : 'recv', 'ERR_HTTP_INCOMPLETE', `the connection closed in the middle of a message on stream ${x.stream_id}${described(x)}`, x.stream_id, x);
      else if (x.request !== null && !finalResponseDone(x)) {
        // a request that no response answered (as HTTP/1.x reports its own)
        this.streamError('recv', 'ERR_HTTP_INCOMPLETE', `the connection ${reason === 'reset' ? 'was reset' : 'closed'} before the response on stream ${x.stream_id}${described(x)}`, x.stream_id, x);
      }
    }
    this.streams.clear();
  }

  /**
   * An 'http error' about stream `id`: with its exchange `x` (when followed) and the message it
   * left unfinished (`message_head`), so a listener can settle them.
   */
  streamError(dir, code, message, id, x, extra) {
    const err = httpError(code, message, { http2: true, stream_id: id, ...extra });
    if (x !== undefined) {
      err.exchange = x;
      const cut = unfinished(x);
      if (cut !== null) err.message_head = cut;
    }
    this.conv._emit('http error', dir, err);
  }

  onGap(dir) {
    this.fail(dir, 'bytes of this HTTP/2 connection were not captured: its header compression cannot be followed', 'ERR_HTTP_GAP');
  }

  /** Ends the reading of the connection, with an 'http error' whose `exchanges` are the ones left open. */
  fail(dir, message, code = 'ERR_HTTP2_PARSE') {
    if (this.stopped) return;
    this.stopped = true;
    const exchanges = [...this.streams.values()];
    this.streams.clear();
    this.conv._emit('http error', dir, httpError(code, message, { http2: true, exchanges }));
  }

  onFrame(dir, f, payload) {
    const now = this.session.current_cap_time;
    // between a HEADERS and its last CONTINUATION its sender sends nothing else (6.10); the other side may
    const open = this.blocks[dir];
    if (open !== null && (f.type !== CONTINUATION || f.stream !== open.stream)) {
      return this.fail(dir, `a header block on stream ${open.stream} is not continued (6.10)`);
    }
    switch (f.type) {
      case HEADERS:
      case PUSH_PROMISE: {
        let p = 0;
        let end = payload.length;
        if (f.flags & PADDED) {
          if (payload.length === 0) return this.fail(dir, `${f.type === HEADERS ? 'HEADERS' : 'PUSH_PROMISE'} frame on stream ${f.stream} has no pad length`);
          end -= payload[0];
          p = 1;
        }
        let promised;
        if (p > end) return this.fail(dir, `${f.type === HEADERS ? 'HEADERS' : 'PUSH_PROMISE'} frame on stream ${f.stream} has more padding than bytes`);
        if (f.type === PUSH_PROMISE) {
          if (p + 4 > end) return this.fail(dir, 'PUSH_PROMISE frame too short');
          promised = payload.readUInt32BE(p) & 0x7fffffff;
          p += 4;
        } else if (f.flags & PRIORITY) p += 5;
        if (p > end) return this.fail(dir, `HEADERS frame on stream ${f.stream} is too short for its padding and priority`);
        this.blocks[dir] = { stream: f.stream, type: f.type, flags: f.flags, held: null, length: 0, wire: 9 + f.length, promised, time: now };
        return this.fragment(dir, f, payload.subarray(p, end));
      }
      case CONTINUATION:
        if (open === null) return this.fail(dir, `CONTINUATION frame on stream ${f.stream} continues nothing`);
        open.wire += 9 + f.length;
        return this.fragment(dir, f, payload);
      case RST_STREAM: {
        const x = this.streams.get(f.stream);
        const code = payload.length >= 4 ? payload.readUInt32BE(0) : 0;
        this.streams.delete(f.stream);
        // a stream both sides had ended (a client cancelling a call already answered) loses nothing;
        // NO_ERROR: a server that has sent its whole response asks the client to stop sending (8.1)
        if (x === undefined ? this.closed(f.stream) : code === 0 && finalResponseDone(x)) return undefined;
        const who = dir === 'send' ? 'the client' : 'the server';
        this.streamError(dir, 'ERR_HTTP2_STREAM_RESET', `stream ${f.stream}${described(x)} reset by ${who}: ${errorName(code)}`, f.stream, x, { error_code: code });
        return undefined;
      }
      case GOAWAY: {
        if (payload.length < 8) return this.fail(dir, 'GOAWAY frame too short');
        const code = payload.readUInt32BE(4);
        if (code === 0) return undefined; // a graceful end: nothing went wrong
        const debug = payload.toString('latin1', 8, Math.min(payload.length, 8 + 200)).replace(/[^\x20-\x7e]/g, '?');
        const who = dir === 'send' ? 'the client' : 'the server';
        this.conv._emit('http error', dir, httpError('ERR_HTTP2_GOAWAY', `${who} ended the connection: ${errorName(code)}${debug ? ` "${debug}"` : ''}`,
          { http2: true, last_stream_id: payload.readUInt32BE(0) & 0x7fffffff, error_code: code }));
        return undefined;
      }
      case SETTINGS:
        // SETTINGS_HEADER_TABLE_SIZE: how large a table this side decodes with, so how large the
        // other side's encoder may make it (6.5.2)
        if (!(f.flags & 0x1)) {
          for (let q = 0; q + 6 <= payload.length; q += 6) {
            if (payload.readUInt16BE(q) === 0x1) this.hpack[dir === 'send' ? 'recv' : 'send'].allow(payload.readUInt32BE(q + 2));
          }
        }
        return undefined;
      default:
        return undefined; // PING, PRIORITY, WINDOW_UPDATE, extensions: nothing the exchanges need
    }
  }

  /**
   * The part `frag` of the open header block that frame `f` carries: kept (a copy, one buffer for
   * the block) until END_HEADERS, then the whole block goes to endBlock.
   */
  fragment(dir, f, frag) {
    const k = this.blocks[dir];
    if (k.wire > HEADER_BLOCK_MAX) return this.fail(dir, `a header block over ${HEADER_BLOCK_MAX} bytes (its frames counted whole)`);
    if (!(f.flags & END_HEADERS)) {
      k.held = append(k.held, k.length, frag, Math.min(FIRST_COPY, HEADER_BLOCK_MAX), HEADER_BLOCK_MAX);
      k.length += frag.length;
      return undefined;
    }
    this.blocks[dir] = null;
    // one frame (the usual): its payload as it is; else the rest after what was kept
    const bytes = k.held === null ? frag : append(k.held, k.length, frag, 0, HEADER_BLOCK_MAX).subarray(0, k.length + frag.length);
    return this.endBlock(dir, k, bytes);
  }

  /** A whole header block: decoded (always, to keep the table in step), then a head, trailers or a promise. */
  endBlock(dir, k, bytes) {
    const r = this.hpack[dir].decode(bytes, 0, bytes.length, this.conv.tracker.limits.max_header_size);
    if (r.error !== undefined) return this.fail(dir, `header block on stream ${k.stream}: ${r.error}`, 'ERR_HTTP2_COMPRESSION');
    if (r.tooLarge) return this.tooLarge(dir, k);
    if (k.type === PUSH_PROMISE) return this.promise(k, r.fields);
    if (dir === 'send') this.clientHeaders(k, r.fields);
    else this.serverHeaders(k, r.fields);
    if (k.flags & END_STREAM) this.onEndStream(dir, k.stream);
    return undefined;
  }

  /**
   * A header list over the tracker's max_header_size: the stream is not followed (its frames are
   * passed over), and an ERR_HTTP_HEADERS_TOO_LARGE says so.
   */
  tooLarge(dir, k) {
    const id = k.type === PUSH_PROMISE ? k.promised : k.stream;
    this.seen(id);
    const x = this.streams.get(id);
    this.streams.delete(id);
    const what = k.type === PUSH_PROMISE ? 'promised request' : dir === 'send' ? 'request' : 'response';
    this.streamError(dir, 'ERR_HTTP_HEADERS_TOO_LARGE',
      `the ${what} headers of stream ${id} are over ${this.conv.tracker.limits.max_header_size} bytes (max_header_size): the stream is not followed`, id, x);
  }

  /** Notes that stream `id` was opened: a lower id no longer followed is closed. */
  seen(id) {
    const side = id % 2 === 1 ? 'client' : 'pushed';
    if (id > this.highest[side]) this.highest[side] = id;
  }

  /**
   * A new exchange for a stream. Past MAX_STREAMS the oldest is dropped: an
   * ERR_HTTP2_TOO_MANY_STREAMS error names it (with its exchange, from the side that opened it).
   */
  open(id, time) {
    const x = new HttpExchange();
    x.stream_id = id;
    x.request_dir = 'send';
    x.request_time = time;
    if (this.streams.size >= MAX_STREAMS) this.dropOldest(`over ${MAX_STREAMS} streams open at once`);
    this.streams.set(id, x);
    this.seen(id);
    return x;
  }

  /**
   * The oldest open stream is no longer followed: an ERR_HTTP2_TOO_MANY_STREAMS error says `why`
   * and names it (with its exchange, from the side that opened it). False when none is open.
   * @param {string} why
   */
  dropOldest(why) {
    if (this.streams.size === 0) return false;
    const [oldest, y] = this.streams.entries().next().value;
    this.streams.delete(oldest);
    this.streamError(y.pushed ? 'recv' : 'send', 'ERR_HTTP2_TOO_MANY_STREAMS', `${why}: stream ${oldest}, the oldest, is no longer followed`, oldest, y);
    return true;
  }

  /** Whether a stream not followed was opened before (and is closed, or was dropped): its frames are passed over. */
  closed(id) {
    return id <= this.highest[id % 2 === 1 ? 'client' : 'pushed'];
  }

  clientHeaders(k, fields) {
    const x = this.streams.get(k.stream);
    if (x !== undefined) {
      setTrailers(x.request, fields); // a client's second header block: its trailers
      return;
    }
    if (this.closed(k.stream)) return; // trailers of a stream the server already ended, say
    const y = this.open(k.stream, k.time);
    y.request = requestOf(fields);
    this.conv._emit('http request', y);
  }

  serverHeaders(k, fields) {
    const x = this.streams.get(k.stream);
    if (x === undefined) return; // a stream reset, dropped, or never opened by a request
    const res = x.response;
    if (res !== null && (res.status_code < 100 || res.status_code >= 200)) {
      setTrailers(res, fields); // after the final head: trailers (gRPC's status)
      return;
    }
    const head = responseOf(fields);
    if (head.status_code === null) {
      // a response without a :status is malformed (8.3.2): the stream is not followed
      this.streams.delete(k.stream);
      this.streamError('recv', 'ERR_HTTP2_PARSE', `the response on stream ${k.stream} has no valid :status (8.3.2)`, k.stream, x);
      return;
    }
    if (res !== null) x.interim.push(res); // 100 Continue, 103 Early Hints
    x.response = head;
    x.response_time = k.time;
    x.response_complete_time = null;
    this.conv._emit('http response', x);
    const sc = x.response.status_code;
    if (sc !== null && sc >= 100 && sc < 200) {
      x.response.complete = true;
      x.response_complete_time = k.time;
      this.conv._emit('http response complete', x); // an interim head is a whole message
    }
  }

  /** A server's PUSH_PROMISE: the request of a pushed stream, made by the server (8.4). */
  promise(k, fields) {
    const x = this.open(k.promised, k.time);
    x.pushed = true;
    x.request = requestOf(fields);
    x.request.complete = true;
    x.request_complete_time = k.time;
    this.conv._emit('http request', x);
    this.conv._emit('http request complete', x);
  }

  onData(dir, id, chunk) {
    const x = this.streams.get(id);
    if (x === undefined) return;
    const msg = dir === 'send' ? x.request : x.response;
    if (msg === null || msg.complete) return;
    msg.body_len += chunk.length;
    this.conv._emit(dir === 'send' ? 'http request body' : 'http response body', x, chunk);
  }

  onEndStream(dir, id) {
    const x = this.streams.get(id);
    if (x === undefined) return;
    const t = this.session.current_cap_time;
    if (dir === 'send') {
      if (x.request === null || x.request.complete) return;
      x.request.complete = true;
      x.request_complete_time = t;
      this.conv._emit('http request complete', x);
    } else {
      if (x.response === null || x.response.complete) return;
      x.response.complete = true;
      x.response_complete_time = t;
      this.conv._emit('http response complete', x);
    }
    // a stream is closed when both sides have ended it (a server may answer before the request ends)
    if (x.request !== null && x.request.complete && finalResponseDone(x)) this.streams.delete(id);
  }
}

/** ` (GET /x)`: the request of a stream's exchange, for error messages; '' when there is none. */
function described(x) {
  return x !== undefined && x.request !== null ? ` (${x.request.method} ${x.request.url})` : '';
}

/**
 * The message of an exchange that was started and not finished: its response, else its
 * request; or null. (A 1xx response is complete when it comes: after one, an unfinished upload
 * is the request's, as in HTTP/1.x.)
 */
function unfinished(x) {
  if (x.response !== null && !x.response.complete) return x.response;
  if (x.request !== null && !x.request.complete) return x.request;
  return null;
}

/** Whether the exchange's final response (not a 1xx) is complete. */
function finalResponseDone(x) {
  const res = x.response;
  return res !== null && res.complete && !(res.status_code >= 100 && res.status_code < 200);
}

/** Splits a header list into pseudo-header fields (":method", ...) and the others, as sent. */
function splitFields(fields, msg) {
  const pseudo = {};
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i];
    if (name.startsWith(':')) {
      if (pseudo[name] === undefined) pseudo[name] = fields[i + 1];
    } else {
      addField(msg.headers, msg.raw_headers, name, fields[i + 1]);
    }
  }
  msg.http_version = '2';
  msg.pseudo_headers = pseudo;
  return pseudo;
}

/** An HTTP/2 request head: :authority stands for the Host header (RFC 9113 8.3.1), so getHeader('host') gives it when no Host was sent. */
class Http2Request extends HttpRequest {
  constructor() {
    super();
    this.authority = null;
    this.scheme = null;
    this.pseudo_headers = {};
  }

  /**
   * HttpMessage#getHeader, plus HTTP/2's rules: 'cookie' joins the crumbs with '; ', and 'host' falls
   * back to :authority when no Host was sent.
   * @param {string} name
   * @returns {string|undefined}
   */
  getHeader(name) {
    const want = String(name).toLowerCase();
    // cookie crumbs, each sent as a field of its own, join with "; " (8.2.3)
    if (want === 'cookie') {
      const crumbs = this.getHeaders('cookie');
      return crumbs.length > 0 ? crumbs.join('; ') : undefined;
    }
    const v = super.getHeader(name);
    return v === undefined && this.authority !== null && want === 'host' ? this.authority : v;
  }
}

/** A request head from a header list: :method, :path (:authority for CONNECT), :scheme, :authority. */
function requestOf(fields) {
  const req = new Http2Request();
  const pseudo = splitFields(fields, req);
  // a request without them is malformed (8.3.1); shown with what it has
  req.method = pseudo[':method'] !== undefined ? pseudo[':method'] : '';
  const target = req.method === 'CONNECT' ? pseudo[':authority'] : pseudo[':path']; // CONNECT names a host:port (8.5)
  req.url = target !== undefined ? target : '';
  req.authority = pseudo[':authority'] !== undefined ? pseudo[':authority'] : null;
  req.scheme = pseudo[':scheme'] !== undefined ? pseudo[':scheme'] : null;
  return req;
}

function responseOf(fields) {
  const res = new HttpResponse();
  const pseudo = splitFields(fields, res);
  const status = Number(pseudo[':status']);
  res.status_code = pseudo[':status'] !== undefined && Number.isInteger(status) ? status : null;
  return res;
}

/** Adds a field to `headers` (a repeated one joined with ", " as HTTP/1.x's are, cookie crumbs with "; ") and `raw`. */
function addField(headers, raw, name, value) {
  raw.push(name, value);
  const before = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  setHeader(headers, name, before === undefined ? value : `${before}${name === 'cookie' ? '; ' : ', '}${value}`); // also a field named __proto__
}

function setTrailers(msg, fields) {
  msg.trailers = {};
  msg.raw_trailers = [];
  for (let i = 0; i < fields.length; i += 2) addField(msg.trailers, msg.raw_trailers, fields[i], fields[i + 1]);
}

module.exports = { Http2Conversation, PREFACE, startsLikeServerPreface, IDLE_TIMEOUT_MIN };
