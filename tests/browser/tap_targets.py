"""Tap targets of at least 44×44 CSS px (Apple's guideline; WCAG 2.5.5), measured in the page.

``SMALL_TAP_TARGETS`` is a JavaScript function expression that takes the minimum size and
returns the interactive elements whose box is smaller, so either engine's phone can run it
(``small_tap_targets(phone)``, tests/browser/phone.py).

A checkbox or radio button counts with its label (tapping either toggles it); hidden elements,
elements off the page (the skip link until it has focus) and the slider's invisible parts are
not targets. Each offender comes back as ``{"element", "text", "width", "height"}``.
"""

from tests.browser.phone import Phone

MINIMUM = 44

SMALL_TAP_TARGETS = r"""
(minimum) => {
  const selector = [
    "a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[role=button]", "[tabindex]:not([tabindex='-1'])",
  ].join(",");
  const shown = (element) => {
    if (element.closest("[hidden], .visually-hidden")) return false;
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden") return false;
      if (node.tagName === "DETAILS" && !node.open && node !== element.closest("details")) return false;
    }
    const details = element.closest("details");
    if (details && !details.open && element.tagName !== "SUMMARY" && !element.closest("summary")) return false;
    return element.getClientRects().length > 0;
  };
  const box = (element) => {
    let rect = element.getBoundingClientRect();
    const type = (element.getAttribute("type") || "").toLowerCase();
    if (element.tagName === "INPUT" && (type === "checkbox" || type === "radio")) {
      const label = element.closest("label") || (element.id && document.querySelector(`label[for="${CSS.escape(element.id)}"]`));
      if (label) {
        const other = label.getBoundingClientRect();
        const left = Math.min(rect.left, other.left), top = Math.min(rect.top, other.top);
        rect = {
          left, top,
          width: Math.max(rect.right, other.right) - left,
          height: Math.max(rect.bottom, other.bottom) - top,
          right: Math.max(rect.right, other.right), bottom: Math.max(rect.bottom, other.bottom),
        };
      }
    }
    return rect;
  };
  const pageWidth = document.documentElement.scrollWidth;
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!shown(element)) continue;
    const rect = box(element);
    const scrollX = window.scrollX;
    if (rect.right + scrollX <= 0 || rect.left + scrollX >= pageWidth) continue;  // off the page
    // Half a pixel of rounding is not a smaller finger.
    if (rect.width + 0.5 >= minimum && rect.height + 0.5 >= minimum) continue;
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    small.push({
      element: element.outerHTML.slice(0, 120),
      text: text.slice(0, 60),
      width: Math.round(rect.width * 10) / 10,
      height: Math.round(rect.height * 10) / 10,
    });
  }
  return small;
}
"""


def small_tap_targets(phone: Phone, minimum: int = MINIMUM) -> list[dict[str, object]]:
    """The interactive elements on the page open now smaller than ``minimum`` CSS px either way."""
    return phone.call(SMALL_TAP_TARGETS, minimum)  # type: ignore[no-any-return]


# Opens every <details> so that what is folded away is measured too.
OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"

# The tab bar as a person sees it: each control's name, whether it is marked as the page one is
# on, whether its label fits its box (nothing cut or spilling into the next), and its size.
TABS = {
    "/": "Home",
    "/cries/": "History",
    "/trends/": "Trends",
    "/reminders/": "Reminders",
    "/settings/": "Settings",
}
TAB_BAR = r"""
() => [...document.querySelectorAll("nav[aria-label=Main] > *")].map((tab) => {
  const box = tab.getBoundingClientRect();
  return {
    name: tab.textContent.trim(),
    current: tab.getAttribute("aria-current") === "page",
    fits: tab.scrollWidth <= tab.clientWidth,
    width: box.width,
    height: box.height,
  };
})
"""
