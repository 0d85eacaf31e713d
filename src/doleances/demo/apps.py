from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "doleances.demo"
    label = "demo"
