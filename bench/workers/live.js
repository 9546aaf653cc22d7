'use strict';
// Live capture that only counts: node bench/workers/live.js MODULE IFACE BUFFER_BYTES
// Prints {"ready": true} once the session is open, then counts 'packet' events. On SIGINT or
// SIGTERM it prints {"packets", "stats": {ps_recv, ps_drop, ps_ifdrop}, "cpu": {user, system}}
// (process.cpuUsage, microseconds) and exits.
const [modulePath, iface, bufArg] = process.argv.slice(2);
const pcap = require(modulePath);

let n = 0;
const session = pcap.createSession(iface, {
  filter: '',
  buffer_size: Number(bufArg),
  snap_length: 65535,
  promiscuous: true,
});
session.on('packet', () => n++);
session.on('error', (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});

function finish() {
  let stats = null;
  try {
    stats = session.stats();
  } catch (e) {
    stats = { error: String(e && e.message) };
  }
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ packets: n, stats, cpu }));
  try {
    session.close();
  } catch (e) {
    // exiting anyway
  }
  process.exit(0);
}
process.on('SIGINT', finish);
process.on('SIGTERM', finish);
console.log(JSON.stringify({ ready: true, pid: process.pid }));
