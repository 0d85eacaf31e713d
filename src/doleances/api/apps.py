from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "doleances.api"
    label = "api"
