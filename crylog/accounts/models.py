import unicodedata
import zoneinfo
from datetime import datetime, time
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from crylog.lib.quiet_hours import in_quiet_hours

FOLLOWUP_DELAY_MIN = 30
FOLLOWUP_DELAY_MAX = 240
# New accounts start with quiet hours at night: a reminder that wakes someone who cried
# themselves to sleep costs more than the one rating it asks for (docs/followups.md).
QUIET_START_DEFAULT = time(23, 0)
QUIET_END_DEFAULT = time(7, 0)


@cache
def timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value and value not in timezone_names():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


# The name a person's reminders go by instead of "crylog" (followups/wording.py).
REMINDER_NAME_MAX_LENGTH = 40
# Joiners stay: they hold emoji sequences together. Everything else of these categories
# (control characters, line and paragraph separators, direction overrides, lone surrogates)
# could break or disguise the e-mail header the name goes into.
_REMINDER_NAME_REFUSED = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_JOINERS = {"\u200c", "\u200d"}


def validate_reminder_name(value: str) -> None:
    if any(
        unicodedata.category(character) in _REMINDER_NAME_REFUSED and character not in _JOINERS
        for character in value
    ):
        raise ValidationError(
            _(
                "Write the name on one line, with letters, numbers, spaces and punctuation "
                "only (no line breaks or control characters). Nothing was changed."
            ),
            code="not_one_line",
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        """An account made by the operator (shell, admin, seed_demo), whose address is taken as
        confirmed. People signing up go through allauth, which confirms it by e-mail."""
        if not email:
            raise ValueError("An e-mail address is required.")
        from allauth.account.models import EmailAddress

        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        EmailAddress.objects.using(self._db).create(
            user=user, email=user.email, primary=True, verified=True
        )
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who logs cries. Logs in with an e-mail address; there is no username."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="IANA name, e.g. Europe/Berlin. Empty until the browser or the person sets it.",
    )
    followup_delay_minutes = models.PositiveSmallIntegerField(
        _("follow-up after (minutes)"),
        default=90,
        help_text=_("How long after a cry ends the reminder to rate your mood again arrives."),
    )
    followup_after_20 = models.BooleanField(
        _("also check in after 20 minutes"),
        default=False,
    )
    followup_email = models.BooleanField(
        _("also remind me by e-mail"),
        default=False,
    )
    safety_messages = models.BooleanField(
        _("offer the help page after a low rating"),
        default=True,
    )
    quiet_start = models.TimeField(
        _("quiet hours from"),
        null=True,
        blank=True,
        default=QUIET_START_DEFAULT,
        help_text=_("No reminder is pushed or e-mailed from this time (in your time zone)."),
    )
    quiet_end = models.TimeField(
        _("quiet hours until"),
        null=True,
        blank=True,
        default=QUIET_END_DEFAULT,
        help_text=_("Reminders reach you again from this time. Empty: no quiet hours."),
    )
    reminder_name = models.CharField(
        _("name on your reminders"),
        max_length=REMINDER_NAME_MAX_LENGTH,
        blank=True,
        validators=[validate_reminder_name],
        help_text=_("What reminders call themselves instead of crylog. Empty: crylog."),
    )

    # A code of settings.LANGUAGES, which the settings form offers; not choices here, so
    # that a new language needs no migration. One no longer offered counts as empty.
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("Empty: the language your browser asks for."),
    )
    # The language crylog last spoke to the person's browser in, while they chose none
    # (UserLanguageMiddleware): what the worker writes reminders in, having no browser to ask.
    browser_language = models.CharField(_("language of your browser"), max_length=16, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    followup_delay_minutes__gte=FOLLOWUP_DELAY_MIN,
                    followup_delay_minutes__lte=FOLLOWUP_DELAY_MAX,
                ),
                name="user_followup_delay_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's time zone, UTC until one is known."""
        if self.timezone in timezone_names():
            return zoneinfo.ZoneInfo(self.timezone)
        return zoneinfo.ZoneInfo("UTC")

    @property
    def chosen_language(self) -> str:
        """The language the person chose, while crylog offers it; empty to follow the browser."""
        return self.language if self.language in dict(settings.LANGUAGES) else ""

    @property
    def speaks(self) -> str:
        """The language crylog writes to the person in where no browser asks (reminders,
        e-mail): their own choice, else the one their browser last got, else LANGUAGE_CODE."""
        offered = dict(settings.LANGUAGES)
        browser = self.browser_language if self.browser_language in offered else ""
        return self.chosen_language or browser or settings.LANGUAGE_CODE

    def in_quiet_hours(self, instant: datetime) -> bool:
        """Whether ``instant`` falls in the person's quiet hours, on their own clock."""
        return in_quiet_hours(instant, self.zone, self.quiet_start, self.quiet_end)


class Session(AbstractBaseSession):
    """A login session (Django's meaning of the word), kept in the database with its person.

    ``user`` is filled in from the session's data whenever it is saved (``sessions.py``), so
    deleting an account deletes its sessions with it, and ending every other session of a
    person is one query.
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    @classmethod
    def get_session_store_class(cls) -> type:
        from crylog.accounts.sessions import SessionStore

        return SessionStore
