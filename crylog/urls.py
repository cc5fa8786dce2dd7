from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("crylog.cries.urls")),
    path("", include("crylog.accounts.urls")),
    path("", include("crylog.followups.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
