// Community and youth steps on the participant page (app/exercises/participation.py): the body
// gets the ``community`` class (larger text, targets of 48 px at least: css/community.css), and
// a step whose participant view holds several questions shows one at a time, with Back / Next.
// A "question" is an exercise's action form (form[data-action]) or any element it marks with
// [data-question]; an exercise needs nothing else to take part.
import { h } from './dom.js';
import { _ } from './i18n.js';

const shown = new Map(); // step id -> index of the question on screen

function questions(section) {
  const body = section.querySelector('[data-step-body]') || section;
  const marked = [...body.querySelectorAll('[data-question]')];
  const found = marked.length ? marked : [...body.querySelectorAll('form[data-action]')];
  return found.filter((el) => !el.closest('[hidden]') || el.hasAttribute('data-one-question-hidden'));
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
      if (!move) return;
      const id = section.dataset.step;
      shown.set(id, (shown.get(id) || 0) + move);
      paginate(section);
      const first = questions(section)[shown.get(id)];
      const field = first && first.querySelector('textarea, input, select, button');
      if (field) field.focus();
    });
    (section.querySelector('[data-step-body]') || section).after(nav);
  }
  return nav;
}

function paginate(section) {
  const all = questions(section);
  const nav = section.querySelector('[data-one-question-nav]');
  if (all.length < 2) {
    all.forEach((el) => el.removeAttribute('data-one-question-hidden'));
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
  if (community) paginate(section);
}
