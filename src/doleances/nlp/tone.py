"""Tone of a complaint: calm / dissatisfied / angry / distressed, with evidence.

How the label is decided (transparent, lexicon based, French + English; the
label definitions are those of ``docs/nlp/labelling-guide.md``):

1. Lexicon phrases (``data/tone_lexicon.json``) add their weight to one of
   three negative dimensions: dissatisfied, angry, distressed. Besides
   evaluative words, "dissatisfied" holds the markers of an unresolved,
   insisted-on problem: duration of days or more (``depuis 3 jours``, ``ça
   fait 2 semaines``, ``depuis lundi``), recurrence (``tous les soirs``,
   ``3e fois``), persistence (``toujours pas``, ``le problème persiste``),
   reproach and impatience (``alors que``, ``c'est pour quand``,
   ``réparez``, ``je paie pour rien``), unanswered contact.
2. ``report`` phrases are plain facts and requests (``panne``, ``bloqué``,
   ``plus d'internet``, ``problème``, ``svp``): all together they add at most
   0.5, so a bare outage report or question stays calm and needs one more
   cue to become dissatisfied.
3. An intensifier in the two words before a word (``très``, ``vraiment``,
   ``so``...) multiplies its weight by 1.5, an attenuator (``un peu``, ``a
   bit``) by 2/3; multi-word clauses are not graded.
4. Negation cancels a negative phrase only when it governs it (``pas de
   problème``, ``jamais eu un seul souci``: the negator, then at most three
   function words); ``plus`` negates only after ``ne``. Negated positive
   words (``pas content``, ``not happy``, ``ça marche pas``) are
   dissatisfaction (weight 1.0).
5. Style cues: the first ``!!`` run is impatience (dissatisfied +1.0), the
   next ones add anger (+0.5 each, max 2); shouting (≥ 2 words in capitals
   making ≥ 30 % of the words: +1.0 anger); emojis (😡🤬 → angry, 😢😭 →
   distressed, 🙄👎 → dissatisfied; 1.5 each).
6. Irony: a ``sarcasm`` word (``bravo``, ``super``, ``génial``...) or a
   ``humour`` marker (``mdr``, 😂) in a message that otherwise complains
   adds 1.0 dissatisfaction; with laughter, hostility without swearing
   (anger < 2.5) is jocular, not angry.
7. Decision: distressed if distress ≥ 1.5, angry if anger ≥ 1.5 (one
   explicit marker: swearing, insult, accusation, outcry); when both, the
   one whose last phrase comes later (the end of the message, usually the
   request) wins; otherwise dissatisfied if the total is ≥ 1.0, else calm.
   ``score`` = 1 - exp(-total / 3) is the overall negative intensity in
   [0, 1] (0 for a neutral text) — usable for sorting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from doleances.nlp.matching import Evidence, PhraseMatcher, load_lexicon, longest_per_kind
from doleances.nlp.textnorm import compile_phrases, fold

try:  # the stdlib regex parser, to find the literal text every match of a lexicon regex contains
    from re import _constants as _sre  # type: ignore[attr-defined]  # private module, not in typeshed
    from re import _parser as _sre_parser  # type: ignore[attr-defined]  # same
except ImportError:  # pragma: no cover - other Python versions: regexes simply always run
    _sre_parser = None

__all__ = ["TONE_LABELS", "Tone", "analyse_tone"]

TONE_LABELS = ("calm", "dissatisfied", "angry", "distressed")
_KINDS = ("report", "dissatisfied", "angry", "distressed", "positive", "sarcasm", "humour")


@dataclass(frozen=True, slots=True)
class Tone:
    """Tone label, negative intensity ``score`` in [0, 1] and evidence phrases."""

    label: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    dimensions: dict[str, float] = field(default_factory=dict)


def _required_literals(items: Any) -> frozenset[str] | None:
    """Strings one of which occurs in every match of a parsed regex (``None``: unknown)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def pick(candidate: frozenset[str] | None) -> None:
        nonlocal best
        # the most selective: longest shortest string; on a tie the later part (nouns follow function words)
        if candidate and (best is None or min(map(len, candidate)) >= min(map(len, best))):
            best = candidate

    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            pick(frozenset({"".join(run)}))
            run = []
        if op is _sre.SUBPATTERN:
            pick(_required_literals(av[-1]))
        elif op is _sre.BRANCH:
            parts = [_required_literals(b) for b in av[1]]
            if all(parts):
                pick(frozenset().union(*parts))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            pick(_required_literals(av[2]))
    if run:
        pick(frozenset({"".join(run)}))
    return best


_MAX_GATE_HITS = 8
_MARGIN = 40


class GatedPhrases:
    """A :class:`PhraseMatcher` whose ``re:`` entries only run where they can match.

    Regular expressions scan every character of a text, which costs far more
    than the token lookup of plain phrases. Each one is parsed once to find
    the literal strings one of which every match contains ("depuis " in
    ``depuis (\\d+|deux) jours``) and its longest possible match. On a text
    without any of those strings the regex is skipped; when they occur a few
    times and the match length is bounded, only the stretches of text around
    them are scanned. Overlaps are resolved as in :meth:`PhraseMatcher.find`
    (longest first, per category).
    """

    def __init__(self, entries: dict[str, Any]) -> None:
        plain: dict[str, Any] = {}
        self._regexes: list[tuple[re.Pattern[str], frozenset[str] | None, int | None, str, float]] = []
        for kind, spec in entries.items():
            buckets = spec if isinstance(spec, dict) else {"1.0": spec}
            plain[kind] = {}
            for weight, phrases in buckets.items():
                plain[kind][weight] = [p for p in phrases if not p.startswith("re:")]
                for p in phrases:
                    if p.startswith("re:"):
                        gate, width = None, None
                        if _sre_parser is not None:
                            try:
                                parsed = _sre_parser.parse(p[3:])
                                gate = _required_literals(parsed)
                                width = parsed.getwidth()[1]
                            except Exception:  # noqa: BLE001 - no gate: the regex always runs on the whole text
                                gate, width = None, None
                        bounded = width if width is not None and width < 200 else None
                        self._regexes.append((re.compile(p[3:]), gate, bounded, kind, float(weight)))
        self._plain = PhraseMatcher(plain)

    @staticmethod
    def _scan(pattern: re.Pattern[str], gate: frozenset[str] | None, width: int | None, folded: str) -> Any:
        if gate is None:
            return pattern.finditer(folded)
        hits: list[tuple[int, int]] = []
        for s in gate:
            p = folded.find(s)
            while p != -1:
                hits.append((p, p + len(s)))
                p = folded.find(s, p + 1)
        if not hits:
            return ()
        if width is None or len(hits) > _MAX_GATE_HITS:
            return pattern.finditer(folded)
        # every match contains a hit and is at most `width` long: scan only around the hits
        n = len(folded)
        windows: list[list[int]] = []
        for lo, hi in sorted(hits):
            lo, hi = max(0, hi - width - _MARGIN), min(n, lo + width + _MARGIN)  # margin: look-arounds
            while 0 < hi < n and folded[hi - 1].isalnum() and folded[hi].isalnum():
                hi += 1  # never end a window inside a word ("\\b" would match there)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(hi, windows[-1][1])
            else:
                windows.append([lo, hi])
        return [m for lo, hi in windows for m in pattern.finditer(folded, lo, hi)]

    def find(self, text: str, folded: str) -> list[Evidence]:
        found = self._plain.find(text, folded)
        extra = [
            Evidence(text[m.start() : m.end()], m.start(), m.end(), kind, weight)
            for pattern, gate, width, kind, weight in self._regexes
            for m in self._scan(pattern, gate, width, folded)
        ]
        if not extra:
            return found
        return longest_per_kind(found + extra, len(text))


@dataclass(frozen=True, slots=True)
class _Resources:
    matcher: GatedPhrases
    emoji: PhraseMatcher
    intensifier: re.Pattern[str]
    attenuator: re.Pattern[str]
    negator: re.Pattern[str]


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    lex = load_lexicon("tone_lexicon")
    words = {k: v for k, v in lex.items() if k in _KINDS}
    negators = [n for n in lex["negators"] if n not in ("n'", "n't")]
    neg = compile_phrases(negators).pattern + r"|n't\b|(?<!\w)n'"
    return _Resources(
        matcher=GatedPhrases(words),
        emoji=PhraseMatcher({k: {"1.5": v} for k, v in lex["emoji"].items()}),
        intensifier=compile_phrases(lex["intensifiers"]),
        attenuator=compile_phrases(lex["attenuators"]),
        negator=re.compile(neg),
    )


_ATTENUATION = 2 / 3
_WEAK = 0.5
_NEG_WORDS = frozenset({"pas", "ne", "jamais", "aucun", "aucune", "sans", "not", "no", "never", "without"})
# Words allowed between a negator and the phrase it negates.
_NEG_GAP = frozenset(
    "de d' du des un une le la les l' seul seule vraiment tres trop si tout eu ete ai a as avons avez ont"  # noqa: SIM905
    " suis es est sommes etes sont etait c'est ca cela etre avoir y en any an the been had have has really"
    " very too so at all that this is was be".split()
)
_POST_NEGATION = re.compile(r"\s+(?:\w+\s+)?(?:pas|plus|jamais|rien|point)\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?,\n]|\bmais\b|\bbut\b")
_WORD = re.compile(r"[a-z0-9']+")
_EXCLAM = re.compile(r"!{2,}|[!?]{3,}")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_ALPHA_WORD = re.compile(r"\b[^\W\d_]{3,}\b")


def _window(folded: str, start: int, n_words: int) -> str:
    """The last ``n_words`` words before ``start`` within the same clause."""
    left = folded[max(0, start - 60) : start]
    parts = _CLAUSE_BREAK.split(left)
    clause = parts[-1] if parts else ""
    words = _WORD.findall(clause)
    return " ".join(words[-n_words:])


def _is_negated(res: _Resources, folded: str, ev: Evidence, before: str) -> bool:
    return bool(before) and bool(res.negator.search(before)) and not res.negator.search(folded[ev.start : ev.end])


def _is_neg_token(words: list[str], i: int) -> bool:
    word = words[i]
    if word in _NEG_WORDS or word.endswith("n't") or word.startswith("n'"):
        return True
    # "plus" negates only with "ne" before it ("n'ai plus de souci"), not in "plus de 10 fois"
    return word == "plus" and any(w == "ne" or w.startswith("n'") for w in words[max(0, i - 3) : i])


def _negates(res: _Resources, folded: str, ev: Evidence) -> bool:
    """A negator governs a negative phrase: "pas de problème", "jamais eu un seul souci"."""
    if res.negator.search(folded[ev.start : ev.end]):
        return False  # the phrase carries its own negation ("ne marche pas", "pas normal")
    left = folded[max(0, ev.start - 60) : ev.start]
    words = _WORD.findall(_CLAUSE_BREAK.split(left)[-1])
    i, gaps = len(words) - 1, 0
    while i >= 0 and gaps < 3 and words[i] in _NEG_GAP:
        i, gaps = i - 1, gaps + 1
    return i >= 0 and _is_neg_token(words, i)


def analyse_tone(text: str, language: str | None = None) -> Tone:
    """Classify the tone of ``text`` (French or English) with evidence.

    ``language`` is accepted for API symmetry; both lexicons are always used
    because complaints often mix languages and slang.
    """
    del language
    res = _resources()
    folded = fold(text)
    dims = {"dissatisfied": 0.0, "angry": 0.0, "distressed": 0.0}
    evidence: list[Evidence] = []
    praise: list[Evidence] = []
    covered = bytearray(len(text) + 1)
    weak = 0.0
    joke: Evidence | None = None
    for ev in res.matcher.find(text, folded):
        if ev.kind == "humour":
            joke = joke or ev
            continue
        if ev.kind in ("positive", "sarcasm"):
            before = _window(folded, ev.start, 3)
            negated = _is_negated(res, folded, ev, before)
            if ev.kind == "sarcasm":
                if not negated:
                    praise.append(ev)
                continue
            post_negated = bool(_POST_NEGATION.match(folded, ev.end))
            if not (negated or post_negated):
                continue
            kind, weight = "dissatisfied", 1.0
            lo = max(0, ev.start - len(before) - 8)
            hits = [h for h in res.negator.finditer(folded, lo, ev.start) if h.group().strip() in before]
            start = hits[0].start() if hits else ev.start
            end = ev.end
            if post_negated and not hits:
                m = _POST_NEGATION.match(folded, ev.end)
                end = m.end() if m else end
            ev = Evidence(text[start:end], start, end, kind, weight)
        elif _negates(res, folded, ev):
            continue
        else:
            weight = ev.weight
            if ev.end - ev.start <= 30 and len(_WORD.findall(folded, ev.start, ev.end)) <= 2:
                # only evaluative words are graded ("très déçu", "un peu marre"), not clauses ("depuis 3 mois")
                near = _window(folded, ev.start, 2)
                if res.intensifier.search(near):
                    weight *= 1.5
                elif res.attenuator.search(near):
                    weight *= _ATTENUATION
            ev = Evidence(ev.phrase, ev.start, ev.end, ev.kind, round(weight, 2))
        if ev.kind in ("dissatisfied", "report") and covered.find(1, ev.start, ev.end) != -1:
            continue  # "ne marche pas" already counted; do not count its negated "marche" again
        if ev.kind in ("dissatisfied", "report"):
            covered[ev.start : ev.end] = b"\x01" * (ev.end - ev.start)
        if ev.kind == "report":
            # plain facts and request words ("panne", "bloqué", "problème", "svp"): at most one weak cue in all
            ev = Evidence(ev.phrase, ev.start, ev.end, "dissatisfied", round(max(0.0, min(ev.weight, _WEAK - weak)), 2))
            weak += ev.weight
        dims[ev.kind] += ev.weight
        evidence.append(ev)
    for ev in res.emoji.find(text, folded) if not text.isascii() else ():
        dims[ev.kind] += ev.weight
        evidence.append(ev)
    bangs = list(_EXCLAM.finditer(text))
    for i, m in enumerate(bangs[:3]):
        # the first "!!" is impatience; more of them add anger
        kind, weight = ("dissatisfied", 1.0) if i == 0 else ("angry", 0.5)
        dims[kind] += weight
        evidence.append(Evidence(m.group(), m.start(), m.end(), kind, weight))
    caps = [m for m in _CAPS_WORD.finditer(text) if not m.group().startswith("XX")]
    if len(caps) >= 2 and len(caps) / max(1, len(_ALPHA_WORD.findall(text))) >= 0.3:
        dims["angry"] += 1.0
        first = caps[0]
        evidence.append(Evidence(first.group(), first.start(), first.end(), "angry", 1.0))
    if joke is not None:
        praise.append(joke)
    if praise and sum(dims.values()) >= 0.5:
        # praise or laughter in a message that complains reads as irony ("bravo, encore une coupure")
        # "super lent": praise right before a negative word is an intensifier, not irony
        starts = {e.start for e in evidence}
        ironic = [p for p in praise if not any(p.end < s <= p.end + 3 and not folded[p.end : s].strip() for s in starts)]
        if ironic:
            ev = Evidence(ironic[0].phrase, ironic[0].start, ironic[0].end, "dissatisfied", 1.0)
            dims["dissatisfied"] += 1.0
            evidence.append(ev)
    total = sum(dims.values())
    distress, anger = dims["distressed"] >= 1.5, dims["angry"] >= 1.5
    if anger and joke is not None and dims["angry"] < 2.5:
        anger = False  # jocular hostility ("je vous déteste 😂") is discontent, not anger
        if not any(e.start == joke.start for e in evidence):
            evidence.append(Evidence(joke.phrase, joke.start, joke.end, "dissatisfied", 0.0))
    if distress and anger:
        # both present: the one that dominates the end of the message (usually the request) wins
        last = {e.kind: e.start for e in sorted(evidence, key=lambda e: e.start)}
        distress = last["distressed"] > last["angry"]
    if distress:
        label = "distressed"
    elif anger:
        label = "angry"
    elif total >= 1.0:
        label = "dissatisfied"
    else:
        label = "calm"
    evidence.sort(key=lambda e: e.start)
    score = 0.0 if total == 0 else round(1.0 - pow(2.718281828, -total / 3.0), 3)
    return Tone(label, score, evidence, {k: round(v, 2) for k, v in dims.items()})
