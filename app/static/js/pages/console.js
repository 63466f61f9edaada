// The facilitator console: agenda rail, workshop and step controls, people, and the step.
import { $all, fill, h, readJSON } from '../dom.js';
import { Live } from '../live.js';
import * as ui from '../ui.js';
import { mountSteps } from './steps.js';

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
  h('span', { class: 'agenda-meta' }, [
    step.id === ws.room_step ? 'room is here · ' : '', step.status,
  ]))));
}

function renderWorkshopControls(ws) {
  const labels = { draft: 'Draft', lobby: 'Lobby — people can join', live: 'Live', ended: 'Ended' };
  q('[data-workshop-status]').textContent = `Status: ${labels[ws.status] || ws.status}`;
  const buttons = [];
  if (ws.status === 'draft') buttons.push(ui.button('Open the lobby', () => control('workshop_status', { status: 'lobby' })));
  if (ws.status === 'lobby' || ws.status === 'draft') buttons.push(ui.button('Start the workshop', () => control('workshop_status', { status: 'live' }), { class: 'button button-primary' }));
  if (ws.status === 'live') {
    buttons.push(ui.button('End the workshop', () => {
      if (window.confirm('End the workshop for everyone? Steps close and the room sees a thank-you.')) control('workshop_status', { status: 'ended' });
    }, { class: 'button button-danger' }));
  }
  fill(q('[data-workshop-buttons]'), buttons);
  for (const box of $all(document, '[data-setting]')) box.checked = Boolean(ws[box.dataset.setting]);
}

let controlsKey = '';
function renderStepControls(ws, step) {
  const el = q('[data-step-controls]');
  // Rebuild only when something the controls show changed, so a typed value keeps its focus.
  const key = JSON.stringify([ws.room_step, step && [step.id, step.status, step.hidden, step.timer]]);
  if (key === controlsKey) return;
  controlsKey = key;
  if (!step) { fill(el, h('p', { text: 'Choose a step in the agenda.' })); return; }
  const id = step.id;
  const status = (s, label, cls) => ui.button(label, () => control('step_status', { step_id: id, status: s }),
    { class: `button ${cls || ''}`, 'aria-pressed': step.status === s ? 'true' : 'false' });
  fill(el,
    h('div', { class: 'button-row' },
      id !== ws.room_step
        ? ui.button('Bring everyone here', () => control('bring_here'), { class: 'button button-primary' })
        : h('span', { class: 'badge', text: 'The room is on this step' }),
      status('open', 'Open'), status('locked', 'Lock'), status('closed', 'Close')),
    h('div', { class: 'button-row' },
      step.hidden
        ? ui.button('Reveal answers', () => control('step_hidden', { step_id: id, hidden: false }), { class: 'button button-primary' })
        : ui.button('Hide answers until revealed', () => control('step_hidden', { step_id: id, hidden: true })),
      ui.button('Clear spotlight', () => control('spotlight', {}))),
    timerControls(step));
}

function timerControls(step) {
  const id = step.id;
  const minutes = h('input', { type: 'number', min: '1', max: '240', value: '5', id: `timer-min-${id}`, class: 'timer-input' });
  const t = step.timer || { state: 'off' };
  const buttons = [];
  if (t.state === 'off') buttons.push(ui.button('Start timer', () => control('timer', { step_id: id, command: 'start', seconds: Math.round(Number(minutes.value) * 60) })));
  if (t.state === 'running') buttons.push(ui.button('Pause', () => control('timer', { step_id: id, command: 'pause' })));
  if (t.state === 'paused') buttons.push(ui.button('Resume', () => control('timer', { step_id: id, command: 'resume' })));
  if (t.state !== 'off') {
    buttons.push(ui.button('+1 minute', () => control('timer', { step_id: id, command: 'add', seconds: 60 })));
    buttons.push(ui.button('Stop timer', () => control('timer', { step_id: id, command: 'clear' })));
  }
  return h('div', { class: 'button-row timer-controls' },
    t.state === 'off' ? [h('label', { for: `timer-min-${id}` }, 'Minutes'), minutes] : null, buttons);
}

function renderPeople(l) {
  const p = l.doc.presence;
  const current = String(l.doc.workshop.current_step);
  q('[data-headcount]').textContent = `${p.here} here now · ${p.total} joined`;
  const contributed = (p.contributed || {})[current] || 0;
  q('[data-contributed]').textContent = `${contributed} of ${p.total} have contributed to this step`;
  const people = Object.entries(p.participants || {}).sort((a, b) => a[1].name.localeCompare(b[1].name));
  fill(q('[data-people]'), people.map(([pid, person]) => h('li', { class: person.here ? 'here' : 'away' },
    h('span', { class: 'person-name', text: person.name }),
    h('span', { class: 'person-meta', text: [person.organisation, person.sector, person.here ? 'here' : 'away'].filter(Boolean).join(' · ') }),
    h('button', {
      type: 'button', class: 'button button-small', 'aria-label': `Remove ${person.name}`,
      onclick: () => { if (window.confirm(`Remove ${person.name} from the workshop?`)) control('remove_participant', { participant_id: Number(pid) }); },
    }, 'Remove'))));
}

for (const box of $all(document, '[data-setting]')) {
  box.addEventListener('change', () => control('setting', { setting: box.dataset.setting, value: box.checked }));
}

live.onUpdate((l) => {
  ui.renderSaveState(q('[data-save-state]'), l);
  if (!l.doc) return;
  const ws = l.doc.workshop;
  renderAgenda(ws);
  renderWorkshopControls(ws);
  renderStepControls(ws, l.stepDoc(ws.current_step));
  renderPeople(l);
});

mountSteps(live, 'facilitator', consoleStep);
ui.startTimers(live, (el) => {
  const step = live.stepDoc(Number(el.dataset.timerStep));
  return step && step.timer;
});
