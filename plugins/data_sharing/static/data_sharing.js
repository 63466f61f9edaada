// Data-sharing map: data sets, the flows between organisations (an SVG map drawn here from the
// view, with a table alternative) and the obstacles people see on each flow.

// Set from ctx (the page's translations, pages/steps.js) at the start of render().
let _; let ngettext; let pgettext; let formatNumber;

const BARRIERS = ['legal', 'consent', 'technical', 'trust', 'other'];
const AGREEMENTS = ['dsa', 'consent_form', 'anonymised', 'none'];
const STATUSES = ['needed', 'in_progress', 'in_place'];
const SVG = 'http://www.w3.org/2000/svg';

function barrierWord(key) {
  return { legal: pgettext('data_sharing', 'Legal'), consent: pgettext('data_sharing', 'Consent'),
    technical: pgettext('data_sharing', 'Technical'), trust: pgettext('data_sharing', 'Trust'),
    other: pgettext('data_sharing', 'Other') }[key] || key;
}
function agreementWord(key) {
  return { dsa: _('Data-sharing agreement'), consent_form: _('Consent form'),
    anonymised: _('Anonymised extract only'), none: _('No agreement needed') }[key] || key;
}
function statusWord(key) {
  return { needed: pgettext('data_sharing', 'Needed'), in_progress: pgettext('data_sharing', 'In progress'),
    in_place: pgettext('data_sharing', 'In place') }[key] || key;
}
// The status is drawn with a line pattern and a mark as well as a colour (never colour alone).
const STATUS_MARK = { needed: '!', in_progress: '…', in_place: '✓' };
const STATUS_DASH = { needed: '14 8', in_progress: '3 7', in_place: '' };

const byOrder = (items) => Object.values(items || {}).sort((a, b) => a.order - b.order);
// Obstacle notes carry their id only as their key (the smallest patch when one is added).
const notesOf = (flow) => Object.entries(flow.notes || {}).map(([id, n]) => ({ id, ...n })).sort((a, b) => a.order - b.order);
const same = (a, b) => (a || '').trim().toLowerCase() === (b || '').trim().toLowerCase();

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

// What the page keeps between renders: the item being edited and the forms built for it, so a
// live update does not wipe what someone is typing.
const memory = new WeakMap();
function remember(section) {
  if (!memory.has(section)) memory.set(section, { editing: '', forms: new Map() });
  return memory.get(section);
}

async function act(ctx, type, data, errorEl) {
  const ack = await ctx.send(type, data);
  if (errorEl) errorEl.textContent = ack.ok ? '' : ack.error;
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

function flowRows(view) {
  return byOrder(view.flows).map((flow) => ({ flow, dataset: view.datasets[flow.dataset] || { name: '', holder: '' } }));
}

function barrierText(flow) {
  const kinds = [...new Set([...flow.barriers, ...notesOf(flow).map((n) => n.barrier)])];
  return kinds.length ? kinds.map(barrierWord).join(', ') : pgettext('data_sharing', 'None noted');
}

// -- the map ---------------------------------------------------------------------------------

function mapNodes(view) {
  const names = [];
  const add = (name) => { if (name && !names.some((n) => same(n.name, name))) names.push({ name }); };
  byOrder(view.organisations).forEach((o) => { add(o.name); names[names.length - 1].listed = o.listed; });
  byOrder(view.datasets).forEach((d) => add(d.holder));
  byOrder(view.flows).forEach((f) => add(f.recipient));
  return names;
}

function drawMap(ctx, view, large, narrow) {
  // On a phone the map is drawn on a smaller canvas, so its words stay readable once scaled.
  const width = narrow ? 560 : 1000; const height = large ? 640 : narrow ? 600 : 720;
  const nodes = mapNodes(view);
  const cx = width / 2; const cy = height / 2;
  const radius = Math.min(width, height) / 2 - (large ? 70 : narrow ? 75 : 90);
  nodes.forEach((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, nodes.length);
    Object.assign(node, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), angle });
  });
  const find = (name) => nodes.find((n) => same(n.name, name));
  const rows = flowRows(view);
  const titleId = `ds-svg-title-${Math.random().toString(36).slice(2, 8)}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId,
    class: narrow ? 'ds-svg is-narrow' : 'ds-svg',
    preserveAspectRatio: 'xMidYMid meet', focusable: 'false' },
  s('title', { id: titleId }, _('Map of data flows: {orgs}, {flows}. The table lists every flow.', {
    orgs: ngettext('{n} organisation', '{n} organisations', nodes.length, { n: formatNumber(nodes.length) }),
    flows: ngettext('{n} flow', '{n} flows', rows.length, { n: formatNumber(rows.length) }) })),
  s('defs', {}, STATUSES.map((key) => s('marker', { id: `ds-arrow-${key}`, viewBox: '0 0 10 10', refX: '9', refY: '5',
    markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: `ds-fill-${key}` })))));
  // Several flows between the same two organisations bend apart, so each keeps its own label.
  const pairs = new Map();
  for (const { flow, dataset } of rows) {
    const from = find(dataset.holder); const to = find(flow.recipient);
    if (!from || !to || from === to) continue;
    const key = [from.name, to.name].sort().join('|');
    const nth = pairs.get(key) || 0;
    pairs.set(key, nth + 1);
    const dx = to.x - from.x; const dy = to.y - from.y; const len = Math.hypot(dx, dy) || 1;
    const sign = from.name < to.name ? 1 : -1;
    const bend = sign * (40 + 45 * nth);
    const mx = (from.x + to.x) / 2 - (dy / len) * bend; const my = (from.y + to.y) / 2 + (dx / len) * bend;
    const gap = 26;
    const sx = from.x + ((mx - from.x) / Math.hypot(mx - from.x, my - from.y)) * gap;
    const sy = from.y + ((my - from.y) / Math.hypot(mx - from.x, my - from.y)) * gap;
    const ex = to.x + ((mx - to.x) / Math.hypot(mx - to.x, my - to.y)) * gap;
    const ey = to.y + ((my - to.y) / Math.hypot(mx - to.x, my - to.y)) * gap;
    // The label sits a third of the way along, nearer its holder: labels of flows that cross in
    // the middle of the circle then stay apart.
    const t = 0.36;
    const lx = (1 - t) ** 2 * sx + 2 * (1 - t) * t * mx + t ** 2 * ex;
    const ly = (1 - t) ** 2 * sy + 2 * (1 - t) * t * my + t ** 2 * ey;
    const label = `${STATUS_MARK[flow.status] || ''} ${dataset.name}`.trim();
    const most = narrow ? 20 : 30;
    svg.append(s('g', { class: `ds-flow ds-status-${flow.status}`, 'data-flow': flow.id },
      s('path', { d: `M${sx},${sy} Q${mx},${my} ${ex},${ey}`, class: `ds-line ds-stroke-${flow.status}`,
        'stroke-dasharray': STATUS_DASH[flow.status] || null, 'marker-end': `url(#ds-arrow-${flow.status})` }),
      s('text', { x: lx, y: ly, class: 'ds-flow-label', 'text-anchor': 'middle', 'dominant-baseline': 'middle' },
        label.length > most ? `${label.slice(0, most - 1)}…` : label)));
  }
  for (const node of nodes) {
    // Names beside their node on a wide map; on a phone under or over it, to fit the width.
    const right = Math.cos(node.angle) > 0.2; const left = Math.cos(node.angle) < -0.2;
    const below = Math.sin(node.angle) > -0.2;
    const most = narrow ? 18 : 26;
    const name = node.name.length > most ? `${node.name.slice(0, most - 1)}…` : node.name;
    // A phone's names go under their node, running inwards from it so that none leaves the canvas.
    const x = narrow ? node.x + (left ? -18 : right ? 18 : 0) : node.x + (right ? 26 : left ? -26 : 0);
    const y = node.y + (narrow ? (below ? 42 : -32) : right || left ? 0 : below ? 42 : -32);
    const anchor = narrow ? (left ? 'start' : right ? 'end' : 'middle') : right ? 'start' : left ? 'end' : 'middle';
    svg.append(s('g', { class: `ds-node${node.listed === false || node.listed === undefined ? ' is-unlisted' : ''}` },
      s('circle', { cx: node.x, cy: node.y, r: 18 }),
      s('text', { x, y, 'text-anchor': anchor, 'dominant-baseline': 'middle', class: 'ds-node-label' }, name)));
  }
  return svg;
}

function legend(ctx) {
  const { h } = ctx;
  return STATUSES.map((key) => h('span', { class: 'ds-key' },
    s('svg', { viewBox: '0 0 60 12', width: '60', height: '12', 'aria-hidden': 'true', focusable: 'false' },
      s('line', { x1: 2, y1: 6, x2: 58, y2: 6, class: `ds-line ds-stroke-${key}`, 'stroke-dasharray': STATUS_DASH[key] || null })),
    ` ${STATUS_MARK[key]} ${statusWord(key)}`));
}

// -- shared parts ----------------------------------------------------------------------------

function renderTable(section, view, ctx) {
  const { h, fill, region } = ctx;
  // The head is drawn here with the rows, so a page that waits for the table's rows waits for both.
  fill(region(section, 'head'), h('tr', {}, [_('Held by'), _('Data set'), _('Needed by'), _('What for'), _('Barriers'),
    _('Agreement'), pgettext('data_sharing', 'Status')].map((text) => h('th', { scope: 'col', text }))));
  const rows = flowRows(view);
  fill(region(section, 'rows'), rows.length ? rows.map(({ flow, dataset }) => h('tr', { 'data-flow': flow.id },
    h('td', { dir: 'auto', text: dataset.holder }), h('td', { dir: 'auto', text: dataset.name }),
    h('td', { dir: 'auto', text: flow.recipient }), h('td', { dir: 'auto', text: flow.purpose }),
    h('td', { text: barrierText(flow) }), h('td', { text: agreementWord(flow.agreement) }),
    h('td', { class: `ds-cell-${flow.status}` }, h('span', { class: 'ds-mark', 'aria-hidden': 'true', text: STATUS_MARK[flow.status] || '' }),
      ` ${statusWord(flow.status)}`)))
    : h('tr', {}, h('td', { colspan: '7', class: 'empty', text: _('No flows mapped yet.') })));
}

function renderMap(section, view, ctx, large) {
  const { fill, region } = ctx;
  fill(region(section, 'svg'), drawMap(ctx, view, large, !large && section.clientWidth < 640));
  fill(region(section, 'legend'), legend(ctx));
}

function renderSummary(section, view, ctx) {
  const el = ctx.region(section, 'summary');
  if (!el) return;
  if (view.hidden_count) {
    el.textContent = ngettext('{n} contribution so far — hidden until the facilitator reveals it.',
      '{n} contributions so far — hidden until the facilitator reveals them.', view.hidden_count, { n: formatNumber(view.hidden_count) });
    return;
  }
  const sets = Object.keys(view.datasets).length; const flows = Object.keys(view.flows).length;
  const open = Object.values(view.flows).filter((f) => f.agreement !== 'none' && f.status !== 'in_place').length;
  el.textContent = [ngettext('{n} data set', '{n} data sets', sets, { n: formatNumber(sets) }),
    ngettext('{n} flow', '{n} flows', flows, { n: formatNumber(flows) }),
    ngettext('{n} agreement still to put in place', '{n} agreements still to put in place', open, { n: formatNumber(open) })].join(' · ');
}

// The add-flow form's menus follow the map: its data sets and the organisations to pick from.
function renderChoices(section, view, data, ctx) {
  const { h, fill, region } = ctx;
  const select = region(section, 'dataset-choice');
  if (select) {
    const was = select.value;
    const sets = byOrder(view.datasets);
    fill(select, h('option', { value: '', text: sets.length ? _('Pick a data set') : _('Add a data set first') }),
      sets.map((d) => h('option', { value: d.id, text: `${d.name} (${d.holder})` })));
    if (sets.some((d) => d.id === was)) select.value = was;
  }
  const orgs = region(section, 'org-choice');
  if (orgs) fill(orgs, mapNodes(view).map((n) => h('option', { value: n.name })));
  const holder = section.querySelector('form[data-action="add_dataset"] input[name="holder"]');
  if (holder && data.me && data.me.organisation) holder.placeholder = data.me.organisation;
}

function choiceSelect(ctx, name, keys, word, value, label) {
  const { h } = ctx;
  const select = h('select', { name, 'aria-label': label }, keys.map((k) => h('option', { value: k, text: word(k) })));
  select.value = value;
  return select;
}

function flowEditor(section, ctx, flow, view) {
  const { h, ui } = ctx;
  const mem = remember(section);
  const key = `edit:${flow.id}`;
  if (mem.forms.has(key)) return mem.forms.get(key);
  const field = (label, control) => h('label', { class: 'ds-edit-field' }, h('span', { text: label }), control);
  const sets = byOrder(view.datasets);
  const dataset = h('select', { name: 'dataset_id' }, sets.map((d) => h('option', { value: d.id, text: `${d.name} (${d.holder})` })));
  dataset.value = flow.dataset;
  const recipient = h('input', { type: 'text', name: 'recipient', maxlength: '80', value: flow.recipient });
  const purpose = h('textarea', { name: 'purpose', rows: '2', maxlength: '280' });
  purpose.value = flow.purpose;
  const boxes = BARRIERS.map((k) => h('label', { class: 'ds-check' },
    h('input', { type: 'checkbox', name: 'barriers', value: k, checked: flow.barriers.includes(k) }), ` ${barrierWord(k)}`));
  const note = h('textarea', { name: 'barrier_note', rows: '2', maxlength: '280' });
  note.value = flow.barrier_note;
  const error = h('p', { class: 'form-error', role: 'alert' });
  const close = () => { mem.forms.delete(key); mem.editing = ''; redraw(section); };
  const form = h('form', { class: 'ds-edit' },
    field(_('Data set'), dataset), field(_('Needed by (organisation)'), recipient), field(_('What for'), purpose),
    h('fieldset', { class: 'ds-barriers' }, h('legend', { text: _('What stands in the way') }), boxes),
    field(_('About the barriers (optional)'), note),
    field(_('Agreement needed'), choiceSelect(ctx, 'agreement', AGREEMENTS, agreementWord, flow.agreement)),
    field(pgettext('data_sharing', 'Status'), choiceSelect(ctx, 'status', STATUSES, statusWord, flow.status)),
    error,
    h('div', { class: 'note-tools' }, h('button', { type: 'submit', class: 'button button-small button-primary' }, _('Save')),
      ui.button(_('Cancel'), close, { class: 'button button-small' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = { flow_id: flow.id, dataset_id: dataset.value, recipient: recipient.value, purpose: purpose.value,
      barriers: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
      barrier_note: note.value, agreement: form.elements.agreement.value, status: form.elements.status.value };
    const ack = await act(ctx, 'edit_flow', values, error);
    if (ack.ok) close();
  });
  mem.forms.set(key, form);
  return form;
}

function datasetEditor(section, ctx, dataset) {
  const { h, ui } = ctx;
  const mem = remember(section);
  const key = `edit:${dataset.id}`;
  if (mem.forms.has(key)) return mem.forms.get(key);
  const name = h('input', { type: 'text', name: 'name', maxlength: '80', value: dataset.name });
  const holder = h('input', { type: 'text', name: 'holder', maxlength: '80', value: dataset.holder });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const close = () => { mem.forms.delete(key); mem.editing = ''; redraw(section); };
  const form = h('form', { class: 'ds-edit' },
    h('label', { class: 'ds-edit-field' }, h('span', { text: _('Data set') }), name),
    h('label', { class: 'ds-edit-field' }, h('span', { text: _('Held by (organisation)') }), holder), error,
    h('div', { class: 'note-tools' }, h('button', { type: 'submit', class: 'button button-small button-primary' }, _('Save')),
      ui.button(_('Cancel'), close, { class: 'button button-small' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ack = await act(ctx, 'edit_dataset', { dataset_id: dataset.id, name: name.value, holder: holder.value }, error);
    if (ack.ok) close();
  });
  mem.forms.set(key, form);
  return form;
}

// "I see this obstacle too": anyone adds an obstacle of a kind, with a few words, to a flow.
function noteForm(section, ctx, flow, label) {
  const { h } = ctx;
  const mem = remember(section);
  const key = `note:${flow.id}`;
  if (mem.forms.has(key)) return mem.forms.get(key);
  const kind = choiceSelect(ctx, 'barrier', BARRIERS, barrierWord, 'other', _('Kind of obstacle on {flow}', { flow: label }));
  const text = h('input', { type: 'text', name: 'text', maxlength: '280', placeholder: _('What gets in the way?'),
    'aria-label': _('The obstacle you see on {flow}', { flow: label }) });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'ds-note-form' }, h('fieldset', {},
    h('legend', { text: _('An obstacle you see on this flow') }), kind, text,
    h('button', { type: 'submit', class: 'button button-small', 'aria-label': _('I see this obstacle too: add it to {flow}', { flow: label }) },
      _('I see this obstacle too')), error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const typed = text.value;
    text.value = '';
    const ack = await act(ctx, 'add_barrier_note', { flow_id: flow.id, barrier: kind.value, text: typed }, error);
    if (!ack.ok && !text.value) text.value = typed;
  });
  mem.forms.set(key, form);
  return form;
}

function redraw(section) {
  const mem = remember(section);
  if (mem.data) renderEditable(section, mem.data, mem.ctx);
}

// The participant's and the console's lists: data sets and flows, with edit and delete where
// the reader may (their own; everything for the facilitator).
function renderEditable(section, data, ctx) {
  const { h, fill, ui, region } = ctx;
  const { view, personal, step } = data;
  const mem = remember(section);
  Object.assign(mem, { data, ctx });
  const fac = data.audience === 'facilitator';
  const open = step.status === 'open' || (fac && step.status === 'locked');
  const mine = personal || {};
  const canEdit = (kind, id) => open && (fac || Boolean((mine[kind] || {})[id]));
  const sets = byOrder(view.datasets);
  fill(region(section, 'datasets'), sets.length ? sets.map((d) => {
    const label = `${d.name} (${d.holder})`;
    const editing = mem.editing === d.id;
    return ui.noteCard({ text: d.name, id: d.id, meta: [_('Held by {org}', { org: d.holder }), d.author && d.author.name],
      actions: canEdit('datasets', d.id) ? [editing ? datasetEditor(section, ctx, d) : null, h('div', { class: 'note-tools' },
        editing ? null : ui.button(_('Edit'), () => { mem.editing = d.id; redraw(section); },
          { class: 'button button-small', 'aria-label': _('Edit: {text}', { text: label }) }),
        ui.button(_('Delete'), () => { if (window.confirm(_('Remove this data set and its flows?'))) act(ctx, 'delete_dataset', { dataset_id: d.id }); },
          { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: label }) }))] : [] });
  }) : h('li', { class: 'empty', text: view.hidden_count ? _('Hidden until the facilitator reveals them.') : _('No data sets yet.') }));

  const count = Object.keys(mine.flows || {}).length + (fac ? Object.keys(view.flows).length : 0);
  if (mem.flowCount !== undefined && count > mem.flowCount) {
    for (const box of section.querySelectorAll('form[data-action="add_flow"] input[type=checkbox]')) box.checked = false;
  }
  mem.flowCount = count;
  const rows = flowRows(view);
  fill(region(section, 'flows'), rows.length ? h('ul', { class: 'note-list' }, rows.map(({ flow, dataset }) => {
    const label = _('{data} from {holder} to {recipient}', { data: dataset.name, holder: dataset.holder, recipient: flow.recipient });
    const editing = mem.editing === flow.id;
    const notes = notesOf(flow);
    return h('li', { class: `note ds-flow-card ds-card-${flow.status}`, 'data-item': flow.id },
      h('p', { class: 'note-text', dir: 'auto', text: label }),
      h('p', { class: 'note-meta' }, ctx.ui.isolated([flow.purpose, agreementWord(flow.agreement), `${STATUS_MARK[flow.status]} ${statusWord(flow.status)}`])),
      h('p', { class: 'ds-barrier-line', text: _('Barriers: {list}', { list: barrierText(flow) }) }),
      flow.barrier_note ? h('p', { class: 'ds-barrier-line', dir: 'auto', text: flow.barrier_note }) : null,
      notes.length ? h('ul', { class: 'ds-notes', 'aria-label': _('Obstacles others see') }, notes.map((n) => h('li', {},
        h('bdi', { text: `${barrierWord(n.barrier)}: ${n.text}` }), n.author && n.author.name ? ` — ${n.author.name}` : '',
        open && (fac || (mine.notes || {})[n.id]) ? ui.button(_('Take back'), () => act(ctx, 'delete_barrier_note', { flow_id: flow.id, note_id: n.id }),
          { class: 'button button-small', 'aria-label': _('Take back the obstacle: {text}', { text: n.text }) }) : null))) : null,
      open ? noteForm(section, ctx, flow, label) : null,
      canEdit('flows', flow.id) ? [editing ? flowEditor(section, ctx, flow, view) : null, h('div', { class: 'note-tools' },
        editing ? null : ui.button(_('Edit'), () => { mem.editing = flow.id; redraw(section); },
          { class: 'button button-small', 'aria-label': _('Edit: {text}', { text: label }) }),
        ui.button(_('Delete'), () => { if (window.confirm(_('Remove this flow?'))) act(ctx, 'delete_flow', { flow_id: flow.id }); },
          { class: 'button button-small', 'aria-label': _('Delete: {text}', { text: label }) }))] : null);
  })) : h('p', { class: 'empty', text: _('No flows mapped yet.') }));
  // Forms of items that are gone are dropped.
  for (const key of [...mem.forms.keys()]) {
    const id = key.split(':')[1];
    if (!view.flows[id] && !view.datasets[id]) mem.forms.delete(key);
  }
  if (fac) renderOrganisations(section, view, ctx);
}

function renderOrganisations(section, view, ctx) {
  const { h, fill, ui, region } = ctx;
  fill(region(section, 'orgs'), byOrder(view.organisations).map((o) => h('li', {},
    h('bdi', { text: o.name }), o.listed ? null : [' ', h('span', { class: 'hint', text: _('(not on the list)') })], ' ',
    o.listed ? ui.button(_('Remove'), () => act(ctx, 'remove_organisation', { organisation_id: o.id }),
      { class: 'button button-small', 'aria-label': _('Remove {name} from the list', { name: o.name }) }) : null)));
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber } = ctx);
  const { view } = data;
  renderSummary(section, view, ctx);
  renderTable(section, view, ctx);
  renderMap(section, view, ctx, data.audience === 'screen');
  if (data.audience !== 'screen') {
    renderChoices(section, view, data, ctx);
    renderEditable(section, data, ctx);
  }
}
