from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """The Django side of `doleances.nlp`: what the analysis of each complaint found, the category
    model and keyword rules, the similarity index, customer typologies and the decisions on them."""

    name = "doleances.analysis"
    label = "analysis"
    verbose_name = _("Analysis")
