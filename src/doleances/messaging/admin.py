"""Staff notifications in the admin: read-only (they are written by the services that notify)."""

from __future__ import annotations

from django.contrib import admin

from doleances.core.admin import ReadOnlyAdmin
from doleances.messaging.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "complaint_reference", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "complaint_reference", "recipient__username"]
    date_hierarchy = "created_at"
