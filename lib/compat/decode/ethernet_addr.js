'use strict';
// pcap/decode/ethernet_addr, as node_pcap 3.x exported it (see ../README.md).
require('../../decode'); // every decoder in its dispatch table, so the payload decodes too
module.exports = require('../../decode/addr').EthernetAddr;
