'use strict';
// PcapSession: the EventEmitter users hold. Live and offline sessions share one delivery path:
// native batches go into a small queue, and _pump() turns records into RawPackets and emits
// 'packet' until the queue is empty, the session is paused, or it is closed. Offline sessions ask
// for the next batch (read on libuv's thread pool) while the current one is emitted, and stop
// asking when two are waiting, which bounds memory for files of any size.

const EventEmitter = require('events');
const { isUint8Array } = require('util').types;
const { getBinding } = require('./binding');
const { RawPacket, IDX } = require('./raw_packet');
const { linkTypeName, linkTypeNumber } = require('./link_types');
const { PcapError, fromNative, fileError, argValue, illegalConstructor } = require('./errors');
const options = require('./options');
const { findalldevs } = require('./devices');

// emit() as it was when this module loaded: while a session's emit is still this one, _pump may
// call a single 'packet' listener itself.
const EMIT = EventEmitter.prototype.emit;

/** Offline read sizes: one thread-pool read fills at most this much. */
const OFFLINE_BATCH_PACKETS = 65536;
const OFFLINE_BATCH_BYTES = 2 * 1024 * 1024;
const STREAM_MAX_WAIT_MS = 20; // the longest a packet from a quiet pipe waits before it is looked for
const STDIN_FD = 0; // createOfflineSession('-') reads it, as tcpdump -r - does
const PACKETS_OPTIONS = new Set(['highWaterMark']); // session.packets()
// A file session reads a file in chunks with two threads while its listeners wait this long
// for a batch on average; when they are the slower side, a second reading thread would only take a
// core from them. (Counting packets waits 0.3-0.4 ms per batch here, decoding them 0.02-0.03 ms.)
const READ_AHEAD_MEAN_WAIT_MS = 0.15;
/** Live: the most one event-loop wake takes from the kernel before yielding to other work. */
const LIVE_WAKE_PACKETS = 4096;
const LIVE_WAKE_BYTES = 4 * 1024 * 1024;

/** Passed by createSession()/createOfflineSession() only: sessions are not made with new. */
const INTERNAL = Symbol('pcap.PcapSession');

/**
 * A live capture or a capture file being read: an EventEmitter of 'packet' (a RawPacket), then
 * 'complete' and 'end' for a file, 'error' and 'close'. Also an async iterable of RawPackets.
 */
class PcapSession extends EventEmitter {
  /**
   * Use pcap.createSession() or pcap.createOfflineSession(); the constructor is internal
   * (anything else gets ERR_ILLEGAL_CONSTRUCTOR rather than a session that was never opened).
   * @param {boolean} isLive
   * @param {string} source device name or file path
   * @param {object} opts validated options (see lib/options.js)
   * @param {symbol} token INTERNAL
   */
  constructor(isLive, source, opts, token) {
    if (token !== INTERNAL) {
      throw illegalConstructor('PcapSession is not made with new: use pcap.createSession(device, options) or pcap.createOfflineSession(path, options)');
    }
    super();
    // 'packet' listeners may be called directly rather than through emit() (see _pump) unless
    // emit() has more to do: rejections to capture (captureRejections) or a replaced emit().
    this._callListenerDirectly = !EventEmitter.captureRejections;
    this._listenerEpoch = 0; // bumped by every listener change (see the end of this file)
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
    /** Live: the timestamp type asked for (options.timestamp_type), or undefined for the device's default. */
    this.timestamp_type = opts.timestamp_type;
    this.link_type = undefined;
    /** The link type as a number (libpcap's DLT_ value). */
    this.dlt = undefined;
    /** Live: the link types the device offers (names as `link_type` gives them); see options.link_type. */
    this.link_types = undefined;
    /** Live: the timestamp types the device offers (libpcap's names; libpcap 1.10 lists at least 'host'). */
    this.timestamp_types = undefined;
    this.opened = false;
    /** Packets emitted so far. */
    this.packets_read = 0;

    this._native = null;
    this._queue = []; // [{data, index, count, done (emitted count)}]
    this._paused = false; // emission is paused: by pause() or by an async iterator's hold
    this._userPaused = false; // pause() was called (and resume() not since)
    this._iteratorHolds = 0; // async iterators whose buffer is full (see packets())
    this._iteratorRefilters = new Set(); // one per attached async iterator: applies setFilter() to what it holds
    this._closed = false;
    this._readsInFlight = 0; // offline: reads queued on the thread pool and not yet back
    this._readSeq = 0; // offline: the number of the next read queued
    this._nextBatchSeq = 0; // offline: the read whose batch is taken next (reads can finish out of order)
    this._earlyBatches = new Map(); // offline: batches back before an earlier read's, by number
    this._waitingSince = 0; // offline: when the queue ran dry with a read in flight (performance.now())
    this._streamTimer = null; // offline, from a pipe: the pause before asking a quiet writer again
    this._meanWait = READ_AHEAD_MEAN_WAIT_MS; // offline: how long listeners wait for a batch, smoothed (ms)
    this._eof = false; // offline: the reader reported the end or an error
    this._readError = null;
    this._finished = false;
    this._pumping = false;
    this._nativeFilter = ''; // offline: the filter the native reader applies (the one given at open)
    this._fileFilter = undefined; // offline, after setFilter(): {programFor(dlt), expr} run over every batch read, or null for ''
    this._readEnded = false; // offline: setFilter() met a link type it cannot take; nothing more is read
    this._closedByUser = false;
    this._closedByError = false; // closed itself on a read error (see close())
    this._referenced = true; // live: ref() (default) or unref()
    this._pausedKeepAlive = null; // live: a timer that keeps the process alive while paused (see _keepAlive)
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
        tstampType: opts.timestamp_type || '',
        dlt: opts.link_type === undefined ? -1 : opts.link_type,
        direction: opts.direction || '',
        filter: opts.filter,
        maxPacketsPerWake: LIVE_WAKE_PACKETS,
        maxBytesPerWake: LIVE_WAKE_BYTES,
      });
    } catch (e) {
      if (e && e.pcapStage === 'pcap_set_datalink') throw linkTypeNotOffered(e, this.device_name, opts.link_type);
      const err = fromNative(e, { device: this.device_name, filter: opts.filter }, binding.status);
      if (err.code === 'ERR_PCAP_MONITOR_NOTSUP' && !deviceListed(this.device_name)) throw noSuchDevice(err, this.device_name);
      throw err;
    }
    this._native = native;
    this._setLinkType(res.linkType);
    this.link_types = res.linkTypes.map(linkTypeName);
    this.timestamp_types = res.timestampTypes;
    if (res.tstampTypeRefused) {
      this.timestamp_type = undefined; // the device's default is in use
      const offered = res.timestampTypes.length ? res.timestampTypes.join(', ') : 'host only';
      res.warnings.unshift(`${this.device_name} does not offer timestamp type '${opts.timestamp_type}' (it offers ${offered}); the capture uses the device's default`);
    }
    this.timestamp_precision = res.nano ? 'nano' : 'micro';
    this.snap_length = res.snaplen; // what libpcap uses: it caps the option at 262144
    this.opened = true;
    try {
      for (const w of res.warnings) warn(w);
    } catch (e) {
      this._release(); // a warningHandler that throws must not leave the capture open
      throw e;
    }
    native.start((data, index, count, error) => this._onLiveBatch(data, index, count, error));
    return this;
  }

  /** @private Opens the capture file (called by createOfflineSession). */
  _openOffline(opts) {
    const binding = getBinding();
    const reader = new binding.OfflineReader();
    let res;
    try {
      res = reader.open(this.path === '-' ? STDIN_FD : this.path, opts.filter, opts.timestamp_precision === 'nano');
    } catch (e) {
      throw fromNative(e, { path: this.path, filter: opts.filter }, binding.status);
    }
    // A link type libpcap has no name for (LINKTYPE_USER0-15, say) is read all the same, as
    // libpcap and tcpdump read it: its packets come with link_type 'LINKTYPE_<n>'.
    this._native = reader;
    this._nativeFilter = opts.filter;
    this._fileSwapped = res.swapped; // the file's byte order is not this machine's (for setFilter on DLT_NULL)
    // A pipe, socket or FIFO: a read takes only what has come, so one that found nothing is asked
    // again after a pause (see _onRead).
    this._stream = res.stream;
    this._quietReads = 0;
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
    if (count > 0) this._queue.push({ data, index, count, done: 0, dlt: this.dlt, linkType: this.link_type });
    this._pump();
    if (error && !this._closed) {
      // libpcap or libuv gave up on the device (it went away, say): nothing more will come. The
      // session closes first, and not as the user's close(): an async iterator still hands out
      // what it holds, also when an 'error' listener calls close(). 'close' follows 'error'.
      const err = new PcapError('ERR_PCAP_READ', `capture on ${JSON.stringify(this.device_name)} failed: ${error}`, { device: this.device_name });
      this._closedByError = true;
      this._close();
      this._emitError(err);
    }
  }

  // Queues the next read on the thread pool, unless enough is queued or being read. While the
  // reader takes a file in chunks (src/chunked_file_reader.h), two reads may run at once.
  _readMore() {
    if (this._closed || this._eof || this._queue.length + this._earlyBatches.size >= 2) return;
    const native = this._native;
    if (this._readsInFlight > 0 && !(this._meanWait >= READ_AHEAD_MEAN_WAIT_MS && native.canReadAhead())) return;
    if (this._fileFilter !== undefined && this._nativeFilter !== '') {
      // setFilter() was called: batches are filtered here from now on, so the reader reads them all
      if (this._readsInFlight > 0) return; // the reader changes filters only between reads
      this._nativeFilter = '';
      native.setFilter('');
    }
    if (this._streamTimer !== null) return; // a stream's writer is quiet: the timer asks again
    const seq = this._readSeq;
    native.read(OFFLINE_BATCH_PACKETS, OFFLINE_BATCH_BYTES, (err, data, index, count, eof, error, dlt, progressed) => this._onRead(seq, err, data, index, count, eof, error, dlt, progressed));
    this._readSeq++;
    this._readsInFlight++;
    if (this._readsInFlight < 2) this._readMore(); // a second read if the reader takes one
  }

  // Offline read completion (runs on the main thread). Batches are taken in the order the reads
  // were queued; one that finishes before an earlier one waits for it.
  _onRead(seq, err, data, index, count, eof, error, dlt, progressed) {
    this._readsInFlight--;
    if (this._closed) return;
    if (seq !== this._nextBatchSeq) {
      this._earlyBatches.set(seq, [err, data, index, count, eof, error, dlt]);
      return;
    }
    const waited = this._waitingSince === 0 ? 0 : performance.now() - this._waitingSince;
    this._waitingSince = 0;
    this._meanWait += (waited - this._meanWait) / 4;
    this._takeBatch(err, data, index, count, eof, error, dlt);
    if (this._stream) this._afterStreamRead(!progressed && !eof && !error && !err);
    while (this._earlyBatches.has(this._nextBatchSeq)) {
      const early = this._earlyBatches.get(this._nextBatchSeq);
      this._earlyBatches.delete(this._nextBatchSeq);
      this._takeBatch(...early);
    }
    // Read ahead while this batch is emitted: the thread pool and the main thread work together.
    if (!this._paused) this._readMore();
    this._pump();
  }

  // A stream's read that took nothing in (`quiet`) is asked again after 1, 2, 4 ... up to
  // STREAM_MAX_WAIT_MS while the writer stays quiet: no thread waits for it meanwhile.
  _afterStreamRead(quiet) {
    if (!quiet) {
      this._quietReads = 0;
      return;
    }
    const wait = Math.min(STREAM_MAX_WAIT_MS, 2 ** this._quietReads);
    this._quietReads++;
    this._streamTimer = setTimeout(() => {
      this._streamTimer = null;
      if (!this._paused) this._readMore();
    }, wait);
  }

  // Queues one read's batch. A pcapng file can hold interfaces of several link types: each batch
  // has one, `dlt`.
  _takeBatch(err, data, index, count, eof, error, dlt) {
    this._nextBatchSeq++;
    if (this._closed || this._readEnded) return; // setFilter() ended the read at an earlier batch (see _endReadAt)
    if (err) {
      // the read failed before it could hand over a batch: an error like any other read error
      count = 0;
      error = err.message || String(err);
    }
    const filter = this._fileFilter || null;
    if (count > 0) {
      const linkType = dlt === this.dlt ? this.link_type : linkTypeName(dlt);
      const item = { data, index, count, done: 0, dlt, linkType };
      // the new filter cannot take this batch's link type: the read ends before it
      if (filter !== null && !this._filterBatch(item, this._queue.length, filter)) return;
      // a batch the filter emptied is kept too: a looser filter set before it is passed brings
      // its packets back (see _refilter)
      if (item.count > 0 || item.read !== undefined) this._queue.push(item);
    }
    if (eof) this._eof = true;
    if (error) {
      this._eof = true;
      this._readError = fileError(error, this.path, { path: this.path }, true);
    }
  }

  // Emits queued packets until paused, closed or out of packets.
  _pump() {
    if (this._pumping) return; // a 'packet' listener called resume(): the running loop continues
    this._pumping = true;
    try {
      let epoch = -1;
      let listener;
      while (!this._paused && !this._closed && this._queue.length > 0) {
        const item = this._queue[0];
        const linkType = item.linkType;
        epoch = -1; // look the listener up afresh for each batch (see the end of this file)
        // item.index is read each time: setFilter() from a listener replaces it (see _refilter)
        while (item.done < item.count && !this._paused && !this._closed) {
          const k = item.done * IDX.WORDS;
          item.done++;
          this.packets_read++;
          // With one listener (the usual case) call it as emit() would, without emit()'s
          // generic argument handling, and look it up again only when a listener was added or
          // removed: at millions of packets a second both are a good part of the per-packet cost.
          if (this._listenerEpoch !== epoch) {
            epoch = this._listenerEpoch;
            listener = this._callListenerDirectly ? this._events.packet : undefined;
          }
          if (typeof listener === 'function' && this.emit === EMIT) listener.call(this, new RawPacket(item.data, item.index, k, linkType));
          else this.emit('packet', new RawPacket(item.data, item.index, k, linkType));
        }
        if (item.done === item.count) this._queue.shift();
        if (!this.is_live && !this._paused) this._readMore();
      }
    } catch (e) {
      // a listener threw: the exception goes on as uncaught, but the session must not stall
      if (!this._closed) process.nextTick(() => this._pump());
      throw e;
    } finally {
      this._pumping = false;
    }
    if (!this.is_live && !this._closed && !this._paused) {
      if (this._eof && this._readsInFlight === 0 && this._queue.length === 0) this._finish();
      else this._readMore();
      if (this._queue.length === 0 && this._readsInFlight > 0) this._waitingSince = performance.now();
    }
  }

  _finish() {
    if (this._finished) return;
    this._finished = true;
    const readError = this._readError;
    if (readError) this._closedByError = true;
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
    if (this._streamTimer) {
      clearTimeout(this._streamTimer);
      this._streamTimer = null;
    }
    this._keepAlive();
    this._queue.length = 0;
    this._earlyBatches.clear();
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
    // An async iterator then stops handing out what it has buffered; not after the session closed
    // itself on an error: close() from an 'error' listener must not lose those packets.
    if (!this._closedByError) this._closedByUser = true;
    this._close();
  }

  _close() {
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
   * @returns {{ps_recv: number, ps_drop: number, ps_ifdrop: number, offline?: boolean}}
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
    if (!isUint8Array(buf)) throw options.argType('buf', 'a Buffer or Uint8Array', buf); // a real one, not an object dressed as one
    if (!this.is_live) throw new PcapError('ERR_PCAP_OFFLINE', 'inject() needs a live session; this one reads a file');
    if (buf.byteLength === 0) throw argValue('buf', buf, 'must hold a whole frame (it is empty)');
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
    options.checkString('filter', expr);
    if (!this.is_live) return this._setFileFilter(expr);
    try {
      this._native.setFilter(expr);
    } catch (e) {
      throw fromNative(e, { device: this.device_name, filter: expr }, getBinding().status);
    }
    this.filter = expr;
    if (this._queue.length > 0) this._refilterLiveQueue(expr);
    this._refilterIterators(expr);
  }

  // Packets an async iterator holds unread were emitted to it but not handed out yet: to whoever
  // loops over the session they are as much "not yet emitted" as the queue's, so the new filter
  // applies to them too. Compiled once per link type among them; a packet of a type it cannot be
  // compiled for (or, live, a filter that needs the netmask: `ip broadcast`) stays.
  _refilterIterators(expr) {
    if (this._iteratorRefilters.size === 0 || expr === '') return;
    const programFor = this._programsFor(expr, null);
    const passes = (raw) => {
      const program = programFor(linkTypeNumber(raw.link_type) ?? this.dlt);
      return program === null || program.match(raw.buf, Math.max(raw.len, raw.caplen));
    };
    for (const refilter of this._iteratorRefilters) refilter(passes);
  }

  /**
   * `expr` compiled once per link type, on first need (a pcapng file can have several): a
   * function of the link type that gives its BpfProgram, or throws libpcap's error for one the
   * filter cannot take (`onError` undefined), or gives `onError` for it.
   */
  _programsFor(expr, onError) {
    const programs = new Map();
    return (dlt) => {
      let program = programs.get(dlt);
      if (program === undefined) {
        try {
          program = new (getBinding().BpfProgram)(dlt, this.snap_length || 262144, expr, this._fileSwapped === true);
        } catch (e) {
          if (onError === undefined) throw e;
          program = onError;
        }
        programs.set(dlt, program);
      }
      return program;
    };
  }

  // Packets libpcap handed over before setFilter() (a batch being emitted, when a listener calls
  // it, or batches waiting while paused) passed the old filter; the new one applies to them too,
  // as it does to a file's. (A filter that needs the device's netmask, `ip broadcast`, cannot be
  // compiled without the device: those few packets then stay as the old filter let them.)
  _refilterLiveQueue(expr) {
    const program = this._programsFor(expr, null)(this.dlt);
    if (program === null) return;
    for (const item of this._queue) this._refilter(item, program);
  }

  // A file session reads ahead: batches may wait in the queue, and one may be being read on the
  // thread pool. The new filter applies to all of them (the packets not yet emitted), through a
  // compiled copy run over the batches here. From the first setFilter() on, the file is read
  // unfiltered and every batch filtered here, keeping the index it was read with: a looser filter
  // then brings back what a narrower one left out (only what the filter given at open dropped
  // from the batches already read cannot come back).
  _setFileFilter(expr) {
    const programFor = this._programsFor(expr);
    try {
      programFor(this.dlt); // a filter the file's own link type cannot take changes nothing
    } catch (e) {
      throw fromNative(e, { path: this.path, filter: expr }, getBinding().status);
    }
    const filter = { programFor, expr };
    for (let i = 0; i < this._queue.length; i++) {
      if (!this._filterBatch(this._queue[i], i, filter)) break;
    }
    // the batch being read now and all later ones (an empty filter keeps them all)
    if (!this._readEnded) this._fileFilter = expr === '' ? null : filter;
    this.filter = expr;
    this._refilterIterators(expr);
  }

  // Keeps only the packets of `item` not yet emitted that `program` matches. A batch keeps the
  // index it was read with (item.read), so a looser filter later brings back what a narrower one
  // left out here; item.readFrom is where its packets not yet emitted start.
  _refilter(item, program) {
    const W = IDX.WORDS;
    if (item.read === undefined) {
      item.read = item.index;
      item.readFrom = item.done;
    } else if (item.done > 0) {
      // item.index holds copies of entries of item.read from readFrom on, in order: walk both to
      // the one after the last emitted. Equal entries (caplen-0 packets with one time stamp)
      // pass or fail a filter alike, so matching each to the first equal one left is exact.
      const read = item.read;
      const emitted = item.index;
      let k = item.readFrom;
      for (let j = 0; j < item.done; j++, k++) {
        for (; k * W < read.length; k++) {
          let same = true;
          for (let w = 0; w < W && same; w++) same = read[k * W + w] === emitted[j * W + w];
          if (same) break;
        }
      }
      item.readFrom = k;
    }
    item.index = program.filter(item.data, item.read, item.readFrom, item.read.length / W);
    item.count = item.index.length / W;
    item.done = 0;
  }

  // Runs the file filter over `item`, queued (or arriving) at position `at`; false when the filter
  // cannot take the batch's link type: the read then ends before it, as the native reader ends
  // when it meets one, the packets before it coming first, then the error.
  _filterBatch(item, at, filter) {
    let program;
    try {
      program = filter.programFor(item.dlt);
    } catch (e) {
      this._endReadAt(at, this._filterError(e, filter.expr, item.dlt));
      return false;
    }
    this._refilter(item, program);
    return true;
  }

  // Worded as the native reader's message for the same case.
  _filterError(e, expr, dlt) {
    return fileError(`the filter does not compile for link-layer type ${dlt}: ${e.message}`, this.path, { path: this.path, filter: expr, dlt }, true);
  }

  // Ends the read before queued batch `i`: it and any later batch are dropped, no more is read,
  // and `err` follows the packets before it.
  _endReadAt(i, err) {
    // _pump may be emitting the first of them (setFilter() from a listener): it stops there
    for (let j = i; j < this._queue.length; j++) this._queue[j].count = this._queue[j].done;
    this._queue.length = i;
    this._readEnded = true;
    this._eof = true;
    if (!this._readError) this._readError = err;
  }

  /**
   * Stops emitting 'packet' (live: stops reading; the kernel buffer fills, then drops) until
   * resume(), whatever an async iterator over the session does meanwhile.
   */
  pause() {
    this._userPaused = true;
    return this._updatePaused();
  }

  /** Emits again after pause() (unless an async iterator's buffer is full: then once it drains). */
  resume() {
    this._userPaused = false;
    return this._updatePaused();
  }

  // An async iterator whose buffer is full holds the session paused; its hold and pause() are
  // counted apart, so neither undoes the other.
  _holdForIterator(on) {
    this._iteratorHolds += on ? 1 : -1;
    this._updatePaused();
  }

  _updatePaused() {
    const paused = this._userPaused || this._iteratorHolds > 0;
    if (paused === this._paused || this._closed) return this;
    this._paused = paused;
    if (paused) {
      if (this.is_live && this._native) this._native.pause();
      this._keepAlive();
      return this;
    }
    if (this.is_live && this._native) this._native.resume();
    this._keepAlive();
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

  /** Keeps the process alive while capturing (default), paused or not. */
  ref() {
    this._referenced = true;
    if (this.is_live && this._native) this._native.setRef(true);
    this._keepAlive();
    return this;
  }

  /** Lets the process exit even while this live session is open. */
  unref() {
    this._referenced = false;
    if (this.is_live && this._native) this._native.setRef(false);
    this._keepAlive();
    return this;
  }

  // A paused live capture stops polling its socket, and a handle that polls nothing no longer
  // keeps the event loop alive: a referenced session that is paused holds a timer instead, so
  // that the process waits for resume() as it waits for packets.
  _keepAlive() {
    const want = this.is_live && this._paused && this._referenced && !this._closed;
    if (want && this._pausedKeepAlive === null) {
      this._pausedKeepAlive = setInterval(() => {}, 0x7fffffff);
    } else if (!want && this._pausedKeepAlive !== null) {
      clearInterval(this._pausedKeepAlive);
      this._pausedKeepAlive = null;
    }
  }

  /**
   * Async iteration over packets: `for await (const raw of session)`. Ends at the end of a file or
   * when the session closes; holds the session paused while `highWaterMark` packets wait unread
   * (a pause() of the user's stays until resume()). After a read error it hands out the packets
   * it holds, then throws the error. Listening starts with the first next(), so packets
   * emitted before that go only to 'packet' listeners. Breaking out of the loop closes the session.
   * @param {{highWaterMark?: number}} [opts]
   */
  packets(opts) {
    const o = options.checkObject('options', opts); // as createSession's: no arrays, read once
    options.checkKeys(o, PACKETS_OPTIONS, 'session.packets()');
    const highWaterMark = o.highWaterMark === undefined ? 1024 : o.highWaterMark;
    if (typeof highWaterMark !== 'number') throw options.argType('options.highWaterMark', 'of type number', highWaterMark);
    if (!Number.isInteger(highWaterMark) || highWaterMark < 1) {
      throw options.outOfRange('options.highWaterMark', 'an integer >= 1', highWaterMark);
    }
    const session = this;
    const queue = [];
    const waiting = [];
    let attached = false;
    let done = false;
    let ended = false; // the file ended: what is queued is still delivered
    let failure = null;
    let holding = false; // this iterator holds the session paused (see _holdForIterator)
    const wake = () => {
      while (waiting.length > 0) waiting.shift()();
    };
    const onPacket = (raw) => {
      queue.push(raw);
      if (queue.length >= highWaterMark && !holding) {
        holding = true;
        session._holdForIterator(true);
      }
      wake();
    };
    const onEnd = () => {
      ended = true;
    };
    const release = () => {
      if (holding) {
        holding = false;
        session._holdForIterator(false);
      }
    };
    const onClose = () => {
      if (!ended && session._closedByUser) queue.length = 0; // closed by close(): no further packets
      done = true;
      wake();
    };
    const onError = (err) => {
      failure = err;
      wake();
    };
    // setFilter(): keeps the packets held unread that `passes` (see _refilterIterators)
    const refilter = (passes) => {
      let kept = 0;
      for (const raw of queue) if (passes(raw)) queue[kept++] = raw;
      queue.length = kept;
      if (holding && queue.length < highWaterMark / 2) release();
    };
    const detach = () => {
      if (!attached) return;
      attached = false;
      session.off('packet', onPacket);
      session.off('end', onEnd);
      session.off('close', onClose);
      session.off('error', onError);
      session._iteratorRefilters.delete(refilter);
    };
    const attach = () => {
      attached = true;
      if (session._closed || session._finished) {
        done = true; // nothing more will come
        return;
      }
      session.on('packet', onPacket);
      session.on('end', onEnd);
      session.on('close', onClose);
      session.on('error', onError);
      session._iteratorRefilters.add(refilter);
    };
    const finish = () => {
      done = true;
      queue.length = 0;
      release();
      detach();
      wake();
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        if (!attached && !done) attach();
        for (;;) {
          if (session._closedByUser && queue.length > 0) finish(); // close() from the loop body: no further packets
          if (queue.length > 0) {
            const value = queue.shift();
            if (holding && queue.length < highWaterMark / 2) release();
            return { value, done: false };
          }
          if (failure) {
            const err = failure;
            failure = null;
            finish();
            throw err;
          }
          if (done) {
            detach();
            return { value: undefined, done: true };
          }
          await new Promise((resolve) => waiting.push(resolve));
        }
      },
      async return() {
        finish();
        session.close();
        return { value: undefined, done: true };
      },
    };
  }

  /** `for await (const raw of session)`: session.packets() with its default high-water mark. */
  [Symbol.asyncIterator]() {
    return this.packets()[Symbol.asyncIterator]();
  }
}

/**
 * PcapSession#addListener, #on, #prependListener, #removeListener, #off and #removeAllListeners:
 * EventEmitter's, with the same arguments and return value (the session, for chaining).
 *
 * Every way of adding or removing a listener through the session bumps _listenerEpoch, so that
 * _pump can keep the 'packet' listener it found (EventEmitter keeps listeners in a dictionary-mode
 * object, costly to search per packet) until one changes. once() and prependOnceListener() go
 * through on() and prependListener(), and a once-wrapper removes itself through removeListener().
 * Changes made around these methods (EventEmitter.prototype.on.call(session, ...), editing
 * _events) are not seen until the next batch; the README says so.
 */
for (const name of ['addListener', 'on', 'prependListener', 'removeListener', 'off', 'removeAllListeners']) {
  const base = EventEmitter.prototype[name];
  Object.defineProperty(PcapSession.prototype, name, {
    value: {
      [name](...args) {
        this._listenerEpoch++;
        return base.apply(this, args);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

/** ERR_PCAP_LINK_TYPE for a link_type option the device does not offer (pcap_set_datalink failed). */
function linkTypeNotOffered(err, device, dlt) {
  const offered = Array.isArray(err.linkTypes) ? err.linkTypes.map(linkTypeName) : [];
  return new PcapError('ERR_PCAP_LINK_TYPE', `${JSON.stringify(device)} does not offer link type ${linkTypeName(dlt)} (${dlt}); it offers ${offered.join(', ') || 'none'} (libpcap: ${err.message})`, { device, dlt, linkTypes: offered, pcapStatus: err.pcapStatus, pcapStage: err.pcapStage });
}

/**
 * Whether findalldevs() lists `device` (an alias, 'eth0:1', as its interface). libpcap asks a
 * device for monitor mode before it looks for it: one that does not exist "cannot do monitor
 * mode" (tcpdump -I says so too), and capturing without it would not help.
 */
function deviceListed(device) {
  const name = device.split(':')[0];
  try {
    return findalldevs().some((d) => d.name === name);
  } catch (e) {
    return true; // cannot tell: keep libpcap's answer
  }
}

/** ERR_PCAP_NO_SUCH_DEVICE in place of `err`, worded as fromNative() words it. */
function noSuchDevice(err, device) {
  const { pcapStatus, pcapStage } = err;
  return new PcapError('ERR_PCAP_NO_SUCH_DEVICE', `no such device ${JSON.stringify(device)}; pcap.findalldevs() lists the devices`, { pcapStatus, pcapStage, device, filter: err.filter });
}

/** libpcap warnings go to pcap.warningHandler (set by index.js). */
let warningHandler = (text) => process.emitWarning(text, { type: 'PcapWarning', code: 'PCAP_WARNING' });
function warn(text) {
  warningHandler(text);
}
function setWarningHandler(fn) {
  warningHandler = fn;
}

module.exports = { PcapSession, setWarningHandler, INTERNAL };
