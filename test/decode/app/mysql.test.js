'use strict';
// MySQL against tshark (no TCP reassembly) on mysql_lo.pcap: the mariadb command-line client and a
// hand-written binary-protocol client against a MariaDB 10.11 server on 127.0.0.1
// (test/fixtures/app/README.md): logins with connection attributes and session tracking, queries
// answered with OK (affected rows, insert id, info), errors, result sets ending in EOF (the CLI) and
// in OK (CLIENT_DEPRECATE_EOF), MariaDB's metadata byte and extended column metadata, a 3,000-row
// result over many segments, COM_INIT_DB, COM_PING, a prepared statement executed with binary rows,
// and a login refused.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const pcap = require('../../..');
const { collect } = require('../../helpers/collect');
const { damageSegments } = require('../../helpers/damage');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'mysql_lo.pcap.truth.json'), 'utf8'));

function mysqlOf(p) {
  for (let l = p.payload; l && typeof l === 'object'; l = l.payload) if (l.decoderName === 'mysql') return l;
  return null;
}

/** `key` of every packet that has it, in order, for the packets passing `pick`. */
const each = (list, key, pick = () => true) => list.filter((m) => m[key] !== undefined && pick(m)).map((m) => m[key]);
const kinds = (...k) => (m) => k.includes(m.kind);

/** The fields tshark gives for the packets of one layer, computed from ours. */
function tsharkFields(g) {
  const list = g.packets;
  const answer = kinds('ok', 'error', 'eof', 'prepare_ok');
  return {
    'mysql.packet_length': list.map((m) => m.length),
    'mysql.packet_number': list.map((m) => m.number),
    'mysql.command': each(list, 'command'),
    'mysql.query': each(list, 'query'),
    'mysql.stmt_id': each(list, 'statementId'),
    // the first byte of the server's answers (tshark also counts a binary row's 0x00 header: below)
    'mysql.response_code': list.filter(answer).map((m) => (m.kind === 'error' ? 255 : m.kind === 'eof' || (m.kind === 'ok' && m.endsRows) ? 254 : 0)),
    'mysql.error_code': each(list, 'code', kinds('error')),
    'mysql.sqlstate': each(list, 'sqlState'),
    'mysql.error.message': each(list, 'message', kinds('error')),
    'mysql.message': each(list, 'info'),
    'mysql.affected_rows': each(list, 'affectedRows'),
    'mysql.insert_id': each(list, 'insertId').filter((n) => n !== 0), // tshark shows it when not 0
    'mysql.server_status': each(list, 'status', kinds('ok', 'eof', 'handshake')),
    'mysql.warnings': each(list, 'warnings'),
    'mysql.eof': list.filter((m) => m.kind === 'eof' || (m.kind === 'ok' && m.endsRows)).map(() => 254),
    'mysql.protocol': each(list, 'protocolVersion'),
    'mysql.version': each(list, 'serverVersion'),
    'mysql.thread_id': each(list, 'connectionId', kinds('handshake')),
    'mysql.caps.server': each(list, 'capabilities', kinds('handshake')).map((c) => c & 0xffff),
    'mysql.extcaps.server': each(list, 'capabilities', kinds('handshake')).map((c) => Math.floor(c / 0x10000)),
    'mysql.auth_plugin': each(list, 'authPlugin', kinds('handshake')),
    'mysql.caps.client': each(list, 'capabilities', kinds('login', 'ssl_request')).map((c) => c & 0xffff),
    'mysql.extcaps.client': each(list, 'capabilities', kinds('login', 'ssl_request')).map((c) => Math.floor(c / 0x10000)),
    'mysql.max_packet': each(list, 'maxPacketSize'),
    'mysql.user': each(list, 'user'),
    'mysql.schema': each(list, 'schema', kinds('login', 'command')),
    'mysql.client_auth_plugin': each(list, 'authPlugin', kinds('login')),
    'mysql.connattrs.name': list.flatMap((m) => Object.keys(m.attributes || {})),
    'mysql.connattrs.value': list.flatMap((m) => Object.values(m.attributes || {})),
    'mysql.session_track.schema': each(list, 'schema', kinds('ok')),
    'mysql.num_fields': each(list, 'columnCount'),
    'mysql.num_params': each(list, 'paramCount'),
    'mysql.field.name': each(list, 'name', kinds('column')),
    'mysql.field.type': each(list, 'type', kinds('column')),
    'mysql.field.charsetnr': each(list, 'charset', kinds('column')),
    'mysql.field.flags': each(list, 'flags', kinds('column')),
    'mysql.exec_flags': each(list, 'flags', kinds('command')),
    'mysql.exec_iter': each(list, 'iterations'),
  };
}

describe('MySQL', function () {
  let packets;
  let layers;
  before(async function () {
    ({ packets } = await collect(path.join(DIR, 'mysql_lo.pcap')));
    layers = packets.map((raw) => mysqlOf(pcap.decode.packet(raw)));
  });

  it('every frame: the packets that start in it, their fields, as tshark gives them', function () {
    assert.strictEqual(packets.length, truth.length);
    let compared = 0;
    layers.forEach((g, i) => {
      const want = truth[i];
      const at = `frame ${i + 1}`;
      if (!want['mysql.packet_length'] || want.continuation) {
        // no packet starts at the segment's first byte, or no MySQL at all (tshark, which
        // remembers where the last packet ended, still finds rows later in the segment)
        assert.strictEqual(g, null, at);
        return;
      }
      if (want['mysql.packet_length'][0] > 2000000) {
        // tshark reads the middle of a row as a packet of 2,359,296 bytes; we give no layer
        assert.strictEqual(g, null, at);
        return;
      }
      assert.ok(g, `${at}: no layer`);
      compared++;
      const got = tsharkFields(g);
      const binaryRows = (want['mysql.row.nullbuffer'] || []).length;
      if (binaryRows) got['mysql.response_code'].splice(got['mysql.response_code'].length - 1, 0, ...Array(binaryRows).fill(0));
      for (const [f, v] of Object.entries(got)) {
        let expected = want[f] || [];
        // tshark leaves out a lone empty string (the column of a prepared statement's parameter)
        if (f === 'mysql.field.name' || f === 'mysql.field.table') expected = expected.map(String);
        // an execute's parameter types: reading them needs the parameter count, which the answer to
        // the prepare held (tshark remembers it)
        if (f === 'mysql.field.type' && g.command === 'COM_STMT_EXECUTE') expected = [];
        assert.deepStrictEqual(v, expected, `${at} ${f}`);
      }
      assert.strictEqual(g.fromClient, want['mysql.command'] !== undefined || want['mysql.user'] !== undefined, `${at} side`);
      assert.strictEqual(g.error, null, at);
    });
    assert.strictEqual(compared, 46);
  });

  it('a result read from its start: columns, EOF, rows, EOF; the middle of a long result gets no layer', function () {
    const big = layers.find((g) => g && g.packets[0].kind === 'result' && g.packets[1].name === 'seq');
    assert.deepStrictEqual(big.packets.slice(0, 4).map((m) => [m.kind, m.name, m.type, m.table]), [
      ['result', undefined, undefined, undefined], ['column', 'seq', 8, 'seq_1_to_3000'], ['column', 'digest', 253, ''], ['eof', undefined, undefined, undefined],
    ]);
    assert.strictEqual(big.rowCount, 400); // as tshark: the last one goes on in the next segment
    assert.deepStrictEqual([big.packets[big.packets.length - 1].kind, big.packets[big.packets.length - 1].partial], ['row', true]);
    const mid = truth.map((t, i) => (t.continuation ? i : -1)).filter((i) => i >= 0);
    assert.ok(mid.length >= 6);
    for (const i of mid) assert.strictEqual(layers[i], null, `frame ${i + 1}`);
  });

  it('the binary protocol: prepare, execute with a parameter, rows and the OK that ends them', function () {
    const prepare = layers.find((g) => g && g.command === 'COM_STMT_PREPARE');
    assert.strictEqual(prepare.query, 'SELECT id, name, score FROM fixture WHERE id >= ? ORDER BY id');
    const i = layers.indexOf(prepare);
    const answer = layers.slice(i + 1).find((g) => g && !g.fromClient);
    assert.deepStrictEqual(answer.packets.map((m) => m.kind), ['prepare_ok', 'column', 'column', 'column', 'column']);
    assert.deepStrictEqual([answer.packets[0].statementId, answer.packets[0].paramCount, answer.packets[0].columnCount], [1, 1, 3]);
    const exec = layers.find((g) => g && g.command === 'COM_STMT_EXECUTE');
    assert.deepStrictEqual([exec.packets[0].statementId, exec.packets[0].flags, exec.packets[0].iterations], [1, 0, 1]);
    const rows = layers.slice(layers.indexOf(exec) + 1).find((g) => g && !g.fromClient);
    assert.deepStrictEqual(rows.packets.map((m) => m.kind), ['result', 'column', 'column', 'column', 'row', 'row', 'row', 'ok']);
    assert.strictEqual(rows.rowCount, 3);
  });

  it('logins, errors and OKs', function () {
    const logins = layers.filter((g) => g && g.packets[0].kind === 'login').map((g) => g.packets[0]);
    assert.deepStrictEqual(logins.map((m) => [m.user, m.schema, m.authPlugin]), [
      ['fixture', 'fixturedb', 'mysql_native_password'], ['fixture', 'fixturedb', 'mysql_native_password'], ['fixture', 'fixturedb', 'mysql_native_password'],
    ]);
    assert.strictEqual(logins[0].attributes._client_name, 'libmariadb');
    const refused = layers.filter((g) => g && g.serverError && g.serverError.code === 1045);
    assert.deepStrictEqual(refused.map((g) => g.serverError), [{ code: 1045, sqlState: '28000', message: "Access denied for user 'fixture'@'127.0.0.1' (using password: YES)" }]);
    const hello = layers.find((g) => g && g.packets[0].kind === 'handshake').packets[0];
    assert.deepStrictEqual([hello.serverVersion, hello.protocolVersion, hello.authPlugin], ['5.5.5-10.11.19-MariaDB-0+deb12u1', 10, 'mysql_native_password']);
    const inserted = layers.find((g) => g && g.packets[0].kind === 'ok' && g.packets[0].insertId === 41);
    assert.deepStrictEqual([inserted.packets[0].affectedRows, inserted.packets[0].status], [1, 2]);
  });

  it('one-line summaries', function () {
    const lines = packets.map((raw) => String(pcap.decode.packet(raw))).filter((l) => l.includes('MySQL')).map((l) => l.slice(l.indexOf('MySQL')));
    for (const want of [
      'MySQL handshake "5.5.5-10.11.19-MariaDB-0+deb12u1" id 5',
      'MySQL login "fixture" schema "fixturedb"',
      'MySQL COM_QUERY "SELECT * FROM no_such_table"',
      'MySQL error 1146 (42S02) "Table \'fixturedb.no_such_table\' doesn\'t exist"',
      'MySQL OK 3 rows affected',
      'MySQL OK 1 row affected insert id 41',
      'MySQL result 3 columns, column "id", column "name", column "score", EOF, row x3, EOF',
      'MySQL COM_INIT_DB "fixturedb"',
      'MySQL COM_STMT_EXECUTE statement 1',
      'MySQL prepare OK statement 1, column "?", column "id", column "name", column "score"',
      'MySQL COM_QUIT',
    ]) assert.ok(lines.includes(want), want);
  });

  it('decode.layer guesses the side; a segment cut short is marked; bytes that are not packets are a continuation', function () {
    const query = pcap.decode.layer('mysql', Buffer.from('\x09\0\0\0\x03select 1', 'latin1'));
    assert.deepStrictEqual([query.fromClient, query.command, query.query, query.continuation], [true, 'COM_QUERY', 'select 1', false]);
    const ok = pcap.decode.layer('mysql', Buffer.from('\x07\0\0\x01\0\x01\x05\x02\0\0\0', 'latin1'));
    assert.deepStrictEqual([ok.fromClient, ok.packets[0].kind, ok.packets[0].affectedRows, ok.packets[0].insertId], [false, 'ok', 1, 5]);
    const err = pcap.decode.layer('mysql', Buffer.from('\x0d\0\0\x01\xff\x7a\x04#42000oops', 'latin1'));
    assert.deepStrictEqual(err.serverError, { code: 1146, sqlState: '42000', message: 'oops' });
    const cut = pcap.decode.layer('mysql', Buffer.from('\x20\0\0\0\x03select', 'latin1')); // goes on in the next segment
    assert.deepStrictEqual([cut.query, cut.packets[0].partial, cut.error], ['select', true, null]);
    assert.strictEqual(pcap.decode.layer('mysql', Buffer.from('some text that is not a packet')).continuation, true);
    // a command that is only its byte (COM_PING) is not one with more after it
    assert.strictEqual(pcap.decode.layer('mysql', Buffer.from('\x05\0\0\0\x0eabcd', 'latin1')).continuation, true);
  });

  it('never throws on any prefix or mutation of the fixture segments', function () {
    damageSegments('mysql', layers, { seed: 11 });
  });
});
