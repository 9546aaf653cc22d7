'use strict';
// Registers the application decoders: DNS on UDP and TCP 53, mDNS on UDP 5353, LLMNR on UDP 5355.

const { register, byName } = require('../registry');
const { DNS, MDNS, LLMNR } = require('./dns');

// The subclasses share decoderName 'dns' (so 'dns' events cover them); register them before DNS
// so that `decodeAs: {..: 'dns'}` resolves to the plain DNS decoder, and give them their own names.
register('udpPort', 5353, MDNS);
register('udpPort', 5355, LLMNR);
register('udpPort', 53, DNS);
register('tcpPort', 53, DNS);
byName.set('mdns', MDNS);
byName.set('llmnr', LLMNR);

module.exports = { DNS, MDNS, LLMNR };
