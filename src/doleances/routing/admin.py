"""Admin for the routing configuration: keyword rules, routing rules, customer typologies."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doleances.routing.models import CategoryKeywords, CustomerTypology, RoutingRule


@admin.register(CategoryKeywords)
class CategoryKeywordsAdmin(admin.ModelAdmin):
    list_display = ["category", "phrase_count"]
    search_fields = ["category__name", "phrases"]
    autocomplete_fields = ["category"]

    @admin.display(description=_("phrases"))
    def phrase_count(self, obj: CategoryKeywords) -> int:
        return len(obj.phrase_list())


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


@admin.register(CustomerTypology)
class CustomerTypologyAdmin(admin.ModelAdmin):
    list_display = ["customer", "suggested", "confidence", "confirmed", "updated_at"]
    list_filter = ["suggested", "confirmed"]
    search_fields = ["customer__name", "customer__email"]
    readonly_fields = ["customer", "suggested", "confidence", "evidence", "updated_at"]
    fields = ["customer", "suggested", "confidence", "evidence", "confirmed", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False
