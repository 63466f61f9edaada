// Mounts the exercise of the active step into its server-rendered <section data-step>, loading
// the exercise's ES module on first use and calling its render(section, data, ctx) on updates.
import { $all, fill, h, region } from '../dom.js';
import * as i18n from '../i18n.js';
import { _ } from '../i18n.js';
import * as ui from '../ui.js';
import * as charts from '../charts.js';
import { decorateReports } from '../report.js';
import * as pictures from '../pictures.js';

const modules = new Map();

function loadModule(url) {
  if (!modules.has(url)) modules.set(url, import(url));
  return modules.get(url);
}

// ``hooks.afterRender(section)`` runs after each render of the active step (the room screen
// fits it to the projector there).
export function mountSteps(live, audience, activeStepId, hooks = {}) {
  const sections = new Map($all(document, 'section[data-step]').map((s) => [Number(s.dataset.step), s]));
  for (const [stepId, section] of sections) {
    const who = live.boot.me ? live.boot.me.id : live.boot.as;
    ui.wireActionForms(section, (type, data) => live.act(stepId, type, data), `cg:draft:w${live.boot.workshop}:${who}:s${stepId}`);
    wirePhaseBar(section, stepId, live);
  }
  let renderToken = 0;
  live.onUpdate(async () => {
    const token = ++renderToken;
    const active = activeStepId(live);
    for (const [stepId, section] of sections) section.hidden = stepId !== active;
    const section = sections.get(active);
    const step = live.stepDoc(active);
    if (!section || !step) return;
    const mod = await loadModule(section.dataset.module);
    if (token !== renderToken) return;  // a newer update arrived while the module loaded
    section.dataset.status = step.status;
    const status = section.querySelector('[data-step-status]');
    if (status) status.textContent = stepStatusText(step, audience);
    renderPhaseBar(section, step);
    for (const form of $all(section, 'form[data-action]')) {
      form.querySelectorAll('button, textarea, input, select').forEach((el) => {
        el.disabled = step.status !== 'open' && audience === 'participant';
      });
    }
    mod.render(section, {
      step, view: step.view, personal: (live.personal || {})[String(active)] || {},
      audience, me: live.boot.me || null, workshop: live.doc.workshop, presence: live.doc.presence,
    }, {
      live, h, fill, region, ui, charts, pictures, audience,
      _: i18n._, ngettext: i18n.ngettext, pgettext: i18n.pgettext, formatNumber: i18n.formatNumber,
      formatDate: i18n.formatDate, sectorLabel: i18n.sectorLabel, phase: phaseOf(section, step),
      send: (type, data) => live.act(active, type, data),
      control: (command, data) => live.control(command, command === 'spotlight' ? withText(section, data) : data),
    });
    // Items from other participants the exercise marked data-report-item get a Report button.
    if (audience === 'participant') decorateReports(section, live, active);
    if (hooks.afterRender) hooks.afterRender(section);
  });
}

// The step's phases as the core's phase bar lists them: ``{key, keys, index, reached(key)}``
// (``key`` null for an exercise without phases).
export function phaseOf(section, step) {
  const keys = $all(section, '[data-phase-bar] [data-phase]').map((li) => li.dataset.phase);
  const key = step.phase || null;
  const index = keys.indexOf(key);
  return { key, keys, index, reached: (k) => index >= 0 && keys.indexOf(k) >= 0 && index >= keys.indexOf(k) };
}

// The one phase bar (server-rendered in live/_steps.html): mark the current phase; on the
// console each phase is a button that moves the room there.
function renderPhaseBar(section, step) {
  const bar = section.querySelector('[data-phase-bar]');
  if (!bar) return;
  let current = null;
  const items = $all(bar, '[data-phase]');
  // A phase that became final (a pulse's results, once shown) cannot be left for an earlier
  // one: the server refuses, so the console offers no such button.
  const at = items.findIndex((li) => li.dataset.phase === step.phase);
  items.forEach((li, i) => {
    const back = li.querySelector('[data-phase-move]');
    if (back) back.disabled = Boolean(step.final) && i < at;
  });
  for (const li of items) {
    const here = li.dataset.phase === step.phase;
    li.classList.toggle('is-current', here);
    if (here) { li.setAttribute('aria-current', 'step'); current = li; } else li.removeAttribute('aria-current');
    const button = li.querySelector('[data-phase-move]');
    if (button) {
      button.setAttribute('aria-pressed', here ? 'true' : 'false');
      button.classList.toggle('button-primary', here);
    }
  }
  const now = bar.querySelector('[data-phase-now]');
  const name = current ? current.textContent.trim().replace(/^\S+\.\s*/, '') : '';
  if (now && now.dataset.phase !== step.phase) {
    now.dataset.phase = step.phase || '';
    now.textContent = name ? _('The room is in the “{phase}” phase.', { phase: name }) : '';
  }
}

function wirePhaseBar(section, stepId, live) {
  for (const button of $all(section, '[data-phase-move]')) {
    button.addEventListener('click', () => live.control('step_phase', { step_id: stepId, phase: button.dataset.phaseMove }));
  }
}

// The spotlight carries the item's text as this page shows it, so the room screen can show it
// large whatever the exercise draws (a goal folded into a theme has no card of its own there).
export function withText(section, data) {
  if (!data || !data.item || data.text) return data;
  const card = section.querySelector(`[data-item="${CSS.escape(data.item)}"]`);
  const text = card ? (card.querySelector('.note-text') || card).textContent.trim().slice(0, 1000) : '';
  return text ? { ...data, text } : data;
}

export function stepStatusText(step, audience) {
  const status = ({
    pending: _('Not started yet'),
    open: _('Open for contributions'),
    locked: _('Locked — contributions paused'),
    closed: _('Closed'),
  }[step.status] || step.status);
  if (!step.hidden) return status;
  return audience === 'facilitator'
    ? _('{status} · answers hidden from the room', { status })
    : _('{status} · answers stay private until the facilitator reveals them', { status });
}
