"""A history with every kind of value an export has to carry, for export and import tests."""

from datetime import UTC, datetime, timedelta

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating, OwnTrigger

FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = '<script>alert("hi")</script>\nsecond line, with a comma and "quotes"'
ENDED = datetime(2026, 3, 1, 20, 15, 30, 123456, tzinfo=UTC)
# Own triggers whose names a CSV cell must carry: a formula start, the separator, a backslash.
OWN_FORMULA = "=Boss"
OWN_ODD = "Work; shifts \\ nights"

# One cry as the JSON export writes it, with nothing but its end time; as a file from before
# own triggers and feelings, it has no keys for them.
CRY = {
    "id": 1,
    "ended_at": "2026-05-01T08:00:00+00:00",
    "planned": False,
    "intensity": None,
    "duration": None,
    "company": None,
    "company_known": None,
    "support": None,
    "held_back": None,
    "shame": None,
    "triggers": [],
    "resolved": None,
    "new_understanding": None,
    "note": "",
    "is_demo": False,
    "ratings": [],
}


def rate(cry: Cry, moment: str, valence: int, after: timedelta, **fields: object) -> MoodRating:
    base = cry.ended_at or datetime(2026, 3, 3, 18, 0, tzinfo=UTC)
    return MoodRating.objects.create(
        cry=cry, moment=moment, valence=valence, given_at=base + after, **fields
    )


def full_history(user: User) -> list[Cry]:
    """Four cries: a detailed one, a demo one with odd text, a planned one not over, a bare one."""
    detailed = Cry.objects.create(
        user=user,
        ended_at=ENDED,
        intensity=3,
        duration="5-15",
        company="one",
        company_known="known",
        support=True,
        held_back=False,
        shame=1,
        triggers=["loss", "media"],
        resolved="partly",
        new_understanding=True,
        note=FORMULA,
    )
    detailed.feelings = ["sad", "helpless"]
    detailed.save()
    boss = OwnTrigger.objects.create(user=user, name=OWN_FORMULA)
    odd_name = OwnTrigger.objects.create(user=user, name=OWN_ODD)
    detailed.own_triggers.add(boss, odd_name)
    rate(detailed, Moment.BEFORE, 60, timedelta(minutes=2), is_recalled=True)
    rate(detailed, Moment.RIGHT_AFTER, 45, timedelta(seconds=20), arousal=70)
    rate(
        detailed,
        Moment.AFTER_90,
        65,
        timedelta(minutes=93, seconds=15),
        relief=3,
        minutes_since_end=93.25,
        minutes_since_reminder=3.5,
        corrected_at=ENDED + timedelta(days=1, hours=2),
    )
    odd = Cry.objects.create(
        user=user,
        ended_at=ENDED + timedelta(days=2),
        company="alone",
        note=SCRIPT,
        is_demo=True,
        triggers=["others_suffering"],
    )
    odd.own_triggers.add(odd_name)
    rate(odd, Moment.RIGHT_AFTER, 8, timedelta(minutes=1))
    rate(
        odd,
        Moment.AFTER_20,
        50,
        timedelta(minutes=160),
        minutes_since_end=160.0,
        minutes_since_reminder=140.0,
        is_late=True,
    )
    planned = Cry.objects.create(user=user, planned=True, note="'quoted already; Tränen 😢")
    rate(planned, Moment.BEFORE, 55, timedelta(0))
    bare = Cry.objects.create(user=user, ended_at=ENDED - timedelta(days=5), note="-5 felt odd")
    return [detailed, odd, planned, bare]
