"""Write crylog/accounts/allauth_locale/en/LC_MESSAGES/django.po: django-allauth's Title Case
words in sentence case.

crylog writes "Sign in", not "Sign In". allauth's own strings (page titles, buttons, form labels,
messages) are English msgids; an English catalog of ours, in LOCALE_PATHS, gives each one its
sentence-case form. It is not in locale/en, crylog's own English catalogue, because
makemessages drops from that every msgid crylog's code does not use. Run after upgrading
django-allauth, then compile (``make install`` does):

    .venv/bin/python tools/sentence_case.py && make messages
"""

import re
from pathlib import Path

import allauth

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
TARGET = ROOT / "crylog" / "accounts" / "allauth_locale" / "en" / "LC_MESSAGES" / "django.po"

ENTRY = re.compile(r'(?:^msgctxt "(?P<context>[^"]*)"\n)?^msgid "(?P<msgid>.+)"\nmsgstr ""\n', re.M)
WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def sentence_case(text: str) -> str:
    """Lower every capitalised word but a sentence's first; acronyms (ID, IP) and words with
    capitals inside (JavaScript, %(link)sSign) stay."""
    sentences = re.split(r"(?<=[.?!] )", text)
    return "".join(WORD.sub(_lower_unless_first, sentence, count=0) for sentence in sentences)


def _lower_unless_first(match: re.Match[str]) -> str:
    word = match.group(0)
    if match.start() == 0 or match.string[: match.start()].strip() == "":
        return word
    if word[1:] != word[1:].lower():
        return word
    return word.lower()


def main() -> None:
    entries = []
    for match in ENTRY.finditer(SOURCE.read_text(encoding="utf-8")):
        msgid = match["msgid"]
        cased = sentence_case(msgid)
        if cased == msgid or '\\"' in msgid:
            continue
        context = f'msgctxt "{match["context"]}"\n' if match["context"] else ""
        entries.append(f'{context}msgid "{msgid}"\nmsgstr "{cased}"\n')
    header = (
        "# django-allauth's words in sentence case; written by tools/sentence_case.py.\n"
        'msgid ""\nmsgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: en\\n"\n\n'
    )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(header + "\n".join(entries), encoding="utf-8")


if __name__ == "__main__":
    main()
