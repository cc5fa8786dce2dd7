"""Django's makemessages, set the way crylog's catalogues are written.

``manage.py makemessages --all`` writes both catalogues of each language in locale/:
django.po from crylog's own code and templates, and djangojs.po from our own scripts in static/
(the words of docs/translation.md's JavaScript section). ``-d django`` or ``-d djangojs`` writes
one. The virtualenv, npm's folder (plotly.js), collected static files, the tests, the benchmarks
and the tools are left out; a msgid the code no longer uses is dropped (--no-obsolete); and each
msgid names only the files it comes from (--add-location=file), so that moving a line does not
rewrite the catalogues. tests/i18n/test_catalogues.py runs the same command and fails when a
catalogue is out of step with the code.
"""

import os
from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import makemessages

IGNORED = [".venv", ".tools", "node_modules", "staticfiles", "tests", "benchmarks", "tools"]
DOMAINS = ["django", "djangojs"]
SCRIPTS = "static"  # where djangojs's words are: our scripts, and nothing else's
# Django's handle() adds to these on the instance; each domain starts from the class's own.
_OPTION_LISTS = ["xgettext_options", "msgmerge_options", "msguniq_options", "msgattrib_options"]


class Command(makemessages.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(domain=None)  # both, unless one is asked for

    def handle(self, *args: Any, **options: Any) -> None:
        for domain in [options["domain"]] if options["domain"] else DOMAINS:
            for name in _OPTION_LISTS:
                vars(self).pop(name, None)
            super().handle(
                *args,
                **{
                    **options,
                    "domain": domain,
                    "ignore_patterns": [*options["ignore_patterns"], *IGNORED],
                    "no_obsolete": True,
                    "add_location": options["add_location"] or "file",
                },
            )

    def find_files(self, root: str) -> list[Any]:
        if self.domain == "djangojs":
            root = os.path.join(root, SCRIPTS)
        return super().find_files(root)
