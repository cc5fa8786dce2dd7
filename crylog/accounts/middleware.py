from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from crylog.accounts.adapter import NEW_ACCOUNT, MailNotSent
from crylog.accounts.models import User


class UserTimezoneMiddleware:
    """Show every instant in the person's own time zone; storage stays UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class UserLanguageMiddleware:
    """Speak the language the person chose in Settings.

    LocaleMiddleware, earlier, has activated the browser's (Accept-Language); a signed-in
    person's own choice goes over it. Without one, the browser's is kept on the account, so
    that reminders are written in it too. It stays active until the response is out, so
    LocaleMiddleware's ``Content-Language`` names it, and the next request activates afresh.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not user.chosen_language:
            self.remember_the_browsers(request, user)
            return self.get_response(request)
        translation.activate(user.chosen_language)
        request.LANGUAGE_CODE = user.chosen_language
        response = self.get_response(request)
        # The words now depend on who is asking, not only on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def remember_the_browsers(request: HttpRequest, user: User) -> None:
        """Keep the language this browser gets (LocaleMiddleware's) for what the worker
        writes later; written only when it changes, and only from a browser that asked."""
        speaks = translation.get_language()
        if "accept-language" in request.headers and speaks != user.browser_language:
            User.objects.filter(pk=user.pk).update(browser_language=speaks)
            user.browser_language = speaks


class MailOutageMiddleware:
    """When allauth cannot send an e-mail (``MailNotSent``), say so and leave nothing half-done.

    A sign-up whose confirmation could not go out is undone: the new account is deleted and
    nobody is logged in, so the same address can sign up again once mail works. The person
    sees a page that says what happened (503) instead of an error after half the work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, MailNotSent):
            return None
        new_account = getattr(request, NEW_ACCOUNT, None)
        if new_account is not None:
            if request.user.is_authenticated:
                logout(request)
            # Made by this very request, the account holds nothing but its address and its
            # session, which go with it.
            new_account.delete()
        for _ in messages.get_messages(request):
            pass  # drop "Confirmation e-mail sent" and the like: nothing was sent
        response = render(request, "accounts/mail_down.html", status=503)
        response["Retry-After"] = "300"
        return response
