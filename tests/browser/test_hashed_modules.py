"""crylog's scripts as a production server serves them: DEBUG off, collectstatic's hashed names,
and the imports between modules rewritten to those names (crylog/lib/staticfiles.py). The other
browser tests run Django's live server, which serves every file by its own name."""

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PHONES, PageProblems, sign_in
from tests.browser.test_offline import ACTIVE, SHELL_KEPT, check_in_offline, until
from tests.pwa.modules import follow_imports, module_scripts
from tests.servers import manage, production_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EMAIL, PASSWORD = "hashed@example.com", "a long production passphrase"
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.js$")


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder: Path = tmp_path_factory.mktemp("production")
    with production_site(folder, f"User.objects.create_user({EMAIL!r}, {PASSWORD!r})") as site:
        yield site


def cries(env: dict[str, str]) -> int:
    """The number of cries in the production server's database."""
    count = "from crylog.cries.models import Cry; print(Cry.objects.count())"
    return int(manage(env, "shell", "-v0", "-c", count).strip())


@pytest.fixture
def context(browser: Browser, production: tuple[str, dict[str, str]]) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONES["android"], base_url=production[0])
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_every_module_and_every_import_has_its_hashed_name_and_is_kept_on_the_phone(
    context: BrowserContext,
) -> None:
    def get(url: str) -> tuple[str, str]:
        response = context.request.get(url)
        assert response.ok, url
        return response.headers["content-type"], response.text()

    pages = [get(path)[1] for path in ["/help/", "/offline/"]]
    scripts = [url for page in pages for url in module_scripts(page)]
    modules = follow_imports(get, *scripts)
    service_worker = follow_imports(get, "/sw.js")
    del service_worker["/sw.js"]
    assert all(HASHED.match(url) for url in [*modules, *service_worker]), [
        *modules,
        *service_worker,
    ]
    shell = re.search(r"^const SHELL = (\{.*\});$", get("/sw.js")[1], re.MULTILINE)
    assert shell
    assert set(modules) <= set(json.loads(shell.group(1))["files"])


def test_hashed_modules_import_each_other_and_keep_crylog_working_offline(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    production: tuple[str, dict[str, str]],
) -> None:
    before = cries(production[1])  # a second try of this test finds the first one's cry
    page.goto("/help/")
    scripts = page.eval_on_selector_all(
        "script[type=module]", "(scripts) => scripts.map((s) => new URL(s.src).pathname)"
    )
    assert scripts, "the page loads no module"
    assert all(HASHED.match(src) for src in scripts), scripts

    page.goto("/accounts/login/")
    sign_in(page, EMAIL, PASSWORD)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    # The service worker ran: its module and every module it imports were found by their
    # hashed names, and it kept the shell's files, hashed too.
    assert until(page, lambda: page.evaluate(ACTIVE))
    assert until(page, lambda: page.evaluate(SHELL_KEPT))

    # Offline, the shell's modules (and what they import) come from the phone's cache.
    check_in_offline(page, context)
    expect(page.locator("#recent .cry-row--waiting")).to_have_count(1)
    context.set_offline(False)  # the page sends it, and opens the home page
    expect(page.locator("#recent .cry-row--waiting")).to_have_count(0)
    # Each look at the database starts a Django process: several seconds on a loaded machine.
    deadline = time.monotonic() + 120
    while cries(production[1]) == before and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert cries(production[1]) == before + 1
    problems.assert_none()
