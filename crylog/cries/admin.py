from django.contrib import admin

from crylog.cries.models import Cry, MoodRating, OwnTrigger


class MoodRatingInline(admin.TabularInline[MoodRating, Cry]):
    model = MoodRating
    extra = 0
    fields = ("moment", "valence", "arousal", "relief", "given_at", "is_recalled", "is_late")


@admin.register(Cry)
class CryAdmin(admin.ModelAdmin[Cry]):
    list_display = (
        "id",
        "user",
        "ended_at",
        "planned",
        "intensity",
        "company",
        "support",
        "is_demo",
    )
    list_filter = ("planned", "is_demo", "intensity", "company", "support", "held_back", "ended_at")
    search_fields = ("user__email",)
    date_hierarchy = "ended_at"
    list_select_related = ("user",)
    # Ids, not a list of every person's own triggers.
    raw_id_fields = ("user", "own_triggers")
    inlines = (MoodRatingInline,)


@admin.register(MoodRating)
class MoodRatingAdmin(admin.ModelAdmin[MoodRating]):
    list_display = (
        "id",
        "cry",
        "moment",
        "valence",
        "arousal",
        "given_at",
        "is_recalled",
        "is_late",
    )
    list_filter = ("moment", "is_recalled", "is_late")
    search_fields = ("cry__user__email",)
    list_select_related = ("cry",)
    raw_id_fields = ("cry",)


@admin.register(OwnTrigger)
class OwnTriggerAdmin(admin.ModelAdmin[OwnTrigger]):
    list_display = ("id", "user", "name", "retired_at", "created_at")
    list_filter = ("retired_at",)
    search_fields = ("user__email", "name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
