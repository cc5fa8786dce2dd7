"""allauth's adapter for crylog: its e-mails name the site, and e-mail that cannot be sent is
said plainly, never a 500."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# The request attribute naming an account made by this request, so a failed sign-up is undone.
NEW_ACCOUNT = "crylog_new_account"


class MailNotSent(Exception):
    """The mail server could not take a message; ``MailOutageMiddleware`` answers for it."""


class NamedSite:
    """What allauth's e-mails call the site: crylog, never the host and port it was reached on
    (their links still use the real address, taken from the request)."""

    name = "crylog"
    domain = "crylog"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        saved = super().save_user(request, user, form, commit=commit)
        if commit:
            setattr(request, NEW_ACCOUNT, saved)
        return saved

    def format_email_subject(self, subject: str) -> str:
        return f"[{NamedSite.name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        try:
            super().send_mail(template_prefix, email, {**context, "current_site": NamedSite()})
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Could not send %s: %s", template_prefix, type(error).__name__)
            raise MailNotSent(template_prefix) from error
