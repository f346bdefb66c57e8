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
    def rank(self) -> tuple[int, int, int, str, str, str]:
        """A total order: ties between equal spans are broken by label, extractor and id, never by set order."""
        return (-PRIORITY[self.source], -(self.end - self.start), self.start, self.label, self.extractor,
                self.entry_id or "")


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection by rank; output sorted by position."""
    taken: list[Candidate] = []
    used: set[int] = set()
    for cand in sorted(set(candidates), key=lambda c: c.rank):
        if any(i in used for i in range(cand.start, cand.end)):
            if cand.source != "model":
                continue
            # The model often runs a name into its neighbour ("Western Hemisphere Juan Gonzalez");
            # keep what is left of its span once the better candidate has taken its part.
            rest = _longest_free_run(cand.start, cand.end, used)
            if rest is None or cand.label != "PERSON":
                continue
            cand = Candidate(rest[0], rest[1], cand.label, cand.source, cand.extractor + "+rule:overlap_rest")
        taken.append(cand)
        used.update(range(cand.start, cand.end))
    return sorted(taken, key=lambda c: (c.start, c.end))


def from_span(span: Span, source: str, extractor: str, label: str | None = None) -> Candidate:
    return Candidate(span.start, span.end, label or span.label_, source, extractor, span.id_ or None)


def _longest_free_run(start: int, end: int, used: set[int]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    run_start = None
    for i in range(start, end + 1):
        free = i < end and i not in used
        if free and run_start is None:
            run_start = i
        elif not free and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    return best
