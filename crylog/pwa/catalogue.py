"""The words of crylog's scripts: Django's JavaScript catalogue (domain ``djangojs``,
locale/<language>/LC_MESSAGES/djangojs.po), one per language.

Its address names the language and a hash of the catalogue, ``/jsi18n/de/3f2a9c1b0d4e.js``:
it depends on nothing else, so browsers keep it for a year and it needs no session, no user and
no database (crylog/pwa/middleware.py answers it before the session is read). A page asks for
the one of the language it is written in (``{% catalogue_url %}``); a new catalogue has a new
address. Each is made once per process and kept; a .mo file changed under ``runserver`` or a
test's change of the languages makes them anew.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from django.views.i18n import JavaScriptCatalog

# The first part of the catalogue's address (crylog/pwa/urls.py), which the middleware looks for.
PREFIX = "jsi18n/"
# crylog's own apps, none of which has a locale/ folder: the catalogue then holds only what
# LOCALE_PATHS hold (crylog's words), not the djangojs words of every installed app (the admin's).
PACKAGES = [
    "crylog.accounts",
    "crylog.cries",
    "crylog.followups",
    "crylog.insights",
    "crylog.pages",
    "crylog.pwa",
    "crylog.yourdata",
]


@dataclass(frozen=True)
class Catalogue:
    language: str
    script: bytes
    version: str

    @property
    def url(self) -> str:
        return reverse("pwa-catalogue", kwargs={"language": self.language, "version": self.version})


_made: dict[str, Catalogue] = {}


def offered(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def catalogue(language: str) -> Catalogue:
    """The catalogue of ``language``, one of LANGUAGES."""
    made = _made.get(language)
    if made is None:
        view = JavaScriptCatalog(packages=PACKAGES)
        with translation.override(language):
            # JavaScriptCatalog reads the active language and nothing of the request.
            script = view.get(HttpRequest()).content
        version = hashlib.sha256(script).hexdigest()[:12]
        made = _made[language] = Catalogue(language, script, version)
    return made


def page_language() -> str:
    """The language a page is written in (the person's, else the browser's) when crylog offers
    it, else LANGUAGE_CODE."""
    language = translation.get_language()
    return language if offered(language) else settings.LANGUAGE_CODE


def catalogue_url() -> str:
    """The address of the catalogue of the page's language."""
    return catalogue(page_language()).url


@receiver(setting_changed)
def _languages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _made.clear()


@receiver(file_changed)
def _catalogue_compiled(*, file_path: Path, **kwargs: Any) -> None:
    # Django's own receiver drops its cached translations then (runserver goes on without a
    # restart); these go with them. Returning nothing leaves the decision to restart to it.
    if file_path.suffix == ".mo":
        _made.clear()
