"""One record per happening in a document: repeated reports merged.

Two reports are the same happening when they have the same type, compatible
dates and places, and either the later one refers back ("the talks", "the
visit") or both name the same kind of happening (the trigger's ``group``) with
at least one participant in common. Statements go by speaker: a person quoted
in consecutive paragraphs made one statement; a body or country makes one
statement per sentence or paragraph in which it speaks; unnamed speakers
("analysts said") are one when their source words are the same.

The merged record keeps, as its trigger, the first report that carries a
resolved date (the report that anchors the happening in time), else the first
report; a statement keeps its first report. Every other report's trigger goes
to ``evidence``.
"""

from __future__ import annotations

from pipeline.annotations import EventDate
from pipeline.events.arguments import is_vague
from pipeline.events.model import Report


def dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    if is_vague(a) or is_vague(b):
        return True
    assert a is not None and b is not None
    a_end = a.date_end or a.date_start
    b_end = b.date_end or b.date_start
    return a.date_start <= b_end and b.date_start <= a_end


def places_compatible(a: Report, b: Report) -> bool:
    return a.location is None or b.location is None or a.location.entity_id == b.location.entity_id


# a person's reports in the same or the next paragraph are one statement (one interview, one
# briefing); further apart they are another occasion ("Bill Clinton said during a session at ...")
PERSON_GAP = 2  # in lines: news text puts a blank line between paragraphs


def _same_statement(group: list[Report], new: Report) -> bool:
    last = group[-1]
    if new.unnamed or last.unnamed:  # "analysts said ... analysts added": one source
        return new.unnamed and last.unnamed and new.source_words() == last.source_words() != ""
    speaker, other = new.speaker(), last.speaker()
    if speaker is None or other is None or speaker.entity_id != other.entity_id:
        return False
    if speaker.type == "PERSON":
        return new.paragraph - last.paragraph <= PERSON_GAP
    if new.sentence == last.sentence:
        return True
    return new.paragraph == last.paragraph and new.group == last.group == "say"


def same_period(a: EventDate | None, b: EventDate | None) -> bool:
    """A statistic is one measure for one period: the full year and its fourth quarter overlap
    but are two figures."""
    if is_vague(a) or is_vague(b):
        return True
    assert a is not None and b is not None
    return (a.date_start, a.date_end) == (b.date_start, b.date_end)


def _same_place(a: Report, b: Report) -> bool:
    """A statistic is for one place: "US sales" and worldwide "vehicle unit sales" are two."""
    return (a.location.entity_id if a.location else None) == (b.location.entity_id if b.location else None)


def _same_happening(group: list[Report], new: Report) -> bool:
    if any(e.type != new.type for e in group):
        return False
    if not all(dates_compatible(e.date, new.date) and places_compatible(e, new) for e in group):
        return False
    if new.type == "STATISTIC" and not all(same_period(e.date, new.date) and _same_place(e, new) for e in group):
        return False
    if new.type == "STATEMENT":
        return _same_statement(group, new)
    if new.anaphoric:
        return True
    if new.indefinite:
        return False
    known = set().union(*(e.participant_ids() for e in group))
    if not (any(e.group == new.group for e in group) and known & new.participant_ids()):
        return False
    # the same visitor with someone else is another meeting ("call on Kishida ... talks with Kamikawa")
    partners = set().union(*(e.partner_ids() for e in group))
    someone_else = bool(partners and new.partner_ids()) and not (
        partners & new.participant_ids() or new.partner_ids() & known)
    return not someone_else


def merge_events(events: list[Report]) -> list[Report]:
    groups: list[list[Report]] = []
    for event in (e for e in events if not e.hidden):
        candidates = [g for g in groups if _same_happening(g, event)]
        if candidates:
            groups[groups.index(max(candidates, key=lambda g: _affinity(g, event, groups)))].append(event)
        else:
            groups.append([event])
    merged = [_combine(g) for g in groups]
    return sorted(merged, key=lambda e: e.start)


def _affinity(group: list[Report], event: Report, groups: list[list[Report]]) -> tuple[int, int, int]:
    """Which earlier happening a report joins when several fit: one on the same day, then one
    sharing a participant, then the latest."""
    same_date = not is_vague(event.date) and any(
        not is_vague(e.date) and e.date.timex_value == event.date.timex_value for e in group)
    shared = set().union(*(e.participant_ids() for e in group)) & event.participant_ids()
    return int(same_date), int(bool(shared)), groups.index(group)


def _combine(group: list[Report]) -> Report:
    # a statement's record is its first report in the body (the standard), even when a later one
    # carries the date; another happening is anchored by the first report that dates it
    anchor = group[0] if group[0].type == "STATEMENT" else next((e for e in group if not is_vague(e.date)), group[0])
    participants, seen = [], set()
    for event in [anchor, *group]:
        for ent, role in event.participants:
            if ent.entity_id not in seen:
                seen.add(ent.entity_id)
                participants.append((ent, role))
    evidence = set()
    for event in group:
        if event is not anchor:
            evidence.add((event.trigger.start_char, event.trigger.end_char))
        evidence.update(event.evidence)
    figures: list[tuple[int, int]] = []
    numbers: list[float] = []
    for event in [anchor, *group]:
        figures += [f for f in event.figures if f not in figures]
        numbers += [n for n in event.figure_numbers if n not in numbers]
    anchor.figure_numbers = numbers
    anchor.participants = participants
    anchor.evidence = sorted(evidence)
    anchor.figures = figures
    anchor.attributions = [a for event in sorted(group, key=lambda e: e.start) for a in event.attributions]
    if anchor.date is None:
        anchor.date = next((e.date for e in group if e.date is not None), None)
    if anchor.location is None:
        anchor.location = next((e.location for e in group if e.location is not None), None)
    return anchor
