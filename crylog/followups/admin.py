from django.contrib import admin

from crylog.followups.models import DeliveryAttempt, FollowUp, PushSubscription

ATTEMPT_FIELDS = ("attempted_at", "channel", "outcome", "status_code", "error", "elapsed_ms")


class DeliveryAttemptInline(admin.TabularInline[DeliveryAttempt, FollowUp]):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ATTEMPT_FIELDS
    readonly_fields = ATTEMPT_FIELDS


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin[FollowUp]):
    list_display = ("id", "cry", "moment", "state", "due_at", "sent_at", "attempts", "last_error")
    list_filter = ("state", "moment", "due_at")
    search_fields = ("cry__user__email",)
    date_hierarchy = "due_at"
    list_select_related = ("cry",)
    raw_id_fields = ("cry",)
    readonly_fields = ("claimed_at", "claim_token", "enqueued_at", "created_at")
    inlines = (DeliveryAttemptInline,)


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin[PushSubscription]):
    list_display = ("id", "user", "device_label", "created_at", "last_success_at", "failures")
    list_filter = ("last_success_at",)
    search_fields = ("user__email", "user_agent")
    raw_id_fields = ("user",)
    readonly_fields = ("endpoint", "p256dh", "auth")


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin[DeliveryAttempt]):
    list_display = ("id", "attempted_at", "channel", "outcome", "status_code", "error")
    list_filter = ("channel", "outcome", "attempted_at")
    raw_id_fields = ("followup", "subscription")
