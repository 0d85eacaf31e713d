"""Django admin for the shared kernel: the read-only admin every app uses for rows that only
services write, and the outbox and reference counters (read-only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from doleances.core import clock, outbox
from doleances.core.errors import DoleancesError
from doleances.core.models import OutboxMessage, ReferenceCounter


class ReadOnlyAdminMixin:
    """Viewable by staff with the view permission; nobody adds, changes or deletes: rows that
    services write (audit trail, messages, outbox, counters, problems). For a ModelAdmin or an
    inline (an inline's `has_add_permission` also takes the parent object)."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only, not at run time
    pass


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "status", "complaint_reference", "attempts", "next_attempt_at", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["complaint_reference", "last_error"]
    show_full_result_count = False
    actions = ["retry"]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.change_outboxmessage")

    @admin.action(description=_("Retry the selected messages"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        at = clock.now()
        retried = 0
        for row in queryset:
            try:
                outbox.retry(row, at=at)
            except DoleancesError as error:
                self.message_user(request, f"#{row.pk}: {error.message}", messages.WARNING)
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", retried)
                % {"count": retried},
                messages.SUCCESS,
            )


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "last_number"]
