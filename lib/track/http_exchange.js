'use strict';
// The exchange object the HTTP tracker's events carry, for HTTP/1.x and HTTP/2 alike.

/**
 * One request/response exchange: node_pcap 0.4's `http` object. `request` is null when the
 * response's request was not seen (joined mid-stream); `response` is null until it starts.
 */
class HttpExchange {
  constructor() {
    this.request = null;
    this.request_error = null; // the request came but could not be parsed: the 'http error' it gave
    this.response = null;
    this.interim = []; // 1xx responses before the final one (100 Continue, 103 Early Hints)
    this.request_dir = null; // 'send' or 'recv': which TCP direction carried the request
    this.request_time = null; // capture time (seconds) of the request head
    this.request_complete_time = null;
    this.response_time = null;
    this.response_complete_time = null;
    this._requestStart = -1; // sequence number where the request began (see _retireUnanswered), -1 if not known
    this._evicted = null; // it answers a request no longer followed (HttpConversation#_enqueue): {method}
    this.stream_id = null; // HTTP/2: the stream it went on
    this.pushed = false; // HTTP/2: the server pushed it (PUSH_PROMISE), with the request it promised
  }
}

module.exports = { HttpExchange };
