"""How fast follow-ups reach phones: a burst, and a steady load. Results: docs/performance.md.

Every part is the real one: follow-ups made by crylog.cries.services.cry_create, tasks in
django-tasks-db, `manage.py db_worker` processes, pywebpush with VAPID and aes128gcm, and a
push service on 127.0.0.1 that verifies each VAPID token and decrypts each message (the one
the tests use). Settings are production's (DEBUG off) but for the push service's address.

    .venv/bin/python -m benchmarks.followups burst --db sqlite --workers 1
    .venv/bin/python -m benchmarks.followups steady --db postgres --workers 2
    .venv/bin/python -m benchmarks.followups all          # every run in docs/performance.md

burst:  N follow-ups (default 10,000) all due when the workers start; total time until the
        last is delivered, sends per second, duplicates (must be 0).
steady: 10 follow-ups come due every second for 60 s; lateness after the due time, p50/p99.
recovery: a worker killed with SIGKILL halfway through a burst of 2,000; a new worker and
        the sweep (30 s lease) must deliver the rest, each once.

PostgreSQL: a throwaway database `crylog_bench` on BENCH_PG_URL (default
postgresql://postgres@127.0.0.1:5432). SQLite: a file in a temporary folder, in WAL mode.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from crylog.followups.vapid import new_key_pair
from tests.followups.push_service import PushService

ROOT = Path(__file__).resolve().parent.parent

PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
PG_NAME = "crylog_bench"
SUBJECT = "mailto:benchmark@crylog.example"
PEOPLE = 1000  # each with one device; follow-ups are spread over them
WORKER_INTERVAL = "1"  # db_worker's default: how long an idle worker sleeps between polls


def environment(db: str, workdir: Path) -> dict[str, str]:
    public, private = new_key_pair()
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "VAPID_PUBLIC_KEY": public,
        "VAPID_PRIVATE_KEY": private,
        "VAPID_SUBJECT": SUBJECT,
        "PUSH_SERVICE_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "crylog.settings",
        # Delivery settings to try, such as FOLLOWUP_SEND_THREADS=2, pass on to the workers.
        **{name: value for name, value in os.environ.items() if name.startswith("FOLLOWUP_")},
    }
    if db == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{PG_NAME}"
        env.pop("SQLITE_PATH", None)
    else:
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def fresh_database(db: str, env: dict[str, str], *, async_commit: bool = False) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {PG_NAME}")
            if async_commit:  # a diagnosis: what waiting for each commit's WAL flush costs
                connection.execute(f"ALTER DATABASE {PG_NAME} SET synchronous_commit = off")
    manage("migrate", "--no-input", env=env)
    manage("collectstatic", "--no-input", env=env)  # DEBUG off: static() needs the manifest


def make_people(service: PushService) -> list[Any]:
    from crylog.accounts.models import User
    from crylog.followups.models import PushSubscription

    # No quiet hours: the burst is delivered whatever the hour the benchmark runs at.
    people = User.objects.bulk_create(
        User(
            email=f"person{i}@bench.example",
            password="!",
            timezone="Europe/Berlin",
            quiet_start=None,
            quiet_end=None,
        )
        for i in range(PEOPLE)
    )
    devices = [service.device(f"device-{i}") for i in range(PEOPLE)]
    PushSubscription.objects.bulk_create(
        PushSubscription(user=person, endpoint=d.endpoint, p256dh=d.p256dh, auth=d.auth)
        for person, d in zip(people, devices, strict=True)
    )
    return people


def log_cries(people: list[Any], due_times: list[Any]) -> dict[int, float]:
    """One cry per due time, through the real service; returns follow-up id -> due (epoch)."""
    from django.db import transaction

    from crylog.cries.services import cry_create

    due_by_id = {}
    delay = timedelta(minutes=90)
    for start in range(0, len(due_times), 500):
        with transaction.atomic():
            for number, due in enumerate(due_times[start : start + 500], start):
                person = people[number % len(people)]
                cry = cry_create(user=person, valence=40, ended_at=due - delay)
                due_by_id[cry.followups.get().pk] = due.timestamp()
    return due_by_id


def analyze() -> None:
    """Give the planner the statistics autovacuum keeps on a live database.

    A database made a moment ago has none, and PostgreSQL then picks up each task by sorting
    every waiting task (a plan for the one row it guesses there are): 10 ms a task at 4,000.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def start_workers(count: int, env: dict[str, str], workdir: Path) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                WORKER_INTERVAL,
                "--worker-id",
                f"bench-{number}",
            ],
            cwd=ROOT,
            env=env,
            stdout=(workdir / f"worker-{number}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for number in range(count)
    ]


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=30)


def wait_for(service: PushService, count: int, *, limit: float) -> None:
    deadline = time.monotonic() + limit
    while len(service.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def duplicates(service: PushService) -> dict[str, int]:
    """Follow-ups that reached a phone twice: seen by the push service, and in the database."""
    from django.db.models import Count

    from crylog.followups.models import DeliveryAttempt

    topics = Counter(m.headers["topic"] for m in service.delivered())
    recorded = (
        DeliveryAttempt.objects.filter(outcome="sent")
        .values("followup")
        .annotate(sends=Count("id"))
        .filter(sends__gt=1)
        .count()
    )
    return {"at_push_service": sum(n - 1 for n in topics.values()), "in_database": recorded}


def burst(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    from django.utils import timezone

    with PushService(vapid_public_key=env["VAPID_PUBLIC_KEY"], subject=SUBJECT) as service:
        people = make_people(service)
        made = time.monotonic()
        log_cries(people, [timezone.now()] * args.count)
        analyze()
        setup = time.monotonic() - made
        started = time.monotonic()
        workers = start_workers(args.workers, env, workdir)
        wait_for(service, args.count, limit=args.limit)
        total = time.monotonic() - started
        stop(workers)
        delivered = service.delivered()
        arrivals = sorted(m.received_at for m in delivered)
        return {
            "delivered": len(delivered),
            "total_s": round(total, 2),
            "sends_per_s": round(len(delivered) / total, 1),
            "first_to_last_s": round(arrivals[-1] - arrivals[0], 2) if arrivals else None,
            "duplicates": duplicates(service),
            "rejected_by_push_service": len(service.rejections),
            "setup_s": round(setup, 1),
        }


def steady(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    from django.utils import timezone

    per_second, seconds = 10, 60
    with PushService(vapid_public_key=env["VAPID_PUBLIC_KEY"], subject=SUBJECT) as service:
        people = make_people(service)
        workers = start_workers(args.workers, env, workdir)
        begin = timezone.now() + timedelta(seconds=20)  # the workers are up by then
        due_times = [begin + timedelta(seconds=n / per_second) for n in range(per_second * seconds)]
        due_by_id = log_cries(people, due_times)
        wait_for(service, len(due_times), limit=seconds + 60)
        stop(workers)
        lateness = sorted(
            m.received_at - due_by_id[int(m.payload["url"].strip("/").rsplit("/", 1)[1])]
            for m in service.delivered()
        )
        quantiles = statistics.quantiles(lateness, n=100)
        return {
            "delivered": len(lateness),
            "due": len(due_times),
            "lateness_p50_s": round(quantiles[49], 3),
            "lateness_p99_s": round(quantiles[98], 3),
            "lateness_max_s": round(lateness[-1], 3),
            "early": sum(1 for late in lateness if late < 0),
            "duplicates": duplicates(service),
        }


def recovery(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """Kill a worker (SIGKILL) in the middle of a burst, then let the sweep recover."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from crylog.followups.models import FollowUp

    count = min(args.count, 2000)
    with PushService(vapid_public_key=env["VAPID_PUBLIC_KEY"], subject=SUBJECT) as service:
        people = make_people(service)
        log_cries(people, [timezone.now()] * count)
        [worker] = start_workers(1, env, workdir)
        wait_for(service, count // 2, limit=args.limit)
        worker.kill()
        worker.wait()
        killed_at = time.monotonic()
        left_running = DBTaskResult.objects.filter(status="RUNNING").count()
        # A new worker delivers the rest, except what the dead one held: its task stays RUNNING.
        [worker] = start_workers(1, env, workdir)
        sweeper = subprocess.Popen(
            [sys.executable, "manage.py", "followups_sweep", "--interval", "2"],
            cwd=ROOT,
            env=env,
            stdout=(workdir / "sweep.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        # Done when every follow-up is recorded as sent: the push service may have accepted
        # the message the dead worker was sending without the worker living to record it.
        deadline = time.monotonic() + args.limit
        while FollowUp.objects.exclude(state="sent").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        recovered_after = time.monotonic() - killed_at
        stop([worker, sweeper])
        return {
            "follow_ups": count,
            "delivered": len(service.delivered()),
            "tasks_left_running_by_the_killed_worker": left_running,
            "all_delivered_after_kill_s": round(recovered_after, 1),
            "unsent": FollowUp.objects.exclude(state="sent").count(),
            "duplicates": duplicates(service),
            "lease_s": int(env["FOLLOWUP_CLAIM_LEASE_SECONDS"]),
        }


SCENARIOS = {"burst": burst, "steady": steady, "recovery": recovery}


def run_one(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="crylog-bench-") as folder:
        workdir = Path(folder)
        env = environment(args.db, workdir)
        os.environ.update(env)
        fresh_database(args.db, env, async_commit=args.async_commit)
        import django

        django.setup()
        if args.scenario == "recovery":  # short lease and no grace, to see it within a minute
            env |= {"FOLLOWUP_CLAIM_LEASE_SECONDS": "30", "FOLLOWUP_SWEEP_GRACE_SECONDS": "0"}
            os.environ.update(env)
        result = SCENARIOS[args.scenario](args, env, workdir)
        from django.db import connections

        connections.close_all()
    run = {"scenario": args.scenario, "db": args.db, "workers": args.workers}
    if args.async_commit:
        run["synchronous_commit"] = "off"
    print(json.dumps({**run, **result}))


def run_all(count: int) -> None:
    """Each run in its own process: Django is set up once per process, for one database."""
    for scenario in ["burst", "steady"]:
        for db in ["sqlite", "postgres"]:
            for workers in [1, 2]:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "benchmarks.followups",
                        scenario,
                        "--db",
                        db,
                        "--workers",
                        str(workers),
                        "--count",
                        str(count),
                    ],
                    cwd=ROOT,
                    check=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", choices=[*SCENARIOS, "all"])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--count", type=int, default=10_000, help="follow-ups in a burst")
    parser.add_argument("--limit", type=float, default=600, help="give up after this many s")
    parser.add_argument(
        "--async-commit",
        action="store_true",
        help="PostgreSQL: synchronous_commit = off for the benchmark database (a diagnosis)",
    )
    args = parser.parse_args()
    if args.scenario == "all":
        run_all(args.count)
    else:
        run_one(args)


if __name__ == "__main__":
    main()
