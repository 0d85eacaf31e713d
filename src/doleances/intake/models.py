"""Email intake: the mailboxes we read, and every message received, kept as it arrived.

`InboundMail` is the evidence and the exactly-once key: one row per distinct message (its
Message-ID, or the hash of its bytes when it has none), whatever the number of fetches, imports
and webhook deliveries. Only `intake.mail.services` writes these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailSecurity(models.TextChoices):
    SSL = "ssl", _("TLS from the start (IMAPS, port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (test servers on this machine only)")


class AfterImport(models.TextChoices):
    FLAG = "flag", _("Mark as read (flag \\Seen)")
    MOVE = "move", _("Move to another folder")


class MailSource(models.Model):
    """An IMAP mailbox polled by the worker. The password is never stored: only the name of the
    environment variable that holds it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    host = models.CharField(_("IMAP host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(_("connection security"), max_length=16, choices=MailSecurity.choices, default=MailSecurity.SSL)
    username = models.CharField(_("user name"), max_length=255)
    password_variable = models.CharField(
        _("password environment variable"),
        max_length=100,
        help_text=_(
            "Name of the environment variable holding the password (e.g. DOLEANCES_MAIL_PASSWORD_SUPPORT), "
            "set for the worker. The password itself is never stored in the database."
        ),
    )
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    after_import = models.CharField(_("after import"), max_length=8, choices=AfterImport.choices, default=AfterImport.FLAG)
    move_to = models.CharField(
        _("move to folder"), max_length=255, blank=True, help_text=_("Where imported messages go when they are moved.")
    )
    default_team = models.ForeignKey(
        "complaints.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("default team"),
        help_text=_("New complaints from this mailbox go to this team; without one, to the intake team."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last poll"), null=True, blank=True)
    last_status = models.CharField(_("last poll status"), max_length=16, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InboundStatus(models.TextChoices):
    CREATED = "created", _("Complaint created")
    THREADED = "threaded", _("Added to a complaint")
    IGNORED = "ignored", _("Ignored (automatic mail)")
    QUARANTINED = "quarantined", _("Quarantined")


class InboundMail(models.Model):
    source = models.ForeignKey(
        MailSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails", verbose_name=_("mailbox")
    )
    # How it came in: "imap", "import", "webhook:<provider>".
    origin = models.CharField(_("received through"), max_length=32)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True)
    # The Message-ID (hashed when very long), or "sha256:" + the hash of the bytes when there is none.
    dedupe_key = models.CharField(max_length=255, unique=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the raw message"), max_length=64, db_index=True)
    raw = models.FileField(_("raw message"), upload_to="inbound", max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sender = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InboundStatus.choices)
    reason = models.CharField(_("reason"), max_length=64, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_mails",
        verbose_name=_("complaint"),
    )
    complaint_message = models.ForeignKey(
        "complaints.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("message")
    )
    created_at = models.DateTimeField(_("received at"))
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("processing attempts"), default=1)

    class Meta:
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="inbound_status_idx"),
            models.Index(fields=["message_id"], name="inbound_message_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject or self.message_id or self.sha256[:12]} ({self.status})"


# --- Chat, social networks, review sites (issue 17) ----------------------------------------------


class PostChannel(models.TextChoices):
    """The channels a post source may bring (a subset of complaints.enums.Channel)."""

    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Social media")
    REVIEW = "review", _("Review site")


def default_post_mapping() -> dict[str, str]:
    return {}


class PostSource(models.Model):
    """A chat widget, social-listening tool or review site whose posts become complaints: by its
    signed webhook (`POST /api/v1/inbound/<name>`) or by `doleances import-posts --source <name>`.
    The signing secret is never stored: only the name of the environment variable that holds it."""

    name = models.SlugField(
        _("name"), max_length=50, unique=True, help_text=_("Used in the webhook address and by import-posts --source.")
    )
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("As handlers see it (e.g. “Google reviews”)."))
    channel = models.CharField(_("channel"), max_length=16, choices=PostChannel.choices)
    secret_variable = models.CharField(
        _("signing secret environment variable"),
        max_length=100,
        blank=True,
        help_text=_(
            "Name of the environment variable holding the webhook's signing secret (e.g. DOLEANCES_WEBHOOK_SECRET_CHAT), "
            "set for the web server. Without it the webhook of this source is closed; imports still work."
        ),
    )
    mapping = models.JSONField(
        _("field mapping"),
        default=default_post_mapping,
        blank=True,
        help_text=_(
            'Where each field is found in a payload or an export: {"text": "message.body", "url": "permalink"}. '
            "Fields: author, handle, text, url, rating, date, external_id; a dotted path reads nested JSON. "
            "A field not mapped is read under its own name."
        ),
    )
    default_team = models.ForeignKey(
        "complaints.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default team"),
        help_text=_("New complaints from this source go to this team; without one, to the intake team."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("post source")
        verbose_name_plural = _("post sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label or self.name


class InboundPost(models.Model):
    """A post, chat conversation or review that became a complaint, with what the complaint has no
    column for (its public address, the author's handle, the rating). Exactly once per source:
    `dedupe_key` is the external id, else the URL, else the hash of the content."""

    source = models.ForeignKey(PostSource, on_delete=models.PROTECT, related_name="posts", verbose_name=_("source"))
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="inbound_post", verbose_name=_("complaint")
    )
    # "webhook" or "import"
    origin = models.CharField(_("received through"), max_length=16)
    dedupe_key = models.CharField(max_length=255, editable=False)
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    url = models.URLField(_("public address"), max_length=2000, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    handle = models.CharField(_("handle"), max_length=200, blank=True)
    rating = models.DecimalField(_("rating"), max_digits=5, decimal_places=2, null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    # The text was longer than a complaint's description: the complaint holds the beginning, this
    # row the whole (nothing is lost silently).
    full_text = models.TextField(_("full text when truncated"), blank=True)
    created_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("inbound post")
        verbose_name_plural = _("inbound posts")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "dedupe_key"], name="unique_post_per_source")]

    def __str__(self) -> str:
        return f"{self.source.name}: {self.external_id or self.url or self.dedupe_key[:19]}"


class WebhookSignature(models.Model):
    """Signatures accepted in the last minutes: the same signed request posted again is a replay,
    refused. Rows older than the replay window are deleted as new ones come in."""

    source = models.ForeignKey(PostSource, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.signature[:12]}… ({self.received_at:%Y-%m-%d %H:%M:%S})"
