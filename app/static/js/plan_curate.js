// Curating the plan without page reloads: promote, drop and restore buttons (one item, the
// ticked ones, or a section's proposed ones) post in the background, then the sections and
// counts are swapped for the server's fresh rendering of the same page (autoescaped HTML from
// our own origin, imported node by node). Without JavaScript the same forms post and redirect.
import { _ } from "./i18n.js";

const CURATE = /\/(promote|drop|restore|bulk)$/;
const statusBox = document.querySelector("[data-curate-status]");

function say(text) {
  if (statusBox) statusBox.textContent = text;
}

function swap(fresh, selector) {
  const now = document.querySelector(selector);
  const next = fresh.querySelector(selector);
  if (now && next) now.replaceWith(document.importNode(next, true));
}

async function refresh(sectionId) {
  const response = await fetch(window.location.pathname, { credentials: "same-origin" });
  if (!response.ok) throw new Error(_("the server answered {status}", { status: response.status }));
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  swap(fresh, "[data-plan-counts]");
  swap(fresh, "[data-plan-sections]");
  // Keyboard users stay where they were: on the heading of the section they worked in.
  const heading = sectionId && document.querySelector(`#${sectionId} h2`);
  if (heading) heading.focus();
}

async function curate(form, submitter) {
  const sectionId = form.closest(".plan-section")?.id
    || document.querySelector(`[form="${form.id}"]`)?.closest(".plan-section")?.id;
  const body = new FormData(form, submitter);
  form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
  try {
    const response = await fetch(form.action, {
      method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(_("the server answered {status}", { status: response.status }));
    const result = await response.json();
    await refresh(sectionId);
    say(result.message);
  } catch (error) {
    form.querySelectorAll("button").forEach((button) => { button.disabled = false; });
    say(_("That change was not saved ({reason}). Try again.", { reason: error.message }));
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !CURATE.test(new URL(form.action).pathname)) return;
  event.preventDefault();
  curate(form, event.submitter);
});
