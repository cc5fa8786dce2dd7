from django.urls import path

from crylog.sharing import views

urlpatterns = [
    path("shares/new/", views.share_create, name="share-create"),
    path("shares/<int:pk>/", views.share_detail, name="share-detail"),
    path("shares/<int:pk>/revoke/", views.share_revoke, name="share-revoke"),
    # The token is checked by the view: any string reaches it and any wrong one gets one page.
    path("s/<str:token>/", views.share_open, name="share-open"),
]
