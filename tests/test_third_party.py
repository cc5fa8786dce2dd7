"""No page asks anything of a third party: every address in every page is our own origin,
apart from the crisis lines' tel:/sms: links and the help page's documented outbound link,
and the Content-Security-Policy allows nothing else either."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment
from crylog.pages.helplines import OUTBOUND_LINKS
from crylog.yourdata.models import PendingImport
from tests.accounts.passkeys import give_a_passkey
from tests.conftest import PASSWORD, make_cry

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "poster", "data", "cite", "background",
    "manifest", "icon", "ping", "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete",
    "data-hx-get", "data-hx-post", "data-hx-put", "data-hx-patch", "data-hx-delete",
}  # fmt: skip


class Addresses(HTMLParser):
    """Every address in a page, and anything inline the policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES or name.endswith("-url"):
                if name == "srcset":
                    self.urls += [item.strip().split(" ")[0] for item in value.split(",")]
                else:
                    self.urls.append(value)
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}>")
        if tag == "style":
            self.inline.append("<style>")
        # A data block (json_script) is not run, so the policy has nothing to allow there.
        kept = dict(attrs)
        if tag == "script" and not kept.get("src") and kept.get("type") != "application/json":
            self.inline.append("<script> without src")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.urls.append((dict(attrs).get("content") or "").partition("url=")[2])


def routes(
    patterns: list[URLPattern | URLResolver], prefix: str = "", outer: frozenset[str] = frozenset()
) -> Iterator[tuple[str, URLPattern, frozenset[str]]]:
    """(route, pattern, its arguments, including those of the includes around it)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from routes(
                entry.url_patterns,
                prefix + str(entry.pattern),
                outer | set(entry.pattern.regex.groupindex),
            )
        else:
            yield prefix + str(entry.pattern), entry, outer | set(entry.pattern.regex.groupindex)


def page_urls(ids: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(name, address) of every page we can fill in: no arguments, or a cry or upload id."""
    for _, pattern, arguments in routes(get_resolver().url_patterns):
        if not pattern.name or (arguments and arguments != {"pk"}):
            continue
        if arguments:
            prefix = next((p for p in ids if pattern.name.startswith(p)), None)
            if prefix is None:
                continue
            yield pattern.name, reverse(pattern.name, args=[ids[prefix]])
        else:
            yield pattern.name, reverse(pattern.name)


Pages = dict[str, tuple[str, str]]


def rendered_pages(client: Client, ids: dict[str, int]) -> Pages:
    """name → (HTML, CSP header) of every page that answers a GET with HTML."""
    pages = {}
    for name, url in page_urls(ids):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[name] = (response.content.decode(), response.get("Content-Security-Policy", ""))
    return pages


@pytest.fixture(params=[False, True], ids=["logged out", "logged in"])
def site(request: pytest.FixtureRequest, client: Client, user: User) -> tuple[bool, Pages]:
    """Every page, rendered logged out and logged in, with a cry and an upload to show."""
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 40, Moment.BEFORE: 60})
    Cry.objects.create(user=user, planned=True)
    pending = PendingImport.objects.create(user=user, file_name="x.csv", content="")
    passkey = give_a_passkey(user)
    if request.param:
        client.force_login(user)
        # Passkey pages that add or remove one show only once the person confirmed it is them.
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    ids = {"cry-": cry.pk, "account-import-": pending.pk, "mfa_": passkey.pk}
    return request.param, rendered_pages(client, ids)


def outside(url: str, *, on_help_page: bool) -> bool:
    parts = urlsplit(url.strip())
    if on_help_page and (parts.scheme in {"tel", "sms"} or url in OUTBOUND_LINKS):
        return False
    return bool(parts.scheme or parts.netloc)


def test_every_page_addresses_only_our_own_origin(site: tuple[bool, Pages]) -> None:
    logged_in, pages = site
    must_cover = {"cry-home", "pages-help", "pages-privacy"}
    if logged_in:
        must_cover |= {"cry-list", "cry-detail", "cry-new", "cry-delete", "account-settings"}
        must_cover |= {"account-import", "account-import-preview", "account-delete"}
        must_cover |= {"account_email", "account_change_password"}
    else:
        must_cover |= {"account_login", "account_signup", "account_reset_password"}
    assert must_cover <= set(pages)

    for name, (html, _) in pages.items():
        parser = Addresses()
        parser.feed(html)
        assert parser.urls, name
        assert parser.inline == [], name
        on_help_page = name == "pages-help"
        assert [url for url in parser.urls if outside(url, on_help_page=on_help_page)] == [], name


def test_the_help_page_leads_out_only_to_phone_lines_and_the_documented_directory(
    client: Client,
) -> None:
    parser = Addresses()
    parser.feed(client.get(reverse("pages-help")).content.decode())
    leading_out = {url for url in parser.urls if outside(url, on_help_page=False)}
    assert {url for url in leading_out if not url.startswith(("tel:", "sms:"))} == OUTBOUND_LINKS
    assert {"tel:988", "sms:988", "tel:116123"} <= leading_out


def test_the_content_security_policy_allows_only_our_own_origin(site: tuple[bool, Pages]) -> None:
    _, pages = site
    assert pages
    for name, (_, policy) in pages.items():
        directives = {
            parts[0]: parts[1:]
            for parts in (item.split() for item in policy.split(";") if item.strip())
        }
        assert directives["default-src"] == ["'self'"], name
        assert directives["object-src"] == directives["base-uri"] == ["'none'"], name
        for directive, sources in directives.items():
            for source in sources:
                assert source in {"'self'", "'none'"} or re.fullmatch(
                    r"'nonce-[\w+/=-]+'|data:", source
                ), f"{name}: {directive} allows {source}"
            assert "'unsafe-inline'" not in sources
            assert "'unsafe-eval'" not in sources


def test_our_styles_and_scripts_fetch_nothing_from_elsewhere() -> None:
    for path in [*ROOT.glob("static/**/*.css"), *ROOT.glob("static/**/*.js")]:
        text = path.read_text()
        assert not re.search(r"https?://|url\(\s*['\"]?//|@import", text), path
