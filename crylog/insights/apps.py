from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "crylog.insights"
    label = "insights"
    verbose_name = "Insights"
