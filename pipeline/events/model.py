"""One report of a happening in the text, before merging into the document's events."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from pipeline.annotations import Attribution, EventDate
from pipeline.events.context import Entity
from pipeline.events.triggers import Candidate


@dataclass
class Report:
    cand: Candidate
    trigger: Span
    sentence: Span
    paragraph: int
    date: EventDate | None
    location: Entity | None
    participants: list[tuple[Entity, str]]
    figures: list[tuple[int, int]]  # char offsets of FIGURE mentions
    figure_numbers: list[float] = field(default_factory=list)
    anaphoric: bool = False  # "the talks", "Wednesday's meeting": refers back to a reported event
    indefinite: bool = False  # "a meeting", "another meeting": introduces a new one
    hidden: bool = False  # a reporting verb that only attributes another event
    evidence: list[tuple[int, int]] = field(default_factory=list)  # char offsets of the triggers merged in
    attributions: list[Attribution] = field(default_factory=list)  # the speech it reports (STATEMENT)
    unnamed: bool = False  # a statement by a speaker the text does not name ("analysts said")
    measure: str | None = None  # STATISTIC: the lemma of the measure reported ("profit", "share")

    @property
    def type(self) -> str:
        return self.cand.rule.type

    @property
    def group(self) -> str:
        """The kind of happening repeats are merged within; a statistic's is its measure."""
        return self.measure or self.cand.rule.group

    @property
    def start(self) -> int:
        return self.trigger.start_char

    def source_words(self) -> str:
        """The source of an unnamed speaker's statement as written, folded: which reports are one speaker's."""
        sources = [a.source.root.lemma_.lower() for a in self.attributions if a.source is not None]
        return sources[0] if sources else ""

    def participant_ids(self) -> set[str]:
        return {e.entity_id for e, _ in self.participants}

    def partner_ids(self) -> set[str]:
        """Those met, signed with or visited ("talks with X"), apart from the doers."""
        return {e.entity_id for e, role in self.participants if role == "co-agent"}

    def speaker(self) -> Entity | None:
        """The one who speaks in a STATEMENT: a named person before the body they speak for."""
        speakers = [e for e, role in self.participants if role == "speaker"] or [e for e, _ in self.participants]
        people = [e for e in speakers if e.type == "PERSON"]
        return (people or speakers or [None])[0]
