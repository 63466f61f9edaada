// Keyboard shortcuts of the console (listed in the "?" dialog of console.html). They never fire
// while the facilitator types in a field, nor with Ctrl, Alt or Cmd (the browser's own keys).
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

export function isTyping(target) {
  return Boolean(target && target.closest && target.closest(TYPING));
}

// keys: {key -> handler(event)}; "?" opens the dialog.
export function mountShortcuts(keys, dialog) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (isTyping(event.target) || (dialog.open && event.key !== '?')) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === '?') { event.preventDefault(); if (dialog.open) dialog.close(); else dialog.showModal(); return; }
    const handler = keys[key];
    if (!handler) return;
    event.preventDefault();
    handler(event);
  });
}
