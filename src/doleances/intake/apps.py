from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "doleances.intake"
    label = "intake"
