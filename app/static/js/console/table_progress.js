// The console's per-table progress while its step runs in tables: how many at each table have
// contributed, and the time left (every table's timer is the plenary step's).
import { fill, h } from '../dom.js';
import { _ } from '../i18n.js';

function timeLeft(step, now) {
  const timer = step.timer || {};
  if (timer.state === 'running') {
    const seconds = Math.max(0, Math.round((Date.parse(timer.ends_at) - now) / 1000));
    return _('Time left at every table: {m} min {s} s', { m: Math.floor(seconds / 60), s: seconds % 60 });
  }
  if (timer.state === 'paused') return _('Timer paused at every table');
  return _('No timer running');
}

export function mountTableProgress(live) {
  const panel = document.querySelector('[data-table-progress]');
  if (!panel) return;
  const render = () => {
    const doc = live.doc;
    const step = doc && doc.steps[String(doc.workshop.current_step)];
    const tables = step && step.tables;
    panel.hidden = !tables;
    if (!tables) return;
    panel.querySelector('[data-table-progress-time]').textContent = timeLeft(step, live.now());
    fill(panel.querySelector('[data-table-progress-list]'), tables.map((t) => h('li', {},
      _('{table}: {n} of {seated} contributed', { table: t.name, n: t.contributed, seated: t.seated }))));
  };
  live.onUpdate(render);
  setInterval(render, 1000);
}
