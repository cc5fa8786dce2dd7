"""How long ago and how long until, in the form each direction's sentence needs."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from crylog.lib.durations import time_ago, time_from_now

NBSP = "\xa0"  # Django keeps a number and its unit together
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "gone", "ago"),
    [
        ("en", timedelta(minutes=59), "59 minutes"),
        ("en", timedelta(minutes=60), "1 hour"),
        ("en", timedelta(days=1), "1 day"),
        ("en", timedelta(days=2), "2 days"),
        # German: "vor 2 Tagen", never Django's "vor 2 Tage".
        ("de", timedelta(days=1), "1 Tag"),
        ("de", timedelta(days=2), "2 Tagen"),
        ("de", timedelta(weeks=3), "3 Wochen"),
        ("de", timedelta(days=400), "1 Jahr, 1 Monat"),
        ("es", timedelta(days=2), "2 días"),
        ("es", timedelta(minutes=1), "1 minuto"),
    ],
)
def test_how_long_ago(language: str, gone: timedelta, ago: str) -> None:
    with translation.override(language):
        assert time_ago(NOW - gone, NOW).replace(NBSP, " ") == ago


@pytest.mark.parametrize(
    ("language", "coming", "words"),
    [
        ("en", timedelta(minutes=89), "1 hour, 29 minutes"),
        ("en", timedelta(minutes=90), "1 hour, 30 minutes"),
        ("de", timedelta(days=2), "2 Tagen"),  # "in 2 Tagen"
        ("de", timedelta(hours=1), "1 Stunde"),
        ("es", timedelta(hours=2), "2 horas"),
    ],
)
def test_how_long_until(language: str, coming: timedelta, words: str) -> None:
    with translation.override(language):
        assert time_from_now(NOW + coming, NOW).replace(NBSP, " ") == words
