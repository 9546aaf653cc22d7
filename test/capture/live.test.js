'use strict';
// Live capture on the loopback interface, with traffic these tests make themselves. They need root
// (or CAP_NET_RAW); without it they skip and say why. CI runs them as root.

const assert = require('assert');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { Worker } = require('worker_threads');
const pcap = require('../..');
const { requireLive, freePort, sendUdp, waitFor } = require('../helpers/live');

const ROOT = path.join(__dirname, '..', '..');

/** Opens lo with a filter and collects packets into an array. */
function capture(filter, options = {}) {
  const session = pcap.createSession('lo', { filter, buffer_timeout: 0, ...options });
  const packets = [];
  session.on('packet', (raw) => packets.push(raw));
  return { session, packets };
}

function openFds() {
  return fs.readdirSync('/proc/self/fd').length;
}

describe('live sessions on lo', function () {
  requireLive(this);
  this.timeout(30000);

  it('captures UDP over IPv4 with the right count and bytes', async function () {
    const port = await freePort();
    const { session, packets } = capture(`udp port ${port}`);
    await sendUdp('127.0.0.1', port, 20, 32);
    await waitFor(() => packets.length >= 20);
    session.close();
    assert.strictEqual(packets.length, 20);
    packets.forEach((raw, i) => {
      assert.strictEqual(raw.buf.length, 14 + 20 + 8 + 32);
      assert.strictEqual(raw.caplen, raw.len);
      assert.strictEqual(raw.buf.readUInt32BE(14 + 20 + 8), i, 'payload counter in order');
      assert.strictEqual(raw.link_type, 'LINKTYPE_ETHERNET');
    });
  });

  it('packets kept from many batches stay intact while the memory of dropped ones is reused', async function () {
    // Consecutive batches share one block (src/batch.h); a kept packet must never be overwritten,
    // whether its neighbours are kept or collected and their block reused.
    const v8 = require('v8');
    const vm = require('vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    const port = await freePort();
    // 20 ms: several batches per round; with 1 ms, each nearly empty ring block is handed over
    // after 1 ms and a busy event loop can run out of blocks (libpcap counts drops).
    const { session, packets } = capture(`udp port ${port}`, { buffer_timeout: 20 });
    const check = (raw) => {
      const body = raw.buf.subarray(14 + 20 + 8);
      const i = body.readUInt32BE(0);
      assert.strictEqual(body.length, 600);
      for (let j = 4; j < body.length; j++) if (body[j] !== (i & 0xff)) assert.fail(`packet ${i} changed at byte ${j}`);
      return i;
    };
    const kept = [];
    for (let round = 0; round < 4; round++) {
      packets.length = 0;
      await sendUdp('127.0.0.1', port, 1500, 600);
      await waitFor(() => packets.length >= 1500);
      kept.push(...packets.filter((raw, k) => k % 3 === 0)); // the rest can be collected
      packets.length = 0;
      gc();
      await new Promise((r) => setImmediate(r)); // finalizers give blocks back to the pool
    }
    session.close();
    assert.strictEqual(kept.length, 4 * 500);
    const seen = kept.map(check);
    for (let r = 0; r < 4; r++) assert.deepStrictEqual(seen.slice(r * 500, r * 500 + 500), Array.from({ length: 500 }, (_, k) => k * 3));
  });

  it('captures UDP over IPv6 (::1)', async function () {
    const port = await freePort();
    const { session, packets } = capture(`ip6 and udp port ${port}`);
    await sendUdp('::1', port, 10, 100);
    await waitFor(() => packets.length >= 10);
    session.close();
    assert.strictEqual(packets.length, 10);
    for (const raw of packets) assert.strictEqual(raw.buf.length, 14 + 40 + 8 + 100);
  });

  it('captures a TCP conversation (node net) with its payload', async function () {
    const server = net.createServer((sock) => sock.on('data', (d) => sock.end(d)));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    const { session, packets } = capture(`tcp port ${port}`);
    await new Promise((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1', () => c.write('hello capture'));
      c.on('data', () => {});
      c.on('end', resolve);
      c.on('error', reject);
    });
    await waitFor(() => packets.filter((p) => p.buf.includes('hello capture')).length >= 2);
    session.close();
    server.close();
    const withPayload = packets.filter((p) => p.buf.includes('hello capture'));
    assert.strictEqual(withPayload.length, 2, 'request and echo');
    const syns = packets.filter((p) => (p.buf[14 + 20 + 13] & 0x12) === 0x02);
    assert.strictEqual(syns.length, 1, 'one SYN');
    assert.ok(packets.length >= 8, `${packets.length} packets`);
  });

  it('captures an HTTP exchange over IPv6 (node http)', async function () {
    const server = http.createServer((req, res) => res.end('pong'));
    await new Promise((r) => server.listen(0, '::1', r));
    const port = server.address().port;
    const { session, packets } = capture(`tcp port ${port}`);
    await new Promise((resolve, reject) => {
      http.get({ host: '::1', port, path: '/ping', agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    await waitFor(() => packets.some((p) => p.buf.includes('pong')));
    session.close();
    server.close();
    assert.ok(packets.some((p) => p.buf.includes('GET /ping HTTP/1.1')));
    assert.ok(packets.some((p) => p.buf.includes('pong')));
    for (const p of packets) assert.strictEqual(p.buf.readUInt16BE(12), 0x86dd);
  });

  it('applies the filter and setFilter()', async function () {
    const a = await freePort();
    const b = await freePort();
    const { session, packets } = capture(`udp port ${a}`);
    await sendUdp('127.0.0.1', a, 5);
    await sendUdp('127.0.0.1', b, 5);
    await waitFor(() => packets.length >= 5);
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(packets.length, 5);
    session.setFilter(`udp port ${b}`);
    assert.strictEqual(session.filter, `udp port ${b}`);
    await sendUdp('127.0.0.1', a, 5);
    await sendUdp('127.0.0.1', b, 3);
    await waitFor(() => packets.length >= 8);
    await new Promise((r) => setTimeout(r, 100));
    session.close();
    assert.strictEqual(packets.length, 8);
    assert.throws(() => pcap.createSession('lo', { filter: 'udp port (' }), { code: 'ERR_PCAP_FILTER' });
    // node_pcap 0.x's createSession(device, filter)
    const old = pcap.createSession('lo', `udp port ${a}`);
    assert.strictEqual(old.filter, `udp port ${a}`);
    old.close();
    assert.throws(() => pcap.createSession('lo', 'udp port ('), { code: 'ERR_PCAP_FILTER' });
  });

  it('setFilter() from a listener applies to the rest of the batch being emitted; while paused, to what waits', async function () {
    const a = await freePort();
    const b = await freePort();
    // a wake brings many packets at once (buffer_timeout 1000): the filter changes at the first
    const session = pcap.createSession('lo', { filter: `udp dst port ${a} or udp dst port ${b}` });
    const ports = [];
    session.on('packet', (raw) => {
      ports.push(raw.buf.readUInt16BE(14 + 20 + 2));
      if (ports.length === 1) session.setFilter(`udp dst port ${b}`);
    });
    for (let i = 0; i < 20; i++) {
      await sendUdp('127.0.0.1', a, 1);
      await sendUdp('127.0.0.1', b, 1);
    }
    await waitFor(() => ports.filter((p) => p === b).length >= 20);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepStrictEqual([ports[0], ports.slice(1).filter((p) => p === a).length], [a, 0], 'nothing of the old filter after setFilter()');
    // paused, with packets waiting in the kernel's buffer: a narrower filter takes them out too
    session.pause();
    for (let i = 0; i < 5; i++) await sendUdp('127.0.0.1', b, 1);
    await new Promise((r) => setTimeout(r, 1300));
    const before = ports.length;
    session.setFilter(`udp dst port ${a}`);
    session.resume();
    await new Promise((r) => setTimeout(r, 200));
    session.close();
    assert.strictEqual(ports.length, before);
  });

  it('reports sane stats', async function () {
    const port = await freePort();
    const { session, packets } = capture(`udp port ${port}`);
    await sendUdp('127.0.0.1', port, 50);
    await waitFor(() => packets.length >= 50);
    const st = session.stats();
    session.close();
    assert.strictEqual(packets.length, 50);
    assert.ok(st.ps_recv >= 50, `ps_recv ${st.ps_recv}`);
    assert.strictEqual(st.ps_drop, 0);
    assert.strictEqual(typeof st.ps_ifdrop, 'number');
    assert.throws(() => session.stats(), { code: 'ERR_PCAP_CLOSED' });
  });

  it('close() inside a packet handler stops delivery and emits close once', async function () {
    const port = await freePort();
    const session = pcap.createSession('lo', { filter: `udp port ${port}`, buffer_timeout: 0 });
    let n = 0;
    let closes = 0;
    session.on('close', () => closes++);
    session.on('packet', () => {
      n++;
      if (n === 3) {
        session.close();
        session.close();
      }
    });
    await sendUdp('127.0.0.1', port, 10);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(n, 3);
    assert.strictEqual(closes, 1);
    assert.throws(() => session.inject(Buffer.alloc(60)), { code: 'ERR_PCAP_CLOSED' });
  });

  it('pause() holds packets back and resume() delivers them', async function () {
    const port = await freePort();
    const { session, packets } = capture(`udp port ${port}`);
    session.pause();
    await sendUdp('127.0.0.1', port, 10);
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(packets.length, 0);
    session.resume();
    await waitFor(() => packets.length >= 10);
    session.close();
    assert.strictEqual(packets.length, 10);
  });

  it('for await works on a live session', async function () {
    const port = await freePort();
    const session = pcap.createSession('lo', { filter: `udp port ${port}`, buffer_timeout: 0 });
    const sending = sendUdp('127.0.0.1', port, 5);
    let n = 0;
    for await (const raw of session) {
      assert.strictEqual(raw.buf.length, 74);
      if (++n === 5) break;
    }
    await sending;
    assert.strictEqual(session.opened, false);
  });

  it('for await: setFilter() from the loop body applies to the packets the iterator holds unread', async function () {
    const [portA, portB] = [await freePort(), await freePort()];
    const session = pcap.createSession('lo', { filter: `udp port ${portA} or udp port ${portB}`, buffer_timeout: 0 });
    const sending = (async () => {
      for (let i = 0; i < 20; i++) {
        await sendUdp('127.0.0.1', portA, 1);
        await sendUdp('127.0.0.1', portB, 1);
      }
    })();
    const ports = [];
    for await (const raw of session) {
      ports.push(raw.buf.readUInt16BE(14 + 20 + 2));
      if (ports.length === 1) {
        await sending; // the other 39 wait in the iterator
        session.setFilter(`udp port ${portB}`);
      }
      if (ports.length === 20) break;
    }
    assert.strictEqual(ports[0], portA);
    assert.deepStrictEqual(ports.slice(1), new Array(19).fill(portB), 'after setFilter() returned, only packets the new filter passes');
  });

  /**
   * Runs `body` (JavaScript) in a node of its own inside a network namespace made for it, with a
   * veth pair va/vb up; `pcap`, `execFileSync` and `frame` (60 bytes of a local experimental
   * ethertype, 0x88b5) are defined for it. Returns spawnSync's result; the namespace is deleted.
   */
  function inVethNamespace(tag, body) {
    const ns = `pcaptest-${tag}-${process.pid}`;
    const ip = (...args) => execFileSync('ip', args, { stdio: 'pipe' });
    ip('netns', 'add', ns);
    try {
      ip('-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      for (const dev of ['va', 'vb']) ip('-n', ns, 'link', 'set', dev, 'up');
      const script = `
        const pcap = require(${JSON.stringify(ROOT)});
        const { execFileSync } = require('child_process');
        const frame = Buffer.alloc(60, 0xff);
        frame.writeUInt16BE(0x88b5, 12);
        ${body}`;
      return spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { encoding: 'utf8', timeout: 20000 });
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  }

  it('an interface taken down and up again: the capture goes on (as tcpdump\'s does), no error', function () {
    // frames injected into the veth pair every 20 ms, va taken down for half a second in the
    // middle (deleted, it would be ERR_PCAP_READ: the next test)
    const r = inVethNamespace('dn', `
        const session = pcap.createSession('va', { buffer_timeout: 50, filter: 'ether proto 0x88b5' });
        let n = 0;
        let errors = 0;
        session.on('packet', () => n++);
        session.on('error', () => errors++);
        const tx = pcap.createSession('vb', { filter: 'ether proto 0x88b6' });
        const timer = setInterval(() => { try { tx.inject(frame); } catch (e) {} }, 20);
        let before;
        setTimeout(() => { before = n; execFileSync('ip', ['link', 'set', 'va', 'down']); }, 500);
        setTimeout(() => execFileSync('ip', ['link', 'set', 'va', 'up']), 1000);
        setTimeout(() => {
          clearInterval(timer);
          tx.close();
          console.log(JSON.stringify({ before, after: n - before, open: session.opened, errors }));
          session.close();
        }, 2500);`);
    const got = JSON.parse(r.stdout.trim() || '{}');
    assert.ok(got.before > 5, r.stdout + r.stderr);
    assert.ok(got.after > 20, `packets after up again: ${r.stdout}`); // about 70 are sent in the last 1.5 s
    assert.deepStrictEqual([got.open, got.errors], [true, 0]);
  });

  it('an interface taken down and up many times with no traffic between: the capture still goes on', function () {
    // Each time va goes down the socket gets ENETDOWN (a poll error that libpcap's read clears);
    // 80 of them in a row with no packet between once ended the capture with "bad file descriptor".
    const r = inVethNamespace('flap', `
        const session = pcap.createSession('va', { buffer_timeout: 0, filter: 'ether proto 0x88b5' });
        let n = 0;
        const errors = [];
        session.on('packet', () => n++);
        session.on('error', (e) => errors.push(e.code + ' ' + e.message));
        (async () => {
          for (let i = 0; i < 80; i++) {
            execFileSync('ip', ['link', 'set', 'va', 'down']);
            execFileSync('ip', ['link', 'set', 'va', 'up']);
            await new Promise((r) => setImmediate(r)); // the poll error is seen between flaps
          }
          const tx = pcap.createSession('vb', { filter: 'ether proto 0x88b6' });
          const timer = setInterval(() => { try { tx.inject(frame); } catch (e) {} }, 20);
          setTimeout(() => {
            clearInterval(timer);
            tx.close();
            console.log(JSON.stringify({ packets: n, open: session.opened, errors }));
            session.close();
          }, 1000);
        })();`);
    const got = JSON.parse(r.stdout.trim() || '{}');
    assert.deepStrictEqual([got.open, got.errors], [true, []], r.stdout + r.stderr);
    assert.ok(got.packets > 10, `packets after the last up: ${r.stdout}`); // about 50 are sent
  });

  it('for await: when the device goes away, the packets captured before it, then ERR_PCAP_READ', function () {
    // 10 frames reach va, then va is deleted while the loop body still waits on the first packet
    const r = inVethNamespace('del', `
        const session = pcap.createSession('va', { buffer_timeout: 0, filter: 'ether proto 0x88b5' });
        setTimeout(() => {
          const tx = pcap.createSession('vb', { filter: 'ether proto 0x88b6' });
          for (let i = 0; i < 10; i++) tx.inject(frame);
          tx.close();
          setTimeout(() => execFileSync('ip', ['link', 'del', 'va']), 200);
        }, 50);
        session.on('error', () => session.close()); // a common pattern: it must not cost the packets
        (async () => {
          let n = 0;
          try {
            for await (const raw of session) {
              if (++n === 1) await new Promise((r) => setTimeout(r, 800));
            }
            console.log('packets ' + n + ', no error');
          } catch (e) {
            console.log('packets ' + n + ' then ' + e.code);
          }
        })();`);
    assert.strictEqual(r.stdout.trim(), 'packets 10 then ERR_PCAP_READ', r.stderr);
  });

  it('gives nanosecond timestamps when asked', async function () {
    const port = await freePort();
    const { session, packets } = capture(`udp port ${port}`, { timestamp_precision: 'nano' });
    assert.strictEqual(session.timestamp_precision, 'nano');
    await sendUdp('127.0.0.1', port, 10);
    await waitFor(() => packets.length >= 10);
    session.close();
    const now = Date.now() / 1000;
    for (const p of packets) {
      assert.ok(Math.abs(p.ts_sec - now) < 60);
      assert.ok(p.ts_nsec < 1e9);
      assert.strictEqual(p.ts_usec, Math.floor(p.ts_nsec / 1000));
    }
    assert.ok(packets.some((p) => p.ts_nsec % 1000 !== 0), 'sub-microsecond digits present');
  });

  it("link_type picks the device's link-layer header: SLL2 on 'any' names the interface, and the filter follows it", async function () {
    const port = await freePort();
    const session = pcap.createSession('any', { link_type: 'LINUX_SLL2', filter: `udp port ${port}`, buffer_timeout: 0 });
    const packets = [];
    session.on('packet', (raw) => packets.push(raw));
    assert.strictEqual(session.link_type, 'LINKTYPE_LINUX_SLL2');
    assert.strictEqual(session.dlt, 276);
    assert.deepStrictEqual(session.link_types, ['LINKTYPE_LINUX_SLL', 'LINKTYPE_LINUX_SLL2']);
    await sendUdp('127.0.0.1', port, 5, 16);
    await waitFor(() => packets.length >= 5);
    session.close();
    assert.strictEqual(packets.length, 5);
    const lo = Number(fs.readFileSync('/sys/class/net/lo/ifindex', 'utf8'));
    for (const raw of packets) {
      assert.strictEqual(raw.link_type, 'LINKTYPE_LINUX_SLL2');
      const p = pcap.decode.packet(raw);
      assert.strictEqual(p.payload.decoderName, 'sll2');
      assert.strictEqual(p.payload.interface_index, lo);
      assert.strictEqual(p.payload.payload.payload.dport, port);
    }
    // the same by DLT number and by node_pcap-style name; SLL (v1) is the default on 'any'
    for (const link_type of [113, 'LINKTYPE_LINUX_SLL', undefined]) {
      const s = pcap.createSession('any', { link_type, buffer_timeout: 0 });
      s.close();
      assert.strictEqual(s.dlt, 113, String(link_type));
    }
  });

  it('a link_type the device does not offer is ERR_PCAP_LINK_TYPE naming the ones it does', function () {
    assert.throws(() => pcap.createSession('lo', { link_type: 'LINKTYPE_LINUX_SLL2' }), (e) => {
      assert.strictEqual(e.code, 'ERR_PCAP_LINK_TYPE');
      assert.deepStrictEqual(e.linkTypes, ['LINKTYPE_ETHERNET']);
      assert.match(e.message, /"lo" does not offer link type LINKTYPE_LINUX_SLL2 \(276\); it offers LINKTYPE_ETHERNET/);
      return true;
    });
    const s = pcap.createSession('lo', { link_type: 'EN10MB', buffer_timeout: 0 });
    s.close();
    assert.strictEqual(s.link_type, 'LINKTYPE_ETHERNET');
  });

  it('timestamp_type: one the device offers is used; another is a warning and the capture goes on', async function () {
    const old = pcap.warningHandler;
    const seen = [];
    pcap.warningHandler = (text) => seen.push(text);
    try {
      const host = pcap.createSession('lo', { timestamp_type: 'host', buffer_timeout: 0 });
      host.close();
      assert.strictEqual(host.timestamp_type, 'host');
      assert.ok(host.timestamp_types.includes('host'), JSON.stringify(host.timestamp_types));
      assert.deepStrictEqual(seen, []);
      // lo offers host timestamps only (tcpdump -J -i lo)
      const want = host.timestamp_types.includes('adapter') ? this.skip() : 'adapter';
      const port = await freePort();
      const { session, packets } = capture(`udp port ${port}`, { timestamp_type: want });
      assert.strictEqual(session.timestamp_type, undefined, 'the default is in use');
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.match(seen[0], /^lo does not offer timestamp type 'adapter' \(it offers host\); the capture uses the device's default$/);
      await sendUdp('127.0.0.1', port, 3);
      await waitFor(() => packets.length >= 3);
      session.close();
      assert.ok(Math.abs(packets[0].ts_sec - Date.now() / 1000) < 60);
    } finally {
      pcap.warningHandler = old;
    }
  });

  it('inject() sends a frame that a capture sees', async function () {
    const port = await freePort();
    const { session, packets } = capture(`udp port ${port}`);
    // Ethernet (zero MACs, as on lo) + IPv4 127.0.0.1 -> 127.0.0.1 + UDP to `port` + 4 bytes
    const frame = Buffer.from(
      '000000000000' + '000000000000' + '0800' +
        '4500002000004000401100007f0000017f000001' +
        '3039' + port.toString(16).padStart(4, '0') + '000c0000' + 'cafebabe',
      'hex',
    );
    const sent = session.inject(frame);
    assert.strictEqual(sent, frame.length);
    assert.throws(() => session.inject(Object.create(Uint8Array.prototype)), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => session.inject(Buffer.alloc(0)), { code: 'ERR_INVALID_ARG_VALUE' }); // libpcap's own message for it would end in a stale errno
    await waitFor(() => packets.length >= 1);
    session.close();
    assert.ok(packets.some((p) => p.buf.equals(frame)));
  });

  it('a frame the device cannot send: ERR_PCAP_INJECT, saying what a frame must be', function () {
    const session = pcap.createSession('lo', { buffer_timeout: 0 });
    try {
      // longer than lo's MTU (65536) plus its Ethernet header
      assert.throws(() => session.inject(Buffer.alloc(70000)), (e) => e.code === 'ERR_PCAP_INJECT' && e instanceof pcap.PcapError &&
        e.device === 'lo' && e.pcapStage === 'pcap_inject' && /Message too long/.test(e.message) && /whole frame .* MTU/.test(e.message));
      assert.strictEqual(session.inject(Buffer.alloc(60)), 60); // the session is still usable
    } finally {
      session.close();
    }
  });

  it('a device that cannot send at all ("any"): ERR_PCAP_INJECT says so, not what a frame must be', function () {
    const session = pcap.createSession('any', { buffer_timeout: 0 });
    try {
      assert.throws(() => session.inject(Buffer.alloc(60)), (e) => e.code === 'ERR_PCAP_INJECT' && e.device === 'any' &&
        /isn't supported/.test(e.message) && /open a session on the interface/.test(e.message) && !/MTU/.test(e.message));
    } finally {
      session.close();
    }
  });

  it('monitor mode on a device without it: ERR_PCAP_MONITOR_NOTSUP, saying to capture without it', function () {
    assert.throws(() => pcap.createSession('lo', { monitor: true }), (e) => e.code === 'ERR_PCAP_MONITOR_NOTSUP' && e instanceof pcap.PcapError &&
      e.device === 'lo' && /without \{monitor: true\}/.test(e.message));
  });

  it('several sessions capture at once', async function () {
    const port = await freePort();
    const a = capture(`udp port ${port}`);
    const b = capture(`udp port ${port}`);
    await sendUdp('127.0.0.1', port, 7);
    await waitFor(() => a.packets.length >= 7 && b.packets.length >= 7);
    a.session.close();
    b.session.close();
    assert.strictEqual(a.packets.length, 7);
    assert.strictEqual(b.packets.length, 7);
  });

  it('1,000 open/close cycles leak no file descriptors and little memory', function () {
    this.timeout(120000);
    for (let i = 0; i < 20; i++) pcap.createSession('lo', { buffer_size: 1 << 20 }).close();
    global.gc && global.gc();
    const fds = openFds();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) {
      const s = pcap.createSession('lo', { buffer_size: 1 << 20, filter: 'udp port 9' });
      s.close();
    }
    global.gc && global.gc();
    assert.strictEqual(openFds(), fds);
    const grown = process.memoryUsage().rss - rss;
    assert.ok(grown < 32 * 1024 * 1024, `rss grew ${(grown / 1048576).toFixed(1)} MiB`);
  });

  it('a falsy device picks the default device', function () {
    let session;
    try {
      session = pcap.createSession('', { buffer_timeout: 0 });
    } catch (e) {
      assert.strictEqual(e.code, 'ERR_PCAP_NO_DEVICE');
      return;
    }
    const dev = pcap.findalldevs().find((d) => d.name === session.device_name);
    session.close();
    assert.ok(dev, 'chosen device is listed');
    assert.ok(dev.up && !dev.loopback && dev.addresses.length > 0);
  });

  it('no such device: ERR_PCAP_NO_SUCH_DEVICE', function () {
    assert.throws(() => pcap.createSession('nosuchdev0'), (e) => e.code === 'ERR_PCAP_NO_SUCH_DEVICE' && /findalldevs/.test(e.message));
  });

  it('no such device with monitor: true: ERR_PCAP_NO_SUCH_DEVICE, not "capture without monitor mode"', function () {
    // libpcap (and tcpdump -I) answer "doesn't support monitor mode" before looking for the device
    assert.throws(() => pcap.createSession('nosuchdev0', { monitor: true }), (e) => e.code === 'ERR_PCAP_NO_SUCH_DEVICE' &&
      e instanceof pcap.PcapError && e.device === 'nosuchdev0' && /findalldevs/.test(e.message));
  });

  // A veth pair in this namespace (no traffic goes over it); skips the test without veth support.
  function addVeth(test, name, up) {
    try {
      execFileSync('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`], { stdio: 'ignore' });
      if (up) execFileSync('ip', ['link', 'set', name, 'up'], { stdio: 'ignore' });
    } catch (e) {
      test.skip(); // no veth support in this kernel
    }
  }

  it('interface down: ERR_PCAP_IFACE_NOT_UP', function () {
    const name = `pcapdn${process.pid % 10000}`;
    addVeth(this, name, false);
    try {
      assert.throws(() => pcap.createSession(name), (e) => e.code === 'ERR_PCAP_IFACE_NOT_UP' && e.message.includes(`ip link set dev ${name} up`));
    } finally {
      execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
    }
  });

  it("libpcap's warnings go to pcap.warningHandler, not to the console", function () {
    // a filter on an interface with no IPv4 address: pcap_lookupnet fails, libpcap warns
    const name = `pcapwn${process.pid % 10000}`;
    addVeth(this, name, true);
    const old = pcap.warningHandler;
    const seen = [];
    try {
      pcap.warningHandler = (text) => seen.push(text);
      pcap.createSession(name, { filter: 'udp', buffer_timeout: 0 }).close();
    } finally {
      pcap.warningHandler = old;
      execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
    }
    assert.strictEqual(seen.length, 1, JSON.stringify(seen));
    assert.match(seen[0], /IPv4|address/i);
  });

  it('a valid filter the device will not take is ERR_PCAP from pcap_setfilter, not ERR_PCAP_FILTER', function () {
    const name = `pcapsf${process.pid % 10000}`;
    addVeth(this, name, true);
    let session;
    try {
      session = pcap.createSession(name, { buffer_timeout: 0 });
      execFileSync('ip', ['link', 'set', name, 'down'], { stdio: 'ignore' });
      // libpcap drains the socket after attaching a filter; on a downed interface that fails
      assert.throws(() => session.setFilter('tcp'), (e) => e.code === 'ERR_PCAP' && e.pcapStage === 'pcap_setfilter' && /Network is down/.test(e.message));
    } finally {
      if (session) session.close();
      execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
    }
  });

  it('snap_length reports what libpcap uses: larger values are capped at 262144', function () {
    const s = pcap.createSession('lo', { snap_length: 2147483647, buffer_timeout: 0 });
    try {
      assert.strictEqual(s.snap_length, 262144);
    } finally {
      s.close();
    }
    const t = pcap.createSession('lo', { snap_length: 1000, buffer_timeout: 0 });
    t.close();
    assert.strictEqual(t.snap_length, 1000);
  });

  it('validates option types and ranges before opening', function () {
    assert.throws(() => pcap.createSession('lo', { snap_length: -1 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => pcap.createSession('lo', { buffer_size: '10' }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { promiscuous: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { direction: 'sideways' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession('lo', { timestamp_precision: 'pico' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession('lo', { timestamp_precision: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { direction: true }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { fliter: 'udp' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession(42), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { timestamp_type: 'hardware' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession('lo', { timestamp_type: 3 }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => pcap.createSession('lo', { link_type: 'LINKTYPE_NOPE' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession('lo', { link_type: 'EN10MB\0' }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => pcap.createSession('lo', { link_type: 1.5 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => pcap.createSession('lo', { link_type: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
    const s = pcap.createSession('lo', { direction: 'in', snap_length: 262144, buffer_timeout: -1 });
    assert.strictEqual(s.direction, 'in');
    s.close();
  });

  describe('process and thread lifecycle', function () {
    function runChild(code, opts = {}) {
      const res = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 10000, cwd: ROOT, ...opts });
      return { status: res.status, signal: res.signal, stdout: (res.stdout || '').trim(), stderr: (res.stderr || '').trim() };
    }

    it('the process exits by itself after close()', async function () {
      const t0 = Date.now();
      const r = runChild(`
        const pcap = require('.'); const dgram = require('dgram');
        const s = pcap.createSession('lo', { filter: 'udp port 47001', buffer_timeout: 0 });
        s.on('packet', () => { s.close(); console.log('got one'); });
        const c = dgram.createSocket('udp4'); c.send('x', 47001, '127.0.0.1', () => c.close());`);
      assert.strictEqual(r.signal, null, 'not killed by the timeout');
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(r.stdout, 'got one');
      assert.ok(Date.now() - t0 < 5000);
    });

    it('an unref()ed session does not keep the process alive', function () {
      const r = runChild(`const s = require('.').createSession('lo'); s.unref(); console.log('done');`);
      assert.strictEqual(r.signal, null);
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(r.stdout, 'done');
    });

    it('a child process inherits neither the capture socket nor a file being read', function () {
      const openFiles = () => fs.readdirSync('/proc/self/fd').map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch (e) {
          return ''; // the listing's own descriptor, closed by now
        }
      });
      const before = new Set(openFiles());
      const live = pcap.createSession('lo', { filter: 'udp port 9' });
      const sample = path.join(ROOT, 'examples', 'sample.pcap');
      const file = pcap.createOfflineSession(sample);
      try {
        const ours = openFiles().filter((l) => !before.has(l) && (l === sample || l.startsWith('socket:')));
        assert.ok(ours.includes(sample) && ours.some((l) => l.startsWith('socket:')), `this process has them open: ${ours}`);
        const list = `const fs = require('fs');
          for (const fd of fs.readdirSync('/proc/self/fd')) { try { console.log(fs.readlinkSync('/proc/self/fd/' + fd)); } catch (e) {} }`;
        const inherited = execFileSync(process.execPath, ['-e', list], { encoding: 'utf8' }).split('\n');
        assert.deepStrictEqual(inherited.filter((l) => ours.includes(l)), []);
      } finally {
        live.close();
        file.close();
      }
    });

    it('a paused session keeps the process alive until it is resumed, as a running one does', async function () {
      // A signal listener keeps nothing alive: without the session the child would exit at once.
      const child = require('child_process').spawn(process.execPath, ['-e', `
        const s = require('.').createSession('lo', { filter: 'udp port 9' });
        s.pause();
        process.on('SIGUSR2', () => { s.resume(); console.log('resumed'); s.close(); });
        console.log('paused');`], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      await waitFor(() => out.includes('paused'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(child.exitCode, null, 'still running 300 ms after pause()');
      child.kill('SIGUSR2');
      assert.deepStrictEqual(await exited, { code: 0, signal: null });
      assert.strictEqual(out.trim(), 'paused\nresumed');
    });

    it('a paused session that is unref()ed, or unref()ed and then paused, lets the process exit', function () {
      for (const order of ['s.pause(); s.unref();', 's.unref(); s.pause();', 's.pause(); s.unref(); s.ref(); s.unref();']) {
        const r = runChild(`const s = require('.').createSession('lo'); ${order} console.log('done');`);
        assert.strictEqual(r.signal, null, order);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, 'done');
      }
    });

    it('a worker thread captures, and exiting it with the session open is clean', async function () {
      const port = await freePort();
      const worker = new Worker(
        `const { parentPort } = require('worker_threads');
         const pcap = require(${JSON.stringify(ROOT)});
         const s = pcap.createSession('lo', { filter: 'udp port ${port}', buffer_timeout: 0 });
         let n = 0;
         s.on('packet', (raw) => { n++; if (n === 5) parentPort.postMessage({ n, len: raw.buf.length }); });
         parentPort.postMessage('ready');`,
        { eval: true },
      );
      const messages = [];
      worker.on('message', (m) => messages.push(m));
      await waitFor(() => messages.includes('ready'));
      await sendUdp('127.0.0.1', port, 5);
      await waitFor(() => messages.length >= 2);
      assert.deepStrictEqual(messages[1], { n: 5, len: 74 });
      const code = await worker.terminate();
      assert.strictEqual(code, 1);
    });

    // In these the worker is the only thread that loads the addon, so Node unloads it when the
    // worker goes away: anything still pending in libuv then must not call into it.
    it('terminating a worker with a live session open does not crash the process', function () {
      const r = runChild(`
        const { Worker } = require('worker_threads'); const dgram = require('dgram');
        const w = new Worker(\`
          const { parentPort } = require('worker_threads');
          const s = require(${JSON.stringify(ROOT)}).createSession('lo', { filter: 'udp port 47002', buffer_timeout: 0 });
          s.on('packet', () => {});
          parentPort.postMessage('ready');\`, { eval: true });
        w.on('message', () => {
          const c = dgram.createSocket('udp4');
          let n = 0;
          const t = setInterval(() => { c.send('x', 47002, '127.0.0.1'); if (++n === 50) { clearInterval(t); c.close(); w.terminate().then(() => console.log('terminated')); } }, 1);
        });`);
      assert.strictEqual(r.signal, null, r.stderr);
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(r.stdout, 'terminated');
    });

    it('a worker that exits with an unref()ed live session open ends cleanly', function () {
      const r = runChild(`
        const { Worker } = require('worker_threads');
        const w = new Worker(\`require(${JSON.stringify(ROOT)}).createSession('lo').unref();\`, { eval: true });
        w.on('exit', (code) => console.log('worker exit ' + code));`);
      assert.strictEqual(r.signal, null, r.stderr);
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(r.stdout, 'worker exit 0');
    });

    it('as an unprivileged user: permission denied, with the fix in the message', function () {
      const nobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', process.execPath, '-e',
        `let p; try { p = require(${JSON.stringify(ROOT)}) } catch (e) { console.log('SKIP'); process.exit(0) }
         try { p.createSession('lo'); console.log('opened') } catch (e) { console.log(e.code + '|' + e.message) }`], { encoding: 'utf8', timeout: 10000 });
      const out = (nobody.stdout || '').trim();
      if (out === 'SKIP') this.skip(); // checkout not readable by 'nobody'
      const [code, message] = out.split('|');
      assert.strictEqual(code, 'ERR_PCAP_PERM_DENIED', nobody.stderr);
      assert.ok(/sudo/.test(message) && /setcap cap_net_raw,cap_net_admin=eip/.test(message), message);
    });

    it('as an unprivileged user holding only CAP_NET_RAW: capture works', async function () {
      const port = await freePort();
      const child = require('child_process').spawn('setpriv', [
        '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all,+net_raw', '--ambient-caps=+net_raw', '--bounding-set=-all,+net_raw',
        process.execPath, '-e',
        `let p; try { p = require(${JSON.stringify(ROOT)}) } catch (e) { console.log('SKIP'); process.exit(0) }
         const s = p.createSession('lo', { filter: 'udp port ${port}', buffer_timeout: 0 });
         let n = 0; s.on('packet', () => { if (++n === 3) { s.close(); console.log('captured 3'); } });
         console.log('ready');`,
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await waitFor(() => out.includes('ready') || out.includes('SKIP') || child.exitCode !== null, 5000);
      if (out.includes('SKIP')) this.skip();
      await sendUdp('127.0.0.1', port, 3);
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
      if (code === 'timeout') child.kill();
      assert.strictEqual(code, 0, err);
      assert.ok(out.includes('captured 3'), out + err);
    });
  });
});

describe('device listing', function () {
  it('findalldevs() lists lo with dense IPv4 and IPv6 addresses', function () {
    const devs = pcap.findalldevs();
    const lo = devs.find((d) => d.name === 'lo');
    assert.ok(lo, 'lo is listed');
    assert.strictEqual(lo.flags, 'PCAP_IF_LOOPBACK');
    assert.strictEqual(lo.loopback, true);
    assert.ok(lo.addresses.some((a) => a.addr === '127.0.0.1' && a.netmask === '255.0.0.0'));
    for (const d of devs) {
      assert.strictEqual(typeof d.name, 'string');
      assert.ok(Array.isArray(d.addresses));
      d.addresses.forEach((a, i) => {
        assert.ok(i in d.addresses, 'dense');
        assert.ok(/^[0-9.]+$|:/.test(a.addr), a.addr);
      });
    }
  });

  it('lib_version names libpcap', function () {
    assert.match(pcap.lib_version, /^libpcap version \d+\.\d+/);
  });

  it('warningHandler can be replaced and must be a function', function () {
    const old = pcap.warningHandler;
    assert.strictEqual(typeof old, 'function');
    assert.throws(() => { pcap.warningHandler = 'no'; }, { code: 'ERR_INVALID_ARG_TYPE' });
    const mine = (t) => t; // that the library calls it is checked by the warnings test above
    pcap.warningHandler = mine;
    assert.strictEqual(pcap.warningHandler, mine);
    pcap.warningHandler = old;
    assert.strictEqual(pcap.warningHandler, old);
  });
});
