// The participant page: the room's current step (or a step open between sessions), the save
// indicator, the outbox list, and the participant's breakout table (table_banner.js).
import { readJSON, fill, h } from '../dom.js';
import { _ } from '../i18n.js';
import { Live } from '../live.js';
import { watchRoom } from '../roomnews.js';
import * as ui from '../ui.js';
import { oneQuestion } from '../one_question.js';
import { mountTableBanner } from '../table_banner.js';
import { mountSteps } from './steps.js';

const boot = readJSON('boot');
const live = new Live(boot);
const saveState = document.querySelector('[data-save-state]');
const lobby = document.querySelector('[data-lobby]');
const lobbyText = document.querySelector('[data-lobby-text]');
const outbox = document.querySelector('[data-outbox]');
const myPlan = document.querySelector('[data-my-plan]');
const outboxList = document.querySelector('[data-outbox-list]');
const heldMine = document.querySelector('[data-held-mine]');
const heldMineList = document.querySelector('[data-held-mine-list]');
let rejectedBefore = 0;

// My contributions the facilitator has not shared yet (or chose not to share), from my own
// part of the document: nobody else receives them.
function heldItem(item) {
  if (item.status === 'rejected') {
    return h('li', { class: 'note is-held' }, h('p', { class: 'note-text' }, h('bdi', { text: item.text })),
      h('p', { class: 'note-meta', text: _('The facilitator did not share this with the room.') }),
      item.reason ? h('p', { class: 'note-meta' }, h('bdi', { text: item.reason })) : null);
  }
  return h('li', { class: 'note is-held' }, h('p', { class: 'note-text' }, h('bdi', { text: item.text })),
    h('p', { class: 'note-meta', text: _('Waiting for the facilitator') }));
}

// The step of the link between sessions this page was opened from, while the document carries
// it (its window is open); else the room's step while the workshop is live.
function roomStep(l) {
  const ws = l.doc && l.doc.workshop;
  if (boot.focus && l.stepDoc(boot.focus)) return boot.focus;
  return ws && ws.status === 'live' ? ws.room_step : 0;
}

live.onUpdate((l) => {
  ui.renderSaveState(saveState, l);
  const ws = l.doc && l.doc.workshop;
  lobby.hidden = Boolean(roomStep(l));
  myPlan.hidden = !(ws && ws.status === 'ended');
  if (ws && ws.status === 'ended') lobbyText.textContent = _('This workshop has ended. Thank you for taking part!');
  else if (l.status === 'refused') lobbyText.textContent = l.refusal || _('Not connected.');
  const pending = l.outbox.entries.filter((e) => e.data && (e.data.text || e.data.name));
  outbox.hidden = pending.length === 0;
  fill(outboxList, pending.map((e) => h('li', { class: 'note pending', text: e.data.text || e.data.name })));
  const held = (l.personal && l.personal.held) || [];
  heldMine.hidden = held.length === 0;
  fill(heldMineList, held.map(heldItem));
  // Said through the page's one announcer (the list is not a live region of its own).
  const rejected = held.filter((item) => item.status === 'rejected').length;
  if (rejected > rejectedBefore) ui.announce(_('The facilitator did not share this with the room.'));
  rejectedBefore = rejected;
});

const notice = document.querySelector('[data-notice]');
ui.watchAnonymous(live, notice);
ui.watchDropped(live, notice);

mountTableBanner(live, roomStep);

// Before mountSteps, so the room's news is known when the step is drawn (phase lines).
const news = watchRoom(live, roomStep);
const communitySteps = new Set(boot.community_steps || []);
mountSteps(live, 'participant', roomStep, {
  afterRender: (section) => { news.afterRender(section); oneQuestion(section, communitySteps); },
});
ui.startTimers(live, (el) => {
  const step = live.stepDoc(Number(el.dataset.timerStep));
  return step && step.timer;
});
