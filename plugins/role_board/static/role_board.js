// Role assignment board: roles and groups as cards, organisations as chips you can drag onto
// them (laptop) or pick from a list on each card (phone), and the board's flags.

// Set from ctx (the page's translations) at the start of render().
let _; let ngettext; let pgettext; let sectorLabel;

const latest = new WeakMap();  // section -> {data, ctx} of the last render, for long-lived listeners

const byOrder = (items) => Object.values(items || {}).sort((a, b) => a.order - b.order);
const orgName = (view, id) => (view.organisations[id] || {}).name || _('An organisation');

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

let $;  // ctx.region, set at each render()

// Refresh a <select>/<optgroup>/<datalist>'s options without rebuilding the form around it.
function setOptions(ctx, el, items, valueOf, labelOf) {
  if (!el) return;
  const select = el.closest('select');
  const chosen = select ? select.value : null;
  ctx.fill(el, items.map((item) => ctx.h('option', { value: valueOf(item), text: labelOf(item) })));
  if (select && chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

function holdersText(view, target) {
  if (target.members) {
    return target.members.length
      ? _('Members: {names}', { names: target.members.map((id) => orgName(view, id)).join(', ') }) : _('No members yet');
  }
  const lead = target.lead ? _('Lead: {name}', { name: orgName(view, target.lead) }) : _('No lead yet');
  const supporting = target.supporting.length
    ? ` · ${_('Supporting: {names}', { names: target.supporting.map((id) => orgName(view, id)).join(', ') })}` : '';
  return lead + supporting;
}

function secondsText(count) {
  if (!count) return _('not seconded yet');
  return ngettext('seconded by {n} person', 'seconded by {n} people', count);
}

// A flag (codes and values from the server) as a sentence in the reader's language.
function flagText(f) {
  switch (f.kind) {
    case 'unfilled': return _('No organisation has taken on {name} yet.', { name: f.name });
    case 'no_lead': return _('{name} has supporting organisations but no lead.', { name: f.name });
    case 'overload': return _('{name} leads {count} roles, more than the limit of {limit}.', { name: f.name, count: f.count, limit: f.limit });
    case 'empty_body': return _('{name} has no members yet.', { name: f.name });
    case 'one_sector': return _('Everyone on {name} comes from one sector: {sector}.', { name: f.name, sector: sectorLabel(f.sector) });
    case 'no_community': return _('{name} has no community organisation.', { name: f.name });
    case 'sector_without_role':
      if (f.sector) return _('No organisation from {sector} holds a role yet.', { sector: sectorLabel(f.sector) });
      return ngettext('{n} smaller sector in the room holds no role yet.', '{n} smaller sectors in the room hold no role yet.', f.count || 1);
    default: return f.kind;
  }
}

// "confirmed as lead / supporting / a member"
function heldText(held) {
  if (held === 'member') return _('confirmed as a member');
  if (held === 'lead') return _('confirmed as lead');
  return _('confirmed as supporting');
}

function flagsFor(view, targetId) {
  return byOrder(view.flags).filter((f) => f.target === targetId);
}

// A drop target: dropping an organisation chip calls onDrop(orgId).
function droppable(el, onDrop) {
  el.addEventListener('dragover', (e) => { e.preventDefault(); el.classList.add('is-drop'); });
  el.addEventListener('dragleave', () => el.classList.remove('is-drop'));
  el.addEventListener('drop', (e) => {
    e.preventDefault();
    el.classList.remove('is-drop');
    const orgId = e.dataTransfer.getData('text/plain');
    if (orgId) onDrop(orgId);
  });
  return el;
}

function tray(section, data, ctx) {
  const { view } = data;
  ctx.fill($(section, 'tray'), byOrder(view.organisations).map((org) => ctx.h('li', {
    class: 'rb-org', draggable: 'true', dataset: { org: org.id },
    ondragstart: (e) => { e.dataTransfer.setData('text/plain', org.id); e.dataTransfer.effectAllowed = 'copy'; },
  }, ctx.h('span', { class: 'rb-org-name', text: org.name }), org.sector ? ctx.h('span', { class: 'rb-org-sector', text: org.sector }) : null,
  org.leads ? ctx.h('span', { class: 'rb-org-leads', text: _('leads {n}', { n: org.leads }) }) : null)));
  for (const el of section.querySelectorAll('[data-region="org-options"]')) {
    setOptions(ctx, el, byOrder(view.organisations), (o) => o.name, (o) => o.sector || o.name);
  }
  for (const select of section.querySelectorAll('[data-region="org-select"]')) {
    // A list to pick from (a phone's native picker): placeholder first, then every organisation.
    const chosen = select.value;
    ctx.fill(select, ctx.h('option', { value: '', text: _('Choose an organisation…') }),
      byOrder(view.organisations).map((o) => ctx.h('option', { value: o.name, text: o.sector ? `${o.name} (${o.sector})` : o.name })));
    if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
  for (const el of section.querySelectorAll('[data-region="role-options"]')) setOptions(ctx, el, byOrder(view.roles), (r) => r.id, (r) => r.name);
  for (const el of section.querySelectorAll('[data-region="body-options"]')) setOptions(ctx, el, byOrder(view.bodies), (b) => b.id, (b) => b.name);
}

// The board's flags. ``onCards``: flags about one role or group are shown on its card instead,
// and the list only counts them (the console), so the list stays short enough to read.
function flagList(section, data, ctx, { onCards = false } = {}) {
  const all = byOrder(data.view.flags);
  const flags = onCards ? all.filter((f) => !f.target) : all;
  const carded = new Set(all.filter((f) => f.target).map((f) => f.target)).size;
  const items = flags.map((f) => ctx.h('li', { class: `rb-flag rb-flag-${f.kind}`, text: flagText(f) }));
  if (onCards && carded) {
    items.unshift(ctx.h('li', { class: 'rb-flag', text: ngettext(
      '{n} role or group flagged: see the red notes on the cards below.',
      '{n} roles or groups flagged: see the red notes on the cards below.', carded) }));
  }
  ctx.fill($(section, 'flags'), items.length ? items
    : ctx.h('li', { class: 'rb-flag rb-flag-clear', text: _('Nothing flagged: every role is filled and every group is balanced.') }));
}

// -- participant -------------------------------------------------------------------------

function prefill(section, targetId, orgNameValue) {
  const form = section.querySelector('form.rb-nominate');
  form.querySelector('[name="target_id"]').value = targetId;
  const org = form.querySelector('[name="organisation"]');
  if (orgNameValue !== undefined) org.value = orgNameValue;
  form.scrollIntoView({ behavior: 'smooth', block: 'start' });
  (orgNameValue ? form.querySelector('[name="reason"]') : org).focus({ preventScroll: true });
}

function participantCard(section, data, ctx, target) {
  const { view, step, personal, me } = data;
  const { h, ui } = ctx;
  const open = step.status === 'open';
  const myOrg = personal.organisation || '';
  const mine = myOrg && (target.lead === myOrg || (target.supporting || target.members || []).includes(myOrg));
  const put = Object.values(view.nominations || {}).some((n) => n.target === target.id && n.organisation === myOrg)
    || Object.values(personal.mine || {}).some((n) => n.target === target.id && n.organisation === myOrg);
  const buttons = [];
  if (open && me && me.organisation && !mine && !put) {
    buttons.push(ui.button(_('Volunteer'), () => act(ctx, 'volunteer', { target_id: target.id, reason: '' }),
      { class: 'button button-small', 'aria-label': _('Volunteer {organisation} for {target}', { organisation: me.organisation, target: target.name }) }));
  }
  if (open) {
    buttons.push(ui.button(_('Nominate…'), () => prefill(section, target.id),
      { class: 'button button-small', 'aria-label': _('Nominate an organisation for {target}', { target: target.name }) }));
  }
  const card = h('li', { class: `rb-card${mine ? ' is-mine' : ''}`, dataset: { target: target.id } },
    h('h4', { text: target.name }),
    target.description ? h('p', { class: 'rb-desc', text: target.description }) : null,
    h('p', { class: 'rb-holders', text: holdersText(view, target) }),
    target.nominations ? h('p', { class: 'note-meta', text: ngettext('{n} nomination', '{n} nominations', target.nominations) }) : null,
    put && !mine && me && me.organisation
      ? h('p', { class: 'note-meta rb-put', text: _('{organisation} is put forward for this.', { organisation: me.organisation }) }) : null,
    buttons.length ? h('div', { class: 'note-actions' }, buttons) : null);
  if (open) {
    droppable(card, (orgId) => {
      const org = view.organisations[orgId];
      if (org) prefill(section, target.id, org.name);
    });
  }
  return card;
}

function nominationCard(data, ctx, n, { own = false } = {}) {
  const { view, step, personal } = data;
  const { ui } = ctx;
  const open = step.status === 'open';
  const target = view.roles[n.target] || view.bodies[n.target] || { name: _('a removed role') };
  const org = n.organisation_name || orgName(view, n.organisation);
  const seconded = (personal.seconded || []).includes(n.id);
  const who = n.author && n.author.name ? _('put forward by {name}', { name: n.author.name }) : sectorLabel((n.author && n.author.sector) || '');
  const actions = [];
  if (own && open) {
    actions.push(ui.button(_('Withdraw'), () => act(ctx, 'withdraw', { nomination_id: n.id }),
      { class: 'button button-small', 'aria-label': _('Withdraw {organisation} for {target}', { organisation: org, target: target.name }) }));
  } else if (open && !(personal.mine || {})[n.id]) {
    actions.push(ui.button(seconded ? _('Seconded ✓') : _('Second'), () => act(ctx, seconded ? 'unsecond' : 'second', { nomination_id: n.id }),
      { class: 'button button-small', 'aria-pressed': seconded ? 'true' : 'false', 'aria-label': _('Second {organisation} for {target}', { organisation: org, target: target.name }) }));
  }
  return ui.noteCard({
    id: n.id, text: `${org} → ${target.name}`,
    meta: [n.kind === 'volunteer' ? _('volunteered') : '', n.reason, who, secondsText(n.seconds),
      n.held ? heldText(n.held) : ''],
    actions,
  });
}

function renderParticipant(section, data, ctx) {
  const { view, personal, me } = data;
  const { h, fill } = ctx;
  $(section, 'my-org').textContent = me && me.organisation
    ? _('You are taking part for {organisation}.', { organisation: me.organisation }) : _('Add your organisation when you join to volunteer it.');
  tray(section, data, ctx);
  fill($(section, 'roles'), byOrder(view.roles).map((r) => participantCard(section, data, ctx, r)));
  fill($(section, 'bodies'), byOrder(view.bodies).map((b) => participantCard(section, data, ctx, b)));
  const mine = Object.values(personal.mine || {});
  fill($(section, 'mine'), mine.length ? mine.map((n) => nominationCard(data, ctx, n, { own: true }))
    : h('li', { class: 'empty', text: _('Nothing yet — volunteer or nominate from a role above.') }));
  const all = byOrder(view.nominations);
  const myOrg = personal.organisation;
  const forMine = all.filter((n) => myOrg && n.organisation === myOrg && !(personal.mine || {})[n.id]);
  fill($(section, 'for-my-org'), forMine.length ? forMine.map((n) => nominationCard(data, ctx, n))
    : h('li', { class: 'empty', text: view.nominations_private ? _('Shown once the facilitator reveals nominations.') : pgettext('role_board', 'None yet.') }));
  $(section, 'nominations-note').textContent = view.nominations_private
    ? ngettext('{n} nomination so far — they stay private until the facilitator shows them.',
      '{n} nominations so far — they stay private until the facilitator shows them.', view.nomination_count) : '';
  const others = all.filter((n) => !(personal.mine || {})[n.id]);
  fill($(section, 'nominations'), view.nominations_private ? null : (others.length ? others.map((n) => nominationCard(data, ctx, n))
    : h('li', { class: 'empty', text: _('No one else has put an organisation forward yet.') })));
}

// -- facilitator -------------------------------------------------------------------------

function chip(ctx, text, removeLabel, onRemove, extra = []) {
  return ctx.h('li', { class: 'rb-holder' }, ctx.h('span', { class: 'rb-holder-name', text }),
    ctx.h('span', { class: 'rb-holder-actions' }, extra,
      ctx.ui.button(_('Take off'), onRemove, { class: 'button button-small', 'aria-label': removeLabel })));
}

function facilitatorCard(section, data, ctx, target) {
  const { view } = data;
  const { h, ui } = ctx;
  const isRole = !target.members;
  const off = (orgId) => act(ctx, 'unassign', { target_id: target.id, organisation: orgId });
  // Each button's name starts with its visible words (WCAG 2.5.3), in both languages.
  const takeOff = (id) => _('Take off {organisation} from {target}', { organisation: orgName(view, id), target: target.name });
  const holders = isRole
    ? [target.lead ? chip(ctx, _('Lead: {name}', { name: orgName(view, target.lead) }), takeOff(target.lead), () => off(target.lead)) : null,
      ...target.supporting.map((id) => chip(ctx, _('Supporting: {names}', { names: orgName(view, id) }), takeOff(id), () => off(id), [
        ui.button(_('Make lead'), () => act(ctx, 'assign', { target_id: target.id, organisation: id, position: 'lead' }),
          { class: 'button button-small', 'aria-label': _('Make lead: {organisation} for {target}', { organisation: orgName(view, id), target: target.name }) })]))]
    : target.members.map((id) => chip(ctx, orgName(view, id), takeOff(id), () => off(id)));
  // Acts only on its button (ui.confirmChoice), never on the select's change.
  const pick = ui.confirmChoice(h('select', { 'aria-label': _('Add an organisation to {target}', { target: target.name }) },
    h('option', { value: '', text: isRole ? (target.lead ? _('Add a supporting organisation…') : _('Choose a lead…')) : _('Add a member…') }),
    byOrder(view.organisations).map((o) => h('option', { value: o.id, text: o.sector ? `${o.name} (${o.sector})` : o.name }))),
  { text: _('Add'), label: _('Add the chosen organisation to {target}', { target: target.name }),
    onConfirm: (value) => act(ctx, 'assign', { target_id: target.id, organisation: value, position: '' }) });
  const nominations = byOrder(view.nominations).filter((n) => n.target === target.id);
  const tools = [pick];
  if (isRole) tools.push(ui.button(_('Edit'), () => editRole(section, target.id), { class: 'button button-small', 'aria-label': _('Edit {target}', { target: target.name }) }));
  tools.push(ui.button(pgettext('role_board', 'Remove'), () => {
    if (window.confirm(_('Remove {target} from the board?', { target: target.name }))) act(ctx, isRole ? 'remove_role' : 'remove_body', { target_id: target.id });
  }, { class: 'button button-small', 'aria-label': _('Remove {target}', { target: target.name }) }));
  const card = h('li', { class: 'rb-card', dataset: { target: target.id } },
    h('h4', { text: target.name }),
    target.description ? h('p', { class: 'rb-desc', text: target.description }) : null,
    isRole && target.responsibilities && target.responsibilities !== target.description
      ? h('p', { class: 'rb-resp', text: target.responsibilities }) : null,
    h('ul', { class: 'rb-holders' }, holders.length && holders.some(Boolean) ? holders : h('li', { class: 'empty', text: _('No one yet') })),
    flagsFor(view, target.id).map((f) => h('p', { class: `rb-flag rb-flag-${f.kind}`, text: flagText(f) })),
    nominations.length ? h('h5', { class: 'rb-noms-title', text: _('Put forward') }) : null,
    nominations.length ? h('ul', { class: 'rb-noms' }, nominations.map((n) => h('li', {},
      h('p', { class: 'rb-nom-text', text: n.reason ? _('{organisation} — “{reason}”', { organisation: orgName(view, n.organisation), reason: n.reason })
        : orgName(view, n.organisation) }),
      h('p', { class: 'note-meta', text: [n.kind === 'volunteer' ? _('volunteered') : _('nominated'),
        n.author && n.author.name ? _('by {name}', { name: n.author.name }) : '', secondsText(n.seconds)].filter(Boolean).join(' · ') }),
      h('div', { class: 'note-actions' }, n.held ? h('span', { class: 'note-meta', text: heldText(n.held) })
        : ui.button(_('Confirm'), () => act(ctx, 'confirm_nomination', { nomination_id: n.id, position: '' }),
          { class: 'button button-small', 'aria-label': _('Confirm {organisation} for {target}', { organisation: orgName(view, n.organisation), target: target.name }) }),
      ui.button(_('Drop'), () => act(ctx, 'withdraw', { nomination_id: n.id }),
        { class: 'button button-small', 'aria-label': _('Drop the nomination of {organisation}', { organisation: orgName(view, n.organisation) }) }))))) : null,
    h('div', { class: 'note-actions' }, tools));
  return droppable(card, (orgId) => act(ctx, 'assign', { target_id: target.id, organisation: orgId, position: '' }));
}

function editRole(section, roleId) {
  const box = $(section, 'edit-role-box');
  const select = $(section, 'edit-role-target');
  box.open = true;
  select.value = roleId;
  select.dispatchEvent(new Event('change'));
  box.querySelector('[name="name"]').focus();
}

function wireFacilitatorForms(section) {
  const select = $(section, 'edit-role-target');
  if (select && !select.dataset.rbWired) {
    select.dataset.rbWired = '1';
    select.addEventListener('change', () => {
      const role = ((latest.get(section) || {}).data || { view: { roles: {} } }).view.roles[select.value];
      if (!role) return;
      const form = select.form;
      form.querySelector('[name="name"]').value = role.name;
      form.querySelector('[name="description"]').value = role.description;
      form.querySelector('[name="responsibilities"]').value = role.responsibilities;
    });
  }
  const form = $(section, 'assign-form');
  if (form && !form.dataset.rbWired) {
    form.dataset.rbWired = '1';
    form.addEventListener('submit', (e) => { e.preventDefault(); assignByName(section, form); });
  }
}

async function assignByName(section, form) {
  const { ctx } = latest.get(section);
  const payload = Object.fromEntries(new FormData(form).entries());
  const offer = form.querySelector('[data-region="offer-add"]');
  ctx.fill(offer);
  const ack = await ctx.send('assign', payload);
  ctx.ui.showErrors(form, ack);
  if (ack.ok) { form.querySelector('[name="organisation"]').value = ''; return; }
  if (ack.fields && ack.fields.organisation && payload.organisation) {
    // Not in the partnership yet: offer to add it, then confirm it in one go.
    ctx.fill(offer, ctx.ui.button(_('Add {organisation} to the partnership and confirm it', { organisation: payload.organisation }), async () => {
      const added = await act(ctx, 'add_organisation', { name: payload.organisation, sector: '' });
      if (added.ok) { ctx.fill(offer); await act(ctx, 'assign', payload); form.querySelector('[name="organisation"]').value = ''; }
    }, { class: 'button' }));
  }
}

function renderFacilitator(section, data, ctx) {
  const { view } = data;
  const { fill, ui } = ctx;
  wireFacilitatorForms(section);
  tray(section, data, ctx);
  flagList(section, data, ctx, { onCards: true });
  const roles = byOrder(view.roles);
  const filled = roles.filter((r) => r.lead).length;
  $(section, 'summary').textContent = [
    ngettext('{filled} of {n} role has a lead', '{filled} of {n} roles have a lead', roles.length, { filled }),
    ngettext('{n} nomination', '{n} nominations', view.nomination_count),
    _('overload limit {limit}', { limit: view.limit }),
  ].join(' · ');
  fill($(section, 'roles'), roles.map((r) => facilitatorCard(section, data, ctx, r)));
  fill($(section, 'bodies'), byOrder(view.bodies).map((b) => facilitatorCard(section, data, ctx, b)));
}

// -- room screen -------------------------------------------------------------------------

function screenCard(data, ctx, target) {
  const { view } = data;
  const { h } = ctx;
  const flagged = flagsFor(view, target.id);
  return h('li', { class: `rb-card${flagged.length ? ' is-flagged' : ''}` },
    h('h4', { text: target.name }),
    h('p', { class: 'rb-holders', text: holdersText(view, target) }),
    target.nominations ? h('p', { class: 'note-meta', text: ngettext('{n} nomination', '{n} nominations', target.nominations) }) : null);
}

function renderScreen(section, data, ctx) {
  const { view } = data;
  const roles = byOrder(view.roles);
  $(section, 'summary').textContent = ngettext('{filled} of {n} role has a lead', '{filled} of {n} roles have a lead', roles.length,
    { filled: roles.filter((r) => r.lead).length });
  flagList(section, data, ctx);
  ctx.fill($(section, 'roles'), roles.map((r) => screenCard(data, ctx, r)));
  ctx.fill($(section, 'bodies'), byOrder(view.bodies).map((b) => screenCard(data, ctx, b)));
}

export function render(section, data, ctx) {
  ({ _, ngettext, pgettext, region: $, sectorLabel } = ctx);
  latest.set(section, { data, ctx });
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
