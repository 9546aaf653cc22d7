'use strict';
// pcap/tcp_tracker, as node_pcap 3.x exported it (see README.md).
const { TCPTracker, TCPSession } = require('../track');

module.exports = { TCPTracker, TCPSession };
