// The room screen's roll-up (issue 22): when the facilitator shows a step's table results
// (doc.rollup, docs/protocol.md), every table's results together in a grid sized for the
// number of tables, or one table at a time, large. It takes the step's place in the frame, and
// screenfit.js fits (and, past its smallest size, pages) it as it does a step. Each table is
// named with the sectors seated there; the document carries no one's name.
import { fill, h } from './dom.js';
import { _, ngettext } from './i18n.js';
import { isolated } from './ui.js';

// Columns for n tables together: wide enough to read from the back at 1920x1080, as few rows
// as that allows (5 tables: 3 + 2).
function columns(n) {
  if (n <= 3) return Math.max(1, n);
  if (n === 4) return 2;
  if (n <= 6) return 3;
  if (n <= 8) return 4;
  return 5;
}

function result(item) {
  return h('li', { class: 'screen-rollup-item' },
    h('p', { class: 'screen-rollup-item-title', dir: 'auto', text: item.title || item.text }),
    item.title && item.text ? h('p', { class: 'screen-rollup-item-text', dir: 'auto', text: item.text }) : null);
}

function tableBlock(table) {
  const counts = _('{n} of {seated} contributed', { n: table.contributed, seated: table.seated });
  return h('li', { class: 'screen-rollup-table', dataset: { screenRollupTable: String(table.table) } },
    h('h3', {}, h('bdi', { text: table.name })),
    h('p', { class: 'screen-rollup-meta' }, isolated([table.sectors, counts])),
    table.items.length
      ? h('ul', { class: 'screen-rollup-items' }, table.items.map(result))
      : h('p', { class: 'empty', text: _('Nothing from this table yet.') }));
}

function render(section, rollup) {
  const turn = rollup.mode === 'turn';
  section.classList.toggle('is-turn', turn);
  section.classList.toggle('is-few', !turn && rollup.tables.length <= 3);
  section.querySelector('[data-screen-rollup-title]').textContent = rollup.title;
  section.querySelector('[data-screen-rollup-status]').textContent = turn
    ? _('One table at a time')
    : ngettext('What {n} table found', 'What the {n} tables found', rollup.tables.length);
  const list = section.querySelector('[data-screen-rollup-tables]');
  list.style.setProperty('--rollup-columns', String(turn ? 1 : columns(rollup.tables.length)));
  fill(list, rollup.tables.map(tableBlock));
}

// Shows the roll-up while the workshop is live and the document carries one; calls refit()
// after each change. Returns a function giving the shown roll-up section, or null.
export function mountScreenRollup(live, refit) {
  const section = document.querySelector('[data-screen-rollup]');
  const frame = section.closest('.screen-frame');
  let shown = '';
  live.onUpdate((l) => {
    const rollup = l.doc && l.doc.workshop.status === 'live' ? l.doc.rollup || null : null;
    const key = JSON.stringify(rollup);
    if (key === shown) return;
    shown = key;
    section.hidden = !rollup;
    frame.classList.toggle('is-rollup', Boolean(rollup));
    if (rollup) render(section, rollup);
    refit();
  });
  return () => (section.hidden ? null : section);
}
