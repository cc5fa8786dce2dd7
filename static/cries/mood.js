// The mood slider: no thumb and no value until the first touch, so nobody is anchored at 50.
// Every first touch counts, whatever the browser makes of it. Without this file the slider is
// an ordinary range input.
import { gettext, interpolate } from "../crylog/i18n.js";

// The thumb's width in app.css (2.5rem): its centre travels from half of it to width minus half.
const THUMB_REM = 2.5;

function valueAt(input, clientX) {
  const box = input.getBoundingClientRect();
  const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const thumb = Math.min(THUMB_REM * rem, box.width / 2);
  const share = Math.min(1, Math.max(0, (clientX - box.left - thumb / 2) / (box.width - thumb)));
  const min = Number(input.min || 0);
  const max = Number(input.max || 100);
  const step = Number(input.step || 1);
  return min + Math.round((share * (max - min)) / step) * step;
}

function setUpSlider(root) {
  const input = root.querySelector('input[type="range"]');
  const output = root.querySelector("output");
  if (!input || input.dataset.ready) return;
  input.dataset.ready = "1";
  const name = input.getAttribute("name");
  if (root.classList.contains("mood--empty")) {
    root.classList.add("mood--untouched");
    input.removeAttribute("name");
  }
  function touched() {
    if (root.classList.contains("mood--untouched")) {
      root.classList.remove("mood--untouched");
      input.setAttribute("name", name);
    }
    const spoken = interpolate(gettext("%(value)s of 100"), { value: input.value }, true);
    input.setAttribute("aria-valuetext", spoken);
    if (output) {
      // The number stands above the thumb (app.css places it by --at, a share of the line).
      const min = Number(input.min || 0);
      const max = Number(input.max || 100);
      output.style.setProperty("--at", String((Number(input.value) - min) / (max - min)));
      output.textContent = input.value;
    }
  }

  // The finger (or pen, or mouse) on the line, and whether the browser itself moved the value
  // since it came down. A browser moves nothing when the touch lands on the value the slider
  // already holds (the hidden 50 of an untouched slider), and Safari on iPhones moves nothing
  // on a tap on the track at all; then the value is put where the finger is. A touch the page
  // takes for a scroll ends in pointercancel, and this file sets nothing for it. Why not the
  // rangetouch package: docs/testing.md.
  let pointer = null;
  let setting = false;
  function setFrom(event, type) {
    input.value = valueAt(input, event.clientX);
    setting = true;
    input.dispatchEvent(new Event(type, { bubbles: true }));
    setting = false;
  }
  input.addEventListener("pointerdown", (event) => {
    if (!event.isPrimary || input.disabled) return;
    pointer = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  });
  input.addEventListener("pointermove", (event) => {
    // A finger dragged along the track moves nothing in Safari: follow it there, once it goes
    // more sideways than up or down (that is a scroll). A mouse always moves the value itself.
    if (!pointer || event.pointerId !== pointer.id || event.pointerType === "mouse") return;
    const sideways = Math.abs(event.clientX - pointer.x) > Math.abs(event.clientY - pointer.y);
    if (sideways && !pointer.moved) setFrom(event, "input");
  });
  input.addEventListener("pointerup", (event) => {
    if (!pointer || event.pointerId !== pointer.id) return;
    const moved = pointer.moved;
    pointer = null;
    if (moved) return;
    setFrom(event, "input");
    setFrom(event, "change");
  });
  input.addEventListener("pointercancel", () => {
    pointer = null;
  });
  input.addEventListener("input", () => {
    if (pointer && !setting) pointer.moved = true;
    touched();
  });
  input.addEventListener("change", touched);
}

function setUp(scope) {
  for (const root of scope.querySelectorAll("[data-mood]")) setUpSlider(root);
}

setUp(document);
document.addEventListener("htmx:load", (event) => setUp(event.target));
