from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "crylog.pwa"
    label = "pwa"
    verbose_name = "App shell"
