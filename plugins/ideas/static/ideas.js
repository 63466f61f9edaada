// Ideas & dot voting: draws the notes, clusters and dots for each audience.

// Set from ctx (the page's translations, pages/steps.js) at the start of render().
let _; let ngettext; let pgettext; let formatNumber;

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

function meta(note, view) {
  const who = note.author && note.author.name ? note.author.name : (note.author && note.author.sector) || '';
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
    text: note.text, meta: [note.category], id: note.id,
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
  fill(room, order.map((id) => view.notes[id]).map((note) => ui.noteCard({
    text: note.text, meta: [...meta(note, view), dotsLabel(note.dots)], id: note.id,
    actions: view.dots ? [ui.voteControl({
      count: votes[note.id] || 0, label: note.text,
      canAdd: open && dotsLeft > 0, canRemove: open && Boolean(votes[note.id]),
      onAdd: () => act(ctx, 'vote', { note_id: note.id }),
      onRemove: () => act(ctx, 'unvote', { note_id: note.id }),
    })] : [],
  })));
}

function ideasCount(n) { return ngettext('{n} idea', '{n} ideas', n, { n: formatNumber(n) }); }

function renderFacilitator(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, step, workshop } = data;
  const notes = byRank(view);
  const clusters = Object.values(view.clusters || {});
  section.querySelector('[data-region="summary"]').textContent = [ideasCount(notes.length), ngettext(
    '{n} person has placed dots', '{n} people have placed dots', view.voters, { n: formatNumber(view.voters) })].join(' · ');
  fill(section.querySelector('[data-region="clusters"]'), clusters.map((c) => h('li', {},
    h('span', { text: c.name }), ' ',
    ui.button(_('Delete'), () => act(ctx, 'delete_cluster', { cluster_id: c.id }),
      { class: 'button button-small', 'aria-label': _('Delete cluster {name}', { name: c.name }) }))));
  const spot = workshop.spotlight || {};
  fill(section.querySelector('[data-region="notes"]'), notes.map((note) => {
    // Both act only on their button (ui.confirmChoice), never on the select's change.
    const move = ui.confirmChoice(h('select', { 'aria-label': _('Cluster for: {text}', { text: note.text }) },
      h('option', { value: '', text: _('No cluster') }),
      clusters.map((c) => h('option', { value: c.id, text: c.name, selected: c.id === note.cluster }))),
    { text: _('Move'), label: _('Move “{text}” to the chosen cluster', { text: note.text }),
      onConfirm: (value) => act(ctx, 'move_note', { note_id: note.id, cluster_id: value }) });
    const merge = ui.confirmChoice(h('select', { 'aria-label': _('Merge “{text}” into another note', { text: note.text }) },
      h('option', { value: '', text: _('Merge into…') }),
      notes.filter((n) => n.id !== note.id).map((n) => h('option', { value: n.id, text: n.text.slice(0, 60) }))),
    { text: _('Merge'), label: _('Merge “{text}” into the chosen note', { text: note.text }),
      onConfirm: (value) => {
        if (window.confirm(_('Merge “{text}” into the chosen note? This cannot be undone.', { text: note.text }))) {
          act(ctx, 'merge_notes', { note_id: value, duplicate_id: note.id });
        }
      } });
    const spotlit = spot.step_id === step.id && spot.item === note.id;
    return ui.noteCard({
      text: note.text, meta: [...meta(note, view), dotsLabel(note.dots)], id: note.id,
      classes: spotlit ? 'is-spotlit' : '',
      actions: [h('div', { class: 'note-tools' }, move, merge,
        ui.button(spotlit ? _('Spotlit') : _('Spotlight'), () => ctx.control('spotlight', { step_id: step.id, item: note.id }), { class: 'button button-small', 'aria-pressed': spotlit ? 'true' : 'false' }),
        ui.button(_('Delete'), () => act(ctx, 'delete_note', { note_id: note.id }), { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: note.text }) }))],
    });
  }));
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
    text: note.text, meta: [note.author && note.author.sector, note.category], id: note.id,
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
  ({ _, ngettext, pgettext, formatNumber } = ctx);
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
