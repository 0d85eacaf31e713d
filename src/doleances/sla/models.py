"""Service levels configured in the admin: calendars, service policies, the channels' expected
first response, which regulatory profile applies to a segment or category; and the sweep's
alarms (one row per complaint, clock and step: the unique key that makes the sweep idempotent)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from doleances.complaints.enums import Channel, Priority
from doleances.core.calendar import BusinessCalendar, Duration, Unit
from doleances.core.regulatory import PROFILES, Clock

UNIT_CHOICES = [
    (Unit.HOURS.value, _("working hours")),
    (Unit.BUSINESS_DAYS.value, _("business days (Monday to Friday)")),
    (Unit.WORKING_DAYS.value, _("working days (Monday to Saturday)")),
    (Unit.CALENDAR_DAYS.value, _("calendar days")),
    (Unit.WEEKS.value, _("weeks")),
    (Unit.MONTHS.value, _("months")),
]
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_hours(text: str) -> tuple[tuple[time, time], ...]:
    """ "09:00-12:30, 13:30-18:00" → intervals; blank: closed that day."""
    intervals = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start, end = (time.fromisoformat(side.strip()) for side in part.split("-"))
        except ValueError:
            raise ValidationError(_("Write opening hours as 09:00-18:00 (several separated by commas).")) from None
        if end <= start or (intervals and start < intervals[-1][1]):
            raise ValidationError(_("Opening hours must be in order and each end after its start."))
        intervals.append((start, end))
    return tuple(intervals)


class Calendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    country = models.CharField(_("country (public holidays)"), max_length=2, default="FR")
    subdivision = models.CharField(
        _("subdivision"), max_length=8, blank=True, help_text=_("For instance 6AE for Alsace, SCT for Scotland.")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    monday = models.CharField(_("Monday"), max_length=64, blank=True, default="09:00-18:00")
    tuesday = models.CharField(_("Tuesday"), max_length=64, blank=True, default="09:00-18:00")
    wednesday = models.CharField(_("Wednesday"), max_length=64, blank=True, default="09:00-18:00")
    thursday = models.CharField(_("Thursday"), max_length=64, blank=True, default="09:00-18:00")
    friday = models.CharField(_("Friday"), max_length=64, blank=True, default="09:00-18:00")
    saturday = models.CharField(_("Saturday"), max_length=64, blank=True)
    sunday = models.CharField(_("Sunday"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for name in WEEKDAY_FIELDS:
            try:
                parse_hours(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = ValidationError(_("Unknown time zone."))
        if errors:
            raise ValidationError(errors)

    def as_business_calendar(self, closures: frozenset[date] = frozenset()) -> BusinessCalendar:
        hours = {day: parse_hours(getattr(self, name)) for day, name in enumerate(WEEKDAY_FIELDS)}
        return BusinessCalendar(
            country=self.country,
            tz=self.time_zone,
            subdivision=self.subdivision or None,
            weekdays=frozenset(day for day, intervals in hours.items() if intervals),
            hours=hours,
            closures=closures,
        )


class Closure(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="closures", verbose_name=_("calendar"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["first_day"]

    def __str__(self) -> str:
        return self.reason

    def clean(self) -> None:
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day cannot be before the first day.")})


class ServicePolicy(models.Model):
    """Internal service targets. The most specific active policy matching a complaint applies
    (each criterion set and matched counts one; ties: the lowest rank)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.PositiveIntegerField(_("rank"), default=100)
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, verbose_name=_("calendar"))
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    segment = models.CharField(_("customer segment"), max_length=64, blank=True)
    vip = models.BooleanField(_("VIP customers"), null=True, blank=True, help_text=_("Empty: VIP or not."))
    category = models.ForeignKey(
        "complaints.Category", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category")
    )
    acknowledgement_amount = models.PositiveIntegerField(_("acknowledgement within"), null=True, blank=True)
    acknowledgement_unit = models.CharField(_("acknowledgement: unit"), max_length=16, choices=UNIT_CHOICES, blank=True)
    first_response_amount = models.PositiveIntegerField(_("first response within"), null=True, blank=True)
    first_response_unit = models.CharField(_("first response: unit"), max_length=16, choices=UNIT_CHOICES, blank=True)
    answer_amount = models.PositiveIntegerField(_("answer within"), null=True, blank=True)
    answer_unit = models.CharField(_("answer: unit"), max_length=16, choices=UNIT_CHOICES, blank=True)
    resolution_amount = models.PositiveIntegerField(_("resolution within"), null=True, blank=True)
    resolution_unit = models.CharField(_("resolution: unit"), max_length=16, choices=UNIT_CHOICES, blank=True)
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the time elapsed)"), default=75, help_text=_("The assignee is warned when this share has elapsed.")
    )

    class Meta:
        verbose_name = _("service policy")
        verbose_name_plural = _("service policies")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for target in ("acknowledgement", "first_response", "answer", "resolution"):
            amount, unit = getattr(self, f"{target}_amount"), getattr(self, f"{target}_unit")
            if (amount is None) != (not unit):
                errors[f"{target}_unit"] = ValidationError(_("Give both the amount and the unit, or neither."))
        if not 1 <= self.warning_percent <= 99:
            errors["warning_percent"] = ValidationError(_("Between 1 and 99."))
        if errors:
            raise ValidationError(errors)

    def target(self, name: str) -> Duration | None:
        amount, unit = getattr(self, f"{name}_amount"), getattr(self, f"{name}_unit")
        return Duration(amount, Unit(unit)) if amount is not None and unit else None


class ChannelTarget(models.Model):
    """The first response a channel's customers expect (a chat within the hour, a letter within
    days): used by every policy that sets no first-response target of its own."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, unique=True)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=16, choices=UNIT_CHOICES)

    class Meta:
        verbose_name = _("channel's expected first response")
        verbose_name_plural = _("channels' expected first response")

    def __str__(self) -> str:
        return self.get_channel_display()

    def duration(self) -> Duration:
        return Duration(self.amount, Unit(self.unit))


PROFILE_CHOICES = [(profile.id, profile.label) for profile in PROFILES.values()]


class ProfileAssignment(models.Model):
    """Which regulatory profile applies to a customer segment or a category (a complaint's own
    profile wins, then its category's, then its segment's, then the organisation's default)."""

    profile = models.CharField(_("regulatory profile"), max_length=32, choices=PROFILE_CHOICES)
    segment = models.CharField(_("customer segment"), max_length=64, blank=True)
    category = models.OneToOneField(
        "complaints.Category", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category")
    )

    class Meta:
        verbose_name = _("regulatory profile of a segment or category")
        verbose_name_plural = _("regulatory profiles of segments and categories")
        constraints = [
            models.UniqueConstraint(
                fields=["segment"], condition=models.Q(category__isnull=True), name="one_profile_per_segment"
            ),
            models.CheckConstraint(
                condition=(models.Q(category__isnull=True) & ~models.Q(segment=""))
                | (models.Q(category__isnull=False) & models.Q(segment="")),
                name="profile_for_segment_or_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or self.segment} → {self.profile}"


class Step(models.TextChoices):
    WARN = "warn", _("warning")
    BREACH = "breach", _("breach")
    ASK_AGENT = "ask_agent", _("agent asked for a new date")
    PROGRESS_REPORT = "progress_report", _("progress report to the customer")


class Alarm(models.Model):
    """A wake-up call for the sweep: at `fire_at`, look at this complaint's clock again and take
    the step if it is still due. `fired_at` set = done (the unique key holds it done forever)."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="sla_alarms")
    clock = models.CharField(max_length=24, choices=[(c.value, c.value) for c in Clock])
    step = models.CharField(max_length=24, choices=Step.choices)
    fire_at = models.DateTimeField()
    fired_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "clock", "step"], name="one_alarm_per_clock_step")]
        indexes = [models.Index(fields=["fire_at"], condition=models.Q(fired_at__isnull=True), name="alarm_pending_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.clock} {self.step}"


class SweepCursor(models.Model):
    """The last complaint whose alarms the sweep wrote: registration writes none (intake pays no
    query for them); the next sweep, a minute later at most, schedules the new complaints'."""

    last_complaint_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_complaint_id)
