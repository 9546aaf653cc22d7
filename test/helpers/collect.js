'use strict';
// Reads a whole offline session into an array; resolves with {packets, error, events}.
const pcap = require('../..');

function collect(file, options, onPacket) {
  return new Promise((resolve) => {
    const session = pcap.createOfflineSession(file, options);
    const packets = [];
    const events = [];
    let error = null;
    session.on('packet', (raw) => {
      packets.push(raw);
      if (onPacket) onPacket(raw, session);
    });
    session.on('error', (e) => {
      error = e;
      events.push('error');
    });
    session.on('complete', () => events.push('complete'));
    session.on('end', () => events.push('end'));
    session.on('close', () => {
      events.push('close');
      resolve({ packets, error, events, session });
    });
  });
}

module.exports = { collect, fixture: (name) => require('path').join(__dirname, '..', 'fixtures', 'capture', name) };
