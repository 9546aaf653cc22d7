'use strict';
// Registers the application decoders: DNS on UDP and TCP 53, mDNS on UDP 5353, LLMNR on UDP 5355;
// TLS on the TCP ports IANA gives to protocols over TLS (HTTPS, SMTPS, LDAPS, DNS over TLS, IMAPS,
// POP3S) and 8443, and a ClientHello or ServerHello on any other TCP port; DHCP on UDP 67 and 68,
// DHCPv6 on UDP 546 and 547; PostgreSQL on TCP 5432; MySQL and MariaDB on TCP 3306; Redis (RESP)
// on TCP 6379; MQTT on TCP 1883.

const { register, byName, tcpHeuristics } = require('../registry');
const { DNS, MDNS, LLMNR } = require('./dns');
const { TLS } = require('./tls');
const { DHCP } = require('./dhcp');
const { DHCPv6 } = require('./dhcpv6');
const { PostgreSQL } = require('./pgsql');
const { RESP } = require('./resp');
const { MySQL } = require('./mysql');
const { MQTT } = require('./mqtt');

// The subclasses share decoderName 'dns' (so 'dns' events cover them); register them before DNS
// so that `decodeAs: {..: 'dns'}` resolves to the plain DNS decoder, and give them their own names.
register('udpPort', 5353, MDNS);
register('udpPort', 5355, LLMNR);
register('udpPort', 53, DNS);
register('tcpPort', 53, DNS);
register('udpPort', 67, DHCP); // server
register('udpPort', 68, DHCP); // client
register('udpPort', 546, DHCPv6); // client
register('udpPort', 547, DHCPv6); // server and relay
register('tcpPort', 5432, PostgreSQL);
register('tcpPort', 6379, RESP); // Redis
register('tcpPort', 3306, MySQL); // and MariaDB
register('tcpPort', 1883, MQTT);
for (const port of [443, 465, 636, 853, 993, 995, 8443]) register('tcpPort', port, TLS);
tcpHeuristics.push(TLS); // a hello on any other port
byName.set('mdns', MDNS);
byName.set('llmnr', LLMNR);

module.exports = { DNS, MDNS, LLMNR, TLS, DHCP, DHCPv6, PostgreSQL, RESP, MySQL, MQTT };
