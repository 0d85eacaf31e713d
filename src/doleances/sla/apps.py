from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "doleances.sla"
    label = "sla"
