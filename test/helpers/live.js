'use strict';
// Live-capture test support: whether this process may capture on lo, and real loopback traffic.

const dgram = require('dgram');
const net = require('net');
const pcap = require('../..');

let verdict;

/** Returns null when live capture works here, otherwise the reason it does not. */
function liveSkipReason() {
  if (verdict !== undefined) return verdict;
  try {
    pcap.createSession('lo', { buffer_timeout: 0 }).close();
    verdict = null;
  } catch (e) {
    verdict = e.code === 'ERR_PCAP_PERM_DENIED'
      ? 'live capture needs root or CAP_NET_RAW (run the tests as root: sudo npm test)'
      : `cannot capture on lo: ${e.code} ${e.message}`;
  }
  return verdict;
}

/** Use as the first line of a live describe(): skips its tests, saying why, when capture is not possible. */
function requireLive(suite) {
  suite.beforeAll(function () {
    const why = liveSkipReason();
    if (why) {
      console.log(`      (skipped: ${why})`);
      this.skip();
    }
  });
}

/** A free UDP/TCP port on loopback, picked by the kernel. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Sends `count` UDP datagrams of `size` bytes to host:port, spaced a little apart. */
async function sendUdp(host, port, count, size = 32) {
  const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(size, i & 0xff);
    payload.writeUInt32BE(i, 0);
    await new Promise((resolve, reject) => sock.send(payload, port, host, (err) => (err ? reject(err) : resolve())));
  }
  await new Promise((resolve) => sock.close(resolve));
}

/** Waits until `predicate()` is true or `ms` pass. */
async function waitFor(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (!predicate() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return predicate();
}

module.exports = { liveSkipReason, requireLive, freePort, sendUdp, waitFor };
