"""No script puts an English word on the page without gettext: a read of static/ for text given
straight to the page (textContent, innerText, innerHTML, a spoken attribute, a dialog, a
notification) as a bare string. A backstop to tests/browser/test_script_words.py, which sees
the words of the offline shell and of passkeys in a real browser, and to
test_pseudo_locale.py's check of the whole catalogue: a script's own helper (`say(text)`)
is not read here, its callers are seen there."""

import re
from pathlib import Path

from django.conf import settings

SCRIPTS = Path(settings.BASE_DIR) / "static"
LITERAL = r"""("[^"\n]*"|'[^'\n]*'|`[^`]*`)"""
# Where a string becomes what a person reads or hears.
SINKS = [
    re.compile(r"\.(?:textContent|innerText|innerHTML)\s*[+]?=\s*" + LITERAL),
    re.compile(
        r"""setAttribute\(\s*["'](?:aria-[\w-]+|title|placeholder|alt)["']\s*,\s*""" + LITERAL
    ),
    re.compile(r"\b(?:alert|confirm|prompt)\(\s*" + LITERAL),
    re.compile(r"\bshowNotification\(\s*" + LITERAL),
]
COMMENT = re.compile(r"^\s*//[^\n]*|/\*.*?\*/", re.MULTILINE | re.DOTALL)
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def unmarked_words(script: str) -> list[str]:
    """The bare strings with a letter in them that ``script`` hands to the page."""
    code = COMMENT.sub("", script)
    found = []
    for sink in SINKS:
        for literal in sink.findall(code):
            if re.search(r"[^\W\d_]", PLACEHOLDER.sub("", literal[1:-1])):
                found.append(literal)
    return found


def test_every_word_a_script_puts_on_the_page_is_marked() -> None:
    problems = {
        str(path.relative_to(SCRIPTS)): words
        for path in sorted(SCRIPTS.rglob("*.js"))
        if (words := unmarked_words(path.read_text()))
    }
    assert problems == {}, "mark them with gettext (static/crylog/i18n.js)"


def test_a_word_left_unmarked_is_found() -> None:
    """The test above can fail."""
    assert unmarked_words("error.textContent = `Could not: ${message}`;") == [
        "`Could not: ${message}`"
    ]
    assert unmarked_words('input.setAttribute("aria-valuetext", `${value} of 100`);') == [
        "`${value} of 100`"
    ]
    assert unmarked_words('self.registration.showNotification("Time", {});') == ['"Time"']
    assert unmarked_words('alert("Saved.");') == ['"Saved."']
    # Marked, empty, a number alone, or a comment: nothing to find.
    assert unmarked_words('status.textContent = gettext("Saved.");') == []
    assert unmarked_words('list.textContent = "";') == []
    assert unmarked_words("output.textContent = `${input.value}`;") == []
    assert unmarked_words('// element.textContent = "an example"') == []
