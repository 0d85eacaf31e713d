"""The Complaint aggregate. Only `complaints.services` (and intake) write these rows."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from doleances.complaints.enums import Channel, CustomerKind, Direction, Kind, Priority, Status, TeamSource, Visibility
from doleances.complaints.lifecycle import OPEN_STATES


def new_portal_token() -> str:
    return secrets.token_urlsafe(24)


def name_key(name: str) -> str:
    """A name as the customer search compares it: casefolded, accents removed, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())[:200]


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    email = models.EmailField(_("team email"), blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams", verbose_name=_("members"))
    is_active = models.BooleanField(_("active"), default=True)
    is_intake = models.BooleanField(
        _("intake team"),
        default=False,
        help_text=_(
            "New complaints that no routing rule or category sends elsewhere land in this team's queue. One team at most."
        ),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["is_intake"], condition=models.Q(is_intake=True), name="one_intake_team")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """Hierarchical complaint category (e.g. Billing › Wrong amount)."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    default_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("default team"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_category_name_per_parent")]

    def __str__(self) -> str:
        return " › ".join(c.name for c in self.ancestors_and_self())

    def ancestors_and_self(self) -> list[Category]:
        chain: list[Category] = []
        node: Category | None = self
        while node is not None and node not in chain:
            chain.insert(0, node)
            node = node.parent
        return chain


class Customer(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKind.choices, default=CustomerKind.EXTERNAL)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    customer_number = models.CharField(_("customer number"), max_length=64, blank=True, db_index=True)
    segment = models.CharField(_("segment"), max_length=64, blank=True)
    is_vip = models.BooleanField(_("VIP"), default=False)
    annual_value = models.DecimalField(
        _("yearly value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Yearly revenue or contract value of this customer, in the organisation's currency. "
            "The higher it is, the higher the risk score of their complaints."
        ),
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_customers",
        verbose_name=_("account manager"),
    )
    onsite_technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="serviced_customers",
        verbose_name=_("on-site technician"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    created_at = models.DateTimeField(_("created at"))
    # Issue 17 (assisted intake, internal requesters, customer merge).
    department = models.CharField(
        _("department"), max_length=200, blank=True, help_text=_("For an internal requester: their department or service.")
    )
    # The name as searched (casefolded, no accents, single spaces): a prefix search reads its index.
    name_key = models.CharField(max_length=200, blank=True, default="", editable=False, db_index=True)
    # Set when this record was merged into another one: it is kept (nothing is lost), but intake
    # and search no longer match it.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        verbose_name=_("merged into"),
        db_index=False,  # a partial index below: a full one would serve "not merged" by reading every row
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["phone"], name="customer_phone_idx"),
            models.Index(fields=["kind"], name="customer_kind_idx"),
            models.Index(fields=["merged_into"], condition=models.Q(merged_into__isnull=False), name="customer_merged_into_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class Complaint(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMPLAINT)
    # One of `core.regulatory.PROFILES` (e.g. "fr-acpr"); blank: the organisation's default profile.
    # A plain string, not a choice list: profiles are code, and complaints sits below sla.
    regulatory_profile = models.CharField(_("regulatory profile"), max_length=32, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # Only `complaints.services` changes it, through the lifecycle table; the database refuses any
    # other value than the lifecycle's states.
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED, editable=False)
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("customer"))
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    remedy_sought = models.TextField(_("remedy sought"), blank=True)
    claimed_amount = models.DecimalField(_("claimed amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    order_reference = models.CharField(_("order or contract reference"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("category"))
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints", verbose_name=_("team")
    )
    # Null rather than "" so that SQLite adds the column instead of rebuilding the table (and
    # dropping its full-text triggers); null means no team, or a team set before this was recorded.
    team_source = models.CharField(_("why in this team"), max_length=16, choices=TeamSource.choices, null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
        verbose_name=_("assignee"),
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_complaints")
    # The first expression of dissatisfaction; may precede registration (ACPR counts it).
    received_at = models.DateTimeField(_("received at"))
    registered_at = models.DateTimeField(_("registered at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    acknowledgement_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    portal_token = models.CharField(max_length=64, unique=True, default=new_portal_token, editable=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    # What makes a second delivery of the same request recognisable (a form sent twice at once):
    # the second one finds this complaint instead of making another.
    intake_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # Last event of the audit trail, written in the same transaction as that event, so that
    # deleting the last events of a chain is noticed. NULL: no event yet. (Nullable without a
    # default so that SQLite adds columns instead of rebuilding the table and its triggers.)
    audit_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    audit_head = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # Issue 17: the agent's restatement of what the customer said ("reformulation"), when the
    # customer confirmed it, and the person who took the complaint (phone, counter, letter).
    restatement = models.TextField(_("restatement"), blank=True, default="")
    restatement_confirmed_at = models.DateTimeField(_("restatement confirmed at"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("taken by"),
    )
    # Issue 19, deadlines (written by sla.services, and by apply_transition for the pause). Nullable
    # without default: SQLite adds the columns instead of rebuilding the table and its triggers.
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    summary_resolution_due_at = models.DateTimeField(_("summary resolution possible until"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)  # never paused
    answer_extended_due_at = models.DateTimeField(_("answer due after extension"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response sent at"), null=True, blank=True)
    service_paused_at = models.DateTimeField(_("service clock paused since"), null=True, blank=True)
    service_paused_seconds = models.PositiveIntegerField(_("service clock paused (seconds)"), null=True, blank=True)
    regulatory_breached_at = models.DateTimeField(_("regulatory deadline breached at"), null=True, blank=True)
    sla_profile = models.CharField(_("regulatory profile applied"), max_length=32, null=True, blank=True)
    sla_calendar = models.CharField(_("calendar used"), max_length=100, null=True, blank=True)
    # The earliest deadline still to meet (what the work queue sorts on); null: none pending.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        permissions = [("view_all_complaints", _("Can see every complaint, whatever the team"))]
        constraints = [
            # Partial, so that SQLite adds an index instead of rebuilding the table (and its
            # full-text triggers).
            models.UniqueConstraint(
                fields=["intake_key"], condition=models.Q(intake_key__isnull=False), name="unique_complaint_intake_key"
            ),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="complaint_status_is_a_state"),
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="complaint_recent_idx"),
            models.Index(fields=["status", "-received_at"], name="complaint_status_idx"),
            models.Index(fields=["team", "status"], name="complaint_team_status_idx"),
            models.Index(fields=["assignee", "status"], name="complaint_assignee_status_idx"),
            models.Index(fields=["response_due_at"], name="complaint_due_idx"),
            models.Index(fields=["updated_at"], name="complaint_updated_idx"),
            models.Index(fields=["next_due_at", "id"], name="complaint_next_due_idx"),
            models.Index(
                fields=["regulatory_breached_at"],
                condition=models.Q(regulatory_breached_at__isnull=False),
                name="complaint_reg_breach_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def is_overdue(self, at) -> bool:
        return self.is_open and self.answered_at is None and self.response_due_at is not None and self.response_due_at < at

    @property
    def effective_answer_due_at(self):
        return self.answer_extended_due_at or self.answer_due_at

    def pending_due_dates(self, *, while_paused: bool = False) -> dict[str, datetime]:
        """The deadlines still to meet, by clock name (internal targets left out while paused,
        unless `while_paused`)."""
        if not self.is_open:
            return {}
        running = self.service_paused_at is None or while_paused
        pending = {
            "acknowledgement": self.acknowledgement_due_at if self.acknowledged_at is None else None,
            "first_response": self.first_response_due_at
            if running and self.first_responded_at is None and self.answered_at is None
            else None,
            "answer": self.effective_answer_due_at if self.answered_at is None else None,
            "response": self.response_due_at if running and self.answered_at is None else None,
            "resolution": self.resolution_due_at if running and self.resolved_at is None else None,
        }
        return {clock: due for clock, due in pending.items() if due is not None}

    def refresh_next_due(self) -> None:
        self.next_due_at = min(self.pending_due_dates().values(), default=None)


class AppendOnlyError(Exception):
    pass


class ComplaintEvent(models.Model):
    """Append-only, hash-chained audit trail of one complaint. The customer's timeline is the
    public part of it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Link algorithm (core.hashchain): KEYED (HMAC) for every new event; NULL for the plain
    # SHA-256 links written before the audit key existed, which stay verifiable as they are.
    chain = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["complaint_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["complaint", "sequence"], name="unique_event_sequence")]

    def __str__(self) -> str:
        return f"{self.action} #{self.sequence}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("complaint events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("complaint events are append-only")

    def chained_content(self) -> dict:
        """What the hash covers."""
        return {
            "complaint": self.complaint.reference,
            "sequence": self.sequence,
            "action": self.action,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "visibility": self.visibility,
            "data": self.data,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
        }


class Message(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender = models.CharField(max_length=320, blank=True)
    recipient = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=250, blank=True)
    body = models.TextField()
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    message_id = models.CharField(max_length=250, blank=True, db_index=True)
    outbox = models.ForeignKey("core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    # Issue 18: an internal note by the customer's account manager or on-site technician: context
    # from the field, written by someone who may never handle the case.
    is_field_context = models.BooleanField(_("field context"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.created_at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never trust the uploaded name on disk: content address by hash.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
