from django.urls import path

from crylog.pages import views

urlpatterns = [
    path("help/", views.help_page, name="pages-help"),
    path("privacy/", views.privacy_page, name="pages-privacy"),
]
