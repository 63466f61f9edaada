// Fits the room screen's step to the projector: nothing may scroll, however large the room.
// First the step's body is shrunk with CSS zoom (which reflows, unlike a transform) down to
// MIN_ZOOM, still readable from the back at 1080 px; if even that overflows, its items (leaf
// list items and table rows) are split into pages shown one at a time. Which page shows is the
// facilitator's choice (workshop.screen), turning by itself every rotate_seconds unless paused.
// Exercises need do nothing: any <li> or <tr> is an item, and a container whose items are all
// on other pages is hidden with them.

const MIN_ZOOM = 0.6;
const ITEMS = 'li, tbody tr';
const OFF = 'is-off-page';

function overflows(frame) {
  return frame.scrollHeight > frame.clientHeight + 1 || frame.scrollWidth > frame.clientWidth + 1;
}

function leafItems(body) {
  return Array.from(body.querySelectorAll(ITEMS)).filter((el) => !el.querySelector(ITEMS));
}

// Every element between an item and the body, with the items it holds.
function groupsOf(body, items) {
  const groups = new Map();
  items.forEach((item, i) => {
    for (let el = item.parentElement; el && el !== body; el = el.parentElement) {
      if (!groups.has(el)) groups.set(el, []);
      groups.get(el).push(i);
    }
  });
  return groups;
}

function showRange(items, groups, from, to) {
  items.forEach((el, i) => el.classList.toggle(OFF, i < from || i >= to));
  for (const [el, indexes] of groups) el.classList.toggle(OFF, indexes.every((i) => i < from || i >= to));
}

// Largest zoom in [MIN_ZOOM, 1] at which the frame does not overflow (MIN_ZOOM if none).
function fitZoom(frame, body) {
  body.style.zoom = '1';
  if (!overflows(frame)) return 1;
  let lo = MIN_ZOOM;
  let hi = 1;
  body.style.zoom = String(lo);
  if (overflows(frame)) return lo;
  for (let i = 0; i < 6; i += 1) {
    const mid = (lo + hi) / 2;
    body.style.zoom = String(mid);
    if (overflows(frame)) hi = mid; else lo = mid;
  }
  body.style.zoom = String(lo);
  return lo;
}

// Page starts: from each start, as many items as fit at MIN_ZOOM (at least one).
function pageStarts(frame, items, groups) {
  const starts = [0];
  for (let start = 0; start < items.length;) {
    let lo = 1;
    let hi = items.length - start;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      showRange(items, groups, start, start + mid);
      if (overflows(frame)) hi = mid - 1; else lo = mid;
    }
    start += lo;
    if (start < items.length) starts.push(start);
  }
  return starts;
}

// The page the room should see now: the facilitator's page, plus one per rotation period
// since they last turned it (the server's clock, so every screen agrees).
export function pageIndex(screen, pages, now) {
  if (pages <= 1) return 0;
  let page = Number(screen.page) || 0;
  const every = Number(screen.rotate_seconds) || 0;
  if (!screen.paused && every > 0) {
    const since = screen.paged_at ? Date.parse(screen.paged_at) : 0;
    page += Math.floor(Math.max(0, now - since) / (every * 1000));
  }
  return ((page % pages) + pages) % pages;
}

// Fit one step's section. Returns the layout: {pages, page, show(page)}; show() turns to
// another page without measuring again (the interval that rotates pages calls it).
export function fit(section, screen, now, mustShow) {
  const body = section.querySelector('[data-step-body]');
  const single = { pages: 1, page: 0, show() {} };
  if (!body || section.hidden) return single;
  const items = leafItems(body);
  const groups = groupsOf(body, items);
  showRange(items, groups, 0, items.length);
  if (fitZoom(section, body) > MIN_ZOOM || !overflows(section) || items.length < 2) return single;
  const starts = pageStarts(section, items, groups);
  const layout = {
    pages: starts.length,
    page: pageIndex(screen, starts.length, now),
    show(page) { layout.page = page; showRange(items, groups, starts[page], starts[page + 1] || items.length); },
  };
  // A spotlit item is always on screen: its page wins over the rotation.
  const spot = mustShow ? items.findIndex((el) => el === mustShow || el.contains(mustShow) || mustShow.contains(el)) : -1;
  if (spot >= 0) { layout.page = starts.filter((start) => start <= spot).length - 1; layout.pinned = true; }
  layout.show(layout.page);
  return layout;
}
