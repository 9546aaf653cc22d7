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
const { collectLayers } = require('../../helpers/layers');
const { damageSegments } = require('../../helpers/damage');

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'app');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'mysql_lo.pcap.truth.json'), 'utf8'));

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
    ({ packets, layers } = await collectLayers(path.join(DIR, 'mysql_lo.pcap'), 'mysql'));
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

  it("an OK whose counts read as NULL (0xfb) leaves them unset: they are no numbers (index.d.ts: number)", function () {
    const ok = pcap.decode.layer('mysql', Buffer.from('0700000100fb0002000000', 'hex')).packets[0];
    assert.deepStrictEqual([ok.kind, ok.affectedRows, ok.insertId], ['ok', undefined, undefined]);
    const second = pcap.decode.layer('mysql', Buffer.from('07000001000afb02000000', 'hex')).packets[0];
    assert.deepStrictEqual([second.affectedRows, second.insertId], [10, undefined]);
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

  it('segments that begin in the middle of an answer: rows, later results, wrapped sequence ids, cached metadata', function () {
    const packet = (seq, ...parts) => {
      const body = Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from(x))));
      return Buffer.concat([Buffer.from([body.length & 0xff, (body.length >> 8) & 0xff, body.length >> 16, seq]), body]);
    };
    const str = (t) => [Buffer.byteLength(t), ...Buffer.from(t)];
    const column = (seq, name, extended) => packet(seq, str('def'), str('db'), str('t'), str('t'), str(name), str(name), ...(extended ? [str(extended)] : []), [0x0c, 63, 0, 11, 0, 0, 0, 3, 0, 0, 0, 0, 0]);
    const server = (...pkts) => pcap.decode.layer('mysql', Buffer.concat(pkts));
    const kinds = (l) => l.packets.map((m) => m.kind);
    // a row at sequence 0 (after 256 packets) whose first column, a DATE, is 10 bytes long: not a greeting
    assert.deepStrictEqual(kinds(server(packet(0, str('2024-01-01'), str('256')), packet(1, str('2024-01-02'), str('257')))), ['row', 'row']);
    // rows whose first column is one character, in a segment that begins among them
    assert.deepStrictEqual(kinds(server(packet(7, str('1'), str('abc')), packet(8, str('2'), str('def')), packet(9, str('3'), str('ghi')))), ['row', 'row', 'row']);
    // the second result of a multi-statement query in a segment of its own: its count at sequence 6
    const second = server(packet(6, [1, 1]), column(7, 'b'), packet(8, [0xfe, 0, 0, 2, 0]), packet(9, str('x')), packet(10, [0xfe, 0, 0, 2, 0]));
    assert.deepStrictEqual([kinds(second), second.packets[0].columnCount, second.rowCount], [['result', 'column', 'eof', 'row', 'eof'], 1, 1]);
    // wrapped sequence ids 1 and 2 among rows: a one-character row, a NULL first column, an empty one, binary rows
    assert.deepStrictEqual(kinds(server(packet(1, str('1')), packet(2, str('2')))), ['row', 'row']);
    assert.deepStrictEqual(kinds(server(packet(1, [0xfb], str('abc')), packet(2, [0xfb], str('abd')))), ['row', 'row']);
    assert.deepStrictEqual(kinds(server(packet(2, str(''), str('abc')), packet(3, str(''), str('abd')))), ['row', 'row']);
    assert.deepStrictEqual(kinds(server(packet(1, [0, 0, 10, 0, 0, 0]), packet(2, [0, 0, 11, 0, 0, 0]))), ['row', 'row']);
    // COM_STMT_FETCH's answer: binary rows from sequence 1 (the first 12 bytes long, as a prepare's OK is)
    assert.deepStrictEqual(kinds(server(packet(1, [0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0]), packet(2, [0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0, 0]), packet(3, [0xfe, 0, 0, 0x82, 0, 0, 0]))), ['row', 'row', 'ok']);
    // MariaDB's cached metadata: a count whose last byte is 0 has no definitions after it
    assert.deepStrictEqual(kinds(server(packet(1, [3, 0]), packet(2, [0, 0, 1, 0, 0, 0]), packet(3, [0xfe, 0, 0, 2, 0, 0, 0]))), ['result', 'row', 'ok']);
    // MariaDB's extended metadata: a block as long as the fixed fields is skipped by its length
    const geometry = server(packet(1, [1]), column(2, 'l', '\0\x0alinestring'), packet(3, [0xfe, 0, 0, 2, 0]));
    assert.deepStrictEqual([geometry.packets[1].name, geometry.packets[1].charset, geometry.packets[1].type], ['l', 63, 3]);
    // a row whose first column is the text "def" is a row, also where a definition could be
    assert.deepStrictEqual(kinds(server(packet(5, str('def'), str('x')), packet(6, str('def'), str('y')))), ['row', 'row']);
    // a count of 251 or more that the segment cuts: a result, no count, no exception
    const cut = server(Buffer.from('03000001fc', 'hex'));
    assert.deepStrictEqual([kinds(cut), cut.packets[0].columnCount, String(cut)], [['result'], undefined, 'MySQL result…']);
    // more packets than any fixed limit: 6,000 one-byte rows
    const many = server(packet(1, [1]), column(2, 'n'), packet(3, [0xfe, 0, 0, 2, 0]), ...Array.from({ length: 6000 }, (_, i) => packet((4 + i) & 0xff, [0xfb])), packet((4 + 6000) & 0xff, [0xfe, 0, 0, 2, 0]));
    assert.strictEqual(many.rowCount, 6000);
  });

  it('authentication, progress reports, MySQL 8 prepare answers and query attributes; TLS and stray bytes are not packets', function () {
    const layer = (hex) => pcap.decode.layer('mysql', Buffer.from(hex.replace(/ /g, ''), 'hex'));
    const kinds = (l) => l.packets.map((m) => m.kind);
    assert.deepStrictEqual(kinds(layer('02000002 0103 07000003 00000002000000')), ['auth_more_data', 'ok']); // caching_sha2 fast auth, then OK
    assert.deepStrictEqual(kinds(layer('15000004 ffffff0101e803000c6c6f6164696e672064617461 07000005 00000002000000')), ['progress', 'ok']);
    const prepared = layer('0d000001 00 01000000 0100 0000 00 0000 01');
    assert.deepStrictEqual([kinds(prepared), prepared.packets[0].statementId, prepared.packets[0].columnCount], [['prepare_ok'], 1, 1]);
    const attrs = layer('1a000000 03 01 01 00 01 fe00 016e 0476616c31 73656c65637420313b');
    assert.deepStrictEqual([attrs.query, attrs.packets[0].queryAttributes], ['select 1;', { n: 'val1' }]);
    assert.strictEqual(layer('0c000000 03 0001 73656c65637420313b').query, 'select 1;'); // no attributes: a count of 0, one set
    // a 12-byte OK with long affected rows and insert id (300, 70000) is not a prepare's answer
    const bigOk = layer('0c000001 00 fc2c01 fd701101 0200 0000');
    assert.deepStrictEqual([kinds(bigOk), bigOk.packets[0].affectedRows, bigOk.packets[0].insertId], [['ok'], 300, 70000]);
    // MySQL 8 with resultset_metadata=NONE: a prepare's answer whose 13th byte is 0 has no definitions after it
    const bare = layer('0d000001 00 07000000 0100 0100 00 0000 00');
    assert.deepStrictEqual([kinds(bare), bare.packets[0].metadataFollows, bare.packets[0].paramCount], [['prepare_ok'], false, 1]);
    // a first packet of 789 bytes (its header 15 03 00 ..., like an SSL 3.0 record's) is a packet
    const q789 = Buffer.concat([Buffer.from([0x15, 0x03, 0x00, 0x00, 0x03]), Buffer.alloc(788, 0x61)]);
    assert.deepStrictEqual([pcap.decode.layer('mysql', q789).command, pcap.decode.layer('mysql', q789).query.length], ['COM_QUERY', 788]);
    assert.strictEqual(layer('1703030016 a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6').continuation, true); // a TLS record
    // an OK, then a packet out of turn: not packets after all, and none listed
    const stray = layer('07000001 00000002000000 0700000a 00000002000000');
    assert.deepStrictEqual([stray.continuation, stray.packets, String(stray)], [true, [], 'MySQL continuation']);
    // a compressed connection's command (a 7-byte header: uncompressed length 0) sent to port 3306 is not COM_SLEEP
    const { Flow } = require('../../track/helpers');
    const compressed = new Flow({ sport: 3306 }).pkt(true, 'PA', Buffer.from('0d00000000000009000000037365' + '6c6563742031', 'hex'));
    assert.strictEqual(compressed.payload.payload.payload.payload, null);
  });

  it('never throws on any prefix or mutation of the fixture segments', function () {
    damageSegments('mysql', layers, { seed: 11 });
  });
});
