"""Sentence lookups by token index, computed once per doc.

``token.sent`` walks the whole document's sentences on every call in spaCy
3.8; components that ask it for every trigger or entity pay for the
document's length each time. One list of sentence starts per doc, searched
by bisection, answers the same question in O(log n).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

_KEY = ("newsfacts", "sentence_starts")


def sentence_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_KEY)
    if starts is None or (starts and starts[-1] >= len(doc)):
        starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        doc.user_data[_KEY] = starts
    return starts


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (the whole doc when there are no sentence boundaries)."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k]:end]
