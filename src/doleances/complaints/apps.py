from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "doleances.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Lazy, as AppConfig.ready() allows: the checks import models. Importing registers them.
        from doleances.complaints import checks  # noqa: F401
