// Translations for browser code. Messages are written in English in the code, wrapped in _()
// or ngettext() (so `pybabel extract` finds them); the page's boot data carries the
// translations for its language. {name} placeholders are filled from `vars`.

let catalog = {};
let lang = 'en';

export function setCatalog(strings, language) {
  catalog = strings || {};
  lang = language || 'en';
}

// Pages other than the live ones carry their translations in <script id="i18n">.
const data = typeof document !== 'undefined' ? document.getElementById('i18n') : null;
if (data) {
  try {
    const { strings, lang: language } = JSON.parse(data.textContent);
    setCatalog(strings, language);
  } catch { /* keep English */ }
} else if (typeof document !== 'undefined' && document.documentElement.lang) {
  lang = document.documentElement.lang;
}

function fill(text, vars) {
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
}

export function _(text, vars) {
  const t = catalog[text];
  return fill(typeof t === 'string' ? t : text, vars);
}

// pgettext('role_board', 'Lead'): the same English word read in one exercise's sense. The
// catalog keys such a message as context + "\u0004" + text, as gettext does.
export function pgettext(context, text, vars) {
  const t = catalog[`${context}\u0004${text}`];
  return fill(typeof t === 'string' ? t : text, vars);
}

// ngettext('{n} dot', '{n} dots', n) — the plural rule of the page's language decides.
export function ngettext(one, many, n, vars) {
  const forms = catalog[one];
  const isOne = new Intl.PluralRules(lang).select(n) === 'one';
  const text = Array.isArray(forms) ? forms[isOne ? 0 : Math.min(1, forms.length - 1)] : (isOne ? one : many);
  return fill(text, { n, ...(vars || {}) });
}

export function language() { return lang; }

// A sector as the reader reads it: the server's label for a reserved value (a community role,
// "Lived experience": app/exercises/participation.py sector_labels, in the page's boot data),
// any other sector as the partnership wrote it.
let sectorLabels = {};
export function setSectorLabels(labels) { sectorLabels = labels || {}; }
export function sectorLabel(sector) {
  return Object.prototype.hasOwnProperty.call(sectorLabels, sector) ? sectorLabels[sector] : sector;
}

// Numbers and dates follow the page's locale.
export function formatNumber(n, options) { return new Intl.NumberFormat(lang, options).format(n); }
export function formatDate(value, options) {
  return new Intl.DateTimeFormat(lang, options || { dateStyle: 'medium' }).format(new Date(value));
}
