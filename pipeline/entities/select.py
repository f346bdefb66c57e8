"""One deterministic filter from overlapping candidates to final entity spans.

Candidates come from the gazetteers (exact names of real bodies), from
patterns (bodies no list holds), from repairs, from the statistical model and,
weakest, from the lexicon's country names (only where nothing else is). Higher
priority wins an overlap, then the longer span, then the earlier one, so the
result never depends on the order candidates were produced in.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

PRIORITY = {"gazetteer": 3, "pattern": 2, "repair": 2, "model": 1, "lexicon": 0}


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
    candidates = _names_over_one_word_bodies(candidates)
    taken: list[Candidate] = []
    used: set[int] = set()
    owners: dict[int, str] = {}
    for cand in sorted(set(candidates), key=lambda c: c.rank):
        if any(i in used for i in range(cand.start, cand.end)):
            if cand.source != "model":
                continue
            # The model often runs a name into its neighbour ("Western Hemisphere Juan Gonzalez");
            # keep what is left of its span once the better candidate has taken its part.
            rest = _longest_free_run(cand.start, cand.end, used)
            if rest is None or cand.label != "PERSON":
                continue
            if rest[1] - rest[0] == 1 and rest[1] < cand.end and rest[0] == cand.start \
                    and owners.get(rest[1]) in ("ORG", "AGENCY"):
                continue  # "Walt [Disney]": one word before a body's name is the body's, not a person
            cand = Candidate(rest[0], rest[1], cand.label, cand.source, cand.extractor + "+rule:overlap_rest")
        taken.append(cand)
        used.update(range(cand.start, cand.end))
        owners.update((i, cand.label) for i in range(cand.start, cand.end))
    return sorted(taken, key=lambda c: (c.start, c.end))


def _names_over_one_word_bodies(candidates: list[Candidate]) -> list[Candidate]:
    """A listed one-word organisation strictly inside a name the model reads as a person's is the
    person's name ("Michael Bloomberg", "Keisuke Honda", "Henry Ford"): the list gives way. A listed
    form covering the whole span ("Walt Disney Co.") still wins."""
    people = [(c.start, c.end) for c in candidates if c.source == "model" and c.label == "PERSON" and c.end - c.start >= 2]
    if not people:
        return candidates

    def inside(c: Candidate) -> bool:
        return any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in people)

    return [c for c in candidates
            if not (c.source == "gazetteer" and c.label == "ORG" and c.end - c.start == 1 and inside(c))]


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
