"""The installable app: its manifest, and the service worker served from the root of the site."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

from tests.pwa.modules import module_graph

pytestmark = pytest.mark.django_db


def test_the_manifest_describes_an_installable_standalone_app(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    manifest = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["display"], manifest["start_url"], manifest["scope"]) == (
        "standalone",
        "/",
        "/",
    )
    assert (
        manifest["theme_color"] != manifest["user_preferences"]["color_scheme_dark"]["theme_color"]
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"] if "purpose" in icon)
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_from_the_root_as_javascript(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    # An ES module: its parts are static files, each served as JavaScript.
    modules = module_graph(client, "/sw.js")
    assert all(kind.startswith("text/javascript") for kind in modules.values()), modules
    reminders = client.get(static("followups/notifications.js"))
    assert static("followups/notifications.js") in modules
    script = b"".join(reminders.streaming_content).decode()  # type: ignore[attr-defined]
    assert 'addEventListener("push"' in script
    assert 'addEventListener("notificationclick"' in script


def test_every_page_links_the_manifest_and_loads_the_service_worker_script(client: Client) -> None:
    page = client.get("/").content.decode()
    assert (
        '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">' in page
    )
    assert "followups/subscription.js" in page


def png_size(content: bytes) -> str:
    """A PNG's width and height, from its header chunk, as a manifest writes sizes."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(content[16:20]), int.from_bytes(content[20:24])
    return f"{width}x{height}"


def test_the_manifest_offers_a_shortcut_to_the_check_in_and_one_to_the_due_follow_up(
    client: Client,
) -> None:
    shortcuts = client.get("/manifest.webmanifest").json()["shortcuts"]
    assert [(s["name"], s["short_name"], s["url"]) for s in shortcuts] == [
        ("I just cried", "Log a cry", "/cries/new/"),
        ("Check in", "Check in", "/check-in/"),
    ]
    for shortcut in shortcuts:
        assert {icon["sizes"] for icon in shortcut["icons"]} >= {"96x96"}
        for icon in shortcut["icons"]:
            assert icon["type"] == "image/png"
            found = finders.find(icon["src"].removeprefix("/static/"))
            assert found, icon["src"]
            with open(found, "rb") as file:
                assert png_size(file.read()) == icon["sizes"], icon["src"]
