"""The in-memory event of one report, before merging and serialisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.events.context import Entity
from pipeline.events.triggers import Candidate


@dataclass
class Event:
    cand: Candidate
    trigger: tuple[int, int, str]  # char start, end, text
    sentence: tuple[int, int]
    paragraph: int
    date: dict | None
    location: Entity | None
    participants: list[tuple[Entity, str]]
    figures: list[tuple[int, int]]
    figure_numbers: list[float] = field(default_factory=list)
    anaphoric: bool = False  # "the talks", "Wednesday's meeting": refers back to a reported event
    indefinite: bool = False  # "a meeting", "another meeting": introduces a new one
    hidden: bool = False  # a reporting verb that only attributes another event
    evidence: list[tuple[int, int]] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.cand.rule.type

    @property
    def group(self) -> str:
        return self.cand.rule.group

    @property
    def start(self) -> int:
        return self.trigger[0]

    def participant_ids(self) -> set[str]:
        return {e.entity_id for e, _ in self.participants}

    def speaker(self) -> Entity | None:
        """The one who speaks in a STATEMENT: a named person before the body they speak for."""
        speakers = [e for e, role in self.participants if role == "speaker"] or [e for e, _ in self.participants]
        people = [e for e in speakers if e.type == "PERSON"]
        return (people or speakers or [None])[0]
