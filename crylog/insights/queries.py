"""From the database to plain rows: the only place insights reads cries, and it only reads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q

from crylog.cries.models import Cry, Moment
from crylog.insights.stats import CryRow

if TYPE_CHECKING:
    from crylog.accounts.models import User

MOMENT_FIELDS = {
    Moment.BEFORE: "before",
    Moment.RIGHT_AFTER: "right_after",
    Moment.AFTER_20: "after_20",
    Moment.AFTER_90: "after_90",
}
DETAIL_FIELDS = (
    "company",
    "support",
    "held_back",
    "shame",
    "intensity",
    "triggers",
    "is_demo",
)


def cry_rows(user: User, *, since: datetime | None) -> list[CryRow]:
    """A person's ended cries, newest first, each with its ratings: one query however many."""
    cries = Cry.objects.for_user(user).ended()
    if since is not None:
        cries = cries.filter(ended_at__gte=since)
    ratings = {
        field: Max("ratings__valence", filter=Q(ratings__moment=moment))
        for moment, field in MOMENT_FIELDS.items()
    }
    # Count, not Max: PostgreSQL has no max() over booleans.
    late = Count("ratings", filter=Q(ratings__moment=Moment.AFTER_90, ratings__is_late=True))
    values = (
        cries.annotate(**ratings, after_90_late=late)
        .order_by("-ended_at", "-pk")
        .values("ended_at", *MOMENT_FIELDS.values(), "after_90_late", *DETAIL_FIELDS)
    )
    return [
        CryRow(
            **{
                **value,
                "after_90_late": value["after_90_late"] > 0,
                "triggers": tuple(value["triggers"] or ()),
            }
        )
        for value in values
    ]


def has_cries(user: User) -> bool:
    return Cry.objects.for_user(user).ended().exists()
