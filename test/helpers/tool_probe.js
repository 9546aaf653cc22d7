'use strict';
// Preloaded into an example tool (node --expose-gc -r this) by test/track/examples.test.js: counts
// the bytes Buffer.concat joins, and how many of the capture's batch buffers (each packet's bytes
// are a view into one) are still alive, after a full GC, when the tool first flushes its tracker:
// what the open connections pin. Writes both as JSON to the file $PCAP_PROBE_OUT names at exit.

const fs = require('fs');
const path = require('path');
const decode = require(path.join(__dirname, '..', '..', 'lib', 'decode'));
const { TCPTracker } = require(path.join(__dirname, '..', '..', 'lib', 'track'));

const probe = { concatBytes: 0, batches: 0, batchesAlive: null };
const concat = Buffer.concat;
Buffer.concat = function (list, length) {
  const b = concat.call(this, list, length);
  probe.concatBytes += b.length;
  return b;
};
const batches = []; // WeakRefs to each batch's ArrayBuffer
let last = null;
const packet = decode.packet;
decode.packet = function (raw, ...rest) {
  const ab = raw.buf.buffer;
  if (ab !== last) {
    last = ab;
    batches.push(new WeakRef(ab));
  }
  return packet.call(this, raw, ...rest);
};
const flush = TCPTracker.prototype.flush;
TCPTracker.prototype.flush = function () {
  if (probe.batchesAlive === null) {
    last = null;
    global.gc();
    probe.batches = batches.length;
    probe.batchesAlive = batches.filter((w) => w.deref() !== undefined).length;
  }
  return flush.call(this);
};
process.on('exit', () => fs.writeFileSync(process.env.PCAP_PROBE_OUT, JSON.stringify(probe)));
