// Answers by picture (issue 23), for pages an exercise's JS draws: the same cards as the
// picture_choice macro of app/live/templates/live/answers.html (keep the two alike), with the
// pictures of app/static/img/pictures.svg. No emoji: the pictures need no font, and are drawn in
// the text colour.

const SVG = 'http://www.w3.org/2000/svg';
// The sprite sits beside this module's folder, wherever the app is mounted.
const SPRITE = new URL('../img/pictures.svg', import.meta.url).pathname;

// One picture of the sprite (``face-3``, ``consent-support``…), hidden from screen readers: the
// words beside it carry the meaning.
export function picture(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'answer-picture');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('viewBox', '0 0 48 48');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', `${SPRITE}#${name}`);
  svg.append(use);
  return svg;
}

// A radio group of picture cards in a fieldset. ``points``: ``[{value, words, picture, note,
// className}]`` (``note``: a short line under the words, part of the radio's name;
// ``className``: more classes for that card); ``checked``: the value
// chosen; ``onchange(value)`` runs when the person picks another. Arrows move through the
// group, as in any radio group, so a page sends the choice with a button, not on change.
export function pictureChoice(h, { name, id, legend, points, checked = '', disabled = false,
  className = '', describedby = null, onchange = null }) {
  const cards = points.map(({ value, words, picture: pic, note, className: extra }) => {
    const input = h('input', { type: 'radio', id: `${id}-${value}`, name, value, disabled });
    input.checked = String(value) === String(checked);
    if (onchange) input.addEventListener('change', () => { if (input.checked) onchange(value); });
    return h('label', { class: `answer-point${extra ? ` ${extra}` : ''}`, for: input.id }, input, picture(pic),
      h('span', { class: 'answer-words', text: words }, note ? h('span', { class: 'answer-note', text: note }) : null));
  });
  return h('fieldset', { class: `answer-scale${className ? ` ${className}` : ''}`, 'aria-describedby': describedby },
    h('legend', { text: legend }), h('div', { class: 'answer-points' }, cards));
}
