// The console's room-screen panel: a live preview (the screen page itself, scaled down in a
// frame), page and rotation controls, and whether the ended screen shows the plan's QR code.
import { fill } from '../dom.js';
import { _ } from '../i18n.js';
import * as ui from '../ui.js';

export function mountScreenPanel(live, control) {
  const preview = document.querySelector('[data-screen-preview]');
  const frame = preview.querySelector('iframe');
  const box = preview.querySelector('.screen-preview-frame');
  const scale = () => { frame.style.transform = `scale(${box.clientWidth / 1280})`; };
  preview.addEventListener('toggle', () => {
    if (preview.open && !frame.src) frame.src = frame.dataset.src;
    scale();
  });
  new ResizeObserver(scale).observe(box);
  const planBox = document.querySelector('[data-plan-qr]');
  planBox.addEventListener('change', () => control('screen', { command: planBox.checked ? 'plan_qr_on' : 'plan_qr_off' }));
  let shown = '';
  let planQr = null;
  live.onUpdate((l) => {
    const screen = l.doc.workshop.screen || {};
    // Follow the document only when its value changes: an update that arrives between a click
    // and the server's answer must not untick the box the facilitator has just ticked.
    if (Boolean(screen.plan_qr) !== planQr) {
      planQr = Boolean(screen.plan_qr);
      planBox.checked = planQr;
    }
    const key = JSON.stringify([screen.paused]);
    if (key === shown) return;
    shown = key;
    fill(document.querySelector('[data-screen-buttons]'),
      ui.button(_('Previous page'), () => control('screen', { command: 'previous' }), { class: 'button button-small' }),
      ui.button(_('Next page'), () => control('screen', { command: 'next' }), { class: 'button button-small' }),
      ui.button(screen.paused ? _('Resume turning pages') : _('Pause on this page'),
        () => control('screen', { command: screen.paused ? 'resume' : 'pause' }),
        { class: 'button button-small toggle', 'aria-pressed': screen.paused ? 'true' : 'false' }));
  });
}
