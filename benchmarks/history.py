"""How fast history answers with its filters, for one person with 10,000 cries.

    .venv/bin/python -m benchmarks.history                # SQLite, a throwaway file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/crylog \\
        .venv/bin/python -m benchmarks.history            # PostgreSQL, a test database of its own
    .venv/bin/python -m benchmarks.history --write-docs   # also update docs/performance.md

It seeds 10,000 demo cries (seed_demo's shape over two years: ratings, triggers, company)
and adds what seed_demo leaves out: what the tears were about, notes (a fifth of them with
"Ärger" somewhere in them) and five own triggers, one on about every third cry. Then it times
GET /cries/ with each filter alone and all of them together, in-process with Django's test
client: the median of several runs after two warm-up runs, with how many cries matched and
how many queries the page made. Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import os
import random
from datetime import timedelta
from typing import Any

from benchmarks.dashboard import DOCS, _section, measured, settle, time_requests

CRIES = 10_000
WEEKS = 104
HEADING = "### History filters"
WORDS = [
    "rain",
    "work",
    "tired",
    "call",
    "mother",
    "film",
    "train",
    "sleep",
    "letter",
    "night",
    "song",
    "friend",
]


def seed(user: Any) -> dict[str, str]:
    """10,000 cries for ``user``; returns the values a filter can take (own trigger's id)."""
    from django.utils import timezone

    from crylog.cries.demo import seed_demo
    from crylog.cries.models import Cry, Feeling, OwnTrigger

    rng = random.Random(10_000)
    seed_demo(user=user, cries=CRIES, weeks=WEEKS, now=timezone.now(), seed=CRIES)
    owns = [
        OwnTrigger.objects.create(user=user, name=name)
        for name in ("Work", "Family", "Exams", "Neighbours", "Moving house")
    ]
    cries = list(Cry.objects.for_user(user))
    links = []
    for cry in cries:
        cry.feelings = rng.sample(Feeling.values, rng.choice([0, 1, 1, 2]))
        words = rng.sample(WORDS, rng.randint(0, 8))
        if rng.random() < 0.2:
            words.insert(rng.randint(0, len(words)), rng.choice(["Ärger", "ärger", "ÄRGER"]))
        cry.note = " ".join(words)
        if rng.random() < 0.35:
            links.append(Cry.own_triggers.through(cry_id=cry.pk, owntrigger_id=rng.choice(owns).pk))
    Cry.objects.bulk_update(cries, ["feelings", "note"], batch_size=500)
    Cry.own_triggers.through.objects.bulk_create(links, batch_size=500)
    return {"own": f"own-{owns[0].pk}"}


def cases(own: str) -> dict[str, dict[str, str]]:
    from django.utils import timezone

    today = timezone.localdate()
    last_90_days = {"from": str(today - timedelta(days=89)), "to": str(today)}
    return {
        "no filter": {},
        "period: the last 90 days": last_90_days,
        "trigger: crylog's (conflict)": {"trigger": "conflict"},
        "trigger: one's own": {"trigger": own},
        "what it was about (sad)": {"feeling": "sad"},
        "company (alone)": {"company": "alone"},
        "90-minute check-in answered": {"checkin": "answered"},
        "90-minute check-in not answered": {"checkin": "unanswered"},
        "notes contain “ärger”": {"q": "ärger"},
        "all together": {
            "from": str(today - timedelta(days=365)),
            "to": str(today),
            "trigger": "conflict",
            "feeling": "sad",
            "company": "alone",
            "checkin": "answered",
            "q": "ärger",
        },
        "the last page, no filter": {"page": str(CRIES // 20)},
    }


def measure(runs: int) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from crylog.accounts.models import User
    from crylog.cries.history import HistoryFilterForm
    from crylog.cries.models import Cry

    user = User.objects.create_user(
        email="history@example.com", password="bench", timezone="Europe/Berlin"
    )
    values = seed(user)
    settle()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    lines = [
        f"| filter ({CRIES:,} cries) | cries matched | server time, median | queries |",
        "|---|---:|---:|---:|",
    ]
    for name, params in cases(values["own"]).items():
        form = HistoryFilterForm(params, user=user)
        assert form.is_valid(), form.errors
        matched = form.filter(Cry.objects.for_user(user)).count()
        query = "&".join(f"{key}={value}" for key, value in params.items())
        url = f"/cries/?{query}"
        median = time_requests(client, url, runs)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        lines.append(f"| {name} | {matched:,} | {median:.0f} ms | {len(queries)} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
    ]
    return "\n".join(lines)


def write_docs(table: str, engine: str) -> None:
    """Rewrite this engine's table under "### History filters" in docs/performance.md."""
    text = DOCS.read_text()
    section = _section(text, HEADING, 3)
    assert section, f"docs/performance.md has no {HEADING!r}"
    body = section.group(0)
    part = f"#### On {engine}\n\n{table}\n"
    existing = _section(body, f"#### On {engine}", 4)
    if existing:
        body = body[: existing.start()] + part + "\n" + body[existing.end() :].lstrip("\n")
    else:
        body = body.rstrip("\n") + "\n\n" + part + "\n"
    DOCS.write_text(text[: section.start()] + body + text[section.end() :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per filter (default 9)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    table, engine = measured(lambda: measure(args.runs))
    if args.write_docs:
        write_docs(table, engine)
    print(table)


if __name__ == "__main__":
    main()
