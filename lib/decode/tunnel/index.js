'use strict';
// Registers the encapsulations whose payload is another link or network layer: GRE on IP
// protocol 47, VXLAN on UDP 4789, Geneve on UDP 6081, MPLS on its ethertypes, after IP (137) and
// on UDP 6635 (RFC 7510).

const { register } = require('../registry');
const { GRE } = require('./gre');
const { VXLAN } = require('./vxlan');
const { Geneve } = require('./geneve');
const { MPLS } = require('./mpls');

register('ipProtocol', 47, GRE);
register('ipProtocol', 137, MPLS);
register('udpPort', 4789, VXLAN);
register('udpPort', 6081, Geneve);
register('udpPort', 6635, MPLS);
register('ethertype', 0x8847, MPLS);
register('ethertype', 0x8848, MPLS);

module.exports = { GRE, VXLAN, Geneve, MPLS };
