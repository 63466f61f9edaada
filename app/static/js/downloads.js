// Downloads that take a moment (PDF, Word): fetch the file while showing "Preparing…",
// then hand it to the browser. Without JavaScript the plain link still works.
import { _ } from "./i18n.js";

const statusBox = document.querySelector("[data-download-status]");

function say(text) {
  if (statusBox) statusBox.textContent = text;
}

function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = header.match(/filename="([^"]+)"/);
  return match ? match[1] : fallback;
}

// The server's own words when it could not make the file (plan/export_failed.html), else the status.
async function failureMessage(response, label) {
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const message = page.querySelector("[data-export-error]");
  if (message && message.textContent.trim()) return message.textContent.trim();
  return _("{label} could not be prepared ({reason}). Try again, or use the link directly.", {
    label, reason: _("the server answered {status}", { status: response.status }),
  });
}

async function download(link) {
  const label = link.textContent;
  link.setAttribute("aria-disabled", "true");
  say(_("Preparing {label}…", { label }));
  const started = Date.now();
  const ticker = setInterval(() => say(_("Preparing {label}… {seconds} s", {
    label, seconds: Math.round((Date.now() - started) / 1000),
  })), 1000);
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) {
      say(await failureMessage(response, label));
      return;
    }
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = fileName(response, "plan");
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(_("{label} is ready.", { label }));
  } catch (error) {
    say(_("{label} could not be prepared ({reason}). Try again, or use the link directly.", {
      label, reason: error.message,
    }));
  } finally {
    clearInterval(ticker);
    link.removeAttribute("aria-disabled");
  }
}

for (const link of document.querySelectorAll('a[data-download="slow"]')) {
  link.addEventListener("click", (event) => {
    if (link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    download(link);
  });
}
