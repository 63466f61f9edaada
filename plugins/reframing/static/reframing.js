// Reframing prompts: each target sector's priorities, the reframes written for it and how the
// room rates them — drawn for the participant's phone, the facilitator console and the screen.

// Translation and number formatting; render() takes the page's own from ctx.
let _; let ngettext; let formatNumber; let sectorLabel;

const SCORES = [1, 2, 3, 4, 5];

function phaseLabel(key) {
  return ({
    priorities: _('Their priorities'),
    reframe: _('Reframe'),
    rate: _('Would it land?'),
    choose: _('Choose'),
  })[key] || key;
}

function same(a, b) { return Boolean(a) && (a || '').trim().toLowerCase() === (b || '').trim().toLowerCase(); }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

let region;  // ctx.region, set at each render()

// A sector's reframes as views.ranking orders them (the view sends no ranking arrays, so a
// rating patches one reframe): best average, then most ratings, then writing order, while the
// ratings show; writing order alone otherwise.
function ranked(view, sector) {
  const byOrder = (a, b) => a.order - b.order;
  const byScore = (a, b) => ((b.rating || {}).average || 0) - ((a.rating || {}).average || 0)
    || ((b.rating || {}).count || 0) - ((a.rating || {}).count || 0) || byOrder(a, b);
  return Object.values(view.reframes || {}).filter((r) => r.sector === sector)
    .sort(view.ratings_shown ? byScore : byOrder);
}

function prioritiesOf(view, sector) {
  return Object.values(view.priorities || {}).filter((p) => p.sector === sector).sort((a, b) => a.order - b.order);
}

function who(item) {
  const a = item.author || {};
  return a.name ? [a.name, a.organisation].filter(Boolean).join(', ') : sectorLabel(a.sector || '');
}

// "Education insiders 5/5 (1 rating) · Everyone 3.5/5 (2 ratings)": the insiders' view beside
// everyone's; the server leaves the insider figure out where it would single people out.
function ratingText(r, sector) {
  if (!r || !r.count) return _('No ratings yet');
  if (!('average' in r)) {
    return ngettext('{n} rating so far — shown once the room moves on to choosing',
      '{n} ratings so far — shown once the room moves on to choosing', r.count);
  }
  const overall = ngettext('Everyone {average}/5 ({n} rating)', 'Everyone {average}/5 ({n} ratings)', r.count,
    { average: formatNumber(r.average) });
  if (!('insider_average' in r)) return overall;
  return ngettext('{sector} insiders {average}/5 ({n} rating) · {overall}',
    '{sector} insiders {average}/5 ({n} ratings) · {overall}', r.insider_count,
    { sector, average: formatNumber(r.insider_average), overall });
}

function totals(view) {
  let priorities = 0; let reframes = 0;
  for (const c of Object.values(view.counts || {})) { priorities += c.priorities; reframes += c.reframes; }
  return [ngettext('{n} priority', '{n} priorities', priorities), ngettext('{n} reframe', '{n} reframes', reframes)].join(' · ');
}

function spotlit(data, id) {
  const spot = (data.workshop && data.workshop.spotlight) || {};
  return spot.step_id === data.step.id && spot.item === id;
}

// Open the panel of the room's current phase once each time the phase changes, so a person's
// own opening and closing of panels is not undone on every update.
function followPhase(section, phase) {
  if (section.dataset.rfPhase === phase) return;
  section.dataset.rfPhase = phase;
  for (const panel of section.querySelectorAll('details[data-phase]')) panel.open = panel.dataset.phase === phase;
}

// Preselect the participant's own sector in the sector pickers, once.
function preselect(section, me) {
  if (!me || section.dataset.rfPicked) return;
  section.dataset.rfPicked = '1';
  for (const select of section.querySelectorAll('[data-sector-picker]')) {
    const match = Array.from(select.options).find((o) => same(o.value, me.sector));
    if (match) select.value = match.value;
  }
}

function hiddenNote(view) {
  return _('{totals} so far — they stay private until the facilitator reveals them.', { totals: totals(view) });
}

// -- participant ----------------------------------------------------------------------------

// The own part (data.personal) is only refreshed when this person acts; what others do to their
// items (the facilitator rewording or deleting one, others rating it) shows in the shared view,
// so prefer that whenever the step is not hidden.
function current(view, kind, items) {
  const shared = view[kind] || {};
  return Object.values(items || {})
    .filter((item) => view.hidden || shared[item.id])
    .map((item) => {
      if (view.hidden) return item;
      const now = shared[item.id];
      return { ...item, text: now.text, links: now.links || item.links, shared: now };
    });
}

function myPriorities(data, ctx) {
  const { ui } = ctx;
  const open = data.step.status === 'open';
  return current(data.view, 'priorities', data.personal.priorities).map((p) => ui.noteCard({
    text: p.text, meta: [p.sector], id: p.id,
    actions: open ? [ui.button(_('Delete'), () => act(ctx, 'delete_priority', { priority_id: p.id }),
      { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: p.text }) })] : [],
  }));
}

function roomPriorities(data, ctx) {
  const { h } = ctx;
  const { view } = data;
  if (view.hidden) return h('p', { class: 'empty', text: hiddenNote(view) });
  return view.sectors.map((sector) => {
    const items = prioritiesOf(view, sector);
    return h('div', { class: 'rf-sector' }, h('h5', { text: sector }),
      items.length ? h('ul', { class: 'note-list' }, items.map((p) => ctx.ui.noteCard({
        text: p.text, id: p.id, meta: [p.insider ? _('Insider view') : '', who(p)], classes: p.insider ? 'is-insider' : '',
      }))) : h('p', { class: 'empty', text: _('Nothing yet.') }));
  });
}

function linkButtons(data, ctx, reframe) {
  const { h, ui } = ctx;
  const options = data.view.hidden ? [] : prioritiesOf(data.view, reframe.sector);
  if (!options.length) return null;
  const open = data.step.status === 'open';
  return h('div', { class: 'rf-links', role: 'group', 'aria-label': _('Priorities this reframe connects to: {text}', { text: reframe.text }) },
    h('p', { class: 'hint', text: _('Connects to their priority:') }),
    options.map((p) => {
      const on = reframe.links.includes(p.id);
      return ui.button(p.text, () => act(ctx, 'connect_priority', { reframe_id: reframe.id, priority_id: p.id, connected: !on }),
        { class: `btn btn-small rf-link${on ? ' is-on' : ''}`, 'aria-pressed': on ? 'true' : 'false', disabled: !open });
    }));
}

function myReframes(data, ctx) {
  const { ui } = ctx;
  const open = data.step.status === 'open';
  return current(data.view, 'reframes', data.personal.reframes).map((r) => ui.noteCard({
    text: r.text, id: r.id,
    meta: [_('For {sector}', { sector: r.sector }), r.prompt ? _('Prompt: {prompt}', { prompt: r.prompt }) : '',
      r.shared && r.shared.reworded ? _('Reworded with the room') : '',
      r.rated || (r.shared && r.shared.rating.count) ? _('Others have rated it') : ''],
    actions: [linkButtons(data, ctx, r), open ? ui.button(_('Delete'), () => {
      if (window.confirm(_('Delete this reframe and its ratings?'))) act(ctx, 'delete_reframe', { reframe_id: r.id });
    }, { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: r.text }) }) : null].filter(Boolean),
  }));
}

function scoreButtons(data, ctx, reframe) {
  const { h, ui } = ctx;
  const mine = (data.personal.ratings || {})[reframe.id] || 0;
  const open = data.step.status === 'open';
  return h('div', { class: 'rf-scores', role: 'group', 'aria-label': _('Would it land: {text}', { text: reframe.text }) },
    SCORES.map((n) => ui.button(String(n), () => act(ctx, 'rate', { reframe_id: reframe.id, score: n }), {
      class: `btn rf-score${mine === n ? ' is-on' : ''}`, 'aria-pressed': mine === n ? 'true' : 'false',
      'aria-label': _('{n} of 5', { n }), disabled: !open,
    })),
    mine ? ui.button(_('Clear'), () => act(ctx, 'unrate', { reframe_id: reframe.id }),
      { class: 'btn btn-small', disabled: !open, 'aria-label': _('Clear my rating of: {text}', { text: reframe.text }) }) : null);
}

function rateCards(data, ctx) {
  const { h, ui } = ctx;
  const { view, personal, me } = data;
  if (view.hidden) return h('p', { class: 'empty', text: hiddenNote(view) });
  const own = personal.reframes || {};
  return view.sectors.map((sector) => {
    const others = ranked(view, sector).filter((r) => !own[r.id]);
    return h('div', { class: 'rf-sector' },
      h('h4', { text: _('For {sector}', { sector }) }),
      me && same(me.sector, sector) ? h('p', { class: 'hint', text: _('You work in this sector: your ratings count as an insider’s.') }) : null,
      others.length ? h('ul', { class: 'note-list' }, others.map((r) => ui.noteCard({
        text: r.text, id: r.id, meta: view.ratings_shown ? [ratingText(r.rating, r.sector)] : [],
        actions: [scoreButtons(data, ctx, r)],
      }))) : h('p', { class: 'empty', text: _('No reframes from others yet.') }));
  });
}

function chosenList(data, ctx) {
  const { h } = ctx;
  const { view } = data;
  return h('ul', { class: 'note-list' }, view.sectors.map((sector) => {
    const chosen = view.reframes[(view.chosen || {})[sector]];
    return ctx.ui.noteCard({ text: chosen ? chosen.text : _('Not chosen yet'), meta: [sector], classes: chosen ? 'is-chosen' : '' });
  }));
}

function renderParticipant(section, data, ctx) {
  const { fill, h } = ctx;
  const { view } = data;
  followPhase(section, view.phase);
  preselect(section, data.me);
  const mine = myPriorities(data, ctx);
  fill(region(section, 'my-priorities'), mine.length ? mine : h('li', { class: 'empty', text: _('Nothing yet.') }));
  fill(region(section, 'priorities'), roomPriorities(data, ctx));
  const reframes = myReframes(data, ctx);
  fill(region(section, 'my-reframes'), reframes.length ? reframes : h('li', { class: 'empty', text: _('Nothing yet — your reframes will appear here.') }));
  fill(region(section, 'rate'), rateCards(data, ctx));
  fill(region(section, 'chosen'), view.hidden ? h('p', { class: 'empty', text: hiddenNote(view) }) : chosenList(data, ctx));
}

// -- facilitator ----------------------------------------------------------------------------

function startReword(section, reframe) {
  const panel = section.querySelector('[data-reword]');
  panel.open = true;
  section.querySelector('[data-reword-id]').value = reframe.id;
  region(section, 'reword-target').textContent = _('Rewording the reframe for {sector}.', { sector: reframe.sector });
  const text = section.querySelector('[data-reword-text]');
  text.value = reframe.text;
  text.focus();
}

function facilitatorCard(section, data, ctx, reframe, chosenId) {
  const { h, ui } = ctx;
  const lit = spotlit(data, reframe.id);
  const isChosen = chosenId === reframe.id;
  const open = data.step.status === 'open';
  return ui.noteCard({
    text: reframe.text, id: reframe.id, classes: `${lit ? 'is-spotlit' : ''} ${isChosen ? 'is-chosen' : ''}`,
    meta: [isChosen ? _('Chosen') : '', who(reframe), reframe.insider ? _('Insider') : '', ratingText(reframe.rating, reframe.sector),
      reframe.reworded ? _('Reworded (first: “{original}”)', { original: reframe.original || '' }) : ''],
    actions: [h('div', { class: 'note-tools' },
      ui.button(lit ? _('On screen') : _('Spotlight'), () => ctx.control('spotlight', lit ? {} : { step_id: data.step.id, item: reframe.id }),
        { class: 'btn btn-small', 'aria-pressed': lit ? 'true' : 'false', 'aria-label': _('Spotlight: {text}', { text: reframe.text }) }),
      isChosen
        ? ui.button(_('Unchoose'), () => act(ctx, 'clear_choice', { sector: reframe.sector }),
          { class: 'btn btn-small', 'aria-label': _('Unchoose: {text}', { text: reframe.text }) })
        : ui.button(_('Choose'), () => act(ctx, 'choose_framing', { reframe_id: reframe.id }),
          { class: 'btn btn-small btn-primary', 'aria-label': _('Choose for {sector}: {text}', { sector: reframe.sector, text: reframe.text }) }),
      ui.button(_('Reword'), () => startReword(section, reframe), { class: 'btn btn-small', 'aria-label': _('Reword: {text}', { text: reframe.text }) }),
      open ? ui.button(_('Delete'), () => {
        if (window.confirm(_('Delete this reframe and its ratings?'))) act(ctx, 'delete_reframe', { reframe_id: reframe.id });
      }, { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: reframe.text }) }) : null)],
  });
}

function renderFacilitator(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view } = data;
  region(section, 'summary').textContent = [totals(view), ngettext('{n} person rating', '{n} people rating', view.raters)].join(' · ');
  fill(region(section, 'ratings-control'), h('span', { class: 'hint', text: !view.ratings_hidden
    ? _('The room sees the ratings as they come in.')
    : (view.revealed ? _('The room sees the ratings.') : _('Only you see the ratings until the room moves on to choosing.')) }));
  fill(region(section, 'board'), view.sectors.map((sector) => {
    const priorities = prioritiesOf(view, sector);
    const reframes = ranked(view, sector);
    return h('section', { class: 'rf-sector' }, h('h3', { text: sector }),
      h('h4', { text: _('Their priorities ({n})', { n: priorities.length }) }),
      h('ul', { class: 'note-list rf-priorities' }, priorities.map((p) => ui.noteCard({
        text: p.text, id: p.id, meta: [p.insider ? _('Insider') : '', who(p)],
        actions: data.step.status === 'open' ? [ui.button(_('Delete'), () => act(ctx, 'delete_priority', { priority_id: p.id }),
          { class: 'btn btn-small', 'aria-label': _('Delete: {text}', { text: p.text }) })] : [],
      }))),
      h('h4', { text: _('Reframes, best rated first ({n})', { n: reframes.length }) }),
      reframes.length ? h('ol', { class: 'note-list ranked' }, reframes.map((r) => facilitatorCard(section, data, ctx, r, view.chosen[sector])))
        : h('p', { class: 'empty', text: _('No reframes yet.') }));
  }));
}

// -- room screen ----------------------------------------------------------------------------

function renderScreen(section, data, ctx) {
  const { h, fill, ui } = ctx;
  const { view } = data;
  const phase = phaseLabel(view.phase);
  if (view.hidden) {
    region(section, 'summary').textContent = `${phase} · ${hiddenNote(view)}`;
    fill(region(section, 'board'));
    return;
  }
  region(section, 'summary').textContent = [phase, totals(view), view.ratings_shown ? '' : _('ratings revealed later')]
    .filter(Boolean).join(' · ');
  const spot = Object.values(view.reframes).find((r) => spotlit(data, r.id));
  fill(region(section, 'board'),
    spot ? h('div', { class: 'rf-spotlight' }, h('p', { class: 'rf-spot-sector', text: _('For {sector}', { sector: spot.sector }) }),
      h('p', { class: 'rf-spot-text', text: spot.text }), h('p', { class: 'rf-rating', text: ratingText(spot.rating, spot.sector) })) : null,
    h('div', { class: 'rf-columns' }, view.sectors.map((sector) => {
      const chosenId = view.chosen[sector];
      const priorities = prioritiesOf(view, sector);
      const reframes = ranked(view, sector);
      return h('section', { class: 'rf-sector' }, h('h3', { text: sector }),
        h('h4', { text: _('What matters to them') }),
        priorities.length ? h('ul', { class: 'rf-priority-list' }, priorities.slice(0, 6).map((p) =>
          h('li', { class: p.insider ? 'is-insider' : '' }, p.text, p.insider ? h('span', { class: 'rf-tag', text: ' ' + _('insider') }) : null)))
          : h('p', { class: 'empty', text: _('Nothing yet.') }),
        h('h4', { text: _('Our issue, in their terms') }),
        reframes.length ? h('ol', { class: 'note-list' }, reframes.slice(0, 5).map((r) => ui.noteCard({
          text: r.text, id: r.id, meta: r.id === chosenId ? ['★ ' + _('Chosen')] : [],
          actions: [h('p', { class: 'rf-rating', text: ratingText(r.rating, sector) })],
          classes: `${spotlit(data, r.id) ? 'is-spotlit' : ''} ${r.id === chosenId ? 'is-chosen' : ''}`,
        }))) : h('p', { class: 'empty', text: _('No reframes yet.') }));
    })));
}

export function render(section, data, ctx) {
  ({ _, ngettext, formatNumber, region, sectorLabel } = ctx);
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
