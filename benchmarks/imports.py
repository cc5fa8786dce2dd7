"""What one import costs at its limits, and the trends page with a cry from the first days of 2000.

    .venv/bin/python -m benchmarks.imports          # print a table for docs/performance.md

Each case runs in a fresh Python process (so its peak memory is its own) against a throwaway
SQLite database, or DATABASE_URL's PostgreSQL server (in a test database of its own), through
Django's test client, in-process: upload, preview and Add as a person would. Peak memory is the
process's maximum resident set (ru_maxrss) minus what it held before the case began.
Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "attack": "78,346 planned cries, no ratings (the file from issue 10)",
    "largest": "20,000 cries with 3 ratings each (the most one import adds)",
    "trends": "GET /trends/?range=all with a cry from 1 Jan 2000 and one today",
}


def setup_django(tmp: Path) -> list[object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crylog.settings")
    os.environ["DEBUG"] = "1"
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if connection.vendor == "postgresql":
        from django.test.utils import setup_databases

        return setup_databases(verbosity=0, interactive=False)  # type: ignore[no-any-return]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return []


def cry(index: int, *, planned: bool, ratings: int) -> dict[str, object]:
    ended = datetime(2001, 1, 1, tzinfo=UTC) + timedelta(hours=10 * index)
    moments = ["before", "right_after", "after_90"][:ratings]
    details = {"intensity": 2, "duration": "1-5", "company": "alone", "held_back": False}
    if planned:  # a bare planned cry, as small as a file can make one
        details = dict.fromkeys(details)
    return {
        **details,
        "id": index,
        "ended_at": None if planned else ended.isoformat(),
        "planned": planned,
        "company_known": None,
        "support": None,
        "shame": None if planned else 1,
        "triggers": [] if planned else ["loss"],
        "resolved": None,
        "new_understanding": None,
        "note": "" if planned else "a short note about what happened",
        "is_demo": False,
        "ratings": [
            {
                "moment": moment,
                "valence": 40 + n,
                "arousal": None,
                "relief": 2 if moment == "after_90" else None,
                "given_at": (ended + timedelta(minutes=90 * n)).isoformat(),
                "is_recalled": moment == "before",
                "minutes_since_end": 91.5 if moment == "after_90" else None,
                "minutes_since_reminder": 1.5 if moment == "after_90" else None,
                "is_late": False,
            }
            for n, moment in enumerate(moments)
        ],
    }


def export_file(count: int, *, planned: bool, ratings: int) -> bytes:
    head = '{"format": "crylog-export", "version": 1, "timezone": "UTC", "cries": [\n'
    compact = {"separators": (",", ":")}
    body = ",\n".join(
        json.dumps(cry(i, planned=planned, ratings=ratings), **compact) for i in range(count)
    )
    return (head + body + "\n]}\n").encode()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name: str) -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from crylog.accounts.models import User
    from crylog.cries.models import Cry
    from crylog.yourdata.models import PendingImport

    user = User.objects.create_user(email="bench@example.com", password="bench")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    result: dict[str, object] = {"case": CASES[name]}
    if name == "trends":
        Cry.objects.create(user=user, ended_at=datetime(2000, 1, 1, tzinfo=UTC))
        Cry.objects.create(user=user, ended_at=datetime.now(UTC) - timedelta(hours=1))
        client.get("/trends/")  # the first request of a process loads Plotly; not counted
        before = peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get("/trends/?range=all")
        result["seconds"] = time.perf_counter() - start
        result["cpu"] = time.process_time() - cpu
        assert response.status_code == 200
        result["answer"] = f"200, {len(response.content) / 1000:.0f} KB of HTML"
        result["memory"] = peak_mb() - before
        return result

    content = (
        export_file(78_346, planned=True, ratings=0)
        if name == "attack"
        else export_file(20_000, planned=False, ratings=3)
    )
    result["file"] = f"{len(content) / 1_000_000:.1f} MB"
    before = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    response = client.post(
        "/settings/import/", {"file": SimpleUploadedFile("export.json", content)}
    )
    del content
    if response.status_code == 200:
        page = response.content.decode()
        assert "more than 20,000 cries" in page, page[-2000:]
        result["answer"] = "refused at upload: more than 20,000 cries"
    else:
        pending = PendingImport.objects.get()
        upload = time.process_time() - cpu
        assert client.get(response["Location"]).status_code == 200
        preview = time.process_time() - cpu - upload
        response = client.post(f"/settings/import/{pending.pk}/confirm/")
        assert response.status_code == 302, response.status_code
        add = time.process_time() - cpu - upload - preview
        result["answer"] = (
            f"added {Cry.objects.count():,} cries (CPU: upload {upload:.1f} s, "
            f"preview {preview:.1f} s, Add {add:.1f} s)"
        )
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = time.process_time() - cpu
    result["memory"] = peak_mb() - before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES, help="run one case in this process")
    args = parser.parse_args()
    if args.case:
        with tempfile.TemporaryDirectory() as tmp:
            names = setup_django(Path(tmp))
            try:
                print(json.dumps(run_case(args.case)))
            finally:
                if names:
                    from django.test.utils import teardown_databases

                    teardown_databases(names, verbosity=0)
        return
    print(
        "| case | file | answer | time (upload to added) | of it CPU | memory at peak, above the start |"
    )
    print("|---|---:|---|---:|---:|---:|")
    for name in CASES:
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.imports", "--case", name],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(
            f"| {row['case']} | {row.get('file', '')} | {row['answer']} "
            f"| {row['seconds']:.1f} s | {row['cpu']:.1f} s | {row['memory']:.0f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
