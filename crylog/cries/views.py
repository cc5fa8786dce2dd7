from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crylog.cries import services
from crylog.cries.forms import BeforeForm, CheckInForm, CryDetailsForm, RatingForm
from crylog.cries.models import Cry, Moment
from crylog.cries.safety import HELP_OFFER, add_help_offer, should_offer_help
from crylog.lib.http import AuthedRequest, HtmxHttpRequest

RECENT_CRIES = 3
PLANNED_ON_HOME = 3  # the newest running planned cries; the rest are in the history
CRIES_PER_PAGE = 20


def _own_cry(request: AuthedRequest, pk: int) -> Cry:
    return get_object_or_404(Cry.objects.for_user(request.user).with_ratings(), pk=pk)


@require_GET
def cry_home(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "cries/welcome.html")
    cries = Cry.objects.for_user(request.user).with_ratings()  # type: ignore[arg-type]
    in_progress = list(cries.in_progress().order_by("-created_at", "-pk")[: PLANNED_ON_HOME + 1])
    more_in_progress = 0
    if len(in_progress) > PLANNED_ON_HOME:
        more_in_progress = cries.in_progress().count() - PLANNED_ON_HOME
    return render(
        request,
        "cries/home.html",
        {
            "in_progress": in_progress[:PLANNED_ON_HOME],
            "more_in_progress": more_in_progress,
            "recent": cries.ended().newest_first()[:RECENT_CRIES],
            "end_form": RatingForm(),
        },
    )


@require_GET
@login_required
def cry_new(request: AuthedRequest) -> HttpResponse:
    template = "cries/new.html#checkin-form" if request.htmx else "cries/new.html"
    return render(request, template, {"form": CheckInForm()})


@require_POST
@login_required
def cry_create(request: AuthedRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if not form.is_valid():
        template = "cries/new.html#checkin-form" if request.htmx else "cries/new.html"
        return render(request, template, {"form": form})
    cry = services.cry_create(
        user=request.user,
        valence=form.cleaned_data["valence"],
        arousal=form.cleaned_data["arousal"],
        ended_at=form.cleaned_data["ended_at"],
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        context = _detail_context(cry, just_saved=True, offer_help=offer_help)
        return render(request, "cries/cry_detail.html#saved", context)
    messages.success(request, "Saved. You can add more now or later.")
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_plan(request: AuthedRequest) -> HttpResponse:
    """A cry expected in advance: rate how you feel before it, for real."""
    form = RatingForm(request.POST or None)
    form.fields["valence"].label = "How do you feel now, before it starts?"
    if request.method == "POST":
        if form.is_valid():
            services.cry_plan(
                user=request.user,
                valence=form.cleaned_data["valence"],
                arousal=form.cleaned_data["arousal"],
            )
            messages.success(request, "Noted. Tap “It's over” on the home page when it ends.")
            return redirect("cry-home")
        return render(request, "cries/plan.html", {"form": form})
    return render(request, "cries/plan.html", {"form": form})


@require_POST
@login_required
def cry_end(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    if cry.is_over:
        messages.info(request, "That one has already ended.")
        return redirect(cry)
    form = RatingForm(request.POST)
    if not form.is_valid():
        template = "cries/home.html#end-form" if request.htmx else "cries/end.html"
        return render(request, template, {"cry": cry, "end_form": form})
    services.cry_end(
        cry=cry, valence=form.cleaned_data["valence"], arousal=form.cleaned_data["arousal"]
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        cry = _own_cry(request, pk)
        context = _detail_context(cry, just_saved=True, offer_help=offer_help)
        return render(request, "cries/cry_detail.html#saved", context)
    messages.success(request, "Saved.")
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_GET
@login_required
def cry_list(request: AuthedRequest) -> HttpResponse:
    cries = Cry.objects.for_user(request.user).with_ratings().newest_first()
    page = Paginator(cries, CRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cries/cry_list.html", {"page": page})


def _detail_context(
    cry: Cry, *, just_saved: bool = False, offer_help: bool = False
) -> dict[str, object]:
    ratings = cry.ratings_in_order()
    return {
        "help_offer": HELP_OFFER if offer_help else "",
        "cry": cry,
        "ratings": ratings,
        "before": next((r for r in ratings if r.moment == Moment.BEFORE), None),
        "before_form": BeforeForm(),
        # Right after a check-in the details form is fetched only when asked for: it is
        # the biggest part of the page and most check-ins never open it.
        "details_form": None if just_saved else CryDetailsForm(instance=cry),
        "just_saved": just_saved,
    }


@require_GET
@login_required
def cry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render(request, "cries/cry_detail.html", _detail_context(_own_cry(request, pk)))


@require_POST
@login_required
def cry_rate_before(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    form = BeforeForm(request.POST)
    context = _detail_context(cry)
    if not form.is_valid():
        context["before_form"] = form
        template = "cries/cry_detail.html#before" if request.htmx else "cries/cry_detail.html"
        return render(request, template, context)
    # A planned cry's before was rated at the time; a later one is remembered.
    context["before"] = services.rating_save(
        cry=cry,
        moment=Moment.BEFORE,
        valence=form.cleaned_data["valence"],
        is_recalled=True,
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.BEFORE, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        context["help_offer"] = HELP_OFFER if offer_help else ""
        return render(request, "cries/cry_detail.html#before", context)
    messages.success(request, "Saved how you felt before.")
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_details(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    context = _detail_context(cry)
    if request.method == "GET":
        if request.htmx:
            context["details_open"] = True
            return render(request, "cries/cry_detail.html#details", context)
        return redirect(cry.get_absolute_url() + "#details")
    form = CryDetailsForm(request.POST, instance=Cry.objects.get(pk=cry.pk))
    if not form.is_valid():
        context["details_form"] = form
        template = "cries/cry_detail.html#details" if request.htmx else "cries/cry_detail.html"
        return render(request, template, context)
    cry = services.cry_update(
        cry=cry, changes={name: form.cleaned_data[name] for name in form.changed_data}
    )
    if request.htmx:
        context = _detail_context(cry)
        context["details_saved"] = True
        return render(request, "cries/cry_detail.html#details", context)
    messages.success(request, "Details saved.")
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    if request.method == "POST":
        services.cry_delete(cry=cry)
        messages.success(request, "Deleted, with its ratings.")
        return redirect("cry-list")
    return render(request, "cries/cry_delete.html", {"cry": cry})
