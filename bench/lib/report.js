'use strict';
// Result rows and the final table.

function fmtNum(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (typeof x === 'string') return x;
  const a = Math.abs(x);
  if (a >= 1e6) return (x / 1e6).toPrecision(digits) + 'M';
  if (a >= 1e4) return (x / 1e3).toPrecision(digits) + 'k';
  if (a >= 100) return x.toFixed(0);
  if (a >= 1) return x.toPrecision(digits);
  if (a === 0) return '0';
  return x.toPrecision(2);
}

/**
 * A row. kind: 'ratio-min' (pass when ours/baseline >= target), 'ratio-max' (ours/baseline <=
 * target), 'abs-max' (ours <= target), 'abs-lt' (ours < target), 'info' (no target).
 */
function row({ name, ours, baseline, unit = '', kind = 'info', target, note, skip, oursText, baseText, failures }) {
  // failures: some of our runs failed (crash, wrong count) although others gave a figure; the
  // row then fails whatever the figure, and the note says why.
  if (failures && !skip) note = `OUR RUNS FAILED: ${failures}` + (note ? `; ${note}` : '');
  const r = { name, ours, baseline, unit, kind, target, note, skip };
  if (skip) {
    r.pass = null;
    r.ratio = null;
  } else {
    r.ratio = Number.isFinite(ours) && Number.isFinite(baseline) && baseline !== 0 ? ours / baseline : null;
    if (kind === 'ratio-min') r.pass = r.ratio !== null && r.ratio >= target;
    else if (kind === 'ratio-max') r.pass = r.ratio !== null && r.ratio <= target;
    else if (kind === 'abs-max') r.pass = Number.isFinite(ours) && ours <= target;
    else if (kind === 'abs-lt') r.pass = Number.isFinite(ours) && ours < target;
    else r.pass = undefined;
    if (failures) r.pass = false;
  }
  r.oursText = skip ? 'skipped' : oursText || `${fmtNum(ours)}${unit ? ' ' + unit : ''}`;
  r.baseText = baseText || (Number.isFinite(baseline) ? `${fmtNum(baseline)}${unit ? ' ' + unit : ''}` : baseline === undefined ? '—' : String(baseline));
  r.ratioText = r.ratio === null ? '—' : `${r.ratio >= 100 ? r.ratio.toFixed(0) : r.ratio.toPrecision(3)}×`;
  r.targetText =
    kind === 'ratio-min' ? `≥ ${target}×` : kind === 'ratio-max' ? `≤ ${target}×` : kind === 'abs-max' ? `≤ ${target}${unit ? ' ' + unit : ''}` : kind === 'abs-lt' ? `< ${target}${unit ? ' ' + unit : ''}` : '(info)';
  r.result = skip ? 'SKIP' : r.pass === true ? 'pass' : r.pass === false ? 'FAIL' : '';
  if (failures && !skip && kind === 'info') r.result = 'FAIL';
  return r;
}

function table(rows) {
  const head = ['measurement', 'ours', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [r.name, r.oursText, r.baseText, r.ratioText, r.targetText, r.result]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]].length)));
  const line = (c) => c.map((x, i) => (i === 0 ? x.padEnd(width[i]) : x.padStart(width[i]))).join('  ');
  const out = [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  * ${r.name}: ${r.note}`);
  if (notes.length) out.push('', 'notes:', ...notes);
  return out.join('\n');
}

module.exports = { row, table, fmtNum };
