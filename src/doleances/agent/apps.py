from django.apps import AppConfig


class AgentConfig(AppConfig):
    name = "doleances.agent"
    label = "agent"
