'use strict';

const assert = require('node:assert/strict');
const { LogicalLinkControl } = require('../../../lib/decode/link/llc');
const h = require('./helpers');

function checkLlc(name, llc) {
  const t = h.fixture(name).tshark.llc;
  assert.ok(llc instanceof LogicalLinkControl);
  assert.equal(llc.decoderName, 'llc');
  for (const k of ['dsap', 'ssap', 'control', 'oui', 'type']) assert.equal(llc[k], t[k], k);
}

describe('link/llc', () => {
  it('802.3 STP: UI frame on SAP 0x42, no SNAP', () => {
    const llc = h.decodeFx('eth_8023_stp').payload.payload;
    checkLlc('eth_8023_stp', llc);
    assert.equal(llc.isSnap, false);
    assert.equal(llc.payload, null);
    assert.equal(String(llc), 'LLC 0x42>0x42 ctrl 0x03');
  });

  it('802.3 SNAP (OUI 0) -> IPv4', () => {
    const llc = h.decodeFx('eth_8023_snap_ipv4').payload.payload;
    checkLlc('eth_8023_snap_ipv4', llc);
    assert.equal(llc.isSnap, true);
    assert.equal(llc.payload.decoderName, 'ipv4');
    assert.ok(String(llc).startsWith('LLC 0xaa>0xaa SNAP '));
  });

  it('SLL2 protocol 0x0004 -> LLC (STP)', () => {
    const llc = h.decodeFx('sll2_llc_stp').payload.payload;
    checkLlc('sll2_llc_stp', llc);
  });

  it('802.11 data -> LLC/SNAP (tshark truth)', () => {
    for (const name of ['rt_qos_data_tods', 'rt_data_rate_ipv6', 'rt_data_eapol', 'wlan_qos_arp']) {
      const llc = h.chain(h.decodeFx(name)).find((l) => l.decoderName === 'llc');
      checkLlc(name, llc);
    }
    const eapol = h.chain(h.decodeFx('rt_data_eapol')).find((l) => l.decoderName === 'llc');
    assert.equal(eapol.payload, null); // 0x888e: no decoder
    assert.equal(String(eapol), 'LLC 0xaa>0xaa SNAP type 0x888e');
  });

  it('I-format: 2-byte control, little-endian', () => {
    const llc = h.decodeFx('eth_llc_iframe').payload.payload;
    assert.equal(llc.dsap, 0xf0);
    assert.equal(llc.ssap, 0xf0);
    assert.equal(llc.control, 0x020a);
    assert.equal(llc.oui, undefined);
    assert.equal(llc.type, undefined);
    assert.equal(String(llc), 'LLC 0xf0>0xf0 ctrl 0x020a');
  });

  it('IP on its own SAP (0x06) -> IPv4', () => {
    const llc = h.decodeFx('eth_llc_ip_sap').payload.payload;
    assert.equal(llc.dsap, 6);
    assert.equal(llc.control, 3);
    assert.equal(llc.payload.decoderName, 'ipv4');
  });

  it('SNAP with a vendor OUI: oui/type kept, nothing decoded', () => {
    const llc = h.decodeFx('eth_snap_cisco').payload.payload;
    assert.equal(llc.oui, 0x00000c);
    assert.equal(llc.type, 0x2000);
    assert.equal(llc.payload, null);
    assert.equal(String(llc), 'LLC 0xaa>0xaa SNAP oui 0x00000c type 0x2000');
  });

  it('truncation: 3 bytes (U), 4 bytes (I/S), 8 bytes (SNAP)', () => {
    h.truncationSweep('eth_llc_iframe', [['ethernet-packet', 14], ['llc', 18]]);
    h.truncationSweep('eth_snap_cisco', [['ethernet-packet', 14], ['llc', 22]]);
    h.truncationSweep('eth_llc_ip_sap', [['ethernet-packet', 14], ['llc', 17]]);
    const b = Buffer.from('aaaa0300', 'hex');
    const l = new LogicalLinkControl().decode(b, 0, 4);
    assert.equal(l.error.reason, 'snap header truncated');
    assert.equal(l.oui, undefined);
    assert.equal(l.dsap, 0xaa);
  });

  it('garbage never throws', () => {
    h.garbageSweep(1, ['eth_llc_iframe', 'eth_snap_cisco', 'eth_llc_ip_sap'], 300);
  });
});
