'use strict';
// oneLine() (lib/decode/text.js): what every printer and tool passes text from packets through.
const assert = require('node:assert');
const { oneLine } = require('../../../lib/decode/text');

describe('decode/text oneLine', () => {
  it('returns plain text itself, in any script', () => {
    for (const s of ['', 'GET /index.html', 'café 日本 🙂', 'שלום عربى']) assert.strictEqual(oneLine(s), s);
  });

  it('C0, DEL and C1 controls become \\xNN', () => {
    assert.strictEqual(oneLine('a\nb\x1b[2J\x7f\x9b31m'), 'a\\x0ab\\x1b[2J\\x7f\\x9b31m');
  });

  it('characters that reorder, break or hide the text around them become \\uNNNN (a tool reading UTF-8 from a packet meets them)', () => {
    assert.strictEqual(oneLine('/\u202egpj.exe'), '/\\u202egpj.exe');
    const hidden = ['\u061c', '\u200b', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2060', '\u2066', '\u2069', '\ufeff'];
    for (const c of hidden) assert.strictEqual(oneLine(`x${c}y`), `x\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}y`);
    assert.strictEqual(oneLine('\u2027\u202f\u2065'), '\u2027\u202f\u2065', 'their neighbours are kept');
  });
});
