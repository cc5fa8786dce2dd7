import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from crylog.accounts.http import AuthedRequest
from crylog.insights import dashboard, queries, summary
from crylog.insights.forms import SHARE_DAYS, SummaryForm
from crylog.insights.stats import MIN_GROUP, followup_window
from crylog.insights.words import whole_number
from crylog.lib.formats import first_weekday
from crylog.lib.headers import keep_to_yourself


@require_GET
@login_required
@vary_on_headers("HX-Request")
def insights_dashboard(request: AuthedRequest) -> HttpResponse:
    period = dashboard.period_from(request.GET.get("range"))
    now = timezone.now()
    since = period.since(now)
    rows = queries.cry_rows(request.user, since=since)
    first_cry = queries.first_ended_at(request.user)
    page = dashboard.build(
        rows,
        period=period,
        now=now,
        zone=request.user.zone,
        followup_window=followup_window(request.user.followup_delay_minutes),
        first_weekday=first_weekday(),
        first_cry=first_cry,
        real_baselines=request.GET.get("baseline") == "real",
        quiet=queries.held_in_quiet_hours(request.user, since=period.since(now)),
    )
    if page.check_ins and (snoozed := queries.answered_after_snooze(request.user, since=since)):
        page.check_ins.append(_after_snooze(snoozed))
    context = {
        "dashboard": page,
        "periods": dashboard.PERIODS.values(),
        "has_any_cry": first_cry is not None,
        "min_group": MIN_GROUP,
    }
    # A range link swaps only the charts; a restored history entry needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "insights/dashboard.html#trends", context)
    return render(request, "insights/dashboard.html", context)


def _after_snooze(count: int) -> str:
    """Answers given after "In 15 minutes" count like any other; this says how many there were."""
    return ngettext(
        "%(count)s answer came after “In 15 minutes”, and it counts like any other.",
        "%(count)s answers came after “In 15 minutes”, and they count like any other.",
        count,
    ) % {"count": whole_number(count)}


@require_GET
@login_required
def insights_summary(request: AuthedRequest) -> HttpResponse:
    """The person's summary of chosen dates, to print or to share as a link."""
    now = timezone.now()
    today = timezone.localtime(now, request.user.zone).date()
    if "from" in request.GET or "to" in request.GET:
        form = SummaryForm(request.GET, today=today)
    else:
        first, last = summary.default_dates(today)
        form = SummaryForm({"from": first, "to": last}, today=today)
    # The share form's id: the same form sent twice makes one link (crylog.sharing).
    context: dict[str, object] = {"form": form, "share_days": SHARE_DAYS, "form_id": uuid.uuid4()}
    status = 200
    if form.is_valid():
        context["summary"] = summary.for_user(
            request.user,
            first=form.cleaned_data["from"],
            last=form.cleaned_data["to"],
            with_notes=form.cleaned_data["notes"],
            now=now,
        )
    else:
        status = 400
    response = render(request, "insights/summary.html", context, status=status)
    return keep_to_yourself(response, referrer=True)  # the share form must pass CSRF
