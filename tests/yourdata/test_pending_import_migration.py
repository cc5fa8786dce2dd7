"""An upload waiting for its preview when PendingImport moved from accounts to yourdata is still
there afterwards, in the same table, and can be added."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from crylog.accounts.models import User
from crylog.yourdata.models import PendingImport

ACCOUNTS_BEFORE = ("accounts", "0005_user_reminder_name")
BEFORE = [ACCOUNTS_BEFORE, ("yourdata", None)]  # accounts before the move, no yourdata at all


@pytest.mark.django_db(transaction=True)
def test_an_upload_waiting_before_the_move_is_kept_by_it() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(ACCOUNTS_BEFORE).apps
    person = old.get_model("accounts", "User").objects.create(email="early@example.com")
    old.get_model("accounts", "PendingImport").objects.create(
        user=person, file_name="history.csv", content="cry_id"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert PendingImport._meta.db_table == "accounts_pendingimport"
    pending = PendingImport.objects.for_user(User.objects.get(email="early@example.com")).get()
    assert (pending.file_name, pending.content) == ("history.csv", "cry_id")
