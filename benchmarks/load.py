"""Load on a production-like crylog: gunicorn on 127.0.0.1, DEBUG off, the worker running.

Logged-in people log cries, answer follow-ups and open their pages at rising concurrency;
in the same run a bare view returning "ok" is loaded the same way, so the ratio of the two
is honest on a noisy machine. Reports requests per second, p50/p99 latency and errors per
kind, and counts "database is locked" in the server's log.

    .venv/bin/python -m benchmarks.load --db sqlite --users 1,5,10,20 --seconds 15
    .venv/bin/python -m benchmarks.load --db postgres

Talks only to 127.0.0.1. Every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tests.followups.push_service import PushService
from tests.servers import (
    LOCAL,
    ROOT,
    csrf_token,
    gunicorn,
    logged_in,
    manage,
    production_env,
)

PASSWORD = "a long load-test passphrase"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
PG_ADMIN = f"postgresql://postgres@{LOCAL}:5432"


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Person:
    """One logged-in person, with a CSRF token and their own cries."""

    def __init__(self, base_url: str, email: str) -> None:
        self.base_url = base_url
        self.session = logged_in(base_url, email, PASSWORD)
        self.token = csrf_token(self.session, f"{base_url}/cries/new/")
        self.cry_ids: list[int] = []

    def post(self, path: str, data: dict[str, str]) -> tuple[bool, str]:
        response = self.session.post(
            self.base_url + path,
            data={**data, "csrfmiddlewaretoken": self.token},
            headers={"Referer": self.base_url + path, "HX-Request": "true"},
            allow_redirects=False,
            timeout=30,
        )
        return response.status_code in (200, 302), response.text

    def get(self, path: str) -> bool:
        return self.session.get(self.base_url + path, timeout=30).status_code == 200

    # The scenario's actions; each returns whether it worked.
    def log_cry(self) -> bool:
        # Half the cries ended 91 minutes ago, so their follow-ups come due at once and the
        # worker delivers them while the load runs.
        data = {"valence": str(random.randint(0, 100))}
        if random.random() < 0.5:
            ended = datetime.now(BERLIN) - timedelta(minutes=91)
            data["ended_at"] = ended.strftime("%Y-%m-%dT%H:%M")
        ok, page = self.post("/cries/create/", data)
        if match := re.search(r'action="/cries/(\d+)/before/"', page):
            self.cry_ids.append(int(match.group(1)))
        return ok and "Saved." in page

    def rate_before(self) -> bool:
        if not self.cry_ids:
            return self.log_cry()
        ok, _ = self.post(
            f"/cries/{self.cry_ids.pop()}/before/", {"valence": str(random.randint(0, 100))}
        )
        return ok

    def open_home(self) -> bool:
        return self.get("/")

    def answer_followup(self) -> bool:
        home = self.session.get(self.base_url + "/", timeout=30)
        due = re.findall(r'href="/followups/(\d+)/"', home.text)
        if not due:
            return home.status_code == 200
        ok, page = self.post(f"/followups/{due[0]}/", {"valence": str(random.randint(0, 100))})
        return ok and "Saved" in page

    def open_dashboard(self) -> bool:
        return self.get("/trends/")

    def open_history(self) -> bool:
        return self.get("/cries/")

    def bare(self) -> bool:
        return self.get("/healthz/")


MIX: list[tuple[str, float]] = [
    ("log_cry", 0.4),
    ("rate_before", 0.15),
    ("answer_followup", 0.15),
    ("open_home", 0.1),
    ("open_dashboard", 0.1),
    ("open_history", 0.1),
]


def run_level(
    people: list[Person], seconds: float, pick: Callable[[], str]
) -> tuple[Results, float]:
    results = Results()
    stop_at = time.monotonic() + seconds

    def loop(person: Person) -> None:
        while time.monotonic() < stop_at:
            kind = pick()
            started = time.perf_counter()
            try:
                ok = getattr(person, kind)()
            except Exception:  # a timeout or a dropped connection is an error, not a crash
                ok = False
            results.record(kind, time.perf_counter() - started, ok)

    threads = [threading.Thread(target=loop, args=(person,)) for person in people]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def pick_from_mix() -> str:
    return random.choices([kind for kind, _ in MIX], weights=[w for _, w in MIX])[0]


def rows(level: int, label: str, results: Results, seconds: float) -> list[str]:
    out = []
    kinds = sorted(results.latencies)
    for kind in kinds + (["all"] if len(kinds) > 1 else []):
        if kind == "all":
            values = [v for vs in results.latencies.values() for v in vs]
            errors = sum(results.errors.values())
        else:
            values, errors = results.latencies[kind], results.errors[kind]
        out.append(
            f"| {level} | {label}: {kind} | {len(values) / seconds:.1f} | "
            f"{percentile(values, 0.5) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} | {errors} |"
        )
    return out


def throughput(results: Results, seconds: float) -> float:
    return sum(len(v) for v in results.latencies.values()) / seconds


# Each person here logs a cry every few seconds, far past the limit on new cries (30 an hour):
# lifted, so that every check-in is a real save.
UNLIMITED = {"CRIES_PER_HOUR": "1000000", "CRIES_PER_DAY": "1000000", "PUSH_SERVICE_HOSTS": LOCAL}


def database_env(db: str, folder: Path) -> dict[str, str]:
    if db == "sqlite":
        return production_env(SQLITE_PATH=str(folder / "load.sqlite3"), **UNLIMITED)
    name = f"crylog_load_{int(time.time())}"
    subprocess.run(["psql", PG_ADMIN + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return production_env(DATABASE_URL=f"{PG_ADMIN}/{name}", **UNLIMITED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", default="1,5,10,20", help="comma-separated concurrency levels")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    levels = [int(n) for n in args.users.split(",")]

    folder = Path(tempfile.mkdtemp(prefix="crylog-load-"))
    env = database_env(args.db, folder)
    manage(env, "migrate", "--no-input", "-v0")
    emails = [f"load{n}@example.com" for n in range(max(levels))]
    push = PushService(vapid_public_key=env["VAPID_PUBLIC_KEY"], subject=env["VAPID_SUBJECT"])
    phones = [push.device(f"phone{n}") for n in range(len(emails))]
    manage(
        env, "shell", "-c",
        "from crylog.accounts.models import User\n"
        "from crylog.followups.models import PushSubscription\n"
        f"for e, (endpoint, key, auth) in zip({emails!r}, {[(p.endpoint, p.p256dh, p.auth) for p in phones]!r}):\n"
        # No quiet hours: the reminders go out whatever the hour the load runs at.
        f"    user = User.objects.create_user(e, {PASSWORD!r}, timezone='Europe/Berlin', "
        "quiet_start=None, quiet_end=None)\n"
        "    PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=key, auth=auth)",
    )  # fmt: skip

    server_log = folder / "server.log"
    with push, server_log.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            with gunicorn(env, workers=args.workers, threads=args.threads, log=log) as base_url:
                people = [Person(base_url, email) for email in emails]
                print(
                    f"# load on {args.db}: gunicorn {args.workers}×{args.threads}, {args.seconds:.0f} s a level"
                )
                print("| users | phase: request | req/s | p50 ms | p99 ms | errors |")
                print("|---|---|---|---|---|---|")
                ratios = []
                for level in levels:
                    crowd = people[:level]
                    mixed, mixed_seconds = run_level(crowd, args.seconds, pick_from_mix)
                    logging, logging_seconds = run_level(crowd, args.seconds, lambda: "log_cry")
                    bare, bare_seconds = run_level(crowd, args.seconds, lambda: "bare")
                    print("\n".join(rows(level, "mixed", mixed, mixed_seconds)))
                    print("\n".join(rows(level, "logging only", logging, logging_seconds)))
                    print("\n".join(rows(level, "bare view", bare, bare_seconds)), flush=True)
                    ratio = throughput(logging, logging_seconds) / throughput(bare, bare_seconds)
                    ratios.append(f"{level} users: {ratio:.2f}")
                print("\ncry logging ÷ bare view throughput: " + ", ".join(ratios))
        finally:
            worker.terminate()
            worker.wait(timeout=20)
    locked = server_log.read_text().count("database is locked")
    print(f"\n'database is locked' in the server and worker logs: {locked}")
    print(
        f"follow-ups delivered to the push service during the run: {len(push.delivered())}, "
        f"refused by it: {len(push.rejections)}"
    )


if __name__ == "__main__":
    main()
