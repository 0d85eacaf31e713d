"""Django admin for the complaint domain: configuration is editable, the case file is read-mostly.

State changes (status, assignment, messages) go through `complaints.services`, which write the
audit trail; the admin never changes them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from doleances.complaints.models import Attachment, Category, Complaint, ComplaintEvent, Customer, Message, Team
from doleances.complaints.services import RECLASSIFIABLE_FIELDS, reclassify_complaint
from doleances.core import clock
from doleances.core.admin import ReadOnlyAdmin


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "is_intake", "is_active"]
    list_filter = ["is_active", "is_intake"]
    search_fields = ["name", "email"]
    filter_horizontal = ["members"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "default_team", "is_active"]
    list_filter = ["is_active", "default_team"]
    list_select_related = ["parent", "parent__parent", "default_team"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class CustomerForm(forms.ModelForm):
    def clean_email(self) -> str:
        # Lower-cased as intake stores it: intake and search find a customer by the exact address.
        return self.cleaned_data["email"].lower()


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = CustomerForm
    list_display = ["name", "email", "phone", "organisation", "kind", "is_vip", "annual_value", "account_manager"]
    list_filter = ["kind", "is_vip", "language"]
    list_select_related = ["account_manager"]
    search_fields = ["name", "email", "phone", "organisation", "customer_number"]
    raw_id_fields = ["account_manager", "onsite_technician"]
    readonly_fields = ["created_at"]
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Customer, form: forms.ModelForm, change: bool) -> None:
        if obj.created_at is None:  # a customer added by hand: the field is read-only, so unset
            obj.created_at = clock.now()
        super().save_model(request, obj, form, change)


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "subject",
        "customer",
        "kind",
        "status",
        "priority",
        "team",
        "assignee",
        "received_at",
        "response_due_at",
    ]
    list_filter = ["status", "kind", "channel", "priority", "team"]
    list_select_related = ["customer", "team", "assignee"]
    search_fields = ["reference", "subject", "customer__name", "customer__email"]
    date_hierarchy = "received_at"
    show_full_result_count = False  # no COUNT(*) over a large table on every page
    # Only classification fields are editable here; the lifecycle belongs to the services.
    fields = [
        "reference",
        "status",
        "kind",
        "channel",
        "priority",
        "category",
        "team",
        "team_source",
        "assignee",
        "customer",
        "subject",
        "description",
        "remedy_sought",
        "claimed_amount",
        "order_reference",
        "language",
        "merged_into",
        "received_at",
        "registered_at",
        "acknowledged_at",
        "answered_at",
        "resolved_at",
        "closed_at",
        "acknowledgement_due_at",
        "response_due_at",
        "updated_at",
        "consent_at",
    ]
    # Everything else is shown read-only: reclassify_complaint refuses any other field.
    readonly_fields = [name for name in fields if name not in RECLASSIFIABLE_FIELDS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # complaints enter through intake (form, mail, API), which acknowledges them

    def save_model(self, request: HttpRequest, obj: Complaint, form, change: bool) -> None:
        # Through the service, so that the change is permission-checked and audited.
        reclassify_complaint(
            obj,
            actor=request.user,
            changes={field: form.cleaned_data[field] for field in form.changed_data if field in RECLASSIFIABLE_FIELDS},
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the audit trail refers to them


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "sequence", "action", "actor_label", "visibility", "created_at"]
    list_filter = ["visibility", "action"]
    list_select_related = ["complaint"]
    search_fields = ["complaint__reference", "action", "actor_label"]
    show_full_result_count = False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "direction", "channel", "sender", "recipient", "subject", "created_at"]
    list_filter = ["direction", "channel", "visibility"]
    list_select_related = ["complaint"]
    search_fields = ["complaint__reference", "sender", "recipient", "subject", "message_id"]
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "complaint", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    list_select_related = ["complaint"]
    search_fields = ["complaint__reference", "original_name", "sha256"]
    show_full_result_count = False
    exclude = ["file"]  # downloads go through the agent UI, which checks access
