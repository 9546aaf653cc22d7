'use strict';
// TCP and HTTP tracking over decoded packets. See tcp_tracker.js and http_tracker.js.

const { TCPTracker, TCPSession } = require('./tcp_tracker');
const { HTTPTracker, HttpExchange } = require('./http_tracker');
const { HttpParser, HttpRequest, HttpResponse } = require('./http_parser');
const { WebSocketParser, encodeFrame } = require('./websocket');

module.exports = {
  TCPTracker,
  TCPSession,
  HTTPTracker,
  HttpExchange,
  HttpParser,
  HttpRequest,
  HttpResponse,
  WebSocketParser,
  encodeFrame,
};
