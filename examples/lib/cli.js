'use strict';
// What the command-line tools in examples/ share: buffered output, opening a capture with their
// default filters, and ending on a file error, a signal or a closed pipe.

const pcap = require('../..');

/**
 * Output in chunks: one write per batch of lines, not one per line.
 * @returns {{out: (line: string) => void, flush: () => void}}
 */
function bufferedOutput() {
  let pending = '';
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (pending) {
      process.stdout.write(pending);
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
  return { out, flush };
}

/** Prints `tool: message (CODE)` on stderr and exits 1. */
function die(tool, e) {
  process.stderr.write(`${tool}: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
  process.exit(1);
}

// Live: the kernel hands over what it holds at least every 100 ms (libpcap's default is 1 s), so
// lines come promptly and little is lost in the buffer at Ctrl-C.
const LIVE_TIMEOUT_MS = 100;

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
  const filters = opts.filter !== undefined ? [opts.filter] : opts.file ? [''] : liveFilters;
  const create = (f) => (opts.file ? pcap.createOfflineSession(opts.file, { filter: f }) : pcap.createSession(opts.iface, { filter: f, buffer_timeout: LIVE_TIMEOUT_MS }));
  for (let i = 0; ; i++) {
    try {
      return create(filters[i]);
    } catch (e) {
      if (e.code !== 'ERR_PCAP_FILTER' || i === filters.length - 1) die(tool, e);
    }
  }
}

/**
 * Ends the tool the same way whatever stops it: `finish` runs on SIGINT and SIGTERM (then exit),
 * a session error (a file that breaks off, a device that goes away) sets exit code 1 after what
 * came before it was printed, and a closed stdout (`| head`) exits quietly.
 */
function endings(tool, session, finish, flush) {
  session.on('error', (e) => {
    flush();
    process.stderr.write(`${tool}: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
    process.exitCode = 1;
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      finish();
      process.exit();
    });
  }
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
}

const pad = (n, w) => String(n).padStart(w, '0');
/** Capture time (seconds) as local HH:MM:SS.mmm. */
function clock(t) {
  const d = new Date(Math.floor(t * 1000));
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * The TLS hello or plaintext alert a decoded packet carries, with its endpoints as the TCP
 * tracker writes them (`addr:port`, `[addr]:port` for IPv6), or null.
 * @returns {{src: string, dst: string, tls: object} | null}
 */
function tlsHandshake(packet) {
  let ip = packet.payload;
  while (ip && ip.saddr === undefined) ip = ip.payload; // past the link layer, tags, tunnels' outer headers
  const tcp = ip && ip.payload;
  const tls = tcp && tcp.decoderName === 'tcp' ? tcp.payload : null;
  if (!tls || tls.decoderName !== 'tls') return null;
  const type = tls.handshakeType;
  if (type !== 1 && type !== 2 && !tls.alert) return null;
  const at = (addr, port) => (ip.decoderName === 'ipv6' ? `[${addr}]:${port}` : `${addr}:${port}`);
  return { src: at(ip.saddr, tcp.sport), dst: at(ip.daddr, tcp.dport), tls };
}

module.exports = { bufferedOutput, die, openCapture, endings, clock, tlsHandshake, LIVE_TIMEOUT_MS, TCP_LIVE_FILTERS };
