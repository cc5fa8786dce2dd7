// Headers for a script's own request: the CSRF token a signed-in page carries for htmx
// (<body data-hx-headers>, templates/base.html) and the body's type.
export function csrfHeaders(contentType) {
  const headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
  return { ...headers, "Content-Type": contentType };
}
