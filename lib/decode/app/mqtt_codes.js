'use strict';
// MQTT's reason and return codes by name, for the summaries (simple_capture) and mqtt_trace.

// Version 5 reason codes (also SUBACK's 3.1.1 return codes 0, 1, 2 and 0x80), by their names in the standard
const REASONS = {
  0x00: 'success', 0x01: 'granted QoS 1', 0x02: 'granted QoS 2', 0x04: 'disconnect with will message', 0x10: 'no matching subscribers',
  0x11: 'no subscription existed', 0x18: 'continue authentication', 0x19: 're-authenticate', 0x80: 'unspecified error',
  0x81: 'malformed packet', 0x82: 'protocol error', 0x83: 'implementation specific error', 0x84: 'unsupported protocol version',
  0x85: 'client identifier not valid', 0x86: 'bad user name or password', 0x87: 'not authorized', 0x88: 'server unavailable',
  0x89: 'server busy', 0x8a: 'banned', 0x8b: 'server shutting down', 0x8c: 'bad authentication method', 0x8d: 'keep alive timeout',
  0x8e: 'session taken over', 0x8f: 'topic filter invalid', 0x90: 'topic name invalid', 0x91: 'packet identifier in use',
  0x92: 'packet identifier not found', 0x93: 'receive maximum exceeded', 0x94: 'topic alias invalid', 0x95: 'packet too large',
  0x96: 'message rate too high', 0x97: 'quota exceeded', 0x98: 'administrative action', 0x99: 'payload format invalid',
  0x9a: 'retain not supported', 0x9b: 'QoS not supported', 0x9c: 'use another server', 0x9d: 'server moved',
  0x9e: 'shared subscriptions not supported', 0x9f: 'connection rate exceeded', 0xa0: 'maximum connect time',
  0xa1: 'subscription identifiers not supported', 0xa2: 'wildcard subscriptions not supported',
};
// CONNACK's 3.1 and 3.1.1 return codes
const CONNACK_RETURNS = ['accepted', 'unacceptable protocol version', 'identifier rejected', 'server unavailable', 'bad user name or password', 'not authorized'];

/** `not authorized (0x87)`: a version 5 reason code, by name. */
function reasonText(code) {
  const name = REASONS[code];
  return `${name === undefined ? 'reason' : name} (0x${code.toString(16).padStart(2, '0')})`;
}

/** `not authorized (5)`: a 3.1 or 3.1.1 CONNACK return code, by name. */
function returnText(code) {
  return `${CONNACK_RETURNS[code] || 'return code'} (${code})`;
}

/** `CONNACK accepted`, `CONNACK refused: not authorized (5)` (3.1.1), `… (0x87)` (5): a CONNACK's outcome. */
function connackText(m) {
  const code = m.returnCode !== undefined ? m.returnCode : m.reasonCode;
  if (code === undefined) return 'CONNACK';
  if (code === 0) return 'CONNACK accepted';
  return 'CONNACK refused: ' + (m.returnCode !== undefined ? returnText(code) : reasonText(code));
}

module.exports = { reasonText, connackText };
