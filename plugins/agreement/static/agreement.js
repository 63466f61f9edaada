// Partnership agreement: the clause the room answers (phones, screen) and the console's clause
// list with its controls, tallies, organisations' positions and decision log.

// Set from ctx (the page's translations, pages/steps.js) at the start of render().
let _; let ngettext; let pgettext; let formatNumber; let formatDate; let charts; let sectorLabel; let pictures;

const ANSWERS = ['support', 'reservations', 'discuss', 'object'];
const NEEDS_REASON = new Set(['reservations', 'object']);

function answerLabel(key) {
  return {
    support: _('Fully support'),
    reservations: _('Support with reservations'),
    discuss: _('Need more discussion'),
    object: _('Cannot support'),
  }[key] || key;
}

function outcomeLabel(key) {
  return {
    agreed: _('Agreed'),
    agreed_reservations: _('Agreed with noted reservations'),
    future: _('Left for future negotiation'),
  }[key] || '';
}

function statusLabel(key) {
  return {
    draft: pgettext('agreement', 'Not yet put to the room'),
    open: pgettext('agreement', 'Open for answers'),
    paused: pgettext('agreement', 'Paused'),
    closed: pgettext('agreement', 'Closed'),
  }[key] || key;
}

function clauseTitle(clause) {
  const n = formatNumber(clause.number);
  return clause.heading ? _('Clause {n} · {heading}', { n, heading: clause.heading }) : _('Clause {n}', { n });
}

function ordered(view) {
  return Object.values(view.clauses || {}).sort((a, b) => a.order - b.order);
}

function when(seconds) {
  return seconds ? formatDate(new Date(seconds * 1000), { hour: '2-digit', minute: '2-digit' }) : '';
}


// "label: value" as the page's language writes it (French puts a space before the colon).
function labelled(label, value) { return _('{label}: {value}', { label, value }); }
function colon() { return labelled('', ''); }

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

// The clause text keeps its paragraphs: one <p> per paragraph, each a text node.
function clauseText(h, text, cls = 'ag-text') {
  return h('div', { class: cls, dir: 'auto' }, String(text || '').split(/\n{2,}/).map((para) => h('p', { text: para })));
}

function tallyBars(h, ui, results, { large = false, audience = '', key = '' } = {}) {
  if (!results) return null;
  if (results.hidden) {
    return h('p', { class: 'hint', text: ngettext('{n} answer so far — hidden until the facilitator reveals them.',
      '{n} answers so far — hidden until the facilitator reveals them.', results.total, { n: formatNumber(results.total) }) });
  }
  const tally = results.tally || {};
  const max = Math.max(1, ...ANSWERS.map((k) => tally[k] || 0));
  const bars = h('ul', { class: `ag-tally${large ? ' ag-tally-large' : ''}` }, ANSWERS.map((key) => h('li', { class: `ag-answer-${key}` },
    h('span', { class: 'ag-tally-label answer-inline' }, pictures.picture(`consent-${key}`), answerLabel(key)),
    ui.countBar(tally[key] || 0, max, formatNumber(tally[key] || 0)))));
  return charts.chart({ visual: bars, audience, key: `ag:${key}`,
    caption: _('Answers to this clause ({n} in all)', { n: formatNumber(results.total) }),
    columns: [_('Answer'), _('People')],
    rows: ANSWERS.map((key) => ({ label: answerLabel(key), values: [tally[key] || 0] })) });
}

function sectorLine(h, results) {
  const by = results && results.by_sector;
  if (!by) return null;
  const parts = [];
  for (const key of ANSWERS) {
    const sectors = Object.entries(by[key] || {}).filter(([, n]) => n > 0);
    if (!sectors.length) continue;
    const other = _('other sectors');
    const none = _('no sector');
    const list = sectors.map(([sector, n]) => [sector === 'other' ? other : (sector ? sectorLabel(sector) : none), formatNumber(n)].join(' '));
    parts.push(h('li', { text: labelled(answerLabel(key), list.join(', ')) }));
  }
  return parts.length ? h('details', { class: 'ag-sectors' }, h('summary', { text: _('Individual voices by sector') }), h('ul', {}, parts)) : null;
}

function positionsList(h, results, { withReasons = true } = {}) {
  const orgs = results && results.organisations;
  if (!orgs || !Object.keys(orgs).length) return null;
  return h('ul', { class: 'ag-orgs' }, Object.values(orgs).map((p) => {
    const marks = [];
    if (p.answer && p.left) marks.push(_('recorded by a representative who has since left'));
    if (!p.answer && !p.represented) marks.push(_('no representative named'));
    return h('li', { class: `ag-org${p.answer ? ` ag-answer-${p.answer}` : ' ag-org-none'}` },
      h('bdi', { class: 'ag-org-name', text: p.organisation }), colon(),
      h('strong', { text: p.answer ? answerLabel(p.answer) : _('no position recorded') }),
      p.by ? h('span', { class: 'ag-meta' }, ' · ', h('bdi', { text: p.by })) : null,
      p.sent_at ? h('span', { class: 'ag-meta', text: ` · ${when(p.sent_at)}` }) : null,
      marks.length ? h('span', { class: 'ag-mark', text: ` (${marks.join('; ')})` }) : null,
      withReasons && p.reason ? h('p', { class: 'ag-reason', dir: 'auto', text: p.reason }) : null);
  }));
}

function reasonsList(h, results) {
  const reasons = Object.values((results && results.reasons) || {}).sort((a, b) => a.seq - b.seq);
  if (!reasons.length) return null;
  return h('details', { class: 'ag-reasons' }, h('summary', { text: ngettext('{n} reason given', '{n} reasons given', reasons.length, { n: formatNumber(reasons.length) }) }),
    h('ul', {}, reasons.map((r) => {
      const who = r.author && (r.author.name || r.author.sector) ? (r.author.name || sectorLabel(r.author.sector)) : '';
      return h('li', {}, h('strong', { text: answerLabel(r.answer) }), who ? h('span', { class: 'ag-meta' }, ' · ', h('bdi', { text: who })) : null,
        h('p', { class: 'ag-reason', dir: 'auto', text: r.reason }));
    })));
}

// -- the phone -------------------------------------------------------------------------------

const drafts = new Map(); // step id:clause id:version -> the reason being typed
const picks = new Map(); // the same key -> the answer picked but not sent yet

// The four answers as the core's picture choice (ctx.pictures) draws them: a picture beside
// each answer's words, the reason asked for where it is needed.
function answerChoice(ctx, { id, chosen, open, describedby, key }) {
  return pictures.pictureChoice(ctx.h, {
    name: 'answer', id, legend: _('Your answer to this clause'), checked: chosen, disabled: !open,
    className: 'answer-rows ag-answers', describedby, onchange: (answer) => picks.set(key, answer),
    points: ANSWERS.map((answer) => ({ value: answer, words: answerLabel(answer), picture: `consent-${answer}`,
      note: NEEDS_REASON.has(answer) ? _('reason needed') : '', className: `ag-choice ag-answer-${answer}` })),
  });
}

function renderParticipant(section, data, ctx) {
  const { h, fill, region } = ctx;
  const { view, personal, step } = data;
  const rep = personal.represents;
  region(section, 'represents').textContent = rep ? _('You give the position of {org}: your answer is recorded as theirs.', { org: rep }) : '';
  const clause = view.open && view.clauses[view.open];
  const box = region(section, 'clause');
  if (!clause) {
    fill(box, h('p', { class: 'empty', text: _('No clause is open right now. The facilitator will put the next one to the room.') }));
    return;
  }
  const mine = (personal.answers || {})[clause.id] || {};
  const key = `${step.id}:${clause.id}:${clause.version}`;
  const errId = `ag-err-${step.id}`;
  const reasonId = `ag-reason-${step.id}`;
  const reason = h('textarea', { id: reasonId, name: 'reason', rows: 3, maxlength: view.reason_max || 1000, 'aria-describedby': `${reasonId}-hint ${errId}` });
  reason.value = drafts.has(key) ? drafts.get(key) : (mine.reason || '');
  reason.addEventListener('input', () => drafts.set(key, reason.value));
  const error = h('p', { class: 'field-error', id: errId, role: 'alert' });
  const open = step.status === 'open';
  const choice = answerChoice(ctx, { id: `ag-answer-${step.id}`, chosen: picks.has(key) ? picks.get(key) : (mine.answer || ''),
    open, describedby: errId, key });
  const send = async () => {
    error.textContent = '';
    const picked = choice.querySelector('input[name=answer]:checked');
    if (!picked) {
      error.textContent = _('Pick one of the four answers.');
      choice.querySelector('input[name=answer]').focus();
      return;
    }
    const answer = picked.value;
    if (NEEDS_REASON.has(answer) && !reason.value.trim()) {
      error.textContent = _('Say why: this answer needs a reason.');
      reason.focus();
      return;
    }
    const ack = await ctx.send('answer', { clause_id: clause.id, version: clause.version, answer, reason: reason.value });
    if (ack.ok) {
      drafts.delete(key);
      picks.delete(key);
      ctx.ui.announce(_('Your answer is recorded: {answer}.', { answer: answerLabel(answer) }));
    } else {
      error.textContent = ack.error;
    }
  };
  const earlier = mine.earlier && !mine.answer
    ? h('p', { class: 'ag-notice', role: 'status', text: _('This clause was amended after you answered version {n}: read the new text and answer again.', { n: formatNumber(mine.earlier.version) }) })
    : null;
  fill(box,
    h('h3', { class: 'ag-heading', dir: 'auto', text: clauseTitle(clause) }),
    clause.version > 1 ? h('p', { class: 'ag-version', text: _('Amended text, version {n}', { n: formatNumber(clause.version) }) }) : null,
    clauseText(h, clause.text),
    earlier,
    mine.answer ? h('p', { class: 'ag-mine', role: 'status', text: _('Your answer: {answer}. You can change it while the clause is open.', { answer: answerLabel(mine.answer) }) }) : null,
    choice,
    h('div', { class: 'field' },
      h('label', { for: reasonId, text: _('Your reason') }),
      h('p', { class: 'hint', id: `${reasonId}-hint`, text: _('Needed for “Support with reservations” and “Cannot support”; optional otherwise.') }),
      reason),
    error,
    h('button', { type: 'button', class: 'button button-primary ag-send', disabled: !open, onclick: send }, _('Send my answer')));
}

// -- the screen ------------------------------------------------------------------------------

function renderScreen(section, data, ctx) {
  const { h, fill, ui, region } = ctx;
  const { view } = data;
  const clause = view.open && view.clauses[view.open];
  const box = region(section, 'screen');
  if (!clause) {
    const done = ordered(view);
    // The step's header already reads "Partnership agreement" when the step keeps that title.
    const title = data.step.title === _('Partnership agreement') ? null : h('p', { class: 'prompt prompt-large', text: _('Partnership agreement') });
    fill(box, title,
      h('ol', { class: 'ag-screen-list' }, done.map((c) => h('li', {},
        h('bdi', { text: clauseTitle(c) }), ' — ', h('span', { text: c.status === 'closed' ? outcomeLabel(c.outcome) : statusLabel(c.status) })))));
    return;
  }
  fill(box,
    h('h2', { class: 'ag-screen-heading', dir: 'auto', text: clauseTitle(clause) }),
    clause.version > 1 ? h('p', { class: 'ag-version', text: _('Amended text, version {n}', { n: formatNumber(clause.version) }) }) : null,
    h('div', { class: 'ag-screen-body' },
      clauseText(h, clause.text, 'ag-text ag-text-large'),
      h('div', { class: 'ag-screen-results' },
        h('p', { class: 'summary', text: ngettext('{n} answer', '{n} answers', clause.results.total, { n: formatNumber(clause.results.total) }) }),
        tallyBars(h, ui, clause.results, { large: true, audience: 'screen', key: clause.id }),
        positionsList(h, clause.results, { withReasons: false }))));
}

// -- the console -----------------------------------------------------------------------------

const memory = new WeakMap();
function remember(section) {
  if (!memory.has(section)) memory.set(section, { amending: '', heading: '', text: '' });
  return memory.get(section);
}

function redraw(section) {
  const mem = remember(section);
  if (mem.data) renderFacilitator(section, mem.data, mem.ctx);
}

function amendEditor(section, ctx, clause) {
  const { h } = ctx;
  const mem = remember(section);
  const base = `ag-amend-${clause.id}`;
  const heading = h('input', { type: 'text', id: `${base}-h`, maxlength: 120, value: mem.heading });
  const text = h('textarea', { id: `${base}-t`, rows: 6, maxlength: 3000 });
  text.value = mem.text;
  heading.addEventListener('input', () => { mem.heading = heading.value; });
  text.addEventListener('input', () => { mem.text = text.value; });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const save = async () => {
    const ack = await ctx.send('amend_clause', { clause_id: clause.id, heading: heading.value, text: text.value });
    if (ack.ok) {
      Object.assign(mem, { amending: '', heading: '', text: '' });
      ctx.ui.announce(_('Clause amended.'));
      redraw(section);
    } else {
      error.textContent = ack.error;
    }
  };
  return h('div', { class: 'ag-amend' },
    h('p', { class: 'hint', text: _('Once answers are in, the amended text becomes a new version: the answers stay with the old text and the room answers again.') }),
    h('div', { class: 'field' }, h('label', { for: heading.id, text: _('Heading') }), heading),
    h('div', { class: 'field' }, h('label', { for: text.id, text: _('Clause text') }), text),
    error,
    h('div', { class: 'button-row' },
      ctx.ui.button(_('Save the amendment'), save, { class: 'button button-primary' }),
      ctx.ui.button(_('Cancel'), () => { Object.assign(mem, { amending: '' }); redraw(section); })));
}

function closeControl(ctx, clause) {
  const { h } = ctx;
  const id = `ag-outcome-${clause.id}`;
  const select = h('select', { id }, ['agreed', 'agreed_reservations', 'future'].map((key) => h('option', { value: key, text: outcomeLabel(key) })));
  return h('span', { class: 'ag-close' }, h('label', { for: id, text: _('Outcome') }), select,
    ctx.ui.button(_('Close the clause'), () => act(ctx, 'close_clause', { clause_id: clause.id, outcome: select.value }),
      { class: 'button button-small', 'aria-label': _('Close {clause}', { clause: clauseTitle(clause) }) }));
}

function logList(h, clause) {
  const events = Object.values(clause.log || {}).sort((a, b) => a.seq - b.seq);
  if (!events.length) return null;
  const say = (e) => {
    const v = formatNumber(e.version);
    return {
      opened: _('version {v} put to the room', { v }),
      reopened: _('version {v} opened again', { v }),
      paused: _('version {v} paused', { v }),
      edited: _('version {v} corrected before any answer', { v }),
      amended: _('amended: version {v}', { v }),
      closed: _('version {v} closed: {outcome}', { v, outcome: outcomeLabel(e.outcome) }),
    }[e.event] || e.event;
  };
  return h('details', { class: 'ag-log' }, h('summary', { text: pgettext('agreement', 'Decision log') }),
    h('ol', {}, events.map((e) => h('li', { text: [when(e.sent_at), say(e)].filter(Boolean).join(' · ') }))));
}

function versionsList(h, ui, clause) {
  const versions = Object.values(clause.versions || {}).sort((a, b) => b.number - a.number);
  if (!versions.length) return null;
  return h('details', { class: 'ag-versions' },
    h('summary', { text: ngettext('{n} earlier version', '{n} earlier versions', versions.length, { n: formatNumber(versions.length) }) }),
    versions.map((v) => h('div', { class: 'ag-version-old' },
      h('h5', { text: _('Version {n}', { n: formatNumber(v.number) }) + (v.outcome ? ` — ${outcomeLabel(v.outcome)}` : '') }),
      clauseText(h, v.text),
      tallyBars(h, ui, v.results, { key: `${clause.id}:v${v.number}` }), positionsList(h, v.results), reasonsList(h, v.results))));
}

function renderFacilitator(section, data, ctx) {
  const { h, fill, ui, region } = ctx;
  const { view, step } = data;
  const mem = remember(section);
  Object.assign(mem, { data, ctx });
  const clauses = ordered(view);
  const open = view.open && view.clauses[view.open];
  region(section, 'summary').textContent = open
    ? ngettext('{clause} is open: {n} answer so far.', '{clause} is open: {n} answers so far.', open.results.total,
      { clause: clauseTitle(open), n: formatNumber(open.results.total) })
    : ngettext('{n} clause; none is open.', '{n} clauses; none is open.', clauses.length, { n: formatNumber(clauses.length) });
  const live = step.status === 'open' || step.status === 'locked';
  fill(region(section, 'clauses'), clauses.length ? clauses.map((clause) => {
    const controls = [];
    if (live && clause.status !== 'open') {
      controls.push(ui.button(clause.status === 'closed' ? _('Open again') : _('Open the clause'),
        () => act(ctx, 'open_clause', { clause_id: clause.id }),
        { class: 'button button-small', 'aria-label': _('Open {clause}', { clause: clauseTitle(clause) }) }));
    }
    if (live && (clause.status === 'open' || clause.status === 'paused')) controls.push(closeControl(ctx, clause));
    if (live && mem.amending !== clause.id) {
      controls.push(ui.button(_('Amend'), () => {
        Object.assign(mem, { amending: clause.id, heading: clause.heading, text: clause.text });
        redraw(section);
        const field = section.querySelector(`#ag-amend-${CSS.escape(clause.id)}-t`);
        if (field) field.focus();
      }, { class: 'button button-small', 'aria-label': _('Amend {clause}', { clause: clauseTitle(clause) }) }));
    }
    if (live && clause.status === 'draft' && clause.version === 1 && !clause.results.total) {
      controls.push(ui.button(_('Remove'), () => {
        if (window.confirm(_('Remove this clause?'))) act(ctx, 'remove_clause', { clause_id: clause.id });
      }, { class: 'button button-small', 'aria-label': _('Remove {clause}', { clause: clauseTitle(clause) }) }));
    }
    const status = clause.status === 'closed'
      ? [labelled(statusLabel('closed'), outcomeLabel(clause.outcome)), when(clause.outcome_at)].filter(Boolean).join(' · ')
      : statusLabel(clause.status);
    return h('li', { class: `ag-clause ag-status-${clause.status}`, dataset: { item: clause.id } },
      h('h4', { dir: 'auto' }, h('bdi', { text: clauseTitle(clause) })),
      h('p', { class: 'ag-meta' }, h('span', { class: 'ag-badge', text: status }), ' · ',
        clause.version > 1 ? h('span', { text: _('version {n}', { n: formatNumber(clause.version) }) }) : null,
        clause.version > 1 ? ' · ' : null,
        h('span', { text: ngettext('{n} answer', '{n} answers', clause.results.total, { n: formatNumber(clause.results.total) }) })),
      clauseText(h, clause.text),
      mem.amending === clause.id ? amendEditor(section, ctx, clause) : null,
      controls.length ? h('div', { class: 'button-row' }, controls) : null,
      // A clause never put to the room has no results to show yet.
      clause.status === 'draft' && !clause.results.total ? null : [tallyBars(h, ui, clause.results, { key: clause.id }),
        positionsList(h, clause.results), sectorLine(h, clause.results), reasonsList(h, clause.results)],
      versionsList(h, ui, clause), logList(h, clause));
  }) : h('li', { class: 'empty', text: _('No clauses yet: add one below.') }));
  renderRepresentatives(section, data, ctx);
}

function renderRepresentatives(section, data, ctx) {
  const { h, fill, ui, region } = ctx;
  const { view, presence, step } = data;
  const people = (presence && presence.participants) || {};
  const reps = view.representatives || {};
  const orgs = view.organisations || [];
  const box = region(section, 'representatives');
  const current = Object.entries(reps).filter(([, r]) => !r.left);
  const list = h('ul', { class: 'ag-reps' }, orgs.map((org) => {
    const named = current.filter(([, r]) => r.organisation.toLowerCase() === org.toLowerCase());
    return h('li', {}, h('bdi', { class: 'ag-org-name', text: org }), colon(),
      named.length ? named.map(([actorId, r], i) => {
        const pid = actorId.slice(2);
        const here = people[pid] && people[pid].here;
        const gone = !people[pid];
        return h('span', { class: 'ag-rep' }, i ? ', ' : '', h('bdi', { text: r.name || actorId }),
          gone ? h('span', { class: 'ag-mark', text: _(' (has left the workshop)') })
            : (here ? null : h('span', { class: 'ag-mark', text: _(' (not here now)') })),
          ' ', ui.button(_('Stand down'), () => act(ctx, 'unset_representative', { actor_id: actorId }),
            { class: 'button button-small', 'aria-label': _('Stand down {name}', { name: r.name || actorId }) }));
      }) : h('span', { class: 'ag-mark', text: _('nobody named: no position recorded') }));
  }));
  const live = step.status === 'open' || step.status === 'locked';
  const pick = h('select', { id: `ag-rep-person-${step.id}` }, h('option', { value: '', text: _('Choose a participant') }),
    Object.entries(people).sort((a, b) => a[1].name.localeCompare(b[1].name)).map(([pid, p]) => h('option', {
      value: `p:${pid}`, text: p.organisation ? `${p.name} (${p.organisation})` : p.name })));
  const orgInput = h('input', { type: 'text', id: `ag-rep-org-${step.id}`, maxlength: 120, list: `ag-rep-orgs-${step.id}` });
  pick.addEventListener('change', () => {
    const person = people[pick.value.slice(2)];
    if (person && person.organisation) orgInput.value = person.organisation;
  });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const name = async () => {
    error.textContent = '';
    if (!pick.value) { error.textContent = _('Pick a participant.'); pick.focus(); return; }
    const ack = await ctx.send('set_representative', { actor_id: pick.value, organisation: orgInput.value });
    if (!ack.ok) error.textContent = ack.error;
    else ctx.ui.announce(_('Representative named.'));
  };
  // Keep what the facilitator was choosing across live updates.
  const before = box.querySelector('select');
  const beforeOrg = box.querySelector('input[type=text]');
  if (before) pick.value = before.value;
  if (beforeOrg) orgInput.value = beforeOrg.value;
  fill(box, orgs.length ? list : h('p', { class: 'empty', text: _('No organisations yet: name a representative to add one.') }),
    live ? h('div', { class: 'ag-rep-form' },
      h('div', { class: 'field' }, h('label', { for: pick.id, text: _('Participant') }), pick),
      h('div', { class: 'field' }, h('label', { for: orgInput.id, text: _('Organisation they represent') }), orgInput,
        h('datalist', { id: `ag-rep-orgs-${step.id}` }, orgs.map((o) => h('option', { value: o })))),
      error,
      ui.button(_('Name as representative'), name, { class: 'button button-primary' })) : null);
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, formatNumber, formatDate, charts, sectorLabel, pictures } = ctx);
  if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else if (data.audience === 'screen') renderScreen(section, data, ctx);
  else renderParticipant(section, data, ctx);
}
