"""Attribution scores (who said what), by the rules of the PolNeAR benchmark's README.

An attribution, gold or predicted, is a dict with ``cue``, ``source`` (or None) and ``content`` (or
None), each ``{start, end}``, optionally with ``cue_fragments``, ``source_fragments`` and
``content_fragments`` lists: when a fragment list is present and not empty it is what is compared,
else the span itself. Overlap always means at least one shared character, counted over fragments.

The scores (docs/evaluation.md):

- (a) cue P/R/F1: gold and predicted attributions of a document are paired one to one when their
  cues overlap, greedily, largest character overlap first; ties go to the earlier gold cue, then to
  the earlier predicted cue;
- (a') the same over speech cues only, each side filtered by :func:`is_speech_cue` on the cue's own
  text. The verb list is the scorer's, apart from the pipeline's cue data, so that changing the
  pipeline never moves the yardstick;
- (b) source accuracy over the cue pairs whose gold attribution has a source: the predicted source
  must overlap it. A pronoun ("he", "who") is matched only by a span on that pronoun, never by the
  name it resolves to elsewhere;
- (c) content token F1 over the cue pairs whose prediction has content, and over all cue pairs
  (a missing predicted content counts 0). Tokens are the regex ``\\w+`` tokens of the document text
  that overlap a fragment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Frag = tuple[int, int]

# The README's speech verbs (base forms); "according" counts as well.
SPEECH_VERBS = (
    "say tell add state announce claim argue note write tweet explain insist ask warn report reply respond declare "
    "suggest acknowledge admit deny contend assert maintain comment remark mention describe urge predict promise "
    "reveal confirm disclose quip joke recall recount boast brag complain conclude testify vow pledge concede repeat "
    "reiterate stress emphasize emphasise observe answer counter retort allege cite speak inform propose demand "
    "caution proclaim lament exclaim shout yell scream whisper post accuse assure talk point"
).split()
# forms the regular rules below do not make
IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "speak": ("spoke", "spoken"),
    "admit": ("admitted", "admitting"), "quip": ("quipped", "quipping"), "brag": ("bragged", "bragging"),
}
PRONOUNS = frozenset(
    "i me we us you he him she her it they them who whom which that this these those one "
    "myself ourselves yourself yourselves himself herself itself themselves".split()
)
_WORD = re.compile(r"\w+")
_VOWELS = "aeiou"


def verb_forms(verb: str) -> set[str]:
    """The base, third-person, past and -ing forms of a speech verb (regular spelling rules + IRREGULAR)."""
    forms = {verb, *IRREGULAR.get(verb, ())}
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(verb + "es")
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "ied", verb + "ing"}
    else:
        forms |= {verb + "ed", verb + "ing"}
    return forms


SPEECH_FORMS = frozenset({"according"}.union(*(verb_forms(v) for v in SPEECH_VERBS)))


def is_speech_cue(text: str) -> bool:
    """True when the cue's first or last word is a form of a speech verb (or "according")."""
    words = _WORD.findall(text.casefold())
    return bool(words) and (words[0] in SPEECH_FORMS or words[-1] in SPEECH_FORMS)


def fragments(item: dict[str, Any] | None, part: str) -> list[Frag]:
    """The character fragments of one part (``cue``, ``source``, ``content``) of an attribution."""
    if not item:
        return []
    frags = item.get(f"{part}_fragments")
    if frags:
        return [(f["start"], f["end"]) for f in frags]
    span = item.get(part)
    return [(span["start"], span["end"])] if span else []


def overlap(a: list[Frag], b: list[Frag]) -> int:
    """Characters shared by two fragment lists."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def match_cues(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index) of overlapping cues, largest overlap first;
    ties to the earlier gold cue, then the earlier predicted cue. Returned in gold order."""
    gold_frags = [fragments(g, "cue") for g in gold]
    pred_frags = [fragments(p, "cue") for p in pred]
    candidates = []
    for gi, gf in enumerate(gold_frags):
        for pi, pf in enumerate(pred_frags):
            shared = overlap(gf, pf)
            if shared > 0:
                candidates.append((-shared, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def is_pronoun(text: str) -> bool:
    words = _WORD.findall(text.casefold())
    return len(words) == 1 and words[0] in PRONOUNS


def source_matches(gold: dict, pred: dict, text: str) -> bool:
    """The predicted source overlaps the gold source; a gold pronoun only by a span on that pronoun."""
    gold_frags, pred_frags = fragments(gold, "source"), fragments(pred, "source")
    if not overlap(gold_frags, pred_frags):
        return False
    gold_text = " ".join(text[s:e] for s, e in gold_frags) if text else (gold.get("source") or {}).get("text", "")
    if is_pronoun(gold_text):
        # on that pronoun: the predicted span's words are the pronoun itself (nothing else, no name)
        pred_text = " ".join(text[s:e] for s, e in pred_frags) if text else (pred.get("source") or {}).get("text", "")
        return _WORD.findall(pred_text.casefold()) == _WORD.findall(gold_text.casefold())
    return True


class Tokens:
    """The ``\\w+`` tokens of a document text, to find those overlapping a fragment quickly."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def within(self, frags: list[Frag]) -> set[int]:
        """Indices of the tokens overlapping any of the fragments."""
        out: set[int] = set()
        for start, end in frags:
            first = bisect_right(self.ends, start)  # first token ending after start
            last = bisect_left(self.starts, end)  # tokens starting before end
            out.update(range(first, last))
        return out


def token_f1(gold: set[int], pred: set[int]) -> float:
    if not gold and not pred:
        return 1.0
    shared = len(gold & pred)
    return 2 * shared / (len(gold) + len(pred)) if shared else 0.0


@dataclass
class AttributionScores:
    """Counts summed over documents; the ratios are computed from them."""

    documents: int = 0  # gold documents with an ``attributions`` list
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speech_gold: int = 0
    speech_pred: int = 0
    speech_matched: int = 0
    source_total: int = 0
    source_correct: int = 0
    content_sum: float = 0.0  # token F1 summed over matched pairs whose prediction has content
    content_pairs: int = 0

    @staticmethod
    def _prf(matched: int, gold: int, pred: int) -> dict[str, float | int]:
        p = matched / pred if pred else 0.0
        r = matched / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": matched, "fp": pred - matched, "fn": gold - matched,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "cues": self._prf(self.matched, self.gold, self.pred),
            "speech_cues": self._prf(self.speech_matched, self.speech_gold, self.speech_pred),
            "source": {"correct": self.source_correct, "total": self.source_total,
                       "accuracy": round(self.source_correct / self.source_total, 4) if self.source_total else 0.0},
            "content": {
                "pairs_with_content": self.content_pairs, "matched_pairs": self.matched,
                "f1_with_content": round(self.content_sum / self.content_pairs, 4) if self.content_pairs else 0.0,
                "f1_all": round(self.content_sum / self.matched, 4) if self.matched else 0.0,
            },
        }


def score_document(scores: AttributionScores, gold: list[dict], pred: list[dict], text: str) -> None:
    """Add one document's counts (``text`` is the gold text, for content tokens and pronoun sources)."""
    scores.documents += 1
    scores.gold += len(gold)
    scores.pred += len(pred)
    pairs = match_cues(gold, pred)
    scores.matched += len(pairs)
    tokens = Tokens(text)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if fragments(g, "source"):
            scores.source_total += 1
            scores.source_correct += int(source_matches(g, p, text))
        pred_content = fragments(p, "content")
        if pred_content:
            scores.content_pairs += 1
            scores.content_sum += token_f1(tokens.within(fragments(g, "content")), tokens.within(pred_content))
    speech_gold = [g for g in gold if is_speech_cue(_cue_text(g, text))]
    speech_pred = [p for p in pred if is_speech_cue(_cue_text(p, text))]
    scores.speech_gold += len(speech_gold)
    scores.speech_pred += len(speech_pred)
    scores.speech_matched += len(match_cues(speech_gold, speech_pred))


def _cue_text(item: dict, text: str) -> str:
    frags = fragments(item, "cue")
    if text and frags:
        return " ".join(text[s:e] for s, e in frags)
    return (item.get("cue") or {}).get("text", "")


def score_attributions(pairs: Iterable[tuple[dict, dict]]) -> AttributionScores:
    """Score (gold document, predicted document) pairs; only gold documents with ``attributions`` count."""
    scores = AttributionScores()
    for gold, pred in pairs:
        if "attributions" in gold:
            score_document(scores, gold["attributions"], pred.get("attributions", []), gold.get("text", ""))
    return scores
