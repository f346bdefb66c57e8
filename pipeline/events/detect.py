"""From a parsed document to its events: triggers, arguments, merging, cluster ids."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MENTIONS, Event, EventPlace, Participant, doc_text
from pipeline.events.arguments import (
    date_value, event_date, event_figures, event_location, figure_number, has_period, measure_of, participants,
)
from pipeline.events.clusters import cluster_id
from pipeline.events.context import DocContext, Entity
from pipeline.events.lexicon import TriggerLexicon
from pipeline.events.merge import merge_events
from pipeline.events.model import Report
from pipeline.events.statements import attach_attributions, speaker_entity
from pipeline.events.syntax import clause_head, clause_tokens, subject_of
from pipeline.events.triggers import Candidate, acts_on, find_candidates
from pipeline.lexicon.countries import Countries
from pipeline.sentences import sentence_of

# event types that are about named actors: without one, a trigger names no reportable happening
NEEDS_PARTICIPANT = ("MEETING", "TRAVEL", "STATEMENT", "POLICY", "AGREEMENT")
GOVERNMENT_TYPES = ("PERSON", "AGENCY", "GPE")


def extract_events(doc: Doc, rules: TriggerLexicon, countries: Countries) -> list[Event]:
    """The events of ``doc``, in trigger order (see pipeline.events.component)."""
    reports = detect_reports(doc, rules, countries)
    published = getattr(doc._, "published_at", None)
    mentions = {(span.start_char, span.end_char): span for span in doc.spans.get(MENTIONS, [])}
    events = []
    for report in reports:
        event = _annotation(report, mentions, published)
        for attribution in report.attributions:
            attribution.event = event
        events.append(event)
    return events


def detect_reports(doc: Doc, rules: TriggerLexicon, countries: Countries) -> list[Report]:
    """One report per happening, repeats merged (their triggers in ``evidence``), in trigger order."""
    ctx = DocContext(doc, rules, countries)
    found = find_candidates(ctx)
    candidates = absorb(ctx, found)
    heads = {c.head.i: c for c in found}
    events = []
    unreported: set[int] = set()
    for cand, evidence in candidates:
        if not _stands_alone(cand, heads):
            continue
        event = build_report(ctx, cand)
        event.evidence = evidence
        if _reportable(ctx, event):
            events.append(event)
        else:
            unreported.add(cand.head.i)
    # a saying only attributes a happening that is reported ("analysts added that prices would
    # rise" reports no statistic, so the saying is the statement)
    reported = {i: c for i, c in heads.items() if i not in unreported}
    for event in events:
        event.hidden = _attribution_only(ctx, event.cand, reported)
    events = attach_attributions(ctx, events, getattr(doc._, "attributions", None) or [], rules.cue_rules)
    events = [e for e in events if not ctx.in_headline(e.trigger.start_char)]
    _inherit_owner(ctx, events)
    _inherit_purpose(ctx, events)
    _link_same_time(ctx, events)
    return [e for e in merge_events(events) if _has_participants(e)]


# -- absorbing triggers that name the same happening --------------------------

def _linked(a: Token, b: Token) -> bool:
    """``b`` is in ``a``'s clause (nested clauses aside), or one heads the other directly."""
    return a.head.i == b.i or b.head.i == a.i or b in clause_tokens(a) or (
        b.dep_ == "pobj" and b.head.head.i == a.i)


def _weak_repeats(weak: Candidate, other: Candidate) -> bool:
    """A weak trigger names the happening ``other`` names: they are linked in one clause; a
    change in a statistic only repeats the measure it is said of ("turnover rose" → turnover),
    not another figure of its sentence ("grew 3.7%, an improvement on the 3.3% growth")."""
    if weak.type == "STATISTIC":
        return other.head in subject_of(weak.head, hops=1)[0]
    return _linked(weak.head, other.head) or _linked(other.head, weak.head)


def absorb(ctx: DocContext, cands: list[Candidate]) -> list[tuple[Candidate, list[tuple[int, int]]]]:
    """Drop the triggers that only repeat another trigger of the same clause, keeping their
    offsets as evidence: a weak verb yields to the noun it governs ("discussed in a phone
    call"), a noun yields to the verb it is an argument of ("a caravan set out", "an agreement
    signed by", "said in a statement")."""
    alive = list(cands)
    evidence: dict[int, list[tuple[int, int]]] = {id(c): [] for c in cands}

    def span_of(c: Candidate) -> tuple[int, int]:
        doc = c.head.doc
        return doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])

    def swallow(winner: Candidate, loser: Candidate) -> None:
        evidence[id(winner)] += [span_of(loser), *evidence[id(loser)]]
        alive.remove(loser)

    for weak in [c for c in alive if c.rule.weak]:
        for other in alive:
            if other is weak or other.type != weak.type or other.rule.weak:
                continue
            if _weak_repeats(weak, other):
                swallow(other, weak)
                break
    for weak in [c for c in alive if c.rule.weak]:
        for other in alive:
            if other is weak or other.type != weak.type or other.start > weak.start:
                continue
            if _weak_repeats(weak, other):
                swallow(other, weak)
                break
    for change in [c for c in alive if c.type == "STATISTIC" and c.rule.group == "change" and c.head.pos_ == "NOUN"]:
        # "sales totalled 1,751,000, a decline of 133,000 units": the change compares the figure
        # just reported, which it belongs to
        for other in alive:
            if other is not change and other.type == "STATISTIC" and other.start < change.start and (
                    clause_head(other.head).i == clause_head(change.head).i):
                swallow(other, change)
                break
    stats = [c for c in alive if c.type == "STATISTIC"]
    figures = {id(c): {f.start for f in event_figures(ctx, c)} for c in stats}
    for later in stats:
        # "Growth was at an annual rate of 4%": two words for the one figure
        for other in stats:
            if other is not later and other in alive and other.start < later.start and figures[id(later)] and (
                    figures[id(later)] <= figures[id(other)]):
                swallow(other, later)
                break
    for noun in [c for c in alive if c.head.pos_ == "NOUN"]:
        for verb in alive:
            if verb.type != noun.type or verb.head.pos_ != "VERB":
                continue
            n, v = noun.head, verb.head
            if _linked(v, n) or _linked(n, v):
                swallow(verb, noun)
                break
    return [(c, sorted(evidence[id(c)])) for c in alive]


# -- one event per surviving trigger ------------------------------------------

def build_report(ctx: DocContext, cand: Candidate) -> Report:
    doc = ctx.doc
    trigger = doc[cand.start:cand.end]
    figures = event_figures(ctx, cand)
    return Report(
        cand=cand,
        trigger=trigger,
        sentence=sentence_of(doc, cand.head.i),
        paragraph=ctx.paragraph(trigger.start_char),
        date=date_value(event_date(ctx, cand)),
        location=event_location(ctx, cand),
        participants=participants(ctx, cand),
        figures=[(s.start_char, s.end_char) for s in figures],
        figure_numbers=[n for s in figures if (n := figure_number(s)) is not None],
        anaphoric=_anaphoric(ctx, cand),
        indefinite=_indefinite(ctx, cand),
        measure=measure_of(ctx, cand) if cand.type == "STATISTIC" else None,
    )


def _anaphoric(ctx: DocContext, cand: Candidate) -> bool:
    """A definite noun ("the talks", "this movement") or one owned by a date ("Wednesday's
    meeting") names a happening the article has already introduced."""
    head = cand.head
    if head.pos_ != "NOUN":
        return False
    for child in head.children:
        if child.i > head.i:
            continue
        if child.dep_ == "det" and ctx.rules.has("anaphor", child.lower_):
            return True
        if child.dep_ == "poss" and ctx.date_span(child) is not None:
            return True
    return False


def _indefinite(ctx: DocContext, cand: Candidate) -> bool:
    head = cand.head
    if head.pos_ != "NOUN":
        return False
    return any(child.i < head.i and child.dep_ in ("det", "amod") and ctx.rules.has("new", child.lower_)
               for child in head.children)


def _attribution_only(ctx: DocContext, cand: Candidate, heads: dict[int, Candidate]) -> bool:
    """"Kirby said Biden and López Obrador discussed ...": the saying only attributes the
    meeting, which is the reported happening."""
    head = cand.head
    if cand.type != "STATEMENT" or not ctx.rules.has("attribution", head.lemma_.lower()):
        return False
    roots = [c for c in head.children if c.dep_ in ("ccomp", "parataxis")]
    if head.dep_ in ("parataxis", "ccomp") and head.head.i < head.i:
        roots.append(head.head)
    # reported speech inside speech ("the magazine said the winner predicted ...") leaves the saying a statement
    return any(r.i in heads and heads[r.i] is not cand and heads[r.i].type != "STATEMENT" for r in roots)


def _stands_alone(cand: Candidate, heads: dict[int, Candidate]) -> bool:
    """A subjectless participle of saying ("..., highlighting the need", "..., emphasizing")
    reports a statement of its own only when it comments on an action ("closed two crossings,
    citing ..."); after another reporting verb it continues that statement."""
    head = cand.head
    if cand.type != "STATEMENT" or head.dep_ != "advcl" or head.tag_ != "VBG":
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        return True
    governor = heads.get(head.head.i)
    return governor is not None and governor.type != "STATEMENT"


def _reportable(ctx: DocContext, event: Report) -> bool:
    rule = event.cand.rule
    head = event.cand.head
    if head.pos_ == "VERB" and head.dep_ in ("relcl", "acl") and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in head.children):
        return False  # "the main issue to discuss": a plan, not a happening
    if head.pos_ == "VERB" and any(c.dep_ == "mark" and ctx.rules.has("hypothetical", c.lower_)
                                   for c in head.children):
        return False  # "if nominated": a condition, not a happening
    if head.dep_ == "xcomp" and ctx.rules.has("wish", head.head.lemma_.lower()):
        return False  # "wanted to meet as many ... as possible": a wish, not a plan
    if "actor" in rule.needs and event.participants and not any(
            e.type in GOVERNMENT_TYPES for e, _ in event.participants):
        return False
    if event.type == "STATISTIC" and head.pos_ == "NOUN" and head.dep_ in ("dobj", "nsubjpass") and acts_on(ctx, head.head):
        return False  # "closed two rail crossings", "deployed 10,000 troops": what a measure acts on, not a count reported
    if event.type == "STATISTIC" and head.dep_ == "relcl":
        return False  # "the bombs which killed seven people": a description, not a figure reported
    if event.type == "STATISTIC" and head.pos_ == "VERB" and not subject_of(head)[0]:
        return False  # "Doubling the £400m ... could save lives": no measure changes
    if "period" in rule.needs and not has_period(event.date):
        return False  # a statistic is a figure reported for a period ("recently" is none)
    return True


def _inherit_owner(ctx: DocContext, events: list[Report]) -> None:
    """Whose figure a statistic with no body of its own is: the named source of the attribution
    it is reported in ("Inflation rose to 3.2%, the Labor Department said"), else the body that
    was the subject of a clause in its sentence or the one before, else the previous statistic's:
    figures reported one after another belong to one body until another is named ("Ford reported
    higher profits ... Net income for 2004 was $3.5bn ... Fourth quarter turnover was $44.7bn")."""
    previous: list[tuple[Entity, str]] = []
    for event in events:
        if event.type != "STATISTIC":
            continue
        if not event.participants:
            source = _reporting_source(ctx, event)
            if source is not None:
                event.participants = [(source, "reporter")]
        if not event.participants:
            body = ctx.previous_body_subject(event.cand.head)
            if body is not None:
                event.participants = [(body, "reporter")]
            elif previous:
                event.participants = list(previous)
        if event.participants:
            previous = event.participants


def _has_participants(event: Report) -> bool:
    """Named actors take part; a weak trigger standing alone ("discussed", "negotiated") names
    an exchange, so it needs two of them ("Fiat negotiated an end to its alliance" is no meeting).
    A statement by a speaker the text describes without naming ("analysts said") stands alone."""
    if event.type not in NEEDS_PARTICIPANT or event.unnamed:
        return True
    if event.cand.rule.weak and not event.evidence:
        return len(event.participants) >= 2
    return bool(event.participants)


def _reporting_source(ctx: DocContext, event: Report) -> Entity | None:
    """The named speaker of the attribution whose content holds the statistic's trigger."""
    start = event.trigger.start
    for att in getattr(ctx.doc._, "attributions", None) or []:
        if att.speaker is None or att.speaker.mention is None:
            continue
        if any(part.start <= start < part.end for part in att.content):
            return speaker_entity(ctx, att.speaker)
    return None


def _inherit_purpose(ctx: DocContext, events: list[Report]) -> None:
    """A meeting that is the purpose of a trip ("went to Mexico to discuss", "travel to Mexico
    for talks") takes place where the trip goes, with the travellers, at the trip's time."""
    by_head = {e.cand.head.i: e for e in events}
    for event in events:
        if event.type != "MEETING":
            continue
        head = event.cand.head
        trip_head = None
        if head.dep_ in ("xcomp", "advcl") and head.pos_ == "VERB":
            trip_head = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "for":
            trip_head = head.head.head
        trip = by_head.get(trip_head.i) if trip_head is not None else None
        if trip is None or trip.type != "TRAVEL":
            continue
        if event.location is None:
            event.location = trip.location
        if event.date is None:
            event.date = trip.date
        travellers = _travellers(ctx, trip)
        known = event.participant_ids()
        event.participants = [(e, "agent") for e in travellers if e.entity_id not in known] + event.participants


def _travellers(ctx: DocContext, trip: Report) -> list[Entity]:
    head = trip.cand.head
    if ctx.rules.has("sender", head.lemma_.lower()):  # "dispatch envoys": the object travels
        return [e for c in head.children if c.dep_ == "dobj" for e in ctx.np_entities(c)]
    return [e for e, role in trip.participants if role == "agent"]


def _link_same_time(ctx: DocContext, events: list[Report]) -> None:
    """"At the same time, Mexico deployed ...": a sentence that opens by placing itself at the
    time of the previous one takes that sentence's date."""
    text = doc_text(ctx.doc)
    phrases = sorted(ctx.rules.words["temporal_link"], key=len, reverse=True)
    for i, event in enumerate(events):
        if event.date is not None:
            continue
        opening = text[event.sentence.start_char:event.sentence.start_char + 40].lower()
        if not any(opening.startswith(p) for p in phrases):
            continue
        previous = [e for e in events[:i] if e.sentence.end_char <= event.sentence.start_char and e.date is not None]
        if previous:
            event.date = previous[-1].date


# -- the annotation ---------------------------------------------------------------

def _annotation(report: Report, mentions: dict[tuple[int, int], Span], published: dt.date | None) -> Event:
    """``report`` as set on the doc; ``mentions``: the spans of doc.spans["news_mentions"] by offsets."""
    location = report.location
    return Event(
        type=report.type,
        trigger=report.trigger,
        sentence=report.sentence,
        date=report.date,
        location=None if location is None else EventPlace(location.canonical, location.entity_id,
                                                          mentions.get((location.start, location.end))),
        participants=[Participant(e.canonical, e.entity_id, mentions.get((e.start, e.end)), role)
                      for e, role in report.participants],
        figures=[mentions[f] for f in report.figures if f in mentions],
        cluster_id=cluster_id(report, published),
    )


__all__ = ["detect_reports", "extract_events"]
