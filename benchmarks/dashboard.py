"""How fast the trends dashboard answers, and how many bytes a phone downloads for it.

    .venv/bin/python -m benchmarks.dashboard                # print the results
    .venv/bin/python -m benchmarks.dashboard --write-docs   # also update docs/performance.md

It seeds 100, 1,000 and 10,000 demo cries (seed_demo's shape, over two years) into a
throwaway SQLite database, or into DATABASE_URL's PostgreSQL database when that is set, and
times GET /trends/?range=all (every cry counted: the worst case) in-process with Django's test
client: the median of several runs after two warm-up runs. Bytes: the HTML, the figure
JSON inside it, and every script and stylesheet the page loads, each brotli-compressed as
whitenoise compresses static files (brotli.compress, default quality). Nothing leaves
this machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 10_000)
WEEKS = 104
DOCS = ROOT / "docs" / "performance.md"
HEADING = "## Dashboard"


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crylog.settings")
    os.environ["DEBUG"] = "1"  # local hosts and static finders; query logging is turned off below
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log, as in production
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def settle() -> None:
    """Bring the database to the state it has in steady use rather than just after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The seeding went to the write-ahead log; SQLite checkpoints it in normal use.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("ANALYZE")


def time_requests(client: object, url: str, runs: int) -> float:
    for _ in range(2):
        client.get(url)  # type: ignore[attr-defined]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(samples) * 1000


def time_parts(user: object, runs: int) -> tuple[float, float]:
    """Median milliseconds of the query alone and of statistics + figures alone."""
    from django.utils import timezone

    from crylog.insights import dashboard, queries
    from crylog.insights.stats import followup_window

    query, build = [], []
    for _ in range(runs):
        start = time.perf_counter()
        rows = queries.cry_rows(user, since=None)  # type: ignore[arg-type]
        middle = time.perf_counter()
        dashboard.build(
            rows,
            period=dashboard.PERIODS["all"],
            now=timezone.now(),
            zone=user.zone,  # type: ignore[attr-defined]
            followup_window=followup_window(90),
            first_weekday=0,  # Monday
        )
        query.append(middle - start)
        build.append(time.perf_counter() - middle)
    return statistics.median(query) * 1000, statistics.median(build) * 1000


def brotli_size(data: bytes) -> int:
    import brotli

    return len(brotli.compress(data))


def assets(html: str) -> dict[str, bytes]:
    """Every script and stylesheet the page loads, plotly.js included: static files read from
    disk, anything else (the scripts' word catalogue, /jsi18n/...) asked of Django."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client

    urls = re.findall(r'<script[^>]+src="([^"]+)"', html)
    urls += re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    urls += re.findall(r'data-plotly-src="([^"]+)"', html)
    static_url = "/" + settings.STATIC_URL.strip("/") + "/"
    found = {}
    for url in urls:
        if not url.startswith(static_url):
            response = Client().get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            found[url] = response.content
            continue
        name = url.removeprefix(static_url)
        path = finders.find(name)
        assert path, f"not a static file: {url}"
        found[name] = Path(path).read_bytes()
    return found


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def measure(runs: int) -> str:
    from django.test import Client
    from django.utils import timezone

    from crylog.accounts.models import User
    from crylog.cries.demo import seed_demo

    lines = [
        "| cries | server time, median | of which the query | of which statistics and figures | HTML (brotli) | figure JSON (brotli) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    html = ""
    medians: dict[int, float] = {}
    for size in SIZES:
        user = User.objects.create_user(email=f"bench{size}@example.com", password="bench")
        seed_demo(user=user, cries=size, weeks=WEEKS, now=timezone.now(), seed=size)
        settle()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        total = medians[size] = time_requests(client, "/trends/?range=all", runs)
        query, build = time_parts(user, runs)
        html = client.get("/trends/?range=all").content.decode()
        figures = "".join(
            re.findall(r'<script id="[^"]+" type="application/json">(.*?)</script>', html)
        )
        lines.append(
            f"| {size:,} | {total:.0f} ms | {query:.0f} ms | {build:.0f} ms "
            f"| {kb(len(html.encode()))} ({kb(brotli_size(html.encode()))}) "
            f"| {kb(len(figures.encode()))} ({kb(brotli_size(figures.encode()))}) |"
        )
        print(lines[-1], flush=True)

    growth = medians[SIZES[-1]] / medians[SIZES[-2]]
    lines += [
        "",
        f"From {SIZES[-2]:,} to {SIZES[-1]:,} cries (10 times as many) the server time grew "
        f"{growth:.1f} times. The page's fixed part (session, template, four figures of bounded "
        "size) does not grow; the query and one pass of the statistics over every cry do. "
        f"Load average while measuring: {os.getloadavg()[0]:.1f} on 2 cores (other work shared "
        "the machine, so single runs wander; the medians are steadier).",
    ]

    files = assets(html)
    lines += [
        "",
        "What a phone downloads for the page with 10,000 cries (static files as whitenoise serves them):",
        "",
        "| file | size | brotli |",
        "|---|---:|---:|",
    ]
    page = html.encode()
    total_raw, total_br = len(page), brotli_size(page)
    lines.append(f"| the HTML, figure JSON inside | {kb(total_raw)} | {kb(total_br)} |")
    for name, data in files.items():
        size = brotli_size(data)
        total_raw += len(data)
        total_br += size
        lines.append(f"| {name} | {kb(len(data))} | {kb(size)} |")
    lines.append(f"| **everything** | **{kb(total_raw)}** | **{kb(total_br)}** |")
    lines += [
        "",
        "whitenoise serves the static files brotli-compressed; Django sends the HTML as it is "
        "unless a proxy in front of it compresses responses, and then the page costs "
        f"{kb(total_br - brotli_size(page) + len(page))} in all.",
    ]
    return "\n".join(lines)


INTRO = (
    "Measured with `python -m benchmarks.dashboard --write-docs` (once per database: it rewrites only "
    "its own part below) on this project's usual machine, 2 cores, in-process with Django's "
    "test client, so network time is not included. Targets: at most 100 ms at 1,000 cries, "
    "less than linear growth to 10,000, at most 450 KB transferred for the whole page.\n"
)


def _section(text: str, heading: str, level: int) -> re.Match[str] | None:
    """The span of a heading and its body, up to the next heading of the same or a higher level."""
    hashes = "#" * level
    pattern = rf"^{re.escape(heading)}\n.*?(?=^#{{1,{level}}} |\Z)"
    assert heading.startswith(hashes + " ")
    return re.search(pattern, text, re.MULTILINE | re.DOTALL)


def write_docs(table: str, engine: str) -> None:
    """Rewrite this engine's part of the "## Dashboard" section of docs/performance.md only."""
    text = DOCS.read_text() if DOCS.exists() else "# Performance\n"
    if not _section(text, HEADING, 2):
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{INTRO}"
    dashboard = _section(text, HEADING, 2)
    assert dashboard
    body = dashboard.group(0)
    sub_heading = f"### On {engine}"
    part = f"{sub_heading}\n\n{table}\n"
    existing = _section(body, sub_heading, 3)
    if existing:
        body = body[: existing.start()] + part + "\n" + body[existing.end() :].lstrip("\n")
    else:
        body = body.rstrip("\n") + "\n\n" + part + "\n"
    text = text[: dashboard.start()] + body + text[dashboard.end() :]
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text.rstrip("\n") + "\n")


def measured(measure: Callable[[], str]) -> tuple[str, str]:
    """``measure()``'s table and the database's name: in a throwaway SQLite file, or in a test
    database of its own on DATABASE_URL's PostgreSQL, so a real one is never touched."""
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        if engine == "PostgreSQL":
            from django.test.utils import setup_databases, teardown_databases

            names = setup_databases(verbosity=0, interactive=False)
            try:
                return measure(), engine
            finally:
                teardown_databases(names, verbosity=0)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return measure(), engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per size (default 9)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    table, engine = measured(lambda: measure(args.runs))
    if args.write_docs:
        write_docs(table, engine)
    print(table)


if __name__ == "__main__":
    main()
