// Breakout tables as people see them (issue 22). On a phone: "Your table" with its host, where to
// sit, the tables to choose from under the "pick" rule (sent as pick_table through the outbox,
// like every change), and the facilitator's latest messages to the table or to everyone, from the
// phone's own part of the document (`personal.table`, app/tables/views.py). On the room screen:
// each table's name and how many sit there, so people find their place (counts only).
// Every name and message is someone's text: it only ever goes in through textContent (dom.js).
import { $, fill, h } from './dom.js';
import { _, formatNumber, ngettext } from './i18n.js';
import * as ui from './ui.js';

// Between the parts of a table's button or card: heard as a pause, while the layout shows them apart.
function pause() { return h('span', { class: 'visually-hidden', text: ', ' }); }

function seatedText(n, size) {
  if (size) return ngettext('{n} of {size} seats taken', '{n} of {size} seats taken', n, { size: formatNumber(size) });
  return ngettext('{n} person seated', '{n} people seated', n);
}

// The highest message id this phone has shown, kept across reloads so "New" means new to it.
function seenKey(boot) { return `cg:tables:seen:w${boot.workshop}:${boot.me ? boot.me.id : ''}`; }
function readSeen(key) { try { return Number(localStorage.getItem(key)) || 0; } catch { return 0; } }
function writeSeen(key, id) { try { localStorage.setItem(key, String(id)); } catch { /* private mode */ } }

// What changed for this phone's seat since the last draw, in words (null: nothing to say).
// ``before`` is undefined on the first draw: what the page opened on is not news.
function seatNews(before, part) {
  if (before === undefined) return null;
  const had = before && before.table;
  const has = part && part.table;
  if (had && has) return had.id === has.id ? null : _('You have moved to {table}.', { table: has.name });
  if (has) return _('You have a table: {table}.', { table: has.name });
  if (!had) return null;
  return part ? _('You no longer have a table. The facilitator will tell you what to do next.')
    : _('The tables have ended: stay where you are for now.');
}

function hostLine(table) {
  if (table.i_host) {
    return [h('p', { class: 'table-host', text: _('You are your table’s host.') }),
      h('p', { class: 'hint', text: _('Hosts keep the talk going, make sure everyone is heard, and share the table’s work with the room.') })];
  }
  if (!table.host) return [];
  return [h('p', { class: 'table-host' }, _('Your host:'), ' ', h('strong', {}, h('bdi', { text: table.host })))];
}

function messageItem(message, isNew) {
  return h('li', { class: `table-message${isNew ? ' is-new' : ''}` },
    isNew ? h('span', { class: 'badge table-message-new', text: _('New message') }) : null,
    h('p', { class: 'table-message-text', dir: 'auto' }, h('bdi', { text: message.text })),
    h('p', { class: 'note-meta', text: message.to === 'table' ? _('To your table') : _('To every table') }));
}

export function mountTableBanner(live, roomStep) {
  const root = document.querySelector('[data-table-banner]');
  if (!root) return;
  const title = $(root, '[data-table-title]');
  const host = $(root, '[data-table-host]');
  const where = $(root, '[data-table-where]');
  const moved = $(root, '[data-table-moved]');
  const pick = $(root, '[data-table-pick]');
  const choices = $(root, '[data-table-choices]');
  const error = $(root, '[data-table-error]');
  const change = $(root, '[data-table-change]');
  const inbox = $(root, '[data-table-messages]');
  const inboxList = $(root, '[data-table-message-list]');
  const key = seenKey(live.boot);
  const seenAtLoad = readSeen(key);
  const announced = new Set();
  let before;  // the part drawn last (undefined before the first draw: nothing to announce)
  let changing = false;  // the list is open to change table
  let sending = false;

  async function choose(table) {
    sending = true;
    error.textContent = '';
    draw(live);
    const ack = await live.enqueue('pick_table', { data: { table_id: table.id } });
    sending = false;
    if (ack && ack.ok) {
      changing = false;
      title.focus({ preventScroll: true });
    } else {
      error.textContent = (ack && ack.error) || _('No answer from the server.');
    }
    draw(live);
  }

  function choiceButton(table, mine, size) {
    const full = table.full && !mine;
    return h('li', {}, h('button', {
      type: 'button', class: `button table-choice${mine ? ' is-mine' : ''}`, disabled: full || mine || sending,
      'aria-current': mine ? 'true' : null, onclick: () => choose(table),
    }, h('span', { class: 'table-choice-name' }, h('bdi', { text: table.name })), pause(),
    h('span', { class: 'table-choice-count' }, seatedText(table.seated, size),
      full ? [' · ', h('strong', { text: _('Full') })] : null,
      mine ? [' · ', h('strong', { text: _('Your table') })] : null)));
  }

  function drawSeat(part, inTables) {
    const table = part.table;
    if (table) {
      fill(title, _('Your table:'), ' ', h('bdi', { text: table.name }));
      fill(host, hostLine(table));
      where.textContent = inTables ? _('Your table is working together on this step.')
        : _('Go and sit at {table}.', { table: table.name });
    } else {
      fill(title, _('You do not have a table yet'));
      fill(host);
      // Under "pick" the list's own heading says what to do.
      where.textContent = part.rule === 'pick' ? '' : _('The facilitator will give you a table.');
    }
    const canPick = part.rule === 'pick' && part.choices.length > 0;
    change.hidden = !(canPick && table);
    change.setAttribute('aria-expanded', String(changing));
    change.textContent = changing ? _('Keep my table') : _('Change table');
    pick.hidden = !(canPick && (!table || changing));
    if (!pick.hidden) fill(choices, part.choices.map((c) => choiceButton(c, Boolean(table) && c.id === table.id, part.size)));
  }

  function drawMessages(part) {
    const messages = part.messages || [];
    inbox.hidden = messages.length === 0;
    fill(inboxList, messages.map((m) => messageItem(m, m.id > seenAtLoad)));
    const fresh = messages.filter((m) => m.id > seenAtLoad && !announced.has(m.id));
    fresh.forEach((m) => announced.add(m.id));
    // Said once each, oldest first; on the first draw only what arrived since the phone last looked.
    fresh.reverse().forEach((m) => ui.announce(_('Message from the facilitator: {text}', { text: m.text })));
    if (messages.length) writeSeen(key, Math.max(readSeen(key), ...messages.map((m) => m.id)));
  }

  function draw(l) {
    // After the workshop ended there is nowhere to sit: the banner goes.
    const ended = Boolean(l.doc && l.doc.workshop && l.doc.workshop.status === 'ended');
    const part = (!ended && l.personal && l.personal.table) || null;
    const news = ended ? null : seatNews(before, part);  // the end of the workshop is said elsewhere
    if (news) { moved.textContent = news; moved.hidden = false; ui.announce(news); }
    if (!part || (before && before.table && part.table && before.table.id !== part.table.id)) changing = false;
    root.hidden = !part;
    if (part) {
      const step = l.stepDoc(roomStep(l));
      drawSeat(part, Boolean(step && step.in_tables && part.table));
      drawMessages(part);
    } else if (before !== undefined) {
      moved.hidden = true;
    }
    before = part;
  }

  change.addEventListener('click', () => {
    changing = !changing;
    error.textContent = '';
    draw(live);
    if (changing) { const first = choices.querySelector('button:not([disabled])'); if (first) first.focus(); }
  });
  live.onUpdate(draw);
}

// The room screen's seating board: under the lobby while tables are set up; above the room's
// step, as a strip, while the room is being seated (someone has no table) and the step is not
// run in tables (then each table's progress shows instead).
export function mountTableBoard(live, roomStep) {
  const root = document.querySelector('[data-screen-tables]');
  if (!root) return;
  const list = $(root, '[data-screen-table-list]');
  live.onUpdate((l) => {
    const board = (l.doc && l.doc.tables) || null;
    const ended = l.doc && l.doc.workshop.status === 'ended';
    const step = l.stepDoc(roomStep(l));
    const seating = board && board.tables.length > 0 && !ended;
    const strip = Boolean(roomStep(l));
    root.hidden = !seating || (strip && (board.unseated === 0 || Boolean(step && step.tables)));
    root.classList.toggle('is-strip', strip);
    if (root.hidden) return;
    fill(list, board.tables.map((t) => h('li', { class: 'screen-table' },
      h('span', { class: 'screen-table-name' }, h('bdi', { text: t.name })), pause(),
      h('span', { class: 'screen-table-count', text: seatedText(t.seated) }))));
  });
}
