from datetime import datetime, timedelta

from django.db import models

from crylog.accounts.models import User

PENDING_IMPORT_LIFETIME = timedelta(hours=1)


class PendingImportQuerySet(models.QuerySet["PendingImport"]):
    def for_user(self, user: User) -> "PendingImportQuerySet":
        return self.filter(user=user)

    def stale(self, now: datetime) -> "PendingImportQuerySet":
        return self.filter(created_at__lt=now - PENDING_IMPORT_LIFETIME)


class PendingImport(models.Model):
    """An uploaded export waiting for its owner to see the preview and confirm it.

    It lives in the database, not in one web process's memory, so whichever process gets the
    confirmation can finish the import. Confirming or cancelling removes it, the next upload
    replaces it, and none is kept longer than ``PENDING_IMPORT_LIFETIME``.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pending_imports")
    file_name = models.CharField(max_length=200)
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        # Made by the accounts app before this one existed; the table kept its name.
        db_table = "accounts_pendingimport"

    def __str__(self) -> str:
        return f"pending import {self.pk} of {self.user_id}"

    def is_stale(self, now: datetime) -> bool:
        return self.created_at < now - PENDING_IMPORT_LIFETIME
