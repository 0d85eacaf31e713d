"""Admin of the routing configuration: routing rules (with a dry run), tags, skills, absences; and
the complaints' "route again" action."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from doleances.analysis.models import ComplaintAnalysis
from doleances.complaints.access import get_complaint_for
from doleances.complaints.admin import ComplaintAdmin
from doleances.complaints.enums import Channel, Kind
from doleances.complaints.models import Complaint, Customer
from doleances.core.errors import DoleancesError
from doleances.routing.models import Absence, RoutingRule, Skill, Tag
from doleances.routing.selectors import CONDITION_LABELS, SKIP_LABELS
from doleances.routing.services import facts_for, facts_for_text, route_complaint, simulate_routing


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        exclude: list[str] = []  # the admin's fieldsets say which fields, in which order

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("set_team") or data.get("set_priority") or data.get("set_strategy") or data.get("set_tags")):
            raise forms.ValidationError(_("A rule must set a team, a priority, tags or an assignment strategy."))
        return data


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ["order", "name", "is_active", "set_team", "set_priority", "set_strategy"]
    list_display_links = ["name"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "set_team", "risk_flag", "kind", "set_strategy"]
    search_fields = ["name", "keywords"]
    filter_horizontal = ["set_tags"]
    change_list_template = "admin/routing/routingrule/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "order", "is_active"]}),
        (
            gettext_lazy("Conditions"),
            {
                "description": gettext_lazy(
                    "Every condition you fill in must hold; leave a condition empty to ignore it. Rules are tried "
                    "after a new complaint is analysed and again when it is qualified again, from the lowest order "
                    "up; the first one that matches applies and is recorded, with what was tried, in the complaint's "
                    "audit trail. A complaint no rule sends elsewhere stays in its category's team or the intake team."
                ),
                "fields": [
                    "kind",
                    "category",
                    "tone_in",
                    "risk_flag",
                    "min_risk_score",
                    "language",
                    "channel",
                    "vip_only",
                    "segment",
                    "typology",
                    ("min_amount", "max_amount"),
                    "keywords",
                ],
            },
        ),
        (gettext_lazy("Actions"), {"fields": ["set_team", "set_priority", "set_tags", "set_strategy"]}),
    ]

    def get_urls(self):
        dry_run = path("dry-run/", self.admin_site.admin_view(self.dry_run_view), name="routing_routingrule_dry_run")
        return [dry_run, *super().get_urls()]

    def dry_run_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Http404
        form = DryRunForm(request.POST or None)
        simulation, error = None, ""
        if request.method == "POST" and form.is_valid():
            try:
                simulation = run_dry_run(request, form.cleaned_data)
            except DoleancesError as refused:
                error = refused.message
        context = {
            **self.admin_site.each_context(request),
            "title": _("Try the routing rules"),
            "opts": self.model._meta,
            "form": form,
            "simulation": simulation,
            "error": error,
            "condition_labels": CONDITION_LABELS,
            "skip_labels": SKIP_LABELS,
        }
        return TemplateResponse(request, "admin/routing/dry_run.html", context)


class DryRunForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Existing complaint"),
        required=False,
        max_length=32,
        help_text=gettext_lazy("Its reference; or leave empty and paste a complaint below."),
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), required=False, max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices, initial=Channel.WEB)
    claimed_amount = forms.DecimalField(
        label=gettext_lazy("Claimed amount"), required=False, max_digits=12, decimal_places=2, min_value=Decimal(0)
    )
    customer_email = forms.EmailField(
        label=gettext_lazy("Customer's email"),
        required=False,
        help_text=gettext_lazy("A known customer brings their segment, VIP status, profile and account manager."),
    )
    segment = forms.CharField(label=gettext_lazy("Customer segment"), required=False, max_length=64)
    is_vip = forms.BooleanField(label=gettext_lazy("VIP customer"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("reference") and not (data.get("subject") or data.get("description")):
            raise forms.ValidationError(_("Give a complaint's reference, or paste a subject or a description."))
        return data


def run_dry_run(request: HttpRequest, data: dict):
    """The rules on an existing complaint (as the administrator may see it) or a pasted one."""
    if data.get("reference"):
        try:
            complaint = get_complaint_for(request.user, data["reference"].strip())
        except Http404:
            raise DoleancesError("unknown_reference", _("No complaint with this reference that you may see.")) from None
        analysis = ComplaintAnalysis.objects.filter(complaint=complaint).select_related("suggested_category").first()
        return simulate_routing(complaint, facts_for(complaint, analysis))
    email = (data.get("customer_email") or "").lower()
    customer = Customer.objects.filter(email=email).first() if email else None
    if customer is None:
        customer = Customer(name="—", email=email, segment=data.get("segment") or "", is_vip=bool(data.get("is_vip")))
    facts, complaint = facts_for_text(
        subject=data.get("subject") or "",
        description=data.get("description") or "",
        kind=data["kind"],
        channel=data["channel"],
        amount=data.get("claimed_amount"),
        customer=customer,
    )
    return simulate_routing(complaint, facts)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "language"]
    list_filter = ["language", "category"]
    list_select_related = ["user", "category"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["category"]
    raw_id_fields = ["user"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_on", "ends_on", "note"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "note"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["user"]


@admin.action(description=gettext_lazy("Route again with the rules (team, priority, tags, handler)"))
def route_again(modeladmin, request: HttpRequest, queryset) -> None:
    """Each complaint through `route_complaint`, as its own transaction: the same checks as the
    case page (a conflicted person is never picked, a team a person chose stays)."""
    done, refused = 0, []
    for complaint in queryset.select_related("customer"):
        try:
            route_complaint(complaint, actor=request.user)
        except DoleancesError as error:
            refused.append(f"{complaint.reference}: {error.message}")
        else:
            done += 1
    told = ngettext("%(count)d complaint routed again.", "%(count)d complaints routed again.", done) % {"count": done}
    modeladmin.message_user(request, told, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


class RoutedComplaintAdmin(ComplaintAdmin):
    """The complaints' admin with routing's action (routing sits above complaints in the layers)."""

    actions = [*(ComplaintAdmin.actions or []), route_again]


admin.site.unregister(Complaint)
admin.site.register(Complaint, RoutedComplaintAdmin)
