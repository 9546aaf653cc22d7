'use strict';
// PcapSession: the EventEmitter users hold. Live and offline sessions share one delivery path:
// native batches go into a small queue, and _pump() turns records into RawPackets and emits
// 'packet' until the queue is empty, the session is paused, or it is closed. Offline sessions ask
// for the next batch (read on libuv's thread pool) while the current one is emitted, and stop
// asking when two are waiting, which bounds memory for files of any size.

const EventEmitter = require('events');
const { getBinding } = require('./binding');
const { RawPacket, IDX } = require('./raw_packet');
const { linkTypeName } = require('./link_types');
const { PcapError, fromNative } = require('./errors');
const options = require('./options');

/** Offline read sizes: one thread-pool read fills at most this much. */
const OFFLINE_BATCH_PACKETS = 65536;
const OFFLINE_BATCH_BYTES = 2 * 1024 * 1024;
/** Live: the most one event-loop wake takes from the kernel before yielding to other work. */
const LIVE_WAKE_PACKETS = 4096;
const LIVE_WAKE_BYTES = 4 * 1024 * 1024;

class PcapSession extends EventEmitter {
  /**
   * Use pcap.createSession() or pcap.createOfflineSession(); the constructor is internal.
   * @param {boolean} isLive
   * @param {string} source device name or file path
   * @param {object} opts validated options (see lib/options.js)
   */
  constructor(isLive, source, opts) {
    super();
    this.is_live = isLive;
    this.device_name = isLive ? source : undefined;
    this.path = isLive ? undefined : source;
    this.filter = opts.filter;
    this.buffer_size = opts.buffer_size;
    this.snap_length = opts.snap_length;
    this.outfile = '';
    this.is_monitor = opts.monitor;
    this.buffer_timeout = opts.buffer_timeout;
    this.promiscuous = opts.promiscuous;
    this.timestamp_precision = opts.timestamp_precision;
    this.direction = opts.direction;
    this.link_type = undefined;
    /** The link type as a number (libpcap's DLT_ value). */
    this.dlt = undefined;
    this.opened = false;
    /** Packets emitted so far. */
    this.packets_read = 0;

    this._native = null;
    this._queue = []; // [{data, index, count, done (emitted count)}]
    this._paused = false;
    this._closed = false;
    this._reading = false; // offline: a read is in flight
    this._eof = false; // offline: the reader reported the end or an error
    this._readError = null;
    this._finished = false;
    this._pumping = false;
    this._pendingFilter = null; // offline: a filter to apply before the next read
    this._onBatch = this._onBatch.bind(this);
  }

  /** @private Opens the live capture (called by createSession). */
  _openLive(opts) {
    const binding = getBinding();
    const native = new binding.LiveCapture();
    let res;
    try {
      res = native.open({
        device: this.device_name,
        snaplen: opts.snap_length,
        promisc: opts.promiscuous,
        bufferSize: opts.buffer_size,
        timeoutMs: opts.buffer_timeout,
        monitor: opts.monitor,
        nano: opts.timestamp_precision === 'nano',
        direction: opts.direction || '',
        filter: opts.filter,
        maxPacketsPerWake: LIVE_WAKE_PACKETS,
        maxBytesPerWake: LIVE_WAKE_BYTES,
      });
    } catch (e) {
      throw fromNative(e, { device: this.device_name, filter: opts.filter }, binding.status);
    }
    this._native = native;
    this._setLinkType(res.linkType);
    this.timestamp_precision = res.nano ? 'nano' : 'micro';
    this.opened = true;
    for (const w of res.warnings) warn(w);
    native.start((data, index, count, error) => this._onLiveBatch(data, index, count, error));
    return this;
  }

  /** @private Opens the capture file (called by createOfflineSession). */
  _openOffline(opts) {
    const binding = getBinding();
    const reader = new binding.OfflineReader();
    let res;
    try {
      res = reader.open(this.path, opts.filter, opts.timestamp_precision === 'nano');
    } catch (e) {
      throw fromNative(e, { path: this.path, filter: opts.filter }, binding.status);
    }
    if (binding.dataLinkName(res.linkType) === null) {
      reader.close();
      throw new PcapError('ERR_PCAP_LINK_TYPE', `capture file ${JSON.stringify(this.path)} has link-layer type ${res.linkType}, which libpcap does not know; the file is damaged or from a newer libpcap`, { path: this.path, dlt: res.linkType });
    }
    this._native = reader;
    this._setLinkType(res.linkType);
    this.snap_length = res.snaplen;
    this.opened = true;
    // Start reading at once: the first batch is read on the thread pool while the caller attaches
    // listeners, and it can only arrive in a later turn of the event loop.
    this._readMore();
    return this;
  }

  _setLinkType(dlt) {
    this.dlt = dlt;
    this.link_type = linkTypeName(dlt);
  }

  _onLiveBatch(data, index, count, error) {
    if (this._closed) return;
    if (count > 0) this._queue.push({ data, index, count, done: 0 });
    this._pump();
    if (error && !this._closed) this._emitError(new PcapError('ERR_PCAP_READ', `capture on ${JSON.stringify(this.device_name)} failed: ${error}`, { device: this.device_name }));
  }

  _readMore() {
    if (this._closed || this._reading || this._eof || this._queue.length >= 2) return;
    if (this._pendingFilter !== null) {
      const expr = this._pendingFilter;
      this._pendingFilter = null;
      try {
        this._native.setFilter(expr);
      } catch (e) {
        this._emitError(fromNative(e, { path: this.path, filter: expr }, getBinding().status));
      }
    }
    this._reading = true;
    this._native.read(OFFLINE_BATCH_PACKETS, OFFLINE_BATCH_BYTES, this._onBatch);
  }

  // Offline read completion (runs on the main thread).
  _onBatch(err, data, index, count, eof, error) {
    this._reading = false;
    if (this._closed) return;
    if (count > 0) this._queue.push({ data, index, count, done: 0 });
    if (eof) this._eof = true;
    if (error) {
      this._eof = true;
      const { fileError } = require('./errors');
      this._readError = fileError(error, this.path, { path: this.path });
      if (this._readError.code === 'ERR_PCAP_FILE_FORMAT') this._readError.code = 'ERR_PCAP_READ';
    }
    // Read ahead while this batch is emitted: the thread pool and the main thread work together.
    if (!this._paused) this._readMore();
    this._pump();
  }

  // Emits queued packets until paused, closed or out of packets.
  _pump() {
    if (this._pumping) return; // a 'packet' listener called resume(): the running loop continues
    this._pumping = true;
    try {
      const linkType = this.link_type;
      while (!this._paused && !this._closed && this._queue.length > 0) {
        const item = this._queue[0];
        const data = item.data;
        const index = item.index;
        while (item.done < item.count && !this._paused && !this._closed) {
          const k = item.done * IDX.WORDS;
          item.done++;
          this.packets_read++;
          this.emit('packet', new RawPacket(data, index, k, linkType));
        }
        if (item.done === item.count) this._queue.shift();
        if (!this.is_live && !this._paused) this._readMore();
      }
    } finally {
      this._pumping = false;
    }
    if (!this.is_live && !this._closed && !this._paused && this._eof && !this._reading && this._queue.length === 0) this._finish();
  }

  _finish() {
    if (this._finished) return;
    this._finished = true;
    const readError = this._readError;
    this._release();
    if (readError) this._emitError(readError);
    this.emit('complete');
    this.emit('end');
    this.emit('close');
  }

  // 'error' with no listener would throw from inside the event loop and end the process; a capture
  // library should not do that for a damaged file, so then it becomes a process warning instead.
  _emitError(err) {
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else process.emitWarning(err.message, { code: err.code, type: 'PcapWarning' });
  }

  _release() {
    this._closed = true;
    this._queue.length = 0;
    if (this._native) {
      this._native.close();
      this._native = null;
    }
    this.opened = false;
  }

  _requireOpen(what) {
    if (this._closed) throw new PcapError('ERR_PCAP_CLOSED', `${what}() on a closed session; open a new one`);
  }

  /**
   * Stops capturing and frees the capture handle at once. Idempotent, safe inside a 'packet'
   * listener (no further 'packet' events), and lets the process exit. Emits 'close' once.
   */
  close() {
    if (this._closed) return;
    const wasFinished = this._finished;
    this._release();
    if (!wasFinished) {
      this._finished = true;
      process.nextTick(() => this.emit('close'));
    }
  }

  /**
   * Capture statistics. Live: libpcap's counters. Offline (a file has no drop counters):
   * {ps_recv: packets read so far, ps_drop: 0, ps_ifdrop: 0, offline: true}.
   * @returns {{ps_recv: number, ps_drop: number, ps_ifdrop: number}}
   */
  stats() {
    if (!this.is_live) return { ps_recv: this.packets_read, ps_drop: 0, ps_ifdrop: 0, offline: true };
    this._requireOpen('stats');
    try {
      return this._native.stats();
    } catch (e) {
      throw fromNative(e, { device: this.device_name }, getBinding().status);
    }
  }

  /**
   * Sends a raw frame on the capture device.
   * @param {Buffer|Uint8Array} buf the whole frame, link-layer header included
   * @returns {number} bytes sent
   */
  inject(buf) {
    this._requireOpen('inject');
    if (!(buf instanceof Uint8Array)) throw options.argType('buf', 'a Buffer or Uint8Array', buf);
    if (!this.is_live) throw new PcapError('ERR_PCAP_OFFLINE', 'inject() needs a live session; this one reads a file');
    try {
      return this._native.inject(buf);
    } catch (e) {
      const err = fromNative(e, { device: this.device_name }, getBinding().status);
      if (err.code === 'ERR_PCAP') err.code = 'ERR_PCAP_INJECT';
      throw err;
    }
  }

  /**
   * Replaces the BPF filter ('' captures everything).
   * @param {string} expr a pcap-filter(7) expression
   */
  setFilter(expr) {
    this._requireOpen('setFilter');
    if (typeof expr !== 'string') throw options.argType('filter', 'of type string', expr);
    if (!this.is_live && this._reading) {
      // A read-ahead is running on the thread pool: check the filter now, apply it when the read
      // is done. Packets already read (the batch being emitted and the one being read) are not
      // filtered again.
      const binding = getBinding();
      const problem = binding.checkFilter(this.dlt, this.snap_length || 262144, expr);
      if (problem !== null) throw new PcapError('ERR_PCAP_FILTER', `invalid filter ${JSON.stringify(expr)}: ${problem}`, { path: this.path, filter: expr });
      this._pendingFilter = expr;
      this.filter = expr;
      return;
    }
    try {
      this._native.setFilter(expr);
    } catch (e) {
      throw fromNative(e, { device: this.device_name, path: this.path, filter: expr }, getBinding().status);
    }
    this.filter = expr;
  }

  /** Stops emitting 'packet' (live: stops reading; the kernel buffer fills, then drops). */
  pause() {
    if (this._paused || this._closed) return this;
    this._paused = true;
    if (this.is_live && this._native) this._native.pause();
    return this;
  }

  /** Emits again after pause(). */
  resume() {
    if (!this._paused || this._closed) return this;
    this._paused = false;
    if (this.is_live && this._native) this._native.resume();
    process.nextTick(() => {
      if (this._closed || this._paused) return;
      this._pump();
      if (!this.is_live) this._readMore();
    });
    return this;
  }

  /** Whether 'packet' emission is paused. */
  isPaused() {
    return this._paused;
  }

  /** Keeps the process alive while capturing (default). */
  ref() {
    if (this.is_live && this._native) this._native.setRef(true);
    return this;
  }

  /** Lets the process exit even while this live session is open. */
  unref() {
    if (this.is_live && this._native) this._native.setRef(false);
    return this;
  }

  /**
   * Async iteration over packets: `for await (const raw of session)`. Ends at the end of a file or
   * when the session closes; pauses the session while `highWaterMark` packets wait unread.
   * @param {{highWaterMark?: number}} [opts]
   */
  packets(opts = {}) {
    const highWaterMark = opts.highWaterMark === undefined ? 1024 : opts.highWaterMark;
    const session = this;
    const queue = [];
    let waiting = null;
    let done = false;
    let failure = null;
    const wake = () => {
      if (waiting) {
        const w = waiting;
        waiting = null;
        w();
      }
    };
    const onPacket = (raw) => {
      queue.push(raw);
      if (queue.length >= highWaterMark) session.pause();
      wake();
    };
    const onEnd = () => {
      done = true;
      wake();
    };
    const onError = (err) => {
      failure = err;
      done = true;
      wake();
    };
    const cleanup = () => {
      session.off('packet', onPacket);
      session.off('close', onEnd);
      session.off('error', onError);
    };
    session.on('packet', onPacket);
    session.on('close', onEnd);
    session.on('error', onError);
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        for (;;) {
          if (queue.length > 0) {
            const value = queue.shift();
            if (queue.length < highWaterMark / 2 && session.isPaused()) session.resume();
            return { value, done: false };
          }
          if (failure) {
            const err = failure;
            failure = null;
            cleanup();
            throw err;
          }
          if (done) {
            cleanup();
            return { value: undefined, done: true };
          }
          await new Promise((resolve) => {
            waiting = resolve;
          });
        }
      },
      async return() {
        cleanup();
        session.close();
        return { value: undefined, done: true };
      },
    };
  }

  [Symbol.asyncIterator]() {
    return this.packets()[Symbol.asyncIterator]();
  }
}

/** libpcap warnings go to pcap.warningHandler (set by index.js). */
let warningHandler = (text) => process.emitWarning(text, { type: 'PcapWarning', code: 'PCAP_WARNING' });
function warn(text) {
  warningHandler(text);
}
function setWarningHandler(fn) {
  warningHandler = fn;
}

module.exports = { PcapSession, setWarningHandler };
