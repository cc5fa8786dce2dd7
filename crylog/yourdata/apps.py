from django.apps import AppConfig


class YourDataConfig(AppConfig):
    name = "crylog.yourdata"
    label = "yourdata"
    verbose_name = "Your data"
