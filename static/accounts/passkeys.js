// Passkeys: make one on Settings → Passkeys, use one to log in or to confirm it is you.
// A button with data-passkey="add|confirm|login" starts it; the options come from the
// server in a json_script block (or, to log in, from the form's own URL as JSON), and
// webauthn-json (allauth's copy, a classic script loaded before this file, which sets
// window.webauthnJSON) turns them into what navigator.credentials wants and its answer back
// into JSON for the form's credential field.
import { gettext } from "../crylog/i18n.js";

function statusFor(button) {
  let status = button.form?.querySelector("[data-passkey-status]");
  if (!status) {
    status = button.parentElement.querySelector("[data-passkey-status]");
  }
  if (!status) {
    status = document.createElement("p");
    status.className = "error";
    status.setAttribute("role", "alert");
    status.dataset.passkeyStatus = "";
    button.insertAdjacentElement("afterend", status);
  }
  return status;
}

function say(button, text) {
  const status = statusFor(button);
  status.textContent = text;
  status.hidden = false;
}

function jsonScript(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

async function requestOptions(button, form) {
  if (button.dataset.passkeyOptions) {
    return jsonScript(button.dataset.passkeyOptions).request_options;
  }
  const response = await fetch(form.action, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    throw new Error(`passkey options: HTTP ${response.status}`);
  }
  return (await response.json()).request_options;
}

async function create(button) {
  const options = jsonScript(button.dataset.passkeyOptions).creation_options;
  // Every key added here is a passkey: kept on the device, unlocked by its screen lock.
  const selection = options.publicKey.authenticatorSelection || {};
  selection.residentKey = "required";
  selection.requireResidentKey = true;
  selection.userVerification = "required";
  options.publicKey.authenticatorSelection = selection;
  return window.webauthnJSON.create(options);
}

async function start(button) {
  const form = button.form || document.getElementById(button.getAttribute("form"));
  const adding = button.dataset.passkey === "add";
  if (!window.PublicKeyCredential || !window.webauthnJSON) {
    say(button, gettext("This browser can't use passkeys. Use your password instead."));
    return;
  }
  button.disabled = true;
  try {
    const credential = adding
      ? await create(button)
      : await window.webauthnJSON.get(await requestOptions(button, form));
    form.querySelector("[name=credential]").value = JSON.stringify(credential);
    form.submit();
  } catch (error) {
    button.disabled = false;
    if (adding && error.name === "InvalidStateError") {
      say(button, gettext("This phone or key already holds a passkey for your account."));
    } else if (adding) {
      say(
        button,
        gettext("No passkey was added. Try again when your phone or key asks for its screen lock."),
      );
    } else {
      say(button, gettext("The passkey wasn't used. Try again, or use your password."));
    }
  }
}

function init() {
  // allauth's log-in page has the button (id passkey_login) and we add its form.
  const login = document.getElementById("passkey_login");
  if (login && document.getElementById("mfa_login")) {
    login.dataset.passkey = "login";
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-passkey]");
    if (button) {
      event.preventDefault();
      start(button);
    }
  });
}

init();
