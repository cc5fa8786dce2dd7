"""Who reaches the researcher's pages and the export: someone the operator let run studies
(``studies.run_studies``), and of the studies only their own. Anyone else gets a 404, never a
403 that would say the page exists."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from crylog.accounts.http import AuthedRequest
from crylog.studies.models import RUN_STUDIES, Study

View = Callable[..., HttpResponse]


def researcher_required(view: View) -> View:
    """Signed in (else the login page), and allowed to run studies (else a 404). It goes above
    the verb decorators: a 405 to someone else would say the page exists."""

    @wraps(view)
    def checked(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(RUN_STUDIES):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(checked)


def own_study(request: AuthedRequest, pk: int) -> Study:
    """The researcher's own study; another researcher's is a 404."""
    return get_object_or_404(Study.objects.for_researcher(request.user), pk=pk)
