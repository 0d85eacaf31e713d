"""`doleances mail poll [--mailbox NAME]` and `doleances mail reprocess [ID...|--all]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.intake.mail.imap import poll_all
from doleances.intake.mail.services import reprocess_mail
from doleances.intake.models import InboundMail, InboundStatus, MailSource


class Command(BaseCommand):
    help = "Read the configured mailboxes now, or run quarantined messages through again."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{poll,reprocess}")
        poll = actions.add_parser("poll", help="Poll every active mailbox once (or the one named).")
        poll.add_argument("--mailbox", default=None, metavar="NAME", help="Only this mailbox (even if inactive).")
        reprocess = actions.add_parser("reprocess", help="Process quarantined messages again.")
        reprocess.add_argument("ids", nargs="*", type=int, metavar="ID")
        reprocess.add_argument("--all", action="store_true", help="Every quarantined message.")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_poll(self, *, mailbox: str | None, **options) -> None:
        if mailbox is not None and not MailSource.objects.filter(name=mailbox).exists():
            raise CommandError(f"No mailbox named “{mailbox}”.")
        failed = False
        for result in poll_all(mailbox):
            counts = ", ".join(f"{status} {count}" for status, count in sorted(result.counts.items())) or "nothing new"
            if result.error:
                failed = True
                self.stderr.write(f"{result.source}: {counts}; error: {result.error}")
            else:
                self.stdout.write(f"{result.source}: {counts}")
        if failed:
            raise CommandError("Some mailboxes could not be read (see above).")

    def handle_reprocess(self, *, ids: list[int], all: bool, **options) -> None:
        if not ids and not all:
            raise CommandError("Name the messages to reprocess (their ids) or give --all.")
        quarantined = InboundMail.objects.filter(status=InboundStatus.QUARANTINED).order_by("pk")
        mails = list(quarantined if all else quarantined.filter(pk__in=ids))
        missing = set(ids) - {mail.pk for mail in mails}
        if missing:
            self.stderr.write(f"Not in quarantine: {', '.join(map(str, sorted(missing)))}")
        for mail in mails:
            outcome = reprocess_mail(mail)
            reason = f" ({outcome.mail.reason})" if outcome.status == InboundStatus.QUARANTINED else ""
            self.stdout.write(f"{mail.pk}: {outcome.status}{reason}")
