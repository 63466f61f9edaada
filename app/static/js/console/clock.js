// The console's clock against the agenda's plan: how long the workshop has run, against the
// planned minutes of the steps before the room's step (and of that step, for its end).
import { _ } from '../i18n.js';

function minutes(ms) { return Math.max(0, Math.round(ms / 60000)); }

export function planText(ws, now) {
  if (!ws.started_at || ws.status !== 'live') return '';
  const total = ws.agenda.reduce((sum, s) => sum + (s.minutes || 0), 0);
  const index = ws.agenda.findIndex((s) => s.id === ws.room_step);
  const before = ws.agenda.slice(0, Math.max(0, index)).reduce((sum, s) => sum + (s.minutes || 0), 0);
  const stepEnd = before + ((ws.agenda[index] && ws.agenda[index].minutes) || 0);
  const ran = minutes(now - Date.parse(ws.started_at));
  const parts = [_('{ran} min in · {total} min planned', { ran, total })];
  if (total) {
    // Behind when the room is still on a step whose planned end has passed; ahead when it
    // reached this step before its planned start.
    if (ran > stepEnd) parts.push(_('{n} min behind plan', { n: ran - stepEnd }));
    else if (ran < before) parts.push(_('{n} min ahead of plan', { n: before - ran }));
    else parts.push(_('on time'));
  }
  return parts.join(' · ');
}

export function startPlanClock(el, live) {
  const tick = () => {
    const text = live.doc ? planText(live.doc.workshop, live.now()) : '';
    if (el.textContent !== text) el.textContent = text;
    el.hidden = !text;
  };
  tick();
  setInterval(tick, 5000);
  live.onUpdate(tick);
}
