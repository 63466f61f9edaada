// Tiny DOM helpers. User text only ever goes through textContent, never innerHTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Replace an element's children (cheap enough for our lists). When the focus was inside, it
// moves to the same control in the new children (same text, else same place), so keyboard
// users are not thrown back to the top of the page by a live update.
// The element of a step's section that a template marks data-region="name" (what the exercise
// redraws), or null.
export function region(section, name) {
  return section.querySelector(`[data-region="${name}"]`);
}

export function fill(el, ...children) {
  if (!el) return;
  const active = document.activeElement;
  const had = active && active !== el && el.contains(active) ? focusKey(el, active) : null;
  el.replaceChildren();
  append(el, children);
  if (had) restoreFocus(el, had);
}

function focusKey(root, el) {
  return { tag: el.tagName, text: el.textContent.trim(), label: el.getAttribute('aria-label'),
    index: Array.from(root.querySelectorAll(el.tagName)).indexOf(el) };
}

function restoreFocus(root, key) {
  const same = Array.from(root.querySelectorAll(key.tag)).filter((c) => !c.disabled);
  const match = same.find((c) => c.textContent.trim() === key.text && c.getAttribute('aria-label') === key.label)
    || same[Math.min(key.index, same.length - 1)];
  if (match) match.focus({ preventScroll: true });
}

export function $(root, selector) { return root.querySelector(selector); }
export function $all(root, selector) { return Array.from(root.querySelectorAll(selector)); }

// Parse a server-rendered fragment without innerHTML.
export function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}
