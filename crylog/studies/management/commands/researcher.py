"""manage.py researcher grant|revoke|list [e-mail]: who may run studies, decided by the site's
operator alone (the admin's user permissions do the same)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crylog.accounts.models import User
from crylog.studies.models import RUN_STUDIES
from crylog.studies.services import researcher_grant, researcher_revoke


class Command(BaseCommand):
    help = "Let a person run studies (grant), stop them (revoke), or list who may."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("email", nargs="?", help="the person's e-mail address")

    def handle(self, *args: Any, action: str, email: str | None, **options: Any) -> None:
        if action == "list":
            for user in User.objects.filter(user_permissions__codename="run_studies").order_by(
                "email"
            ):
                self.stdout.write(user.email)
            return
        if not email:
            raise CommandError(f"Say whose: manage.py researcher {action} someone@example.com")
        found = User.objects.filter(email__iexact=email.strip()).first()
        if found is None:
            raise CommandError(f"No account has the address {email}: they sign up first.")
        user = found
        if action == "grant":
            researcher_grant(user=user)
            self.stdout.write(f"{user.email} may run studies now.")
        else:
            researcher_revoke(user=user)
            # A fresh instance: has_perm caches what it read.
            still = User.objects.get(pk=user.pk).has_perm(RUN_STUDIES)
            note = " (still allowed as a superuser)" if still else ""
            self.stdout.write(f"{user.email} may no longer run studies{note}.")
