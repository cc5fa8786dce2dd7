from django.urls import path

from crylog.accounts import views

urlpatterns = [
    path("settings/", views.account_settings, name="account-settings"),
    path("settings/timezone/", views.account_timezone, name="account-timezone"),
]
