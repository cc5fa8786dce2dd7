from django.urls import URLPattern, path

from crylog.studies.views import export, participant, researcher

urlpatterns: list[URLPattern] = [
    # The researcher's pages.
    path("studies/", researcher.study_list, name="study-list"),
    path("studies/new/", researcher.study_create, name="study-create"),
    path("studies/<int:pk>/", researcher.study_detail, name="study-detail"),
    path("studies/<int:pk>/edit/", researcher.study_edit, name="study-edit"),
    path("studies/<int:pk>/invitation/", researcher.study_invitation, name="study-invitation"),
    # The export.
    path("studies/<int:pk>/export.csv", export.study_export, name="study-export"),
    path("studies/<int:pk>/codebook.csv", export.study_codebook, name="study-codebook"),
    # The participant's pages.
    path("join/<str:token>/", participant.study_join, name="study-join"),
    path("study/", participant.study_mine, name="study-mine"),
    path("study/cries/<int:cry_pk>/", participant.study_cry_keep_out, name="study-cry-keep-out"),
    path("study/consent/", participant.study_consent, name="study-consent"),
    path("study/withdraw/", participant.study_withdraw, name="study-withdraw"),
]
