"""The queue of check-ins kept on the phone, reached from a test as a script of the page reaches
it: no script leaves it in a global, so a test imports static/pwa/checkins.js and makes the
queue with the page's own URLs, as static/pwa/offline.js does (another tab's queue, in effect:
both share the phone's IndexedDB and its lock)."""

QUEUE = (
    "import('/static/pwa/checkins.js').then(({ phoneQueue }) => "
    "phoneQueue(JSON.parse(document.getElementById('crylog-urls').textContent)))"
)


def on_queue(call: str) -> str:
    """A script that calls this on the queue: ``on_queue("flush()")``."""
    return f"{QUEUE}.then((queue) => queue.{call})"
