'use strict';
// Registers the transport decoders: TCP (IP protocol 6) and UDP (17).

const { register } = require('../registry');
const { TCP, TcpFlags } = require('./tcp');
const { UDP } = require('./udp');
const { TcpOptions, parseTcpOptions } = require('./tcp_options');

register('ipProtocol', 6, TCP);
register('ipProtocol', 17, UDP);

module.exports = { TCP, TcpFlags, UDP, TcpOptions, parseTcpOptions };
