"""Making, opening and revoking share links."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction

from crylog.accounts.models import User
from crylog.sharing.models import ShareLink, token_digest

# secrets.token_urlsafe(32): 32 random bytes, 43 characters of the URL-safe alphabet.
TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def share_link_create(
    *,
    user: User,
    first: date,
    last: date,
    with_notes: bool,
    days: int,
    now: datetime,
    form_id: uuid.UUID | None = None,
) -> tuple[ShareLink, str | None]:
    """A new link and its token, which is not kept anywhere: the caller shows it once.

    The same form (``form_id``) sent again returns the link it made and no token.
    """
    if form_id is not None:
        made = ShareLink.objects.for_user(user).filter(form_id=form_id).first()
        if made is not None:
            return made, None
    # Links that have expired go when a new one is made: nothing opens them any more.
    ShareLink.objects.for_user(user).expired(now).delete()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    try:
        with transaction.atomic():
            link = ShareLink.objects.create(
                user=user,
                token_hash=token_digest(token),
                first=first,
                last=last,
                with_notes=with_notes,
                created_at=now,
                expires_at=now + timedelta(days=days),
                form_id=form_id,
            )
    except IntegrityError:  # the same form, sent twice at once: the other made it
        return ShareLink.objects.for_user(user).get(form_id=form_id), None
    return link, token


def share_link_open(token: str, *, now: datetime) -> ShareLink | None:
    """The live link ``token`` opens, noted as opened now; None for any other token.

    The token is found by its digest: a guess shows nothing about stored tokens, however close
    it comes, since SHA-256 spreads any change over the whole digest.
    """
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    link = (
        ShareLink.objects.live(now)
        .select_related("user")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if link is not None:
        ShareLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    return link


def share_link_revoke(*, user: User, pk: int) -> bool:
    """Delete the person's link ``pk`` at once; False when there is none (gone, or not theirs)."""
    deleted, _ = ShareLink.objects.for_user(user).filter(pk=pk).delete()
    return bool(deleted)
