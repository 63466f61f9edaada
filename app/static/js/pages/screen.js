// The room screen: lobby with join code and QR, then the room's step, large and fitted to the
// projector (screenfit.js), then a thank-you (and, when the facilitator chooses, the plan's QR).
import { readJSON } from '../dom.js';
import { _, formatNumber } from '../i18n.js';
import { Live } from '../live.js';
import * as ui from '../ui.js';
import { fit, pageIndex } from '../screenfit.js';
import { mountScreenRollup } from '../screen_rollup.js';
import { mountSteps } from './steps.js';
import { mountTableBoard } from '../table_banner.js';

const live = new Live(readJSON('boot'));
const q = (sel) => document.querySelector(sel);
const lobby = q('[data-lobby]');
const ended = q('[data-ended]');
const code = q('[data-screen-code]');
const pageNote = q('[data-screen-page]');
const spotlight = q('[data-spotlight]');

function roomStep(l) {
  const ws = l.doc && l.doc.workshop;
  return ws && ws.status === 'live' ? ws.room_step : 0;
}

let shownRollup = () => null;
function activeSection() {
  return shownRollup() || document.querySelector(`section[data-step="${roomStep(live)}"]`);
}

// The spotlit item of the room's step: its card gets the spotlight style, and its text (as the
// console sent it) is shown in the banner, so it is seen even when the card is small or paged.
function renderSpotlight(section) {
  const ws = live.doc.workshop;
  const spot = ws.spotlight || {};
  const on = Boolean(section && spot.step_id === roomStep(live) && spot.item);
  const card = on ? section.querySelector(`[data-item="${CSS.escape(spot.item)}"]`) : null;
  if (card) card.classList.add('is-spotlit');
  const text = on ? spot.text || (card && (card.querySelector('.note-text') || card).textContent.trim()) : '';
  spotlight.hidden = !text;
  q('[data-spotlight-text]').textContent = text || '';
  return card;
}

let layout = { pages: 1, page: 0, show() {} };
function showPageNote() {
  pageNote.hidden = layout.pages < 2;
  const text = layout.pages < 2 ? ''
    : _('Page {page} of {pages}', { page: formatNumber(layout.page + 1), pages: formatNumber(layout.pages) });
  if (pageNote.textContent !== text) pageNote.textContent = text;
}

function refit() {
  const section = activeSection();
  layout = { pages: 1, page: 0, show() {} };
  const spot = section && !shownRollup() ? renderSpotlight(section) : null;
  if (live.doc && section) layout = fit(section, live.doc.workshop.screen || {}, live.now(), spot);
  showPageNote();
}

live.onUpdate((l) => {
  const ws = l.doc.workshop;
  const step = roomStep(l);
  lobby.hidden = Boolean(step) || ws.status === 'ended';
  ended.hidden = ws.status !== 'ended';
  q('[data-plan-qr]').hidden = !(ws.screen && ws.screen.plan_qr);
  code.hidden = !step || !ws.late_join || ws.room_locked;
  const p = l.doc.presence;
  for (const el of document.querySelectorAll('[data-headcount]')) {
    el.textContent = p ? _('{here} here · {total} joined', { here: p.here, total: p.total }) : '';
  }
  if (!step) spotlight.hidden = true;
});

ui.watchAnonymous(live, document.querySelector('[data-notice]'));
mountTableBoard(live, roomStep);

mountSteps(live, 'screen', roomStep, { afterRender: refit });
shownRollup = mountScreenRollup(live, refit);
window.addEventListener('resize', refit);
// The header grows when the countdown appears (or a title wraps): fit the step to what is left.
const headers = new ResizeObserver(() => refit());
document.querySelectorAll('section[data-step] .step-header').forEach((el) => headers.observe(el));
// Pages turn with the clock: once a second, show the page the room should see by now.
setInterval(() => {
  if (layout.pages < 2 || layout.pinned || !live.doc) return;
  const page = pageIndex(live.doc.workshop.screen || {}, layout.pages, live.now());
  if (page !== layout.page) { layout.show(page); showPageNote(); }
}, 1000);
ui.startTimers(live, (el) => {
  const step = live.stepDoc(Number(el.dataset.timerStep));
  return step && step.timer;
});
