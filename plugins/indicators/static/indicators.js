// Outcome indicators: propose (one's own list), rate one card at a time on the phone, and the
// importance × feasibility chart with the numbers as text on the console and the room screen.
// User text only ever goes in through ctx.h text nodes / `text:`; never innerHTML.

let _; let ngettext; let pgettext; let formatNumber; let formatDate; let region; let sectorLabel;

const DIMENSIONS = ['importance', 'feasibility'];
const memory = new WeakMap();

function remember(section) {
  if (!memory.has(section)) memory.set(section, { index: 0, sort: 'score', editing: '', forms: {}, recording: '' });
  return memory.get(section);
}

function kindText(key) {
  return { quantitative: _('Measure'), milestone: _('Milestone') }[key] || '';
}
function dimensionText(key) {
  return { importance: _('Importance'), feasibility: _('Feasibility') }[key] || key;
}
function phaseNote(key) {
  return {
    propose: _('Propose how we could tell that the outcomes are changing: a number to follow, or a milestone to reach.'),
    rate: _('Rate each indicator for importance and feasibility.'),
    adopt: _('The facilitator is adopting the set of indicators the partnership will track.'),
  }[key] || '';
}

function dayText(iso) {
  const day = new Date(`${iso}T00:00:00`);
  return Number.isNaN(day.getTime()) ? iso : formatDate(day, { day: 'numeric', month: 'short', year: 'numeric' });
}

function amount(value, unit) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
  return String(value);
}

function latest(ind) {
  const days = Object.keys(ind.values || {}).sort();
  return days.length ? { day: days[days.length - 1], value: ind.values[days[days.length - 1]] } : null;
}

function authorText(ind) {
  const a = ind.author || {};
  return a.name ? [a.name, a.organisation] : sectorLabel(a.sector || '');
}

// The facts of an indicator, in the order people read them.
function facts(ind, { withAuthor = true } = {}) {
  const base = amount(ind.baseline, ind.unit);
  const target = amount(ind.target, ind.unit);
  let range = '';
  if (base && target) range = _('{baseline} now → {target}', { baseline: base, target });
  else if (target) range = _('Target: {target}', { target });
  else if (base) range = _('Baseline: {baseline}', { baseline: base });
  const last = latest(ind);
  return [kindText(ind.kind), range,
    ind.source ? _('Data: {source}', { source: ind.source }) : '',
    ind.owner ? _('Tracked by {owner}', { owner: ind.owner }) : '',
    ind.review ? _('Review {date}', { date: dayText(ind.review) }) : '',
    ind.breakdown ? (ind.breakdown_why ? _('By group: {why}', { why: ind.breakdown_why }) : _('Broken down by group')) : '',
    last ? _('Latest: {value} ({date})', { value: amount(last.value, ind.unit), date: dayText(last.day) }) : '',
    ind.carried ? _('Carried over') : '',
    withAuthor ? authorText(ind) : ''];
}

function mean(scores, key) { return scores && scores[key] && scores[key].mean !== null ? scores[key].mean : null; }
function both(ind) {
  const s = ind.scores;
  const i = mean(s, 'importance'); const f = mean(s, 'feasibility');
  return i === null || f === null ? null : i + f;
}

function byOrder(a, b) { return a.order - b.order; }
function byScore(a, b) {
  const x = both(a); const y = both(b);
  if (x === null || y === null) return (x === null) - (y === null) || byOrder(a, b);
  return y - x || byOrder(a, b);
}

function indicatorsOf(view) { return Object.values(view.indicators || {}); }
function hasScores(view) { return indicatorsOf(view).some((i) => i.scores && i.scores.n); }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

function scoreWords(d) {
  return d.mean === null ? _('no score yet')
    : _('{mean} of 5 (spread {low}–{high})', { mean: formatNumber(d.mean, { maximumFractionDigits: 1 }),
      low: formatNumber(d.low), high: formatNumber(d.high) });
}

// One bar per dimension: the average drawn (CSSOM width, allowed by the CSP), the numbers as text.
function scoreBlock(ctx, ind, { detailed = false } = {}) {
  const { h } = ctx;
  const s = ind.scores;
  if (!s) {
    return h('p', { class: 'ind-raters', text: ngettext('{n} rating so far', '{n} ratings so far', ind.raters || 0) });
  }
  if (!s.n) return h('p', { class: 'ind-raters', text: _('Not rated yet') });
  const rows = DIMENSIONS.map((key) => {
    const d = s[key];
    const fill = h('span', { class: `ind-bar-fill ind-bar-${key}` });
    fill.style.width = `${d.mean === null ? 0 : (d.mean / 5) * 100}%`;
    const numbers = scoreWords(d);
    const counts = detailed && d.n ? h('span', { class: 'ind-counts', text: [1, 2, 3, 4, 5]
      .map((n) => _('{score}: {count}', { score: formatNumber(n), count: formatNumber(d.counts[String(n)] || 0) })).join(' · ') }) : null;
    return h('div', { class: 'ind-score' },
      h('span', { class: 'ind-score-name', text: dimensionText(key) }),
      h('span', { class: 'ind-bar', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'ind-score-text', text: numbers }), counts);
  });
  const one = (v) => (v === null || v === undefined ? '' : formatNumber(v, { maximumFractionDigits: 1 }));
  const table = DIMENSIONS.map((key) => ({ label: dimensionText(key),
    values: [s[key].mean === null ? _('no score yet') : one(s[key].mean), one(s[key].low), one(s[key].high)] }));
  const raters = ngettext('{n} person rated', '{n} people rated', s.n);
  return h('div', { class: 'ind-scores' },
    ctx.charts.chart({ visual: rows, audience: ctx.audience, key: `ind:${ind.id}:${detailed ? 'd' : ''}`,
      summary: [ind.name, ...DIMENSIONS.map((key) => _('{label}: {value}', { label: dimensionText(key), value: scoreWords(s[key]) })), raters].join('. '),
      caption: _('Ratings of {name} ({raters})', { name: ind.name, raters }),
      columns: [_('Dimension'), _('Average of 5'), _('Lowest'), _('Highest')], rows: table }),
    h('p', { class: 'ind-raters', text: raters }));
}

// The 2-D placement: feasibility across, importance up; each dot carries its number in the list.
function chart(ctx, list, { big = false } = {}) {
  const { h } = ctx;
  const placed = list.map((ind, i) => ({ ind, n: i + 1 })).filter(({ ind }) => both(ind) !== null);
  if (!placed.length) return h('p', { class: 'empty', text: _('The chart fills in once the room has rated.') });
  const seen = {};
  const dots = placed.map(({ ind, n }) => {
    const x = ((mean(ind.scores, 'feasibility') - 1) / 4) * 100;
    const y = ((mean(ind.scores, 'importance') - 1) / 4) * 100;
    const spot = `${Math.round(x / 4)}:${Math.round(y / 4)}`;
    const shift = (seen[spot] = (seen[spot] || 0) + 1) - 1;
    const dot = h('span', { class: `ind-dot${ind.adopted ? ' is-adopted' : ''}`, text: String(n) });
    dot.style.left = `calc(${x}% + ${shift * 1.2}em)`;
    dot.style.bottom = `${y}%`;
    return dot;
  });
  const one = (v) => formatNumber(v, { maximumFractionDigits: 1 });
  const rows = placed.map(({ ind, n }) => ({ label: `${formatNumber(n)}. ${ind.name}`,
    values: [one(mean(ind.scores, 'importance')), one(mean(ind.scores, 'feasibility'))] }));
  const label = [_('Chart of importance against feasibility; the numbers match the list.'),
    ...rows.map((r) => _('{label}: importance {importance}, feasibility {feasibility}', { label: r.label, importance: r.values[0], feasibility: r.values[1] }))].join(' ');
  const drawing = h('div', { class: `ind-chart${big ? ' ind-chart-big' : ''}` },
    h('div', { class: 'ind-plot' },
      h('span', { class: 'ind-quad ind-q-tl', text: _('Important, hard to measure') }),
      h('span', { class: 'ind-quad ind-q-tr', text: _('Important and feasible') }),
      h('span', { class: 'ind-quad ind-q-bl', text: _('Less important, hard') }),
      h('span', { class: 'ind-quad ind-q-br', text: _('Easy, less important') }),
      dots),
    h('div', { class: 'ind-axes' },
      h('span', { class: 'ind-axis-x', text: _('Feasibility →') }),
      h('span', { class: 'ind-axis-y', text: _('↑ Importance') })));
  return ctx.charts.chart({ visual: drawing, summary: label, audience: ctx.audience, key: 'ind:chart',
    caption: _('Average importance and feasibility (out of 5)'), columns: [_('Indicator'), _('Importance'), _('Feasibility')], rows });
}

// -- editing: a copy of the propose form, filled with the indicator -----------------------------

function editForm(section, ctx, ind, onDone) {
  const mem = remember(section);
  const key = `edit:${ind.id}`;
  if (mem.forms[key]) return mem.forms[key];
  const source = section.querySelector('form[data-action="propose"]');
  if (!source) return null;
  const form = source.cloneNode(true);
  form.removeAttribute('data-action');
  form.removeAttribute('data-wired');
  form.removeAttribute('data-done');
  form.classList.add('ind-edit');
  const prefix = `edit-${ind.id}-`;
  for (const el of form.querySelectorAll('[id]')) el.id = prefix + el.id;
  for (const el of form.querySelectorAll('label[for]')) el.htmlFor = prefix + el.htmlFor;
  for (const el of form.querySelectorAll('[aria-describedby]')) el.setAttribute('aria-describedby', prefix + el.getAttribute('aria-describedby'));
  for (const el of form.querySelectorAll('.field-error, [data-form-error]')) el.textContent = '';
  const set = (name, value) => { const el = form.elements[name]; if (el) el.value = value === null || value === undefined ? '' : String(value); };
  ['name', 'kind', 'source', 'owner', 'baseline', 'target', 'unit', 'review', 'breakdown_why'].forEach((name) => set(name, ind[name]));
  if (form.elements.breakdown) { form.elements.breakdown.value = 'y'; form.elements.breakdown.checked = Boolean(ind.breakdown); }
  const submit = form.querySelector('button[type="submit"]');
  submit.textContent = _('Save changes');
  submit.disabled = false;
  const cancel = ctx.ui.button(_('Cancel'), () => onDone(), { class: 'button' });
  submit.after(' ', cancel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = ctx.ui.formData(form);
    const ack = await ctx.send('edit', { ...data, indicator_id: ind.id });
    ctx.ui.showErrors(form, ack);
    if (ack.ok) { ctx.ui.announce(_('Changes saved')); onDone(); }
  });
  mem.forms[key] = form;
  return form;
}

function recordForm(section, ctx, ind, onDone) {
  const mem = remember(section);
  const key = `record:${ind.id}`;
  if (mem.forms[key]) return mem.forms[key];
  const { h } = ctx;
  const id = `rec-${section.dataset.step}-${ind.id}`;
  const value = h('input', { type: 'text', id: `${id}-value`, name: 'value', maxlength: '120', 'aria-describedby': `${id}-value-err`,
    inputmode: ind.kind === 'quantitative' ? 'decimal' : null });
  const day = h('input', { type: 'date', id: `${id}-date`, name: 'date', 'aria-describedby': `${id}-date-err` });
  const now = new Date();
  day.value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const form = h('form', { class: 'action-form ind-record', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: `${id}-value`, text: ind.kind === 'quantitative'
      ? _('Latest value (a number)') : _('Latest value or progress') }), value,
    h('p', { class: 'field-error', id: `${id}-value-err`, 'data-error-for': 'value' })),
    h('div', { class: 'field' }, h('label', { for: `${id}-date`, text: _('Measured on') }), day,
      h('p', { class: 'field-error', id: `${id}-date-err`, 'data-error-for': 'date' })),
    h('p', { class: 'form-error', 'data-form-error': '', role: 'alert' }),
    h('button', { type: 'submit', class: 'button button-primary', text: _('Record this value') }), ' ',
    ctx.ui.button(_('Cancel'), () => onDone(), { class: 'button' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ack = await ctx.send('record_value', { indicator_id: ind.id, value: value.value, date: day.value });
    ctx.ui.showErrors(form, ack);
    if (ack.ok) { ctx.ui.announce(_('Value recorded')); value.value = ''; onDone(); }
  });
  mem.forms[key] = form;
  return form;
}

function closeForm(section, key, focus) {
  const mem = remember(section);
  delete mem.forms[key];
  mem.editing = '';
  mem.recording = '';
  redraw(section);
  const target = focus && section.querySelector(focus);
  if (target) target.focus({ preventScroll: true });
}

function redraw(section) {
  const mem = remember(section);
  if (mem.data) render(section, mem.data, mem.ctx);
}

// -- participant ---------------------------------------------------------------------------------

function renderParticipant(section, data, ctx) {
  const { view, step } = data;
  const phase = ctx.phase.key || 'propose';
  const open = step.status === 'open';
  region(section, 'phase-note').textContent = open ? phaseNote(phase) : '';
  for (const name of ['propose', 'rate', 'adopt']) section.querySelector(`[data-panel="${name}"]`).hidden = name !== phase;
  if (phase === 'propose') renderProposing(section, data, ctx);
  else if (phase === 'rate') renderRatingCard(section, data, ctx);
  else renderResults(region(section, 'results'), view, ctx);
}

function renderProposing(section, data, ctx) {
  const { view, personal, step } = data;
  const { h, fill, ui } = ctx;
  const mem = remember(section);
  const open = step.status === 'open';
  const left = personal.left ?? view.per_person;
  region(section, 'left').textContent = ngettext('You can propose {n} more indicator.', 'You can propose {n} more indicators.', left);
  region(section, 'add').hidden = !open || left <= 0;
  const mine = Object.values(personal.mine || {}).sort(byOrder);
  fill(region(section, 'mine'), mine.length ? mine.map((ind) => {
    const editing = mem.editing === ind.id;
    return ui.noteCard({
      text: ind.name, id: ind.id, meta: facts(ind, { withAuthor: false }), classes: `ind-card ind-${ind.kind}`,
      actions: open ? [editing ? editForm(section, ctx, ind, () => closeForm(section, `edit:${ind.id}`, `[data-edit="${ind.id}"]`)) : null,
        h('div', { class: 'note-tools' },
          ui.button(_('Edit'), () => { mem.editing = ind.id; redraw(section); const f = section.querySelector(`#edit-${ind.id}-s${step.id}-propose-name`); if (f) f.focus(); },
            { class: 'button button-small', 'data-edit': ind.id, 'aria-expanded': editing ? 'true' : 'false', 'aria-label': _('Edit: {name}', { name: ind.name }) }),
          ui.button(_('Withdraw'), () => { if (window.confirm(_('Withdraw this indicator?'))) act(ctx, 'withdraw', { indicator_id: ind.id }); },
            { class: 'button button-small', 'aria-label': _('Withdraw: {name}', { name: ind.name }) }))] : [],
    });
  }) : h('li', { class: 'empty', text: _('Nothing yet: the indicators you propose show here.') }));
  const room = region(section, 'room');
  if (view.hidden_count) {
    fill(room, h('li', { class: 'empty', text: ngettext('{n} indicator proposed so far. Proposals stay private until the rating starts.',
      '{n} indicators proposed so far. Proposals stay private until the rating starts.', view.hidden_count) }));
    return;
  }
  const others = indicatorsOf(view).filter((i) => !(personal.mine || {})[i.id]).sort(byOrder);
  fill(room, others.length ? others.map((ind) => ui.noteCard({ text: ind.name, id: ind.id, meta: facts(ind), classes: `ind-card ind-${ind.kind}` }))
    : h('li', { class: 'empty', text: _('No other proposals yet.') }));
}

function renderRatingCard(section, data, ctx) {
  const { view, personal, step } = data;
  const { h, fill, ui } = ctx;
  const mem = remember(section);
  const list = indicatorsOf(view).sort(byOrder);
  const mine = personal.ratings || {};
  const done = list.filter((i) => mine[i.id] && mine[i.id].importance && mine[i.id].feasibility).length;
  const progress = list.length
    ? ngettext('You have rated {n} of {total} indicator.', 'You have rated {n} of {total} indicators.', list.length, { n: done, total: list.length }) : '';
  region(section, 'progress').textContent = progress;
  // Said through the page's one polite announcer (a second live region would talk over it),
  // and only when the person's own count moves, not on every redraw.
  if (mem.done !== undefined && mem.done !== done && progress) ui.announce(progress);
  mem.done = done;
  const card = region(section, 'card');
  if (!list.length) { fill(card, h('p', { class: 'empty', text: _('There are no indicators to rate yet.') })); return; }
  mem.index = Math.max(0, Math.min(mem.index, list.length - 1));
  const ind = list[mem.index];
  const rated = mine[ind.id] || {};
  const open = step.status === 'open';
  const go = (step) => { mem.index = (mem.index + step + list.length) % list.length; mem.focusName = true; redraw(section); };
  const scale = (key) => h('div', { class: 'ind-scale', role: 'group', 'aria-label': _('{dimension}: {name}', { dimension: dimensionText(key), name: ind.name }) },
    h('p', { class: 'ind-scale-name', text: dimensionText(key) }),
    h('div', { class: 'ind-scale-buttons' }, [1, 2, 3, 4, 5].map((n) => ui.button(formatNumber(n),
      () => act(ctx, 'rate', { indicator_id: ind.id, [key]: String(n) }),
      { class: `button ind-score-button${rated[key] === n ? ' is-current' : ''}`, 'aria-pressed': rated[key] === n ? 'true' : 'false',
        'aria-label': _('{dimension} {score} of 5', { dimension: dimensionText(key), score: formatNumber(n) }), disabled: !open }))),
    h('p', { class: 'ind-scale-ends' }, h('span', { text: _('1 low') }), h('span', { text: _('5 high') })));
  fill(card, h('article', { class: 'ind-rate-card', 'aria-labelledby': `ind-name-${step.id}` },
    h('p', { class: 'ind-position', text: _('Indicator {n} of {total}', { n: formatNumber(mem.index + 1), total: formatNumber(list.length) }) }),
    h('h3', { id: `ind-name-${step.id}`, class: 'ind-name', tabindex: '-1', dir: 'auto', text: ind.name }),
    h('p', { class: 'note-meta' }, ui.isolated(facts(ind))),
    scale('importance'), scale('feasibility'),
    rated.importance || rated.feasibility ? ui.button(_('Take my rating back'), () => act(ctx, 'clear_rating', { indicator_id: ind.id }),
      { class: 'button button-small', disabled: !open }) : null,
    h('div', { class: 'ind-nav' },
      ui.button(_('← Previous'), () => go(-1), { class: 'button', disabled: list.length < 2 }),
      ui.button(_('Next →'), () => go(1), { class: 'button button-primary', disabled: list.length < 2 }))));
  if (mem.focusName) { mem.focusName = false; const name = card.querySelector('.ind-name'); if (name) name.focus(); }
}

function renderResults(el, view, ctx) {
  const { h, fill, ui } = ctx;
  const list = indicatorsOf(view).sort(byScore);
  fill(el, list.length ? list.map((ind) => ui.noteCard({
    text: ind.adopted ? _('✓ Adopted: {name}', { name: ind.name }) : ind.name, id: ind.id,
    classes: `ind-card ind-${ind.kind}${ind.adopted ? ' is-adopted' : ''}`, meta: facts(ind),
    actions: [scoreBlock(ctx, ind)],
  })) : h('li', { class: 'empty', text: _('No indicators yet.') }));
}

// -- facilitator -----------------------------------------------------------------------------------

function summaryText(view) {
  return [ngettext('{n} indicator', '{n} indicators', view.count), ngettext('{n} adopted', '{n} adopted', view.adopted),
    ngettext('{n} person rated', '{n} people rated', view.raters)].join(' · ');
}

function renderFacilitator(section, data, ctx) {
  const { view } = data;
  const { h, fill, ui } = ctx;
  const mem = remember(section);
  region(section, 'summary').textContent = summaryText(view);
  fill(region(section, 'sort'), [['score', _('Best rated first')], ['order', _('As proposed')]].map(([key, text]) => ui.button(text,
    () => { mem.sort = key; redraw(section); }, { class: `button button-small${mem.sort === key ? ' is-current' : ''}`, 'aria-pressed': mem.sort === key ? 'true' : 'false' })));
  const list = indicatorsOf(view).sort(mem.sort === 'order' ? byOrder : byScore);
  for (const key of Object.keys(mem.forms)) if (!view.indicators[key.split(':')[1]]) delete mem.forms[key];
  fill(region(section, 'chart'), chart(ctx, list));
  fill(region(section, 'list'), list.length ? list.map((ind, i) => {
    const editing = mem.editing === ind.id;
    const recording = mem.recording === ind.id;
    const values = Object.entries(ind.values || {}).sort(([a], [b]) => (a < b ? 1 : -1));
    return h('li', { class: `note ind-card ind-${ind.kind}${ind.adopted ? ' is-adopted' : ''}`, dataset: { item: ind.id } },
      h('p', { class: 'note-text', dir: 'auto' }, h('span', { class: 'ind-number', text: `${i + 1}.` }), ' ', ind.name,
        ind.adopted ? h('span', { class: 'ind-badge', text: _('Adopted') }) : null),
      h('p', { class: 'note-meta' }, ui.isolated(facts(ind))),
      scoreBlock(ctx, ind, { detailed: true }),
      values.length ? h('ul', { class: 'ind-values', 'aria-label': _('Values recorded for {name}', { name: ind.name }) }, values.map(([day, value]) => h('li', {},
        h('span', { text: _('{date}: {value}', { date: dayText(day), value: amount(value, ind.unit) }) }), ' ',
        ui.button(_('Remove'), () => act(ctx, 'remove_value', { indicator_id: ind.id, date: day }),
          { class: 'button button-small', 'aria-label': _('Remove the value of {date}', { date: dayText(day) }) })))) : null,
      editing ? editForm(section, ctx, ind, () => closeForm(section, `edit:${ind.id}`, `[data-edit="${ind.id}"]`)) : null,
      recording ? recordForm(section, ctx, ind, () => closeForm(section, `record:${ind.id}`, `[data-record="${ind.id}"]`)) : null,
      h('div', { class: 'note-tools' },
        ui.button(ind.adopted ? _('Set aside') : _('Adopt'), () => act(ctx, ind.adopted ? 'unadopt' : 'adopt', { indicator_id: ind.id }),
          { class: `button button-small${ind.adopted ? '' : ' button-primary'}`, 'aria-label': ind.adopted
            ? _('Set aside: {name}', { name: ind.name }) : _('Adopt: {name}', { name: ind.name }) }),
        ui.button(_('Edit'), () => { mem.editing = editing ? '' : ind.id; mem.recording = ''; redraw(section); },
          { class: 'button button-small', 'data-edit': ind.id, 'aria-expanded': editing ? 'true' : 'false', 'aria-label': _('Edit: {name}', { name: ind.name }) }),
        ui.button(_('Record a value'), () => { mem.recording = recording ? '' : ind.id; mem.editing = ''; redraw(section); },
          { class: 'button button-small', 'data-record': ind.id, 'aria-expanded': recording ? 'true' : 'false', 'aria-label': _('Record a value: {name}', { name: ind.name }) }),
        ui.button(_('Remove'), () => { if (window.confirm(_('Remove this indicator and its ratings?'))) act(ctx, 'withdraw', { indicator_id: ind.id }); },
          { class: 'button button-small', 'aria-label': _('Remove: {name}', { name: ind.name }) })));
  }) : h('li', { class: 'empty', text: _('No indicators yet.') }));
}

// -- room screen ---------------------------------------------------------------------------------

function renderScreen(section, data, ctx) {
  const { view } = data;
  const { h, fill, ui } = ctx;
  region(section, 'summary').textContent = view.hidden_count
    ? ngettext('{n} indicator proposed so far, private until the rating starts',
      '{n} indicators proposed so far, private until the rating starts', view.hidden_count)
    : summaryText(view);
  const scored = hasScores(view);
  const list = indicatorsOf(view).sort(scored ? byScore : byOrder);
  const chartEl = region(section, 'chart');
  chartEl.hidden = !scored;
  if (scored) fill(chartEl, chart(ctx, list, { big: true }));
  fill(region(section, 'list'), list.map((ind, i) => h('li', { class: `note ind-card ind-${ind.kind}${ind.adopted ? ' is-adopted' : ''}`, dataset: { item: ind.id } },
    h('p', { class: 'note-text', dir: 'auto' }, h('span', { class: 'ind-number', text: `${i + 1}.` }), ' ', ind.name,
      ind.adopted ? h('span', { class: 'ind-badge', text: _('Adopted') }) : null),
    h('p', { class: 'note-meta' }, ui.isolated(facts(ind, { withAuthor: false }).slice(0, 2))),
    scoreBlock(ctx, ind))));
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber, formatDate, region, sectorLabel } = ctx);
  const mem = remember(section);
  mem.data = data;
  mem.ctx = ctx;
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
