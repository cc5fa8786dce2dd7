from django.urls import path

from crylog.cries import views

urlpatterns = [
    path("", views.cry_home, name="cry-home"),
    path("cries/", views.cry_list, name="cry-list"),
    path("cries/new/", views.cry_new, name="cry-new"),
    path("cries/create/", views.cry_create, name="cry-create"),
    path("cries/plan/", views.cry_plan, name="cry-plan"),
    path("cries/<int:pk>/", views.cry_detail, name="cry-detail"),
    path("cries/<int:pk>/over/", views.cry_end, name="cry-end"),
    path("cries/<int:pk>/before/", views.cry_rate_before, name="cry-rate-before"),
    path("cries/<int:pk>/details/", views.cry_details, name="cry-details"),
    path("cries/<int:pk>/delete/", views.cry_delete, name="cry-delete"),
    path(
        "cries/<int:pk>/ratings/<slug:moment>/correct/",
        views.rating_correct,
        name="rating-correct",
    ),
    path(
        "cries/<int:pk>/ratings/<slug:moment>/delete/",
        views.rating_delete,
        name="rating-delete",
    ),
    path("triggers/", views.own_trigger_list, name="own-trigger-list"),
    path("triggers/add/", views.own_trigger_add, name="own-trigger-add"),
    path("triggers/<int:pk>/rename/", views.own_trigger_rename, name="own-trigger-rename"),
    path("triggers/<int:pk>/retire/", views.own_trigger_retire, name="own-trigger-retire"),
    path("triggers/<int:pk>/restore/", views.own_trigger_restore, name="own-trigger-restore"),
]
