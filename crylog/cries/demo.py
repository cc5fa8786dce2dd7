"""Illustrative cries for trying crylog out: realistic in shape, never real, always marked.

The shape follows the research in docs/ (PRODUCT.md): mood before about 60, right after
about 45, 20 minutes after about 58, 90 minutes after about 65 (SD about 15), and at 90
minutes roughly 30% of cries better than before, 61% about the same and 9% worse by more
than 10 points (Bylsma et al. 2011). Comfort tilts a cry towards better, holding back and
shame towards worse (Bylsma et al. 2008). Most cries say how they felt (sadness and
helplessness most often, being moved and relief less: docs/data-model.md, "What the tears were
about"), and some have one of two own triggers the demo account names itself. Every cry made
here has ``is_demo=True``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from crylog.cries.models import (
    OWN_TRIGGERS_MAX,
    Company,
    CompanyKnown,
    Cry,
    Duration,
    Feeling,
    Moment,
    MoodRating,
    OwnTrigger,
    Trigger,
)

if TYPE_CHECKING:
    from crylog.accounts.models import User

BATCH = 2000
TRIGGER_WEIGHTS = {
    Trigger.CONFLICT: 14,
    Trigger.LOSS: 12,
    Trigger.FAILURE: 12,
    Trigger.LONELINESS: 10,
    Trigger.OVERLOAD: 16,
    Trigger.OTHERS_SUFFERING: 8,
    Trigger.MOVED: 8,
    Trigger.MEDIA: 14,
    Trigger.OTHER: 6,
}

FEELING_WEIGHTS = {
    Feeling.SAD: 30,
    Feeling.HELPLESS: 16,
    Feeling.ANGRY: 12,
    Feeling.OVERWHELMED: 16,
    Feeling.MOVED: 12,
    Feeling.HAPPY: 4,
    Feeling.RELIEVED: 10,
}
# The demo account's own triggers, and the share of cries that have each; named in the
# person's language, as they would have named them.
OWN_TRIGGERS = {gettext_noop("work deadline"): 0.15, gettext_noop("family video call"): 0.08}


def _clip(value: float) -> int:
    return max(0, min(100, round(value)))


@dataclass
class _Shape:
    """How one demo cry's mood moves, drawn before it is turned into rows."""

    before: int
    right_after: int
    after_20: int
    after_90: int


def _details(rng: random.Random) -> dict[str, object]:
    company = rng.choices([Company.ALONE, Company.ONE, Company.SEVERAL], [60, 30, 10])[0]
    with_others = company != Company.ALONE
    return {
        "planned": rng.random() < 0.1,
        "intensity": rng.choices(range(5), [10, 20, 30, 25, 15])[0],
        "duration": rng.choice(Duration.values),
        "company": company,
        "company_known": (
            rng.choices([CompanyKnown.KNOWN, CompanyKnown.STRANGER], [85, 15])[0]
            if with_others
            else ""
        ),
        "support": (rng.random() < 0.6) if with_others else None,
        "held_back": rng.random() < 0.3,
        "shame": rng.choices(range(5), [40, 25, 15, 12, 8])[0],
        "triggers": sorted(
            set(
                rng.choices(
                    list(TRIGGER_WEIGHTS), list(TRIGGER_WEIGHTS.values()), k=rng.choice([1, 1, 2])
                )
            )
        ),
    }


def _shape(rng: random.Random, details: dict[str, object]) -> _Shape:
    before = _clip(rng.gauss(60, 15))
    # Comfort tilts towards better; holding back and shame towards worse.
    tilt = (details["support"] is True) - (details["held_back"] is True)
    tilt -= int(details["shame"]) >= 2  # type: ignore[call-overload]
    better = max(0.1, 0.30 + 0.08 * tilt)
    worse = max(0.03, 0.09 - 0.03 * tilt)
    kind = rng.choices(["better", "same", "worse"], [better, 1 - better - worse, worse])[0]
    if kind == "better":
        change = rng.uniform(11, 35)
    elif kind == "worse":
        change = -rng.uniform(11, 30)
    else:
        change = rng.uniform(-8, 10)
    return _Shape(
        before=before,
        right_after=_clip(before + rng.gauss(-15, 8)),
        after_20=_clip(before + rng.gauss(-2, 8)),
        after_90=_clip(before + change),
    )


def _ratings(rng: random.Random, cry: Cry, shape: _Shape, *, now: datetime) -> list[MoodRating]:
    ended = cry.ended_at
    assert ended is not None
    ratings = [
        MoodRating(
            cry=cry,
            moment=Moment.RIGHT_AFTER,
            valence=shape.right_after,
            given_at=ended + timedelta(minutes=1),
        )
    ]
    # Most people add how they felt before; a planned cry rated it for real.
    if cry.planned or rng.random() < 0.85:
        ratings.append(
            MoodRating(
                cry=cry,
                moment=Moment.BEFORE,
                valence=shape.before,
                given_at=ended - timedelta(minutes=30)
                if cry.planned
                else ended + timedelta(minutes=2),
                is_recalled=not cry.planned,
            )
        )
    if rng.random() < 0.3 and ended + timedelta(minutes=25) < now:
        minutes = rng.uniform(19, 28)
        ratings.append(
            MoodRating(
                cry=cry,
                moment=Moment.AFTER_20,
                valence=shape.after_20,
                given_at=ended + timedelta(minutes=minutes),
                minutes_since_end=minutes,
                minutes_since_reminder=minutes - 20,
            )
        )
    answered = rng.random() < 0.8
    late = rng.random() < 0.1
    minutes = rng.uniform(160, 300) if late else rng.uniform(88, 120)
    if answered and ended + timedelta(minutes=minutes) < now:
        ratings.append(
            MoodRating(
                cry=cry,
                moment=Moment.AFTER_90,
                valence=shape.after_90,
                relief=rng.choices(range(5), [25, 25, 25, 15, 10])[0],
                given_at=ended + timedelta(minutes=minutes),
                minutes_since_end=minutes,
                minutes_since_reminder=minutes - 90,
                is_late=late,
            )
        )
    return ratings


def _ended_at(rng: random.Random, *, now: datetime, weeks: int) -> datetime:
    # Evenings more than mornings; never in the future.
    ago = timedelta(days=rng.uniform(0, 7 * weeks))
    day = now - ago
    hour = rng.choices(range(24), [1] * 7 + [2] * 10 + [5] * 7)[0]
    moment = day.replace(hour=hour, minute=rng.randrange(60))
    return min(moment, now - timedelta(minutes=5))


@transaction.atomic
def seed_demo(*, user: User, cries: int, weeks: int, now: datetime, seed: int | None = None) -> int:
    """Replace ``user``'s demo cries with ``cries`` new ones over the last ``weeks`` weeks.

    Real cries (``is_demo=False``) are left alone. Returns how many ratings were made.
    """
    rng = random.Random(seed)
    # Feelings and own triggers draw from a generator of their own, so that the moods (and
    # the tests of their shape) stay what they were before the demo had them.
    naming = random.Random(None if seed is None else seed + 1)
    Cry.objects.for_user(user).filter(is_demo=True).delete()
    own = _own_triggers(user)
    drafts = []
    for _ in range(cries):
        details = _details(rng)
        cry = Cry(user=user, ended_at=_ended_at(rng, now=now, weeks=weeks), is_demo=True, **details)
        chosen = naming.choices(
            list(FEELING_WEIGHTS), list(FEELING_WEIGHTS.values()), k=naming.choice([0, 1, 1, 2, 2])
        )
        cry.feelings = [str(feeling) for feeling in FEELING_WEIGHTS if feeling in chosen]
        drafts.append((cry, _shape(rng, details)))
    Cry.objects.bulk_create([cry for cry, _ in drafts], batch_size=BATCH)
    Through = Cry.own_triggers.through
    Through.objects.bulk_create(
        [
            Through(cry_id=cry.pk, owntrigger_id=trigger.pk)
            for cry, _ in drafts
            for trigger, share in own
            if naming.random() < share
        ],
        batch_size=BATCH,
    )
    ratings = [r for cry, shape in drafts for r in _ratings(rng, cry, shape, now=now)]
    MoodRating.objects.bulk_create(ratings, batch_size=BATCH)
    return len(ratings)


def _own_triggers(user: User) -> list[tuple[OwnTrigger, float]]:
    """The demo's own triggers with their shares: the person's own of that name if they have
    one (in any case), else a new one while they have room for it."""
    mine = {trigger.name.casefold(): trigger for trigger in OwnTrigger.objects.for_user(user)}
    found = []
    with translation.override(user.speaks):
        named = {gettext(name): share for name, share in OWN_TRIGGERS.items()}
    for name, share in named.items():
        trigger = mine.get(name.casefold())
        if trigger is None and len(mine) < OWN_TRIGGERS_MAX:
            trigger = mine[name.casefold()] = OwnTrigger.objects.create(user=user, name=name)
        if trigger is not None:
            found.append((trigger, share))
    return found
