'use strict';
// pcap/dns_cache, as node_pcap 3.x exported it (see README.md).
module.exports = require('../dns_cache').DNSCache;
