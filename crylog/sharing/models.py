"""A share link: a read-only, expiring, revocable address of one person's summary."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from crylog.accounts.models import User


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, in hex. The token itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def for_user(self, user: User) -> ShareLinkQuerySet:
        return self.filter(user=user)

    def live(self, now: datetime) -> ShareLinkQuerySet:
        """Links that open at ``now``: a link expires at its ``expires_at`` exactly."""
        return self.filter(expires_at__gt=now)

    def expired(self, now: datetime) -> ShareLinkQuerySet:
        return self.filter(expires_at__lte=now)


class ShareLink(models.Model):
    """The person's summary of ``first`` to ``last`` (with the notes or not), readable by
    whoever holds the link's token until ``expires_at``. Revoking deletes it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    first = models.DateField()
    last = models.DateField()
    with_notes = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_opened_at = models.DateTimeField(null=True, blank=True)
    # The id of the form that made it: the same form sent twice makes one link.
    form_id = models.UUIDField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="sharelink_expires_after_made"
            ),
            models.CheckConstraint(condition=Q(last__gte=F("first")), name="sharelink_dates_order"),
            models.UniqueConstraint(fields=("user", "form_id"), name="sharelink_one_per_form"),
        )

    def __str__(self) -> str:
        return f"share link {self.pk} of {self.user_id}"
