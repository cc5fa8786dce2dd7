from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser

from crylog.cries import services as cry_services
from crylog.cries.models import Moment, MoodRating
from crylog.studies import services
from crylog.studies.models import ExportLog
from tests.conftest import make_user
from tests.studies.factories import CONSENT, join, make_researcher, make_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shots(browser: Browser, live_server: object) -> None:
    researcher = make_researcher("researcher@example.org")
    study = make_study(researcher, title="Tears at home: a four-week diary of crying and mood", collects_notes=True)
    make_study(researcher, title="Pilot", starts_on=timezone.localdate() - timezone.timedelta(days=40), ends_on=timezone.localdate() - timezone.timedelta(days=10))
    people = []
    for i in range(5):
        p = make_user()
        part = join(study, p)
        people.append(part)
        for j in range(i + 1):
            cry = cry_services.cry_create(user=p, valence=40)
            if j % 2 == 0:
                MoodRating.objects.create(cry=cry, moment=Moment.AFTER_90, valence=60, given_at=timezone.now(), is_late=j == 2)
    services.participant_withdraw(participant=people[3], keep=False, now=timezone.now())
    services.participant_withdraw(participant=people[4], keep=True, now=timezone.now())
    services.study_update(study=study, changes={}, consent_text=CONSENT + " v2")
    for part in people[:2]:
        services.consent_agree(participant=part, consent_number=2, now=timezone.now())
    ExportLog.objects.create(study=study, researcher=researcher, what="ratings", rows=1234, at=timezone.now())
    ExportLog.objects.create(study=study, researcher=researcher, what="codebook", rows=26, at=timezone.now())
    client = Client()
    client.force_login(researcher)
    for width, height in ((360, 780), (390, 844), (1280, 800)):
        for scheme in ("light", "dark"):
            ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, base_url=str(live_server.url))  # type: ignore[attr-defined]
            page = ctx.new_page()
            page.goto("/privacy/")
            site = urlsplit(page.url)
            ctx.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": f"{site.scheme}://{site.netloc}/"}])
            for name, path in (("list", "/studies/"), ("detail", f"/studies/{study.pk}/"), ("edit", f"/studies/{study.pk}/edit/"), ("new", "/studies/new/")):
                page.goto(path)
                page.screenshot(path=f"/tmp/rshots/{name}-{width}-{scheme}.png", full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, width)
            page.goto("/settings/")
            page.locator("#your-studies").screenshot(path=f"/tmp/rshots/card-{width}-{scheme}.png")
            ctx.close()
