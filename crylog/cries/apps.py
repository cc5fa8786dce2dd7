from django.apps import AppConfig


class CriesConfig(AppConfig):
    name = "crylog.cries"
    label = "cries"
    verbose_name = "Cries"
