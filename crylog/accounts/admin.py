from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from crylog.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ("email",)
    list_display = ("email", "timezone", "followup_delay_minutes", "date_joined", "is_staff")
    list_filter = ("is_staff", "is_active", "followup_after_20", "followup_email")
    search_fields = ("email",)
    filter_horizontal = ("user_permissions",)
    fieldsets = (
        (None, {"fields": ["email", "password"]}),
        (
            "Preferences",
            {
                "fields": [
                    "timezone",
                    "followup_delay_minutes",
                    "followup_after_20",
                    "followup_email",
                    "reminder_name",
                    "safety_messages",
                ]
            },
        ),
        # "Can run studies" is granted here (or with manage.py researcher).
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    )
    add_fieldsets = ((None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),)
