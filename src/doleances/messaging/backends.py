"""Default-mode email backend: one .eml file per message in DATA_DIR/mail, shown to staff on the
"sent mail" page so a newcomer sees our mail without an SMTP server."""

import re
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from doleances.core import clock

_lock = threading.Lock()


class EmlFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        directory = Path(settings.MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            raw = message.message()
            message_id = re.sub(r"[^A-Za-z0-9._-]", "_", str(raw["Message-ID"] or "")).strip("_")[:120]
            name = f"{clock.now():%Y%m%dT%H%M%S%f}-{message_id or sent}.eml"
            with _lock:
                # Same Message-ID delivered twice (at-least-once) overwrites nothing new.
                existing = list(directory.glob(f"*-{message_id}.eml")) if message_id else []
                if existing:
                    sent += 1
                    continue
                tmp = directory / (name + ".tmp")
                tmp.write_bytes(raw.as_bytes(linesep="\r\n"))
                tmp.rename(directory / name)
            sent += 1
        return sent
