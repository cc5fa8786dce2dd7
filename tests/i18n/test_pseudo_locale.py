"""No word reaches a person without passing through a translation.

The test builds a pseudo-language at test time: every msgid crylog's catalogue, Django's and
allauth's know, "translated" as itself in ⟦…⟧ (placeholders kept). Every page a person can
reach (the page list of tests/pages/test_valid_html.py, forms with errors included), the
trends page's charts, the reminder e-mail, the push payload and the calendar file are made in
that language, and any visible word outside ⟦…⟧ fails the test: a word someone forgot to mark.
What is data, not words, is allowed by the short list below (ALLOWED and allowed_data).
"""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from crylog.followups import deliver, push
from crylog.followups.mail import email_off_token
from crylog.followups.models import DeliveryAttempt, FollowUp, PushSubscription
from crylog.pages.helplines import HELPLINES
from tests.conftest import make_cry, make_user
from tests.followups.push_service import Device
from tests.i18n.catalogues import read_po
from tests.i18n.pseudo import script_catalogue
from tests.pages.test_valid_html import _signed_in_pages, _signed_out_pages, _trends_pages

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
LETTER = re.compile(r"[^\W\d_]")
# Data, not words: what a person wrote or chose, addresses, and crylog's own name.
ALLOWED = [
    re.compile(r"https?://\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\bcrylog\b"),  # the brand, which stays as it is in every language
]


def allowed_data() -> set[str]:
    """The data the pages of these tests show as it is: their own note and passkey name,
    helplines by their own names, and each language by its own name."""
    return {
        "A long day.",  # the note of tests/pages/test_valid_html.py's cry
        "My phone",  # give_a_passkey's passkey
        "Notes",  # the reminder name the page list saves
        "cries.json",  # the name of the file imported
        *(line.name for line in HELPLINES),
        *(name for _code, name in settings.LANGUAGES),
    }


def unmarked(text: str, data: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The lines of ``text`` left with a letter once marked words and data are taken out."""
    while MARKED.search(text):
        text = MARKED.sub(" ", text)  # innermost first: a marked sentence may hold marked words
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return [" ".join(line.split()) for line in text.splitlines() if LETTER.search(line)]


# Attributes a person sees or hears: tooltips, screen readers' names and values, placeholders,
# pictures' text, and the words on an <input type="submit">.
SPOKEN = {"aria-label", "aria-valuetext", "title", "placeholder", "alt"}
BUTTONS = {"submit", "button", "reset"}


class _Words(HTMLParser):
    """A page's visible text and spoken attributes, and the JSON of its charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []  # the page's text, one node a line
        self.attributes: list[str] = []
        self.charts: list[str] = []
        self.inside: list[str] = []  # "script" or "style" while in one
        self.chart = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.attributes += [value for name, value in attrs if name in SPOKEN and value]
        if tag == "input" and values.get("type") in BUTTONS and values.get("value"):
            self.attributes.append(values["value"] or "")
        if tag == "option" and values.get("value"):
            self.option_value: str | None = values["value"]
        if tag in ("script", "style"):
            self.inside.append(tag)
            self.chart = tag == "script" and (values.get("id") or "").startswith("chart-")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.inside:
            self.inside.pop()
            self.chart = False
        if tag == "option":
            self.option_value = None

    def handle_data(self, data: str) -> None:
        if self.chart:
            self.charts.append(data)
        elif not self.inside and data.strip() != getattr(self, "option_value", None):
            # An option shown as its own value (a time zone's name) is data.
            self.texts.append(data.replace("\n", " "))


# The keys of a Plotly figure whose strings show on the chart or in its hover box.
FIGURE_WORDS = {"text", "name", "ticktext", "hovertemplate", "customdata", "y"}


def figure_words(node: object, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from figure_words(value, name)
    elif isinstance(node, list):
        for item in node:
            yield from figure_words(item, key)
    elif isinstance(node, str) and key in FIGURE_WORDS:
        # Plotly's own placeholders and markup are not words.
        yield re.sub(r"%\{[^}]*\}|<br>|</?extra>", " ", node)


def page_problems(pages: dict[str, str]) -> list[str]:
    data = allowed_data()
    problems = []
    for name, html in pages.items():
        reader = _Words()
        # The frame tests/pages/test_valid_html.py puts around an htmx answer is not crylog's.
        reader.feed(html.replace("<title>x</title>", "<title></title>"))
        # A marked sentence may hold markup: its text nodes are read together, a line each.
        texts = ["\n".join(reader.texts), *reader.attributes]
        texts += [words for chart in reader.charts for words in figure_words(json.loads(chart))]
        problems += [f"{name}: {left!r}" for text in texts for left in unmarked(text, data)]
    return problems


def _more_pages(pages: dict[str, str]) -> None:
    """Pages the HTML check does not reach: an import checked and refused, where you are
    signed in, the trends page with nothing and with one cry, a device on the reminders page,
    turning reminder e-mail off, a calendar reminder no longer needed, the error pages."""
    client = Client()
    owner = make_user()
    client.force_login(owner)
    for name, content in [
        ("import, refused", b'cry_id,ended_at\n1,"not a time"\n'),
        ("import, nonsense", b"{"),
        ("import, empty", b""),
    ]:
        upload = SimpleUploadedFile("cries.csv", content)
        pages[name] = client.post(reverse("account-import"), {"file": upload}).content.decode()
    pages["trends, nothing yet"] = client.get(reverse("insights-dashboard")).content.decode()
    make_cry(owner, ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 40})
    pages["trends, one cry"] = client.get(reverse("insights-dashboard")).content.decode()
    pages["trends, none lately"] = client.get("/trends/?range=30d").content.decode()
    make_cry(owner, ended_at=timezone.now() - timedelta(days=60))
    make_cry(owner, ended_at=timezone.now() - timedelta(days=61))
    pages["trends, none in 30 days"] = client.get("/trends/?range=30d").content.decode()
    exported = b"".join(client.get(reverse("account-export-json")).streaming_content)  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("cries.json", exported)
    preview = client.post(reverse("account-import"), {"file": upload}, follow=True)
    pages["import, preview"] = preview.content.decode()
    pending = preview.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    added = client.post(reverse("account-import-confirm", args=[pending]), follow=True)
    pages["import, added"] = added.content.decode()
    pages["where you're signed in"] = client.get(reverse("account-sessions")).content.decode()
    signed_out = client.post(reverse("account-sessions"), {"end": "others"}, follow=True)
    pages["signed out everywhere else"] = signed_out.content.decode()
    device = Device("phone", "https://push.example/sub")
    subscription = PushSubscription.objects.create(
        user=owner, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    pages["reminders, a device"] = client.get(reverse("reminder-settings")).content.decode()
    for name, url, data in [
        ("a device removed", reverse("push-device-remove", args=[subscription.pk]), {}),
        ("no device to test", reverse("push-test"), {}),
        ("reminder e-mail on", reverse("reminder-email"), {"followup_email": "on"}),
        ("reminder e-mail off, in settings", reverse("reminder-email"), {}),
        ("a cry deleted", reverse("cry-delete", args=[owner.cries.first().pk]), {}),  # type: ignore[union-attr]
    ]:
        pages[name] = client.post(url, data, follow=True).content.decode()
    pages["language, refused"] = client.post(
        reverse("account-language"), {"language": "xx"}
    ).content.decode()
    answered = cry_services.cry_create(user=owner, valence=40).followups.get()
    FollowUp.objects.filter(pk=answered.pk).update(state=FollowUp.State.ANSWERED)
    pages["calendar, not needed"] = client.get(
        reverse("followup-calendar", args=[answered.pk])
    ).content.decode()
    off = reverse("reminder-email-off", args=[email_off_token(owner)])
    pages["reminder e-mail off?"] = Client().get(off).content.decode()
    pages["reminder e-mail off"] = Client().post(off).content.decode()
    for template in ["500.html", "503.html", "accounts/mail_down.html"]:
        pages[template] = render_to_string(template)
    # The words each of these came for are there, and marked.
    for name, words in [
        ("import, refused", "⟦Line 1: ⟦missing columns: timezone, planned,"),
        ("import, added", "⟦Added 0 cries with ⟦0 ratings⟧.⟧ ⟦Skipped 3 cries already here"),
        ("signed out everywhere else", "⟦You are signed out everywhere else.⟧"),
        ("a device removed", "⟦Removed ⟦"),
        ("reminder e-mail on", "⟦E-mail reminders are on.⟧"),
        ("a cry deleted", "⟦Deleted, with its ratings.⟧"),
    ]:
        assert words in pages[name], name


def test_every_page_speaks_only_in_translated_words(
    db: None, pseudo_language: str, settings: object
) -> None:
    settings.LANGUAGE_CODE = pseudo_language  # type: ignore[attr-defined]
    pages: dict[str, str] = {}
    _signed_out_pages(pages)
    _signed_in_pages(pages, make_user())
    _trends_pages(pages, make_user())
    _more_pages(pages)
    assert len(pages) > 70
    assert '<html lang="en-xa" dir="ltr">' in pages["home"]
    # The help page's country first, and why, in words of the catalogue too.
    why = "⟦Shown first because your time zone is Europe/Berlin.⟧"
    assert why in pages["help, the time zone's country first"]
    why = "⟦Shown first because your browser asks for ⟦French⟧ (⟦Switzerland⟧).⟧"
    assert why in pages["help, a browser in Switzerland"]
    problems = page_problems(pages)
    assert problems == [], "\n".join(problems)


def test_a_word_left_unmarked_is_found(pseudo_language: str) -> None:
    """The test above can fail: an English word outside ⟦…⟧, in text or a spoken attribute."""
    with translation.override(pseudo_language):
        said = translation.gettext("Settings")
    assert said == "⟦Settings⟧"
    assert page_problems({"ok": f"<p>{said} 12:30 · person@example.com crylog</p>"}) == []
    assert page_problems({"text": f"<p>{said} now</p>"}) == ["text: 'now'"]
    assert page_problems({"label": f'<a aria-label="Open {said}">x</a>'}) == [
        "label: 'x'",
        "label: 'Open'",
    ]


@pytest.fixture
def speaks_pseudo(db: None, pseudo_language: str) -> User:
    """A person who chose the pseudo-language, with a cry whose reminder is due."""
    return make_user(language=pseudo_language, followup_email=True)


def a_followup(user: User, *, due: bool) -> FollowUp:
    """The follow-up of a cry logged now; made due now, its reminder offers "In 15 minutes"."""
    cry = cry_services.cry_create(user=user, valence=40)
    if due:
        cry.followups.update(due_at=timezone.now() - timedelta(minutes=1))
    return cry.followups.get()


def test_the_worker_writes_the_reminder_in_the_persons_language(
    speaks_pseudo: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    followup = a_followup(speaks_pseudo, due=True)
    device = Device("phone", "https://push.example/sub")
    PushSubscription.objects.create(
        user=speaks_pseudo, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    payloads: list[dict[str, object]] = []

    def send(*, payload: dict[str, object], **_: object) -> DeliveryAttempt:
        payloads.append(payload)
        return DeliveryAttempt(channel=DeliveryAttempt.Channel.PUSH, attempted_at=timezone.now())

    monkeypatch.setattr(push, "is_configured", lambda: True)
    monkeypatch.setattr(push, "send", send)
    deliver.send_everywhere(FollowUp.objects.get(pk=followup.pk))  # as the worker reads it

    [payload] = payloads
    words = [str(payload["title"]), str(payload["body"])]
    words += [str(action["title"]) for action in payload.get("actions", [])]  # type: ignore[attr-defined]
    assert len(words) == 4
    [message] = mail.outbox
    words += [str(message.subject), *str(message.body).splitlines()]
    problems = [f"{text!r}: {left!r}" for text in words for left in unmarked(text)]
    assert problems == []
    assert message.subject == "⟦Time for your check-in⟧"


def test_the_calendar_event_is_in_the_persons_language(speaks_pseudo: User) -> None:
    followup = a_followup(speaks_pseudo, due=False)
    client = Client()
    client.force_login(speaks_pseudo)
    ics = client.get(reverse("followup-calendar", args=[followup.pk])).content
    calendar = Calendar.from_ical(ics)
    words = [
        str(component[field])
        for component in calendar.walk()
        for field in ("SUMMARY", "DESCRIPTION")
        if field in component
    ]
    assert len(words) == 3  # the event's summary and description, the alarm's description
    problems = [f"{text!r}: {left!r}" for text in words for left in unmarked(text)]
    assert problems == []


def test_without_a_choice_the_worker_writes_in_the_default_language(
    db: None, pseudo_language: str
) -> None:
    user = make_user(followup_email=True)
    followup = a_followup(user, due=True)
    with translation.override(pseudo_language):  # whatever was active before, it is not theirs
        deliver.send_everywhere(FollowUp.objects.get(pk=followup.pk))
    assert mail.outbox[0].subject == "Time for your check-in"


def catalogue_of(script: str) -> dict[str, str | list[str]]:
    """The words in a catalogue of the scripts (Django's JavaScriptCatalog): msgid → its
    translation, or the list of its plural forms."""
    found = re.search(r"const newcatalog = (\{.*?\n  \});", script, re.DOTALL)
    assert found, "no words in the catalogue"
    words: dict[str, str | list[str]] = json.loads(found.group(1))
    return words


def test_the_scripts_speak_only_in_translated_words(db: None, pseudo_language: str) -> None:
    """Every word our scripts mark comes translated in the catalogue the page loads; the service
    worker carries the same catalogue for its own words. (tests/browser/test_script_words.py
    shows them on a phone.)"""
    client = Client()
    client.force_login(make_user(language=pseudo_language))
    page = client.get(reverse("cry-home")).content.decode()
    address = re.search(r'<script src="(/jsi18n/[^"]+)" defer></script>', page)
    assert address, "the page loads no catalogue"
    assert address.group(1).startswith(f"/jsi18n/{pseudo_language}/")
    words = catalogue_of(b"".join(client.get(address.group(1))).decode())
    assert set(words) == {entry.msgid for entry in read_po(script_catalogue())}
    for msgid, said in words.items():
        forms = said if isinstance(said, list) else [said]
        assert all(unmarked(form) == [] for form in forms), msgid
    assert words["Answer now"] == "⟦Answer now⟧"

    urls = re.search(r'<script id="crylog-urls" type="application/json">(.*?)</script>', page)
    assert urls
    service_worker = Client().get(json.loads(urls.group(1))["serviceWorker"]).content.decode()
    assert catalogue_of(service_worker) == words
