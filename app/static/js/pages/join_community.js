// The community join form: the sector list shows only once "I work for an organisation here"
// is chosen. Without this script it is always there, with its hint saying when to use it.
const form = document.querySelector('[data-community-join]');
const sector = form && form.querySelector('[data-works-here]');
if (sector) {
  const works = form.querySelector('input[name="role"][value="organisation"]');
  const show = () => { sector.hidden = !works.checked; };
  form.addEventListener('change', show);
  show();
}
