"""Staff notifications in the admin: read-only (they are written by the services that notify)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doleances.core.admin import ReadOnlyAdmin
from doleances.messaging.models import Notification, OrganisationSettings, ResponseTemplate


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "complaint_reference", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "complaint_reference", "recipient__username"]
    date_hierarchy = "created_at"


# Issue 20: templates are edited here; the organisation's settings are one row.
@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "letter", "language", "decision", "kind", "category", "channel", "is_active"]
    list_filter = ["letter", "language", "decision", "is_active"]
    search_fields = ["name", "subject", "body"]


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (_("Letterhead"), {"fields": ["name", "letterhead_address", "letterhead_footer"]}),
        (_("France: the mediator"), {"fields": ["mediator_name", "mediator_address", "mediator_website"]}),
        (_("United Kingdom: the Financial Ombudsman Service"), {"fields": ["ombudsman_wording", "ombudsman_months"]}),
        (_("United States: the CFPB"), {"fields": ["next_steps"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return not OrganisationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
