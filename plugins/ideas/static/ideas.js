// Ideas & dot voting: draws the notes, clusters and dots for each audience.

// Set from ctx (the page's translations, pages/steps.js) at the start of render().
let _; let ngettext; let pgettext; let formatNumber; let region; let sectorLabel; let pictures;

// The note ids best first: most dots, then the order notes were written in (the view sends no
// ranking array, so that a vote patches one note's dots and not the whole list).
function rankIds(view) {
  const notes = view.notes || {};
  return Object.keys(notes).sort((a, b) => (notes[b].dots || 0) - (notes[a].dots || 0) || notes[a].order - notes[b].order);
}

function byRank(view) {
  return rankIds(view).map((id) => view.notes[id]).filter(Boolean);
}

// On a phone the room's ideas keep their places while people vote: a card does not move under
// the finger (or the screen reader's cursor) that is about to place a dot. New ideas join at
// the end; "Sort by dots" puts the list in the room's current order on request.
const shownOrder = new Map();  // step id -> note ids in the order this page shows them
const knownNotes = new Map();  // step id -> note ids already seen (to tell of new ones)

function stableOrder(stepId, view) {
  const ranked = rankIds(view);
  const before = shownOrder.get(stepId);
  const order = before ? [...before.filter((id) => view.notes[id]), ...ranked.filter((id) => !before.includes(id))] : ranked;
  shownOrder.set(stepId, order);
  return { order, sorted: order.every((id, i) => id === ranked[i]) };
}

// Say, summarised, when ideas from others arrive ("3 new ideas"; ui.announceArrivals).
function tellNewIdeas(ctx, stepId, view, personal) {
  const ids = Object.keys(view.notes || {});
  const known = knownNotes.get(stepId);
  knownNotes.set(stepId, new Set(ids));
  if (!known) return;
  const mine = new Set(Object.values(personal.notes || {}).map((n) => String(n.id)));
  const isMine = () => new Set(Object.values((ctx.live.personal || {})[String(stepId)]?.notes || {}).map((n) => String(n.id)));
  ctx.ui.announceArrivals(`ideas:${stepId}`, ids.filter((id) => !known.has(id) && !mine.has(id)),
    (n) => ngettext('{n} new idea from the room', '{n} new ideas from the room', n, { n: formatNumber(n) }),
    (id) => !isMine().has(id));
}

// A note's feeling (issue 23) in the reader's words: the template lists each feeling's words.
function feelingWords(section, key) {
  if (!key) return '';
  const el = section.querySelector(`[data-region="feelings"] [data-feeling="${CSS.escape(key)}"]`);
  return el ? el.textContent : '';
}

// Its picture (the core's, ctx.pictures), for a feeling the template lists; null otherwise.
function feelingPicture(section, key) {
  return feelingWords(section, key) ? pictures.picture(`feeling-${key}`) : null;
}

function meta(note, view) {
  const who = note.author && note.author.name ? note.author.name : sectorLabel((note.author && note.author.sector) || '');
  const cluster = note.cluster && view.clusters[note.cluster] ? view.clusters[note.cluster].name : '';
  return [who, note.category, cluster, note.merged ? pgettext('ideas', '+{n} merged', { n: formatNumber(note.merged) }) : ''];
}

function dotsLabel(n) { return ngettext('{n} dot', '{n} dots', n, { n: formatNumber(n) }); }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

function renderParticipant(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, personal, step } = data;
  const open = step.status === 'open';
  const mine = Object.values(personal.notes || {});
  fill(section.querySelector('[data-region="mine"]'), mine.length ? mine.map((note) => ui.noteCard({
    text: note.text, meta: [note.category, feelingWords(section, note.feeling)], id: note.id,
    picture: feelingPicture(section, note.feeling),
    actions: open ? [ui.button(_('Delete'), () => {
      if (window.confirm(_('Delete this idea?'))) act(ctx, 'delete_note', { note_id: note.id });
    }, { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: note.text }) })] : [],
  })) : h('li', { class: 'empty', text: _('Nothing yet — your ideas will appear here.') }));

  const dotsLeft = personal.dots_left ?? view.dots;
  section.querySelector('[data-region="dots-left"]').textContent = view.dots
    ? ngettext('You have {n} dot left to place.', 'You have {n} dots left to place.', dotsLeft,
      { n: formatNumber(dotsLeft) }) : '';
  const room = section.querySelector('[data-region="room"]');
  const orderTools = section.querySelector('[data-region="order"]');
  if (view.hidden_count) {
    knownNotes.delete(step.id);
    shownOrder.delete(step.id);
    if (orderTools) fill(orderTools);
    fill(room, h('li', { class: 'empty', text: ngettext(
      '{n} idea so far — it stays private until the facilitator reveals it.',
      '{n} ideas so far — they stay private until the facilitator reveals them.',
      view.hidden_count, { n: formatNumber(view.hidden_count) }) }));
    return;
  }
  tellNewIdeas(ctx, step.id, view, personal);
  const votes = personal.votes || {};
  const { order, sorted } = stableOrder(step.id, view);
  if (orderTools) {
    fill(orderTools, sorted ? null : ui.button(_('Sort by dots'), () => {
      shownOrder.delete(step.id);
      renderParticipant(section, data, ctx);
      const first = room.querySelector('button:not([aria-disabled="true"])');
      if (first) first.focus();
      ui.announce(_('The ideas are now sorted by dots.'));
    }, { class: 'button button-small', 'aria-describedby': `ideas-order-${step.id}` }),
    sorted ? null : h('span', { class: 'hint', id: `ideas-order-${step.id}`,
      text: _('The ideas keep their places while the room votes.') }));
  }
  const own = new Set(mine.map((note) => String(note.id)));
  fill(room, order.map((id) => view.notes[id]).map((note) => ui.noteCard({
    text: note.text, meta: [...meta(note, view), feelingWords(section, note.feeling), dotsLabel(note.dots)], id: note.id,
    // Others' notes can be reported (report.js; the server refuses a note nobody in the room wrote).
    report: own.has(String(note.id)) ? '' : `note:${note.id}`,
    picture: feelingPicture(section, note.feeling),
    actions: view.dots ? [ui.voteControl({
      count: votes[note.id] || 0, label: note.text,
      canAdd: open && dotsLeft > 0, canRemove: open && Boolean(votes[note.id]),
      onAdd: () => act(ctx, 'vote', { note_id: note.id }),
      onRemove: () => act(ctx, 'unvote', { note_id: note.id }),
    })] : [],
  })));
}

function ideasCount(n) { return ngettext('{n} idea', '{n} ideas', n, { n: formatNumber(n) }); }

// What the console remembers between renders (a live update redraws the notes): the note whose
// merge or edit is open, the text being typed, and the last merge, which can be undone.
const memory = new WeakMap();
function remember(section) {
  if (!memory.has(section)) memory.set(section, { merging: '', choice: '', editing: '', draft: '', lastMerge: null, focus: '' });
  return memory.get(section);
}

function redraw(section) {
  const mem = remember(section);
  if (mem.data) renderFacilitator(section, mem.data, mem.ctx);
}

function show(section, changes) {
  Object.assign(remember(section), changes);
  redraw(section);
}

async function merge(section, ctx, note, into) {
  const ack = await act(ctx, 'merge_notes', { note_id: into.id, duplicate_id: note.id });
  if (ack.ok) show(section, { merging: '', choice: '', lastMerge: { into: into.id, merged: note.id, text: note.text, intoText: into.text }, focus: 'undo' });
}

async function unmerge(section, ctx, intoId, mergedId) {
  const ack = await act(ctx, 'unmerge_notes', { note_id: intoId, merged_id: mergedId });
  if (ack.ok) {
    const mem = remember(section);
    if (mem.lastMerge && mem.lastMerge.merged === mergedId) mem.lastMerge = null;
    mem.focus = `${mergedId}|merge-open`;
    ctx.ui.announce(_('Merge undone: the note is back on the wall.'));
    redraw(section);
  }
}

async function saveEdit(section, ctx, note, text) {
  if (text.trim() === note.text) { show(section, { editing: '', draft: '', focus: `${note.id}|edit` }); return; }
  const ack = await act(ctx, 'edit_note', { note_id: note.id, text, category: note.category || '' });
  if (ack.ok) show(section, { editing: '', draft: '', focus: `${note.id}|edit` });
}

// The merge control is built only when the facilitator opens it: a list of every other note on
// every note would be n² options, rebuilt at each live update (issue 18).
function mergeTools(section, ctx, note, notes) {
  const { h, ui } = ctx;
  const mem = remember(section);
  if (mem.merging !== note.id) {
    return ui.button(_('Merge…'), () => show(section, { merging: note.id, choice: '', focus: `${note.id}|merge-choice` }),
      { class: 'button button-small', 'aria-expanded': 'false', 'data-tool': 'merge-open', 'aria-label': _('Merge “{text}” into another note', { text: note.text }) });
  }
  const others = notes.filter((n) => n.id !== note.id);
  const select = h('select', { 'aria-label': _('The note to keep for “{text}”', { text: note.text }), 'data-merge-choice': '', 'data-tool': 'merge-choice' },
    h('option', { value: '', text: _('Merge into…') }),
    others.map((n) => h('option', { value: n.id, text: n.text.slice(0, 60) })));
  select.addEventListener('change', () => { mem.choice = select.value; });
  select.addEventListener('keydown', (e) => { if (e.key === 'Escape') show(section, { merging: '', focus: `${note.id}|merge-open` }); });
  const choice = ui.confirmChoice(select, { text: _('Merge'), label: _('Merge “{text}” into the chosen note', { text: note.text }),
    onConfirm: (value) => { const into = others.find((n) => n.id === value); if (into) merge(section, ctx, note, into); } });
  // A live update redraws the control: keep the note picked (after confirmChoice took '' as
  // the starting value, so the pick still counts as a change to confirm).
  if (mem.choice && others.some((n) => n.id === mem.choice)) {
    select.value = mem.choice;
    choice.querySelector('button').disabled = false;
  }
  choice.querySelector('button').dataset.tool = 'merge-go';
  return h('span', { class: 'merge-tools', role: 'group', 'aria-label': _('Merge “{text}”', { text: note.text }) }, choice,
    ui.button(_('Cancel'), () => show(section, { merging: '', focus: `${note.id}|merge-open` }), { class: 'button button-small' }));
}

function editTools(section, ctx, note) {
  const { h, ui } = ctx;
  const mem = remember(section);
  const field = h('textarea', { rows: '3', 'aria-label': _('New text for “{text}”', { text: note.text }), 'data-edit-text': '', 'data-tool': 'edit-text' });
  field.value = mem.draft || note.text;
  field.addEventListener('input', () => { mem.draft = field.value; });
  const form = h('form', { class: 'edit-note' }, field,
    h('button', { type: 'submit', class: 'button button-small button-primary' }, _('Save')),
    ui.button(_('Cancel'), () => show(section, { editing: '', draft: '', focus: `${note.id}|edit` }), { class: 'button button-small' }));
  form.addEventListener('submit', (e) => { e.preventDefault(); saveEdit(section, ctx, note, field.value); });
  field.addEventListener('keydown', (e) => { if (e.key === 'Escape') show(section, { editing: '', draft: '', focus: `${note.id}|edit` }); });
  return form;
}

// "Take out" buttons for the notes merged into this one: each puts a note back as it was.
function splitTools(section, ctx, note) {
  const { ui } = ctx;
  return Object.values(note.merged_from || {}).map((m) => ui.button(_('Take out “{text}”', { text: m.text.slice(0, 40) }),
    () => unmerge(section, ctx, note.id, m.id),
    { class: 'button button-small', 'data-tool': `take-out-${m.id}`, 'aria-label': _('Undo the merge of “{text}” into “{into}”', { text: m.text, into: note.text }) }));
}

function renderUndo(section, view, ctx) {
  const { h, fill, ui } = ctx;
  const mem = remember(section);
  const bar = region(section, 'undo');
  const last = mem.lastMerge;
  const into = last && view.notes[last.into];
  // The ack can come before the update that shows the merge: offer the undo until an update
  // has shown the merge and then shows it gone (undone, or the kept note deleted).
  const shown = Boolean(into && (into.merged_from || {})[last.merged]);
  if (last && shown) last.seen = true;
  else if (last && last.seen) mem.lastMerge = null;
  bar.hidden = !mem.lastMerge;
  fill(bar, mem.lastMerge ? [h('span', { text: _('“{text}” was merged into “{into}”.', { text: last.text, into: last.intoText }) }), ' ',
    ui.button(_('Undo merge'), () => unmerge(section, ctx, last.into, last.merged), { class: 'button button-small', 'data-undo': '' }),
    ui.button(_('Dismiss'), () => show(section, { lastMerge: null }), { class: 'button button-small' })] : []);
}

function noteTools(section, ctx, note, notes, step, spot) {
  const { h, ui } = ctx;
  const mem = remember(section);
  const clusters = Object.values(mem.data.view.clusters || {});
  // Acts only on its button (ui.confirmChoice), never on the select's change.
  const move = ui.confirmChoice(h('select', { 'aria-label': _('Cluster for: {text}', { text: note.text }), 'data-tool': 'move' },
    h('option', { value: '', text: _('No cluster') }),
    clusters.map((c) => h('option', { value: c.id, text: c.name, selected: c.id === note.cluster }))),
  { text: _('Move'), label: _('Move “{text}” to the chosen cluster', { text: note.text }),
    onConfirm: (value) => act(ctx, 'move_note', { note_id: note.id, cluster_id: value }) });
  move.querySelector('button').dataset.tool = 'move-go';
  const spotlit = spot.step_id === step.id && spot.item === note.id;
  return h('div', { class: 'note-tools' }, move, mergeTools(section, ctx, note, notes),
    ui.button(_('Edit'), () => show(section, { editing: note.id, draft: '', focus: `${note.id}|edit-text` }),
      { class: 'button button-small', 'aria-expanded': mem.editing === note.id ? 'true' : 'false', 'data-edit': note.id, 'data-tool': 'edit',
        'aria-label': _('Edit: {text}', { text: note.text }) }),
    splitTools(section, ctx, note),
    ui.button(spotlit ? _('Spotlit') : _('Spotlight'), () => ctx.control('spotlight', { step_id: step.id, item: note.id }), { class: 'button button-small', 'aria-pressed': spotlit ? 'true' : 'false', 'data-tool': 'spotlight' }),
    ui.button(_('Delete'), () => act(ctx, 'delete_note', { note_id: note.id }), { class: 'button button-small', 'data-tool': 'delete', 'aria-label': _('Delete: {text}', { text: note.text }) }));
}

// Put ``cards`` in ``list`` in order, moving or replacing only the cards that changed: the
// others stay where they are, so the browser restyles and lays out little, and the keyboard
// stays on a control whose card did not change.
function place(list, cards) {
  const active = document.activeElement;
  const had = active && list.contains(active) ? active : null;
  cards.forEach((card, i) => {
    const here = list.children[i];
    if (here !== card) list.insertBefore(card, here || null);
  });
  while (list.children.length > cards.length) list.lastElementChild.remove();
  if (had && had.isConnected && document.activeElement !== had) had.focus({ preventScroll: true });
  else if (had && !had.isConnected) {
    // Its card was redrawn: the same control in the new card, if it has one.
    const id = had.closest('[data-item]') && had.closest('[data-item]').dataset.item;
    const tool = had.dataset.tool;
    const again = id && tool && list.querySelector(`[data-item="${CSS.escape(id)}"] [data-tool="${CSS.escape(tool)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

function facilitatorCard(section, ctx, note, notes, step, spot) {
  const mem = remember(section);
  const spotlit = spot.step_id === step.id && spot.item === note.id;
  return ctx.ui.noteCard({
    text: note.text, meta: [...meta(note, mem.data.view), dotsLabel(note.dots)], id: note.id,
    classes: spotlit ? 'is-spotlit' : '',
    actions: [mem.editing === note.id ? editTools(section, ctx, note) : null, noteTools(section, ctx, note, notes, step, spot)].filter(Boolean),
  });
}

// The note tool that has the keyboard ("n12|edit"), so a live update can give it back: the
// redrawn button has a new name when the note's text changed.
function focusedTool(section) {
  const el = document.activeElement;
  const card = el && el.dataset && el.dataset.tool && section.contains(el) ? el.closest('[data-item]') : null;
  return card ? `${card.dataset.item}|${el.dataset.tool}` : '';
}

function placeFocus(section, key) {
  if (!key) return;
  const [id, tool] = key.split('|');
  const el = key === 'undo' ? section.querySelector('[data-undo]')
    : section.querySelector(`[data-item="${CSS.escape(id)}"] [data-tool="${CSS.escape(tool || '')}"]`);
  if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  return Boolean(el);
}

function renderFacilitator(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, step, workshop } = data;
  const mem = remember(section);
  Object.assign(mem, { data, ctx });
  const focus = mem.focus || focusedTool(section);
  const waited = mem.focusWaited;
  mem.focus = '';
  mem.focusWaited = false;
  const notes = byRank(view);
  if (mem.merging && !view.notes[mem.merging]) mem.merging = '';
  if (mem.editing && !view.notes[mem.editing]) mem.editing = '';
  const clusters = Object.values(view.clusters || {});
  section.querySelector('[data-region="summary"]').textContent = [ideasCount(notes.length), ngettext(
    '{n} person has placed dots', '{n} people have placed dots', view.voters, { n: formatNumber(view.voters) })].join(' · ');
  fill(section.querySelector('[data-region="clusters"]'), clusters.map((c) => h('li', {},
    h('span', { text: c.name }), ' ',
    ui.button(_('Delete'), () => act(ctx, 'delete_cluster', { cluster_id: c.id }),
      { class: 'button button-small', 'aria-label': _('Delete cluster {name}', { name: c.name }) }))));
  renderUndo(section, view, ctx);
  const spot = workshop.spotlight || {};
  // A card is rebuilt only when what it shows changed (a dot on one note redraws that note, not
  // the 200 others); an open merge or edit is always drawn afresh.
  const shared = JSON.stringify([view.clusters, spot.step_id === step.id ? spot.item : '']);
  const cards = new Map();
  place(section.querySelector('[data-region="notes"]'), notes.map((note) => {
    const open = mem.merging === note.id || mem.editing === note.id;
    const signature = open ? '' : `${shared}|${JSON.stringify(note)}`;
    const known = mem.cards && mem.cards.get(note.id);
    const card = known && signature && known.signature === signature ? known.card : facilitatorCard(section, ctx, note, notes, step, spot);
    cards.set(note.id, { signature, card });
    return card;
  }));
  mem.cards = cards;
  // A note put back by an undo shows with the next update: wait for it, once.
  if (!placeFocus(section, focus) && focus && !waited) Object.assign(mem, { focus, focusWaited: true });
}

function renderScreen(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, step, workshop } = data;
  const summary = section.querySelector('[data-region="summary"]');
  const board = section.querySelector('[data-region="board"]');
  if (view.hidden_count) {
    summary.textContent = ngettext(
      '{n} idea so far — hidden until the facilitator reveals it',
      '{n} ideas so far — hidden until the facilitator reveals them',
      view.hidden_count, { n: formatNumber(view.hidden_count) });
    fill(board);
    return;
  }
  const notes = byRank(view);
  summary.textContent = [ideasCount(notes.length), ngettext(
    '{n} person voting', '{n} people voting', view.voters, { n: formatNumber(view.voters) })].join(' · ');
  const spot = workshop.spotlight || {};
  const most = Math.max(1, ...notes.map((n) => n.dots || 0));
  const card = (note) => ui.noteCard({
    text: note.text, meta: [note.author && sectorLabel(note.author.sector), note.category, feelingWords(section, note.feeling)],
    id: note.id, picture: feelingPicture(section, note.feeling),
    count: { value: note.dots || 0, max: most, text: dotsLabel(note.dots || 0) },
    classes: spot.step_id === step.id && spot.item === note.id ? 'is-spotlit' : '',
  });
  const groups = [...Object.values(view.clusters || {}), { id: '', name: _('Not yet clustered') }];
  fill(board, groups.map((c) => {
    const inCluster = notes.filter((n) => (n.cluster || '') === c.id);
    if (!inCluster.length) return null;
    return h('div', { class: 'cluster-col' }, h('h3', { text: c.name }), h('ol', { class: 'note-list' }, inCluster.map(card)));
  }));
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber, region, sectorLabel, pictures } = ctx);
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
