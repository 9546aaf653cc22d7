'use strict';
// Redis's RESP against tshark (no TCP reassembly) on resp_lo.pcap: resp_client.js against a Redis 7
// server on 127.0.0.1 (test/fixtures/app/README.md): replies of every RESP2 type, an error, a
// transaction, pipelined commands, a 100 KB value over many segments, an inline command, and
// RESP3 (maps, sets, doubles, pushes from a subscription).

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { collectLayers } = require('../../helpers/layers');
const { damageSegments } = require('../../helpers/damage');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'resp_lo.pcap.truth.json'), 'utf8'));

/**
 * The fields tshark lists for a segment's values, in its order (each field's occurrences in turn):
 * tshark 4.0 knows RESP2's types only, so of RESP3's aggregates it lists what they hold.
 */
function tsharkView(values) {
  const out = { 'resp.string': [], 'resp.error': [], 'resp.integer': [], 'resp.bulk_string.length': [], 'resp.array.length': [] };
  const visit = (v) => {
    if (v.type === 'simple') out['resp.string'].push(v.value);
    else if (v.type === 'error') out['resp.error'].push(v.value);
    else if (v.type === 'integer') out['resp.integer'].push(v.value);
    else if (v.type === 'bulk') out['resp.bulk_string.length'].push(v.length);
    else if (v.type === 'null') out[v.from === 'bulk' ? 'resp.bulk_string.length' : 'resp.array.length'].push(-1);
    else if (v.type === 'array') out['resp.array.length'].push(v.length);
    if (Array.isArray(v.value)) v.value.forEach(visit);
  };
  values.forEach(visit);
  return out;
}

describe('RESP (Redis)', function () {
  let packets;
  let layers;
  before(async function () {
    ({ packets, layers } = await collectLayers(path.join(DIR, 'resp_lo.pcap'), 'resp'));
  });

  it('every frame: the values that start in it, as tshark lists them', function () {
    assert.strictEqual(packets.length, truth.length);
    let compared = 0;
    layers.forEach((r, i) => {
      const want = truth[i];
      const at = `frame ${i + 1}`;
      const fields = Object.keys(want).filter((k) => k.startsWith('resp.'));
      if (fields.length === 0) {
        // no value starts at the segment's first byte (the middle of the 100 KB value, an ACK), or
        // an inline command, which tshark does not read
        if (r !== null) assert.deepStrictEqual(r.values.map((v) => v.type), ['inline'], at);
        return;
      }
      assert.ok(r, `${at}: no layer`);
      compared++;
      const view = tsharkView(r.values);
      for (const f of Object.keys(view)) assert.deepStrictEqual(view[f], want[f] || [], `${at} ${f}`);
      assert.strictEqual(r.values[r.values.length - 1].partial === true, want.partial === true, `${at} partial`);
      assert.strictEqual(r.error, null, at);
    });
    assert.strictEqual(compared, 42);
  });

  it('commands, replies and RESP3 types read as values', function () {
    const commands = layers.filter((r) => r && r.fromClient).flatMap((r) => r.commands.map((c) => c[0].toUpperCase()));
    assert.deepStrictEqual(commands, ['SET', 'GET', 'GET', 'INCR', 'RPUSH', 'LRANGE', 'INCR', 'MULTI', 'INCR', 'GET', 'EXEC', 'SET', 'SET', 'MGET',
      'SET', 'GET', 'PING', 'HELLO', 'HSET', 'HGETALL', 'SADD', 'SMEMBERS', 'INCRBYFLOAT', 'SUBSCRIBE', 'PUBLISH', 'QUIT']);
    const server = layers.filter((r) => r && !r.fromClient);
    const find = (pred) => server.find((r) => pred(r.values[0]));
    assert.deepStrictEqual(find((v) => v.type === 'array').values[0].value.map((x) => x.value), ['a', 'b', 'c']);
    assert.deepStrictEqual(find((v) => v.type === 'null' && v.from === 'bulk').values[0].value, null);
    const hgetall = server.find((r) => r.values[0].type === 'map' && r.values[0].length === 4).values[0];
    assert.deepStrictEqual(hgetall.value.map((x) => x.value), ['f1', 'v1', 'f2', 'v2']);
    assert.deepStrictEqual(find((v) => v.type === 'set').values[0].value.map((x) => x.value), ['m1']);
    const pushes = server.filter((r) => r.values[0].type === 'push').map((r) => r.values[0].value.map((x) => x.value));
    assert.deepStrictEqual(pushes, [['subscribe', 'news', 1], ['message', 'news', 'extra']]);
    const inline = layers.find((r) => r && r.values[0].type === 'inline');
    assert.deepStrictEqual([inline.command, inline.commands], ['PING', [['PING']]]);
  });

  it('one-line summaries', function () {
    const lines = packets.map((raw) => String(pcap.decode.packet(raw))).filter((l) => l.includes(' RESP')).map((l) => l.slice(l.indexOf('RESP')));
    for (const want of ['RESP SET "greeting" "hello"', 'RESP $5 "hello"', 'RESP (nil)', 'RESP :1', 'RESP *3', 'RESP -ERR value is not an integer or out of range',
      'RESP MULTI, +3 more', 'RESP RPUSH "list" "a" "b" +1 args', 'RESP %2', 'RESP ~1', 'RESP >3', 'RESP PING', 'RESP +PONG',
      'RESP $100000 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"…']) assert.ok(lines.includes(want), want);
    assert.ok(lines.every((l) => l.length < 200), 'a long value is cut');
  });

  it('decode.layer guesses the side; the middle of a value is not one; broken bytes never throw', function () {
    const cmd = pcap.decode.layer('resp', Buffer.from('*2\r\n$3\r\nGET\r\n$1\r\nk\r\n'));
    assert.deepStrictEqual([cmd.fromClient, cmd.command], [true, 'GET']);
    const reply = pcap.decode.layer('resp', Buffer.from('*2\r\n$1\r\na\r\n:5\r\n'));
    assert.strictEqual(reply.fromClient, false); // an array holding an integer is not a command
    for (const mid of ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n', 'good morning\r\n', '+no line end', '$2\r\nabc\r\n', ':12a\r\n']) {
      assert.strictEqual(pcap.decode.layer('resp', Buffer.from(mid)).continuation, true, mid);
    }
    damageSegments('resp', layers, { seed: 11, keep: 300, bytes: '*$:+-%~>_#,(=!\r\n0123456789' });
    // deeply nested and very many values stay bounded
    const deep = pcap.decode.layer('resp', Buffer.from('*1\r\n'.repeat(10000)));
    String(deep);
    const many = pcap.decode.layer('resp', Buffer.from(':1\r\n'.repeat(20000)));
    assert.ok(many.values.length <= 4096);
  });

  it('RESP3 details, long segments and text that only looks like RESP', function () {
    const L = (t) => pcap.decode.layer('resp', Buffer.from(t, 'latin1'));
    // an attribute annotates the value after it, and is not one of an aggregate's values
    const withAttr = L('*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n');
    assert.deepStrictEqual(withAttr.values[0].value.map((v) => v.value), [1, 2]);
    assert.deepStrictEqual(withAttr.values[0].value[0].attributes.map((v) => v.value), ['ttl', 3600]);
    assert.deepStrictEqual(withAttr.values.length, 1);
    const verbatim = L('=15\r\ntxt:Some string\r\n').values[0];
    assert.deepStrictEqual([verbatim.format, verbatim.value], ['txt', 'Some string']);
    assert.strictEqual(L('=3\r\nabc\r\n').continuation, true); // no format
    assert.deepStrictEqual([',1.5\r\n', ',inf\r\n', ',1e400\r\n'].map((t) => L(t).values[0].value), [1.5, 'inf', '1e400']);
    for (const bad of [',0x10\r\n', ', 1\r\n', ',Infinity\r\n']) assert.strictEqual(L(bad).continuation, true, bad);
    // a long reply or pipeline keeps its layer with what fits the budget
    const many = L('*9000\r\n' + '$1\r\nx\r\n'.repeat(9000));
    assert.deepStrictEqual([many.continuation, many.values[0].partial, many.values[0].value.length < 9000], [false, true, true]);
    assert.strictEqual(L('+OK\r\n'.repeat(5000)).continuation, false);
    // lines of text in the middle of a value are not errors or strings; a bare CR is not a line end
    for (const text of ['- item one\r\n- item two\r\n', '+OK\r\n+abc\rXYZ\r\nmore', '-x\r\n*zz']) assert.strictEqual(L(text).continuation, true, text);
    // inline commands as nc sends them, with quotes; a cut command keeps only whole words
    assert.deepStrictEqual(L('set k "hello world"\n').commands, [['set', 'k', 'hello world']]);
    const cut = L('*2\r\n$3\r\nfoo\r\n$');
    assert.deepStrictEqual([cut.commands, String(cut)], [[['foo']], 'RESP FOO…']);
    assert.ok(String(L('+' + 'x'.repeat(60000) + '\r\n')).length < 200);
  });
});