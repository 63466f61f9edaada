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

// Replace an element's children (cheap enough for our lists; keeps focus outside the list).
export function fill(el, ...children) {
  if (!el) return;
  el.replaceChildren();
  append(el, children);
}

export function $(root, selector) { return root.querySelector(selector); }
export function $all(root, selector) { return Array.from(root.querySelectorAll(selector)); }

// Parse a server-rendered fragment without innerHTML.
export function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

export function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }
