'use strict';
// MQTT against tshark (no TCP reassembly) on mqtt_lo.pcap: mosquitto_sub and mosquitto_pub (3.1,
// 3.1.1 and 5) against a mosquitto 2.0 broker on 127.0.0.1 (test/fixtures/app/README.md): logins
// with will messages and v5 properties, refused logins, subscriptions granted and refused,
// retained messages, QoS 0, 1 and 2 flows, v5 user properties, a 100 KB payload over several
// segments, PINGREQ/PINGRESP, and disconnects with reason codes.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { collectLayers } = require('../../helpers/layers');
const { damageSegments } = require('../../helpers/damage');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'mqtt_lo.pcap.truth.json'), 'utf8'));

/** `key` of every packet that has it, in order, for the packets passing `pick`. */
const each = (list, key, pick = () => true) => list.filter((m) => m[key] !== undefined && pick(m)).map((m) => m[key]);
const propertyLists = (m) => [m.properties, m.will && m.will.properties].filter(Boolean);

/** The fields tshark gives for the packets of one layer, computed from ours. */
function tsharkFields(list) {
  const publishes = list.filter((m) => m.typeName === 'PUBLISH');
  const connects = list.filter((m) => m.connectFlags);
  return {
    'mqtt.msgtype': list.map((m) => m.type),
    'mqtt.len': list.map((m) => m.length),
    'mqtt.dupflag': publishes.map((m) => +m.dup),
    'mqtt.qos': publishes.map((m) => m.qos),
    'mqtt.retain': publishes.map((m) => +m.retain),
    'mqtt.protoname': each(list, 'protocolName'),
    'mqtt.ver': each(list, 'protocolVersion'),
    'mqtt.kalive': each(list, 'keepAlive'),
    'mqtt.clientid': each(list, 'clientId'),
    'mqtt.username': each(list, 'username'),
    'mqtt.passwd': each(list, 'password').map(String),
    'mqtt.conflag.uname': connects.map((m) => +m.connectFlags.username),
    'mqtt.conflag.passwd': connects.map((m) => +m.connectFlags.password),
    'mqtt.conflag.willflag': connects.map((m) => +m.connectFlags.will),
    'mqtt.conflag.qos': connects.map((m) => m.connectFlags.willQos),
    'mqtt.conflag.retain': connects.map((m) => +m.connectFlags.willRetain),
    'mqtt.conflag.cleansess': connects.map((m) => +m.connectFlags.cleanSession),
    'mqtt.willtopic': list.filter((m) => m.will).map((m) => m.will.topic),
    'mqtt.willmsg': list.filter((m) => m.will).map((m) => m.will.payload.toString('hex')),
    'mqtt.conack.val': each(list, 'returnCode'),
    'mqtt.connack.reason_code': each(list, 'reasonCode', (m) => m.typeName === 'CONNACK'),
    'mqtt.msgid': each(list, 'packetId'),
    'mqtt.topic': list.flatMap((m) => (m.topic !== undefined ? [m.topic] : m.subscriptions ? m.subscriptions.map((x) => x.topic) : m.topics || [])),
    'mqtt.sub.qos': list.filter((m) => m.subscriptions && m.version !== 5).flatMap((m) => m.subscriptions.map((x) => x.qos)),
    'mqtt.subscription_options_qos': list.filter((m) => m.subscriptions && m.version === 5).flatMap((m) => m.subscriptions.map((x) => x.qos)),
    'mqtt.subscription_options_rap': list.filter((m) => m.subscriptions && m.version === 5).flatMap((m) => m.subscriptions.map((x) => +x.retainAsPublished)),
    'mqtt.suback.qos': list.filter((m) => m.typeName === 'SUBACK' && m.properties === undefined).flatMap((m) => m.returnCodes),
    'mqtt.suback.reason_code': list.filter((m) => m.typeName === 'SUBACK' && m.properties !== undefined).flatMap((m) => m.returnCodes),
    'mqtt.unsuback.reason_code': list.flatMap((m) => m.reasonCodes || []),
    'mqtt.disconnect.reason_code': each(list, 'reasonCode', (m) => m.typeName === 'DISCONNECT'),
    'mqtt.property.content_type': list.flatMap((m) => [m.will && m.will.properties, m.properties]).filter(Boolean).map((p) => p.contentType).filter((x) => x !== undefined),
    'mqtt.prop_key': list.flatMap(propertyLists).flatMap((p) => (p.userProperty || []).map((kv) => kv[0])),
    'mqtt.prop_value': list.flatMap(propertyLists).flatMap((p) => (p.userProperty || []).map((kv) => kv[1])),
    // the payloads held whole (tshark gives none for a message it cannot reassemble)
    'mqtt.msg': publishes.filter((m) => !m.partial).map((m) => m.payload.toString('hex')),
  };
}

describe('MQTT', function () {
  let packets;
  let layers;
  before(async function () {
    ({ packets, layers } = await collectLayers(path.join(DIR, 'mqtt_lo.pcap'), 'mqtt'));
  });

  it('every frame: the packets that start in it and their fields, as tshark gives them', function () {
    assert.strictEqual(packets.length, truth.length);
    let compared = 0;
    layers.forEach((g, i) => {
      const want = truth[i];
      const at = `frame ${i + 1}`;
      if (!want['mqtt.msgtype'] || want.continuation) {
        assert.strictEqual(g, null, at); // no packet starts at the segment's first byte, or no MQTT
        return;
      }
      assert.ok(g, `${at}: no layer`);
      compared++;
      if (i + 1 === 190) {
        // a version 5 SUBACK for one topic granted QoS 0 (0x00 0x00): alone in its segment, it reads
        // as 3.1.1's two codes, and says so by leaving the version untold (tshark saw the CONNECT)
        assert.deepStrictEqual([g.packets[0].returnCodes, g.packets[0].version, want['mqtt.suback.reason_code']], [[0, 0], undefined, [0]]);
        return;
      }
      for (const [f, v] of Object.entries(tsharkFields(g.packets))) assert.deepStrictEqual(v, (want[f] || []).map((x) => (typeof x === 'number' && /msg$/.test(f) ? String(x) : x)), `${at} ${f}`);
      assert.strictEqual(g.fromClient, pcap.decode.packet(packets[i]).payload.payload.payload.dport === 1883, `${at} side`);
      assert.strictEqual(g.error, null, at);
    });
    assert.strictEqual(compared, 91);
  });

  it('version 5: properties of a CONNECT, its will and a PUBLISH; a payload over several segments', function () {
    const connect = layers.find((g) => g && g.packets[0].will && g.packets[0].will.properties && g.packets[0].will.properties.contentType).packets[0];
    assert.deepStrictEqual([connect.version, connect.will.properties.contentType, connect.will.properties.willDelayInterval, connect.connectFlags.willQos], [5, 'text/plain', 5, 2]);
    const pub = layers.find((g) => g && g.packets[0].properties && g.packets[0].properties.contentType === 'application/json').packets[0];
    assert.deepStrictEqual([pub.version, pub.properties.userProperty, pub.properties.messageExpiryInterval, pub.properties.payloadFormatIndicator], [5, [['k', 'v']], 300, 1]);
    assert.ok(Buffer.isBuffer(pub.properties.correlationData));
    const big = layers.find((g) => g && g.packets[0].payloadLength === 102400).packets[0];
    assert.deepStrictEqual([big.partial, big.topic.startsWith('fixture/big'), big.payload.length < 102400], [true, true, true]);
    const refused = layers.filter((g) => g && g.packets[0].typeName === 'CONNACK' && (g.packets[0].returnCode || g.packets[0].reasonCode)).map((g) => g.packets[0]);
    assert.deepStrictEqual(refused.map((m) => [m.returnCode, m.reasonCode]), [[5, undefined], [undefined, 0x87]]);
  });

  it('one-line summaries', function () {
    const lines = packets.map((raw) => String(pcap.decode.packet(raw))).filter((l) => l.includes('MQTT')).map((l) => l.slice(l.indexOf('MQTT')));
    for (const want of [
      'MQTT CONNECT "fixture-sub311" v3.1.1 user "fixture"',
      'MQTT CONNACK accepted',
      'MQTT CONNACK refused: not authorized (5)',
      'MQTT SUBSCRIBE id 1 "fixture/qos/+" qos 2, "fixture/big/#" qos 2, "fixture/retained" qos 2, "private/#" qos 2',
      'MQTT SUBACK id 1 [2, 2, 2, 128]',
      'MQTT PUBLISH "fixture/retained" qos 1 id 1 retain len 14',
      'MQTT PUBREL id 1',
      'MQTT PINGREQ',
      'MQTT DISCONNECT disconnect with will message (0x04)',
    ]) assert.ok(lines.includes(want), want);
  });

  it('decode.layer guesses the side; which version a packet is read as; bytes that are not packets', function () {
    const layer = (hex) => pcap.decode.layer('mqtt', Buffer.from(hex.replace(/ /g, ''), 'hex'));
    // a 3.1.1 PUBLISH whose payload is text; one whose bytes after the topic are 5's empty property list
    const v3 = layer('32 0c 0003 612f62 0007 68656c6c6f').packets[0];
    assert.deepStrictEqual([v3.version, v3.payload.toString(), v3.payloadLength], [4, 'hello', 5]); // 'h' starts no property list
    const zero = layer('30 0b 0003 612f62 00 68656c6c6f').packets[0]; // 5 without properties, or 3.1.1's payload "\0hello"
    assert.deepStrictEqual([zero.version, zero.payload.toString(), zero.properties], [undefined, 'hello', {}]);
    const props = layer('30 0d 0003 612f62 02 0101 68656c6c6f').packets[0]; // payload format indicator 1
    assert.deepStrictEqual([props.version, props.properties, props.payload.toString()], [5, { payloadFormatIndicator: 1 }, 'hello']);
    assert.strictEqual(layer('30 07 0001 61 8000 4142').packets[0].payloadLength, 4); // 0x80 0x00 is no zero length: 3.1.1
    // SUBACKs: 3.1.1's codes; 5's after its property list (0x87 is no 3.1.1 code); one both read:
    // 3.1.1, version untold; the same after a packet of its segment said 5
    assert.deepStrictEqual(layer('90 03 0001 01').packets[0].returnCodes, [1]);
    const ambiguous = layer('90 04 0001 00 01').packets[0];
    assert.deepStrictEqual([ambiguous.returnCodes, ambiguous.version], [[0, 1], undefined]);
    assert.deepStrictEqual([layer('90 04 0001 00 87').packets[0].returnCodes, layer('90 04 0001 00 87').packets[0].version], [[0x87], 5]);
    const settled = layer('40 03 0007 10 90 04 0001 00 01').packets; // a PUBACK with a reason code: 5
    assert.deepStrictEqual([settled[1].returnCodes, settled[1].properties], [[1], {}]);
    // a 3.1.1 UNSUBSCRIBE the segment cuts keeps the topic it holds; a mosquitto bridge's CONNECT level
    assert.deepStrictEqual(layer('a2 0c 0001 0003 612f62 0003 61').packets[0].topics, ['a/b']);
    const bridge = layer('10 12 0004 4d515454 84 02 003c 0006 627269646765').packets[0];
    assert.deepStrictEqual([bridge.version, bridge.bridge, bridge.clientId], [4, true, 'bridge']);
    // acknowledgements: 3.1.1's identifier, 5's reason code
    assert.deepStrictEqual([layer('40 02 0007').packets[0].reasonCode, layer('40 03 0007 10').packets[0].reasonCode], [undefined, 0x10]);
    // several packets in one segment, the last cut by it
    const many = layer('c0 00 32 0c 0003 612f62 0007 6865');
    assert.deepStrictEqual([many.packets.map((m) => m.typeName), many.packets[1].partial, many.error], [['PINGREQ', 'PUBLISH'], true, null]);
    assert.strictEqual(many.fromClient, true); // PINGREQ is a client's
    // the middle of a payload, a reserved type, wrong flags
    for (const hex of ['7b2274223a2031327d', '00 00', '80 05 0001 0000']) assert.strictEqual(layer(hex).continuation, true, hex);
    // HTTP and a PROXY protocol header on the port, and mid-payload bytes that looked like packets
    for (const t of ['POST /api HTTP/1.1\r\nHost: x\r\n\r\n', 'PROXY TCP4 10.0.0.1 10.0.0.2 40000 1883\r\n']) assert.strictEqual(pcap.decode.layer('mqtt', Buffer.from(t)).continuation, true, t);
    for (const hex of ['620448441b7632dbb6ae78a4d42b', 'f085582558b657c94cf0b5f156ba']) assert.strictEqual(layer(hex).continuation, true, hex);
  });

  it('never throws on any prefix or mutation of the fixture segments', function () {
    damageSegments('mqtt', layers, { seed: 5, keep: 2000 });
  });
});
