"""Draw crylog's app icons (PNG) from SVG with the browser the tests already use.

    .venv/bin/python tools/draw_icons.py

Writes static/img/: icon-192.png and icon-512.png (rounded, for "any"), icon-maskable-512.png
(full bleed, the drop inside the 80 % safe zone), apple-touch-icon.png (180, square: iOS
rounds it), badge-96.png (the drop alone, white on transparent: Android's status bar
uses only its shape), and the installed app's shortcuts at 96 and 192: shortcut-cry-*.png ("I
just cried": the drop with a plus) and shortcut-checkin-*.png ("Check in": the drop with a
tick). Run it again after changing static/img/icon.svg.
"""

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
PURPLE, LIGHT = "#5b3fa8", "#f7f4fb"
DROP = "M256 96c-52 84-112 150-112 220a112 112 0 0 0 224 0c0-70-60-136-112-220z"
SMILE = "M200 330a56 56 0 0 0 56 56"
PLUS = "M256 262v100M206 312h100"
TICK = "M210 314l32 32 62-66"


def icon(*, corner: int, scale: float = 1.0, background: str = PURPLE, mark: str = SMILE) -> str:
    shift = 256 * (1 - scale)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="{corner}" fill="{background}"/>'
        f'<g transform="translate({shift} {shift}) scale({scale})">'
        f'<path d="{DROP}" fill="{LIGHT}"/>'
        f'<path d="{mark}" stroke="{PURPLE}" stroke-width="22" fill="none" stroke-linecap="round"'
        ' stroke-linejoin="round"/>'
        "</g></svg>"
    )


BADGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="64 64 384 384">'
    f'<path d="{DROP}" fill="#ffffff"/></svg>'
)

ICONS = {
    "icon-192.png": (icon(corner=112), 192),
    "icon-512.png": (icon(corner=112), 512),
    "icon-maskable-512.png": (icon(corner=0, scale=0.78), 512),
    "apple-touch-icon.png": (icon(corner=0), 180),
    "badge-96.png": (BADGE, 96),
    **{
        f"shortcut-{name}-{size}.png": (icon(corner=112, mark=mark), size)
        for name, mark in [("cry", PLUS), ("checkin", TICK)]
        for size in [96, 192]
    },
}


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        for name, (svg, size) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<html><body style='margin:0;background:transparent'>"
                f"<img src='data:image/svg+xml;utf8,{svg.replace('#', '%23')}' "
                f"width='{size}' height='{size}' style='display:block'></body></html>"
            )
            page.locator("img").screenshot(path=str(IMG / name), omit_background=True)
            page.close()
            print(f"wrote static/img/{name} ({size}×{size})")
        browser.close()


if __name__ == "__main__":
    main()
