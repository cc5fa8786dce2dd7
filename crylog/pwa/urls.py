from django.urls import path

from crylog.pwa import views
from crylog.pwa.catalogue import PREFIX

urlpatterns = [
    path("sw.js", views.service_worker, name="pwa-service-worker"),
    path("manifest.webmanifest", views.manifest, name="pwa-manifest"),
    path("offline/", views.offline, name="pwa-offline"),
    path("offline/session.json", views.session, name="pwa-session"),
    path(f"{PREFIX}<str:language>/<str:version>.js", views.script_catalogue, name="pwa-catalogue"),
]
