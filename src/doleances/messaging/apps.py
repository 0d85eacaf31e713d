from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "doleances.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from doleances.core import outbox
        from doleances.messaging import delivery

        outbox.register_handler("email", delivery.send_outbox_email)
