// Policy window canvas: the three Ps, how open the room reads the window, and when to act.
// User text only ever goes in through ctx.h text nodes / `text:`; never innerHTML.

// Every visible string goes through _() / ngettext(), set from ctx at each render (the reader's
// language); the server sends keys ("politics", "weigh", "opens"…) and people's own text only.
let _; let ngettext; let pgettext; let formatDate; let sectorLabel;

const LEVELS = ['closed', 'opening', 'open'];

// Names of the keys the view sends, in the reader's language (looked up at render time).
function levelText(key) {
  return { closed: pgettext('policy_window', 'Closed'), opening: _('Opening'), open: _('Open') }[key] || key;
}
function effectText(key) {
  return { opens: _('▲ Opens the window'), closes: _('▼ Closes the window') }[key] || '';
}
function influenceText(key) {
  return { yes: _('We can influence it'), partly: _('Partly in our hands'), no: _('Out of our hands') }[key] || '';
}
function kindText(key) {
  return { use: _('Enabler to use'), shift: _('Barrier to shift'), moment: _('Moment to aim for'), influence: _('Barrier to influence from outside') }[key] || '';
}
function phaseText(key) {
  return {
    map: _('Map the climate'), weigh: _('Weigh what matters'), read: _('Read the window'), act: _('Decide when and how to act'),
  }[key] || key;
}
function phaseNote(key) {
  return {
    map: _('Add what in each P opens or closes the window for us. Pick a P, then add a note.'),
    weigh: _('Vote for the notes that matter most. You can still add a note you forgot.'),
    read: _('Rate how open the window is for each P and overall.'),
    act: _('The facilitator is turning notes into actions: what to use, what to shift, when to move.'),
  }[key] || '';
}
function spreadText(key, n) {
  if (key === 'closed') return ngettext('{n} closed', '{n} closed', n);
  if (key === 'opening') return ngettext('{n} opening', '{n} opening', n);
  return ngettext('{n} open', '{n} open', n);
}
function votesText(n) { return ngettext('{n} vote', '{n} votes', n); }
function notesText(n) { return ngettext('{n} note', '{n} notes', n); }
function ratedText(n) { return ngettext('{n} person rated', '{n} people rated', n); }

// What each section remembers between renders: the P on show and the last data.
const memory = new WeakMap();

function remember(section) {
  if (!memory.has(section)) memory.set(section, { column: '' });
  return memory.get(section);
}

function columnsOf(view) {
  return Object.values(view.columns || {}).sort((a, b) => a.position - b.position);
}


// The name of a P (or of the whole window); unknown keys show as they are.
function labelOf(view, key) {
  return { politics: _('Politics'), people: _('People'), power: _('Power'), overall: _('The whole window') }[key] || key;
}

// The view sends notes keyed by id, not ranked arrays (a vote then patches one note's tally):
// most votes first, then the order they were added, as views.ranking does for the plan.
function ranked(view) {
  return Object.values(view.notes || {}).sort((a, b) => (b.votes || 0) - (a.votes || 0) || a.order - b.order);
}

// Dated notes, soonest first (ISO dates compare as text), as views.timeline does.
function timeline(view) {
  return Object.values(view.notes || {}).filter((n) => n.date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
}

function dayText(iso) {
  const day = new Date(`${iso}T00:00:00`);
  return Number.isNaN(day.getTime()) ? iso
    : formatDate(day, { day: 'numeric', month: 'short', year: 'numeric' });
}

function todayIso() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function authorText(note) {
  const a = note.author || {};
  // A list: each name is isolated in the meta line (ui.isolated), so a right-to-left name keeps its place.
  return a.name ? [a.name, a.organisation] : sectorLabel(a.sector || '');
}

function noteMeta(note, { withColumn = false, view = null } = {}) {
  return [withColumn && view ? labelOf(view, note.column) : '', effectText(note.effect), influenceText(note.influence),
    note.date ? dayText(note.date) : '', authorText(note)];
}

function noteClasses(note) { return `pw-note pw-${note.effect} pw-influence-${note.influence}`; }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

let region;  // ctx.region, set at each render()

// The core clears text fields after a send but not date pickers: clear the date once the new
// item has arrived (the count of items grew), so a refused send keeps what was picked.
function clearDateWhenAdded(section, action, count) {
  const mem = remember(section);
  const form = section.querySelector(`form[data-action="${action}"]`);
  if (!form) return;
  const key = `count_${action}`;
  if (!form.dataset.pwDateWired) {
    form.dataset.pwDateWired = '1';
    form.addEventListener('submit', () => { mem[`sent_${action}`] = true; });
  }
  const input = form.querySelector('input[type="date"]');
  if (mem[`sent_${action}`] && count > (mem[key] ?? count) && input && document.activeElement !== input) {
    input.value = '';
    mem[`sent_${action}`] = false;
  }
  mem[key] = count;
}

// -- pieces shared by every audience -----------------------------------------------------------

function gauge(ctx, title, g, bySector, overall) {
  const { h } = ctx;
  const reading = g.total ? levelText(g.reading) : _('Not rated yet');
  const bar = h('div', { class: 'pw-bar', 'aria-hidden': 'true' }, LEVELS.map((key) => {
    const part = h('span', { class: `pw-seg pw-seg-${key}` });
    part.style.flexGrow = String(g.counts[key]);  // CSSOM, allowed by the CSP (unlike style="")
    return part;
  }));
  const spread = LEVELS.map((key) => spreadText(key, g.counts[key])).join(' · ');
  const ratings = ngettext('{n} rating', '{n} ratings', g.total);
  const noSector = _('No sector given');
  const sectors = Object.entries(bySector || {}).filter(([, s]) => s.total)
    .map(([sector, s]) => _('{sector}: {reading}', { sector: sector ? sectorLabel(sector) : noSector, reading: levelText(s.reading).toLowerCase() }));
  return h('figure', { class: `pw-gauge pw-reads-${g.reading || 'none'}${overall ? ' pw-gauge-overall' : ''}` },
    h('figcaption', {}, h('span', { class: 'pw-gauge-title', text: title }), ' ',
      h('strong', { class: 'pw-reading', text: reading })),
    g.total ? ctx.charts.chart({ visual: [bar, h('p', { class: 'pw-spread', text: _('{spread} ({ratings})', { spread, ratings }) })],
      summary: _('{title}: {reading}. {spread} ({ratings})', { title, reading, spread, ratings }), audience: ctx.audience, key: `pw:${title}`,
      caption: _('Ratings of {title}', { title }), columns: [_('Rating'), _('People')],
      rows: LEVELS.map((key) => ({ label: levelText(key), values: [g.counts[key] || 0] })) }) : null,
    g.split ? h('p', { class: 'pw-split', text: _('The room is split here: worth talking through.') }) : null,
    sectors.length ? h('p', { class: 'pw-sectors' }, ctx.ui.isolated(sectors)) : null);
}

function renderGauges(el, view, ctx) {
  const r = view.ratings || {};
  if (!r.gauges) {
    ctx.fill(el, ctx.h('p', { class: 'empty', text: r.raters
      ? ngettext('{n} person has rated. The results show once the room decides how to act.',
        '{n} people have rated. The results show once the room decides how to act.', r.raters)
      : _('Nobody has rated the window yet.') }));
    return;
  }
  ctx.fill(el, (r.targets || []).map((t) => gauge(ctx, labelOf(view, t), r.gauges[t], (r.by_sector || {})[t], t === 'overall')));
}

function renderTimeline(el, view, ctx) {
  const { h, fill } = ctx;
  if (view.hidden_count) { fill(el, h('li', { class: 'empty', text: _('Dates show once the notes are revealed.') })); return; }
  const today = todayIso();
  const dated = timeline(view);
  fill(el, dated.length ? dated.map((note) => h('li', { class: `pw-moment pw-${note.effect}${note.date < today ? ' pw-past' : ''}` },
    h('time', { datetime: note.date, text: dayText(note.date) }),
    h('span', { class: 'pw-moment-text', text: note.text }),
    h('span', { class: 'pw-moment-meta' }, ctx.ui.isolated([labelOf(view, note.column), effectText(note.effect), note.date < today ? _('already passed') : '']))))
    : h('li', { class: 'empty', text: _('No dated notes yet: add a date to a note about an election, a budget or a deadline.') }));
}

function renderActions(el, view, ctx, tools) {
  const { ui, h, fill } = ctx;
  const items = Object.values(view.actions || {}).sort((a, b) => a.order - b.order);
  fill(el, items.length ? items.map((item) => ui.noteCard({
    text: item.text, id: item.id, classes: `pw-action pw-kind-${item.kind}`,
    meta: [kindText(item.kind), labelOf(view, item.column), item.lead ? _('Led by {lead}', { lead: item.lead }) : '',
      item.date ? _('By {date}', { date: dayText(item.date) }) : '', item.note_text ? _('From: “{note}”', { note: item.note_text }) : ''],
    actions: tools ? tools(item) : [],
  })) : h('li', { class: 'empty', text: _('No actions chosen yet.') }));
}

// -- participant ----------------------------------------------------------------------------------

function renderParticipant(section, data, ctx) {
  const { view, step } = data;
  const mem = remember(section);
  const cols = columnsOf(view);
  if (!view.columns[mem.column]) mem.column = cols.length ? cols[0].key : '';
  mem.data = data;
  mem.ctx = ctx;
  const phase = view.phase;
  region(section, 'phase-note').textContent = step.status === 'open' ? phaseNote(phase) : '';
  const panel = (name) => section.querySelector(`[data-panel="${name}"]`);
  panel('notes').hidden = !(phase === 'map' || phase === 'weigh');
  panel('read').hidden = !(phase === 'read' || phase === 'act');
  panel('results').hidden = !(phase === 'read' || phase === 'act');
  panel('act').hidden = phase !== 'act';
  if (!panel('notes').hidden) renderColumnWork(section, data, ctx);
  if (!panel('read').hidden) { renderRating(section, data, ctx); renderGauges(region(section, 'gauges'), view, ctx); }
  if (!panel('act').hidden) {
    renderTimeline(region(section, 'timeline'), view, ctx);
    renderActions(region(section, 'actions'), view, ctx);
  }
}

function showColumn(section, key) {
  const mem = remember(section);
  mem.column = key;
  if (mem.data) renderParticipant(section, mem.data, mem.ctx);
}

// Offer only the Ps this canvas uses.
function pruneColumns(section, view) {
  const select = section.querySelector('form[data-action="add_note"] select[name="column"]');
  if (select) for (const option of Array.from(select.options)) if (!view.columns[option.value]) option.remove();
  return select;
}

function syncColumnSelect(section, view, column) {
  const select = pruneColumns(section, view);
  if (!select) return;
  if (!select.dataset.pwWired) {
    select.dataset.pwWired = '1';
    select.addEventListener('change', () => showColumn(section, select.value));
  }
  if (select.value !== column) select.value = column;
}

function renderColumnWork(section, data, ctx) {
  const { view, personal, step } = data;
  const { h, fill, ui } = ctx;
  const column = remember(section).column;
  const open = step.status === 'open';
  const tabs = region(section, 'tabs');
  fill(tabs, columnsOf(view).map((c) => ui.button(`${labelOf(view, c.key)} (${(view.counts[c.key] || {}).notes || 0})`,
    () => showColumn(section, c.key), { class: `button pw-tab${c.key === column ? ' is-current' : ''}`, 'aria-pressed': c.key === column ? 'true' : 'false' })));
  tabs.hidden = columnsOf(view).length < 2;
  region(section, 'column-prompt').textContent = (view.columns[column] || {}).prompt || '';
  const adder = region(section, 'add-note');
  adder.hidden = !open;
  // Open while mapping, folded away while weighing; the user's own toggling is left alone.
  if (remember(section).phase !== view.phase) adder.open = view.phase === 'map';
  remember(section).phase = view.phase;
  syncColumnSelect(section, view, column);
  clearDateWhenAdded(section, 'add_note', Object.keys(personal.notes || {}).length);

  const mine = Object.values(personal.notes || {}).filter((n) => n.column === column);
  fill(region(section, 'mine'), mine.length ? mine.map((note) => ui.noteCard({
    text: note.text, meta: noteMeta(note), id: note.id, classes: noteClasses(note),
    actions: open ? [ui.button(_('Delete'), () => {
      if (window.confirm(_('Delete this note?'))) act(ctx, 'delete_note', { note_id: note.id });
    }, { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: note.text }) })] : [],
  })) : h('li', { class: 'empty', text: _('Nothing here yet: your notes for this P will show here.') }));

  const voting = view.votes_each > 0 && view.phase !== 'map';
  const left = personal.votes_left ?? view.votes_each;
  region(section, 'votes-left').textContent = voting
    ? ngettext('You have {n} vote left of {total}.', 'You have {n} votes left of {total}.', left, { total: view.votes_each }) : '';
  const room = region(section, 'room');
  if (view.hidden_count) {
    fill(room, h('li', { class: 'empty', text: ngettext('{n} note so far. It stays private until the facilitator reveals it.',
      '{n} notes so far. They stay private until the facilitator reveals them.', view.hidden_count) }));
    return;
  }
  const votes = personal.votes || {};
  const notes = ranked(view).filter((n) => n.column === column);
  const own = new Set(Object.keys(personal.notes || {}));
  fill(room, notes.length ? notes.map((note) => ui.noteCard({
    text: note.text, id: note.id, classes: noteClasses(note), report: own.has(String(note.id)) ? '' : `note:${note.id}`,
    meta: [...noteMeta(note), voting || note.votes ? votesText(note.votes) : ''],
    actions: voting ? [ui.voteControl({
      count: votes[note.id] || 0, label: note.text,
      canAdd: open && left > 0 && (view.votes_stack || !votes[note.id]), canRemove: open && Boolean(votes[note.id]),
      onAdd: () => act(ctx, 'vote', { note_id: note.id }),
      onRemove: () => act(ctx, 'unvote', { note_id: note.id }),
    })] : [],
  })) : h('li', { class: 'empty', text: _('No notes in this P yet.') }));
}

function renderRating(section, data, ctx) {
  const { view, personal, step } = data;
  const { h, fill, ui } = ctx;
  const mine = personal.ratings || {};
  const open = step.status === 'open';
  fill(region(section, 'rate'), ((view.ratings || {}).targets || []).map((target) => {
    const name = labelOf(view, target);
    // Each P is a question of its own (one a screen on a community step's phone: one_question.js).
    return h('div', { class: `pw-rate-row${target === 'overall' ? ' pw-rate-overall' : ''}`, role: 'group', dataset: { question: target }, 'aria-label': _('How open is it: {name}', { name }) },
      h('p', { class: 'pw-rate-label', text: name }),
      h('div', { class: 'pw-levels' }, LEVELS.map((key) => ui.button(levelText(key), () => (
        mine[target] === key ? act(ctx, 'clear_rating', { target }) : act(ctx, 'rate', { target, level: key })
      ), { class: `button pw-level pw-level-${key}${mine[target] === key ? ' is-current' : ''}`,
        'aria-pressed': mine[target] === key ? 'true' : 'false', disabled: !open }))));
  }));
}

// -- facilitator ------------------------------------------------------------------------------------

function renderFacilitator(section, data, ctx) {
  const { view, step, workshop } = data;
  const { h, fill, ui } = ctx;
  const notes = ranked(view);
  const mem = remember(section);
  Object.assign(mem, { data, ctx });
  if (mem.editing && !view.notes[mem.editing]) mem.editing = '';
  const editKey = document.activeElement && document.activeElement.dataset && document.activeElement.dataset.edit;
  const r = view.ratings || {};
  region(section, 'summary').textContent =
    [notesText(notes.length), ngettext('{n} person voting', '{n} people voting', view.voters), ratedText(r.raters || 0)].join(' · ');
  fill(region(section, 'ratings-control'), h('span', { class: 'hint', text: r.revealed
    ? _('Everyone sees the ratings.') : _('Only you see the ratings until the room decides how to act.') }));
  renderGauges(region(section, 'gauges'), view, ctx);
  pruneColumns(section, view);
  fillNoteChoices(section, view, notes);
  clearDateWhenAdded(section, 'add_action', Object.keys(view.actions || {}).length);
  clearDateWhenAdded(section, 'add_note', notes.length);
  renderActions(region(section, 'actions'), view, ctx, (item) => [ui.button(_('Remove'), () => act(ctx, 'delete_action', { action_id: item.id }),
    { class: 'button button-small', 'aria-label': _('Remove action: {text}', { text: item.text }) })]);

  const spot = workshop.spotlight || {};
  fill(region(section, 'board'), columnsOf(view).map((c) => {
    const inColumn = notes.filter((n) => n.column === c.key);
    const label = labelOf(view, c.key);
    return h('section', { class: 'pw-col', 'aria-label': label },
      h('h4', { text: `${label} (${inColumn.length})` }),
      h('ol', { class: 'note-list' }, inColumn.map((note) => {
        const spotlit = spot.step_id === step.id && spot.item === note.id;
        return ui.noteCard({
          text: note.text, id: note.id, classes: `${noteClasses(note)}${spotlit ? ' is-spotlit' : ''}`,
          meta: [...noteMeta(note), votesText(note.votes)],
          actions: [remember(section).editing === note.id ? editForm(section, ctx, note) : null, h('div', { class: 'note-tools' },
            ui.button(_('Act on this'), () => pickNote(section, note), { class: 'button button-small', 'aria-label': _('Act on this: {text}', { text: note.text }) }),
            ui.button(_('Edit'), () => startEdit(section, note.id), { class: 'button button-small', 'data-edit': note.id,
              'aria-expanded': remember(section).editing === note.id ? 'true' : 'false', 'aria-label': _('Edit: {text}', { text: note.text }) }),
            ui.button(spotlit ? _('Spotlit') : _('Spotlight'), () => ctx.control('spotlight', { step_id: step.id, item: note.id }),
              { class: 'button button-small', 'aria-pressed': spotlit ? 'true' : 'false' }),
            ui.button(_('Delete'), () => act(ctx, 'delete_note', { note_id: note.id }), { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: note.text }) }))],
        });
      })));
  }));
  renderTimeline(region(section, 'timeline'), view, ctx);
  // Give the keyboard back to the control it was on (an Edit button is renamed with its note).
  const focus = mem.focus || (editKey ? `[data-edit="${CSS.escape(editKey)}"]` : '');
  mem.focus = '';
  const target = focus && section.querySelector(focus);
  if (target && document.activeElement !== target) target.focus({ preventScroll: true });
}

// The facilitator fixes a note's wording (a typo, a shorter text); the rest of the note and its
// author stay as they are. What is typed survives live updates until it is saved or cancelled.
function startEdit(section, noteId) {
  Object.assign(remember(section), { editing: noteId, draft: '', focus: '[data-edit-text]' });
  redrawFacilitator(section);
}

function stopEdit(section, noteId) {
  Object.assign(remember(section), { editing: '', draft: '', focus: `[data-edit="${CSS.escape(noteId)}"]` });
  redrawFacilitator(section);
}

function redrawFacilitator(section) {
  const mem = remember(section);
  if (mem.data) renderFacilitator(section, mem.data, mem.ctx);
}

function editForm(section, ctx, note) {
  const { h, ui } = ctx;
  const mem = remember(section);
  const field = h('textarea', { rows: '3', 'data-edit-text': '', 'aria-label': _('New text for “{text}”', { text: note.text }) });
  field.value = mem.draft || note.text;
  field.addEventListener('input', () => { mem.draft = field.value; });
  field.addEventListener('keydown', (e) => { if (e.key === 'Escape') stopEdit(section, note.id); });
  const form = h('form', { class: 'pw-edit-note' }, field,
    h('button', { type: 'submit', class: 'button button-small button-primary' }, _('Save')),
    ui.button(_('Cancel'), () => stopEdit(section, note.id), { class: 'button button-small' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (field.value.trim() === note.text) { stopEdit(section, note.id); return; }
    const ack = await act(ctx, 'edit_note', { note_id: note.id, column: note.column, text: field.value, effect: note.effect,
      influence: note.influence, date: note.date || '' });
    if (ack.ok) stopEdit(section, note.id);
  });
  return form;
}

// The "From which note" select lists the live notes; rebuilt only when they change.
function fillNoteChoices(section, view, notes) {
  const select = section.querySelector('form[data-action="add_action"] select[name="note_id"]');
  if (!select) return;
  const signature = notes.map((n) => `${n.id}:${n.effect}:${n.text}`).join('|');
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  const keep = select.value;
  select.replaceChildren(new Option(_('Choose a note…'), ''));
  for (const note of notes) {
    const effect = note.effect === 'opens' ? _('opens') : _('closes');
    // Unicode isolates around each part: an option holds text only, no <bdi>.
    const text = [labelOf(view, note.column), effect, note.text.slice(0, 70)].map((part) => `\u2068${part}\u2069`).join(' · ');
    select.append(new Option(text, note.id, false, note.id === keep));
  }
}

// The kind a note can become: an enabler, a barrier we can shift, or one out of our hands that
// we influence from outside.
function kindFor(note) {
  if (note.effect === 'opens') return 'use';
  return note.influence === 'no' ? 'influence' : 'shift';
}

function pickNote(section, note) {
  const details = region(section, 'act-tools');
  const form = section.querySelector('form[data-action="add_action"]');
  const select = form && form.querySelector('select[name="note_id"]');
  const kind = form && form.querySelector('select[name="kind"]');
  if (details) details.open = true;
  if (kind) kind.value = kindFor(note);
  if (select) { select.value = note.id; select.focus(); }
}

// -- room screen ------------------------------------------------------------------------------------

function renderScreen(section, data, ctx) {
  const { view, step, workshop } = data;
  const { h, fill, ui } = ctx;
  const phase = phaseText(view.phase);
  const r = view.ratings || {};
  region(section, 'summary').textContent = view.hidden_count
    ? [phase, ngettext('{n} note so far, hidden until the facilitator reveals it',
      '{n} notes so far, hidden until the facilitator reveals them', view.hidden_count)].join(' · ')
    : [phase, notesText(Object.keys(view.notes).length), ratedText(r.raters || 0)].join(' · ');
  const gauges = region(section, 'gauges');
  gauges.hidden = !(view.phase === 'read' || view.phase === 'act' || r.revealed);
  if (!gauges.hidden) renderGauges(gauges, view, ctx);

  const spot = workshop.spotlight || {};
  const notes = ranked(view);
  fill(region(section, 'board'), columnsOf(view).map((c) => {
    const counts = view.counts[c.key] || { notes: 0, opens: 0, closes: 0 };
    const inColumn = notes.filter((n) => n.column === c.key);
    const label = labelOf(view, c.key);
    return h('section', { class: 'pw-col', 'aria-label': label },
      h('h3', { text: label }),
      h('p', { class: 'pw-col-counts', text: [ngettext('▲ {n} opens', '▲ {n} open', counts.opens), ngettext('▼ {n} closes', '▼ {n} close', counts.closes)].join(' · ') }),
      view.hidden_count ? null : h('ol', { class: 'note-list' }, inColumn.map((note) => ui.noteCard({
        text: note.text, id: note.id,
        classes: `${noteClasses(note)}${spot.step_id === step.id && spot.item === note.id ? ' is-spotlit' : ''}`,
        meta: [effectText(note.effect), influenceText(note.influence), note.date ? dayText(note.date) : '',
          note.author && sectorLabel(note.author.sector), note.votes ? votesText(note.votes) : ''],
      }))));
  }));
  renderTimeline(region(section, 'timeline'), view, ctx);
  renderActions(region(section, 'actions'), view, ctx);
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatDate, region, sectorLabel } = ctx);
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
