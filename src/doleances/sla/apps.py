from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "doleances.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        # Within this app only: a saved policy, calendar, closure, channel target or profile
        # assignment makes every process read the configuration again (sla.deadlines).
        from django.db.models.signals import post_delete, post_save

        from doleances.sla import models
        from doleances.sla.deadlines import configuration_changed

        def changed(**_kwargs) -> None:
            configuration_changed()

        for model in (models.Calendar, models.Closure, models.ServicePolicy, models.ChannelTarget, models.ProfileAssignment):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"sla-config-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"sla-config-del-{model.__name__}")
