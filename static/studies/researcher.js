// The study page's invitation link: a Copy button beside its field. Without this file the
// button stays hidden and the field is an ordinary read-only one, its link selectable.
import { gettext } from "../crylog/i18n.js";

async function copyLink(box) {
  const field = box.querySelector("[data-copy-field]");
  const state = box.querySelector("[data-copy-state]");
  try {
    await navigator.clipboard.writeText(field.value);
    state.textContent = gettext("Copied. Paste it into your invitation.");
  } catch {
    // No clipboard here (an old browser, or permission refused): select it for the person.
    field.focus();
    field.select();
    state.textContent = gettext("Selected: copy it with your device's Copy.");
  }
}

for (const box of document.querySelectorAll("[data-copy]")) {
  const button = box.querySelector("[data-copy-button]");
  button.hidden = false;
  button.addEventListener("click", () => copyLink(box));
  box.querySelector("[data-copy-field]").addEventListener("focus", (event) => {
    event.target.select();
  });
}
