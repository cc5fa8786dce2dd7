from django.apps import AppConfig


class CriesConfig(AppConfig):
    name = "crylog.cries"
    label = "cries"
    verbose_name = "Cries"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import JSONField

        from crylog.lib.lookups import HasItem, add_sqlite_functions

        # History's filters (crylog/cries/history.py): a trigger or feeling in a cry's JSON
        # list, and a note's words in any case, on SQLite and PostgreSQL alike.
        JSONField.register_lookup(HasItem)
        connection_created.connect(add_sqlite_functions, dispatch_uid="crylog_sqlite_functions")
