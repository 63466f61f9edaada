// Alignment mapper: goals, "do we share this?", themes, essential or nice to have, and the
// alignment map (themes × sectors). User text only ever goes in through text nodes.

// Set from ctx (the page's translations, pages/steps.js) at the start of render(). The
// view sends codes (phase keys, levels, bands); every sentence is written here, in the reader's language.
let _; let ngettext; let pgettext; let formatNumber; let sectorLabel;

function phaseName(key) {
  return ({
    goals: _('Goals'), shared: _('Shared?'), themes: _('Themes'), essential: _('Essential or nice to have'),
  })[key] || key;
}
function phaseHelp(key) {
  return ({
    goals: _('Write the goals and priorities of your own organisation, one per card.'),
    shared: _('Look at the goals of the other partners: which does your organisation share?'),
    themes: _('Goals are being grouped into themes.'),
    essential: _('For each theme: is it essential for this partnership, or nice to have?'),
  })[key] || '';
}
function levelText(level) {
  return ({ held: _('their own goal'), shared: _('shares it'), partly: _('partly shares it') })[level] || _('not shared');
}
function legendText(level) {
  return ({ held: _('own goal'), shared: _('shares it'), partly: _('partly shares it') })[level];
}
const LEVEL_MARK = { held: '●', shared: '◆', partly: '◐' };
function bands() {
  return [
    ['common', _('Common ground'), _('Shared by most sectors')],
    ['some', _('Shared by some'), _('Held or shared by two or more sectors')],
    ['difference', _('Differences to respect'), _('Held by one sector')],
  ];
}
function responses() { return [['shared', _('We share this')], ['partly', _('Partly')]]; }
function ratings() { return [['essential', _('Essential')], ['nice', _('Nice to have')]]; }

// Rebuild a region only when what it shows changed, so a select or button keeps focus while
// unrelated taps stream in from the room.
const drawn = new WeakMap();
let refusals = 0;  // a refused change redraws everything, so no control shows a choice not taken
function changed(el, ...parts) {
  const key = JSON.stringify([refusals, ...parts]);
  if (!el || drawn.get(el) === key) return false;
  drawn.set(el, key);
  return true;
}

let region;  // ctx.region, set at each render()
function part(section, name) { return section.querySelector(`[data-part="${name}"]`); }
function num(n) { return formatNumber(n); }
function goalsCount(n) { return ngettext('{n} goal', '{n} goals', n, { n: num(n) }); }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) { refusals += 1; ctx.ui.announce(ack.error, 'assertive'); }
  return ack;
}

function phaseIndex(view, key) { return view.phases.findIndex((p) => p.key === key); }
function reached(view, key) { const i = phaseIndex(view, key); return i >= 0 && phaseIndex(view, view.phase) >= i; }

function phaseText(view) {
  const i = phaseIndex(view, view.phase);
  return _('Phase {i} of {count} · {name} — {help}', {
    i: num(i + 1), count: num(view.phases.length), name: phaseName(view.phase), help: phaseHelp(view.phase),
  });
}

function byOrder(items) { return Object.values(items || {}).sort((a, b) => a.order - b.order); }

function sharesText(card) {
  const full = Object.entries(card.shares || {}).filter(([, l]) => l === 'shared').map(([s]) => s);
  const part = Object.entries(card.shares || {}).filter(([, l]) => l === 'partly').map(([s]) => s);
  const bits = [];
  if (full.length) bits.push(_('shared by {sectors}', { sectors: full.map(sectorName).join(', ') }));
  if (part.length) bits.push(_('partly by {sectors}', { sectors: part.map(sectorName).join(', ') }));
  return bits.join('; ');
}

function sectorName(s) { return s === 'other' ? _('Other sectors') : sectorLabel(s); }

function cardMeta(card, themes) {
  // Lists: each name is isolated in the meta line (ui.isolated), so a right-to-left name keeps its place.
  const who = card.author && card.author.name
    ? [card.author.name, card.author.organisation] : (card.held_by || []);
  const theme = card.theme && themes[card.theme] ? themes[card.theme].name : '';
  return [who, theme, card.merged ? pgettext('alignment_mapper', '+{n} merged', { n: num(card.merged) }) : '', sharesText(card)];
}

function hiddenNote(view) {
  return ngettext('{n} goal so far — it stays private until the facilitator reveals it.',
    '{n} goals so far — they stay private until the facilitator reveals them.', view.counts.goals,
    { n: num(view.counts.goals) });
}

// -- the alignment map -------------------------------------------------------------------

function splitText(row) {
  if (!row.essential && !row.nice) return '';
  return _('{essential} essential · {nice} nice to have', { essential: num(row.essential), nice: num(row.nice) });
}

// The map's rows come keyed by id (an answer then patches one row, not the whole map): most
// sectors reached first, then most partly, then the order written, as alignment.ranked_rows.
function mapRows(view) {
  return Object.values(view.map.rows || {})
    .sort((a, b) => b.reach - a.reach || b.partly - a.partly || a.order - b.order);
}

function mapTable(view, ctx, spotlit) {
  const { h } = ctx;
  const { sectors } = view.map;
  const rows = mapRows(view);
  const head = h('tr', {}, h('th', { scope: 'col', text: _('Theme or goal') }),
    sectors.map((s) => h('th', { scope: 'col', text: sectorName(s) })),
    h('th', { scope: 'col', text: _('Reach') }));
  const body = [];
  for (const [band, title, hint] of bands()) {
    const inBand = rows.filter((r) => r.band === band);
    if (!inBand.length) continue;
    body.push(h('tr', { class: `am-band am-band-${band}` },
      h('th', { scope: 'rowgroup', colspan: String(sectors.length + 2) }, title, h('span', { class: 'am-band-hint', text: ` — ${hint}` }))));
    for (const row of inBand) {
      body.push(h('tr', { class: `am-row am-row-${band}${row.id === spotlit ? ' is-spotlit' : ''}`, dataset: { item: row.id } },
        h('th', { scope: 'row' }, h('span', { class: 'am-label', text: row.label }),
          h('span', { class: 'am-row-meta', text: [row.kind === 'theme' ? goalsCount(row.goals) : '', splitText(row)].filter(Boolean).join(' · ') })),
        sectors.map((s) => {
          const level = row.cells[s] || 'none';
          return h('td', { class: `am-cell am-${level}` },
            h('span', { 'aria-hidden': 'true', text: LEVEL_MARK[level] || '' }),
            h('span', { class: 'visually-hidden', text: levelText(level) }));
        }),
        h('td', { class: 'am-reach', text: `${num(row.reach)}/${num(view.map.total_sectors)}` })));
    }
  }
  return h('table', { class: 'am-map' },
    h('caption', { text: _('Alignment map: which sectors hold or share each theme') }),
    h('thead', {}, head), h('tbody', {}, body));
}

function legend(ctx) {
  const { h } = ctx;
  return h('p', { class: 'am-legend' },
    ['held', 'shared', 'partly'].map((l) => h('span', { class: `am-key am-${l}` },
      h('span', { 'aria-hidden': 'true', text: `${LEVEL_MARK[l]} ` }), legendText(l))));
}

function renderMap(el, data, ctx) {
  if (!el) return;
  const { view, step, workshop } = data;
  const spot = (workshop && workshop.spotlight) || {};
  const { h, fill } = ctx;
  if (view.hidden) { fill(el, h('p', { class: 'empty', text: hiddenNote(view) })); return; }
  if (!mapRows(view).length) { fill(el, h('p', { class: 'empty', text: _('The map fills in as goals arrive.') })); return; }
  fill(el, mapTable(view, ctx, spot.step_id === step.id ? spot.item : ''), legend(ctx));
}

function summaryText(view) {
  const c = view.counts;
  const sectors = Object.keys(c.by_sector || {}).length;
  const goals = goalsCount(c.goals);
  const from = ngettext('{n} sector', '{n} sectors', sectors, { n: num(sectors) });
  return [sectors ? _('{goals} from {sectors}', { goals, sectors: from }) : goals,
  c.responders ? ngettext('{n} person has answered', '{n} people have answered', c.responders,
    { n: num(c.responders) }) : '',
  c.themes ? ngettext('{n} theme', '{n} themes', c.themes, { n: num(c.themes) }) : '',
  c.raters ? ngettext('{n} person has rated the themes', '{n} people have rated the themes', c.raters,
    { n: num(c.raters) }) : ''].filter(Boolean).join(' · ');
}

// -- participant -------------------------------------------------------------------------

function choiceButtons(ctx, choices, current, enabled, label, onPick) {
  const { h, ui } = ctx;
  return h('div', { class: 'am-choices', role: 'group', 'aria-label': label },
    choices.map(([value, text]) => ui.button(text, () => onPick(current === value ? 'none' : value), {
      class: `btn btn-small${current === value ? ' btn-primary' : ''}`,
      'aria-pressed': current === value ? 'true' : 'false', disabled: !enabled,
    })));
}

function renderMine(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, personal, step } = data;
  const editable = step.status === 'open' && view.phase === 'goals';
  const mine = byOrder(personal.cards);
  fill(region(section, 'mine'), mine.length ? mine.map((card) => ui.noteCard({
    text: card.text, id: card.id, meta: [card.merged ? pgettext('alignment_mapper', '+{n} merged', { n: num(card.merged) }) : ''],
    actions: editable ? [
      ui.button(_('Edit'), () => {
        const text = window.prompt(_('Edit your goal'), card.text);
        if (text !== null && text.trim() !== card.text) act(ctx, 'edit_goal', { card_id: card.id, text });
      }, { class: 'btn btn-small', 'aria-label': _('Edit: {text}', { text: card.text }) }),
      ui.button(_('Delete'), () => {
        if (window.confirm(_('Delete this goal?'))) act(ctx, 'delete_goal', { card_id: card.id });
      }, { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: card.text }) }),
    ] : [],
  })) : h('li', { class: 'empty', text: _('Nothing yet — your goals will appear here.') }));
  const left = region(section, 'goals-left');
  const goalsLeft = personal.goals_left ?? view.limits.goals;
  if (left) left.textContent = ngettext('You can add {n} more goal.', 'You can add {n} more goals.', goalsLeft, { n: num(goalsLeft) });
}

function renderOthers(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view, personal, step, me } = data;
  const el = region(section, 'others');
  if (!changed(el, view.hidden, view.counts.goals, view.cards, view.themes, view.phase, personal.held,
    personal.responses, step.status)) return;
  if (view.hidden) { fill(el, h('li', { class: 'empty', text: hiddenNote(view) })); return; }
  const held = new Set(personal.held || []);
  const answers = personal.responses || {};
  const canAnswer = step.status === 'open' && reached(view, 'shared');
  region(section, 'others-hint').textContent = reached(view, 'shared')
    ? _('Tap “We share this” when your organisation works towards the same thing, “Partly” when it overlaps. Tap again to undo.')
    : (phaseIndex(view, 'shared') >= 0 ? _('Later you will say which of these your organisation shares.') : '');
  const others = byOrder(view.cards).filter((c) => !held.has(c.id));
  fill(el, others.length ? others.map((card) => {
    const sameOrg = me && card.author && card.author.organisation && card.author.organisation === me.organisation;
    return ui.noteCard({
      text: card.text, id: card.id, meta: cardMeta(card, view.themes),
      actions: sameOrg ? [h('p', { class: 'hint', text: _('From your own organisation') })]
        : !reached(view, 'shared') ? [] : [choiceButtons(ctx, responses(), answers[card.id], canAnswer, _('Do you share: {text}', { text: card.text }),
          (response) => act(ctx, 'respond', { card_id: card.id, response }))],
    });
  }) : h('li', { class: 'empty', text: _('No goals from other partners yet.') }));
}

function moveSelect(ctx, card, themes, label) {
  const { h } = ctx;
  // Acts only on its button (ui.confirmChoice), never on the select's change.
  return ctx.ui.confirmChoice(h('select', { 'aria-label': label },
    h('option', { value: '', text: _('Not yet grouped') }),
    themes.map((t) => h('option', { value: t.id, text: t.name, selected: t.id === card.theme }))),
  { text: _('Move'), label: _('Move “{text}” to the chosen theme', { text: card.text }),
    onConfirm: (value) => act(ctx, 'move_goal', { card_id: card.id, theme_id: value }) });
}

function renderThemes(section, data, ctx) {
  const { h, fill } = ctx;
  const { view, personal, step } = data;
  const themes = byOrder(view.themes);
  const grouping = view.participants_group && view.phase === 'themes' && step.status === 'open';
  const groupEl = region(section, 'grouping');
  if (groupEl) groupEl.hidden = !grouping;
  const rating = view.phase === 'essential';
  region(section, 'themes-hint').textContent = rating
    ? _('Mark each theme: essential for this partnership, or nice to have? Tap again to undo.')
    : (grouping ? _('Group the goals: choose a theme for each one.') : _('The facilitator is grouping the goals into themes.'));
  const myRatings = personal.ratings || {};
  const cards = byOrder(view.cards);
  if (!changed(region(section, 'themes'), view.cards, view.themes, grouping, rating, myRatings, step.status)) return;
  const items = themes.map((t) => h('li', { class: 'am-theme' },
    h('h4', { text: t.name }),
    h('p', { class: 'note-meta', text: [goalsCount(t.goals), splitText(t)].filter(Boolean).join(' · ') }),
    h('ul', { class: 'am-theme-goals' }, cards.filter((c) => c.theme === t.id).map((c) => h('li', {},
      h('span', { text: c.text }), grouping ? moveSelect(ctx, c, themes, _('Theme for: {text}', { text: c.text })) : null))),
    rating ? choiceButtons(ctx, ratings(), myRatings[t.id], step.status === 'open', _('How important is {name}?', { name: t.name }),
      (value) => act(ctx, 'rate_theme', { theme_id: t.id, rating: value })) : null));
  const loose = cards.filter((c) => !c.theme);
  if (grouping && loose.length) {
    items.push(h('li', { class: 'am-theme am-loose' }, h('h4', { text: _('Not yet grouped') }),
      h('ul', { class: 'am-theme-goals' }, loose.map((c) => h('li', {}, h('span', { text: c.text }),
        moveSelect(ctx, c, themes, _('Theme for: {text}', { text: c.text })))))));
  }
  fill(region(section, 'themes'), items.length ? items : h('li', { class: 'empty', text: _('No themes yet.') }));
}

function renderParticipant(section, data, ctx) {
  const { view } = data;
  // The core's phase bar says which phase the room is in; this line says what to do in it.
  region(section, 'phase').textContent = phaseHelp(view.phase);
  part(section, 'goals').hidden = view.phase !== 'goals';
  const themes = part(section, 'themes');
  themes.hidden = !reached(view, 'themes');
  // Once the room works on themes, they come first on a phone; the goals follow below.
  const respond = part(section, 'respond');
  if (!themes.hidden && respond.compareDocumentPosition(themes) & Node.DOCUMENT_POSITION_FOLLOWING) {
    respond.before(themes);
  }
  renderMine(section, data, ctx);
  renderOthers(section, data, ctx);
  if (reached(view, 'themes')) renderThemes(section, data, ctx);
}

// -- facilitator ---------------------------------------------------------------------------

function renderPhases(section, data, ctx) {
  const { fill } = ctx;
  const { view } = data;
  // The phase bar and the reveal control are the core's; this only says what hiding means here.
  fill(region(section, 'reveal'), view.think_alone
    ? ctx.h('p', { class: 'hint', text: _('Participants see only their own goals for now.') }) : []);
}

function dropZone(ctx, themeId, children) {
  return ctx.h('div', {
    class: 'am-column', dataset: { theme: themeId },
    ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add('is-over'); },
    ondragleave: (e) => e.currentTarget.classList.remove('is-over'),
    ondrop: (e) => {
      e.preventDefault();
      e.currentTarget.classList.remove('is-over');
      const cardId = e.dataTransfer.getData('text/plain');
      if (cardId) act(ctx, 'move_goal', { card_id: cardId, theme_id: themeId });
    },
  }, children);
}

function facilitatorCard(ctx, card, view, cards, themes, spotlit, step) {
  const { h, ui } = ctx;
  const merge = ui.confirmChoice(h('select', { 'aria-label': _('Merge “{text}” into another goal', { text: card.text }) },
    h('option', { value: '', text: _('Merge into…') }),
    cards.filter((c) => c.id !== card.id).map((c) => h('option', { value: c.id, text: c.text.slice(0, 60) }))),
  { text: _('Merge'), label: _('Merge “{text}” into the chosen goal', { text: card.text }),
    onConfirm: (value) => {
      if (window.confirm(_('Merge “{text}” into the chosen goal? This cannot be undone.', { text: card.text }))) {
        act(ctx, 'merge_goals', { card_id: value, duplicate_id: card.id });
      }
    } });
  const tools = [];
  if (view.phases.some((p) => p.key === 'themes')) tools.push(moveSelect(ctx, card, themes, _('Theme for: {text}', { text: card.text })), merge);
  tools.push(
    ui.button(spotlit ? _('Spotlit') : _('Spotlight'), () => ctx.control('spotlight', { step_id: step.id, item: card.id }),
      { class: 'btn btn-small', 'aria-pressed': spotlit ? 'true' : 'false' }),
    // The facilitator may fix a goal's words (a typo, a shorter phrasing); the author stays.
    ui.button(_('Edit'), () => {
      const text = window.prompt(_('New text for this goal'), card.text);
      if (text !== null && text.trim() && text.trim() !== card.text) act(ctx, 'edit_goal', { card_id: card.id, text });
    }, { class: 'btn btn-small', 'aria-label': _('Edit: {text}', { text: card.text }) }),
    ui.button(_('Delete'), () => {
      if (window.confirm(_('Delete this goal for everyone?'))) act(ctx, 'delete_goal', { card_id: card.id });
    }, { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: card.text }) }));
  const li = ui.noteCard({ text: card.text, id: card.id, meta: cardMeta(card, view.themes),
    classes: spotlit ? 'is-spotlit' : '', actions: [h('div', { class: 'note-tools' }, tools)] });
  li.setAttribute('draggable', 'true');
  li.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/plain', card.id));
  return li;
}

function themeHeader(ctx, theme) {
  const { h, ui } = ctx;
  return h('div', { class: 'am-column-head' },
    h('h3', { text: theme.name }),
    h('p', { class: 'note-meta', text: [goalsCount(theme.goals), splitText(theme)].filter(Boolean).join(' · ') }),
    h('div', { class: 'note-tools' },
      ui.button(_('Rename'), () => {
        const name = window.prompt(_('New name for this theme'), theme.name);
        if (name && name.trim() !== theme.name) act(ctx, 'rename_theme', { theme_id: theme.id, name });
      }, { class: 'btn btn-small', 'aria-label': _('Rename theme {name}', { name: theme.name }) }),
      ui.button(_('Delete'), () => act(ctx, 'delete_theme', { theme_id: theme.id }),
        { class: 'btn btn-small', 'aria-label': _('Delete theme {name}', { name: theme.name }) })));
}

function renderBoard(section, data, ctx) {
  const { h, fill } = ctx;
  const { view, step, workshop } = data;
  const cards = byOrder(view.cards);
  const themes = byOrder(view.themes);
  const spot = workshop.spotlight || {};
  if (!changed(region(section, 'board'), view.cards, view.themes, view.phases, spot, step.id)) return;
  const card = (c) => facilitatorCard(ctx, c, view, cards, themes, spot.step_id === step.id && spot.item === c.id, step);
  const columns = themes.map((t) => dropZone(ctx, t.id, [themeHeader(ctx, t),
    h('ul', { class: 'note-list' }, cards.filter((c) => c.theme === t.id).map(card))]));
  const loose = cards.filter((c) => !c.theme || !view.themes[c.theme]);
  columns.unshift(dropZone(ctx, '', [h('div', { class: 'am-column-head' }, h('h3', { text: themes.length ? _('Not yet grouped') : _('Goals') })),
    h('ul', { class: 'note-list' }, loose.length ? loose.map(card) : h('li', { class: 'empty', text: cards.length ? _('All goals are grouped.') : _('No goals yet.') }))]));
  fill(region(section, 'board'), columns);
}

function renderFacilitator(section, data, ctx) {
  const { view } = data;
  renderPhases(section, data, ctx);
  region(section, 'summary').textContent = `${phaseText(view)} — ${summaryText(view)}`;
  const themesPart = part(section, 'themes');
  if (themesPart) themesPart.hidden = !view.phases.some((p) => p.key === 'themes');
  renderBoard(section, data, ctx);
  renderMap(region(section, 'map'), data, ctx);
}

// -- room screen ---------------------------------------------------------------------------

function renderScreen(section, data, ctx) {
  const { view } = data;
  region(section, 'phase').textContent = phaseText(view);
  region(section, 'summary').textContent = summaryText(view);
  renderMap(region(section, 'map'), data, ctx);
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber, region, sectorLabel } = ctx);
  if (!data.view || !data.view.phases) return;
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
