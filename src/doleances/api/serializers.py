"""Shape of the API's JSON: types, presence, unknown fields. The rules live in the services."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from doleances.complaints.enums import Channel, Direction, Kind, Status
from doleances.complaints.models import Complaint
from doleances.core.regulatory import DEFAULT_PROFILE, PROFILES, get_profile
from doleances.intake.services import ComplaintDetails, CustomerDetails

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class StrictCharField(serializers.CharField):
    """A JSON string, nothing else (DRF's CharField would turn 42 into "42")."""

    default_error_messages = {"invalid": _("Expected a string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# Primary keys are 64-bit signed integers (BigAutoField) on SQLite and PostgreSQL: a larger
# number would overflow in the database driver instead of simply matching nothing.
DATABASE_ID_MAX = 2**63 - 1


class DatabaseIdField(serializers.IntegerField):
    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, max_value=DATABASE_ID_MAX, **kwargs)


def parse_aware_datetime(value: str) -> datetime | None:
    """The datetime `value` names in ISO 8601 (naive when it has no offset), else None.

    None too when its UTC instant falls outside years 1-9999 (0001-01-01T00:00:00+01:00):
    Python and the database drivers cannot represent it."""
    try:
        parsed = parse_datetime(value.strip())
        if parsed is not None and parsed.tzinfo is not None:
            parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return parsed


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit offset: a naive date would be read in a guessed time zone."""

    default_error_messages = {"offset_required": _("Give the time zone offset (e.g. 2026-03-01T09:30:00+01:00).")}

    def to_internal_value(self, value):
        parsed = parse_aware_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail("invalid", format="ISO 8601 (2026-03-01T09:30:00+01:00)")
        if parsed.tzinfo is None:
            self.fail("offset_required")
        return parsed


class CheckedSerializer(serializers.Serializer):
    """Adds the errors of `extra_errors` to the fields' own, so one answer lists every problem."""

    def extra_errors(self, data) -> dict[str, list[ErrorDetail]]:
        return {}

    def to_internal_value(self, data):
        extra = self.extra_errors(data)
        errors: dict = {}
        value = None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail) if isinstance(exc.detail, Mapping) else {"non_field_errors": exc.detail}
        errors.update(extra)
        if errors:
            raise serializers.ValidationError(errors)
        return value


class StrictSerializer(CheckedSerializer):
    """Refuses fields it does not know, naming each of them (a typo must not be silently lost)."""

    def extra_errors(self, data) -> dict[str, list[ErrorDetail]]:
        if not isinstance(data, Mapping):
            return {}
        known = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(str(name) for name in data if name not in known)
        return {name: [ErrorDetail(str(_("Unknown field.")), code="unknown_field")] for name in unknown}


class QueryParametersSerializer(CheckedSerializer):
    """Query parameters: one given empty (`?team=`) is refused rather than silently ignored."""

    def extra_errors(self, data) -> dict[str, list[ErrorDetail]]:
        empty = [name for name in self.fields if name in data and data.get(name) == ""]
        return {name: [ErrorDetail(str(_("Give a value or leave the parameter out.")), code="blank")] for name in empty}


def _text(**kwargs) -> StrictCharField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("default", "")
    return StrictCharField(allow_blank=True, trim_whitespace=False, **kwargs)


class CustomerInputSerializer(StrictSerializer):
    name = StrictCharField(allow_blank=True, trim_whitespace=False)
    email = _text()
    phone = _text(help_text=_("International (+33…) or French national format."))
    organisation = _text()
    customer_number = _text()
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False, default="fr")


class ComplaintCreateSerializer(StrictSerializer):
    customer = CustomerInputSerializer()
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, default=Kind.COMPLAINT)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.API)
    subject = StrictCharField(allow_blank=True, trim_whitespace=False)
    description = StrictCharField(allow_blank=True, trim_whitespace=False)
    remedy_sought = _text()
    claimed_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None, coerce_to_string=True
    )
    order_reference = _text()
    received_at = AwareDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("First expression of dissatisfaction, ISO 8601 with offset; never in the future. Default: now."),
    )
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False, help_text=_("Default: the customer's."))
    consent = serializers.BooleanField(required=False, default=False, help_text=_("Required for the `web` channel only."))
    regulatory_profile = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=32,
        help_text=_(
            "The regulatory profile whose clocks apply: iso-10002, fr-acpr, fr-payment-services, uk-fca-disp, "
            "uk-fca-disp-payments or us-cfpb; default: the organisation's."
        ),
    )
    team = DatabaseIdField(
        required=False, allow_null=True, default=None, help_text=_("One of the key's teams; default: the key's only team.")
    )
    # Issue 17: what the person who took the complaint understood ("reformulation").
    restatement = _text(help_text=_("The restatement of the complaint by whoever took it (optional)."))

    def intake_details(self) -> tuple[CustomerDetails, ComplaintDetails]:
        """The validated body as the intake service's arguments (after `is_valid()`)."""
        data = self.validated_data
        customer = CustomerDetails(**data["customer"])
        details = ComplaintDetails(
            subject=data["subject"],
            description=data["description"],
            kind=data["kind"],
            channel=data["channel"],
            remedy_sought=data["remedy_sought"],
            claimed_amount=data["claimed_amount"],
            order_reference=data["order_reference"],
            received_at=data["received_at"],
            language=data.get("language") or customer.language,
            consent=data["consent"],
            restatement=data["restatement"],
            regulatory_profile=data["regulatory_profile"],
        )
        return customer, details


class DueDatesSerializer(serializers.Serializer):
    """ISO 8601 with offset; a deadline that does not apply is left out."""

    acknowledgement = serializers.DateTimeField(required=False)
    first_response = serializers.DateTimeField(
        required=False, help_text=_("Internal target; pauses while waiting for the customer.")
    )
    summary_resolution = serializers.DateTimeField(
        required=False, help_text=_("FCA: resolved by then, a summary resolution suffices.")
    )
    answer = serializers.DateTimeField(
        required=False, help_text=_("The final-answer deadline (regulatory, else the policy's); never paused.")
    )
    answer_extended = serializers.DateTimeField(required=False, help_text=_("After a holding reply or a delay letter."))
    response = serializers.DateTimeField(
        required=False, help_text=_("Internal service target; pauses while waiting for the customer.")
    )
    resolution = serializers.DateTimeField(required=False, help_text=_("Internal resolution target; pauses too."))


def render_due_dates(complaint: Complaint) -> dict:
    """The deadlines that exist, as JSON (a missing one is left out, not null)."""
    dates = {name: getattr(complaint, f"{name}_due_at") for name in DueDatesSerializer().fields}
    return DueDatesSerializer({name: at for name, at in dates.items() if at is not None}).data


class CalendarSerializer(serializers.Serializer):
    regulatory = serializers.DictField(help_text=_("The profile's calendar: country, subdivision, time zone."))
    service = serializers.CharField(help_text=_("The calendar of the service policy that applies."))


def render_calendar(complaint: Complaint) -> dict:
    ref = get_profile(complaint.sla_profile or "").calendar
    return {
        "regulatory": {"country": ref.country, "subdivision": ref.subdivision, "time_zone": ref.tz},
        "service": complaint.sla_calendar or "",
    }


class ComplaintCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    due_dates = DueDatesSerializer()
    portal_url = serializers.URLField(help_text=_("The customer's secret link to follow the case."))
    created_at = serializers.DateTimeField()


class ComplaintListSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id", allow_null=True)
    due_dates = serializers.SerializerMethodField()
    regulatory_profile = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "status",
            "kind",
            "channel",
            "priority",
            "subject",
            "team",
            "received_at",
            "acknowledged_at",
            "answered_at",
            "closed_at",
            "updated_at",
            "due_dates",
            "regulatory_profile",
            "calendar",
        ]

    @extend_schema_field(DueDatesSerializer)
    def get_due_dates(self, complaint: Complaint) -> dict:
        return render_due_dates(complaint)

    @extend_schema_field(serializers.ChoiceField(choices=list(PROFILES)))
    def get_regulatory_profile(self, complaint: Complaint) -> str:
        return complaint.sla_profile or complaint.regulatory_profile or DEFAULT_PROFILE

    @extend_schema_field(CalendarSerializer)
    def get_calendar(self, complaint: Complaint) -> dict:
        return render_calendar(complaint)


class ComplaintPageSerializer(serializers.Serializer):
    """One page of the cursor-paginated list; follow `next` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ComplaintListSerializer(many=True)


class CustomerOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    organisation = serializers.CharField()
    customer_number = serializers.CharField()
    language = serializers.CharField()


class TimelineMessageSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[Direction.INBOUND, Direction.OUTBOUND])
    body = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    event = serializers.CharField(help_text=_("Dotted action, e.g. complaint.acknowledged, message.received."))
    message = TimelineMessageSerializer(allow_null=True)


class SuggestedCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    confidence = serializers.FloatField()


class ToneSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=["calm", "dissatisfied", "angry", "distressed"])
    score = serializers.FloatField()


class RiskSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["low", "medium", "high", "critical"])
    score = serializers.IntegerField(help_text=_("0 to 100."))
    flags = serializers.ListField(child=serializers.CharField(), help_text=_("e.g. churn, legal, public, safety."))


class AnalysisSerializer(serializers.Serializer):
    """What the automatic analysis read in the complaint (suggestions, never decisions)."""

    language = serializers.CharField()
    suggested_category = SuggestedCategorySerializer(allow_null=True)
    tone = ToneSerializer()
    risk = RiskSerializer()
    analysed_at = serializers.DateTimeField()


class ComplaintDetailSerializer(ComplaintListSerializer):
    customer = CustomerOutputSerializer()
    portal_url = serializers.URLField()
    timeline = TimelineEntrySerializer(many=True)
    analysis = AnalysisSerializer(
        source="analysis_summary", allow_null=True, read_only=True, help_text=_("Null until the complaint is analysed.")
    )

    class Meta(ComplaintListSerializer.Meta):
        fields = [
            *ComplaintListSerializer.Meta.fields,
            "description",
            "remedy_sought",
            "claimed_amount",
            "order_reference",
            "language",
            "customer",
            "portal_url",
            "timeline",
            "analysis",
            "restatement",
        ]


class MessageCreateSerializer(StrictSerializer):
    body = StrictCharField(allow_blank=True, trim_whitespace=False, help_text=_("Information from the customer."))


class MessageCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    direction = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text=_("Dotted path of the field, e.g. customer.email."))
    code = serializers.CharField()
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (application/problem+json)."""

    type = serializers.CharField(help_text=_("Stable URI of the kind of problem."))
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(required=False, help_text=_("Stable code of a refused domain rule."))
    errors = FieldErrorSerializer(many=True, required=False)
