"""Lighthouse scores for crylog's key pages on a phone, against a production-like server.

Lighthouse (pinned in package.json beside this file) drives Debian's Chromium with its mobile
form factor and throttling. Each page is measured several times, a failed run is retried,
and the median of each category is reported.

    (cd benchmarks/lighthouse && npm ci)
    .venv/bin/python benchmarks/lighthouse/run.py --runs 5
    .venv/bin/python benchmarks/lighthouse/run.py --page dashboard   # that page alone

Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.servers import gunicorn, logged_in, manage, production_env  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices"]
# Printed for each run (to stderr), to see where a performance score comes from.
TIMINGS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time"]
EMAIL, PASSWORD = "lighthouse@example.com", "a long lighthouse passphrase"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"


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
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        if result.returncode == 0 and out.exists():
            report = json.loads(out.read_text())
            scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
            if None not in scores.values():
                timings = {a: report["audits"][a]["numericValue"] for a in TIMINGS}
                print(
                    f"  {out.stem}: performance {scores['performance'] * 100:.0f}, "
                    + ", ".join(f"{a} {ms:.0f} ms" for a, ms in timings.items()),
                    file=sys.stderr,
                )
                return {c: s * 100 for c, s in scores.items()}
        print(f"  run failed (attempt {attempt + 1}): {result.stderr[-300:]}", file=sys.stderr)
    raise RuntimeError(f"lighthouse failed on {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--page", default="", help="measure only the pages whose name contains this text"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="crylog-lighthouse-"))
    env = production_env(SQLITE_PATH=str(folder / "lighthouse.sqlite3"))
    manage(env, "migrate", "--no-input", "-v0")
    to_measure = pages(env)
    with gunicorn(env, workers=2, threads=2) as base_url:
        # On a busy machine a fresh worker's first pages can take longer than the log-in
        # helper waits: ask for the log-in page patiently first, once per worker thread.
        for _ in range(4):
            requests.get(base_url + "/accounts/login/", timeout=180)
        session = logged_in(base_url, EMAIL, PASSWORD)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        print(f"| page | {' | '.join(CATEGORIES)} | runs |")
        print(f"|---|{'---|' * len(CATEGORIES)}---|")
        for name, path in to_measure.items():
            if args.page not in name:
                continue
            runs = [
                lighthouse(base_url + path, cookie, folder / f"{name}-{n}.json")
                for n in range(args.runs)
            ]
            medians = [statistics.median(run[c] for run in runs) for c in CATEGORIES]
            print(
                f"| {name} | {' | '.join(f'{m:.0f}' for m in medians)} | {len(runs)} |", flush=True
            )


if __name__ == "__main__":
    main()
