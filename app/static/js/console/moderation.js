// The console's moderation panel: contributions held for approval (with their author, for the
// facilitator only), Approve / Edit and approve / Reject, and the log of decisions. The server
// sends it in the facilitator's document only (doc.moderation, app/live/moderation.py). The
// offensive-language filter marks the items it held, and lists those it flagged (let through)
// with their author's Mute button.
import { fill, h } from '../dom.js';
import { _, ngettext } from '../i18n.js';
import * as ui from '../ui.js';

const LOG_TEXT = {
  approved: (e) => _('{by} shared a contribution by {about}', e),
  edited: (e) => _('{by} edited and shared a contribution by {about}', e),
  rejected: (e) => _('{by} did not share a contribution by {about}', e),
  muted: (e) => _('{by} muted {about}', e),
  unmuted: (e) => _('{by} unmuted {about}', e),
  flagged: (e) => _('The language filter flagged a contribution by {about}: {words}',
    { ...e, words: (e.words || []).join(', ') }),
  // Decisions on reports (app/live/reports.py); an anonymous workshop's log names no author.
  report_dismissed: (e) => (e.about ? _('{by} dismissed a report about {about}', e) : _('{by} dismissed a report', e)),
  report_hidden: (e) => (e.about ? _('{by} hid a reported contribution by {about}', e)
    : _('{by} hid a reported contribution', e)),
  report_muted: (e) => (e.about ? _('{by} muted {about} after a report', e) : _('{by} muted the author of a report', e)),
};

const REASONS = {
  offensive: () => _('Offensive'),
  personal: () => _('Personal information'),
  bullying: () => _('Bullying'),
  other: () => _('Something else'),
};

// One reported item: its text, who wrote it (not in an anonymous workshop), how many reported it
// and why, and the decisions, each on all of the item's reports at once.
function reportCard(item, control) {
  const target = { step_id: item.step_id, item: item.item };
  const reasons = Object.entries(item.reasons || {}).map(([key, n]) => `${REASONS[key] ? REASONS[key]() : key} (${n})`);
  return h('li', { class: 'note reported-item', dataset: { reported: `${item.step_id}|${item.item}` } },
    h('p', { class: 'note-text' }, h('bdi', { text: item.text })),
    item.gone ? h('p', { class: 'note-meta', text: _('No longer in front of the room.') }) : null,
    h('p', { class: 'note-meta' }, ui.isolated([item.author || '', item.step_title,
      ngettext('Reported by {n} person', 'Reported by {n} people', item.count)])),
    reasons.length ? h('p', { class: 'note-meta report-reasons-line', text: _('Why: {reasons}', { reasons: reasons.join(', ') }) }) : null,
    ...(item.notes || []).map((note) => h('p', { class: 'note-meta' }, '“', h('bdi', { text: note }), '”')),
    item.can_hide ? null : h('p', { class: 'hint', text: _('This exercise has no way to hide a contribution: dismiss the report or mute its author.') }),
    h('div', { class: 'button-row' },
      item.can_hide ? ui.button(_('Hide it from the room'), () => control('report_hide', target),
        { class: 'button button-small button-primary' }) : null,
      ui.button(_('Mute its author'), () => control('report_mute', target), { class: 'button button-small' }),
      ui.button(_('Dismiss the report'), () => control('report_dismiss', target), { class: 'button button-small' })));
}

function filterNote(words) {
  return h('p', { class: 'note-meta filter-words' },
    h('bdi', { text: _('Held by the language filter: {words}', { words: words.join(', ') }) }));
}

function flaggedCard(item, doc, control) {
  return h('li', { class: 'note flagged-item', dataset: { flaggedItem: String(item.id) } },
    ...Object.values(item.text).map((text) => h('p', { class: 'note-text' }, h('bdi', { text }))),
    h('p', { class: 'note-meta' }, ui.isolated([item.author, item.step_title, item.label])),
    h('p', { class: 'note-meta filter-words' },
      h('bdi', { text: _('Words found: {words}', { words: item.words.join(', ') }) })),
    h('div', { class: 'button-row' }, muteButton(doc, item.participant, item.author, control)));
}

function heldCard(item, control) {
  const texts = Object.values(item.text);
  const card = h('li', { class: 'note held-item', dataset: { held: String(item.id) } },
    ...texts.map((text) => h('p', { class: 'note-text' }, h('bdi', { text }))),
    h('p', { class: 'note-meta' }, ui.isolated([item.author, item.step_title, item.label])),
    item.filter_words && item.filter_words.length ? filterNote(item.filter_words) : null);
  const editor = h('form', { class: 'stack held-edit', hidden: true, novalidate: true },
    ...item.fields.map((name) => h('label', {}, h('span', { text: _('Text to share') }),
      h('textarea', { name, rows: 3, text: item.text[name] || '' }))),
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button button-small button-primary', text: _('Share this wording') }),
      ui.button(_('Cancel'), () => { editor.hidden = true; }, { class: 'button button-small button-quiet' })));
  editor.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ack = await control('edit_approve', { held_id: item.id, ...ui.formData(editor) });
    if (!ack.ok) ui.showErrors(editor, ack);
  });
  const rejecter = h('form', { class: 'stack held-reject', hidden: true, novalidate: true },
    h('label', {}, h('span', { text: _('A kind word for its author (optional)') }),
      h('textarea', { name: 'reason', rows: 2, maxlength: 500 })),
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button button-small', text: _('Do not share it') }),
      ui.button(_('Cancel'), () => { rejecter.hidden = true; }, { class: 'button button-small button-quiet' })));
  rejecter.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ack = await control('reject', { held_id: item.id, ...ui.formData(rejecter) });
    if (!ack.ok) ui.showErrors(rejecter, ack);
  });
  card.append(
    h('div', { class: 'button-row' },
      ui.button(_('Approve'), () => control('approve', { held_id: item.id }), { class: 'button button-small button-primary' }),
      item.fields.length
        ? ui.button(_('Edit and approve'), () => { editor.hidden = false; rejecter.hidden = true; }, { class: 'button button-small' })
        : null,
      ui.button(_('Reject'), () => { rejecter.hidden = false; editor.hidden = true; }, { class: 'button button-small' })),
    editor, rejecter);
  return card;
}

function logLine(entry) {
  const when = entry.at ? new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  const text = LOG_TEXT[entry.kind] ? LOG_TEXT[entry.kind](entry) : entry.kind;
  return h('li', {}, h('time', { datetime: entry.at || '', text: when }), ' ', h('bdi', { text }),
    entry.reason ? h('span', { class: 'muted' }, ' — ', h('bdi', { text: entry.reason })) : null);
}

export function mountModeration(live, control) {
  const panel = document.querySelector('[data-moderation]');
  let shown = '';
  let waiting = 0;
  let reportsBefore = 0;
  live.onUpdate((l) => {
    const m = l.doc && l.doc.moderation;
    if (!m) return;
    // Rebuilt only when the queue or the log changed, so a form being typed in survives updates.
    const flagged = m.flagged || [];
    const reports = m.reports || [];
    const key = JSON.stringify([m.on, m.filter, m.held, flagged, reports, m.muted, m.log]);
    if (key === shown) return;
    shown = key;
    const filterOn = Boolean(m.filter) && m.filter !== 'off';
    panel.hidden = !m.on && !filterOn && !m.held.length && !flagged.length && !reports.length && !m.log.length;
    const count = m.held.length
      ? ngettext('{n} contribution waiting for you', '{n} contributions waiting for you', m.held.length)
      : _('Nothing waiting.');
    // A new arrival is said through the console's one announcer, not a live region of its own.
    if (m.held.length > waiting) ui.announce(count);
    waiting = m.held.length;
    fill(panel.querySelector('[data-held-count]'), count);
    fill(panel.querySelector('[data-held-list]'), m.held.map((item) => heldCard(item, control)));
    const flags = panel.querySelector('[data-flagged]');
    flags.hidden = !filterOn && !flagged.length;
    fill(flags.querySelector('[data-flagged-list]'), flagged.length
      ? flagged.map((item) => flaggedCard(item, l.doc, control))
      : h('li', { class: 'muted', text: _('Nothing flagged.') }));
    const reported = panel.querySelector('[data-reports]');
    reported.hidden = !reports.length;
    fill(reported.querySelector('[data-reports-list]'), reports.map((item) => reportCard(item, control)));
    const reportCount = reports.reduce((n, item) => n + item.count, 0);
    if (reportCount > reportsBefore) ui.announce(ngettext('{n} report waiting for you', '{n} reports waiting for you', reportCount));
    reportsBefore = reportCount;
    const log = panel.querySelector('[data-moderation-log]');
    fill(log, m.log.length ? m.log.map(logLine) : h('li', { class: 'muted', text: _('No decisions yet.') }));
  });
}

// The people list's Mute / Unmute button for one participant.
export function muteButton(doc, pid, name, control) {
  const muted = ((doc.moderation && doc.moderation.muted) || []).includes(String(pid));
  return ui.button(muted ? _('Unmute') : _('Mute'),
    () => control(muted ? 'unmute' : 'mute', { participant_id: Number(pid) }),
    { class: 'button button-small toggle', 'aria-pressed': muted ? 'true' : 'false',
      'aria-label': muted ? _('Unmute {name}', { name }) : _('Mute {name}', { name }) });
}
