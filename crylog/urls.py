from django.contrib import admin
from django.urls import include, path

from crylog.lib.health import health

urlpatterns = [
    path("", include("crylog.cries.urls")),
    path("", include("crylog.accounts.urls")),
    path("", include("crylog.yourdata.urls")),
    path("", include("crylog.insights.urls")),
    path("", include("crylog.sharing.urls")),
    path("", include("crylog.studies.urls")),
    path("", include("crylog.pages.urls")),
    path("", include("crylog.followups.urls")),
    path("", include("crylog.pwa.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", health, name="health"),
]

handler500 = "crylog.lib.errors.server_error"
