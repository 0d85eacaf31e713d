"""Django admin for problems: read-only; decisions go through `quality.services` (audited)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doleances.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin
from doleances.quality.models import Problem, ProblemComplaint, ProblemEvent


class ProblemComplaintInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ProblemComplaint
    fields = ["complaint", "added_at", "added_by"]
    raw_id_fields = ["complaint"]
    extra = 0


class ProblemEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ProblemEvent
    fields = ["created_at", "action", "actor_label", "data"]
    extra = 0


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["display_title", "status", "origin", "category", "window_end", "updated_at"]
    list_filter = ["status", "origin"]
    list_select_related = ["category", "category__parent"]
    search_fields = ["title", "detection_key"]
    inlines = [ProblemComplaintInline, ProblemEventInline]

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, problem: Problem) -> str:
        """A detected problem's title in the reader's language (the stored one is searched)."""
        return problem.display_title
