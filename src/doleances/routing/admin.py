"""Admin of the routing configuration: the routing rules."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doleances.routing.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "is_active", "set_team", "set_priority"]
    list_display_links = ["name"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "set_team", "risk_flag"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "order", "is_active"]}),
        (
            _("Conditions"),
            {
                "description": _(
                    "Every condition you fill in must hold; leave a condition empty to ignore it. Rules are tried "
                    "after a new complaint is analysed, from the lowest order up; the first one that matches "
                    "applies, once, and is recorded in the complaint's audit trail."
                ),
                "fields": ["category", "tone_in", "risk_flag", "min_risk_score", "language", "channel", "vip_only"],
            },
        ),
        (_("Actions"), {"fields": ["set_team", "set_priority"]}),
    ]
