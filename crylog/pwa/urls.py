from django.urls import path

from crylog.pwa import views

urlpatterns = [
    path("sw.js", views.service_worker, name="pwa-service-worker"),
    path("manifest.webmanifest", views.manifest, name="pwa-manifest"),
    path("offline/", views.offline, name="pwa-offline"),
    path("offline/session.json", views.session, name="pwa-session"),
]
