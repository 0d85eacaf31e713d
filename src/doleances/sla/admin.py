"""Admin of service levels: calendars and closures, service policies, the channels' expected
first response, the regulatory profile of a segment or category. A change recomputes the due
dates of every open complaint (a background task); closed complaints keep theirs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from doleances.sla.models import Calendar, ChannelTarget, Closure, ProfileAssignment, ServicePolicy
from doleances.sla.tasks import recompute_open_complaints_task


class RecomputesOpenComplaints(admin.ModelAdmin):
    recompute_reason = "configuration_changed"

    def _recompute(self, request) -> None:
        reason = self.recompute_reason
        transaction.on_commit(lambda: recompute_open_complaints_task(reason))
        messages.info(request, _("The due dates of open complaints are being recomputed; closed complaints keep theirs."))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._recompute(request)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            self._recompute(request)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self._recompute(request)


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 1


@admin.register(Calendar)
class CalendarAdmin(RecomputesOpenComplaints):
    recompute_reason = "calendar_changed"
    list_display = ["name", "country", "subdivision", "time_zone"]
    inlines = [ClosureInline]
    fieldsets = [
        (None, {"fields": ["name", "country", "subdivision", "time_zone"]}),
        (
            _("Opening hours"),
            {
                "description": _("Local time, for instance 09:00-12:30, 13:30-18:00. Leave a day empty when closed."),
                "fields": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
            },
        ),
    ]


@admin.register(ServicePolicy)
class ServicePolicyAdmin(RecomputesOpenComplaints):
    recompute_reason = "policy_changed"
    list_display = ["rank", "name", "is_active", "priority", "channel", "segment", "vip", "category", "calendar"]
    list_display_links = ["name"]
    list_filter = ["is_active", "priority", "channel"]
    fieldsets = [
        (None, {"fields": ["name", "rank", "is_active", "calendar"]}),
        (
            _("Applies to"),
            {
                "description": _(
                    "Leave a criterion empty to ignore it. The most specific matching policy applies; "
                    "at equal specificity, the lowest rank."
                ),
                "fields": ["priority", "channel", "segment", "vip", "category"],
            },
        ),
        (
            _("Targets"),
            {
                "description": _(
                    "Internal targets; they pause while the case waits for the customer. Without a first-response "
                    "target, the channel's expected first response applies."
                ),
                "fields": [
                    ("acknowledgement_amount", "acknowledgement_unit"),
                    ("first_response_amount", "first_response_unit"),
                    ("answer_amount", "answer_unit"),
                    ("resolution_amount", "resolution_unit"),
                    "warning_percent",
                ],
            },
        ),
    ]


@admin.register(ChannelTarget)
class ChannelTargetAdmin(RecomputesOpenComplaints):
    recompute_reason = "channel_target_changed"
    list_display = ["channel", "amount", "unit"]


@admin.register(ProfileAssignment)
class ProfileAssignmentAdmin(RecomputesOpenComplaints):
    recompute_reason = "profile_assignment_changed"
    list_display = ["profile", "segment", "category"]
