from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "doleances.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from doleances.complaints import checks  # noqa: F401  (registers the system checks)
