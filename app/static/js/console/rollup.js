// The console's roll-up panel (issue 22): when the console's step has run in breakout tables,
// every table's results side by side (doc.steps[<step>].rollup, docs/protocol.md), each with a
// real checkbox. The ticked results go into this step (rollup_adopt) or the shared plan
// (rollup_plan): one as it is, several merged into one in the facilitator's words. The panel
// also lists what went to the plan (with an undo) and, through rollup_screen.js, chooses what
// the room screen shows. The ticks live here, not in the DOM, so a live update that redraws
// the tables keeps them (and dom.fill keeps the keyboard focus).
import { fill, h } from '../dom.js';
import { _, ngettext } from '../i18n.js';
import * as ui from '../ui.js';
import { renderScreenControls } from './rollup_screen.js';

const q = (root, sel) => root.querySelector(sel);

// The words several results are merged into by default: each one's words once, as the server
// joins them (app/exercises/contract.py joined_words).
function joined(items, field) {
  const seen = [];
  for (const item of items) {
    const words = String(item[field] || '').trim();
    if (words && !seen.includes(words)) seen.push(words);
  }
  return seen.join(' / ');
}

function tableMeta(table) {
  const counts = _('{n} of {seated} contributed', { n: table.contributed, seated: table.seated });
  return h('p', { class: 'rollup-table-meta' }, ui.isolated([table.sectors, counts]));
}

function badges(item, adoptable) {
  return [item.adopted ? h('span', { class: 'badge badge-small', text: _('In this step') }) : null,
    item.planned ? h('span', { class: 'badge badge-small badge-plan', text: _('In the plan') }) : null,
    adoptable && item.adoptable === false ? h('span', { class: 'rollup-plan-only', text: _('For the plan only') }) : null];
}

function itemRow(item, chosen, onTick, adoptable) {
  const box = h('input', { type: 'checkbox', value: item.key, checked: chosen.has(item.key),
    onchange: (event) => onTick(item.key, event.target.checked) });
  return h('li', { class: `rollup-item${chosen.has(item.key) ? ' is-chosen' : ''}`, dataset: { rollupItem: item.key } },
    h('label', {}, box,
      h('span', { class: 'rollup-item-words' },
        h('bdi', { class: 'rollup-item-title', dir: 'auto', text: item.title || item.text }),
        item.title && item.text ? h('bdi', { class: 'rollup-item-text', dir: 'auto', text: item.text }) : null,
        h('span', { class: 'rollup-badges' }, badges(item, adoptable)))));
}

function tableColumn(table, chosen, onTick, adoptable) {
  const heading = `rollup-table-${table.table}`;
  return h('section', { class: 'rollup-table', 'aria-labelledby': heading, dataset: { rollupTable: String(table.table) } },
    h('h3', { id: heading }, h('bdi', { text: table.name })),
    tableMeta(table),
    table.items.length
      ? h('ul', { class: 'rollup-items' }, table.items.map((item) => itemRow(item, chosen, onTick, adoptable)))
      : h('p', { class: 'empty', text: _('Nothing from this table yet.') }));
}

function plannedRow(entry, undo) {
  return h('li', { class: 'rollup-planned-item' },
    h('span', { class: 'rollup-item-words' },
      h('bdi', { class: 'rollup-item-title', dir: 'auto', text: entry.title || entry.text }),
      entry.title && entry.text ? h('bdi', { class: 'rollup-item-text', dir: 'auto', text: entry.text }) : null,
      h('span', { class: 'rollup-table-meta' }, _('From: {tables}', { tables: entry.tables.join(', ') }))),
    ui.button(_('Take out of the plan'), () => undo(entry), {
      class: 'button button-small', 'aria-label': _('Take “{title}” out of the plan', { title: entry.title || entry.text }) }));
}

const SUCCESS = {
  adopt: () => _('Added to this step.'),
  plan: () => _('Added to the plan.'),
};

export function mountRollup(live, control) {
  const panel = document.querySelector('[data-rollup]');
  if (!panel) return;
  const editor = q(panel, '[data-rollup-merge]');
  const error = q(panel, '[data-rollup-error]');
  const chosen = new Set();
  let step = null;
  let rollup = null;
  let merging = null; // 'adopt' or 'plan' while the merge form is open

  const allItems = () => (rollup ? rollup.tables.flatMap((t) => t.items.map((item) => ({ ...item, tableName: t.name }))) : []);
  const chosenItems = () => allItems().filter((item) => chosen.has(item.key));

  function renderChosen() {
    const n = chosen.size;
    q(panel, '[data-rollup-chosen]').textContent = n
      ? ngettext('{n} result ticked', '{n} results ticked', n) : _('No result ticked yet.');
    for (const el of panel.querySelectorAll('[data-rollup-item]')) el.classList.toggle('is-chosen', chosen.has(el.dataset.rollupItem));
  }

  function onTick(key, on) {
    if (on) chosen.add(key); else chosen.delete(key);
    error.textContent = '';
    renderChosen();
  }

  function closeEditor() {
    merging = null;
    editor.hidden = true;
    ui.showErrors(editor, null);
  }

  function openEditor(kind) {
    const items = chosenItems();
    merging = kind;
    ui.showErrors(editor, null);
    q(editor, '[data-rollup-merge-from]').textContent = _('Merging {n} results from: {tables}',
      { n: items.length, tables: [...new Set(items.map((i) => i.tableName))].join(', ') });
    // Into the step, the result is one contribution in the room's words (the exercise's adopt
    // takes one text); into the plan, a title and a text, as every plan item has.
    q(editor, '[data-rollup-merge-title]').hidden = kind === 'adopt';
    editor.elements.title.value = kind === 'plan' ? joined(items, 'title') : '';
    editor.elements.text.value = kind === 'plan' ? joined(items, 'text') : joined(items, 'title') || joined(items, 'text');
    q(editor, '[data-rollup-merge-text-label]').textContent = kind === 'plan' ? _('Text') : _('Wording');
    q(editor, '[data-rollup-merge-submit]').textContent = kind === 'plan'
      ? _('Add the merged result to the plan') : _('Add the merged result to this step');
    editor.hidden = false;
    (kind === 'plan' ? editor.elements.title : editor.elements.text).focus();
  }

  async function send(kind, words, where) {
    const command = kind === 'adopt' ? 'rollup_adopt' : 'rollup_plan';
    // In table order, as the merge form shows them: the server joins their words in this order.
    const ack = await control(command, { step, items: chosenItems().map((item) => item.key), ...words });
    if (!ack.ok) { where(ack); return; }
    const wasEditing = editor.contains(document.activeElement);
    chosen.clear();
    closeEditor();
    // The form the focus was in is gone: keyboard users go on from the button that opened it.
    if (wasEditing) q(panel, `[data-rollup-do="${kind}"]`).focus();
    renderChosen();
    ui.announce(SUCCESS[kind]());
  }

  function act(kind) {
    error.textContent = '';
    if (!chosen.size) { error.textContent = _('Tick at least one table result first.'); return; }
    if (chosen.size === 1) { send(kind, {}, (ack) => { error.textContent = ack.error; }); return; }
    openEditor(kind);
  }

  for (const button of panel.querySelectorAll('[data-rollup-do]')) button.addEventListener('click', () => act(button.dataset.rollupDo));
  q(panel, '[data-rollup-clear]').addEventListener('click', () => { chosen.clear(); error.textContent = ''; renderChosen(); render(true); });
  q(editor, '[data-rollup-merge-cancel]').addEventListener('click', closeEditor);
  editor.addEventListener('submit', (event) => {
    event.preventDefault();
    const words = { text: editor.elements.text.value };
    if (merging === 'plan') words.title = editor.elements.title.value;
    send(merging, words, (ack) => ui.showErrors(editor, ack));
  });

  async function undo(entry) {
    const ack = await control('rollup_unplan', { step, id: entry.id });
    q(panel, '[data-rollup-planned-error]').textContent = ack.ok ? '' : ack.error;
    if (ack.ok) ui.announce(_('Taken out of the plan.'));
  }

  let shown = '';
  function render(force = false) {
    const key = JSON.stringify([step, rollup]);
    if (key === shown && !force) return;
    shown = key;
    panel.hidden = !rollup;
    if (!rollup) return;
    const keys = new Set(allItems().map((item) => item.key));
    for (const k of [...chosen]) if (!keys.has(k)) chosen.delete(k);
    q(panel, '[data-rollup-no-adopt]').hidden = rollup.adoptable;
    q(panel, '[data-rollup-do="adopt"]').hidden = !rollup.adoptable;
    fill(q(panel, '[data-rollup-tables]'), rollup.tables.length
      ? rollup.tables.map((t) => tableColumn(t, chosen, onTick, rollup.adoptable))
      : h('p', { class: 'empty', text: _('No table has worked on this step yet.') }));
    fill(q(panel, '[data-rollup-planned]'), rollup.planned.length
      ? rollup.planned.map((entry) => plannedRow(entry, undo))
      : h('li', { class: 'empty', text: _('Nothing from the tables is in the plan yet.') }));
    renderScreenControls(panel, step, rollup, control);
    renderChosen();
  }

  live.onUpdate((l) => {
    if (!l.doc) return;
    const id = l.doc.workshop.current_step;
    const doc = l.stepDoc(id);
    if (id !== step) { chosen.clear(); closeEditor(); }
    step = id;
    rollup = (doc && doc.rollup) || null;
    render();
  });
}
