"""The reminder e-mail, for people who asked for one, and its one-click way to stop it."""

from __future__ import annotations

import email.message
import email.policy
import smtplib
import time
from email.headerregistry import Address
from email.policy import Policy
from email.utils import make_msgid, parseaddr
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from crylog.followups import wording
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp

if TYPE_CHECKING:
    from crylog.accounts.models import User

# The salt makes an e-mail-off token good for this one action and nothing else.
EMAIL_OFF_SALT = "crylog.followups.email-off"


def email_off_token(user: User) -> str:
    """A signed token naming only the person: it turns their reminder e-mail off, nothing else."""
    return signing.dumps(user.pk, salt=EMAIL_OFF_SALT, compress=False)


def email_off_user_id(token: str) -> int | None:
    """The person an e-mail-off token was made for; None for a forged or damaged token."""
    try:
        user_id = signing.loads(token, salt=EMAIL_OFF_SALT)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None


def email_off_url(user: User) -> str:
    return settings.SITE_URL + reverse("reminder-email-off", args=[email_off_token(user)])


def sender_address(user: User) -> str:
    """``DEFAULT_FROM_EMAIL``, under the name the person gave their reminders if they gave one.

    The address itself is the operator's, whatever the name.
    """
    if not user.reminder_name:
        return settings.DEFAULT_FROM_EMAIL
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return str(Address(display_name=user.reminder_name, addr_spec=address))


class ReminderEmail(EmailMessage):
    """An e-mail whose header lines are folded only where they have spaces.

    Python folds a longer line by rewriting it as RFC 2047 encoded-words, and for a link
    without spaces that is the whole link: mail providers then find no address in
    ``List-Unsubscribe`` and offer no one-click unsubscribe. RFC 5322 allows 998 characters
    on a line, so the link goes as it is, whichever policy the mail backend asks for.
    """

    def message(self, *, policy: Policy | None = None) -> email.message.EmailMessage:
        policy = policy or email.policy.default
        return super().message(policy=policy.clone(max_line_length=998))


def reminder_message(followup: FollowUp) -> EmailMessage:
    user = followup.cry.user
    off_url = email_off_url(user)
    context = {
        "answer_url": settings.SITE_URL + followup.get_absolute_url(),
        "settings_url": settings.SITE_URL + reverse("reminder-settings"),
        "off_url": off_url,
        "body": wording.body(),
    }
    return ReminderEmail(
        subject=wording.title(user),
        body=render_to_string("followups/email/reminder.txt", context),
        from_email=sender_address(user),
        to=[user.email],
        headers={
            "Auto-Submitted": "auto-generated",
            # One-click unsubscribe (RFC 8058): the mail provider POSTs to the link itself.
            "List-Unsubscribe": f"<{off_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The site's own domain, not this machine's name (often "localhost").
            "Message-ID": make_msgid(domain=urlsplit(settings.SITE_URL).hostname or DNS_NAME),
        },
    )


def send(*, followup: FollowUp) -> DeliveryAttempt:
    """Send the reminder e-mail and say what happened, as an unsaved attempt."""
    attempt = DeliveryAttempt(channel=DeliveryAttempt.Channel.EMAIL, attempted_at=timezone.now())
    started = time.monotonic()
    try:
        reminder_message(followup).send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if all(500 <= code < 600 for code in codes):
            attempt.outcome = DeliveryAttempt.Outcome.FAILED
            attempt.error = f"the mail server refused the address: {error}"
        else:  # "try again later" (4xx), as greylisting and full mailboxes answer
            attempt.outcome = DeliveryAttempt.Outcome.RETRY
            attempt.error = f"the mail server deferred the address: {error}"
    except (smtplib.SMTPException, OSError) as error:
        attempt.outcome = DeliveryAttempt.Outcome.RETRY
        attempt.error = f"could not send e-mail: {type(error).__name__}: {error}"
    else:
        attempt.outcome = DeliveryAttempt.Outcome.SENT
    attempt.error = attempt.error[:ERROR_MAX_LENGTH]
    attempt.elapsed_ms = round((time.monotonic() - started) * 1000)
    return attempt
