"""htmx attributes are written ``data-hx-*``: a bare ``hx-get`` is invalid HTML.

htmx reads both spellings, so a bare one works in the browser and only the HTML checker
notices, and only on a page the checker is shown. This reads every template and every string
in crylog's Python instead, so a bare attribute is found wherever it is written.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PYTHON = ROOT / "crylog"

# An attribute name hx-… not preceded by "data-" (or any other part of a longer name),
# followed by its value or by the end of the name.
BARE = re.compile(r"(?<![\w.:-])hx-[a-z][\w:.-]*(?=\s*=|\s|/?>|$)", re.IGNORECASE)
# In Python's strings, only a name with a value: "HX-Request" there is a header.
BARE_WITH_VALUE = re.compile(r"(?<![\w.:-])hx-[a-z][\w:.-]*(?=\s*=)", re.IGNORECASE)
# Template comments may speak of attributes by name; template tags and variables may stand
# between attributes ({% if %}hx-get="…"{% endif %}).
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
# A start tag, its quoted values kept whole (a value may hold ">").
START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""")
QUOTED = re.compile(r""""[^"]*"|'[^']*'""")


def _blank(match: re.Match[str]) -> str:
    """As many spaces, newlines kept: positions and line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def bare_in_template(text: str) -> list[tuple[int, str]]:
    """Bare attributes in the start tags of a template (not in its text or comments)."""
    text = TEMPLATE_CODE.sub(_blank, TEMPLATE_COMMENT.sub(_blank, text))
    found = []
    for tag in START_TAG.finditer(text):
        names = QUOTED.sub(_blank, tag.group(0))
        for match in BARE.finditer(names):
            found.append((text.count("\n", 0, tag.start() + match.start()) + 1, match.group(0)))
    return found


def bare_in_python(text: str) -> list[tuple[int, str]]:
    """Bare attributes in string literals (f-strings included); comments are not HTML."""
    strings = {tokenize.STRING, tokenize.FSTRING_MIDDLE}
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in strings:
            for match in BARE_WITH_VALUE.finditer(token.string):
                line = token.start[0] + token.string.count("\n", 0, match.start())
                found.append((line, match.group(0)))
    return found


def _report(folder: Path, pattern: str, reader) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"{path.relative_to(ROOT)}:{line}: {name} (write data-{name})"
        for path in sorted(folder.rglob(pattern))
        for line, name in reader(path.read_text(encoding="utf-8"))
    ]


def test_no_template_has_a_bare_hx_attribute() -> None:
    found = _report(TEMPLATES, "*.*", bare_in_template)
    assert found == [], "\n".join(found)


def test_no_html_made_in_python_has_a_bare_hx_attribute() -> None:
    found = _report(PYTHON, "*.py", bare_in_python)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<a href="?x" hx-get="?x">', [(1, "hx-get")]),
        ('<a\n  HX-Target="#x">', [(2, "HX-Target")]),
        ("<div hx-preserve>", [(1, "hx-preserve")]),
        ('<a {% if on %}hx-swap="outerHTML"{% endif %}>', [(1, "hx-swap")]),
        ('<div hx-on:click="x">', [(1, "hx-on:click")]),
        ('{# hx-get="?x" is how htmx spells it #}\n<a hx-get="?y">', [(2, "hx-get")]),
        ('{% comment %}\nhx-get="?x"\n{% endcomment %}<a data-hx-get="?y">', []),
        ('<a href="?x" data-hx-get="?x" data-hx-push-url="true">', []),
        ("<p>The HX-Request header, or hx-get, in words</p>", []),
        ('<a title="try hx-get=x" href="?x">', []),
        ('<a data-hx-vals=\'{"a": ">"}\' hx-get="?x">', [(1, "hx-get")]),
    ],
)
def test_the_template_reader_finds_bare_attributes_and_only_those(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert bare_in_template(text) == expected


def test_the_python_reader_looks_in_strings_and_f_strings_not_comments_or_headers() -> None:
    source = (
        "# hx-get='?x' in a comment\n"
        'response["HX-Retarget"] = "#checkin"\n'
        'html = f\'<a href="{url}" hx-get="{url}">\'\n'
        "more = (\n"
        "    '<form data-hx-post=\"/a/\">'\n"
        "    '<div hx-swap-oob=\"true\">'\n"
        ")\n"
    )
    assert bare_in_python(source) == [(3, "hx-get"), (6, "hx-swap-oob")]
