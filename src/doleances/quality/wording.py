"""A detected problem's title and explanation, worded from its structured evidence in the
language that is active when they are read (detection runs in whatever language the task had).

Each function returns None when the evidence lacks what it needs (a row written by an older
detection): the caller then shows the text stored at detection time.
"""

from __future__ import annotations

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_MISSING = (KeyError, TypeError, ValueError)


def _number(value, spec: str = "g") -> str:
    """`value` formatted with `spec`, with the active language's decimal separator."""
    return format(float(value), spec).replace(".", get_format("DECIMAL_SEPARATOR"))


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
            sentence = ngettext(
                "%(category)s: %(count)s complaint in %(days)s days vs %(expected)s expected from the previous "
                "%(baseline_days)s days (%(baseline_count)s); ratio %(ratio)s, Poisson p = %(p_value)s",
                "%(category)s: %(count)s complaints in %(days)s days vs %(expected)s expected from the previous "
                "%(baseline_days)s days (%(baseline_count)s); ratio %(ratio)s, Poisson p = %(p_value)s",
                count,
            ) % {
                "category": category,
                "count": count,
                "days": int(evidence["window_days"]),
                "expected": _number(evidence["expected"], ".1f"),
                "baseline_days": int(evidence["baseline_days"]),
                "baseline_count": int(evidence["baseline_count"]),
                "ratio": _number(evidence["ratio"], ".1f"),
                "p_value": _number(evidence["p_value"], ".2g"),
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
