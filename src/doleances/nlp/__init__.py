"""Pure-Python NLP toolkit for complaint analysis (no Django imports).

Modules: ``language`` (language id), ``classifier`` (category model and
keyword rules), ``tone``, ``risk``, ``typology``, ``facts``, ``similarity``,
``surges``, ``terms`` and ``pipeline`` (one-call analysis).
"""

__all__: list[str] = []
