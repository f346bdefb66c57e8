"""One deterministic filter from overlapping candidates to final entity spans.

Candidates come from the gazetteers (exact names of real bodies), from
patterns (bodies no list holds) and from the statistical model. Higher
priority wins an overlap, then the longer span, then the earlier one, so the
result never depends on the order candidates were produced in.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

PRIORITY = {"gazetteer": 3, "pattern": 2, "repair": 2, "model": 1}


@dataclass(frozen=True)
class Candidate:
    start: int  # token offsets
    end: int
    label: str
    source: str  # key of PRIORITY
    extractor: str
    entry_id: str | None = None

    @property
    def rank(self) -> tuple[int, int, int, str]:
        return (-PRIORITY[self.source], -(self.end - self.start), self.start, self.label)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection by rank; output sorted by position."""
    taken: list[Candidate] = []
    used: set[int] = set()
    for cand in sorted(set(candidates), key=lambda c: c.rank):
        if any(i in used for i in range(cand.start, cand.end)):
            continue
        taken.append(cand)
        used.update(range(cand.start, cand.end))
    return sorted(taken, key=lambda c: (c.start, c.end))


def from_span(span: Span, source: str, extractor: str, label: str | None = None) -> Candidate:
    return Candidate(span.start, span.end, label or span.label_, source, extractor, span.id_ or None)
