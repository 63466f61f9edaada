// Charts that a screen reader can read: every exercise draws its bars its own way, then hands
// them to chart() with the numbers the bars were drawn from. From that one list of rows come
// both the words (the drawing's accessible name: "Fully support: 12; Cannot support: 3") and a
// real <table> (shown on demand under "Show as a table"; on the projector it is present for
// screen readers only). Built from the same data in the same call, the words and the table stay
// in step with the bars on every live update, and they cannot show what the view left out: a
// group the view hides for anonymity (fewer than three people) is passed as ``null`` and reads
// "not shown", as the bars show nothing for it.
import { h } from './dom.js';
import { _, formatNumber } from './i18n.js';

// A cell's text: numbers in the page's locale, null for a value the view withholds.
export function cellText(value) {
  if (value === null || value === undefined) return _('not shown (fewer than three people)');
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

// "label: value; label: value" — each row's first value, as the page's language writes it.
export function rowsSentence(rows) {
  return rows.map((row) => _('{label}: {value}', { label: row.label, value: cellText(row.values[0]) })).join('; ');
}

export function dataTable({ caption, columns, rows }) {
  return h('table', { class: 'chart-data' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, h('bdi', { text: row.label })),
      row.values.map((v) => h('td', { text: cellText(v) }))))));
}

// ``visual``: the drawn bars (their own text is inside the drawing, so it is read through the
// name). ``summary``: the result in words, the drawing's name (default: rowsSentence(rows)).
// ``caption``: what the table holds. ``columns``: the headers, the row header's first.
// ``rows``: [{label, values: [number|string|null, …]}]. ``audience``: 'screen' keeps the
// table for screen readers only (nobody can open a disclosure on the projector).
// ``key`` names the chart across redraws (default: its caption), so a table someone opened
// stays open when a live update draws the chart again.
const openTables = new Set();

export function chart({ visual, summary, caption, columns, rows, audience = '', classes = '', key = '' }) {
  const name = summary || rowsSentence(rows);
  const table = dataTable({ caption, columns, rows });
  const id = key || caption;
  let shown = null;
  if (audience === 'screen') {
    shown = h('div', { class: 'visually-hidden chart-table' }, table);
  } else {
    shown = h('details', { class: 'chart-table', open: openTables.has(id) }, h('summary', { text: _('Show as a table') }), table);
    shown.addEventListener('toggle', () => { if (shown.open) openTables.add(id); else openTables.delete(id); });
  }
  return h('figure', { class: `chart ${classes}`.trim(), dataset: { chart: id } },
    h('div', { class: 'chart-visual', role: 'img', 'aria-label': name }, visual), shown);
}
