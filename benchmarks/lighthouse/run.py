"""Lighthouse scores for crylog's key pages on a phone, against a production-like server.

Lighthouse (pinned in package.json beside this file) drives Debian's Chromium with its mobile
form factor and throttling. Each page is measured several times, a failed run is retried,
and the median of each category is reported. Lighthouse never scrolls, so for the dashboard
the charts further down are measured apart (scrolled.py): the main thread's blocking time
until every chart is drawn, on a first visit and on a repeat one.

Timings mean little on a busy machine: the script prints the 1-minute load average at its
start and end, and refuses to start above 2 unless told --busy-ok.

    (cd benchmarks/lighthouse && npm ci)
    .venv/bin/python -m benchmarks.lighthouse.run --runs 5
    .venv/bin/python -m benchmarks.lighthouse.run --page dashboard   # that page alone
    .venv/bin/python -m benchmarks.lighthouse.run --page dashboard --no-lighthouse  # scrolled only

Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from benchmarks.lighthouse import scrolled
from tests.servers import LOCAL, gunicorn, logged_in, manage, production_env

HERE = Path(__file__).resolve().parent

CATEGORIES = ["performance", "accessibility", "best-practices"]
# Printed for each run (to stderr), to see where a performance score comes from.
TIMINGS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time"]
EMAIL, PASSWORD = "lighthouse@example.com", "a long lighthouse passphrase"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
# Pages whose charts are drawn as they are scrolled to, measured again by scrolling through.
SCROLLED = {"dashboard"}
QUIET = 2.0  # the highest 1-minute load average at which timings are worth keeping


def pages(env: dict[str, str]) -> dict[str, str]:
    """The pages to measure, by name, with the objects they need made first."""
    code = (
        "from crylog.accounts.models import User\n"
        "from crylog.cries.services import cry_create\n"
        f"user = User.objects.create_user({EMAIL!r}, {PASSWORD!r}, timezone='Europe/Berlin')\n"
        "cry = cry_create(user=user, valence=40)\n"
        "print(cry.pk, cry.followups.get().pk)"
    )
    cry_id, followup_id = manage(env, "shell", "-c", code).strip().splitlines()[-1].split()
    manage(env, "seed_demo", "--email", EMAIL, "--cries", "1000", "--weeks", "52")
    return {
        "home": "/",
        "log a cry": "/cries/new/",
        "a cry": f"/cries/{cry_id}/",
        "follow-up answer": f"/followups/{followup_id}/",
        "dashboard, 1,000 cries": "/trends/?range=all",
    }


def lighthouse(url: str, cookie: str, out: Path, retries: int = 2) -> dict[str, float]:
    headers = out.with_suffix(".headers.json")
    headers.write_text(json.dumps({"Cookie": cookie}))
    command = [
        str(HERE / "node_modules/.bin/lighthouse"), url,
        "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={shutil.which('chromium') or '/usr/bin/chromium'}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={headers}",
    ]  # fmt: skip
    for attempt in range(retries + 1):
        load = load_average()
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        if result.returncode == 0 and out.exists():
            report = json.loads(out.read_text())
            scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
            if None not in scores.values():
                timings = {a: report["audits"][a]["numericValue"] for a in TIMINGS}
                requested = report["audits"]["network-requests"]["details"]["items"]
                plotly = any("/vendor/plotly/" in item["url"] for item in requested)
                print(
                    f"  {out.stem}: performance {scores['performance'] * 100:.0f}, "
                    + ", ".join(f"{a} {ms:.0f} ms" for a, ms in timings.items())
                    + f", plotly.js fetched: {'yes' if plotly else 'no'}"
                    + f"; load {load:.2f} → {load_average():.2f}",
                    file=sys.stderr,
                    flush=True,
                )
                return {c: s * 100 for c, s in scores.items()}
        print(f"  run failed (attempt {attempt + 1}): {result.stderr[-300:]}", file=sys.stderr)
    raise RuntimeError(f"lighthouse failed on {url}")


def load_average() -> float:
    return os.getloadavg()[0]


def check_quiet(busy_ok: bool) -> None:
    load = load_average()
    print(f"1-minute load average at start: {load:.2f} on {os.cpu_count()} cores", flush=True)
    if load <= QUIET:
        return
    if not busy_ok:
        sys.exit(
            f"The machine is busy (load {load:.2f} > {QUIET:g}): timings would measure the other "
            "work. Wait for a quiet moment, or pass --busy-ok to measure anyway."
        )
    print(
        f"WARNING: load {load:.2f} > {QUIET:g}: these timings are not for docs/performance.md",
        file=sys.stderr,
        flush=True,
    )


def scrolled_with_retries(
    url: str, chromium: scrolled.Chromium, retries: int = 2
) -> tuple[scrolled.Visit, scrolled.Visit]:
    """A pair of visits; tried again when Chromium loses the trace's navigation now and then."""
    for attempt in range(retries + 1):
        try:
            return scrolled.cold_and_repeat(url, chromium)
        except RuntimeError as error:
            print(f"  run failed (attempt {attempt + 1}): {error}", file=sys.stderr, flush=True)
    raise RuntimeError(f"scrolling through {url} failed")


def measure_scrolled(name: str, url: str, session: requests.Session, runs: int) -> None:
    chromium = scrolled.Chromium(
        path=shutil.which("chromium") or "/usr/bin/chromium",
        args=[flag for flag in CHROME_FLAGS.split() if not flag.startswith("--headless")],
        cookies=[
            {"name": c.name, "value": c.value, "domain": LOCAL, "path": "/", "secure": False}
            for c in session.cookies
        ],
    )
    visits = []
    for n in range(runs):
        load = load_average()
        cold, repeat = scrolled_with_retries(url, chromium)
        print(
            f"  {name}-{n} scrolled through: "
            + "; ".join(
                f"{label} TBT {v.blocking_ms:.0f} ms (CPU {v.cpu_blocking_ms:.0f}), longest task "
                f"{v.longest_ms:.0f} ms (CPU {v.cpu_longest_ms:.0f})"
                for label, v in [("cold", cold), ("repeat", repeat)]
            )
            + f"; load {load:.2f} → {load_average():.2f}",
            file=sys.stderr,
            flush=True,
        )
        visits.append((cold, repeat))
    print(
        f"\n{name}, scrolled through until every chart is drawn "
        f"({scrolled.CPU_SLOWDOWN}× slower CPU, median of {runs}):\n"
    )
    print(
        "| visit | Total Blocking Time | longest task | tasks over 50 ms "
        "| TBT by CPU time | longest task by CPU time |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, index in [("cold", 0), ("repeat", 1)]:
        m = scrolled.median([pair[index] for pair in visits])
        print(
            f"| {label} | {m.blocking_ms:.0f} ms | {m.longest_ms:.0f} ms | {m.long_tasks} "
            f"| {m.cpu_blocking_ms:.0f} ms | {m.cpu_longest_ms:.0f} ms |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--page", default="", help="measure only the pages whose name contains this text"
    )
    parser.add_argument(
        "--busy-ok", action="store_true", help=f"measure even at a load average above {QUIET:g}"
    )
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="only the scrolled-through measurement"
    )
    args = parser.parse_args()
    check_quiet(args.busy_ok)

    folder = Path(tempfile.mkdtemp(prefix="crylog-lighthouse-"))
    env = production_env(SQLITE_PATH=str(folder / "lighthouse.sqlite3"))
    # Static files of this checkout, not whatever another checkout last collected.
    env["STATIC_ROOT"] = str(folder / "static")
    manage(env, "migrate", "--no-input", "-v0")
    to_measure = {name: path for name, path in pages(env).items() if args.page in name}
    with gunicorn(env, workers=2, threads=2) as base_url:
        # On a busy machine a fresh worker's first pages can take longer than the log-in
        # helper waits: ask for the log-in page patiently first, once per worker thread.
        for _ in range(4):
            requests.get(base_url + "/accounts/login/", timeout=180)
        session = logged_in(base_url, EMAIL, PASSWORD)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        if not args.no_lighthouse:
            print(f"| page | {' | '.join(CATEGORIES)} | runs |")
            print(f"|---|{'---|' * len(CATEGORIES)}---|")
            for name, path in to_measure.items():
                runs = [
                    lighthouse(base_url + path, cookie, folder / f"{name}-{n}.json")
                    for n in range(args.runs)
                ]
                medians = [statistics.median(run[c] for run in runs) for c in CATEGORIES]
                print(
                    f"| {name} | {' | '.join(f'{m:.0f}' for m in medians)} | {len(runs)} |",
                    flush=True,
                )
        for name, path in to_measure.items():
            if any(word in name for word in SCROLLED):
                measure_scrolled(name, base_url + path, session, args.runs)
    print(f"\n1-minute load average at the end: {load_average():.2f}")


if __name__ == "__main__":
    main()
