from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "doleances.messaging"
    label = "messaging"

    def ready(self) -> None:
        from doleances.core import outbox
        from doleances.messaging import delivery

        outbox.register_handler("email", delivery.send_outbox_email)
