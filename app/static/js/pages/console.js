// The facilitator console: agenda rail, workshop and step controls, people, and the step.
import { $all, fill, h, readJSON } from '../dom.js';
import { _, ngettext, sectorLabel } from '../i18n.js';
import { Live } from '../live.js';
import { watchRoom } from '../roomnews.js';
import * as ui from '../ui.js';
import { startPlanClock } from '../console/clock.js';
import { mountShortcuts } from '../console/keys.js';
import { mountModeration, muteButton } from '../console/moderation.js';
import { mountRollup } from '../console/rollup.js';
import { mountScreenPanel } from '../console/screen.js';
import { mountTableProgress } from '../console/table_progress.js';
import { mountTables } from '../console/tables.js';
import { mountSteps, withText } from './steps.js';

const live = new Live(readJSON('boot'));
const q = (sel) => document.querySelector(sel);

async function control(command, data = {}) {
  const ack = await live.control(command, data);
  if (!ack.ok) ui.announce(ack.error, 'assertive');
  return ack;
}

const consoleStep = (l) => (l.doc ? l.doc.workshop.current_step : 0);

function renderAgenda(ws) {
  fill(q('[data-agenda]'), ws.agenda.map((step, i) => h('li', {
    class: `agenda-item status-${step.status}${step.id === ws.current_step ? ' is-current' : ''}`,
  },
  h('button', {
    type: 'button', class: 'agenda-btn', 'aria-current': step.id === ws.current_step ? 'step' : false,
    onclick: () => control('goto', { step_id: step.id }),
  }, `${i + 1}. ${step.title}`),
  h('span', { class: 'agenda-meta' }, step.id === ws.room_step
    ? _('room is here · {status}', { status: statusName(step.status) }) : statusName(step.status)))));
}

function statusName(status) {
  return ({ pending: _('pending'), open: _('open'), locked: _('locked'), closed: _('closed') })[status] || status;
}

function renderWorkshopControls(ws) {
  const labels = { draft: _('Draft'), lobby: _('Lobby — people can join'), live: _('Live'), ended: _('Ended') };
  q('[data-workshop-status]').textContent = _('Status: {status}', { status: labels[ws.status] || ws.status });
  const buttons = [];
  if (ws.status === 'draft') buttons.push(ui.button(_('Open the lobby'), () => control('workshop_status', { status: 'lobby' })));
  if (ws.status === 'lobby' || ws.status === 'draft') buttons.push(ui.button(_('Start the workshop'), () => control('workshop_status', { status: 'live' }), { class: 'button button-primary' }));
  if (ws.status === 'live') {
    buttons.push(ui.button(_('End the workshop'), () => {
      if (window.confirm(_('End the workshop for everyone? Steps close and the room sees a thank-you.'))) control('workshop_status', { status: 'ended' });
    }, { class: 'button button-danger' }));
  }
  fill(q('[data-workshop-buttons]'), buttons);
  q('[data-ended-links]').hidden = ws.status !== 'ended';
  for (const box of $all(document, '[data-setting]')) box.checked = Boolean(ws[box.dataset.setting]);
}

let controlsKey = '';
function renderStepControls(ws, step) {
  const el = q('[data-step-controls]');
  // Rebuild only when something the controls show changed, so a typed value keeps its focus.
  const key = JSON.stringify([ws.room_step, step && [step.id, step.status, step.hidden, step.timer, step.minutes]]);
  if (key === controlsKey) return;
  controlsKey = key;
  if (!step) { fill(el, h('p', { text: _('Choose a step in the agenda.') })); return; }
  const id = step.id;
  const small = 'button button-small';
  const status = (s, label) => ui.button(label, () => control('step_status', { step_id: id, status: s }),
    { class: `${small} toggle`, 'aria-pressed': step.status === s ? 'true' : 'false' });
  // One compact bar, so the exercise stays in view at 1280x800.
  fill(el,
    h('div', { class: 'button-row' },
      id !== ws.room_step
        ? ui.button(_('Bring everyone here'), () => control('bring_here'), { class: 'button button-small button-primary' })
        : h('span', { class: 'badge', text: _('The room is on this step') }),
      h('span', { class: 'button-group', role: 'group', 'aria-label': _('Step status') },
        status('open', _('Open the step')), status('locked', _('Lock')), status('closed', _('Close'))),
      step.hidden
        ? ui.button(_('Reveal answers'), () => control('step_hidden', { step_id: id, hidden: false }), { class: 'button button-small button-primary' })
        : ui.button(_('Hide answers until revealed'), () => control('step_hidden', { step_id: id, hidden: true }), { class: small }),
      ui.button(_('Clear spotlight'), () => control('spotlight', {}), { class: small })),
    timerControls(step));
}

// The planned duration of the step (agenda editor), else five minutes.
function plannedMinutes(step) { return step.minutes || 5; }

function timerControls(step) {
  const id = step.id;
  const small = { class: 'button button-small' };
  const minutes = h('input', { type: 'number', min: '1', max: '240', value: String(plannedMinutes(step)), id: `timer-min-${id}`, class: 'timer-input' });
  const t = step.timer || { state: 'off' };
  const buttons = [];
  if (t.state === 'off') buttons.push(ui.button(_('Start timer'), () => control('timer', { step_id: id, command: 'start', seconds: Math.round(Number(minutes.value) * 60) }), small));
  if (t.state === 'running') buttons.push(ui.button(_('Pause'), () => control('timer', { step_id: id, command: 'pause' }), small));
  if (t.state === 'paused') buttons.push(ui.button(_('Resume'), () => control('timer', { step_id: id, command: 'resume' }), small));
  if (t.state !== 'off') {
    buttons.push(ui.button(_('+1 minute'), () => control('timer', { step_id: id, command: 'add', seconds: 60 }), small));
    buttons.push(ui.button(_('Stop timer'), () => control('timer', { step_id: id, command: 'clear' }), small));
  }
  return h('div', { class: 'button-row timer-controls' },
    t.state === 'off' ? [h('label', { for: `timer-min-${id}` }, _('Timer, minutes')), minutes] : null, buttons);
}

function renderPeople(l) {
  const p = l.doc.presence;
  const current = String(l.doc.workshop.current_step);
  q('[data-headcount]').textContent = _('{here} here now · {total} joined', { here: p.here, total: p.total });
  const contributed = (p.contributed || {})[current] || 0;
  q('[data-contributed]').textContent = ngettext('{n} of {total} has contributed to this step',
    '{n} of {total} have contributed to this step', contributed, { total: p.total });
  renderJoinWatch(p);
  const people = Object.entries(p.participants || {}).sort((a, b) => a[1].name.localeCompare(b[1].name));
  fill(q('[data-people]'), people.map(([pid, person]) => h('li', { class: person.here ? 'here' : 'away' },
    h('bdi', { class: 'person-name', text: person.name }),
    h('span', { class: 'person-meta' }, ui.isolated([person.organisation, sectorLabel(person.sector), person.here ? _('here') : _('away'),
      muted(l, pid) ? _('muted') : ''].filter(Boolean))),
    h('span', { class: 'person-buttons' }, muteButton(l.doc, pid, person.name, control), h('button', {
      type: 'button', class: 'button button-small', 'aria-label': _('Remove {name}', { name: person.name }),
      onclick: () => { if (window.confirm(_('Remove {name} from the workshop?', { name: person.name }))) control('remove_participant', { participant_id: Number(pid) }); },
    }, _('Remove'))))));
}

const muted = (l, pid) => ((l.doc.moderation && l.doc.moderation.muted) || []).includes(String(pid));

// Anonymous join can't stop one device from making up many people; these make it visible.
function renderJoinWatch(p) {
  q('[data-guessing]').hidden = !p.guessing;
  const everyone = Object.values(p.participants || {});
  const minuteAgo = live.now() - 60000;
  const recent = everyone.filter((person) => person.joined && Date.parse(person.joined) > minuteAgo).length;
  q('[data-join-rate]').textContent = ngettext('{n} joined in the last minute', '{n} joined in the last minute', recent);
  const counts = new Map();
  for (const person of everyone) {
    const key = person.name.trim().toLowerCase();
    const seen = counts.get(key);
    counts.set(key, { name: seen ? seen.name : person.name, n: (seen ? seen.n : 0) + 1 });
  }
  const twice = [...counts.values()].filter((c) => c.n > 1).map((c) => `${c.name} (×${c.n})`);
  q('[data-duplicates]').textContent = twice.length ? _('Same name more than once: {names}', { names: twice.join(', ') }) : '';
  const refused = p.device_refused || 0;
  q('[data-device-refused]').textContent = refused ? ngettext(
    '{n} join refused in the last minute: that phone had already joined as many people as the settings allow',
    '{n} joins refused in the last minute: those phones had already joined as many people as the settings allow', refused) : '';
}

// "Joined in the last minute" goes down by itself as the minute passes.
setInterval(() => { if (live.doc) renderJoinWatch(live.doc.presence); }, 15000);

for (const box of $all(document, '[data-setting]')) {
  box.addEventListener('change', () => control('setting', { setting: box.dataset.setting, value: box.checked }));
}

// Each region is rebuilt only when what it shows changed: rebuilding a region that holds the
// keyboard focus on every broadcast would make the console unusable by keyboard.
const shown = {};
function changed(region, value) {
  const key = JSON.stringify(value);
  if (shown[region] === key) return false;
  shown[region] = key;
  return true;
}

live.onUpdate((l) => {
  ui.renderSaveState(q('[data-save-state]'), l);
  if (!l.doc) return;
  const ws = l.doc.workshop;
  if (changed('agenda', [ws.agenda, ws.current_step, ws.room_step])) renderAgenda(ws);
  if (changed('workshop', [ws.status, ws.anonymous, ws.late_join, ws.room_locked, ws.moderated])) renderWorkshopControls(ws);
  renderStepControls(ws, l.stepDoc(ws.current_step));
  if (changed('people', [l.doc.presence, ws.current_step, l.doc.moderation && l.doc.moderation.muted])) renderPeople(l);
});

mountSteps(live, 'facilitator', consoleStep);
watchRoom(live, consoleStep, { news: false });
startPlanClock(q('[data-plan-clock]'), live);
mountScreenPanel(live, control);
mountTableProgress(live);
mountTables(live, control);
mountModeration(live, control);
mountRollup(live, control);

// -- keyboard shortcuts (console.html lists them in the "?" dialog) ---------------------------
const currentStep = () => live.doc && live.stepDoc(live.doc.workshop.current_step);

async function nextStep() {
  const ws = live.doc.workshop;
  const index = ws.agenda.findIndex((s) => s.id === ws.room_step);
  const next = ws.agenda[index + 1];
  if (!next) { ui.announce(_('This is the last step of the agenda.')); return; }
  if ((await control('goto', { step_id: next.id })).ok && (await control('bring_here')).ok) {
    ui.announce(_('The room is now on: {title}', { title: next.title }));
  }
}

function toggleLock() {
  const step = currentStep();
  if (step) control('step_status', { step_id: step.id, status: step.status === 'locked' ? 'open' : 'locked' });
}

function toggleReveal() {
  const step = currentStep();
  if (step) control('step_hidden', { step_id: step.id, hidden: !step.hidden });
}

function addMinute() {
  const step = currentStep();
  if (!step) return;
  const off = !step.timer || step.timer.state === 'off';
  control('timer', off ? { step_id: step.id, command: 'start', seconds: plannedMinutes(step) * 60 }
    : { step_id: step.id, command: 'add', seconds: 60 });
}

function spotlightFocused() {
  const card = document.activeElement && document.activeElement.closest('[data-item]');
  const section = card && card.closest('section[data-step]');
  if (!card || !section) { control('spotlight', {}); return; }
  control('spotlight', withText(section, { step_id: Number(section.dataset.step), item: card.dataset.item }));
}

const shortcuts = q('[data-shortcuts]');
mountShortcuts({
  n: nextStep, l: toggleLock, r: toggleReveal, '+': addMinute, '=': addMinute, s: spotlightFocused,
  '[': () => control('screen', { command: 'previous' }), ']': () => control('screen', { command: 'next' }),
}, shortcuts);
q('[data-show-shortcuts]').addEventListener('click', () => shortcuts.showModal());
ui.startTimers(live, (el) => {
  const step = live.stepDoc(Number(el.dataset.timerStep));
  return step && step.timer;
});
