'use strict';
// Whole-process offline read: node bench/workers/count.js MODULE FILE [count|decode]
// MODULE is our repository root or bench/baseline/node_modules/pcap (node_pcap 3.1.0); both are
// driven through the same public API: createOfflineSession(file).on('packet', ...) and
// 'complete'. Prints {"packets", "secs", "cpu"} (secs: from before require() to 'complete';
// cpu: user+sys seconds of the process so far).
const t0 = process.hrtime.bigint();
const [modulePath, file, mode = 'count'] = process.argv.slice(2);
const pcap = require(modulePath);

let n = 0;
let sink;
const session = pcap.createOfflineSession(file, {});
if (mode === 'decode') {
  const decode = pcap.decode.packet;
  session.on('packet', (raw) => {
    sink = decode(raw);
    n++;
  });
} else {
  session.on('packet', () => n++);
}
session.on('error', (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
session.once('complete', () => {
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const u = process.cpuUsage();
  console.log(JSON.stringify({ packets: n, secs, cpu: (u.user + u.system) / 1e6, sink: sink ? 1 : 0 }));
});
