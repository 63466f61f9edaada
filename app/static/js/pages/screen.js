// The room screen: lobby with join code and QR, then the room's step, large.
import { readJSON } from '../dom.js';
import { _ } from '../i18n.js';
import { Live } from '../live.js';
import * as ui from '../ui.js';
import { mountSteps } from './steps.js';

const live = new Live(readJSON('boot'));
const lobby = document.querySelector('[data-lobby]');
const code = document.querySelector('[data-screen-code]');

function roomStep(l) {
  const ws = l.doc && l.doc.workshop;
  return ws && ws.status === 'live' ? ws.room_step : 0;
}

live.onUpdate((l) => {
  const step = roomStep(l);
  lobby.hidden = Boolean(step);
  code.hidden = !step || !l.doc.workshop.late_join || l.doc.workshop.room_locked;
  const p = l.doc ? l.doc.presence : null;
  for (const el of document.querySelectorAll('[data-headcount]')) {
    el.textContent = p ? _('{here} here · {total} joined', { here: p.here, total: p.total }) : '';
  }
});

ui.watchAnonymous(live, document.querySelector('[data-notice]'));

mountSteps(live, 'screen', roomStep);
ui.startTimers(live, (el) => {
  const step = live.stepDoc(Number(el.dataset.timerStep));
  return step && step.timer;
});
