"""Write static/css/plotly.css: the CSS rules plotly.js would inject into a <style> element.

Our Content-Security-Policy (style-src 'self') blocks that injection, so we serve the same
rules as a file instead and mark its <link> with plotly.js's own opt-out (id
"plotly.js-style-global", class "no-inline-styles"). Run this after changing the
plotly.js version in package.json:

    .venv/bin/python tools/plotly_css.py

It loads the installed bundle into a blank page in headless Chromium and copies the rules
in the order the browser holds them, which is the order they cascade in.
"""

import json
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "plotly.js-basic-dist-min"
OUTPUT = ROOT / "static" / "css" / "plotly.css"


def main() -> None:
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><html><head></head><body></body></html>")
        page.add_script_tag(path=str(PACKAGE / "plotly-basic.min.js"))
        rules = page.evaluate(
            """() => [...document.getElementById("plotly.js-style-global").sheet.cssRules]
                  .map((rule) => rule.cssText)"""
        )
        browser.close()
    header = (
        f"/* plotly.js {version}: the rules it would inject at run time, served as a file so\n"
        "   that style-src 'self' holds. Made by tools/plotly_css.py; do not edit by hand. */\n"
    )
    OUTPUT.write_text(header + "\n".join(rules) + "\n")
    print(f"wrote {len(rules)} rules to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
