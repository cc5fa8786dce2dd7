from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "crylog.pages"
    label = "pages"
    verbose_name = "Pages"
