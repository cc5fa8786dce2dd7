from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from crylog.accounts.http import AuthedRequest
from crylog.insights import dashboard, queries
from crylog.insights.stats import MIN_GROUP, followup_window
from crylog.insights.words import whole_number
from crylog.lib.formats import first_weekday


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
