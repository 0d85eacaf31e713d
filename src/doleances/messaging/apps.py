from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from doleances.core.outbox_handlers import register_handler
from doleances.messaging.delivery import send_outbox_email


class MessagingConfig(AppConfig):
    name = "doleances.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        # The outbox worker (core) delivers email rows with messaging's sender: core knows no app.
        register_handler("email", send_outbox_email)
