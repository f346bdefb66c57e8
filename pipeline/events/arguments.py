"""Arguments of a trigger, read off the dependency parse of its clause.

Who (participants with a role), when (the DATE mention that modifies the
trigger, else its clause's), where ("in/at/to" + a place) and, for STATISTIC,
which figures. Each function takes the trigger's head token and walks only a
few well-defined arcs, so an argument is never picked from an unrelated clause.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from pipeline.annotations import EventDate, Timex
from pipeline.events.context import ACTOR_TYPES, PLACE_TYPES, DocContext, Entity
from pipeline.events.syntax import (
    CONTROL_DEPS, by_agents, conjuncts, governing_verb, noun_frame, prep_objects, subject_of,
)
from pipeline.events.triggers import (
    Candidate, change_figures, figure_spans, is_change, is_measure, value_figures,
)
from pipeline.sentences import sentence_of

CLAUSE_DEPS = ("ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "xcomp")
LOCATION_PREPS = {
    "MEETING": ("in", "at"),
    "TRAVEL": ("to", "into", "toward", "towards"),
    "MIGRATION": ("at", "in", "to", "into", "from", "through", "toward", "towards"),
    "POLICY": ("at", "in", "along"),
    "STATISTIC": ("at", "in", "along"),
    "AGREEMENT": ("in", "at"),
    "STATEMENT": (),
}
VAGUE_VALUES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
DURATION_VALUE = re.compile(r"^PT?[0-9X]")
# prepositions that give the period a figure is compared with ("up from 2003", "higher than in 2003")
COMPARED_PREPS = ("from", "than")
# prepositions that place a noun at an occasion ("her speech at the party conference")
OCCASION_PREPS = ("at", "during", "after", "before")


# -- participants -----------------------------------------------------------

def subject_entities(ctx: DocContext, token: Token, bodies_only: bool = False,
                     titles: bool = False) -> list[Entity]:
    subjects, _ = subject_of(token)
    out: list[Entity] = []
    for subj in subjects:
        out += [e for e in _subject_np(ctx, subj, bodies_only, titles) if e not in out]
    return out


def _subject_np(ctx: DocContext, subj: Token, bodies_only: bool = False, titles: bool = False) -> list[Entity]:
    """A subject's entities; "it"/"they" in a reported clause is the reporter ("Mexico said it
    would ...", "the government announced it was imposing ...")."""
    if subj.lower_ in ("it", "they") and subj.head.dep_ == "ccomp":
        return subject_entities(ctx, subj.head.head, bodies_only, titles)
    return ctx.np_entities(subj, bodies_only=bodies_only, titles=titles)


def participants(ctx: DocContext, cand: Candidate) -> list[tuple[Entity, str]]:
    head = cand.head
    type_ = cand.type
    out: list[tuple[Entity, str]] = []

    def add(entities: list[Entity], role: str) -> None:
        for ent in entities:
            if ent.type in ACTOR_TYPES and all(ent.entity_id != e.entity_id for e, _ in out):
                out.append((ent, role))

    first_role = "speaker" if type_ == "STATEMENT" else "agent"
    titles = type_ == "STATEMENT"  # a spokesperson speaks for the body in their title
    if head.pos_ == "VERB":
        subjects, voice = subject_of(head)
        for subj in subjects:
            if head.dep_ in ("acl", "amod") and subj.i == head.head.i:
                # "Zuniga, just appointed by ..." / "Ricardo Zúñiga, the newly named envoy"
                ents = ctx.np_entities(subj)
                if not ents and subj.dep_ == "appos":
                    ents = ctx.np_entities(subj.head)
                add(ents, "patient" if voice == "patient" else first_role)
            else:
                add(_subject_np(ctx, subj, titles=titles), first_role if voice == "agent" else "patient")
        for agent in by_agents(head):
            add(ctx.np_entities(agent, titles=titles), first_role)
        if not subjects and head.dep_ == "pcomp" and head.head.head.pos_ == "NOUN":
            # "its policy of raising interest rates": whose policy it is acts
            add(_noun_owners(ctx, head.head.head), first_role)
        if type_ in ("MEETING", "AGREEMENT", "TRAVEL"):
            # the trigger's own preposition takes the partner too ("call on Prime Minister Kishida")
            own_preps = tuple(t.lower_ for t in head.doc[cand.start:cand.end] if t.dep_ in ("prep", "prt"))
            for obj in [c for c in head.children if c.dep_ == "dobj"] + prep_objects(head, ("with", "between") + own_preps):
                # the places a trip goes to are its location, not its participants
                add([e for e in ctx.np_entities(obj) if type_ != "TRAVEL" or e.type in ("PERSON", "AGENCY", "ORG")],
                    "co-agent")
        elif type_ == "POLICY":
            for obj in (c for c in head.children if c.dep_ == "dobj"):
                add([e for tok in [obj, *conjuncts(obj)] if (e := ctx.entity(tok)) is not None], "patient")
        if type_ == "STATISTIC":
            for subj in subjects:
                if is_measure(ctx, subj):  # "Shares in Barclays have risen"
                    add(_measure_owners(ctx, subj), "reporter")
            add(_reporters(ctx, head), "reporter")
    else:
        add(_measure_owners(ctx, head) if type_ == "STATISTIC" else _noun_owners(ctx, head), first_role)
        add([e for tok in by_agents(head) + prep_objects(head, ("from",))
             for e in ctx.np_entities(tok, titles=titles)], first_role)
        for acl in (c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            add([e for tok in by_agents(acl) for e in ctx.np_entities(tok, titles=titles)], first_role)
        if type_ in ("MEETING", "AGREEMENT", "TRAVEL"):
            add([e for tok in prep_objects(head, ("with", "between")) for e in ctx.np_entities(tok)], "co-agent")
        verb, dep = noun_frame(head)
        if verb is not None and type_ != "MIGRATION":
            light = ctx.rules.has("light", verb.lemma_.lower())
            if type_ == "STATISTIC":
                if dep == "dobj" and (light or ctx.rules.has("report", verb.lemma_.lower())
                                      or ctx.rules.has("value_verb", verb.lemma_.lower())):
                    add(_owner_subjects(ctx, verb), "reporter")
            elif dep == "pobj" or (dep == "dobj" and light):
                # "held talks with X", "discussed in a phone call": the verb's doers take part
                add(subject_entities(ctx, verb, titles=titles), first_role)
                if type_ in ("MEETING", "AGREEMENT"):
                    add([e for tok in prep_objects(verb, ("with",)) for e in ctx.np_entities(tok)], "co-agent")
            elif dep == "nsubjpass":
                add([e for tok in by_agents(verb) for e in ctx.np_entities(tok)], first_role)
        if type_ == "STATISTIC":
            add(_reporters(ctx, head), "reporter")
    return out


def _measure_owners(ctx: DocContext, noun: Token) -> list[Entity]:
    """Whose measure a noun names: "Ford's sales", "CBS News poll", "shares in Barclays"; a
    country there is where the figure applies ("US sales", "Japan's GDP"), its location."""
    owners = [e for e in _noun_owners(ctx, noun) if not (e.type == "GPE" and ctx.countries.code(e.canonical))]
    owners += [e for tok in prep_objects(noun, ("in", "of", "at")) for e in ctx.np_entities(tok, bodies_only=True)
               if e.type in ("ORG", "AGENCY") and e not in owners]
    return owners


def measure_of(ctx: DocContext, cand: Candidate) -> str:
    """The measure a statistic reports, which keeps two figures apart ("net income" and
    "turnover" of one company and year): the measure noun that is the trigger, the subject of a
    change ("shares have risen"), or the noun a change is "in" ("a 20% rise in profits")."""
    head = cand.head
    if cand.rule.group != "change":
        return head.lemma_.lower() if is_measure(ctx, head) else cand.rule.group
    if head.pos_ == "VERB":
        subjects, _ = subject_of(head, hops=1)
        measures = [s for s in subjects if is_measure(ctx, s)]
    else:
        measures = [p for p in prep_objects(head, ("in", "of")) if is_measure(ctx, p)]
    return measures[0].lemma_.lower() if measures else cand.rule.group


def _owner_subjects(ctx: DocContext, verb: Token) -> list[Entity]:
    """Whose figure it is: the subject's bodies, or the body a described subject belongs to
    ("Ford's worldwide automotive division earned ...")."""
    found = subject_entities(ctx, verb, bodies_only=True)
    if found:
        return found
    subjects, _ = subject_of(verb)
    return [e for subj in subjects for e in _noun_owners(ctx, subj) + [
        e for tok in prep_objects(subj, ("from", "of")) for e in ctx.np_entities(tok, bodies_only=True)]
        if e.type in ("ORG", "AGENCY")]


def _noun_owners(ctx: DocContext, noun: Token) -> list[Entity]:
    """Named actors in a noun trigger's own modifiers: "Biden's visit", "U.S.-Mexico talks",
    "Mexican officials' meeting"; a city in "the Mexico City meeting" is a place, not an actor."""
    out: list[Entity] = []
    for child in noun.children:
        if child.i > noun.i or child.dep_ not in ("poss", "compound", "amod", "nmod"):
            continue
        for tok in [child, *conjuncts(child)]:
            for ent in ctx.np_entities(tok):
                if ent.type == "GPE" and ctx.countries.code(ent.canonical) is None:
                    continue
                if ent not in out:
                    out.append(ent)
    return out


def _reporters(ctx: DocContext, head: Token) -> list[Entity]:
    """The body reporting a figure: "according to CBP (data)", "CBP reported ..."."""
    out: list[Entity] = []
    for tok in sentence_of(head.doc, head.i):
        if tok.lower_ == "according" and tok.dep_ == "prep":
            for to in (c for c in tok.children if c.lower_ == "to"):
                for pobj in (c for c in to.children if c.dep_ == "pobj"):
                    out += [e for e in ctx.np_entities(pobj, bodies_only=True) if e not in out]
    verb = head.head if head.dep_ == "dobj" else None
    if verb is not None and ctx.rules.has("report", verb.lemma_.lower()):
        out += [e for e in subject_entities(ctx, verb, bodies_only=True) if e not in out]
    return out


# -- date ---------------------------------------------------------------------

def _usable_date(span: Span) -> bool:
    """A point or period in time; durations ("for two years") and sets ("every week") are not
    when something happened."""
    timex = span._.timex or Timex()
    if timex.timex_type in ("DURATION", "SET"):
        return False
    value = timex.timex_value
    return not (isinstance(value, str) and DURATION_VALUE.match(value))


def _direct_dates(ctx: DocContext, token: Token, skip_deps: tuple[str, ...] = (),
                  compared: bool = False) -> list[Span]:
    """DATE mentions in ``token``'s own clause (not in nested clauses), nearest first. With
    ``compared``, not the period of a figure it is compared with ("up from $153m a year ago",
    "a 9% increase on the previous year", "compared to $45.9bn a year ago")."""
    found: dict[int, Span] = {}
    stack = [c for c in token.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in skip_deps]
    while stack:
        tok = stack.pop()
        if compared and _compares(ctx, tok):
            continue
        span = ctx.date_span(tok)
        if span is not None and _usable_date(span):
            found[span.start] = span
            continue
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSE_DEPS)
    own = ctx.date_span(token)
    if own is not None and _usable_date(own):
        found[own.start] = own
    return sorted(found.values(), key=lambda s: (abs(s.start - token.i), s.start))


def _compares(ctx: DocContext, token: Token) -> bool:
    if token.dep_ == "appos":
        return True
    if token.dep_ not in ("prep", "advcl", "pcomp"):
        return False
    word = token.lower_
    if word in COMPARED_PREPS or ctx.rules.has("comparison", token.lemma_.lower()):
        return True
    # "2% up on the same time last year", "the biggest rise since December 1998"
    return word in ("on", "over", "since") and token.head.pos_ != "VERB" and is_change(ctx, token.head)


def _participle_dates(ctx: DocContext, token: Token) -> list[Span]:
    """Dates in a subjectless participial adjunct: "Speaking to reporters Friday, X said"."""
    out = []
    for child in token.children:
        if child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "mark") for c in child.children):
            out += _direct_dates(ctx, child)
    return out


def event_date(ctx: DocContext, cand: Candidate) -> Span | None:
    head = cand.head
    # what a statement is about is not when it was made: "described the increase in recent months"
    skip = ("dobj", "attr", "dative") if cand.type == "STATEMENT" else ()
    compared = cand.type == "STATISTIC"
    for anchor in _anchors(ctx, head):
        dates = _direct_dates(ctx, anchor, skip if anchor.i == head.i else (), compared)
        if dates:
            return dates[0]
        if anchor.i == head.i:
            dates = _participle_dates(ctx, head)
            if head.pos_ == "NOUN":  # "a survey released on Thursday"
                dates += [d for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"
                          for d in _direct_dates(ctx, c)]
            if dates:
                return dates[0]
        antecedent = _relative_time(ctx, anchor)
        if antecedent is not None:
            return antecedent
    return None


def _relative_time(ctx: DocContext, verb: Token) -> Span | None:
    """"during a month in which agents had encounters", "the day when they met": the time
    is the noun the relative clause hangs on."""
    if verb.dep_ != "relcl":
        return None
    relatives = [c for c in verb.children if c.tag_ == "WRB" and c.lower_ == "when"]
    relatives += [p for c in verb.children if c.dep_ == "prep" for p in c.children
                  if p.dep_ == "pobj" and p.tag_ == "WDT"]
    if not relatives:
        return None
    span = ctx.date_span(verb.head)
    return span if span is not None and _usable_date(span) else None


def _anchors(ctx: DocContext, head: Token, hops: int = 2) -> list[Token]:
    """The trigger, then the tokens whose time and place it shares: the verb a noun trigger
    is an argument of, the noun a participle modifies, and up to ``hops`` heads along control,
    coordination and adverbial-clause arcs."""
    anchors = [head]
    current = head
    if head.pos_ == "NOUN":
        verb = governing_verb(_framed_noun(head))
        if verb is None:
            return anchors
        anchors.append(verb)
        current = verb
    elif head.dep_ in ("acl", "amod") and head.tag_ == "VBN":
        anchors.append(head.head)
        return anchors
    for _ in range(hops):
        if current.dep_ not in CONTROL_DEPS or current.head.i == current.i:
            break
        if current.dep_ == "ccomp" and not _reports(ctx, current.head):
            break
        current = current.head
        anchors.append(current)
    return anchors


def _framed_noun(noun: Token) -> Token:
    """The noun whose verb frames ``noun``: itself, or for a noun with no verb of its own the
    first of its conjuncts ("had net income ... and revenues of $28.4bn") or the noun it
    qualifies ("made her debut speech at the party conference last October")."""
    if governing_verb(noun) is not None:
        return noun
    first = noun
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head
    if first.i != noun.i:
        return first
    if noun.dep_ == "pobj" and noun.head.lower_ in OCCASION_PREPS and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def _reports(ctx: DocContext, token: Token) -> bool:
    rules = ctx.rules.index.get(token.lemma_.lower(), ())
    return any(r.type == "STATEMENT" for r in rules)


# -- location -------------------------------------------------------------------

def event_location(ctx: DocContext, cand: Candidate) -> Entity | None:
    head = cand.head
    preps = LOCATION_PREPS[cand.type]
    if not preps:
        return None
    if cand.type == "TRAVEL":  # "arrived in Tokyo": the record's own prepositions name the place too
        preps = preps + tuple(sorted(p for p in cand.rule.preps if p not in preps))
    if head.pos_ == "NOUN":
        for child in head.children:
            if child.dep_ in ("compound", "nmod", "poss") and child.i < head.i:
                ent = ctx.entity(child, PLACE_TYPES)
                if ent is None or (child.dep_ == "poss" and cand.type != "STATISTIC"):
                    continue
                # a country modifying a statistic is where it applies ("US sales"); elsewhere it acts
                if cand.type == "STATISTIC" or not (ent.type == "GPE" and ctx.countries.code(ent.canonical)):
                    return ent
    where = _where(ctx, head)
    if where is not None:
        return where
    for anchor in _anchors(ctx, head):
        places = _places(ctx, anchor, preps)
        if cand.type == "MEETING" and anchor.i == head.i and not places:
            # "meeting with senior officials in Guatemala": where the people met are
            partners = [c for c in head.children if c.dep_ == "dobj"] + prep_objects(head, ("with",))
            places = [e for tok in partners for e in _places(ctx, tok, preps)]
        if cand.type == "TRAVEL" and anchor.i == head.i and not places:
            places = [e for c in head.children if c.dep_ == "dobj"
                      for e in [ctx.entity(c, PLACE_TYPES)] if e is not None]
        if len(places) == 1:
            return places[0]
        if len(places) > 1:
            return None  # "envoys to Mexico and Guatemala": no single place
    return None


def _where(ctx: DocContext, head: Token) -> Entity | None:
    """"travelled to Brasilia, where he met the governors": the place the relative clause hangs on."""
    if head.dep_ != "relcl" or not any(c.lower_ == "where" and c.dep_ == "advmod" for c in head.children):
        return None
    return ctx.entity(head.head, PLACE_TYPES)


def _places(ctx: DocContext, token: Token, preps: tuple[str, ...]) -> list[Entity]:
    out: list[Entity] = []
    for pobj in prep_objects(token, preps):
        for tok in [pobj, *conjuncts(pobj)]:
            ent = ctx.entity(tok, PLACE_TYPES)
            if ent is None:
                ent = _place_of_noun(ctx, tok, token)
            if ent is not None and ent not in out:
                out.append(ent)
    return out


def _place_of_noun(ctx: DocContext, noun: Token, verb: Token) -> Entity | None:
    """"at the US border" → United States; "at its southern border" → the subject, if a place."""
    if noun.pos_ != "NOUN":
        return None
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i < noun.i:
            ent = ctx.entity(child, PLACE_TYPES)
            if ent is not None:
                return ent
            if child.dep_ == "poss" and child.lower_ == "its":
                subjects, _ = subject_of(verb)
                places = [e for subj in subjects if (e := ctx.entity(subj, PLACE_TYPES)) is not None]
                return places[0] if places else None
    return None


# -- figures --------------------------------------------------------------------

def event_figures(ctx: DocContext, cand: Candidate) -> list[Span]:
    if cand.type != "STATISTIC":
        return []
    if "measure_value" in cand.rule.needs:
        return value_figures(ctx, cand.head)
    if "change_figure" in cand.rule.needs:
        return change_figures(ctx, cand.head)
    return figure_spans(ctx, cand.head)


def figure_number(span: Span) -> float | None:
    """The number a FIGURE mention states (``span._.figure``)."""
    return span._.figure.number if span._.figure is not None else None


def date_value(span: Span | None) -> EventDate | None:
    """When an event happened: the DATE mention and what it resolves to."""
    if span is None:
        return None
    timex = span._.timex or Timex()
    return EventDate(timex_value=timex.timex_value, date_start=timex.date_start, date_end=timex.date_end, mention=span)


def is_vague(date: EventDate | None) -> bool:
    return date is None or date.timex_value in VAGUE_VALUES or not date.date_start


def has_period(date: EventDate | None) -> bool:
    """The date is a point or period, resolved or not ("in December" is one even where the year
    cannot be told); "recently" and "now" are none."""
    return date is not None and date.mention is not None and date.timex_value not in VAGUE_VALUES
