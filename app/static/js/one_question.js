// Community and youth steps on the participant page (app/exercises/participation.py): the body
// gets the ``community`` class (larger text, targets of 48 px at least: css/community.css), and
// a step whose participant view holds several questions shows one at a time, with Back / Next.
// A "question" is an exercise's action form (form[data-action]) or any element it marks with
// [data-question]; an exercise needs nothing else to take part. When the questions are the
// fields of one form (a commitment's what / how much / until), the form's button shows with its
// last field; a refused send goes back to the field it names, a sent form to its first field.
import { h } from './dom.js';
import { _ } from './i18n.js';

const shown = new Map(); // step id -> index of the question on screen

// The questions on the page now: those of a hidden panel (another phase's) do not count.
function questions(section) {
  const body = section.querySelector('[data-step-body]') || section;
  const visible = (el) => !el.closest('[hidden]');
  const marked = [...body.querySelectorAll('[data-question]')].filter(visible);
  return marked.length ? marked : [...body.querySelectorAll('form[data-action]')].filter(visible);
}

// The questions that are fields of ``form`` (none when the form is a question itself).
function fieldsOf(form, all) { return all.filter((el) => el !== form && form.contains(el)); }

function show(section, index) {
  shown.set(section.dataset.step, index);
  paginate(section);
  const first = questions(section)[shown.get(section.dataset.step)];
  const field = first && first.querySelector('textarea, input, select, button');
  if (field) field.focus();
}

// After a send (ui.js's ``cg:ack``): back to the field an error names, or to the first field.
function onAck(section, event) {
  const all = questions(section);
  const mine = fieldsOf(event.target, all);
  if (!mine.length || !document.body.classList.contains('community')) return;
  const wrong = mine.find((el) => [...el.querySelectorAll('[data-error-for]')].some((slot) => slot.textContent));
  const to = event.detail.ok ? (event.target.dataset.reset === 'no' ? null : mine[0]) : wrong;
  if (to) show(section, all.indexOf(to));
}

// A form's button (and its summary of errors) only with the form's last field.
function markSend(all, at) {
  for (const form of new Set(all.map((el) => el.closest('form')).filter(Boolean))) {
    const mine = fieldsOf(form, all);
    if (!mine.length) continue;
    const last = all[at] === mine[mine.length - 1];
    for (const el of form.querySelectorAll('button[type=submit], [data-form-error]')) {
      if (last || mine.some((q) => q.contains(el))) el.removeAttribute('data-one-question-hidden');
      else el.setAttribute('data-one-question-hidden', '');
    }
  }
}

function navFor(section) {
  let nav = section.querySelector('[data-one-question-nav]');
  if (!nav) {
    nav = h('nav', { class: 'one-question-nav', 'data-one-question-nav': '', 'aria-label': _('Questions') },
      h('button', { type: 'button', class: 'button', 'data-back': '', text: _('Previous question') }),
      h('p', { class: 'one-question-count', 'data-count': '' }),
      h('button', { type: 'button', class: 'button button-primary', 'data-next': '', text: _('Next question') }));
    nav.addEventListener('click', (event) => {
      const move = event.target.closest('[data-next]') ? 1 : event.target.closest('[data-back]') ? -1 : 0;
      if (move) show(section, (shown.get(section.dataset.step) || 0) + move);
    });
    (section.querySelector('[data-step-body]') || section).after(nav);
  }
  return nav;
}

function paginate(section) {
  const all = questions(section);
  const nav = section.querySelector('[data-one-question-nav]');
  if (all.length < 2) {
    section.querySelectorAll('[data-one-question-hidden]').forEach((el) => el.removeAttribute('data-one-question-hidden'));
    if (nav) nav.hidden = true;
    return;
  }
  const id = section.dataset.step;
  const at = Math.max(0, Math.min(all.length - 1, shown.get(id) || 0));
  shown.set(id, at);
  all.forEach((el, i) => {
    if (i === at) el.removeAttribute('data-one-question-hidden');
    else el.setAttribute('data-one-question-hidden', '');
  });
  markSend(all, at);
  const folded = all[at].closest('details');  // a form kept under "Add a flow"
  if (folded) folded.open = true;
  const bar = navFor(section);
  bar.hidden = false;
  bar.querySelector('[data-back]').disabled = at === 0;
  bar.querySelector('[data-next]').disabled = at === all.length - 1;
  bar.querySelector('[data-count]').textContent = _('Question {n} of {total}', { n: at + 1, total: all.length });
}

// After each render of the active step: ``communitySteps`` holds the ids of the steps that run
// in community mode (the page's boot data).
export function oneQuestion(section, communitySteps) {
  const community = communitySteps.has(Number(section.dataset.step));
  document.body.classList.toggle('community', community);
  if (!section.dataset.oneQuestion) {
    section.dataset.oneQuestion = '1';
    section.addEventListener('cg:ack', (event) => onAck(section, event));
  }
  if (community) paginate(section);
  else section.querySelectorAll('[data-one-question-hidden]').forEach((el) => el.removeAttribute('data-one-question-hidden'));
}
