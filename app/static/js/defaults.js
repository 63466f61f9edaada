// Default texts (step titles, prompts) in the reader's language. The room's document is shared
// by every reader, so it carries them as stored; the page's boot data maps each stored default
// to this reader's language (app/exercises/defaults.py) and the document is read through it.
// Only step titles, the agenda and the exercises' views are looked at, never presence or names.

function swap(value, map) {
  if (typeof value === 'string') return Object.prototype.hasOwnProperty.call(map, value) ? map[value] : value;
  if (Array.isArray(value)) return value.map((item) => swap(item, map));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = swap(item, map);
    return out;
  }
  return value;
}

export function localizeDefaults(doc, map) {
  if (!doc || !map || !Object.keys(map).length) return doc;
  const steps = {};
  for (const [id, step] of Object.entries(doc.steps || {})) {
    steps[id] = { ...step, title: swap(step.title, map), view: swap(step.view, map) };
  }
  const workshop = doc.workshop && {
    ...doc.workshop,
    agenda: (doc.workshop.agenda || []).map((s) => ({ ...s, title: swap(s.title, map) })),
  };
  return { ...doc, steps, ...(workshop ? { workshop } : {}) };
}
