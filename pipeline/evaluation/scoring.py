"""The scores ``newsfacts eval`` reports, on gold-format records (docs/evaluation.md defines them).

Predicted and gold documents have the gold file's shape: ``mentions`` (start,
end, type, value/unit/counts/canonical), ``officials`` (name, title) and
``events`` (type, trigger, date, location, participants) and ``attributions`` (cue, source, content
and their fragments; scored by :mod:`pipeline.evaluation.attributions` when the gold has them). Matching is one to
one: each gold item is matched at most once, in document order, so a long
predicted span overlapping two gold spans earns one match, not two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.annotations import ENTITY_TYPES
from pipeline.evaluation.attributions import AttributionScores, score_document as score_attribution_document
from pipeline.ids import fold as fold_text

TYPES = ENTITY_TYPES + ("DATE", "FIGURE")  # the order of the report
TITLE_STOP = {"for", "of", "at", "to", "on", "in", "from", "with"}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, matched: int, gold: int, pred: int) -> "PRF":
        """Counts from how many of ``gold`` items and ``pred`` items were matched."""
        return cls(matched, pred - matched, gold - matched)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def as_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class Scores:
    strict: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    relaxed: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    accuracy: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    officials: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    event_types: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))  # the same, one type at a time
    arguments: PRF = field(default_factory=PRF)
    attributions: AttributionScores = field(default_factory=AttributionScores)  # gold documents with ``attributions``

    def total(self, which: str) -> PRF:
        """All types together (micro-averaged)."""
        out = PRF()
        for prf in (self.strict if which == "strict" else self.relaxed).values():
            out.add(prf)
        return out

    def as_dict(self) -> dict[str, Any]:
        types = sorted(set(self.strict) | set(self.relaxed), key=_type_order)
        return {
            "mentions": {
                t: {"strict": self.strict[t].as_dict(), "relaxed": self.relaxed[t].as_dict()} for t in types
            },
            "all": {"strict": self.total("strict").as_dict(), "relaxed": self.total("relaxed").as_dict()},
            "accuracy": {k: v.as_dict() for k, v in sorted(self.accuracy.items())},
            "officials": self.officials.as_dict(),
            "events": self.events.as_dict(),
            "events_by_type": {t: v.as_dict() for t, v in sorted(self.event_types.items())},
            "event_arguments": self.arguments.as_dict(),
            **({"attributions": self.attributions.as_dict()} if self.attributions.documents else {}),
        }


def _type_order(type_: str) -> tuple[int, str]:
    return (TYPES.index(type_) if type_ in TYPES else len(TYPES), type_)


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form used for name comparisons (the pipeline's own fold)."""
    return "" if text is None else fold_text(text)


def title_head(title: str) -> str:
    """The head word of a title: the last word before its complement ("senior director for X" → director).

    The scorer's own rule, apart from the pipeline's title heuristics, so that changing the pipeline never
    moves the yardstick."""
    words = [w.strip(".,’'\"").casefold() for w in title.replace("-", " ").split()]
    head: list[str] = []
    for word in words:
        if word in TITLE_STOP and head:
            break
        head.append(word)
    return fold(head[-1]) if head else ""


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def match_relaxed(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one overlap matching of same-type mentions; exact spans are paired first."""
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    free_gold = []
    exact = {(p["start"], p["end"], p["type"]): i for i, p in enumerate(pred)}
    for g in gold:
        i = exact.get((g["start"], g["end"], g["type"]))
        if i is not None and i not in used:
            used.add(i)
            pairs.append((g, pred[i]))
        else:
            free_gold.append(g)
    for g in free_gold:
        best = None
        for i, p in enumerate(pred):
            if i in used or p["type"] != g["type"] or not _overlaps(g, p):
                continue
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def score_mentions(scores: Scores, gold: list[dict], pred: list[dict], types: Iterable[str] | None) -> None:
    wanted = set(types) if types is not None else None
    gold = [m for m in gold if wanted is None or m["type"] in wanted]
    pred = [m for m in pred if wanted is None or m["type"] in wanted]
    for type_ in sorted({m["type"] for m in gold} | {m["type"] for m in pred}):
        g = [m for m in gold if m["type"] == type_]
        p = [m for m in pred if m["type"] == type_]
        gold_spans = {(m["start"], m["end"]) for m in g}
        pred_spans = {(m["start"], m["end"]) for m in p}
        scores.strict[type_].add(PRF.of(len(gold_spans & pred_spans), len(gold_spans), len(pred_spans)))
        pairs = match_relaxed(g, p)
        scores.relaxed[type_].add(PRF.of(len(pairs), len(g), len(p)))
        for gm, pm in pairs:
            _score_values(scores, gm, pm)


def _score_values(scores: Scores, gold: dict, pred: dict) -> None:
    type_ = gold["type"]
    if type_ == "DATE" and "value" in gold:
        scores.accuracy["date_value"].add(pred.get("value") == gold["value"])
    elif type_ == "FIGURE":
        scores.accuracy["figure_value"].add(_same_number(pred.get("value"), gold.get("value")))
        scores.accuracy["figure_unit"].add(pred.get("unit") == gold.get("unit"))
        scores.accuracy["figure_counts"].add(pred.get("counts") == gold.get("counts"))
        scores.accuracy["figure_qualifier"].add(pred.get("qualifier") == gold.get("qualifier"))
    if gold.get("canonical"):
        scores.accuracy["canonical"].add(pred.get("canonical") == gold["canonical"])


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def match_in_order(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> list[tuple[dict, dict]]:
    """One-to-one matching: each gold item, in order, takes the first unused prediction ``same`` accepts."""
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def _same_official(gold: dict, pred: dict) -> bool:
    return fold(pred.get("name")) == fold(gold["name"]) and title_head(pred.get("title") or "") == title_head(gold["title"])


def score_officials(scores: Scores, gold: list[dict], pred: list[dict]) -> None:
    pairs = match_in_order(gold, pred, _same_official)
    scores.officials.add(PRF.of(len(pairs), len(gold), len(pred)))


def _same_event(gold: dict, pred: dict) -> bool:
    return pred["type"] == gold["type"] and _overlaps(pred["trigger"], gold["trigger"])


def _event_arguments(event: dict) -> set[tuple[str, str]]:
    args = {("participant", p) for p in event.get("participants") or []}
    if event.get("date"):
        args.add(("date", event["date"]))
    if event.get("location"):
        args.add(("location", event["location"]))
    return args


def score_events(scores: Scores, gold: list[dict], pred: list[dict]) -> None:
    pairs = match_in_order(gold, pred, _same_event)
    for g, p in pairs:  # arguments are scored on matched events only
        ga, pa = _event_arguments(g), _event_arguments(p)
        scores.arguments.add(PRF(len(ga & pa), len(pa - ga), len(ga - pa)))
    scores.events.add(PRF.of(len(pairs), len(gold), len(pred)))
    for type_ in {e["type"] for e in gold} | {e["type"] for e in pred}:
        matched = sum(1 for g, _ in pairs if g["type"] == type_)
        scores.event_types[type_].add(PRF.of(matched, sum(e["type"] == type_ for e in gold),
                                             sum(e["type"] == type_ for e in pred)))


def score_documents(pairs: Iterable[tuple[dict, dict]], types: Iterable[str] | None = None) -> Scores:
    """Score (gold document, predicted document) pairs."""
    scores = Scores()
    types = tuple(types) if types is not None else None
    for gold, pred in pairs:
        score_mentions(scores, gold.get("mentions", []), pred.get("mentions", []), types)
        if types is None:
            score_officials(scores, gold.get("officials", []), pred.get("officials", []))
            score_events(scores, gold.get("events", []), pred.get("events", []))
            if "attributions" in gold:
                score_attribution_document(scores.attributions, gold["attributions"], pred.get("attributions", []),
                                           gold.get("text", ""))
    return scores
