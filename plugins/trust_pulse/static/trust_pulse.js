// Trust and relationship pulse: phones answer (their own answers only come back to them); the
// console and the screen show counts while people answer, and the anonymous totals in the
// results phase once enough people answered. The view never carries who gave what.

function words(section) {
  const q = {};
  const p = {};
  section.querySelectorAll('[data-region="words"] [data-question]').forEach((li) => { q[li.dataset.question] = li.textContent; });
  section.querySelectorAll('[data-region="words"] [data-point]').forEach((li) => { p[li.dataset.point] = li.textContent; });
  return { q, p };
}

function statusText(view, ctx) {
  const { _, ngettext, formatNumber } = ctx;
  const n = view.respondents || 0;
  const answered = ngettext('%(num)s person has answered.', '%(num)s people have answered.', n)
    .replace('%(num)s', formatNumber(n));
  if (!ctx.phase.reached('results')) {
    return [answered, _('The results appear when the facilitator closes the pulse.')].join(' ');
  }
  if (!view.results_shown) {
    if (n < (view.k || 3)) {
      return [answered, _('Fewer than three people answered, so no results are shown: with so few, one person’s answer could be worked out.')].join(' ');
    }
    return [answered, _('The results are hidden for now.')].join(' ');
  }
  return answered;
}

function bar(summary, scale, ctx, title, audience = '', key = '') {
  const { h, formatNumber, _ } = ctx;
  const n = summary.n || 1;
  const rows = [];
  for (let point = 1; point <= 5; point += 1) {
    const count = summary.counts[String(point)] || 0;
    const share = Math.round((count / n) * 100);
    const fill = h('span', { class: `tp-fill tp-fill-${point}` });
    fill.dataset.share = String(share);
    rows.push(h('li', { class: 'tp-row' },
      h('span', { class: 'tp-row-label', text: `${point} · ${scale[String(point)] || ''}` }),
      h('span', { class: 'tp-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'tp-row-count', text: formatNumber(count) })));
  }
  const mean = _('Mean %(mean)s out of 5, %(n)s answers')
    .replace('%(mean)s', formatNumber(summary.mean)).replace('%(n)s', formatNumber(summary.n));
  const points = [1, 2, 3, 4, 5].map((point) => ({ label: `${formatNumber(point)} · ${scale[String(point)] || ''}`,
    values: [summary.counts[String(point)] || 0] }));
  return h('div', { class: 'tp-bars' }, title ? h('p', { class: 'tp-group', text: title }) : null,
    h('p', { class: 'tp-mean', text: mean }),
    ctx.charts.chart({ visual: h('ul', { class: 'tp-rows' }, rows), audience, key: `tp:${key}:${title || ''}`,
      summary: [mean, ctx.charts.rowsSentence(points)].join('. '),
      caption: title ? _('Answers from {group}', { group: title }) : _('Answers from the whole room'),
      columns: [_('Answer'), _('People')], rows: points }));
}

// Bar widths come from the data, set as properties (the CSP allows no inline style attribute).
function sizeBars(root) {
  root.querySelectorAll('.tp-fill').forEach((el) => { el.style.width = `${el.dataset.share}%`; });
}

function results(section, data, ctx) {
  const { h, fill, region, _, formatNumber, pgettext, sectorLabel } = ctx;
  const view = data.view || {};
  const { q, p } = words(section);
  const target = region(section, 'results');
  if (!view.results_shown) { fill(target); return; }
  const questions = Object.values(view.questions || {}).sort((a, b) => a.order - b.order);
  fill(target, questions.map((question) => {
    const text = question.text || q[question.id] || question.id;
    const parts = [h('h3', { class: 'tp-question', text })];
    const res = question.results;
    if (!res) {
      parts.push(h('p', { class: 'hint', text: _('Fewer than three answers to this question: not shown.') }));
      return h('article', { class: 'tp-result' }, parts);
    }
    parts.push(bar(res, p, ctx, '', data.audience, question.id));
    const sectors = Object.entries(res.sectors || {}).sort(([a], [b]) => (a === 'other') - (b === 'other') || a.localeCompare(b));
    const screen = data.audience === 'screen';  // the projector shows the totals; phones the detail
    if (sectors.length && !screen) {
      parts.push(h('details', { class: 'tp-sectors' },
        h('summary', { text: _('By sector (groups of three or more)') }),
        sectors.map(([sector, summary]) => bar(summary, p, ctx, sector === 'other' ? pgettext('trust_pulse', 'Other sectors') : sectorLabel(sector), data.audience, question.id)),
        Object.values(res.pairs || {}).map((pair) => h('p', { class: 'tp-pair',
          text: _('%(a)s and %(b)s: %(gap)s points apart').replace('%(a)s', pair.a).replace('%(b)s', pair.b)
            .replace('%(gap)s', formatNumber(pair.gap)) }))));
    }
    const comments = Object.values(res.comments || {}).sort((a, b) => a.order - b.order);
    if (comments.length && !screen) {
      parts.push(h('h4', { class: 'tp-comments-title', text: _('Comments, without names') }));
      parts.push(h('ul', { class: 'tp-comments' }, comments.map((c) => h('li', { text: c.text }))));
    }
    return h('article', { class: 'tp-result' }, parts);
  }));
  sizeBars(target);
}

// Mark the participant's own saved answers, unless they are changing that question right now.
function mine(section, data, ctx) {
  const { _, formatNumber } = ctx;
  const answers = (data.personal && data.personal.answers) || {};
  const { p } = words(section);
  const answering = !ctx.phase.reached('results');
  section.querySelectorAll('form[data-question]').forEach((form) => {
    form.hidden = !answering;
    const saved = answers[form.dataset.question];
    const note = form.querySelector('[data-mine]');
    if (note) {
      note.textContent = saved
        ? _('Saved: %(point)s · %(words)s. You can change it until the pulse closes.')
          .replace('%(point)s', formatNumber(saved.value)).replace('%(words)s', p[String(saved.value)] || '')
        : _('Not answered yet.');
    }
    if (!saved || form.contains(document.activeElement)) return;
    if (form.dataset.shown === `${saved.value}|${saved.comment}`) return;
    form.dataset.shown = `${saved.value}|${saved.comment}`;
    const radio = form.querySelector(`input[name="value"][value="${saved.value}"]`);
    if (radio) radio.checked = true;
    const comment = form.querySelector('textarea[name="comment"]');
    if (comment) comment.value = saved.comment || '';
  });
}

export function render(section, data, ctx) {
  const view = data.view || {};
  const status = ctx.region(section, 'status');
  if (status) status.textContent = statusText(view, ctx);
  if (data.audience === 'participant') mine(section, data, ctx);
  results(section, data, ctx);
}
