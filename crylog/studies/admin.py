from django.contrib import admin

from crylog.studies.models import ConsentVersion, ExportLog, Study


class ConsentVersionInline(admin.TabularInline[ConsentVersion, Study]):
    model = ConsentVersion
    extra = 0
    readonly_fields = ("number", "text", "created_at")
    can_delete = False


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Study]):
    """For the operator: which studies run, whose, until when. Participants are not listed
    here: the researcher's pages show them by code, and nobody needs their accounts."""

    list_display = ("title", "researcher", "starts_on", "ends_on", "invitation_open")
    search_fields = ("title", "researcher__email")
    readonly_fields = ("invitation_token", "created_at")
    inlines = (ConsentVersionInline,)


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin[ExportLog]):
    list_display = ("at", "study", "researcher", "what", "rows")
    list_filter = ("what",)
    readonly_fields = ("at", "study", "researcher", "what", "rows")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
