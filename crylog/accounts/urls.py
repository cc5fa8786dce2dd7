from django.urls import path
from django.views.generic import RedirectView

from crylog.accounts import views

urlpatterns = [
    path("settings/", views.account_settings, name="account-settings"),
    path("settings/timezone/", views.account_timezone, name="account-timezone"),
    path("settings/language/", views.account_language, name="account-language"),
    path("settings/sessions/", views.account_sessions, name="account-sessions"),
    # allauth's own list of sessions: the same thing, in crylog's page.
    path("accounts/sessions/", RedirectView.as_view(pattern_name="account-sessions")),
    # allauth's passkey views, at allauth's addresses and names (crylog/urls.py puts these
    # first), answering a refused passkey 400 with its page (views.py).
    path("accounts/2fa/webauthn/login/", views.passkey_log_in, name="mfa_login_webauthn"),
    path(
        "accounts/2fa/webauthn/reauthenticate/",
        views.passkey_confirm,
        name="mfa_reauthenticate_webauthn",
    ),
    path("accounts/2fa/webauthn/add/", views.passkey_add, name="mfa_add_webauthn"),
]
