'use strict';
// PostgreSQL against tshark (no TCP reassembly) on pgsql_lo.pcap: psql and a hand-written
// extended-protocol client against a PostgreSQL 15 server on 127.0.0.1 (test/fixtures/app/README.md):
// SSLRequest declined, SCRAM-SHA-256, simple queries with rows, a notice, LISTEN/NOTIFY, COPY, an
// error, a 3,000-row result over many segments, Parse/Bind/Describe/Execute/Sync, CancelRequest.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { collectLayers } = require('../../helpers/layers');
const { damageSegments } = require('../../helpers/damage');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'pgsql_lo.pcap.truth.json'), 'utf8'));

// tshark's names for the message types (SASL messages are PasswordMessages on the wire)
const TSHARK_NAMES = {
  SSLRequest: 'SSL request', StartupMessage: 'Startup message', Authentication: 'Authentication request',
  ParameterStatus: 'Parameter status', BackendKeyData: 'Backend key data', ReadyForQuery: 'Ready for query', Query: 'Simple query',
  CommandComplete: 'Command completion', RowDescription: 'Row description', DataRow: 'Data row', NoticeResponse: 'Notice',
  NotificationResponse: 'Notification', CopyOutResponse: 'CopyOut response', CopyData: 'Copy data', CopyDone: 'Copy completion',
  ErrorResponse: 'Error', Terminate: 'Termination', Parse: 'Parse', Bind: 'Bind', Describe: 'Describe', Execute: 'Execute',
  Sync: 'Sync', ParseComplete: 'Parse completion', BindComplete: 'Bind completion', CancelRequest: 'Cancel request',
};

/** `key` of every message that has it, in order, for the messages passing `pick`. */
const each = (msgs, key, pick = () => true) => msgs.filter((m) => m[key] !== undefined && pick(m)).map((m) => m[key]);

describe('PostgreSQL', function () {
  let packets;
  let layers;
  before(async function () {
    ({ packets, layers } = await collectLayers(path.join(DIR, 'pgsql_lo.pcap'), 'pgsql'));
  });

  it('every frame: the messages that start in it, their fields, and which side sent them, as tshark gives them', function () {
    assert.strictEqual(packets.length, truth.length);
    let compared = 0;
    layers.forEach((g, i) => {
      const want = truth[i];
      const at = `frame ${i + 1}`;
      const types = want['pgsql.type'];
      if (!types || want.continuation || types[0] === 'Unknown') {
        // no message starts at the segment's first byte (or no PostgreSQL at all); tshark, which
        // remembers where the last message ended, may still find messages later in the segment
        if (g !== null) assert.deepStrictEqual(g.messages.map((m) => m.type), ['ssl_response'], at); // the server's 'N' to SSLRequest
        return;
      }
      assert.ok(g, `${at}: no layer`);
      compared++;
      const msgs = g.messages;
      // tshark names a PasswordMessage by what the authentication exchange made it
      const named = msgs.map((m, k) => (m.name === 'PasswordMessage' && /^(SASL(Initial)?Response|Password) message$/.test(types[k]) ? types[k] : TSHARK_NAMES[m.name]));
      assert.deepStrictEqual(named, types, `${at} types`);
      assert.deepStrictEqual(msgs.map(() => (g.fromClient ? 1 : 0)), want['pgsql.frontend'], `${at} side`);
      assert.deepStrictEqual(msgs.map((m) => m.length), want['pgsql.length'], `${at} lengths`);
      const fields = {
        'pgsql.query': each(msgs, 'query'),
        'pgsql.tag': each(msgs, 'tag'),
        'pgsql.code': msgs.filter((m) => m.fields && !Array.isArray(m.fields)).map((m) => m.fields.code),
        'pgsql.severity': msgs.filter((m) => m.fields && !Array.isArray(m.fields)).map((m) => m.fields.severity),
        'pgsql.message': msgs.filter((m) => m.fields && !Array.isArray(m.fields)).map((m) => m.fields.message),
        'pgsql.authtype': each(msgs, 'authType'),
        'pgsql.auth.sasl.mech': msgs.flatMap((m) => m.mechanisms || (m.mechanism !== undefined ? [m.mechanism] : [])),
        'pgsql.status': msgs.filter((m) => m.status !== undefined).map((m) => m.status.charCodeAt(0)),
        'pgsql.statement': each(msgs, 'statement'),
        'pgsql.portal': msgs.flatMap((m) => (m.portal !== undefined ? [m.portal] : m.target === 'portal' ? [m.targetName] : [])),
        'pgsql.pid': each(msgs, 'pid'),
        'pgsql.key': each(msgs, 'key').map((k) => parseInt(k, 16)), // tshark reads the 3.0 key as a number
        'pgsql.parameter_name': msgs.flatMap((m) => (m.parameters ? Object.keys(m.parameters) : m.parameter !== undefined ? [m.parameter] : [])),
        'pgsql.parameter_value': msgs.flatMap((m) => (m.parameters ? Object.values(m.parameters) : m.value !== undefined ? [m.value] : [])),
        'pgsql.col.name': msgs.flatMap((m) => (Array.isArray(m.fields) ? m.fields.map((f) => f.name) : [])),
      };
      for (const [f, got] of Object.entries(fields)) {
        // tshark gives numbers for values made of digits
        const norm = (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
        assert.deepStrictEqual(got.map(norm), want[f] || [], `${at} ${f}`);
      }
      assert.strictEqual(g.error, null, at);
    });
    assert.strictEqual(compared, 37);
  });

  it('the segments in the middle of a long result get no layer; the first carries the row description', function () {
    const big = layers.find((g) => g && g.messages[0].name === 'RowDescription' && g.messages[0].fields[0].name === 'g'); // generate_series(1, 3000)
    assert.deepStrictEqual(big.messages[0].fields.map((f) => [f.name, f.typeOid]), [['g', 23], ['md5', 25]]);
    assert.strictEqual(big.rowCount, 165);
    // the segment's last byte is the next row's type byte: its header goes on in the next segment
    assert.strictEqual(big.messages.reduce((n, m) => n + 1 + m.length, 0), big._end - big._o - 1);
    assert.strictEqual(big._b[big._end - 1], 0x44);
    assert.deepStrictEqual(big.messages[1].values.map((v) => v.toString()), ['1', 'c4ca4238a0b923820dcc509a6f75849b']);
    const mid = truth.map((t, i) => (t.continuation ? i : -1)).filter((i) => i >= 0);
    assert.ok(mid.length >= 10);
    for (const i of mid) assert.strictEqual(layers[i], null, `frame ${i + 1}`);
  });

  it('one-line summaries', function () {
    const lines = packets.map((raw) => String(pcap.decode.packet(raw))).filter((l) => l.includes('PostgreSQL')).map((l) => l.slice(l.indexOf('PostgreSQL')));
    for (const want of [
      'PostgreSQL SSLRequest',
      'PostgreSQL SSLResponse N',
      'PostgreSQL StartupMessage user="postgres" database="postgres"',
      'PostgreSQL AuthenticationSASL',
      'PostgreSQL RowDescription, DataRow x3, CommandComplete "SELECT 3", ReadyForQuery',
      'PostgreSQL ErrorResponse ERROR 42P01 "relation \\"no_such_table\\" does not exist"',
      'PostgreSQL Parse "SELECT $1::int + 1 AS answer", Bind, Describe, Execute, Sync',
      'PostgreSQL CopyOutResponse, CopyData x3, CopyDone, CommandComplete "COPY 3", ReadyForQuery',
      'PostgreSQL CancelRequest',
    ]) assert.ok(lines.includes(want), want);
  });

  it('decode.layer guesses the side from the first message; broken bytes never throw', function () {
    const q = Buffer.concat([Buffer.from('Q\0\0\0\x0dselect 1\0', 'latin1')]);
    const asClient = pcap.decode.layer('pgsql', q);
    assert.deepStrictEqual([asClient.fromClient, asClient.query, String(asClient)], [true, 'select 1', 'PostgreSQL Query "select 1"']);
    const ready = pcap.decode.layer('pgsql', Buffer.from('Z\0\0\0\x05I', 'latin1'));
    assert.deepStrictEqual([ready.fromClient, ready.messages[0].status], [false, 'I']);
    const cut = pcap.decode.layer('pgsql', Buffer.from('Q\0\0\0\x20select', 'latin1')); // goes on in the next segment
    assert.deepStrictEqual([cut.messages[0].partial, cut.query, cut.error], [true, 'select', null]);
    // protocol 3.2: a 32-byte cancel key in BackendKeyData and CancelRequest
    const key = Buffer.alloc(32, 0xab);
    const k32 = pcap.decode.layer('pgsql', Buffer.concat([Buffer.from('K\0\0\0\x28\0\0\x30\x39', 'latin1'), key]));
    assert.deepStrictEqual([k32.fromClient, k32.messages[0].pid, k32.messages[0].key], [false, 12345, key.toString('hex')]);
    const cancel = Buffer.alloc(44);
    cancel.writeInt32BE(44, 0);
    cancel.writeInt32BE(80877102, 4);
    cancel.writeInt32BE(12345, 8);
    key.copy(cancel, 12);
    assert.deepStrictEqual(pcap.decode.layer('pgsql', cancel).messages.map((m) => [m.name, m.pid, m.key]), [['CancelRequest', 12345, key.toString('hex')]]);
    // client messages whose type byte servers use too: the side whose messages tile the bytes
    for (const [bytes, name] of [['S\0\0\0\x04', 'Sync'], ['E\0\0\0\x09\0\0\0\0\0', 'Execute'], ['D\0\0\0\x06P\0', 'Describe']]) {
      const l = pcap.decode.layer('pgsql', Buffer.from(bytes, 'latin1'));
      assert.deepStrictEqual([l.fromClient, l.messages.map((m) => m.name)], [true, [name]], name);
    }
    // a message over 16 MiB after the first still leaves the segment its layer
    const big = pcap.decode.layer('pgsql', Buffer.from('Z\0\0\0\x05ID\x01\x40\0\0\0\x01', 'latin1'));
    assert.deepStrictEqual(big.messages.map((m) => [m.name, m.partial]), [['ReadyForQuery', undefined], ['DataRow', true]]);
    assert.strictEqual(String(pcap.decode.layer('pgsql', Buffer.from('R\0\0\0\x08\0\0\0\x0d', 'latin1'))), 'PostgreSQL Authentication type 13');
    const cutStartup = pcap.decode.layer('pgsql', Buffer.from('\0\0\0\x20\0\x03\0\0user\0postg', 'latin1'));
    assert.deepStrictEqual([cutStartup.messages[0].parameters, String(cutStartup)], [{}, 'PostgreSQL StartupMessage']);
    const text = pcap.decode.layer('pgsql', Buffer.from('1234abcd-not-a-message'));
    assert.deepStrictEqual([text.continuation, text.messages, String(text)], [true, [], 'PostgreSQL continuation']);
    // more messages than any fixed limit: 6,000 one-column rows in a loopback segment
    const row = Buffer.from('D\0\0\0\x0b\0\x01\0\0\0\x011', 'latin1');
    const many = pcap.decode.layer('pgsql', Buffer.concat([Buffer.from('T\0\0\0\x06\0\0', 'latin1'), ...Array(6000).fill(row), Buffer.from('C\0\0\0\x10SELECT 6000\0', 'latin1')]));
    assert.deepStrictEqual([many.rowCount, many.commandTags], [6000, ['SELECT 6000']]);
    // every truncation and random damage of every message-bearing segment of the capture
    damageSegments('pgsql', layers, { seed: 7 });
  });
});
