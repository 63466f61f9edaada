// Shared UI pieces every page and exercise reuses: save indicator, timer, forms, note card,
// vote control, announcements.
import { $all, fill, h } from './dom.js';
import { _, ngettext } from './i18n.js';

// Looked up when shown, so the page's catalog is in place by then.
const SAVE_TEXT = {
  saved: () => _('All changes saved'),
  saving: () => _('Saving…'),
  offline: () => _('Offline — your changes are kept and will be sent when you reconnect'),
  refused: () => _('Not connected'),
  connecting: () => _('Connecting…'),
};

export function renderSaveState(el, live) {
  if (!el) return;
  const state = live.saveState;
  const waiting = live.outbox.size;
  el.dataset.state = state;
  let text = SAVE_TEXT[state] ? SAVE_TEXT[state]() : '';
  if (state === 'offline' && waiting) {
    text = ngettext('Offline — {n} change waiting to send', 'Offline — {n} changes waiting to send', waiting);
  }
  if (state === 'refused' && live.refusal) text = live.refusal;
  if (el.textContent !== text) el.textContent = text;
  // The indicator is not a live region: "Saving…" then "All changes saved" on every action
  // would be heard twice for one action (the form says it once, data-done). Only a change of
  // connection is said: going offline or refused, and coming back.
  const was = el.dataset.told;
  if (was === state || state === 'saving' || state === 'connecting') return;
  el.dataset.told = state;
  if (state === 'refused') announce(text, 'assertive');
  else if (state === 'offline') announce(text);
  else if (state === 'saved' && (was === 'offline' || was === 'refused')) announce(_('Back online — all changes saved'));
}

// Formats remaining seconds as m:ss.
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function timerText(timer, now) {
  if (!timer || timer.state === 'off') return '';
  if (timer.state === 'paused') return _('Paused at {time}', { time: clock(timer.remaining) });
  const left = (Date.parse(timer.ends_at) - now) / 1000;
  return left > 0 ? clock(left) : _("Time's up");
}

// Keep every [data-timer] element of the page ticking from the server-owned end time.
export function startTimers(live, getTimer) {
  setInterval(() => {
    for (const el of $all(document, '[data-timer]')) {
      const timer = getTimer(el);
      const text = timerText(timer, live.now());
      if (el.textContent !== text) el.textContent = text;
      el.hidden = !text;
      // The end is shown by shape and words as well as colour (live.css .timer.is-up).
      el.classList.toggle('is-up', Boolean(timer && timer.state === 'running' && Date.parse(timer.ends_at) <= live.now()));
    }
  }, 500);
}

// Collect a form's fields as a JSON object (repeated names become lists).
export function formData(form) {
  const data = {};
  for (const [name, value] of new FormData(form).entries()) {
    if (name === 'csrf_token') continue;
    if (name in data) data[name] = [].concat(data[name], value);
    else data[name] = value;
  }
  return data;
}

export function showErrors(form, ack) {
  for (const el of $all(form, '[data-error-for]')) el.textContent = '';
  const summary = form.querySelector('[data-form-error]');
  if (!ack || ack.ok) { if (summary) summary.textContent = ''; return; }
  const fields = ack.fields || {};
  let placed = false;
  for (const [name, messages] of Object.entries(fields)) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) { slot.textContent = messages.join(' '); placed = true; }
  }
  if (summary) summary.textContent = placed ? '' : ack.error;
  else if (!placed) announce(ack.error, 'assertive');
}

// Drafts: what someone has typed but not sent yet is kept in localStorage (like the outbox), so
// a reload or a dead battery does not lose a half-written idea. Cleared once the server accepts it.
const draftFields = (form) => $all(form, 'textarea, input[type=text]').filter((el) => el.name && !el.dataset.keep);

function readDraft(key) {
  try { return JSON.parse(localStorage.getItem(key)) || {}; } catch { return {}; }
}

function saveDraft(form, key) {
  const values = Object.fromEntries(draftFields(form).filter((el) => el.value).map((el) => [el.name, el.value]));
  try {
    if (Object.keys(values).length) localStorage.setItem(key, JSON.stringify(values));
    else localStorage.removeItem(key);
  } catch { /* private mode: no drafts */ }
}

function restoreDraft(form, key) {
  const values = readDraft(key);
  for (const el of draftFields(form)) if (!el.value && values[el.name]) el.value = values[el.name];
}

// Every <form data-action="TYPE"> inside root sends TYPE with its fields through send().
// With ``draftKey``, typed text is kept as a draft across reloads (see above).
export function wireActionForms(root, send, draftKey = null) {
  const seen = {};
  for (const form of $all(root, 'form[data-action]')) {
    const nth = (seen[form.dataset.action] = (seen[form.dataset.action] || 0) + 1);
    if (form.dataset.wired) continue;
    form.dataset.wired = '1';
    const key = draftKey && `${draftKey}:${form.dataset.action}:${nth}`;
    if (key) {
      restoreDraft(form, key);
      form.addEventListener('input', () => saveDraft(form, key));
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = formData(form);
      const texts = $all(form, 'textarea, input[type=text], input[type=date]').filter((el) => !el.dataset.keep);
      const typed = texts.map((el) => el.value);
      showErrors(form, null);
      if (form.dataset.reset !== 'no') texts.forEach((el) => { el.value = ''; });
      // Sent: the outbox keeps it now (across reloads too), so it is no longer a draft.
      if (key) saveDraft(form, key);
      const ack = await send(form.dataset.action, data);
      if (!ack.ok) {
        // Put back what was typed so nothing is lost, unless they typed something new.
        texts.forEach((el, i) => { if (!el.value) el.value = typed[i]; });
        showErrors(form, ack);
        if (key) saveDraft(form, key);
      } else {
        // A choice with a default (the "no face" answer) goes back to it once sent.
        if (form.dataset.reset !== 'no') $all(form, 'input[data-answer-default]').forEach((el) => { el.checked = true; });
        if (form.dataset.done) announce(form.dataset.done);
      }
      // For whoever arranges the form (one_question.js pages its fields on community steps).
      form.dispatchEvent(new CustomEvent('cg:ack', { bubbles: true, detail: { ok: ack.ok } }));
    });
  }
}

// One polite and one assertive live region per page. Polite messages are spaced so screen
// readers are not flooded: one that comes within 1.5 s of the last waits in a queue, and what
// gathered there is said together when the gap has passed (merged, each line once, none
// dropped). Assertive messages (errors, the end of time) are said at once.
const POLITE_GAP_MS = 1500;
let lastPolite = 0;
let pending = [];
let pendingTimer = null;

function speak(region, text) {
  if (region.textContent === text) {
    // The same words again: empty the region first, so it is heard as a new message.
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 100);
  } else {
    region.textContent = text;
  }
}

function flushPolite() {
  pendingTimer = null;
  const region = document.getElementById('announcer');
  if (!region || !pending.length) { pending = []; return; }
  const text = pending.join(' ');
  pending = [];
  lastPolite = Date.now();
  speak(region, text);
}

export function announce(message, politeness = 'polite') {
  if (!message) return;
  if (politeness === 'assertive' || politeness === 'urgent') {
    // 'assertive': an error, shown in the page's alert box too; 'urgent': news said at once
    // (the end of time, of the workshop) without a lasting error box.
    const region = (politeness === 'urgent' && document.getElementById('urgent'))
      || document.getElementById('alerts') || document.getElementById('announcer');
    if (region) speak(region, message);
    return;
  }
  if (!pending.includes(message)) pending.push(message);
  if (pendingTimer) return;
  const wait = lastPolite + POLITE_GAP_MS - Date.now();
  if (wait <= 0) flushPolite();
  else pendingTimer = setTimeout(flushPolite, wait);
}

// New contributions from others, summarised: what arrives over a few seconds is said as one
// line ("3 new ideas"), not one message per item. ``ids`` are the new items' ids, ``say(n)``
// words the count, ``keep(id)`` (asked when it is said, with the latest call's function) leaves
// out what turned out to be one's own (its personal part can arrive after the room's).
const NEW_ITEMS_MS = 4000;
const arrivals = new Map();  // key -> {ids, say, keep}

export function announceArrivals(key, ids, say, keep = () => true) {
  const known = arrivals.get(key);
  if (known) { ids.forEach((id) => known.ids.add(id)); known.say = say; known.keep = keep; return; }
  if (!ids.length) return;
  const entry = { ids: new Set(ids), say, keep };
  arrivals.set(key, entry);
  setTimeout(() => {
    arrivals.delete(key);
    const n = [...entry.ids].filter((id) => entry.keep(id)).length;
    if (n) announce(entry.say(n));
  }, NEW_ITEMS_MS);
}

// A count drawn as a bar (its length relative to ``max``) with the count written beside it:
// the text is the alternative, the bar is what the back of the room reads.
export function countBar(value, max, text) {
  const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
  bar.style.width = `${max > 0 ? Math.round((100 * Math.max(0, value)) / max) : 0}%`;
  return h('p', { class: 'count-bar' }, h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
    h('span', { class: 'bar-text', text }));
}

// Pieces of a meta line, each isolated in its own <bdi>: a right-to-left name next to a number
// ("فاطمة الزهراء · 0 dots") would otherwise be reordered with its neighbours by the bidi algorithm.
// A part that is a list (a name and an organisation) is one piece whose items are isolated in
// turn and joined with ", ".
export function isolated(parts, separator = ' · ') {
  const piece = (part) => (Array.isArray(part)
    ? h('bdi', {}, isolated(part, ', ')) : h('bdi', { text: part }));
  return parts.filter((part) => (Array.isArray(part) ? part.some(Boolean) : Boolean(part)))
    .flatMap((part, i) => [i ? separator : null, piece(part)]);
}

// A note card: text, optional meta line (author, category, dots) led by an optional picture
// (pictures.js: a feeling's face beside its words), optional count bar ({value, max, text}) and
// optional actions. The text takes its own direction (dir=auto: an Arabic note reads right to
// left, right-aligned). ``report``: the item's key when a phone may report it (report.js adds
// the button).
export function noteCard({ text, meta = [], actions = [], classes = '', id, count = null, report = '', picture = null }) {
  const parts = meta.filter((part) => (Array.isArray(part) ? part.some(Boolean) : Boolean(part)));
  return h('li', { class: `note ${classes}`, dataset: { ...(id ? { item: id } : {}), ...(report ? { reportItem: report } : {}) } },
    h('p', { class: 'note-text', dir: 'auto', text }),
    count ? countBar(count.value, count.max, count.text) : null,
    parts.length ? h('p', { class: 'note-meta' }, picture, isolated(parts)) : null,
    actions.length ? h('div', { class: 'note-actions' }, actions) : null);
}

// A vote control: "−  n  +" with accessible labels. A button that cannot act now (no dots
// left, none to take back) is aria-disabled, not disabled: it keeps its place in the tab order,
// so placing the last dot leaves the focus on that "+" instead of throwing it elsewhere.
function voteButton(text, label, can, onclick) {
  return h('button', { type: 'button', class: 'vote-btn', 'aria-label': label, 'aria-disabled': can ? false : 'true',
    onclick: (event) => { if (can) onclick(event); } }, text);
}

export function voteControl({ count, label, canAdd, canRemove, onAdd, onRemove }) {
  return h('div', { class: 'vote', role: 'group', 'aria-label': _('Dots on {label}', { label }) },
    voteButton('−', _('Take a dot back from {label}', { label }), canRemove, onRemove),
    h('span', { class: 'vote-count', 'aria-live': 'off' }, String(count)),
    voteButton('+', _('Place a dot on {label}', { label }), canAdd, onAdd));
}

// A choice that acts only on an explicit confirm: a select (which does nothing by itself, so an
// ArrowDown on it never merges, moves or assigns) and a button that sends the chosen value.
// ``select`` is the <select> (with its aria-label); ``confirm`` the button's text and name.
export function confirmChoice(select, { text, label, onConfirm }) {
  const initial = select.value;
  const go = h('button', { type: 'button', class: 'button button-small', disabled: true, 'aria-label': label || text }, text);
  select.addEventListener('change', () => { go.disabled = select.value === initial || !select.value && !initial; });
  go.addEventListener('click', () => { if (select.value !== initial) onConfirm(select.value); });
  return h('span', { class: 'confirm-choice' }, select, go);
}

export function button(text, onclick, attrs = {}) {
  return h('button', { type: 'button', class: 'button', onclick, ...attrs }, text);
}

export function emptyState(el, text) { fill(el, h('p', { class: 'empty', text })); }

// A notice that stays on the page until the next one: a dropped change, a privacy switch.
export function showNotice(el, text) {
  if (!el || !text) return;
  el.textContent = text;
  el.hidden = false;
}

// Say so when the facilitator switches anonymous mode on or off while the page is open: what
// people write next is shown (or not) with their name, and they should know before they write.
export function watchAnonymous(live, el) {
  let known;
  live.onUpdate((l) => {
    const ws = l.doc && l.doc.workshop;
    if (!ws) return;
    if (known !== undefined && ws.anonymous !== known) {
      showNotice(el, ws.anonymous
        ? _('Anonymous mode is now on: names are no longer shown with contributions.')
        : _('Anonymous mode is now off: names are shown with contributions again.'));
    }
    known = ws.anonymous;
  });
}

// Show each change the server refused for good (see Live.dropped) once.
export function watchDropped(live, el) {
  let shown;
  live.onUpdate((l) => {
    if (l.lastError && l.lastError !== shown) { shown = l.lastError; showNotice(el, shown); }
  });
}
