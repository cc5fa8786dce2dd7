from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from crylog.accounts.forms import SettingsForm, TimezoneForm
from crylog.lib.http import AuthedRequest


@require_http_methods(["GET", "POST"])
@login_required
def account_settings(request: AuthedRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("account-settings")
    return render(request, "accounts/settings.html", {"form": form})


@require_POST
@login_required
def account_timezone(request: AuthedRequest) -> HttpResponse:
    """Take the browser's time zone, but only while the person has not chosen one."""
    form = TimezoneForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if not request.user.timezone:
        request.user.timezone = form.cleaned_data["timezone"]
        request.user.save(update_fields=["timezone"])
        if request.htmx:
            return HttpResponseClientRefresh()
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("account-settings")
