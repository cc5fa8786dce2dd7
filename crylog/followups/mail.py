"""The reminder e-mail, for people who asked for one."""

from __future__ import annotations

import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from crylog.followups import wording
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp


def reminder_message(followup: FollowUp) -> EmailMessage:
    context = {
        "answer_url": settings.SITE_URL + followup.get_absolute_url(),
        "settings_url": settings.SITE_URL + reverse("reminder-settings"),
        "body": wording.BODY,
    }
    return EmailMessage(
        subject=wording.EMAIL_SUBJECT,
        body=render_to_string("followups/email/reminder.txt", context),
        to=[followup.cry.user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def send(*, followup: FollowUp) -> DeliveryAttempt:
    """Send the reminder e-mail and say what happened, as an unsaved attempt."""
    attempt = DeliveryAttempt(channel=DeliveryAttempt.Channel.EMAIL, attempted_at=timezone.now())
    started = time.monotonic()
    try:
        reminder_message(followup).send()
    except smtplib.SMTPRecipientsRefused as error:
        attempt.outcome = DeliveryAttempt.Outcome.FAILED
        attempt.error = f"the mail server refused the address: {error}"
    except (smtplib.SMTPException, OSError) as error:
        attempt.outcome = DeliveryAttempt.Outcome.RETRY
        attempt.error = f"could not send e-mail: {type(error).__name__}: {error}"
    else:
        attempt.outcome = DeliveryAttempt.Outcome.SENT
    attempt.error = attempt.error[:ERROR_MAX_LENGTH]
    attempt.elapsed_ms = round((time.monotonic() - started) * 1000)
    return attempt
