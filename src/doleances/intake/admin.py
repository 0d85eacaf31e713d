"""Admin of mail intake: mailboxes are configured here; received mail is read-only evidence, and a
quarantined message can be run through again."""

from __future__ import annotations

import os

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from doleances.core.admin import ReadOnlyAdmin
from doleances.intake.mail.imap import poll_source
from doleances.intake.mail.services import reprocess_mail
from doleances.intake.models import InboundMail, InboundPost, InboundStatus, MailSource, PostSource


@admin.register(MailSource)
class MailSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "username", "host", "folder", "default_team", "is_active", "last_polled_at", "last_status"]
    list_filter = ["is_active", "last_status"]
    search_fields = ["name", "host", "username"]
    readonly_fields = ["last_polled_at", "last_status", "last_error"]
    fieldsets = [
        (None, {"fields": ["name", "is_active", "default_team"]}),
        (_("Server"), {"fields": ["host", "port", "security", "username", "password_variable", "folder"]}),
        (_("After import"), {"fields": ["after_import", "move_to"]}),
        (_("Last poll"), {"fields": ["last_polled_at", "last_status", "last_error"]}),
    ]
    actions = ["poll_now"]

    @admin.action(description=_("Poll the selected mailboxes now"))
    def poll_now(self, request: HttpRequest, queryset) -> None:
        for source in queryset:
            result = poll_source(source)
            if result.error:
                self.message_user(request, f"{source.name}: {result.error}", messages.ERROR)
            else:
                counts = ", ".join(f"{status} {count}" for status, count in sorted(result.counts.items()))
                nothing = _("nothing new")
                self.message_user(request, f"{source.name}: {counts or nothing}", messages.SUCCESS)


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "reason", "sender", "subject", "origin", "source", "complaint"]
    list_filter = ["status", "origin", "reason", "source"]
    list_select_related = ["source", "complaint"]
    search_fields = ["message_id", "sender", "subject", "sha256"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["reprocess"]
    readonly_fields = [f.name for f in InboundMail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # evidence: the message as received

    @admin.action(description=_("Reprocess the selected quarantined messages"), permissions=["view"])
    def reprocess(self, request: HttpRequest, queryset) -> None:
        outcomes = [reprocess_mail(mail) for mail in queryset.filter(status=InboundStatus.QUARANTINED)]
        still = sum(outcome.status == InboundStatus.QUARANTINED for outcome in outcomes)
        done = len(outcomes) - still
        self.message_user(
            request,
            ngettext("%(count)d message processed.", "%(count)d messages processed.", done) % {"count": done}
            + (
                " " + ngettext("%(count)d still in quarantine.", "%(count)d still in quarantine.", still) % {"count": still}
                if still
                else ""
            ),
            messages.WARNING if still else messages.SUCCESS,
        )


@admin.register(PostSource)
class PostSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "channel", "default_team", "is_active", "webhook_ready"]
    list_filter = ["channel", "is_active"]
    search_fields = ["name", "label"]
    fieldsets = [
        (None, {"fields": ["name", "label", "channel", "is_active", "default_team"]}),
        (_("Webhook"), {"fields": ["secret_variable"]}),
        (_("Payloads and exports"), {"fields": ["mapping"]}),
    ]

    @admin.display(boolean=True, description=_("webhook open"))
    def webhook_ready(self, source: PostSource) -> bool:
        """The secret's variable is set for this process (the web server's environment)."""
        return bool(source.is_active and source.secret_variable and os.environ.get(source.secret_variable))


@admin.register(InboundPost)
class InboundPostAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "source", "handle", "external_id", "url", "rating", "complaint"]
    list_filter = ["source", "origin"]
    list_select_related = ["source", "complaint"]
    search_fields = ["external_id", "url", "handle", "author", "complaint__reference"]
    show_full_result_count = False
