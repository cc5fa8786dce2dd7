from django.urls import path

from crylog.insights import views

urlpatterns = [
    path("trends/", views.insights_dashboard, name="insights-dashboard"),
    path("trends/summary/", views.insights_summary, name="insights-summary"),
]
