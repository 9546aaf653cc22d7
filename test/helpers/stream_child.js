'use strict';
// A child process for test/capture/stream.test.js, on the other end of a pipe.
//
//   node stream_child.js read PATH [CLOSE_AFTER]
//     createOfflineSession(PATH) ('-': standard input), with the filter in $FILTER if set; one
//     line per event on stdout: `packet N caplen len ts_sec ts_usec interface_id hex`, `error CODE message`,
//     `end`, `close`. With CLOSE_AFTER, close() after that many packets.
//   node stream_child.js exit
//     Reads '-' and calls process.exit(0) at the first packet.
//   node stream_child.js worker
//     Reads '-' in a worker thread and terminates the worker at its first packet; says
//     `terminated` when terminate() has resolved.
//   node stream_child.js two
//     Opens '-' twice; says what the second open threw.
//   node stream_child.js write FILE REPEAT
//     Makes standard output non-blocking as Node does for any program that prints (so that a
//     slow reader gives EAGAIN), then copies FILE's packets REPEAT times to createWriter('-'),
//     closes it and says on stderr whether standard output is still open.

const fs = require('fs');
const pcap = require('../..');

const [mode, file, arg] = process.argv.slice(2);

if (mode === 'read') {
  const closeAfter = arg === undefined ? Infinity : Number(arg);
  let n = 0;
  let session;
  try {
    session = pcap.createOfflineSession(file, { filter: process.env.FILTER || '' });
  } catch (e) {
    console.log(`error ${e.code} ${e.message}`);
    process.exit(0);
  }
  session.on('packet', (raw) => {
    n++;
    console.log(`packet ${n} ${raw.caplen} ${raw.len} ${raw.ts_sec} ${raw.ts_usec} ${raw.interface_id} ${raw.buf.toString('hex')}`);
    if (n >= closeAfter) session.close();
  });
  session.on('error', (e) => console.log(`error ${e.code} ${e.message}`));
  session.on('end', () => console.log('end'));
  session.on('close', () => console.log('close'));
} else if (mode === 'write') {
  process.stdout.write(''); // Node sets up its stdout stream: a pipe or socket turns non-blocking
  const packets = [];
  const source = pcap.createOfflineSession(file);
  source.on('packet', (raw) => packets.push(raw));
  source.on('end', () => {
    const writer = pcap.createWriter('-', { link_type: source.dlt });
    for (let i = 0; i < Number(arg); i++) for (const raw of packets) writer.write(raw);
    writer.close();
    let open = true;
    try {
      fs.fstatSync(1);
    } catch (e) {
      open = false;
    }
    process.stderr.write(`wrote ${writer.packets_written}; stdout ${open ? 'open' : 'closed'}\n`);
  });
} else if (mode === 'exit') {
  pcap.createOfflineSession('-').on('packet', () => {
    console.log('exiting');
    process.exit(0);
  });
} else if (mode === 'worker') {
  const { Worker } = require('worker_threads');
  const code = `const pcap = require(${JSON.stringify(require.resolve('../..'))});
    const { parentPort } = require('worker_threads');
    pcap.createOfflineSession('-').once('packet', () => parentPort.postMessage('packet'));`;
  const worker = new Worker(code, { eval: true });
  worker.once('message', () => worker.terminate().then(() => console.log('terminated')));
} else if (mode === 'two') {
  pcap.createOfflineSession('-');
  try {
    pcap.createOfflineSession('-');
    console.log('no error');
  } catch (e) {
    console.log(`${e.code} ${e.message}`);
  }
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
