"""The ES modules a page or the service worker loads, followed through their imports."""

import re
from collections.abc import Callable, Iterable
from typing import cast
from urllib.parse import urljoin

from django.http import StreamingHttpResponse
from django.test import Client

MODULE_SCRIPT = re.compile(r'<script type="module" src="([^"]+)"></script>')
IMPORT = re.compile(r'^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";', re.MULTILINE)


def module_graph(client: Client, *urls: str) -> dict[str, str]:
    """These modules and each module they import, directly or not, by URL, with the
    Content-Type each is served with."""

    def get(url: str) -> tuple[str, str]:
        response = client.get(url)
        assert response.status_code == 200, url
        if isinstance(response, StreamingHttpResponse):
            text = b"".join(cast(Iterable[bytes], response.streaming_content))
        else:
            text = response.content
        return response["Content-Type"], text.decode()

    return follow_imports(get, *urls)


def follow_imports(get: Callable[[str], tuple[str, str]], *urls: str) -> dict[str, str]:
    """``get`` answers a URL with its Content-Type and text."""
    found: dict[str, str] = {}
    pending = list(urls)
    while pending:
        url = pending.pop()
        found[url], text = get(url)
        for name in IMPORT.findall(text):
            target = urljoin(url, name)
            if target not in found:
                pending.append(target)
    return found


def module_scripts(page: str) -> list[str]:
    return MODULE_SCRIPT.findall(page)
