// A form that leaves the page (sent without htmx) goes once: a second tap while the next page
// loads does nothing. htmx forms disable their buttons themselves (data-hx-disabled-elt), and
// crylog takes a form sent twice as one (its id) in any case. Everything works without this
// file; it only makes it nicer.

const SENT_AGAIN_AFTER = 15000; // a download, or no answer: the buttons come back
const sending = [];

function setSending(form, on) {
  if (on) form.dataset.sending = "1";
  else delete form.dataset.sending;
  for (const button of form.querySelectorAll("button:not([type=button])")) button.disabled = on;
}

function sendOnce(event) {
  const form = event.target;
  // Taken by a script (the offline check-in), or sent by htmx: not this one's to hold.
  if (event.defaultPrevented || form.method !== "post" || form.hasAttribute("data-hx-post")) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  sending.push(form);
  // Disabled after the browser has read the form, so that the tapped button's value goes too.
  setTimeout(() => setSending(form, true), 0);
  setTimeout(() => setSending(form, false), SENT_AGAIN_AFTER);
}

// Back to this page from the browser's memory (the back button): its forms work again.
function forgetSending(event) {
  if (!event.persisted) return;
  for (const form of sending.splice(0)) setSending(form, false);
}

document.addEventListener("submit", sendOnce);
window.addEventListener("pageshow", forgetSending);
