// Commitments and resources ledger: the phone's own commitments and the room's, the console's
// totals, flags and tables, the room screen's "who brings what".

// Set from ctx (the page's translations, pages/steps.js) at the start of render().
let _; let ngettext; let pgettext; let formatNumber; let formatDate;

const KINDS = ['in_kind', 'staff_time', 'funds', 'people', 'spaces', 'data'];
const COUNTED = new Set(['staff_time', 'funds', 'people']);

function kindLabel(kind) {
  return {
    in_kind: _('In-kind help'), staff_time: _('Staff time'), funds: _('Funds'), people: _('People'),
    spaces: _('Spaces'), data: _('Data'),
  }[kind] || kind;
}

// A sum with its cents when it has any ("2,500.50"), whole otherwise ("12,000").
function money(amount) {
  return Number.isInteger(Number(amount)) ? formatNumber(amount)
    : formatNumber(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function amountText(kind, amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '';
  if (kind === 'staff_time') return _('{hours} hours a month', { hours: formatNumber(amount) });
  if (kind === 'funds') return `${money(amount)} ${currency || ''}`.trim();
  if (kind === 'people') return ngettext('{n} person', '{n} people', amount, { n: formatNumber(amount) });
  return String(amount);
}

function unitHint(kind, currency) {
  if (kind === 'staff_time') return _('In hours a month, as a number: 12 or 12,5.');
  if (kind === 'funds') return _('A sum in {currency}, as a number: 10 000 or 2500,50.', { currency: currency || '' });
  if (kind === 'people') return _('How many people, as a whole number.');
  return _('A few words, if it helps (optional): “room for 30, Tuesdays”.');
}

function sorted(items) {
  return Object.values(items || {}).sort((a, b) => a.order - b.order);
}

// Organisations bringing most first (the view sends no rank: a new commitment patches one entry).
function byLoad(orgs) {
  return Object.values(orgs || {}).sort((a, b) => b.amount - a.amount || b.count - a.count || a.name.localeCompare(b.name));
}

function meta(c, view, { who = true } = {}) {
  return [
    who ? c.organisation : '',
    kindLabel(c.kind),
    amountText(c.kind, c.amount, view.currency),
    c.essential ? _('Essential') : _('Nice to have'),
    c.until ? _('until {day}', { day: formatDate(c.until, { dateStyle: 'medium', timeZone: 'UTC' }) }) : '',
    c.confirmed ? pgettext('commitments', 'Confirmed') : '',
    c.gone ? _('organisation no longer in the room') : '',
  ];
}

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

// -- the editor: one open at a time per page; its element is kept across renders so typing is
// never lost when the room's ledger changes under it.
const editors = new Map(); // commitment id -> element

function field(ctx, id, name, label, control, hint) {
  const { h } = ctx;
  control.id = `${id}-${name}`;
  control.name = name;
  control.setAttribute('aria-describedby', `${id}-${name}-err`);
  return h('div', { class: `field field-${name}` },
    control.type === 'checkbox' ? [control, ' ', h('label', { for: control.id, text: label })]
      : [h('label', { for: control.id, text: label }), control],
    hint ? h('p', { class: 'hint', text: hint }) : null,
    h('p', { class: 'field-error', id: `${id}-${name}-err`, 'data-error-for': name, 'aria-live': 'polite' }));
}

function editor(ctx, c, view, rerender) {
  if (editors.has(c.id)) return editors.get(c.id);
  const { h, ui } = ctx;
  const id = `cm-edit-${c.id}`;
  const kind = h('select', {}, KINDS.map((k) => h('option', { value: k, text: kindLabel(k), selected: k === c.kind })));
  const description = h('textarea', { rows: 3, maxlength: 600 });
  description.value = c.description;
  const amount = h('input', { type: 'text', autocomplete: 'off' });
  amount.value = c.amount === null || c.amount === undefined ? '' : String(c.amount);
  const until = h('input', { type: 'date' });
  until.value = c.until || '';
  const essential = h('input', { type: 'checkbox' });
  essential.checked = Boolean(c.essential);
  const hint = unitHint(c.kind, view.currency);
  const amountField = field(ctx, id, 'amount', _('How much'), amount, hint);
  kind.addEventListener('change', () => {
    amountField.querySelector('.hint').textContent = unitHint(kind.value, view.currency);
  });
  const close = () => { editors.delete(c.id); rerender(); };
  const form = h('form', { class: 'action-form cm-editor', novalidate: true, 'aria-label': _('Edit: {text}', { text: c.description }) },
    field(ctx, id, 'kind', _('What kind of help'), kind),
    field(ctx, id, 'description', _('What exactly'), description),
    amountField,
    field(ctx, id, 'until', _('Until (optional)'), until),
    field(ctx, id, 'essential', _('Essential for the work (untick if it is nice to have)'), essential),
    h('p', { class: 'form-error', 'data-form-error': '', role: 'alert' }),
    h('div', { class: 'note-actions' },
      h('button', { type: 'submit', class: 'button button-primary', text: _('Save the changes') }),
      ui.button(_('Cancel'), close, { class: 'button' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    ui.showErrors(form, null);
    const ack = await ctx.send('edit', {
      commitment_id: c.id, kind: kind.value, description: description.value, amount: amount.value,
      until: until.value, essential: essential.checked,
    });
    if (ack.ok) { ui.announce(_('Commitment saved')); close(); } else ui.showErrors(form, ack);
  });
  const el = h('li', { class: 'note cm-editing', dataset: { item: c.id } }, form);
  editors.set(c.id, el);
  return el;
}

function card(ctx, c, view, { who, actions, rerender }) {
  if (editors.has(c.id)) return editor(ctx, c, view, rerender);
  const classes = [c.confirmed ? 'cm-confirmed' : '', c.gone ? 'cm-gone' : '', c.essential ? 'cm-essential' : ''].join(' ');
  return ctx.ui.noteCard({ text: c.description, meta: meta(c, view, { who }), id: c.id, classes, actions });
}

function ownActions(ctx, c, view, open, rerender) {
  if (!open) return [];
  const { ui } = ctx;
  return [
    ui.button(_('Edit'), () => { editor(ctx, c, view, rerender); rerender(); },
      { class: 'button button-small', 'aria-label': _('Edit: {text}', { text: c.description }) }),
    ui.button(_('Withdraw'), () => {
      if (window.confirm(_('Withdraw this commitment?'))) act(ctx, 'withdraw', { commitment_id: c.id });
    }, { class: 'button button-small', 'aria-label': _('Withdraw: {text}', { text: c.description }) }),
  ];
}

// -- who brings what, per kind (phone, screen) -----------------------------------------------

function kindTotal(row, view) {
  if (!row.counted) return ngettext('{n} commitment', '{n} commitments', row.count, { n: formatNumber(row.count) });
  const total = amountText(row.kind, row.total, view.currency) || amountText(row.kind, 0, view.currency);
  if (row.need === null || row.need === undefined) return total;
  // "36 of 40 hours a month": the unit once, with the need.
  const number = row.kind === 'funds' ? money(row.total || 0) : formatNumber(row.total || 0);
  return _('{total} of {need}', { total: number, need: amountText(row.kind, row.need, view.currency) });
}

// A bar split by organisation, drawn from the numbers written beside it (aria-hidden: the text
// is the alternative).
function splitBar(ctx, row) {
  const { h } = ctx;
  const scale = Math.max(row.total || 0, row.need || 0);
  const orgs = byLoad(row.orgs);
  const track = h('span', { class: 'cm-track', 'aria-hidden': 'true' });
  orgs.forEach((org, i) => {
    const part = h('span', { class: `cm-part cm-part-${i % 6}` });
    part.style.width = `${scale ? (100 * org.amount) / scale : 0}%`;
    track.append(part);
  });
  if (row.need && row.total < row.need) {
    const gap = h('span', { class: 'cm-part cm-gap' });
    gap.style.width = `${(100 * (row.need - row.total)) / scale}%`;
    track.append(gap);
  }
  return track;
}

// ``report(c)``: the key a phone may report commitment ``c`` by ('' for none; report.js).
function kindBlock(ctx, row, view, commitments, heading, report = () => '') {
  const { h } = ctx;
  const orgs = byLoad(row.orgs);
  const items = row.counted
    ? orgs.map((org, i) => h('li', { class: 'cm-who' }, h('span', { class: `cm-dot cm-part-${i % 6}`, 'aria-hidden': 'true' }),
      h('bdi', { text: org.name }), h('span', { class: 'cm-amount', text: amountText(row.kind, org.amount, view.currency) })))
    : commitments.filter((c) => c.kind === row.kind).map((c) => h('li', { class: 'cm-who', dataset: report(c) ? { reportItem: report(c) } : {} },
      c.organisation ? h('bdi', { class: 'cm-org', text: c.organisation }) : null,
      h('span', { class: 'cm-what', dir: 'auto', text: [c.description, c.amount].filter(Boolean).join(' — ') })));
  return h('section', { class: `cm-kind cm-kind-${row.kind}`, 'aria-label': kindLabel(row.kind) },
    h(heading, { class: 'cm-kind-title' }, h('span', { text: kindLabel(row.kind) }),
      h('span', { class: 'cm-kind-total', text: kindTotal(row, view) })),
    row.counted && (row.total || row.need) ? ctx.charts.chart({ visual: splitBar(ctx, row), audience: ctx.audience, key: `cm:${row.kind}`,
      summary: [_('{label}: {value}', { label: kindLabel(row.kind), value: kindTotal(row, view) }),
        ...orgs.map((org) => _('{label}: {value}', { label: org.name, value: amountText(row.kind, org.amount, view.currency) })),
        row.gap ? _('Still needed: {amount}', { amount: amountText(row.kind, row.gap, view.currency) }) : ''].filter(Boolean).join('; '),
      caption: _('{kind} by organisation', { kind: kindLabel(row.kind) }), columns: [_('Organisation'), _('Amount')],
      rows: [...orgs.map((org) => ({ label: org.name, values: [amountText(row.kind, org.amount, view.currency)] })),
        ...(row.gap ? [{ label: _('Still needed'), values: [amountText(row.kind, row.gap, view.currency)] }] : [])] }) : null,
    row.counted && row.gap ? h('p', { class: 'cm-gap-text', text: _('Still needed: {amount}', { amount: amountText(row.kind, row.gap, view.currency) }) }) : null,
    items.length ? h('ul', { class: 'cm-whos' }, items) : null);
}

function roomBoard(ctx, view, { onlyUsed = false, heading = 'h4', report } = {}) {
  const { h } = ctx;
  if (view.hidden_count) {
    return h('p', { class: 'empty', text: ngettext('{n} commitment recorded. They show once the facilitator reveals them.',
      '{n} commitments recorded. They show once the facilitator reveals them.', view.hidden_count, { n: formatNumber(view.hidden_count) }) });
  }
  const commitments = sorted(view.commitments);
  const rows = sorted(view.kinds).filter((row) => !onlyUsed || row.count || row.need);
  if (!commitments.length && !rows.some((row) => row.need)) return h('p', { class: 'empty', text: _('No commitments yet.') });
  return [
    view.anonymous ? h('p', { class: 'hint', text: _('This workshop is anonymous: the totals show without the organisations.') }) : null,
    rows.map((row) => kindBlock(ctx, row, view, commitments, heading, report)),
  ];
}

// -- pages ---------------------------------------------------------------------------------

function renderParticipant(section, data, ctx) {
  const { h, fill, region } = ctx;
  const { view, personal, step, me } = data;
  const open = step.status === 'open' && (!ctx.phase.key || ctx.phase.key === 'record');
  const rerender = () => renderParticipant(section, data, ctx);
  const org = me && me.organisation;
  region(section, 'org').textContent = org ? _('You commit for {organisation}.', { organisation: org })
    : _('Your organisation is not on the list: ask the facilitator to add it before you record a commitment.');
  const formBox = region(section, 'form');
  formBox.hidden = !open;
  const form = formBox.querySelector('form[data-action=commit]');
  if (form && !form.dataset.cmWired) {
    form.dataset.cmWired = '1';
    const kind = form.querySelector('select[name=kind]');
    const amount = form.querySelector('input[name=amount]');
    const hint = amount && amount.closest('.field').querySelector('.hint');
    const follow = () => {
      if (hint) hint.textContent = unitHint(kind.value, view.currency);
      amount.inputMode = COUNTED.has(kind.value) ? 'decimal' : 'text';
    };
    if (kind && amount) { kind.addEventListener('change', follow); follow(); }
  }
  const mine = sorted(personal.mine);
  fill(region(section, 'mine'), mine.length
    ? mine.map((c) => card(ctx, c, view, { who: false, actions: ownActions(ctx, c, view, open, rerender), rerender }))
    : h('li', { class: 'empty', text: _('Nothing yet — what you record appears here.') }));
  const own = new Set(mine.map((c) => String(c.id)));
  fill(region(section, 'room'), roomBoard(ctx, view, { onlyUsed: true,
    report: (c) => (own.has(String(c.id)) ? '' : `commitment:${c.id}`) }));
}

function flagText(flag, view) {
  if (flag.kind === 'overload') {
    return _('{organisation} commits {amount}, more than the {limit} one organisation should carry.', {
      organisation: flag.organisation, amount: amountText('staff_time', flag.amount, view.currency),
      limit: amountText('staff_time', flag.limit, view.currency) });
  }
  return _('{organisation} brings {share} % of all {kind}: the work leans on one organisation.', {
    organisation: flag.organisation, share: formatNumber(flag.share), kind: kindLabel(flag.of).toLowerCase() });
}

function totalsTable(ctx, view) {
  const { h } = ctx;
  const head = h('tr', {}, [_('Kind'), _('Committed'), pgettext('commitments', 'Confirmed'), _('Needed'), _('Gap')]
    .map((text) => h('th', { scope: 'col', text })));
  const rows = sorted(view.kinds).map((row) => h('tr', { class: row.gap ? 'cm-row-gap' : '' },
    h('th', { scope: 'row', text: kindLabel(row.kind) }),
    h('td', { text: row.counted ? amountText(row.kind, row.total, view.currency) || '0'
      : ngettext('{n} commitment', '{n} commitments', row.count, { n: formatNumber(row.count) }) }),
    h('td', { text: row.counted ? amountText(row.kind, row.confirmed, view.currency) || '0' : '' }),
    h('td', { text: row.counted && row.need !== null && row.need !== undefined ? amountText(row.kind, row.need, view.currency) : '—' }),
    h('td', { text: row.gap ? amountText(row.kind, row.gap, view.currency) : (row.need ? _('Covered') : '—') })));
  return h('table', { class: 'cm-table' }, h('thead', {}, head), h('tbody', {}, rows));
}

function orgTable(ctx, view) {
  const { h } = ctx;
  const orgs = Object.values(view.organisations || {}).sort((a, b) => a.name.localeCompare(b.name));
  if (!orgs.length) return h('p', { class: 'empty', text: _('No organisation has committed yet.') });
  const counted = ['staff_time', 'funds', 'people'];
  const head = h('tr', {}, [_('Organisation'), ...counted.map(kindLabel), _('Commitments'), pgettext('commitments', 'Confirmed')]
    .map((text) => h('th', { scope: 'col', text })));
  const rows = orgs.map((org) => h('tr', { class: org.gone ? 'cm-gone' : '' },
    h('th', { scope: 'row' }, h('bdi', { text: org.name }), org.gone ? h('span', { class: 'cm-tag', text: _('no longer in the room') }) : null),
    counted.map((kind) => h('td', { text: org.amounts[kind] ? amountText(kind, org.amounts[kind], view.currency) : '—' })),
    h('td', { text: formatNumber(org.count) }), h('td', { text: formatNumber(org.confirmed) })));
  return h('table', { class: 'cm-table' }, h('thead', {}, head), h('tbody', {}, rows));
}

const needsFilled = new Set();

function needsText(view) {
  const names = { staff_time: 'staff time', funds: 'funds', people: 'people' };
  return sorted(view.kinds).filter((row) => row.need !== null && row.need !== undefined)
    .map((row) => `${names[row.kind]} | ${row.need}`).join('\n');
}

function renderFacilitator(section, data, ctx) {
  const { h, fill, region, ui } = ctx;
  const { view, step } = data;
  const rerender = () => renderFacilitator(section, data, ctx);
  fill(region(section, 'totals'), totalsTable(ctx, view));
  const needs = section.querySelector('form[data-action=set_needs] textarea[name=needs]');
  if (needs && !needsFilled.has(step.id) && document.activeElement !== needs) {
    needsFilled.add(step.id);
    needs.value = needsText(view);
    needs.dataset.keep = '1';
  }
  const flags = sorted(view.flags);
  fill(region(section, 'flags'), flags.length ? flags.map((flag) => h('li', { class: `cm-flag cm-flag-${flag.kind}`, text: flagText(flag, view) }))
    : h('li', { class: 'empty', text: _('Nothing to flag: no organisation is over-committed or carries most of a kind.') }));
  fill(region(section, 'orgs'), orgTable(ctx, view));
  const all = sorted(view.commitments);
  fill(region(section, 'all'), all.length ? all.map((c) => card(ctx, c, view, { who: true, rerender, actions: [
    c.confirmed
      ? ui.button(_('Take back the confirmation'), () => act(ctx, 'unconfirm', { commitment_id: c.id }),
        { class: 'button button-small', 'aria-label': _('Take back the confirmation: {text}', { text: c.description }) })
      : ui.button(_('Confirm'), () => act(ctx, 'confirm', { commitment_id: c.id }),
        { class: 'button button-small button-primary', 'aria-label': _('Confirm: {text}', { text: c.description }) }),
    ...ownActions(ctx, c, view, true, rerender),
  ] })) : h('li', { class: 'empty', text: _('No commitments yet.') }));
}

function renderScreen(section, data, ctx) {
  // The screen's step title is its only heading above: the kinds are the next level.
  ctx.fill(ctx.region(section, 'board'), roomBoard(ctx, data.view, { onlyUsed: true, heading: 'h3' }));
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber, formatDate } = ctx);
  const role = data.audience;
  if (role === 'facilitator') renderFacilitator(section, data, ctx);
  else if (role === 'screen') renderScreen(section, data, ctx);
  else renderParticipant(section, data, ctx);
}
