from django.urls import path

from crylog.followups import views

urlpatterns = [
    path("check-in/", views.followup_due, name="followup-due"),
    path("followups/<int:pk>/", views.followup_answer, name="followup-answer"),
    path("followups/<int:pk>/skip/", views.followup_skip, name="followup-skip"),
    path("followups/<int:pk>/snooze/", views.followup_snooze, name="followup-snooze"),
    path(
        "followups/<int:pk>/snooze/notification/",
        views.followup_snooze_action,
        name="followup-snooze-action",
    ),
    path("followups/<int:pk>/calendar.ics", views.followup_calendar, name="followup-calendar"),
    path("reminders/", views.reminder_settings, name="reminder-settings"),
    path("reminders/email/", views.reminder_email, name="reminder-email"),
    path("reminders/name/", views.reminder_name, name="reminder-name"),
    path("reminders/email/off/<str:token>/", views.reminder_email_off, name="reminder-email-off"),
    path("reminders/devices/", views.push_subscribe, name="push-subscribe"),
    path("reminders/devices/<int:pk>/remove/", views.push_device_remove, name="push-device-remove"),
    path("reminders/test/", views.push_test, name="push-test"),
]
