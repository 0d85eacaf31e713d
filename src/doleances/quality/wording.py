"""A detected problem's title and explanation, worded from its structured evidence in the
language that is active when they are read (detection runs in whatever language the task had).

Each function returns None when the evidence lacks what it needs (a row written by an older
detection): the caller then shows the text stored at detection time.
"""

from __future__ import annotations

import math

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_MISSING = (KeyError, TypeError, ValueError)


def _number(value, spec: str = "g") -> str:
    """`value` formatted with `spec`, with the active language's decimal separator."""
    return format(float(value), spec).replace(".", get_format("DECIMAL_SEPARATOR"))


def complaints(n: int) -> str:
    return ngettext("%(n)s complaint", "%(n)s complaints", n) % {"n": n}


def chance_in_words(p_value: float) -> str:
    """How likely so many complaints were by coincidence, in words ("less than one chance in a million")."""
    k = 9 if p_value <= 0 else math.floor(-math.log10(p_value))
    if k >= 9:
        return _("less than one chance in a billion")
    if k >= 6:
        return _("less than one chance in a million")
    if k >= 3:
        return _("less than one chance in a thousand")
    if k >= 2:
        return _("less than one chance in a hundred")
    if k >= 1:
        return _("less than one chance in ten")
    return _("quite possible")


def surge_summary(evidence: dict) -> str:
    """ "12 complaints in 3 days, where 0.3 were expected from the previous 28 days (2 complaints then)." """
    days, baseline_days = int(evidence["window_days"]), int(evidence["baseline_days"])
    return _("%(received)s in %(window)s, where %(expected)s were expected from %(baseline_window)s (%(baseline)s then).") % {
        "received": complaints(int(evidence["window_count"])),
        "window": ngettext("%(n)s day", "%(n)s days", days) % {"n": days},
        "expected": _number(evidence["expected"], ".1f"),
        "baseline_window": ngettext("the previous day", "the previous %(n)s days", baseline_days) % {"n": baseline_days},
        "baseline": complaints(int(evidence["baseline_count"])),
    }


def surge_threshold(evidence: dict) -> str:
    """When detection proposes a surge, in words (the significance level as "one chance in 800")."""
    tested = int(evidence.get("categories_tested", 1))
    return ngettext(
        "Proposed when a coincidence is less likely than one chance in %(one_in)s (%(tested)s category tested), with at "
        "least %(min_count)s complaints and at least %(min_ratio)s times the usual rate (here %(ratio)s times).",
        "Proposed when a coincidence is less likely than one chance in %(one_in)s (%(tested)s categories tested), with "
        "at least %(min_count)s complaints and at least %(min_ratio)s times the usual rate (here %(ratio)s times).",
        tested,
    ) % {
        "one_in": number_format(round(tested / float(evidence["alpha"])), force_grouping=True),
        "tested": tested,
        "min_count": int(evidence["min_count"]),
        "min_ratio": _number(evidence["min_ratio"]),
        "ratio": _number(evidence["ratio"], ".1f"),
    }


def problem_title(evidence: dict, *, category: str | None) -> str | None:
    """A title such as "Surge of complaints: Billing (double charge, refund)"."""
    try:
        rule, terms = evidence["rule"], list(evidence.get("top_terms") or [])
        if rule == "surge" and category:
            title = _("Surge of complaints: %(category)s") % {"category": category}
            return f"{title} ({', '.join(terms[:2])})" if terms else title
        if rule == "cluster":
            return _("Similar complaints without a category: %(terms)s") % {"terms": ", ".join(terms[:3])}
    except _MISSING:
        pass
    return None


def rule_sentence(evidence: dict) -> str | None:
    """The detection rule with its parameters (window, baseline, thresholds)."""
    try:
        if evidence["rule"] == "surge":
            return _(
                "Poisson upper-tail test of the last %(window)s days against the %(baseline)s days before; proposed when "
                "p < %(alpha)s / number of categories tested (Bonferroni), at least %(min_count)s complaints and at least "
                "%(min_ratio)s times the expected count."
            ) % {
                "window": int(evidence["window_days"]),
                "baseline": int(evidence["baseline_days"]),
                "alpha": _number(evidence["alpha"]),
                "min_count": int(evidence["min_count"]),
                "min_ratio": _number(evidence["min_ratio"]),
            }
        if evidence["rule"] == "cluster":
            return _(
                "At least %(size)s complaints without a category in the last %(window)s days whose texts are similar "
                "(TF-IDF cosine >= %(threshold)s)."
            ) % {
                "size": int(evidence["min_size"]),
                "window": int(evidence["window_days"]),
                "threshold": _number(evidence["threshold"]),
            }
    except _MISSING:
        pass
    return None


def evidence_sentence(evidence: dict, *, category: str | None) -> str | None:
    """What detection saw: counts against the baseline (surge) or the shared terms (cluster)."""
    try:
        count = int(evidence["window_count"])
        if evidence["rule"] == "surge" and category:
            sentence = _("%(category)s: %(summary)s %(ratio)s times the usual rate; by coincidence: %(chance)s") % {
                "category": category,
                "summary": surge_summary(evidence),
                "ratio": _number(evidence["ratio"], ".1f"),
                "chance": chance_in_words(float(evidence["p_value"])),
            }
            terms = evidence.get("top_terms") or []
            if terms:
                sentence += _("; frequent terms: %(terms)s") % {"terms": ", ".join(terms)}
            return sentence
        if evidence["rule"] == "cluster":
            return ngettext(
                "%(count)s complaint without a category in %(days)s days with similar texts: %(terms)s",
                "%(count)s complaints without a category in %(days)s days with similar texts: %(terms)s",
                count,
            ) % {"count": count, "days": int(evidence["window_days"]), "terms": " / ".join(evidence["top_terms"])}
    except _MISSING:
        pass
    return None
