"""Django's makemessages, set the way crylog's catalogues are written.

``manage.py makemessages -l de -l es -l en`` writes locale/<lang>/LC_MESSAGES/django.po from
crylog's own code and templates: the virtualenv, npm's folder, collected static files, the
tests, the benchmarks and the tools are left out; a msgid the code no longer uses is dropped
(--no-obsolete); and each msgid names only the files it comes from (--add-location=file), so
that moving a line does not rewrite the catalogues. tests/i18n/test_catalogues.py runs the same
command and fails when a catalogue is out of step with the code.
"""

from typing import Any

from django.core.management.commands import makemessages

IGNORED = [".venv", ".tools", "node_modules", "staticfiles", "tests", "benchmarks", "tools"]


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        options["no_obsolete"] = True
        options["add_location"] = options["add_location"] or "file"
        super().handle(*args, **options)
