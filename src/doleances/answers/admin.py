"""Decisions and surveys are written by the services: read-only in the admin."""

from django.contrib import admin

from doleances.answers.models import Decision, Survey
from doleances.core.admin import ReadOnlyAdmin


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "outcome", "remedy", "amount", "currency", "decided_at", "customer_response"]
    list_filter = ["outcome", "remedy", "customer_response"]
    search_fields = ["complaint__reference"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = [
        "complaint",
        "sent_at",
        "answered_at",
        "solved",
        "outcome_rating",
        "process_rating",
        "treatment_rating",
        "flagged",
    ]
    list_filter = ["flagged", "solved"]
    search_fields = ["complaint__reference"]
