from django.contrib import admin

from crylog.sharing.models import ShareLink


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin[ShareLink]):
    list_display = ("id", "user", "first", "last", "with_notes", "created_at", "expires_at")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    # The digest opens nothing by itself, but there is no reason to show it.
    exclude = ("token_hash",)
    readonly_fields = ("last_opened_at", "form_id")
