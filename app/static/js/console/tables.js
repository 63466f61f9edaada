// The console's breakout tables (live/_tables_panel.html): set the tables up, see who sits where
// (names and sectors from the console's roster), rename a table, choose its host, move people,
// message one table or all, and run the console's step in tables. Every change is a seating
// control (docs/protocol.md); the server's document `tables` is what is drawn, never a guess.
//
// Moving someone works by keyboard and pointer alike: choose a person (a toggle button), then
// "Seat … here" on a table. Dragging a name onto a table is the same move, for a mouse.
import { fill, h } from '../dom.js';
import { _, ngettext } from '../i18n.js';
import * as ui from '../ui.js';

const MESSAGE_MAX = 280;
const AUTOMATIC = ['mixed', 'same'];

const RULE_NAMES = {
  mixed: () => _('Mix the sectors'),
  same: () => _('Seat each sector together'),
  pick: () => _('Participants choose their table'),
  hand: () => _('I seat people myself'),
};

function personOf(doc, pid) {
  const person = (doc.presence.participants || {})[pid];
  return person || { name: _('Participant {id}', { id: pid }), sector: '', here: false };
}

function tableOf(tables, pid) {
  const table = tables.tables.find((t) => t.seated.includes(pid));
  return table ? table.id : null;
}

// -- moving people ------------------------------------------------------------------------

class Seating {
  constructor(live, control, panel) {
    Object.assign(this, { live, control, panel, selected: null, renaming: null, draft: '', focusPid: null, dragging: null });
  }

  get tables() { return this.live.doc && this.live.doc.tables; }

  name(pid) { return personOf(this.live.doc, pid).name; }

  choose(pid) {
    this.selected = this.selected === pid ? null : pid;
    ui.announce(this.selected
      ? _('{name} chosen: now choose the table to seat them at.', { name: this.name(pid) })
      : _('No one chosen.'));
    this.focusPid = pid;
    this.render(true);
  }

  async move(pid, tableId) {
    const ack = await this.control('table_move', { participant_id: Number(pid), table_id: tableId });
    if (!ack.ok) return;
    const table = tableId === null ? null : ((this.tables && this.tables.tables) || []).find((t) => t.id === tableId);
    this.selected = null;
    this.focusPid = pid;
    ui.announce(table ? _('{name} is now at {table}.', { name: this.name(pid), table: table.name })
      : _('{name} is no longer seated.', { name: this.name(pid) }));
    this.render(true);
  }

  // Any element people can be dropped on: a table card, or the "not seated" list (tableId null).
  dropZone(el, tableId) {
    el.addEventListener('dragover', (event) => {
      if (this.dragging === null) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      el.classList.add('is-drop-target');
    });
    el.addEventListener('dragleave', () => el.classList.remove('is-drop-target'));
    el.addEventListener('drop', (event) => {
      event.preventDefault();
      el.classList.remove('is-drop-target');
      const pid = event.dataTransfer.getData('text/plain') || this.dragging;
      this.dragging = null;
      if (pid && tableOf(this.tables, pid) !== tableId) this.move(pid, tableId);
    });
    return el;
  }

  personButton(pid, host) {
    const person = personOf(this.live.doc, pid);
    return h('li', {},
      h('button', {
        type: 'button', class: `seat-person${person.here ? '' : ' is-away'}`, draggable: 'true',
        'aria-pressed': this.selected === pid ? 'true' : 'false', dataset: { person: pid },
        onclick: () => this.choose(pid),
        ondragstart: (event) => {
          this.dragging = pid;
          event.dataTransfer.setData('text/plain', pid);
          event.dataTransfer.effectAllowed = 'move';
        },
        ondragend: () => { this.dragging = null; },
      },
      h('bdi', { class: 'seat-name', text: person.name }),
      h('span', { class: 'seat-meta' }, ui.isolated([person.sector, host ? _('host') : '', person.here ? '' : _('away')]))));
  }

  // "Seat Ana here" on every table but the chosen person's own; "Unseat Ana" (tableId null) in
  // the "not seated" box while they have a table.
  seatHere(tableId, tableName) {
    const pid = this.selected;
    if (pid === null || tableOf(this.tables, pid) === tableId) return null;
    const name = this.name(pid);
    const text = tableId === null ? _('Unseat {name}', { name }) : _('Seat {name} here', { name });
    return ui.button(text, () => this.move(pid, tableId), {
      class: 'button button-small button-primary seat-here',
      'aria-label': tableId === null ? text : _('Seat {name} at {table}', { name, table: tableName }),
    });
  }

  // -- one table --------------------------------------------------------------------------

  renameForm(table) {
    const input = h('input', { type: 'text', name: 'name', maxlength: 60, value: this.draft, id: `table-name-${table.id}`,
      'aria-label': _('New name for {table}', { table: table.name }), 'aria-describedby': `table-name-err-${table.id}`,
      oninput: () => { this.draft = input.value; },
      onkeydown: (event) => { if (event.key === 'Escape') { event.stopPropagation(); this.stopRenaming(table.id); } } });
    const form = h('form', { class: 'table-rename', novalidate: true },
      input,
      h('button', { type: 'submit', class: 'button button-small button-primary', text: _('Save') }),
      ui.button(_('Cancel'), () => this.stopRenaming(table.id), { class: 'button button-small button-quiet' }),
      h('p', { class: 'field-error', id: `table-name-err-${table.id}`, dataset: { errorFor: 'name' }, 'aria-live': 'polite' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ack = await this.control('table_rename', { table_id: table.id, name: input.value });
      if (ack.ok) this.stopRenaming(table.id);
      else ui.showErrors(form, ack);
    });
    return form;
  }

  stopRenaming(tableId) {
    this.renaming = null;
    this.render(true);
    const again = this.panel.querySelector(`[data-table-card="${tableId}"] [data-rename]`);
    if (again) again.focus();
  }

  startRenaming(table) {
    this.renaming = table.id;
    this.draft = table.name;
    this.render(true);
    const input = this.panel.querySelector(`#table-name-${table.id}`);
    if (input) { input.focus(); input.select(); }
  }

  hostChoice(table) {
    if (!table.seated.length) return null;
    const select = h('select', { 'aria-label': _('Host of {table}', { table: table.name }) },
      h('option', { value: '', text: _('No host'), selected: table.host === null }),
      table.seated.map((pid) => h('option', { value: pid, text: this.name(pid), selected: table.host === pid })));
    return h('div', { class: 'table-host' }, ui.confirmChoice(select, {
      text: _('Set host'), label: _('Set the host of {table}', { table: table.name }),
      onConfirm: (value) => this.control('table_host', { table_id: table.id, participant_id: value ? Number(value) : null }),
    }));
  }

  card(table, size) {
    const n = table.seated.length;
    const head = this.renaming === table.id ? this.renameForm(table) : h('div', { class: 'table-card-head' },
      h('h3', { class: 'table-name' }, h('bdi', { text: table.name })),
      h('span', { class: 'table-count' }, size ? _('{n} of {size}', { n, size }) : ngettext('{n} person', '{n} people', n)),
      ui.button(_('Rename'), () => this.startRenaming(table), {
        class: 'button button-small button-quiet', 'aria-label': _('Rename {table}', { table: table.name }), 'data-rename': '' }));
    return this.dropZone(h('li', { class: `table-card${size && n > size ? ' is-over' : ''}`, dataset: { tableCard: String(table.id) } },
      head, this.seatHere(table.id, table.name),
      n ? h('ul', { class: 'seat-list' }, table.seated.map((pid) => this.personButton(pid, pid === table.host)))
        : h('p', { class: 'small muted', text: _('Nobody at this table yet.') }),
      this.hostChoice(table)), table.id);
  }

  // -- the whole panel --------------------------------------------------------------------

  render(force = false) {
    const doc = this.live.doc;
    const tables = doc && doc.tables;
    const key = JSON.stringify([tables, doc && doc.presence.participants, this.selected, this.renaming]);
    if (!force && key === this.key) return;
    this.key = key;
    const seating = this.panel.querySelector('[data-tables-seating]');
    seating.hidden = !tables;
    if (!tables) { this.selected = null; return; }
    const known = (pid) => tables.unseated.includes(pid) || tableOf(tables, pid) !== null;
    if (this.selected !== null && !known(this.selected)) this.selected = null;  // removed meanwhile
    const seated = tables.tables.reduce((sum, t) => sum + t.seated.length, 0);
    fill(this.panel.querySelector('[data-tables-summary]'), ui.isolated([
      ngettext('{n} table', '{n} tables', tables.tables.length),
      ngettext('{n} seated', '{n} seated', seated),
      ngettext('{n} not seated', '{n} not seated', tables.unseated.length),
      (RULE_NAMES[tables.plan.rule] || (() => tables.plan.rule))()]));
    this.panel.querySelector('[data-tables-hint]').textContent = this.selected !== null
      ? _('{name} is chosen: choose “Seat here” on a table, or press Escape.', { name: this.name(this.selected) })
      : _('To move someone, choose their name, then the table. You can also drag a name onto a table.');
    fill(this.panel.querySelector('[data-tables-unseated-body]'), this.seatHere(null, null),
      tables.unseated.length ? h('ul', { class: 'seat-list seat-list-wide' }, tables.unseated.map((pid) => this.personButton(pid, false)))
        : h('p', { class: 'small muted', text: _('Everyone has a table.') }));
    fill(this.panel.querySelector('[data-table-cards]'), tables.tables.map((t) => this.card(t, tables.plan.size)));
    this.refocus();
  }

  refocus() {
    if (this.focusPid === null) return;
    const button = this.panel.querySelector(`[data-person="${CSS.escape(this.focusPid)}"]`);
    if (button) button.focus({ preventScroll: false });
    this.focusPid = null;
  }
}

// -- setting the tables up ----------------------------------------------------------------

function mountSetup(live, control, panel) {
  const form = panel.querySelector('[data-tables-setup]');
  const number = form.querySelector('[data-tables-number]');
  const by = () => (form.querySelector('input[name=by]:checked') || { value: 'count' }).value;
  const limits = () => {
    number.min = by() === 'size' ? '2' : '1';
    number.max = by() === 'size' ? '50' : '100';
  };
  form.addEventListener('change', limits);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const raw = number.value.trim();
    const data = { rule: (form.querySelector('input[name=rule]:checked') || {}).value || '' };
    if (raw !== '') data[by()] = raw;  // an empty field: the server says what is missing
    ui.showErrors(form, null);
    const ack = await control('tables_setup', data);
    if (ack.ok) ui.announce(_('The tables are set up.'));
    else ui.showErrors(form, ack);
  });
  form.querySelector('[data-tables-assign]').addEventListener('click', async () => {
    ui.showErrors(form, null);
    const ack = await control('tables_assign');
    if (ack.ok) ui.announce(_('Everyone is seated.'));
    else ui.showErrors(form, ack);
  });
  form.querySelector('[data-tables-stop]').addEventListener('click', async () => {
    if (!window.confirm(_('Stop using tables? Everyone leaves their table and the tables are removed.'))) return;
    ui.showErrors(form, null);
    const ack = await control('tables_stop');
    if (ack.ok) ui.announce(_('Tables are no longer used.'));
    else ui.showErrors(form, ack);
  });
  let shownPlan = '';
  return (tables) => {
    const plan = tables && tables.plan;
    form.querySelector('[data-tables-assign]').hidden = !plan || !AUTOMATIC.includes(plan.rule);
    form.querySelector('[data-tables-stop]').hidden = !plan;
    form.querySelector('[data-tables-apply]').textContent = plan ? _('Change the tables') : _('Set up the tables');
    // The form shows the plan in force when it changes, not while someone types in it.
    const key = JSON.stringify(plan);
    if (!plan || key === shownPlan || form.contains(document.activeElement)) return;
    shownPlan = key;
    const rule = form.querySelector(`input[name=rule][value="${CSS.escape(plan.rule)}"]`);
    if (rule) rule.checked = true;
    form.querySelector(`input[name=by][value="${plan.size ? 'size' : 'count'}"]`).checked = true;
    number.value = String(plan.size || plan.count || tables.tables.length);
    limits();
  };
}

// -- messages -----------------------------------------------------------------------------

function mountMessages(live, control, panel) {
  const form = panel.querySelector('[data-tables-message]');
  const to = form.querySelector('[data-tables-message-to]');
  const text = form.querySelector('[data-tables-message-text]');
  const counter = form.querySelector('[data-tables-message-count]');
  const count = () => {
    const left = MESSAGE_MAX - text.value.length;
    counter.textContent = ngettext('{n} character left', '{n} characters left', left);
    counter.classList.toggle('is-over', left < 0);
  };
  text.addEventListener('input', count);
  count();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    ui.showErrors(form, null);
    const data = { text: text.value };
    if (to.value) data.table_id = Number(to.value);
    const ack = await control('table_message', data);
    if (!ack.ok) { ui.showErrors(form, ack); return; }
    text.value = '';
    count();
    ui.announce(_('Message sent.'));
  });
  let shown = '';
  return (tables) => {
    const key = JSON.stringify(tables && [tables.tables.map((t) => [t.id, t.name]), tables.messages]);
    if (!tables || key === shown) return;
    shown = key;
    const names = new Map(tables.tables.map((t) => [t.id, t.name]));
    const chosen = to.value;
    fill(to, h('option', { value: '', text: _('Every table') }),
      tables.tables.map((t) => h('option', { value: String(t.id), text: t.name })));
    to.value = names.has(Number(chosen)) ? chosen : '';
    const sent = tables.messages || [];
    fill(form.querySelector('[data-tables-sent]'), sent.length ? sent.map((m) => h('li', {},
      h('span', { class: 'muted' }, m.table === null ? _('To every table:') : _('To {table}:', { table: names.get(m.table) || '?' })),
      ' ', h('bdi', { text: m.text }))) : h('li', { class: 'muted', text: _('No message sent yet.') }));
  };
}

// -- the console's step, in tables or with the whole room -----------------------------------

function mountStepSwitch(live, control) {
  const bar = document.querySelector('[data-step-tables]');
  let shown = '';
  return (doc) => {
    const step = live.stepDoc(doc.workshop.current_step);
    const inTables = Boolean(step && step.tables);
    const count = doc.tables ? doc.tables.tables.length : 0;
    const key = JSON.stringify([step && step.id, inTables, count]);
    if (!bar || key === shown) return;
    shown = key;
    bar.hidden = !step || (!inTables && !count);
    if (bar.hidden) { fill(bar); return; }
    fill(bar,
      h('span', { class: `badge${inTables ? ' badge-tables' : ''}`, dataset: { stepTablesState: inTables ? 'on' : 'off' } },
        inTables ? ngettext('This step runs at {n} table', 'This step runs at {n} tables', step.tables.length)
          : _('This step runs with the whole room')),
      inTables
        ? ui.button(_('Back to the whole room'), () => control('step_tables', { step_id: step.id, on: false }), { class: 'button button-small' })
        : ui.button(_('Run this step in tables'), () => control('step_tables', { step_id: step.id, on: true }), { class: 'button button-small button-primary' }));
  };
}

export function mountTables(live, control) {
  const panel = document.querySelector('[data-tables-panel]');
  if (!panel) return;
  const seating = new Seating(live, control, panel);
  const setup = mountSetup(live, control, panel);
  const messages = mountMessages(live, control, panel);
  const stepSwitch = mountStepSwitch(live, control);
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || seating.selected === null) return;
    const pid = seating.selected;
    seating.choose(pid);  // choosing the chosen one again lets go
  });
  live.onUpdate((l) => {
    if (!l.doc) return;
    setup(l.doc.tables);
    seating.render();
    messages(l.doc.tables);
    stepSwitch(l.doc);
  });
}
