from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MoodSlider(forms.NumberInput):
    """A 0–100 slider whose thumb shows only once the person touches it.

    Without JavaScript it is a plain range input (thumb at the middle); with it,
    static/cries/mood.js hides the thumb and withholds the value until the first touch,
    so nobody is anchored at 50.
    """

    input_type = "range"
    template_name = "cries/widgets/mood_slider.html"

    def __init__(
        self, low: StrOrPromise, high: StrOrPromise, attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs={"min": 0, "max": 100, "step": 1, **(attrs or {})})
        self.low = low
        self.high = high

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["low"] = self.low
        context["widget"]["high"] = self.high
        context["widget"]["is_empty"] = value in (None, "")
        # One aria-describedby: the error (when the form comes back with one), then the ends.
        widget_attrs = context["widget"]["attrs"]
        described_by = [widget_attrs.get("aria-describedby"), f"{widget_attrs.get('id')}-ends"]
        widget_attrs["aria-describedby"] = " ".join(filter(None, described_by))
        return context

    def use_required_attribute(self, initial: Any) -> bool:
        # A range input always has a value, so ``required`` is invalid HTML on it; the
        # form still refuses a missing mood.
        return False
