from crylog.accounts.models import User
from crylog.lib.http import HtmxHttpRequest


class AuthedRequest(HtmxHttpRequest):
    """A request that passed ``login_required``: its user is a real ``User``."""

    user: User
