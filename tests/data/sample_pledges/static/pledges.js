// Pledges: one list of the room's pledges, for every audience.
export function render(section, data, ctx) {
  const { h, fill, _ } = ctx;
  const pledges = Object.values(data.view.pledges || {});
  fill(section.querySelector('[data-region="pledges"]'), pledges.length
    ? pledges.map((p) => h('li', { text: p.author && p.author.name ? `${p.text} — ${p.author.name}` : p.text }))
    : h('li', { class: 'empty', text: _('No pledges yet.') }));
}
