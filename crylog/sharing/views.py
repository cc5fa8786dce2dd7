from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from crylog.accounts.http import AuthedRequest
from crylog.insights import summary
from crylog.lib.headers import keep_to_yourself
from crylog.sharing import services
from crylog.sharing.forms import ShareLinkForm
from crylog.sharing.models import ShareLink

# The tokens of the links made in this session, by link id, so that the link's page can show
# the address again until the person signs out; the database holds only their digests.
SESSION_KEY = "share_link_tokens"


@require_POST
@login_required
def share_create(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localtime(now, request.user.zone).date()
    form = ShareLinkForm(request.POST, today=today)
    if not form.is_valid():
        return render(request, "sharing/link.html", {"form": form}, status=400)
    link, token = services.share_link_create(
        user=request.user,
        first=form.cleaned_data["from"],
        last=form.cleaned_data["to"],
        with_notes=form.cleaned_data["notes"],
        days=form.cleaned_data["days"],
        form_id=form.cleaned_data["form_id"],
        now=now,
    )
    if token is not None:
        request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), str(link.pk): token}
    return redirect("share-detail", pk=link.pk)


@require_GET
@login_required
def share_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink.objects.for_user(request.user).live(timezone.now()), pk=pk)
    token = request.session.get(SESSION_KEY, {}).get(str(link.pk))
    address = (
        request.build_absolute_uri(reverse("share-open", kwargs={"token": token}))
        if token
        else None
    )
    context = {"link": link, "address": address}
    return keep_to_yourself(render(request, "sharing/link.html", context), referrer=True)


@require_POST
@login_required
def share_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    if not services.share_link_revoke(user=request.user, pk=pk):
        raise Http404
    tokens = request.session.get(SESSION_KEY, {})
    if str(pk) in tokens:
        request.session[SESSION_KEY] = {key: t for key, t in tokens.items() if key != str(pk)}
    messages.success(request, gettext("The link is revoked: it opens nothing any more."))
    return redirect(reverse("account-settings") + "#share-links")


@require_GET
def share_open(request: HttpRequest, token: str) -> HttpResponse:
    """The summary a live link shows, computed now; the same "gone" page for any other token.

    Nothing here touches the session: a visitor gets no cookie.
    """
    now = timezone.now()
    link = services.share_link_open(token, now=now)
    if link is None:
        return keep_to_yourself(render(request, "sharing/gone.html", status=404))
    owner = link.user
    with timezone.override(owner.zone):
        shown = summary.for_user(
            owner, first=link.first, last=link.last, with_notes=link.with_notes, now=now
        )
        context = {"summary": shown, "link": link}
        response = render(request, "sharing/shared.html", context)
    return keep_to_yourself(response)
