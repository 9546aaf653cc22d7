'use strict';
// An incremental HTTP/1.x parser for one direction of a reassembled TCP stream (RFC 9112).
// Written for watching traffic, not serving it: it is fed whatever the capture delivers (any
// split, gaps where the capture lost bytes), never throws, reports problems to its handler and
// then looks for the next request or status line to get back in step.
//
// It does not buffer bodies: body bytes are handed to the handler as views of the input.
// Only a message head (start line + headers, capped) and short lines are accumulated.

const S_START = 0; // expecting a start line
const S_HEAD = 1; // inside the start line and headers
const S_BODY_LEN = 2; // Content-Length body
const S_CHUNK_SIZE = 3;
const S_CHUNK_DATA = 4;
const S_CHUNK_CRLF = 5;
const S_TRAILER = 6;
const S_BODY_EOF = 7; // response body delimited by the connection closing
const S_UPGRADED = 8; // after 101 / CONNECT: not HTTP any more
const S_WAIT = 9; // a request asked to upgrade: hold what follows until the response says
const S_RESYNC = 10; // lost step: scanning for the next start line
const S_DEAD = 11; // not HTTP (or closed): ignore everything

const REQUEST = 1;
const RESPONSE = 2;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +([^\s]+) +HTTP\/(\d)\.(\d)$/;
const STATUS_LINE = /^HTTP\/(\d)\.(\d) +(\d{3})(?: (.*))?$/;
// A start line that is not valid but is plainly meant as HTTP (a standard method and a space, or
// "HTTP/") is a message whose head failed: an error even at the start of a stream, and it keeps its
// place in the pipeline. Anything else is another protocol (ignored at the start of a stream:
// SMTP's "EHLO x") or leftovers (a body we could not frame), not a message. RTSP and SIP share
// HTTP's methods, so a line ending in another protocol's version is not HTTP either.
const HTTP_LIKE_LINE = /^(?:(?:GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) |HTTP\/)/;
const OTHER_PROTOCOL_VERSION = / (?!HTTP\/)[A-Za-z][A-Za-z0-9+.-]*\/\d+(?:\.\d+)?$/;
const meantAsHttp = (line) => HTTP_LIKE_LINE.test(line) && !OTHER_PROTOCOL_VERSION.test(line);
// When scanning for a way back in (mid-stream), only take lines that clearly hold a start line:
// at the start of a line, or after the unframed end of a body for well-known methods.
const RESYNC_REQUEST = /([A-Z][A-Z_-]{1,23}) [^\s]+ HTTP\/1\.[019]$/;
const RESYNC_STATUS = /HTTP\/1\.[019] [1-5]\d\d(?: [^\r\n]*)?$/;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH']);
const HTTP1 = Buffer.from('HTTP/1.');

const LIMITS = Object.freeze({
  max_header_size: 80 * 1024, // start line + headers (and trailers), like Node's default
  max_line: 8 * 1024, // a chunk-size line, or a start line while scanning
  max_resync_scan: 64 * 1024, // bytes scanned for a first start line before deciding "not HTTP"
  max_held: 64 * 1024, // bytes held after an upgrade request until its response comes
});

/** The fields both kinds of message share. */
class HttpMessage {
  constructor() {
    this.http_version = null; // "1.1"
    this.headers = {}; // name as first sent -> value; repeated headers joined with ", "
    this.raw_headers = []; // [name, value, name, value, ...] exactly as sent, duplicates kept
    this.trailers = null; // chunked trailers, same shape as headers
    this.raw_trailers = null;
    this.body_len = 0; // body bytes seen (after de-chunking)
    this.body_missing = 0; // body bytes the capture lost
    this.chunked = false;
    this.content_length = null; // the Content-Length that framed the body (index.d.ts)
    this.complete = false;
  }

  /**
   * A header's value by case-insensitive name; repeated headers joined with ", ". Undefined when
   * absent.
   * @param {string} name
   * @returns {string|undefined}
   */
  getHeader(name) {
    const want = String(name).toLowerCase();
    let v;
    const raw = this.raw_headers;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i].toLowerCase() === want) v = v === undefined ? raw[i + 1] : v + ', ' + raw[i + 1];
    }
    return v;
  }

  /**
   * Every value of a header, by case-insensitive name (e.g. each Set-Cookie).
   * @param {string} name
   * @returns {string[]}
   */
  getHeaders(name) {
    const want = String(name).toLowerCase();
    const out = [];
    const raw = this.raw_headers;
    for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === want) out.push(raw[i + 1]);
    return out;
  }
}

/** A request head: node_pcap 0.4's http.request {method, url, http_version, headers, body_len}. */
class HttpRequest extends HttpMessage {
  constructor() {
    super();
    this.method = null;
    this.url = null;
  }
}

/** A response head: node_pcap 0.4's http.response {status_code, http_version, headers, body_len}. */
class HttpResponse extends HttpMessage {
  constructor() {
    super();
    this.status_code = null;
    this.status_message = null;
  }
}

function httpError(code, message, extra) {
  const err = new Error(message);
  err.code = code;
  if (extra) Object.assign(err, extra);
  return err;
}

/**
 * Parses the header lines of a head (or trailer block) into `headers`/`raw`. Returns an error
 * message or null.
 */
// A header as an own property, also one named `__proto__` (which plain assignment would turn
// into the object's prototype instead).
function setHeader(headers, name, value) {
  if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  else headers[name] = value;
}

function parseHeaderLines(lines, from, headers, raw) {
  const lcIndex = new Map();
  for (let n = from; n < lines.length; n++) {
    let line = lines[n];
    if (line === '') continue;
    if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) {
      // obsolete line folding: continues the previous value
      if (raw.length === 0) return 'header continuation without a header';
      const more = ' ' + line.trim();
      raw[raw.length - 1] += more;
      // the folded header is the last of its name so far: its joined value ends with it (a
      // rebuild from every header would make a head of folded lines quadratic)
      const first = lcIndex.get(raw[raw.length - 2].toLowerCase());
      setHeader(headers, first, headers[first] + more);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return 'header line without a colon: ' + JSON.stringify(line.slice(0, 60));
    // "Name : value" is not allowed (RFC 9112 5.1) but some servers send it; a passive observer
    // takes the name without the whitespace, as tshark does
    const name = line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!TOKEN.test(name)) return 'bad header name ' + JSON.stringify(name.slice(0, 60));
    line = line.slice(colon + 1).trim();
    raw.push(name, line);
    const lc = name.toLowerCase();
    const first = lcIndex.get(lc);
    if (first === undefined) {
      lcIndex.set(lc, name);
      setHeader(headers, name, line);
    } else setHeader(headers, first, headers[first] + ', ' + line);
  }
  return null;
}

/**
 * One direction of an HTTP/1.x conversation. The handler gets:
 * onHead(parser, msg) -> for a response, the method of the request it answers (or null);
 * onBody(parser, msg, chunk); onComplete(parser, msg); onError(parser, err);
 * onUpgradedData(parser, buf); onUpgradedGap(parser, n).
 */
class HttpParser {
  /**
   * @param {object} handler
   * @param {number} role REQUEST (1), RESPONSE (2), or 0 to find out from the first start line
   * @param {boolean} strict the stream is seen from its first byte: if it does not start like
   *   HTTP, give up silently (TLS, SSH, ...) instead of scanning for a start line
   * @param {object} [limits] see LIMITS
   */
  constructor(handler, role, strict, limits) {
    this.h = handler;
    this.role = role;
    this.strict = strict;
    this.limits = limits || LIMITS;
    this.dir = null; // 'send' or 'recv', for the handler
    this.exchange = null; // the handler's object for the current message
    this.synced = false; // a start line was parsed at least once
    this.gaveUp = false; // S_DEAD because max_resync_scan bytes held no start line (see _resync)
    this.state = role === 0 || !strict ? S_RESYNC : S_START;
    this.msg = null;
    this.remaining = 0;
    this.parts = []; // head bytes so far
    this.partsLen = 0;
    this.nl = false; // head scan: the current line is empty so far (only CRs after an LF)
    this.firstLine = true; // head scan: the start line has not ended yet
    this.line = ''; // chunk-size / CRLF / trailer line so far (latin1)
    this.scan = null; // resync: the partial last line of the previous input
    this.scanned = 0;
    // S_WAIT: input held until the upgrade is decided, in order: Buffers, and numbers for bytes
    // that are missing there (lost by the capture, or over max_held)
    this.held = null;
    this.heldLen = 0;
    this.trailerLines = null;
    this.trailerBytes = 0;
    this.messages = 0;
  }

  /**
   * Feeds the next bytes of the stream.
   * @param {Buffer} buf
   */
  execute(buf) {
    if (this.state === S_DEAD || buf.length === 0) return;
    if (this.state === S_RESYNC && this.scan !== null) {
      buf = Buffer.concat([this.scan, buf]);
      this.scan = null;
    }
    const len = buf.length;
    let i = 0;
    while (i < len) {
      switch (this.state) {
        case S_START:
          i = this._start(buf, i);
          break;
        case S_HEAD:
          i = this._head(buf, i);
          break;
        case S_BODY_LEN:
        case S_CHUNK_DATA:
          i = this._fixedBody(buf, i);
          break;
        case S_CHUNK_SIZE:
        case S_CHUNK_CRLF:
        case S_TRAILER:
          i = this._chunkLine(buf, i);
          break;
        case S_BODY_EOF:
          this._body(buf.subarray(i));
          i = len;
          break;
        case S_UPGRADED:
          this.h.onUpgradedData(this, i === 0 ? buf : buf.subarray(i));
          i = len;
          break;
        case S_WAIT:
          this._hold(buf.subarray(i));
          i = len;
          break;
        case S_RESYNC:
          i = this._resync(buf, i);
          break;
        default:
          i = len;
      }
    }
  }

  /**
   * The capture lost `n` bytes of this stream here.
   * @param {number} n
   */
  gap(n) {
    switch (this.state) {
      case S_BODY_LEN:
      case S_CHUNK_DATA:
        if (n <= this.remaining) {
          this.remaining -= n;
          this.msg.body_missing += n;
          if (this.remaining === 0) {
            if (this.state === S_BODY_LEN) this._complete();
            else {
              this.state = S_CHUNK_CRLF;
              this.line = '';
            }
          }
          return;
        }
        break;
      case S_BODY_EOF:
        this.msg.body_missing += n;
        return;
      case S_UPGRADED:
        this.h.onUpgradedGap(this, n);
        return;
      case S_DEAD:
        return;
      case S_WAIT:
        this._holdLost(n); // passed on in its place once the upgrade is decided
        return;
      case S_START:
      case S_RESYNC:
        this.scan = null;
        this.state = S_RESYNC;
        if (!this.synced) this.strict = false; // we no longer see it from the start
        return;
      case S_HEAD: {
        // a message whose head was cut still keeps its place in the pipeline (as a head that
        // does not parse does), so the responses after it go to the right requests
        const method = this.role === REQUEST ? this._methodSoFar() : undefined;
        this._fail('ERR_HTTP_GAP', `${n} bytes of the stream were not captured, in the middle of a message head`, true, method);
        return;
      }
      default:
    }
    this._fail('ERR_HTTP_GAP', `${n} bytes of the stream were not captured, in the middle of a message`, false);
  }

  /**
   * The stream ended: a FIN (clean) or the session ended otherwise (capture over, timeout).
   * Completes a body delimited by the close; reports a message cut short when `clean`. A RST
   * (`reset`) is no end of a body delimited by the close: the sender aborted, perhaps before
   * the end (RFC 9112 8: a message cut by a premature close is incomplete).
   * @param {boolean} clean
   * @param {boolean} [reset] the session ended with a RST
   */
  finish(clean, reset = false) {
    if (this.state === S_BODY_EOF) {
      if (reset) this._fail('ERR_HTTP_INCOMPLETE', 'the connection was reset before the end of a body delimited by its close', false);
      else this._complete();
    } else if (clean && (this.msg !== null || this.state === S_HEAD) && this.state !== S_DEAD && !this._unendedOtherProtocol()) {
      this._fail('ERR_HTTP_INCOMPLETE', 'the connection closed in the middle of a message', false);
    }
    this.state = S_DEAD;
    this.held = null;
    this.scan = null;
  }

  /**
   * The stream, seen from its first byte, closed before the end of its first line, and what came
   * of that line does not start like HTTP: another protocol ("Hi!"), not a message cut short.
   */
  _unendedOtherProtocol() {
    if (this.state !== S_HEAD || !this.firstLine || this.synced || !this.strict) return false;
    let first = '';
    for (let k = 0; k < this.parts.length && first.length < 64; k++) first += this.parts[k].toString('latin1', 0, Math.min(this.parts[k].length, 64));
    return !meantAsHttp(first);
  }

  /** True while holding input after an upgrade request, until its response decides. */
  get waiting() {
    return this.state === S_WAIT;
  }

  /** After the response to our upgrade request said yes: what follows is not HTTP. */
  upgrade() {
    const held = this.held;
    this.held = null;
    this.heldLen = 0;
    this.state = S_UPGRADED;
    if (held === null) return;
    let run = [];
    for (const item of held) {
      if (typeof item !== 'number') {
        run.push(item);
        continue;
      }
      if (run.length > 0) this.h.onUpgradedData(this, run.length === 1 ? run[0] : Buffer.concat(run));
      run = [];
      this.h.onUpgradedGap(this, item);
    }
    if (run.length > 0) this.h.onUpgradedData(this, run.length === 1 ? run[0] : Buffer.concat(run));
  }

  /** After the response to our upgrade request said no: carry on with HTTP. */
  resume() {
    const held = this.held;
    this.held = null;
    this.heldLen = 0;
    this.state = S_START;
    if (held !== null) for (const item of held) typeof item === 'number' ? this.gap(item) : this.execute(item);
  }

  _hold(b) {
    if (this.heldLen + b.length > this.limits.max_held) {
      this._holdLost(b.length);
      return;
    }
    if (this.held === null) this.held = [];
    this.held.push(Buffer.from(b)); // a copy, not a view that keeps its capture batch alive
    this.heldLen += b.length;
  }

  /** Notes `n` bytes missing at this point of the held input. */
  _holdLost(n) {
    if (this.held === null) this.held = [];
    const last = this.held.length - 1;
    if (last >= 0 && typeof this.held[last] === 'number') this.held[last] += n;
    else this.held.push(n);
  }

  _start(buf, i) {
    const len = buf.length;
    while (i < len && (buf[i] === 13 || buf[i] === 10)) i++; // empty lines before a message are allowed
    if (i === len) return len;
    const c = buf[i];
    // cheap first-byte test, so TLS, SSH and friends are recognised without buffering
    const plausible = this.role === REQUEST ? c >= 0x21 && c < 0x7f && c !== 0x3a : this.role === RESPONSE ? c === 0x48 : c >= 0x21 && c < 0x7f;
    if (!plausible) return this._notAStartLine(buf, i);
    this.state = S_HEAD;
    this.parts.length = 0;
    this.partsLen = 0;
    this.nl = false;
    this.firstLine = true;
    return i;
  }

  /** A start line was expected and something else came. */
  _notAStartLine(buf, i) {
    if (!this.synced && this.strict) {
      this.state = S_DEAD; // not HTTP: stay quiet
      return buf.length;
    }
    this._fail('ERR_HTTP_PARSE', 'expected a request or status line', false);
    return i;
  }

  _head(buf, i) {
    const len = buf.length;
    const from = i;
    let nl = this.nl;
    let j = i;
    for (; j < len; j++) {
      const c = buf[j];
      if (c === 10) {
        if (this.firstLine) {
          this.firstLine = false;
          if (!this._checkStartLine(buf, from, j)) return this.state === S_DEAD ? len : from;
        }
        if (nl) break;
        nl = true;
      } else if (c !== 13) nl = false;
    }
    if (j === len) {
      this.nl = nl;
      // a copy: a view would keep the whole capture batch it lies in (megabytes) in memory for as
      // long as the rest of the head takes to come
      this.parts.push(Buffer.from(buf.subarray(from)));
      this.partsLen += len - from;
      // The start line is bounded by the head's size, as when it comes in one segment (a URL of
      // 8 KiB or more is valid: only a start line looked for by scanning keeps to max_line). At
      // the start of a stream seen from its first byte, a first line that long is not HTTP.
      if (this.partsLen > this.limits.max_header_size) {
        if (this.firstLine && !this.synced && this.strict) this._notHttp();
        else this._fail('ERR_HTTP_HEADERS_TOO_LARGE', `the message head is larger than ${this.limits.max_header_size} bytes`, true);
      }
      return len;
    }
    // the head ends at j (the LF of the empty line)
    const last = buf.subarray(from, j + 1);
    let head;
    if (this.parts.length === 0) head = last.toString('latin1');
    else {
      this.parts.push(last);
      head = Buffer.concat(this.parts).toString('latin1');
    }
    this.parts.length = 0;
    this.partsLen = 0;
    if (head.length > this.limits.max_header_size) {
      this._fail('ERR_HTTP_HEADERS_TOO_LARGE', `the message head is larger than ${this.limits.max_header_size} bytes`, true);
      return j + 1;
    }
    this._parseHead(head);
    return j + 1;
  }

  /** The method of a request whose head is still arriving, once its first space has come. */
  _methodSoFar() {
    if (this.parts.length === 0) return undefined;
    const first = this.parts[0].toString('latin1', 0, Math.min(this.parts[0].length, 64)).replace(/^[\r\n]+/, '');
    const sp = first.indexOf(' ');
    return sp > 0 ? first.slice(0, sp) : undefined;
  }

  /** What this direction sends from its start is not HTTP: stay quiet. */
  _notHttp() {
    this.parts.length = 0;
    this.partsLen = 0;
    this.state = S_DEAD;
  }

  /** Checks the start line as soon as its LF arrives, so non-HTTP is dropped early. */
  _checkStartLine(buf, from, j) {
    let line;
    if (this.parts.length === 0) line = buf.toString('latin1', from, j);
    else line = Buffer.concat([...this.parts, buf.subarray(from, j)]).toString('latin1');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let role = 0;
    if (this.role !== RESPONSE && REQUEST_LINE.test(line)) role = REQUEST;
    else if (this.role !== REQUEST && STATUS_LINE.test(line)) role = RESPONSE;
    if (role !== 0) {
      if (this.role === 0) this.role = role;
      return true;
    }
    this.parts.length = 0;
    this.partsLen = 0;
    const meant = meantAsHttp(line);
    if (!this.synced && this.strict && !meant) {
      this.state = S_DEAD;
      return false;
    }
    if (this.role === 0) this.role = line.startsWith('HTTP/') ? RESPONSE : REQUEST;
    const method = meant && this.role === REQUEST ? line.slice(0, line.indexOf(' ')) : undefined;
    this._fail('ERR_HTTP_PARSE', 'bad ' + (this.role === RESPONSE ? 'status' : 'request') + ' line ' + JSON.stringify(line.slice(0, 80)), meant, method);
    return false;
  }

  _parseHead(head) {
    const lines = head.split(/\r?\n/);
    const first = lines[0];
    let msg;
    if (this.role === REQUEST) {
      const m = REQUEST_LINE.exec(first);
      msg = new HttpRequest();
      msg.method = m[1];
      msg.url = m[2];
      msg.http_version = m[3] + '.' + m[4];
    } else {
      const m = STATUS_LINE.exec(first);
      msg = new HttpResponse();
      msg.http_version = m[1] + '.' + m[2];
      msg.status_code = Number(m[3]);
      // as sent, trailing whitespace too (reason-phrase may hold SP and HTAB, RFC 9112 4); extra
      // separators before it are skipped, as tshark does
      msg.status_message = m[4] === undefined ? '' : m[4].replace(/^[ \t]+/, '');
    }
    const bad = parseHeaderLines(lines, 1, msg.headers, msg.raw_headers);
    this.synced = true;
    this.strict = false;
    this._revivePeer();
    if (bad !== null) {
      this._fail('ERR_HTTP_PARSE', bad, true);
      return;
    }
    this.msg = msg;
    this.messages++;
    const method = this.h.onHead(this, msg);
    if (this.msg !== msg) return; // the handler stopped us
    this._framing(msg, method);
  }

  /** Decides how the body is delimited (RFC 9112 §6.3) and enters that state. */
  _framing(msg, method) {
    const te = msg.getHeader('transfer-encoding');
    const cl = contentLength(msg);
    if (cl === -2) {
      this._fail('ERR_HTTP_PARSE', 'bad or conflicting Content-Length ' + JSON.stringify(msg.getHeader('content-length')), false);
      return;
    }
    if (this.role === REQUEST) {
      if (te !== undefined) {
        if (!lastCodingChunked(te)) {
          this._fail('ERR_HTTP_PARSE', 'a request with Transfer-Encoding ' + JSON.stringify(te) + ' that does not end in chunked', false);
          return;
        }
        this._chunked(msg);
      } else if (cl >= 0) this._length(msg, cl);
      else this._complete();
      return;
    }
    const sc = msg.status_code;
    if (sc >= 100 && sc < 200) {
      this._complete();
      if (sc === 101) this.state = S_UPGRADED;
      return;
    }
    if (method === 'HEAD' || sc === 204 || sc === 304) {
      this._complete();
      return;
    }
    if (method === 'CONNECT' && sc >= 200 && sc < 300) {
      this._complete();
      this.state = S_UPGRADED; // a tunnel
      return;
    }
    if (te !== undefined) {
      if (lastCodingChunked(te)) this._chunked(msg);
      else this._eof(msg);
    } else if (cl >= 0) this._length(msg, cl);
    else this._eof(msg);
  }

  /** A body of `n` bytes, framed by Content-Length (0 as much as any: nothing to wait for). */
  _length(msg, n) {
    msg.content_length = n;
    if (n === 0) {
      this._complete();
      return;
    }
    this.remaining = n;
    this.state = S_BODY_LEN;
  }

  _chunked(msg) {
    msg.chunked = true;
    this.state = S_CHUNK_SIZE;
    this.line = '';
  }

  _eof(msg) {
    msg.close_delimited = true;
    this.state = S_BODY_EOF;
  }

  _body(chunk) {
    if (chunk.length === 0) return;
    this.msg.body_len += chunk.length;
    this.h.onBody(this, this.msg, chunk);
  }

  _fixedBody(buf, i) {
    const avail = buf.length - i;
    const n = avail < this.remaining ? avail : this.remaining;
    this.remaining -= n;
    const msg = this.msg;
    this._body(i === 0 && n === buf.length ? buf : buf.subarray(i, i + n));
    if (this.msg !== msg) return i + n;
    if (this.remaining === 0) {
      if (this.state === S_BODY_LEN) this._complete();
      else {
        this.state = S_CHUNK_CRLF;
        this.line = '';
      }
    }
    return i + n;
  }

  /** Chunk-size lines, the CRLF after chunk data, and trailer lines. */
  _chunkLine(buf, i) {
    const lf = buf.indexOf(10, i);
    const end = lf < 0 ? buf.length : lf;
    if (this.line.length + (end - i) > this.limits.max_line) {
      this._fail('ERR_HTTP_PARSE', 'a chunk line is too long', false);
      return lf < 0 ? buf.length : lf + 1;
    }
    this.line += buf.toString('latin1', i, end);
    if (lf < 0) return buf.length;
    let line = this.line;
    this.line = '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const msg = this.msg;
    if (this.state === S_CHUNK_CRLF) {
      if (line !== '') this._fail('ERR_HTTP_PARSE', 'chunk data longer than its size', false);
      else this.state = S_CHUNK_SIZE;
    } else if (this.state === S_CHUNK_SIZE) {
      const m = /^([0-9A-Fa-f]{1,12})[ \t]*(;.*)?$/.exec(line);
      if (m === null) {
        this._fail('ERR_HTTP_PARSE', 'bad chunk size line ' + JSON.stringify(line.slice(0, 40)), false);
      } else {
        const size = parseInt(m[1], 16);
        if (size === 0) {
          this.state = S_TRAILER;
          this.trailerLines = null;
          this.trailerBytes = 0;
        }
        else {
          this.remaining = size;
          this.state = S_CHUNK_DATA;
        }
      }
    } else if (line === '') {
      if (this.trailerLines !== null) {
        msg.trailers = {};
        msg.raw_trailers = [];
        const bad = parseHeaderLines(this.trailerLines, 0, msg.trailers, msg.raw_trailers);
        this.trailerLines = null;
        if (bad !== null) {
          this._fail('ERR_HTTP_PARSE', bad, false);
          return lf + 1;
        }
      }
      this._complete();
    } else {
      if (this.trailerLines === null) this.trailerLines = [];
      this.trailerLines.push(line);
      this.trailerBytes += line.length;
      if (this.trailerBytes > this.limits.max_header_size) this._fail('ERR_HTTP_HEADERS_TOO_LARGE', 'the trailers are too large', false);
    }
    return lf + 1;
  }

  _complete() {
    const msg = this.msg;
    this.msg = null;
    this.state = S_START;
    msg.complete = true;
    this.h.onComplete(this, msg);
    // a request asking to switch protocols: what follows waits for the response's verdict
    if (this.role === REQUEST && this.state === S_START && (msg.method === 'CONNECT' || (msg.getHeader('upgrade') !== undefined && /\bupgrade\b/i.test(msg.getHeader('connection') || '')))) {
      this.state = S_WAIT;
    }
  }

  /** Reports an error and goes looking for the next start line. */
  // `inHead`: the failure is in a message's head (not in its body, nor outside any message);
  // `method`: a broken request line's method, so that its response is framed right (HEAD).
  _fail(code, message, inHead, method) {
    const msg = this.msg;
    this.msg = null;
    this.parts.length = 0;
    this.partsLen = 0;
    this.line = '';
    this.state = S_RESYNC;
    this.scan = null;
    this.h.onError(this, httpError(code, message, { message_head: msg, in_head: inHead, method }));
  }

  /**
   * Scans line by line for a request or status line; everything before it is skipped. The
   * start line may follow the end of a body we could not frame on the same line ("...}GET /").
   */
  _resync(buf, i) {
    const len = buf.length;
    let p = i;
    // The next "HTTP/1." at or after p (-1: none in buf), found again only once p has passed it:
    // a search per line, to the end of buf, would make a segment of many lines quadratic.
    // Both kinds of start line contain it.
    let k = -2;
    for (;;) {
      const lf = buf.indexOf(10, p);
      if (lf < 0) break;
      if (k !== -1 && k < p) k = buf.indexOf(HTTP1, p);
      if (k >= 0 && k < lf && lf - p <= this.limits.max_line) {
        const at = this._resyncLine(buf, p, lf);
        if (at >= 0) {
          this.state = S_START;
          this.scanned = 0;
          return p + at;
        }
      }
      this.scanned += lf + 1 - p;
      p = lf + 1;
    }
    if (len - p <= this.limits.max_line) {
      if (p < len) this.scan = Buffer.from(buf.subarray(p)); // copy: the tail is kept across calls
    } else this.scanned += len - p;
    // Nothing like HTTP in the first stretch: stop looking, unless the other direction has shown
    // HTTP (then this one is HTTP too, only seen from the middle of a long body, or after a gap).
    if (!this.synced && this.scanned > this.limits.max_resync_scan && !this._peerSynced()) {
      this.state = S_DEAD;
      this.gaveUp = true;
      this.scan = null;
    }
    return len;
  }

  /** The parser of the other direction of the same conversation, if the handler has one. */
  _peer() {
    const h = this.h;
    if (h === null || typeof h !== 'object') return null;
    if (h.send === this) return h.recv instanceof HttpParser ? h.recv : null;
    if (h.recv === this) return h.send instanceof HttpParser ? h.send : null;
    return null;
  }

  _peerSynced() {
    const peer = this._peer();
    return peer !== null && peer.synced;
  }

  /** This direction parsed a message: a peer that gave up looking for one looks again. */
  _revivePeer() {
    const peer = this._peer();
    if (peer === null || !peer.gaveUp || peer.state !== S_DEAD) return;
    peer.gaveUp = false;
    peer.state = S_RESYNC;
    peer.scanned = 0;
  }

  /** Where a start line begins in the line [p, lf) (which contains "HTTP/1."), or -1. */
  _resyncLine(buf, p, lf) {
    let line = buf.toString('latin1', p, lf);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let at = -1;
    let role = 0;
    if (this.role !== RESPONSE) {
      const m = RESYNC_REQUEST.exec(line);
      if (m !== null && (m.index === 0 || KNOWN_METHODS.has(m[1]))) {
        at = m.index;
        role = REQUEST;
      }
    }
    if (this.role !== REQUEST) {
      const m = RESYNC_STATUS.exec(line);
      if (m !== null && (at < 0 || m.index < at)) {
        at = m.index;
        role = RESPONSE;
      }
    }
    if (at >= 0 && this.role === 0) this.role = role;
    return at;
  }
}

/** The message's Content-Length: -1 when absent, -2 when malformed or conflicting. */
function contentLength(msg) {
  const raw = msg.raw_headers;
  let n = -1;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length !== 14 || raw[i].toLowerCase() !== 'content-length') continue;
    for (const part of raw[i + 1].split(',')) {
      const v = part.trim();
      if (!/^\d{1,15}$/.test(v)) return -2;
      const x = Number(v);
      if (n >= 0 && x !== n) return -2;
      n = x;
    }
  }
  return n;
}

function lastCodingChunked(te) {
  const codings = te.split(',');
  return codings[codings.length - 1].trim().toLowerCase() === 'chunked';
}

module.exports = { HttpParser, HttpRequest, HttpResponse, HttpMessage, REQUEST, RESPONSE, LIMITS, httpError, setHeader };
