from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crylog.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from crylog.accounts import checks  # noqa: F401  (registers the system checks)
