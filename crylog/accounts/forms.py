from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN, User, timezone_names


class SettingsForm(forms.ModelForm[User]):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=())
    followup_delay_minutes = forms.IntegerField(
        label=_("Follow-up after (minutes)"),
        min_value=FOLLOWUP_DELAY_MIN,
        max_value=FOLLOWUP_DELAY_MAX,
        help_text=_("90 minutes follows the research; anything from 30 to 240 works."),
    )

    class Meta:
        model = User
        fields = [
            "timezone",
            "followup_delay_minutes",
            "followup_after_20",
            "safety_messages",
            "quiet_start",
            "quiet_end",
        ]
        labels = {"safety_messages": _("After a very low rating, offer the help page")}
        help_texts = {
            "safety_messages": _(
                "A short line with a link under “Saved”. It never stops you and is never shown "
                "to anyone else."
            ),
            "quiet_start": _(
                "From then, in your time zone, no reminder is pushed or e-mailed; the check-in "
                "still waits on the home page."
            ),
            "quiet_end": _("Leave both empty for reminders at any hour."),
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        timezone_field = self.fields["timezone"]
        assert isinstance(timezone_field, forms.ChoiceField)
        timezone_field.choices = [(name, name) for name in sorted(timezone_names())]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(
                _("Quiet hours need both a start and an end, or neither. Nothing was changed.")
            )
        if start is not None and start == end:
            raise forms.ValidationError(
                _("Quiet hours need an end different from their start. Nothing was changed.")
            )
        return cleaned


class LanguageSelect(forms.Select):
    """Each language's option marked with its own ``lang``, so a screen reader says "Deutsch"
    as German does."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = option["value"]
        return option


class LanguageForm(forms.ModelForm[User]):
    """The language crylog speaks to the person: one of LANGUAGES, or the browser's."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        widget=LanguageSelect,
        help_text=_(
            "Pages, reminders and e-mails use it. Following the browser, reminders and e-mails "
            "are in English."
        ),
    )

    class Meta:
        model = User
        fields = ["language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        # The names stay in their own language, whichever crylog speaks now.
        language.choices = [("", _("As my browser asks")), *settings.LANGUAGES]
        if self.instance.language != self.instance.chosen_language:
            self.initial["language"] = ""  # one crylog no longer offers


class TimezoneForm(forms.Form):
    """The browser's own time zone, sent once on a first visit."""

    timezone = forms.CharField(max_length=64)

    def clean_timezone(self) -> str:
        name: str = self.cleaned_data["timezone"]
        if name not in timezone_names():
            raise forms.ValidationError(_("Unknown time zone."))
        return name
