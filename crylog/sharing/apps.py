from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "crylog.sharing"
    label = "sharing"
    verbose_name = "Share links"
