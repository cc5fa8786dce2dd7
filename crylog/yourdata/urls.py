from django.urls import path

from crylog.yourdata import views

# Under settings/: a person reaches them from the settings page's "Your data".
urlpatterns = [
    path("settings/export.csv", views.account_export_csv, name="account-export-csv"),
    path("settings/export.json", views.account_export_json, name="account-export-json"),
    path("settings/import/", views.account_import, name="account-import"),
    path("settings/import/<int:pk>/", views.account_import_preview, name="account-import-preview"),
    path(
        "settings/import/<int:pk>/confirm/",
        views.account_import_confirm,
        name="account-import-confirm",
    ),
    path(
        "settings/import/<int:pk>/cancel/",
        views.account_import_cancel,
        name="account-import-cancel",
    ),
    path("settings/delete/", views.account_delete, name="account-delete"),
]
