from allauth.account.mixins import NextRedirectMixin
from allauth.account.views import LoginView
from allauth.mfa.webauthn.views import (
    AddWebAuthnView,
    LoginWebAuthnView,
    ReauthenticateWebAuthnView,
)
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from crylog.accounts import services
from crylog.accounts.forms import LanguageForm, SettingsForm, TimezoneForm
from crylog.accounts.http import AuthedRequest
from crylog.accounts.passkeys import AddPasskeyForm, ConfirmWithPasskeyForm, LoginPasskeyForm
from crylog.lib.user_agents import describe_user_agent


@require_http_methods(["GET", "POST"])
@login_required
def account_settings(request: AuthedRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Settings saved."))
        return redirect("account-settings")
    context = {"form": form, "language_form": LanguageForm(instance=request.user)}
    return render(request, "accounts/settings.html", context)


@require_POST
@login_required
def account_language(request: AuthedRequest) -> HttpResponse:
    """The language crylog speaks to the person. The whole page changes with it, so this is a
    plain form: its answer is the settings page again, already in the new language."""
    form = LanguageForm(request.POST, instance=request.user)
    if not form.is_valid():  # a language crylog does not offer
        context = {"form": SettingsForm(instance=request.user), "language_form": form}
        return render(request, "accounts/settings.html", context, status=400)
    form.save()
    # Said in the language now chosen (or the browser's, for none), as the next page will be.
    chosen = request.user.chosen_language or translation.get_language_from_request(request)
    translation.activate(chosen)
    if request.user.chosen_language:
        messages.success(request, gettext("Saved: crylog speaks this language to you now."))
    else:
        messages.success(request, gettext("Saved: crylog follows your browser's language now."))
    return redirect("account-settings")


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


@require_http_methods(["GET", "POST"])
@login_required
def account_sessions(request: AuthedRequest) -> HttpResponse:
    """Where the person is signed in, with a way to sign out of one device or all others."""
    here = request.session.session_key
    if request.method == "POST":
        end = request.POST.get("end", "")
        if end == "others":
            services.sessions_end_others(user=request.user, keep=here)
            messages.success(request, gettext("You are signed out everywhere else."))
        elif end.isdigit():
            signed_in = UserSession.objects.filter(user=request.user, pk=int(end)).first()
            if signed_in is not None and signed_in.session_key != here:
                services.session_end(user=request.user, key=signed_in.session_key)
                device = describe_user_agent(signed_in.user_agent)
                messages.success(request, gettext("%(device)s is signed out.") % {"device": device})
        return redirect("account-sessions")
    if here and not UserSession.objects.filter(session_key=here).exists():
        UserSession.objects.create_from_request(request)  # signed in before the list existed
    sessions = sorted(
        UserSession.objects.purge_and_list(request.user),
        key=lambda s: (s.session_key != here, -s.created_at.timestamp()),
    )
    places = [
        {
            "pk": session.pk,
            "device": describe_user_agent(session.user_agent),
            "ip": session.ip,
            "since": session.created_at,
            "here": session.session_key == here,
        }
        for session in sessions
    ]
    return render(request, "accounts/sessions.html", {"places": places})


# Passkeys: allauth's views, with one change. A passkey answer the form refuses (malformed, from
# a passkey crylog does not know, or missing because JavaScript is off) is a client error: it
# is answered 400 with the page it came from again, showing the form's error, so the person
# can try again or use the password; allauth redirects (log in, confirm) or answers 200 (add).


class LogInWithPasskeyView(NextRedirectMixin, LoginWebAuthnView):
    """The log-in page's passkey form. A refused answer gets the log-in page again: the error as
    allauth shows it (a message), the password form empty and the page's ``next`` kept."""

    template_name = "account/login.html"

    def form_invalid(self, form: LoginPasskeyForm) -> HttpResponse:
        super().form_invalid(form)  # adds the form's error as a message; its redirect is not sent
        password_form = LoginView().get_form_class()  # the form allauth's log-in page shows
        context = self.get_context_data(form=password_form(request=self.request))
        response: HttpResponse = self.render_to_response(context, status=400)
        return response


class ConfirmWithPasskeyView(ReauthenticateWebAuthnView):
    """ "Confirm it's you" with a passkey. A refused answer gets this page again, with the
    error as a message and a new challenge, where allauth sends a signed-in person to the
    log-in page, which sends them home."""

    def form_invalid(self, form: ConfirmWithPasskeyForm) -> HttpResponse:
        super().form_invalid(form)  # adds the form's error as a message; its redirect is not sent
        context = self.get_context_data()
        context["form"] = self.get_form_class()(user=self.request.user)  # nothing sent back
        response: HttpResponse = self.render_to_response(context, status=400)
        return response


class AddPasskeyView(AddWebAuthnView):
    """Adding a passkey: a refused form (the answer or the name) shows again, as in allauth,
    with status 400."""

    def form_invalid(self, form: AddPasskeyForm) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        response.status_code = 400
        return response


passkey_log_in = LogInWithPasskeyView.as_view()
passkey_confirm = ConfirmWithPasskeyView.as_view()
passkey_add = AddPasskeyView.as_view()
