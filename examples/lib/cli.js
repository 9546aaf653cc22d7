'use strict';
// What the command-line tools in examples/ share: buffered output, opening a capture with their
// default filters, and ending on a file error, a signal or a closed pipe.

const pcap = require('../..');
const { cutAt, quotedText } = require('../../lib/decode/print/summary');
const { oneLine } = require('../../lib/decode/text');

/**
 * Output in chunks: one write per batch of lines, not one per line.
 * @returns {{out: (line: string) => void, flush: () => void, toStderr: () => void}} toStderr()
 *   sends the lines to standard error from then on (standard output until then)
 */
function bufferedOutput() {
  let pending = '';
  let flushScheduled = false;
  let stream = null; // process.stdout unless toStderr() was called: made on first use only
  const flush = () => {
    flushScheduled = false;
    if (pending) {
      if (stream === null) stream = process.stdout;
      stream.write(pending);
      pending = '';
    }
  };
  const out = (line) => {
    pending += line + '\n';
    if (pending.length > 65536) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };
  const toStderr = () => {
    stream = process.stderr;
  };
  return { out, flush, toStderr };
}

/** Prints `tool: message (CODE)` on stderr and exits 1. */
function die(tool, e) {
  process.stderr.write(`${tool}: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
  process.exit(1);
}

// Live: the kernel hands over what it holds at least every 100 ms (libpcap's default is 1 s), so
// lines come promptly and little is lost in the buffer at Ctrl-C.
const LIVE_TIMEOUT_MS = 100;
// Live: whole frames, as tcpdump takes them. The library's default (65535, node_pcap's) cuts the
// 65,549-byte frames a full TCP segment makes on lo (and with TSO/GRO elsewhere): the trackers
// would see a hole in the stream, and give up on the connection, where nothing was lost.
const LIVE_SNAP_LENGTH = 262144;

// The TCP tools' live default: TCP, also in frames with up to three VLAN tags (each "vlan" moves
// the filter past one tag); plain "tcp" on link types without VLANs (Linux "any"); nothing where
// even that does not compile. A file without -f is read whole: the tracker looks only at TCP
// anyway, and a pcapng file's later interfaces may be of link types a filter cannot take.
const TCP_LIVE_FILTERS = ['tcp or (vlan and (tcp or (vlan and (tcp or (vlan and tcp)))))', 'tcp', ''];

/**
 * Opens `opts.file`, or `opts.iface` live, with `opts.filter` or else the first of the default
 * filters that compiles; exits with libpcap's message when it cannot open.
 * @param {string} tool
 * @param {{file?: string, iface?: string, filter?: string}} opts
 * @param {string[]} liveFilters
 */
function openCapture(tool, opts, liveFilters) {
  // (`-r ""`, an empty variable, is a file that is not there, never a live capture)
  const offline = opts.file !== undefined;
  const filters = opts.filter !== undefined ? [opts.filter] : offline ? [''] : liveFilters;
  const create = (f) => (offline ? pcap.createOfflineSession(opts.file, { filter: f }) : pcap.createSession(opts.iface, { filter: f, buffer_timeout: LIVE_TIMEOUT_MS, snap_length: LIVE_SNAP_LENGTH }));
  for (let i = 0; ; i++) {
    try {
      return create(filters[i]);
    } catch (e) {
      if (e.code !== 'ERR_PCAP_FILTER' || i === filters.length - 1) die(tool, e);
    }
  }
}

/**
 * Ends the tool the same way whatever stops it: `finish` runs at the session's end, and on its
 * 'close' (a live capture whose device went away ends with 'error', then 'close', and no 'end'),
 * and on SIGINT and SIGTERM (then exit, once the lines are written out; a second signal exits at
 * once); a session error (a file that breaks off, a device that goes away) sets exit code 1
 * after what came before it was printed; a closed output of the lines (`| head`) exits quietly,
 * as a C tool dies of SIGPIPE, and any other failure to write them (a full disk) is one line on
 * stderr and exit code 1. The lines go to stdout, or to stderr when `linesOnStderr` (a tool
 * writing a capture to stdout itself leaves Node's stdout stream unmade).
 */
function endings(tool, session, finish, flush, linesOnStderr = false) {
  session.on('error', (e) => {
    flush();
    process.stderr.write(`${tool}: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
    process.exitCode = 1;
  });
  session.on('end', finish);
  session.on('close', finish);
  const lines = linesOnStderr ? process.stderr : process.stdout;
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (signalled) process.exit(); // the second Ctrl-C: the reader of the lines is stuck
      signalled = true;
      finish();
      session.close(); // no more packets, and no lines after the summary while the lines drain
      // Exit once the lines are out: a pipe whose reader lags (| less, | grep over ssh) holds
      // them in Node's buffer, and exiting at once would drop the last ones and the summary.
      if (lines.writableLength === 0) process.exit();
      else lines.write('', () => process.exit());
    });
  }
  lines.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    // any other failure (a full disk, /dev/full: ENOSPC; EIO) loses lines: say so, exit code 1
    process.stderr.write(`${tool}: cannot write the lines: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
    process.exit(1);
  });
}

const pad = (n, w) => String(n).padStart(w, '0');
/** Capture time (seconds) as local HH:MM:SS.mmm. */
function clock(t) {
  const d = new Date(Math.floor(t * 1000));
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

// The largest TLS record (2^14 bytes of data plus what TLS 1.2 adds) and header
const TLS_RECORD_MAX = 5 + 16384 + 2048;

/**
 * Watches the first bytes each TCP connection sends each way for a TLS handshake, from the
 * tracker's reassembled streams: a ClientHello can span segments (test/fixtures/app/
 * tls_split.pcap's 1.2 KB hello spans three) and a ServerHello record shares one with the
 * certificates. When the first record of a direction is whole, calls
 * onRecord(session, dir, tls, time) with it decoded (decode.layer('tls')) and the capture time
 * it completed at; a direction that does not start with a handshake or alert record, or loses
 * bytes to a gap, is not watched further.
 * @param {object} tracker a TCPTracker
 * @param {(session: object, dir: 'send'|'recv', tls: object, time: number) => void} onRecord
 */
function watchTls(tracker, onRecord) {
  tracker.on('session', (s) => {
    for (const dir of ['send', 'recv']) {
      let held = null; // the start of an incomplete first record (a copy)
      let done = false;
      s.on(dir === 'send' ? 'data send' : 'data recv', (sess, buf) => {
        if (done) return;
        // the tracker's chunks are views into packets: copy only what must wait for more
        const bytes = held === null ? buf : Buffer.concat([held, buf]);
        held = null;
        const wait = () => {
          held = bytes === buf ? Buffer.from(buf) : bytes;
        };
        if (bytes.length < 5) return wait();
        if ((bytes[0] !== 22 && bytes[0] !== 21) || bytes[1] !== 3) {
          done = true; // not TLS, or joined after the handshake
          return;
        }
        const need = 5 + bytes.readUInt16BE(3);
        if (bytes.length < need && need <= TLS_RECORD_MAX) return wait();
        done = true;
        onRecord(sess, dir, pcap.decode.layer('tls', bytes), sess.current_cap_time);
      });
      s.on('gap', (sess, gapDir) => {
        if (gapDir === dir) {
          done = true;
          held = null;
        }
      });
    }
  });
}

/** SQL on one line, quoted, cut at 200 characters (pg_trace, mysql_trace). */
function sqlText(sql) {
  const one = String(sql).replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 200 ? cutAt(one, 200) + '…' : one);
}

/**
 * Adds `key` to a Set, or `key` and `value` to a Map, that forgets its oldest entries past `max`
 * (prepared statements and portals remembered per connection).
 */
function remember(collection, max, key, value) {
  collection.delete(key);
  if (collection instanceof Map) collection.set(key, value);
  else collection.add(key);
  if (collection.size > max) collection.delete(collection.keys().next().value);
}

const SAMPLE_SIZE = 100000; // times kept for the median and p99

/**
 * Times (answers, statements): exact minimum and maximum, and the median and 99th percentile of a
 * sample that stays bounded on a long live capture (all of them up to SAMPLE_SIZE, then a uniform
 * random sample of them).
 */
class TimeSample {
  constructor() {
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.sample = [];
  }

  add(ms) {
    this.count++;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(ms);
    else {
      const i = Math.floor(Math.random() * this.count);
      if (i < SAMPLE_SIZE) this.sample[i] = ms;
    }
  }

  summary() {
    const t = this.sample.slice().sort((a, b) => a - b);
    const at = (p) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
    return [this.min, at(0.5), at(0.99), this.max].map((x) => x.toFixed(1)).join('/');
  }
}

/**
 * The command line of a trace tool (dns_trace, pg_trace, mysql_trace, redis_trace, mqtt_trace): -i, -f, -r, -p PORT
 * (added to `ports`, the standard ones) and --help; `more(option, value, opts, fail)` takes the
 * tool's own options and returns true for those it knows. A bad one is a usage error: the message
 * and the usage on stderr, exit code 2.
 * @returns {{iface?: string, filter?: string, file?: string, ports: number[]}}
 */
function parseTraceArgs(tool, usage, argv, ports, more) {
  const fail = (message) => {
    process.stderr.write(`${tool}: ${message}\n\n${usage}\n`);
    process.exit(2);
  };
  const opts = { iface: undefined, filter: undefined, file: undefined, ports: ports.slice() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (a === '-i') opts.iface = value();
    else if (a === '-f') opts.filter = value();
    else if (a === '-r') opts.file = value();
    else if (a === '-p') {
      const v = value();
      const port = Number(v);
      if (!/^\d+$/.test(v) || port < 1 || port > 65535) fail(`-p needs a port number from 1 to 65535, not ${JSON.stringify(v)}`);
      if (!opts.ports.includes(port)) opts.ports.push(port);
    } else if (!(more && more(a, value, opts, fail))) fail(`unknown option ${a}`);
  }
  if (opts.file !== undefined && opts.iface !== undefined) fail('-i and -r do not go together: capture live or read a file');
  return opts;
}

/**
 * Why requests of a connection got no answer, for a trace tool's lines: from why the tool stopped
 * reading it (`reason`: 'gap', 'garbled', 'encrypted', 'overflow', or null) and why the tracker
 * ended it (`endReason`: 'flush' at the end of the capture, 'evicted', 'fin', ...).
 * @param {string} what 'result', 'reply'
 */
function noAnswerWhy(what, reason, endReason) {
  if (reason === 'gap') return `no ${what}: the capture lost bytes of this connection`;
  if (reason === 'garbled' || reason === 'encrypted') return `no ${what} read: the connection stopped speaking the protocol`;
  if (reason === 'overflow' || reason === 'crowded') return `no ${what} read: too many were waiting`;
  if (reason === 'subs') return `no ${what} read: the connection held too many subscriptions`;
  if (endReason === 'flush') return `no ${what} before the capture ended`;
  if (endReason === 'evicted') return `no ${what} read: the tracker dropped the connection (max_sessions)`;
  return `no ${what} before the connection ended`;
}

/**
 * What the connections of the request/response trace tools share: the two ends, and giving up on
 * reading one. A subclass sets `fromClient` and `fromServer`, each with push(buf) and stop().
 */
class TraceConnection {
  constructor(trace, session) {
    this.trace = trace;
    this.client = session.src;
    this.server = session.dst;
    this.done = false;
    this.reason = null; // why it is not read further
  }

  /** Stops reading the connection, counting why in the trace's counts[reason]. */
  giveUp(reason) {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    this.fromClient.stop();
    this.fromServer.stop();
    this.trace.counts[reason]++;
  }
}

/**
 * Live: warns on stderr when pcap drops packets, every 2 s and once more when `finish` runs (a
 * short capture, or one stopped soon after a burst, would otherwise end without a word about
 * what was lost). Returns the check, for the end; `advice` ends each line. Nothing for a file.
 * @param {string} tool
 * @param {object} session
 * @param {string} advice
 * @returns {() => void}
 */
function warnOnDrops(tool, session, advice) {
  let dropped = 0;
  const check = () => {
    if (!session.is_live) return;
    let st;
    try {
      st = session.stats();
    } catch (e) {
      return; // closed
    }
    if (st.ps_drop > dropped) {
      process.stderr.write(`${tool}: pcap dropped ${st.ps_drop - dropped} packets (${st.ps_drop} of ${st.ps_recv} so far); ${advice}\n`);
      dropped = st.ps_drop;
    }
  };
  if (session.is_live) setInterval(check, 2000).unref();
  return check;
}

/**
 * Runs a trace tool that follows request/response connections over TCP (pg_trace, mysql_trace, redis_trace, mqtt_trace):
 * opens the capture (live: filtered to opts.ports), follows every connection to one of those
 * ports with a TCPTracker, and feeds each to the connection object makeConnection(session)
 * returns: {fromClient.push(buf), fromServer.push(buf), giveUp(reason), reason}. A connection
 * joined after its handshake is given up ('midstream': where its messages begin cannot be known),
 * one with a hole the capture lost too ('gap'). `trace.now` is kept as the latest capture time seen
 * (merged captures go back and forth: the clock does not),
 * counts.connections, unanswered(connection, why) when a connection ends, and finish() at the end.
 * @param {string} what what a request waits for ('result', 'reply'), for the lines of those left waiting
 */
function runStreamTrace(tool, opts, trace, makeConnection, what, flush) {
  const session = openCapture(tool, opts, [opts.ports.map((p) => `tcp port ${p}`).join(' or '), 'tcp', '']);
  if (session.is_live) process.stderr.write(`listening on ${session.device_name}\n`);
  // idle_timeout off: a pooled or subscribed connection may stay quiet for hours and go on;
  // sessions stay bounded by the tracker's max_sessions
  const tracker = new pcap.TCPTracker({ idle_timeout: 0 });
  tracker.on('session', (s) => {
    if (!opts.ports.includes(Number(s.dst.slice(s.dst.lastIndexOf(':') + 1)))) return;
    trace.counts.connections++;
    const c = makeConnection(s);
    if (s.missed_syn && s.state === 'ESTAB') {
      c.giveUp('midstream');
      return;
    }
    s.on('data send', (_, buf) => c.fromClient.push(buf));
    s.on('data recv', (_, buf) => c.fromServer.push(buf));
    s.on('gap', () => c.giveUp('gap'));
    s.on('end', (sess) => trace.unanswered(c, noAnswerWhy(what, c.reason, sess.end_reason)));
  });
  session.on('packet', (raw) => {
    const t = raw.ts_sec + raw.ts_nsec / 1e9;
    if (t > trace.now) trace.now = t;
    tracker.track_packet(pcap.decode.packet(raw));
  });
  const checkDrops = warnOnDrops(tool, session, "connections with a gap are given up; try a narrower -f filter");
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    checkDrops();
    tracker.flush();
    trace.finish();
    flush();
  };
  endings(tool, session, finish, flush);
}

module.exports = {
  bufferedOutput, die, openCapture, endings, warnOnDrops, clock, watchTls, TimeSample, noAnswerWhy, parseTraceArgs, TraceConnection, runStreamTrace, sqlText, remember, cutAt, quotedText, oneLine,
  LIVE_TIMEOUT_MS, LIVE_SNAP_LENGTH, TCP_LIVE_FILTERS,
};
