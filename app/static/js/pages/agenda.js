// The agenda editor's reordering: drag a step by its handle, or focus the handle, press Space,
// move with the arrow keys and press Space (or Enter) again; Escape puts it back. Either way
// the whole new order goes to the server in ONE request. Without JS the Move up/down buttons work.
import { _ } from '../i18n.js';

const list = document.querySelector('[data-agenda-list]');
const form = document.querySelector('form[data-reorder]');
const status = document.querySelector('[data-reorder-status]');

const items = () => Array.from(list.querySelectorAll(':scope > li[data-step-id]'));
const order = () => items().map((li) => li.dataset.stepId).join(',');
const say = (text) => { status.textContent = text; };

async function save(before) {
  if (order() === before) return;
  form.elements.order.value = order();
  let reply = null;
  try {
    const response = await fetch(form.action, { method: 'POST', body: new FormData(form),
      headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    reply = await response.json();
  } catch { reply = { ok: false, error: _('The new order could not be saved. Check your connection and try again.') }; }
  if (reply.ok) { say(_('New order saved.')); return; }
  say(reply.error);
  window.alert(reply.error);
  window.location.reload();  // show the agenda as it really is
}

function position(li) {
  return _('{title}: position {n} of {total}', { title: li.dataset.title, n: items().indexOf(li) + 1, total: items().length });
}

function wireKeyboard(li, handle) {
  let before = null;
  const drop = (keep) => {
    handle.setAttribute('aria-pressed', 'false');
    li.classList.remove('is-grabbed');
    if (!keep) {
      const ids = before.split(',');
      ids.forEach((id) => list.append(list.querySelector(`li[data-step-id="${id}"]`)));
      handle.focus();
      say(_('Move cancelled.'));
    } else save(before);
    before = null;
  };
  handle.addEventListener('keydown', (event) => {
    const grabbed = before !== null;
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (grabbed) { drop(true); return; }
      before = order();
      handle.setAttribute('aria-pressed', 'true');
      li.classList.add('is-grabbed');
      say(_('Picked up. {where}. Use the arrow keys, then Space to drop.', { where: position(li) }));
    } else if (grabbed && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      const sibling = event.key === 'ArrowUp' ? li.previousElementSibling : li.nextElementSibling;
      if (sibling) sibling.insertAdjacentElement(event.key === 'ArrowUp' ? 'beforebegin' : 'afterend', li);
      handle.focus();
      say(position(li));
    } else if (grabbed && event.key === 'Escape') {
      event.preventDefault();
      drop(false);
    }
  });
  handle.addEventListener('blur', () => { if (before !== null && !li.contains(document.activeElement)) drop(true); });
}

function wireDrag(li, handle) {
  let before = null;
  handle.addEventListener('pointerdown', () => { li.draggable = true; });
  li.addEventListener('dragstart', (event) => {
    before = order();
    li.classList.add('is-grabbed');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', li.dataset.stepId);
  });
  li.addEventListener('dragend', () => {
    li.classList.remove('is-grabbed');
    li.draggable = false;
    if (before !== null) save(before);
    before = null;
  });
}

if (list && form) {
  list.addEventListener('dragover', (event) => {
    const moving = list.querySelector('li.is-grabbed');
    const over = event.target.closest && event.target.closest('li[data-step-id]');
    if (!moving || !over || over === moving) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    over.insertAdjacentElement(event.clientY < box.top + box.height / 2 ? 'beforebegin' : 'afterend', moving);
  });
  list.addEventListener('drop', (event) => event.preventDefault());
  document.querySelector('[data-reorder-hint]').hidden = false;
  for (const li of items()) {
    const handle = li.querySelector('[data-drag-handle]');
    handle.hidden = false;
    wireKeyboard(li, handle);
    wireDrag(li, handle);
  }
}
