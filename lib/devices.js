'use strict';
// Device listing (node_pcap's findalldevs() shape, with dense address arrays) and the choice of a
// default device when the user gives none.

const { getBinding } = require('./binding');
const { fromNative } = require('./errors');

const IF_LOOPBACK = 0x1;
const IF_UP = 0x2;
const IF_RUNNING = 0x4;
const IF_WIRELESS = 0x8;

/**
 * Lists capture devices: [{name, description?, addresses: [{addr, netmask?, broadaddr?, dstaddr?}],
 * flags?: 'PCAP_IF_LOOPBACK', loopback, up, running, wireless}].
 * @returns {object[]}
 */
function findalldevs() {
  const binding = getBinding();
  let list;
  try {
    list = binding.findalldevs();
  } catch (e) {
    throw fromNative(e, {}, binding.status);
  }
  return list.map((d) => {
    const dev = { name: d.name };
    if (d.description !== undefined) dev.description = d.description;
    dev.addresses = d.addresses;
    if (d.flags & IF_LOOPBACK) dev.flags = 'PCAP_IF_LOOPBACK'; // as node_pcap
    dev.loopback = (d.flags & IF_LOOPBACK) !== 0;
    dev.up = (d.flags & IF_UP) !== 0;
    dev.running = (d.flags & IF_RUNNING) !== 0;
    dev.wireless = (d.flags & IF_WIRELESS) !== 0;
    return dev;
  });
}

/**
 * The device createSession() uses when none is given: the first interface that is up, not a
 * loopback, and has an IPv4 or IPv6 address. Undefined when there is none.
 * @param {object[]} [devices] findalldevs() output
 * @returns {string|undefined}
 */
function defaultDevice(devices = findalldevs()) {
  const dev = devices.find((d) => d.up && !d.loopback && d.addresses.length > 0);
  return dev ? dev.name : undefined;
}

module.exports = { findalldevs, defaultDevice };
