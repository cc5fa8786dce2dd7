"""What the dashboard's charts cost a phone that scrolls to them, which Lighthouse does not see.

Lighthouse loads a page and stops watching once it is quiet; it never scrolls, so the work
of drawing charts further down is outside its trace. Here Chromium (Debian's, driven by
Playwright) opens the page with its CPU slowed 4× through the DevTools protocol (the
slowdown Lighthouse's mobile setting assumes), scrolls down most of a screen at a time until
every chart says it is drawn (``data-drawn`` on its figure, set by static/insights/charts.js once
plotly.js has finished), and reads the renderer's main thread from a DevTools trace: Total
Blocking Time (each task's time beyond 50 ms, summed from navigation until the last chart
is drawn) and the longest task. The network is not slowed: it moves tasks in time but does
not make them longer.

Each figure is given twice: by the clock, and by the main thread's CPU time (the slowdown
included). When other work shares the machine the clock also counts the time the thread
waited for a core, so CPU time is the better guide for comparing changes there; it is not
undisturbed either (the slowdown is paced by the clock), and the figures worth keeping come
from a quiet machine.

Two visits, each in a browser started afresh:

- cold: a new profile, nothing cached, the service worker not yet installed;
- repeat: the same profile again, once the service worker keeps plotly.js, so Chromium can
  use the compiled code it stored with it (crylog/pwa/views.py, SIGNED_IN_FILES).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

# Lighthouse's mobile device (a Moto G Power): the same layout, so the same charts near the screen.
PHONE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
CPU_SLOWDOWN = 4
LONG_TASK_MS = 50
# Most of a screen at a time, with the pause of someone glancing at it.
SCROLL_SHARE = 0.8
SCROLL_PAUSE_S = 0.3
# Tasks the renderer's main thread runs at the top level, as Lighthouse counts them.
TOP_LEVEL = {"RunTask", "ThreadControllerImpl::RunTask", "ThreadPool_RunTask"}
UNDRAWN = "[data-figure]:not([data-drawn])"


@dataclass
class Visit:
    blocking_ms: float
    longest_ms: float
    long_tasks: int
    cpu_blocking_ms: float
    cpu_longest_ms: float


def blocking(durations: list[float]) -> float:
    return sum(d - LONG_TASK_MS for d in durations if d > LONG_TASK_MS)


def tasks(events: list[dict], url: str) -> list[tuple[float, float]]:
    """(duration, CPU time) in ms of each top-level task on the main thread that drew ``url``,
    from its navigation on."""
    drew = {
        e["pid"]
        for e in events
        if e.get("name") == "ParseHTML"
        and e.get("args", {}).get("beginData", {}).get("url", "").startswith(url)
    }
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e["args"].get("name") == "CrRendererMain"
        and e["pid"] in drew
    }
    starts = [
        e["ts"]
        for e in events
        if e.get("name") == "navigationStart"
        and (e["pid"], e["tid"]) in main
        and e.get("args", {}).get("data", {}).get("documentLoaderURL", "").startswith(url)
    ]
    if not starts:
        raise RuntimeError(f"no navigation to {url} in the trace")
    found = sorted(
        (
            e
            for e in events
            if e.get("ph") == "X"
            and e.get("name") in TOP_LEVEL
            and (e["pid"], e["tid"]) in main
            and e["ts"] >= min(starts)
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    # Chromium writes some tasks twice, one event inside the other (RunTask around
    # ThreadControllerImpl::RunTask): a task is counted once, by its outermost event.
    outermost: list[dict] = []
    for event in found:
        if outermost and event["ts"] < outermost[-1]["ts"] + outermost[-1]["dur"]:
            continue
        outermost.append(event)
    return [(e["dur"] / 1000, e.get("tdur", e["dur"]) / 1000) for e in outermost]


def scroll_until_drawn(page: Page) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    deadline = time.monotonic() + 180
    while page.evaluate(f"document.querySelectorAll({UNDRAWN!r}).length"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the charts of {page.url} were not all drawn")
        page.evaluate(f"window.scrollBy(0, Math.round(innerHeight * {SCROLL_SHARE}))")
        time.sleep(SCROLL_PAUSE_S)


def traced(page: Page, context: BrowserContext, url: str) -> list[dict]:
    """Open ``url`` on a slowed CPU and scroll until every chart is drawn; the trace's events."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    categories = "devtools.timeline,toplevel,loading,blink.user_timing"
    cdp.send("Tracing.start", {"categories": categories, "transferMode": "ReturnAsStream"})
    page.goto(url, wait_until="load", timeout=180_000)
    scroll_until_drawn(page)
    time.sleep(0.5)  # the last chart's own task ends
    complete: list[dict] = []
    cdp.on("Tracing.tracingComplete", lambda event: complete.append(event))
    cdp.send("Tracing.end")
    while not complete:
        page.wait_for_timeout(100)
    chunks = []
    while True:
        chunk = cdp.send("IO.read", {"handle": complete[0]["stream"]})
        chunks.append(chunk["data"])
        if chunk.get("eof"):
            break
    cdp.send("IO.close", {"handle": complete[0]["stream"]})
    cdp.detach()
    return json.loads("".join(chunks))["traceEvents"]


def measure(page: Page, context: BrowserContext, url: str) -> Visit:
    found = tasks(traced(page, context, url), url)
    wall = [duration for duration, _ in found]
    cpu = [cpu for _, cpu in found]
    return Visit(
        blocking_ms=blocking(wall),
        longest_ms=max(wall),
        long_tasks=sum(d > LONG_TASK_MS for d in wall),
        cpu_blocking_ms=blocking(cpu),
        cpu_longest_ms=max(cpu),
    )


def keeps_plotly(page: Page) -> bool:
    """Whether the service worker's cache holds the plotly.js the page asks for."""
    return bool(
        page.evaluate(
            "caches.match(document.querySelector('[data-plotly-src]').dataset.plotlySrc)"
            ".then(Boolean)"
        )
    )


@dataclass
class Chromium:
    path: str
    args: list[str]
    cookies: list[dict]

    def open(self, playwright: Playwright, profile: Path) -> tuple[BrowserContext, Page]:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=self.path, args=self.args, headless=True, **PHONE
        )
        context.add_cookies(self.cookies)  # type: ignore[arg-type]
        return context, context.pages[0] if context.pages else context.new_page()


def cold_and_repeat(url: str, chromium: Chromium) -> tuple[Visit, Visit]:
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        profile = Path(folder)
        context, page = chromium.open(playwright, profile)
        cold = measure(page, context, url)
        # The service worker installs during the cold visit and keeps plotly.js for someone
        # signed in; the repeat visit is measured once it has.
        deadline = time.monotonic() + 30
        while not keeps_plotly(page) and time.monotonic() < deadline:
            time.sleep(0.5)
        if not keeps_plotly(page):
            print(
                "  the service worker does not keep plotly.js: the repeat visit has only "
                "the browser's HTTP cache",
                file=sys.stderr,
                flush=True,
            )
        context.close()
        context, page = chromium.open(playwright, profile)
        repeat = measure(page, context, url)
        context.close()
        return cold, repeat


def median(visits: list[Visit]) -> Visit:
    return Visit(
        blocking_ms=statistics.median(v.blocking_ms for v in visits),
        longest_ms=statistics.median(v.longest_ms for v in visits),
        long_tasks=round(statistics.median(v.long_tasks for v in visits)),
        cpu_blocking_ms=statistics.median(v.cpu_blocking_ms for v in visits),
        cpu_longest_ms=statistics.median(v.cpu_longest_ms for v in visits),
    )
