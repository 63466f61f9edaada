// The roll-up's room-screen controls on the console (rollup_screen): nothing, every table's
// results together, or one table at a time with previous / next (and a list to jump to a table
// when there are many). The screen shows one roll-up at a time; the server says which.
import { fill, h } from '../dom.js';
import { _ } from '../i18n.js';
import * as ui from '../ui.js';

const MODES = [['off', () => _('Nothing')], ['all', () => _('All tables together')], ['turn', () => _('One table at a time')]];

function turnControls(step, rollup, send) {
  const tables = rollup.tables;
  const index = Math.max(0, tables.findIndex((t) => t.table === rollup.screen.table));
  const go = (i) => send({ mode: 'turn', table: tables[(i + tables.length) % tables.length].table });
  const pick = h('select', { id: `rollup-screen-table-${step}`, onchange: (event) => send({ mode: 'turn', table: Number(event.target.value) }) },
    tables.map((t, i) => h('option', { value: String(t.table), selected: i === index, text: t.name })));
  return [
    ui.button(_('Previous table'), () => go(index - 1), { class: 'button button-small' }),
    h('label', { for: `rollup-screen-table-${step}`, class: 'rollup-turn-label' },
      _('On the screen: table {n} of {total}', { n: index + 1, total: tables.length })),
    pick,
    ui.button(_('Next table'), () => go(index + 1), { class: 'button button-small' }),
  ];
}

export function renderScreenControls(panel, step, rollup, control) {
  const error = panel.querySelector('[data-rollup-screen-error]');
  const send = async (data) => {
    const ack = await control('rollup_screen', { step, ...data });
    error.textContent = ack.ok ? '' : ack.error;
  };
  const mode = rollup.screen.mode;
  fill(panel.querySelector('[data-rollup-screen-modes]'), h('span', { class: 'button-group', role: 'group', 'aria-label': _('Show on the screen') },
    MODES.map(([value, label]) => ui.button(label(), () => send({ mode: value }), {
      class: 'button button-small toggle', 'aria-pressed': mode === value ? 'true' : 'false' }))));
  const turn = panel.querySelector('[data-rollup-turn]');
  turn.hidden = mode !== 'turn' || !rollup.tables.length;
  fill(turn, turn.hidden ? [] : turnControls(step, rollup, send));
}
