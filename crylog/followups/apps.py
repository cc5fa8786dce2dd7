from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "crylog.followups"
    label = "followups"
    verbose_name = "Follow-ups"

    def ready(self) -> None:
        from crylog.followups import checks  # noqa: F401  (registers the system checks)
