// Tells a screen-reader user when the room changes, from the state the page already receives
// (sync and patches): the room moved to another step, the step was locked, reopened or closed,
// answers hidden or revealed, the phase changed, the timer started (politely, once each); the
// end of time and the end of the workshop (at once). Nothing is said for the first state seen.
import { _ } from './i18n.js';
import * as ui from './ui.js';

// The phase line an exercise draws, if it draws one (read after its render).
const PHASE_LINES = '[data-phase-line], [data-region="phase"], [data-region="phase-note"]';

function stepTitle(live, id) {
  const step = live.stepDoc(id);
  if (step && step.title) return step.title;
  const entry = ((live.doc && live.doc.workshop.agenda) || []).find((s) => s.id === id);
  return entry ? entry.title : '';
}

function snapshot(live, activeStepId) {
  const ws = live.doc && live.doc.workshop;
  if (!ws) return null;
  const id = activeStepId(live);
  const step = id ? live.stepDoc(id) : null;
  const timer = (step && step.timer) || { state: 'off' };
  return {
    workshop: ws.status, step: id || 0, status: step && step.status, hidden: step ? Boolean(step.hidden) : null,
    timer: timer.state, endsAt: timer.ends_at || null,
    phase: step && step.view && typeof step.view.phase === 'string' ? step.view.phase : null,
  };
}

function phaseLine(id) {
  const section = document.querySelector(`section[data-step="${id}"]`);
  const el = section && section.querySelector(PHASE_LINES);
  return el ? el.textContent.trim() : '';
}

const PHASE = Symbol('phase line');

// What changed between two states, as messages in the order they are best heard.
export function roomNews(before, now, live) {
  const said = [];
  if (!before || !now) return said;
  if (now.workshop !== before.workshop) {
    if (now.workshop === 'ended') return [[_('This workshop has ended. Thank you for taking part!'), 'urgent']];
    if (now.workshop === 'live') said.push([_('The workshop has started.'), 'polite']);
  }
  if (now.step !== before.step) {
    if (now.step) said.push([_('The room moved to another step: {title}', { title: stepTitle(live, now.step) }), 'polite']);
    else if (now.workshop === 'live') said.push([_('The room is waiting for the next step.'), 'polite']);
    return said;
  }
  if (!now.step) return said;
  if (now.status !== before.status) {
    const status = {
      locked: _('This step is now locked: contributions are paused.'),
      closed: _('This step is now closed.'),
      open: before.status === 'pending' ? _('This step is now open for contributions.')
        : _('This step is open for contributions again.'),
    }[now.status];
    if (status) said.push([status, 'polite']);
  }
  if (now.hidden !== before.hidden && before.hidden !== null) {
    said.push([now.hidden ? _('Answers are now hidden from the room.') : _('Answers are now revealed to the room.'), 'polite']);
  }
  // The phase line is the exercise's own, read once it has drawn the new phase (see watchRoom).
  if (now.phase !== before.phase && now.phase && before.phase) said.push([PHASE, 'polite']);
  if (now.timer === 'running' && (before.timer !== 'running' || now.endsAt !== before.endsAt)) {
    const left = (Date.parse(now.endsAt) - live.now()) / 1000;
    if (left > 0) said.push([_('The timer has started: {time} left.', { time: ui.clock(left) }), 'polite']);
  }
  return said;
}

// ``activeStepId(live)`` is the step this page shows (the room's step on a phone). With
// ``news: false`` (the console, whose user makes these changes) only the end of time is said.
// Returns ``{afterRender}``, for mountSteps' hook: a new phase is said in the words the exercise
// drew for it, so it is read after that render.
export function watchRoom(live, activeStepId, { news: tell = true } = {}) {
  let before = null;
  let runningSeen = null;  // an end time seen still ahead: its end is news
  let timeUpFor = null;  // the end time already said to be up
  let phaseDue = null;  // the step whose new phase line is still to be said
  const sayPhase = () => {
    if (phaseDue === null) return;
    const id = phaseDue;
    phaseDue = null;
    ui.announce(phaseLine(id) || _('The room moved on to the next phase.'));
  };
  live.onUpdate((l) => {
    const now = snapshot(l, activeStepId);
    if (!now) return;
    const news = roomNews(before, now, l);
    before = now;
    if (!tell || !news.length) return;
    for (const [text, how] of news) {
      if (text === PHASE) {
        phaseDue = now.step;
        setTimeout(sayPhase, 2000);  // in case no render follows
      } else {
        ui.announce(text, how);
      }
    }
  });
  setInterval(() => {
    if (!before || before.timer !== 'running' || !before.endsAt || timeUpFor === before.endsAt) return;
    if (Date.parse(before.endsAt) > live.now()) { runningSeen = before.endsAt; return; }
    timeUpFor = before.endsAt;
    // A timer already over when the page opened is not news.
    if (runningSeen === before.endsAt) ui.announce(_("Time's up"), 'urgent');
  }, 500);
  return { afterRender: sayPhase };
}
