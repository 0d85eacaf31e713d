from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "doleances.portal"
    label = "portal"
