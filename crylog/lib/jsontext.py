"""Reading JSON that someone else wrote, where every way it can fail is a ``JSONDecodeError``.

The standard decoder also fails in two other ways on hostile input: a number of more than
4,300 digits raises a plain ``ValueError`` (Python's limit on integer conversion), and deep
nesting raises ``RecursionError``. Both become ``JSONDecodeError`` here, with a message a
person can act on, so callers handle one exception and never answer 500.
"""

from __future__ import annotations

import json
import sys
from typing import Any

_DECODER = json.JSONDecoder()
_BLANK = " \t\n\r"  # what JSON allows between values


def raw_decode(text: str, pos: int = 0) -> tuple[Any, int]:
    """One JSON value starting at ``pos``, and the position just after it."""
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("it is nested too deeply", text, pos) from None
    except ValueError:
        digits = sys.get_int_max_str_digits()
        raise json.JSONDecodeError(
            f"it has a number of more than {digits:,} digits", text, pos
        ) from None


def loads(text: str | bytes) -> Any:
    """The whole text as one JSON value, with nothing but blanks around it."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise json.JSONDecodeError("it is not UTF-8 text", "", 0) from None
    start = len(text) - len(text.lstrip(_BLANK))
    value, end = raw_decode(text, start)
    if text[end:].strip(_BLANK):
        raise json.JSONDecodeError("extra text after the end", text, end)
    return value
