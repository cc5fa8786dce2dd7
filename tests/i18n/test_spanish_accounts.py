"""allauth's pages in Spanish speak to a person as crylog does, with "tú".

allauth's own Spanish catalogue mixes "usted" ("¿Ha olvidado su contraseña?") and "tú", and
Django's says its password rules and form errors with "usted"; crylog's catalogue beside the
English sentence-case one (crylog/accounts/allauth_locale/es) says them all with "tú".
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.i18n.catalogues import read_po

pytestmark = pytest.mark.django_db

SPANISH = {"Accept-Language": "es"}
OVERRIDES = Path(settings.BASE_DIR) / "crylog" / "accounts" / "allauth_locale"


def test_the_log_in_page_says_tu() -> None:
    html = Client().get(reverse("account_login"), headers=SPANISH).content.decode()
    assert "¿Olvidaste tu contraseña?" in html
    assert "Si aún no tienes una cuenta" in html
    assert "¿Ha olvidado su contraseña?" not in html
    assert "Si aún no ha creado una cuenta" not in html


def test_the_sign_up_page_and_its_password_rules_say_tu() -> None:
    html = Client().get(reverse("account_signup"), headers=SPANISH).content.decode()
    assert "¿Ya tienes una cuenta?" in html
    assert "Tu contraseña no puede parecerse demasiado a tus otros datos personales." in html
    assert "¿Ya tiene una cuenta?" not in html
    assert "Su contraseña" not in html


def test_a_sign_up_refused_says_what_to_fix_with_tu() -> None:
    response = Client().post(
        reverse("account_signup"), {"email": "nope", "password1": "x"}, headers=SPANISH
    )
    html = response.content.decode()
    assert "Escribe una dirección de correo electrónico válida." in html
    assert "Introduzca" not in html


def test_every_word_crylog_puts_in_sentence_case_has_a_spanish_tu_form() -> None:
    english = read_po(OVERRIDES / "en" / "LC_MESSAGES" / "django.po")
    spanish = {e.key: e for e in read_po(OVERRIDES / "es" / "LC_MESSAGES" / "django.po")}
    assert [e.key for e in english if e.key not in spanish] == []
    assert [e.key for e in spanish.values() if not all(e.msgstr)] == []
