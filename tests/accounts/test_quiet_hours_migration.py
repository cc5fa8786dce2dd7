"""Accounts made before quiet hours keep their reminders at every hour."""

from datetime import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from crylog.accounts.models import User

BEFORE = [("accounts", "0003_session_and_cache_table")]
AFTER = [("accounts", "0004_quiet_hours")]


@pytest.mark.django_db(transaction=True)
def test_an_existing_account_gets_no_quiet_hours_and_a_new_one_gets_the_night() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldUser = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
    OldUser.objects.create(email="early@example.com", password="!")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    NewUser = executor.loader.project_state(AFTER).apps.get_model("accounts", "User")
    early = NewUser.objects.get(email="early@example.com")
    assert (early.quiet_start, early.quiet_end) == (None, None)

    # The rest of the way, to the models as they are now.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    late = User.objects.create_user("late@example.com", "a long passphrase")
    late.refresh_from_db()
    assert (late.quiet_start, late.quiet_end) == (time(23, 0), time(7, 0))
