from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from crylog.cries.models import (
    INTENSITY_LABELS,
    NOTE_MAX_LENGTH,
    OWN_TRIGGER_NAME_MAX_LENGTH,
    RELIEF_LABELS,
    SHAME_LABELS,
    Cry,
    Feeling,
    Moment,
    MoodRating,
    OwnTrigger,
    Trigger,
    clean_own_trigger_name,
    validate_time,
)
from crylog.cries.widgets import MoodSlider

SLIDER_ERROR = gettext_noop(
    "Touch the line where your mood is: 0 is very unpleasant, 100 very pleasant."
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
NOT_SAID = _("not said")
NULL_BOOLEAN_CHOICES = [("", NOT_SAID), ("true", _("yes")), ("false", _("no"))]


def valence_field(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        widget=MoodSlider(low=_("very unpleasant"), high=_("very pleasant")),
        error_messages={
            "required": _(SLIDER_ERROR),
            "invalid": _(SLIDER_ERROR),
            "min_value": _(SLIDER_ERROR),
            "max_value": _(SLIDER_ERROR),
        },
    )


def arousal_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("How stirred up do you feel?"),
        required=False,
        min_value=0,
        max_value=100,
        widget=MoodSlider(low=_("calm"), high=_("agitated")),
    )


def relief_field() -> forms.TypedChoiceField:
    """ "Did crying help?", asked at 90 minutes only."""
    return forms.TypedChoiceField(
        label=_("Did crying help?"),
        choices=[("", NOT_SAID), *RELIEF_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def ended_at_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("It ended at"),
        required=False,
        validators=[validate_time],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave as it is if it just ended."),
    )


def own_trigger_name_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    """A name for an own trigger, checked by the service that saves it (as it is, so that a
    refusal can say what was wrong with it)."""
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.TextInput(
            attrs={"maxlength": OWN_TRIGGER_NAME_MAX_LENGTH, "autocomplete": "off"}
        ),
        help_text=help_text,
    )


class RatingForm(forms.Form):
    valence = valence_field(_("How do you feel right now?"))
    arousal = arousal_field()


class EndForm(RatingForm):
    """ "It's over" for one planned cry. Several can be open on one page, and one can be offered
    in two places (its card, and instead of "I just cried"), so ids name the cry and the place."""

    PLACES = ("end", "over")

    def __init__(self, data: Any = None, *, cry: Cry, place: str = "end") -> None:
        if place not in self.PLACES:
            place = "end"
        super().__init__(data, auto_id=f"id_{place}{cry.pk}_%s")
        self.html_id = f"{place}-{cry.pk}"
        self.fields["valence"].label = _("When it's over, how do you feel?")


def client_id_field() -> forms.UUIDField:
    """The form's own id, made when the form is shown: the same form sent again (a double
    tap, a retry, the back button) is one cry (services.cry_create)."""
    return forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid4)


class PlanForm(RatingForm):
    """Start a planned cry: mood now, before it."""

    client_id = client_id_field()


class CheckInForm(RatingForm):
    """Log a cry that just ended: mood now, and (optionally) when it ended."""

    ended_at = ended_at_field()
    # A check-in kept on the phone while offline (static/pwa/offline.js) brings the phone's
    # own id for it, and whose it is, so that it is never saved under someone else's account.
    client_id = client_id_field()
    owner = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BeforeForm(forms.Form):
    valence = valence_field(_("How did you feel before?"))


class CorrectionForm(forms.Form):
    """A rating corrected from its cry's page: how the person felt, and at 90 minutes whether
    crying helped. The moment and the time it was given are not fields: whatever a request
    says of them is never read (services.rating_correct keeps them)."""

    valence = valence_field(_("How did you feel then?"))
    relief = relief_field()

    def __init__(self, data: Any = None, *, rating: MoodRating) -> None:
        super().__init__(data, initial={"valence": rating.valence, "relief": rating.relief})
        if rating.moment != Moment.AFTER_90:
            del self.fields["relief"]


class CryDetailsForm(forms.ModelForm[Cry]):
    """Everything about a cry besides its ratings; all of it optional."""

    ended_at = forms.DateTimeField(
        label=_("It ended at"),
        validators=[validate_time],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    intensity = forms.TypedChoiceField(
        label=_("How hard did you cry?"),
        choices=[("", NOT_SAID), *INTENSITY_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    shame = forms.TypedChoiceField(
        label=_("Did you feel ashamed?"),
        choices=[("", NOT_SAID), *SHAME_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    support = forms.NullBooleanField(
        label=_("Did someone comfort you?"),
        required=False,
        widget=forms.RadioSelect(choices=NULL_BOOLEAN_CHOICES),
    )
    held_back = forms.NullBooleanField(
        label=_("Did you try to hold back the tears?"),
        required=False,
        widget=forms.RadioSelect(choices=NULL_BOOLEAN_CHOICES),
    )
    new_understanding = forms.NullBooleanField(
        label=_("Did you understand something new?"),
        required=False,
        widget=forms.RadioSelect(choices=NULL_BOOLEAN_CHOICES),
    )
    triggers = forms.MultipleChoiceField(
        label=_("What brought it on?"),
        choices=Trigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_triggers = forms.ModelMultipleChoiceField(
        label=_("Your own triggers"),
        queryset=OwnTrigger.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from your own triggers.")},
    )
    own_trigger_new = own_trigger_name_field(
        _("Add your own trigger"),
        help_text=_("Saved with the details, and offered on your next cries too."),
    )
    feelings = forms.MultipleChoiceField(
        label=_("How did it feel?"),
        choices=Feeling.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("As many as fit, or none."),
    )
    note = forms.CharField(
        label=_("Note (only you see it)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Cry
        fields = [
            "ended_at",
            "intensity",
            "duration",
            "company",
            "company_known",
            "support",
            "held_back",
            "shame",
            "triggers",
            "own_triggers",
            "feelings",
            "resolved",
            "new_understanding",
            "note",
        ]
        labels = {
            "duration": _("How long did it last?"),
            "company": _("Who was with you?"),
            "company_known": _("Did you know them?"),
            "resolved": _("Is what made you cry resolved?"),
        }
        widgets = {
            "duration": forms.RadioSelect,
            "company": forms.RadioSelect,
            "company_known": forms.RadioSelect,
            "resolved": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.ended_at is None:
            self.fields["ended_at"].required = False
        else:
            # As shown, to the minute: the same minute sent back is no change.
            self.initial["ended_at"] = _to_minute(self.instance.ended_at)
        for name in ["duration", "company", "company_known", "resolved"]:
            field = self.fields[name]
            field.choices = [("", NOT_SAID), *list(field.choices)[1:]]  # type: ignore[attr-defined]
        # The person's own triggers in use, and any retired one this cry has (it stays ticked);
        # nobody else's, so another person's id is refused like an unknown choice.
        # (A form with no cry behind it, as in the offline app shell, offers none.)
        mine = OwnTrigger.objects.filter(user_id=self.instance.user_id)
        offered = mine.in_use()
        if self.instance.pk:
            offered = mine.filter(Q(retired_at__isnull=True) | Q(cries=self.instance))
        self.fields["own_triggers"].queryset = offered.distinct()  # type: ignore[attr-defined]
        fields = list(self.fields)
        fields.remove("own_trigger_new")
        fields.insert(fields.index("own_triggers") + 1, "own_trigger_new")
        self.order_fields(fields)

    @cached_property
    def offers_own_triggers(self) -> bool:
        """Whether the person has own triggers to tick here (else only "Add your own")."""
        return bool(self.fields["own_triggers"].queryset.exists())  # type: ignore[attr-defined]

    def clean_own_trigger_new(self) -> str:
        value: str = self.cleaned_data.get("own_trigger_new") or ""
        return clean_own_trigger_name(value) if value.strip() else ""

    def clean_ended_at(self) -> Any:
        value = self.cleaned_data.get("ended_at")
        # The field shows minutes only: the same minute sent back keeps the stored seconds.
        saved = self.instance.ended_at
        if value is not None and saved is not None and _to_minute(value) == _to_minute(saved):
            return saved
        return value

    def saved_answers(self) -> list[tuple[str, str]]:
        """What was said about the cry, as (question, answer) in the form's order; only
        questions with an answer, the end time left out (the cry's heading says it)."""
        answers = []
        own = [t.name for t in self.instance.own_triggers.all()] if self.instance.pk else []
        for name, field in self.fields.items():
            if name in ("ended_at", "own_triggers", "own_trigger_new"):
                continue
            value = getattr(self.instance, name)
            if name == "triggers" and own:
                # A person's own triggers are said with the built-in ones, after them.
                built_in = {key: str(label) for key, label in Trigger.choices}
                named = [built_in.get(item, item) for item in value]
                answers.append((str(field.label), ", ".join([*named, *own])))
                continue
            if value in (None, "", []):
                continue
            choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None)
            if not choices:
                text = str(value)
            else:
                labels = {str(key): str(label) for key, label in choices}
                values = value if isinstance(value, list) else [value]
                text = ", ".join(labels.get(_choice_key(item), str(item)) for item in values)
            answers.append((str(field.label), text))
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.ended_at is not None and cleaned.get("ended_at") is None:
            self.add_error("ended_at", _("A cry that ended needs its time."))
        return cleaned


def _to_minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _choice_key(value: object) -> str:
    """The key a stored value has among a form field's choices (booleans are "true"/"false")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class OwnTriggerNameForm(forms.Form):
    """A name for an own trigger, new or renamed; the rules are services.own_trigger_add's."""

    name = own_trigger_name_field(_("Name"))
