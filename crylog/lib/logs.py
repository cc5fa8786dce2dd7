"""Keep what people write out of logs and error reports.

A failing request is logged with its traceback, and an exception's message can carry data:
PostgreSQL puts the whole failing row, note included, into an integrity error's message.
So the logs keep where an error happened (the exception's type and the traceback's file and
line) and leave out every exception message. Error reports (e-mailed to ``ADMINS``) leave out
every form value and every local variable, not only the ones marked sensitive.
"""

import logging
import traceback
from typing import Any

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

WITHHELD = "(message withheld: it may contain what someone wrote)"


def traceback_without_messages(error: BaseException) -> str:
    """The traceback of ``error`` and of the errors it came from, without their messages."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(current.__traceback__))
            + f"{kind.__module__}.{kind.__qualname__}: {WITHHELD}"
        )
        current = current.__cause__ or current.__context__
    return "\n\nwhich came from\n\n".join(parts)


class WithholdExceptionMessages(logging.Filter):
    """A handler filter: the record's traceback is written without exception messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = traceback_without_messages(record.exc_info[1])
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports show form field names and variable names, never their values."""

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return dict.fromkeys(tb_frame.f_locals, self.cleansed_substitute).items()


class PrivateExceptionReporter(ExceptionReporter):
    """Error reports without exception messages, which can carry a failing row's values."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.filter.is_active(self.request):
            data["exception_value"] = WITHHELD
            for frame in data.get("frames", []):
                if frame.get("exc_cause") is not None:
                    frame["exc_cause"] = WITHHELD
        return data
