// Reporting a contribution someone else made (issue 23): one piece for every exercise's phone.
// An exercise marks each item of the room its phone shows from another participant with
// data-report-item="<key>" (the key its reportable() hook knows, e.g. "note:n3"); after each
// render the core (pages/steps.js) gives those items a small "Report" button. It opens a
// confirm sheet (a reason, optional words) and sends the `report` event; once sent, the item
// says the report was received, then that the facilitator looked at it — nothing more.
import { fill, h } from './dom.js';
import { _ } from './i18n.js';
import * as ui from './ui.js';

const REASONS = () => [
  ['offensive', _('It is offensive')],
  ['personal', _('It gives away personal information')],
  ['bullying', _('It is bullying or picking on someone')],
  ['other', _('Something else')],
];

// My reports on this step, from my own part of the document: item key -> "received" | "reviewed".
function myReports(live, stepId) {
  const reports = (live.personal && live.personal.reports) || [];
  return new Map(reports.filter((r) => r.step === stepId).map((r) => [r.item, r.status]));
}

function textOf(item) {
  const text = item.querySelector('.note-text');
  return (text ? text.textContent : item.textContent).trim().slice(0, 120);
}

export function decorateReports(section, live, stepId) {
  const mine = myReports(live, stepId);
  for (const item of section.querySelectorAll('[data-report-item]')) {
    const key = item.dataset.reportItem;
    const state = mine.get(key) || 'none';
    let slot = item.querySelector(':scope > [data-report-slot]');
    if (slot && slot.dataset.reportState === state) continue;
    if (!slot) {
      slot = h('div', { class: 'report-slot', dataset: { reportSlot: '' } });
      item.append(slot);
    }
    slot.dataset.reportState = state;
    fill(slot, state === 'none'
      ? ui.button(_('Report'), () => openSheet(live, stepId, key, textOf(item)),
        { class: 'button button-small button-quiet report-button', 'aria-haspopup': 'dialog',
          'aria-label': _('Report: {text}', { text: textOf(item) }) })
      : h('p', { class: 'note-meta report-done', text: state === 'received'
        ? _('Reported. Thank you: the facilitator will look at it.')
        : _('The facilitator has looked at your report.') }));
  }
}

function openSheet(live, stepId, key, text) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'button button-primary', text: _('Send the report') });
  const form = h('form', { class: 'stack', novalidate: true },
    h('h2', { id: 'report-sheet-title', text: _('Report this contribution?') }),
    h('p', { class: 'note-text' }, h('bdi', { text })),
    h('p', { class: 'hint', text: _('Only the facilitator sees your report. Nobody is told who sent it.') }),
    h('fieldset', { class: 'report-reasons' }, h('legend', { text: _('Why? (you can skip this)') }),
      REASONS().map(([value, label]) => h('label', { class: 'report-reason' },
        h('input', { type: 'radio', name: 'reason', value }), ' ', h('span', { text: label })))),
    h('label', { class: 'report-words' }, h('span', { text: _('Anything to add? (optional)') }),
      h('textarea', { name: 'text', rows: 2, maxlength: 200 })),
    error,
    h('div', { class: 'button-row' }, send,
      h('button', { type: 'button', class: 'button', text: _('Cancel'), onclick: () => sheet.close() })));
  const sheet = h('dialog', { class: 'report-sheet', 'aria-labelledby': 'report-sheet-title' }, form);
  sheet.addEventListener('close', () => sheet.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    const data = ui.formData(form);
    const ack = await live.report(stepId, key, data.reason || '', data.text || '');
    send.disabled = false;
    if (ack && ack.ok) {
      sheet.close();
      ui.announce(ack.message || _('Reported. Thank you: the facilitator will look at it.'));
      return;
    }
    error.textContent = (ack && ack.error) || _('No answer from the server.');
    error.hidden = false;
  });
  document.body.append(sheet);
  sheet.showModal();
}
