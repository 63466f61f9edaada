// Role assignment board: roles and groups as cards, organisations as chips you can drag onto
// them (laptop) or pick from a list on each card (phone), and the board's flags.

const latest = new WeakMap();  // section -> {data, ctx} of the last render, for long-lived listeners

const byOrder = (items) => Object.values(items || {}).sort((a, b) => a.order - b.order);
const orgName = (view, id) => (view.organisations[id] || {}).name || 'An organisation';

async function act(ctx, type, data) {
  const ack = await ctx.send(type, data);
  if (!ack.ok) ctx.ui.announce(ack.error, 'assertive');
  return ack;
}

function $(section, region) { return section.querySelector(`[data-region="${region}"]`); }

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
    return target.members.length ? `Members: ${target.members.map((id) => orgName(view, id)).join(', ')}` : 'No members yet';
  }
  const lead = target.lead ? `Lead: ${orgName(view, target.lead)}` : 'No lead yet';
  const supporting = target.supporting.length ? ` · Supporting: ${target.supporting.map((id) => orgName(view, id)).join(', ')}` : '';
  return lead + supporting;
}

function secondsText(count) {
  if (!count) return 'not seconded yet';
  return `seconded by ${count} ${count === 1 ? 'person' : 'people'}`;
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
  org.leads ? ctx.h('span', { class: 'rb-org-leads', text: `leads ${org.leads}` }) : null)));
  for (const el of section.querySelectorAll('[data-region="org-options"]')) {
    setOptions(ctx, el, byOrder(view.organisations), (o) => o.name, (o) => o.sector || o.name);
  }
  for (const select of section.querySelectorAll('[data-region="org-select"]')) {
    // A list to pick from (a phone's native picker): placeholder first, then every organisation.
    const chosen = select.value;
    ctx.fill(select, ctx.h('option', { value: '', text: 'Choose an organisation…' }),
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
  const items = flags.map((f) => ctx.h('li', { class: `rb-flag rb-flag-${f.kind}`, text: f.text }));
  if (onCards && carded) {
    items.unshift(ctx.h('li', { class: 'rb-flag', text: `${carded} role${carded === 1 ? '' : 's'} or group${carded === 1 ? '' : 's'} flagged: see the red notes on the cards below.` }));
  }
  ctx.fill($(section, 'flags'), items.length ? items
    : ctx.h('li', { class: 'rb-flag rb-flag-clear', text: 'Nothing flagged: every role is filled and every group is balanced.' }));
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
    buttons.push(ui.button('Volunteer', () => act(ctx, 'volunteer', { target_id: target.id, reason: '' }),
      { class: 'button button-small', 'aria-label': `Volunteer ${me.organisation} for ${target.name}` }));
  }
  if (open) {
    buttons.push(ui.button('Nominate…', () => prefill(section, target.id),
      { class: 'button button-small', 'aria-label': `Nominate an organisation for ${target.name}` }));
  }
  const card = h('li', { class: `rb-card${mine ? ' is-mine' : ''}`, dataset: { target: target.id } },
    h('h4', { text: target.name }),
    target.description ? h('p', { class: 'rb-desc', text: target.description }) : null,
    h('p', { class: 'rb-holders', text: holdersText(view, target) }),
    target.nominations ? h('p', { class: 'note-meta', text: `${target.nominations} nomination${target.nominations === 1 ? '' : 's'}` }) : null,
    put && !mine && me && me.organisation ? h('p', { class: 'note-meta rb-put', text: `${me.organisation} is put forward for this.` }) : null,
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
  const target = view.roles[n.target] || view.bodies[n.target] || { name: 'a removed role' };
  const org = n.organisation_name || orgName(view, n.organisation);
  const seconded = (personal.seconded || []).includes(n.id);
  const who = n.author && n.author.name ? `put forward by ${n.author.name}` : (n.author && n.author.sector) || '';
  const actions = [];
  if (own && open) {
    actions.push(ui.button('Withdraw', () => act(ctx, 'withdraw', { nomination_id: n.id }),
      { class: 'button button-small', 'aria-label': `Withdraw ${org} for ${target.name}` }));
  } else if (open && !(personal.mine || {})[n.id]) {
    actions.push(ui.button(seconded ? 'Seconded ✓' : 'Second', () => act(ctx, seconded ? 'unsecond' : 'second', { nomination_id: n.id }),
      { class: 'button button-small', 'aria-pressed': seconded ? 'true' : 'false', 'aria-label': `Second ${org} for ${target.name}` }));
  }
  return ui.noteCard({
    id: n.id, text: `${org} → ${target.name}`,
    meta: [n.kind === 'volunteer' ? 'volunteered' : '', n.reason, who, secondsText(n.seconds),
      n.held ? `confirmed as ${n.held === 'member' ? 'a member' : n.held}` : ''],
    actions,
  });
}

function renderParticipant(section, data, ctx) {
  const { view, personal, me } = data;
  const { h, fill } = ctx;
  $(section, 'my-org').textContent = me && me.organisation
    ? `You are taking part for ${me.organisation}.` : 'Add your organisation when you join to volunteer it.';
  tray(section, data, ctx);
  fill($(section, 'roles'), byOrder(view.roles).map((r) => participantCard(section, data, ctx, r)));
  fill($(section, 'bodies'), byOrder(view.bodies).map((b) => participantCard(section, data, ctx, b)));
  const mine = Object.values(personal.mine || {});
  fill($(section, 'mine'), mine.length ? mine.map((n) => nominationCard(data, ctx, n, { own: true }))
    : h('li', { class: 'empty', text: 'Nothing yet — volunteer or nominate from a role above.' }));
  const all = byOrder(view.nominations);
  const myOrg = personal.organisation;
  const forMine = all.filter((n) => myOrg && n.organisation === myOrg && !(personal.mine || {})[n.id]);
  fill($(section, 'for-my-org'), forMine.length ? forMine.map((n) => nominationCard(data, ctx, n))
    : h('li', { class: 'empty', text: view.nominations_private ? 'Shown once the facilitator reveals nominations.' : 'None yet.' }));
  $(section, 'nominations-note').textContent = view.nominations_private
    ? `${view.nomination_count} nomination${view.nomination_count === 1 ? '' : 's'} so far — they stay private until the facilitator shows them.` : '';
  const others = all.filter((n) => !(personal.mine || {})[n.id]);
  fill($(section, 'nominations'), view.nominations_private ? null : (others.length ? others.map((n) => nominationCard(data, ctx, n))
    : h('li', { class: 'empty', text: 'No one else has put an organisation forward yet.' })));
}

// -- facilitator -------------------------------------------------------------------------

function chip(ctx, text, removeLabel, onRemove, extra = []) {
  return ctx.h('li', { class: 'rb-holder' }, ctx.h('span', { class: 'rb-holder-name', text }),
    ctx.h('span', { class: 'rb-holder-actions' }, extra,
      ctx.ui.button('Take off', onRemove, { class: 'button button-small', 'aria-label': removeLabel })));
}

function facilitatorCard(section, data, ctx, target) {
  const { view } = data;
  const { h, ui } = ctx;
  const isRole = !target.members;
  const off = (orgId) => act(ctx, 'unassign', { target_id: target.id, organisation: orgId });
  const holders = isRole
    ? [target.lead ? chip(ctx, `Lead: ${orgName(view, target.lead)}`, `Take ${orgName(view, target.lead)} off ${target.name}`, () => off(target.lead)) : null,
      ...target.supporting.map((id) => chip(ctx, `Supporting: ${orgName(view, id)}`, `Take ${orgName(view, id)} off ${target.name}`, () => off(id), [
        ui.button('Make lead', () => act(ctx, 'assign', { target_id: target.id, organisation: id, position: 'lead' }),
          { class: 'button button-small', 'aria-label': `Make ${orgName(view, id)} the lead for ${target.name}` })]))]
    : target.members.map((id) => chip(ctx, orgName(view, id), `Take ${orgName(view, id)} off ${target.name}`, () => off(id)));
  const pick = h('select', {
    'aria-label': `Add an organisation to ${target.name}`,
    onchange: (e) => { if (e.target.value) act(ctx, 'assign', { target_id: target.id, organisation: e.target.value, position: '' }); },
  }, h('option', { value: '', text: isRole ? (target.lead ? 'Add a supporting organisation…' : 'Choose a lead…') : 'Add a member…' }),
  byOrder(view.organisations).map((o) => h('option', { value: o.id, text: o.sector ? `${o.name} (${o.sector})` : o.name })));
  const nominations = byOrder(view.nominations).filter((n) => n.target === target.id);
  const tools = [pick];
  if (isRole) tools.push(ui.button('Edit', () => editRole(section, target.id), { class: 'button button-small', 'aria-label': `Edit ${target.name}` }));
  tools.push(ui.button('Remove', () => {
    if (window.confirm(`Remove ${target.name} from the board?`)) act(ctx, isRole ? 'remove_role' : 'remove_body', { target_id: target.id });
  }, { class: 'button button-small', 'aria-label': `Remove ${target.name}` }));
  const card = h('li', { class: 'rb-card', dataset: { target: target.id } },
    h('h4', { text: target.name }),
    target.description ? h('p', { class: 'rb-desc', text: target.description }) : null,
    isRole && target.responsibilities && target.responsibilities !== target.description
      ? h('p', { class: 'rb-resp', text: target.responsibilities }) : null,
    h('ul', { class: 'rb-holders' }, holders.length && holders.some(Boolean) ? holders : h('li', { class: 'empty', text: 'No one yet' })),
    flagsFor(view, target.id).map((f) => h('p', { class: `rb-flag rb-flag-${f.kind}`, text: f.text })),
    nominations.length ? h('h5', { class: 'rb-noms-title', text: 'Put forward' }) : null,
    nominations.length ? h('ul', { class: 'rb-noms' }, nominations.map((n) => h('li', {},
      h('p', { class: 'rb-nom-text', text: `${orgName(view, n.organisation)}${n.reason ? ` — “${n.reason}”` : ''}` }),
      h('p', { class: 'note-meta', text: [n.kind === 'volunteer' ? 'volunteered' : 'nominated',
        n.author && n.author.name ? `by ${n.author.name}` : '', secondsText(n.seconds)].filter(Boolean).join(' · ') }),
      h('div', { class: 'note-actions' }, n.held ? h('span', { class: 'note-meta', text: `confirmed as ${n.held === 'member' ? 'a member' : n.held}` })
        : ui.button('Confirm', () => act(ctx, 'confirm_nomination', { nomination_id: n.id, position: '' }),
          { class: 'button button-small', 'aria-label': `Confirm ${orgName(view, n.organisation)} for ${target.name}` }),
      ui.button('Drop', () => act(ctx, 'withdraw', { nomination_id: n.id }),
        { class: 'button button-small', 'aria-label': `Drop the nomination of ${orgName(view, n.organisation)}` }))))) : null,
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
    ctx.fill(offer, ctx.ui.button(`Add ${payload.organisation} to the partnership and confirm it`, async () => {
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
  $(section, 'summary').textContent = `${filled} of ${roles.length} roles have a lead · ${view.nomination_count} nominations · overload limit ${view.limit}`;
  fill($(section, 'reveal'), view.hide_nominations ? ui.button(view.revealed ? 'Hide nominations from the room' : 'Show nominations to the room',
    () => act(ctx, 'show_nominations', { visible: !view.revealed }), { class: 'button', 'aria-pressed': view.revealed ? 'true' : 'false' }) : null);
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
    target.nominations ? h('p', { class: 'note-meta', text: `${target.nominations} nomination${target.nominations === 1 ? '' : 's'}` }) : null);
}

function renderScreen(section, data, ctx) {
  const { view } = data;
  const roles = byOrder(view.roles);
  $(section, 'summary').textContent = `${roles.filter((r) => r.lead).length} of ${roles.length} roles have a lead`;
  flagList(section, data, ctx);
  ctx.fill($(section, 'roles'), roles.map((r) => screenCard(data, ctx, r)));
  ctx.fill($(section, 'bodies'), byOrder(view.bodies).map((b) => screenCard(data, ctx, b)));
}

export function render(section, data, ctx) {
  latest.set(section, { data, ctx });
  if (data.audience === 'participant') renderParticipant(section, data, ctx);
  else if (data.audience === 'facilitator') renderFacilitator(section, data, ctx);
  else renderScreen(section, data, ctx);
}
