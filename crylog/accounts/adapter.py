from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class NamedSite:
    """What allauth's e-mails call the site: crylog, never the host and port it was reached on
    (their links still use the real address, taken from the request)."""

    name = "crylog"
    domain = "crylog"


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{NamedSite.name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": NamedSite()})
