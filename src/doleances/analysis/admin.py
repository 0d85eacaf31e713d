"""Admin of the analysis: the keyword rules of the cold start, the customer typologies."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doleances.analysis.models import CategoryKeywords, CustomerTypology


@admin.register(CategoryKeywords)
class CategoryKeywordsAdmin(admin.ModelAdmin):
    list_display = ["category", "phrase_count"]
    search_fields = ["category__name", "phrases"]
    autocomplete_fields = ["category"]

    @admin.display(description=_("phrases"))
    def phrase_count(self, obj: CategoryKeywords) -> int:
        return len(obj.phrase_list())


@admin.register(CustomerTypology)
class CustomerTypologyAdmin(admin.ModelAdmin):
    list_display = ["customer", "suggested", "confidence", "confirmed", "updated_at"]
    list_filter = ["suggested", "confirmed"]
    search_fields = ["customer__name", "customer__email"]
    readonly_fields = ["customer", "suggested", "confidence", "evidence", "updated_at"]
    fields = ["customer", "suggested", "confidence", "evidence", "confirmed", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False
