from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "doleances.core"
    label = "core"
    verbose_name = "Doléances"
