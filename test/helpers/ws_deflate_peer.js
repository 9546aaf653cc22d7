'use strict';
// Both ends of a WebSocket connection with permessage-deflate (RFC 7692), for a live test of the
// tracker's inflating: a server of our own that agrees to the extension and sends each message
// compressed on one shared window (context takeover, as zlib streams and browsers do), and
// Node's own WebSocket client (undici, an independent implementation) that inflates them and
// sends each one back prefixed "echo: ". Prints each message the client got, one JSON per line.
//   node [--experimental-websocket] ws_deflate_peer.js PORT COUNT
// Exits 3 when this Node has no WebSocket client (Node 20 needs --experimental-websocket).
const crypto = require('crypto');
const http = require('http');
const zlib = require('zlib');

if (typeof WebSocket === 'undefined') process.exit(3);
const [port, count] = process.argv.slice(2).map(Number);
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`);
  socket.on('data', () => {}); // the client's echoes
  const deflate = zlib.createDeflateRaw();
  const out = [];
  deflate.on('data', (c) => out.push(c));
  (async () => {
    for (let i = 0; i < count; i++) {
      deflate.write(`message ${i} says hello hello hello`);
      await new Promise((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
      const flushed = Buffer.concat(out.splice(0));
      const payload = flushed.subarray(0, flushed.length - 4); // RFC 7692 §7.2.1: without 00 00 ff ff
      socket.write(Buffer.concat([Buffer.from([0xc1, payload.length]), payload])); // FIN, RSV1, text
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    setTimeout(() => {
      socket.end();
      server.close();
    }, 200);
  })();
});
server.listen(port, '127.0.0.1', () => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
  ws.onmessage = (e) => {
    console.log(JSON.stringify(e.data));
    ws.send('echo: ' + e.data);
  };
  ws.onerror = (e) => {
    console.error(e.message);
    process.exitCode = 1;
  };
});
