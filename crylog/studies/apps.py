from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "crylog.studies"
    label = "studies"
    verbose_name = "Studies"
