"""Reading gettext catalogues (.po) and writing compiled ones (.mo), in plain Python.

Enough of both formats for crylog's tests: the catalogue check compares the msgids of a .po
file with what makemessages finds in the code, and the pseudo-locale test writes a .mo of its
own at test time without depending on msgfmt.
"""

import ast
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgid_plural: str = ""
    context: str = ""
    msgstr: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.msgid, self.msgid_plural)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete (#~) entries left out."""
    entries: list[Entry] = []
    fields: dict[str, list[str]] = {}
    current = ""

    def finish() -> None:
        if "msgid" in fields and "".join(fields["msgid"]):
            strings = sorted((k, v) for k, v in fields.items() if k.startswith("msgstr"))
            entries.append(
                Entry(
                    msgid="".join(fields["msgid"]),
                    msgid_plural="".join(fields.get("msgid_plural", [])),
                    context="".join(fields.get("msgctxt", [])),
                    msgstr=tuple("".join(parts) for _, parts in strings),
                )
            )
        fields.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[current].append(_unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        # An entry starts with its msgctxt, or with its msgid when it has none.
        if keyword == "msgctxt" or (keyword == "msgid" and current != "msgctxt"):
            finish()
        current = keyword
        fields[current] = [_unquote(rest)]
    finish()
    return entries


def _unquote(quoted: str) -> str:
    """A .po string's text: its escapes (\\n, \\", \\\\) are C's, which Python reads alike."""
    text = ast.literal_eval(quoted)
    assert isinstance(text, str)
    return text


def write_mo(entries: Iterable[Entry], path: Path, *, language: str) -> None:
    """A compiled catalogue holding these entries, with a header naming ``language``."""
    header = (
        f"Language: {language}\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    messages = {b"": header.encode()}
    for entry in entries:
        original = entry.msgid
        if entry.msgid_plural:
            original += "\0" + entry.msgid_plural
        if entry.context:
            original = entry.context + "\x04" + original
        messages[original.encode()] = "\0".join(entry.msgstr).encode()
    keys = sorted(messages)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    originals, translations, data = [], [], b""
    for key in keys:
        originals.append((len(key), data_at + len(data)))
        data += key + b"\0"
    for key in keys:
        translations.append((len(messages[key]), data_at + len(data)))
        data += messages[key] + b"\0"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, data_at)
        + b"".join(struct.pack("<2I", *pair) for pair in originals + translations)
        + data
    )
