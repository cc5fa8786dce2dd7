from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crylog.accounts"
    label = "accounts"
    verbose_name = "Accounts"
