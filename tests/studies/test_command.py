"""Who may run studies is the operator's to say: manage.py researcher grant|revoke|list, and
the admin's user form. A person granted either way reaches their studies."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.studies.models import RUN_STUDIES
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def researcher(*args: str) -> str:
    out = StringIO()
    call_command("researcher", *args, stdout=out)
    return out.getvalue()


def reaches_studies(person: User) -> bool:
    client = Client()
    client.force_login(person)
    return client.get(reverse("study-list")).status_code == 200


def test_grant_lets_a_person_run_studies_and_revoke_stops_them() -> None:
    person = make_user("ada@example.org")
    assert not reaches_studies(person)
    assert researcher("grant", "Ada@Example.org ") == "ada@example.org may run studies now.\n"
    assert User.objects.get(pk=person.pk).has_perm(RUN_STUDIES)
    assert reaches_studies(person)
    assert researcher("list") == "ada@example.org\n"
    assert researcher("revoke", "ada@example.org") == "ada@example.org may no longer run studies.\n"
    assert not User.objects.get(pk=person.pk).has_perm(RUN_STUDIES)
    assert not reaches_studies(person)
    assert researcher("list") == ""


def test_an_unknown_address_is_refused_and_nobody_is_granted() -> None:
    make_user("ada@example.org")
    with pytest.raises(CommandError, match=r"No account has the address nobody@example\.org"):
        researcher("grant", "nobody@example.org")
    assert researcher("list") == ""


def test_grant_and_revoke_need_an_address() -> None:
    with pytest.raises(CommandError, match="Say whose"):
        researcher("grant")


def test_revoking_a_superuser_says_they_still_may() -> None:
    User.objects.create_superuser(email="root@example.org", password="a long passphrase here")
    researcher("grant", "root@example.org")
    assert "still allowed as a superuser" in researcher("revoke", "root@example.org")


def test_a_superuser_grants_can_run_studies_in_the_admin_and_the_person_reaches_studies() -> None:
    admin = User.objects.create_superuser(email="root@example.org", password="a long passphrase")
    person = make_user("ada@example.org")
    client = Client()
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'<option value="(\d+)"[^>]*>[^<]*Can run studies</option>', page.text)
    assert found is not None, "the admin offers the permission"
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "user_permissions", "groups")
    }
    data.update(
        {
            "email": person.email,
            "timezone": person.timezone,
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
            "user_permissions": [found[1]],
        }
    )
    for flag in ("is_active", "followup_after_20", "followup_email", "safety_messages"):
        if not form.initial.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(pk=person.pk)
    assert person.has_perm(RUN_STUDIES)
    assert reaches_studies(person)
