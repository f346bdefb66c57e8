"""What the event rules know about one document: its mentions by token, and how a
noun phrase resolves to the named people, bodies and countries it stands for.

Participants are always mentions of ``doc.spans["news_mentions"]``, so every
argument of an event points back at a span the mentions table holds. A
nationality word ("Mexican officials") stands for its country: the participant
keeps the NORP mention's offsets and takes the country's canonical name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import ENTITY_TYPES, MENTIONS, boilerplate_tokens, doc_text, referent
from pipeline.events.lexicon import TriggerLexicon
from pipeline.events.syntax import conjuncts
from pipeline.ids import entity_id
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.titles import title_head
from pipeline.sentences import sentence_of

ACTOR_TYPES = ("PERSON", "AGENCY", "ORG", "GPE", "NORP")
PLACE_TYPES = ("GPE", "LOC")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
PERSON_PRONOUNS = ("he", "she", "him", "her")
RELATIVE_PRONOUNS = ("which", "who", "that", "whom")


@dataclass(frozen=True)
class Entity:
    """A participant or place: the mention it comes from, resolved to its canonical entity."""

    canonical: str
    entity_id: str
    type: str
    start: int  # char offsets of the mention
    end: int


HEADLINE_MAX_WORDS = 18  # a lead sentence on a line of its own runs longer (news leads average 25-30 words)


def headline_end(text: str) -> int:
    """Where the headline ends: the first line, when the text goes on after it and the line is short
    enough to be a title ("Sanders will back Clinton, eventually, former rival says."); 0 when the
    text has no headline."""
    cut = text.find("\n")
    line = text[:cut].strip() if cut != -1 else ""
    if not line or not text[cut:].strip():
        return 0
    if len(line.split()) > HEADLINE_MAX_WORDS:
        return 0
    return cut


class DocContext:
    """Per-document lookups shared by the trigger, argument and merge rules."""

    def __init__(self, doc: Doc, rules: TriggerLexicon, countries: Countries) -> None:
        self.doc = doc
        self.rules = rules
        self.countries = countries
        self.mention_at: list[Span | None] = [None] * len(doc)
        self.mentions: list[Span] = list(doc.spans.get(MENTIONS, []))
        for span in self.mentions:
            for i in range(span.start, span.end):
                self.mention_at[i] = span
        self.blocked = boilerplate_tokens(doc)
        self._entities: dict[int, Entity | None] = {}
        self._line_breaks = [i for i, ch in enumerate(doc_text(doc)) if ch == "\n"]
        self._headline_end = headline_end(doc_text(doc))

    def in_headline(self, char: int) -> bool:
        """Reports come from the body: a headline repeats what the body reports."""
        return char < self._headline_end

    def paragraph(self, char: int) -> int:
        """Index of the line (news text: one paragraph a line) holding ``char``."""
        return bisect_right(self._line_breaks, char)

    # -- mentions -------------------------------------------------------
    def mention(self, token: Token) -> Span | None:
        return self.mention_at[token.i]

    def entity(self, token: Token, types: tuple[str, ...] = ACTOR_TYPES) -> Entity | None:
        """The entity of the mention covering ``token``, if its type is among ``types``."""
        span = self.mention_at[token.i]
        if span is None or span.label_ not in types:
            return None
        if span.start not in self._entities:
            self._entities[span.start] = self._resolve(span)
        return self._entities[span.start]

    def _resolve(self, span: Span) -> Entity | None:
        if span.label_ == "NORP":
            # "Mexican officials": the nationality word stands for its country
            code = self.countries.of_nationality(span.text, plural=True)
            if code is None:
                return None  # "Latin American"
            country = self.countries.name(code)
            return Entity(country, entity_id("GPE", country), "GPE", span.start_char, span.end_char)
        if span.label_ not in ENTITY_TYPES:
            return None
        canonical = span._.canonical or span.text
        eid = span._.entity_id or entity_id(span.label_, canonical)
        return Entity(canonical, eid, span.label_, span.start_char, span.end_char)

    def in_entity(self, token: Token) -> bool:
        span = self.mention_at[token.i]
        return span is not None and span.label_ in ENTITY_TYPES

    def date_span(self, token: Token) -> Span | None:
        span = self.mention_at[token.i]
        return span if span is not None and span.label_ == "DATE" else None

    def figure_span(self, token: Token) -> Span | None:
        span = self.mention_at[token.i]
        return span if span is not None and span.label_ == "FIGURE" else None

    # -- noun phrases to entities ----------------------------------------
    def np_entities(self, head: Token, *, bodies_only: bool = False, titles: bool = False) -> list[Entity]:
        """The named actors a noun phrase stands for.

        ``Blinken, Mayorkas and Sherwood-Randall`` → three people;
        ``U.S. and Mexican officials`` / ``officials from the U.S. and Mexico`` → the countries;
        ``Mexico's National Immigration Institute`` → the institute and Mexico;
        ``he`` → the last person named before it; ``which`` → the noun it relates to.
        With ``titles``, the body in a person's title comes too: a spokesperson speaks for it
        (``White House spokeswoman Emily Horne`` → Emily Horne and the White House).
        """
        out: list[Entity] = []
        for token in [head, *conjuncts(head)]:
            for ent in self._np_entities_one(token, bodies_only, titles):
                if ent not in out:
                    out.append(ent)
        return out

    def _np_entities_one(self, head: Token, bodies_only: bool, titles: bool) -> list[Entity]:
        lower = head.lower_
        if head.tag_ in ("WDT", "WP") or (lower in RELATIVE_PRONOUNS and head.dep_ in SUBJECT_DEPS
                                          and head.head.dep_ == "relcl"):
            if head.head.dep_ == "relcl":
                return self.np_entities(head.head.head, titles=titles)
            return []
        group = head.pos_ in ("NOUN", "PROPN") and self.rules.has("group", head.lemma_.lower())
        if group and (found := self._modifier_entities(head)):  # "the government of Italy" names its own
            return found
        resolved = self.coreferent(head)
        if resolved is not None and (not bodies_only or resolved.type != "PERSON"):
            return [resolved]
        if lower in PERSON_PRONOUNS and not bodies_only:
            person = self.previous_person(head)
            return [person] if person else []
        ent = self.entity(head)
        if ent is not None:
            out = [ent]
            if ent.type == "PERSON" and titles:
                out += [e for e in self._modifier_entities(head) if e.type in ("AGENCY", "ORG") and e != ent]
            elif ent.type in ("AGENCY", "ORG"):
                # "Mexico's National Immigration Institute": the country whose body it is
                out += [e for c in head.children if c.dep_ == "poss" and c.i < head.i
                        and (e := self.entity(c, ("GPE",))) is not None]
            return out
        for child in head.children:
            # "Mr Conlon's father Giuseppe", "the envoy, Ricardo Zuniga": the name in apposition
            if child.dep_ == "appos" and head.pos_ == "NOUN" and (ent := self.entity(child)) is not None:
                return [ent]
        if group:  # a group noun naming none of its own (returned above if it did)
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
                return []
            if self.rules.has("government", head.lemma_.lower()):
                country = self.previous_country_subject(head)
                return [country] if country else []
            official = self.official_by_title(head)
            return [official] if official else []
        return []

    def coreferent(self, head: Token) -> Entity | None:
        """What a pronoun or description ("he", "the mayor") refers to, by news_coref's chains."""
        if not self.doc._.coref or self.mention_at[head.i] is not None:
            return None
        span = referent(self.doc, self.doc[head.i:head.i + 1])
        return None if span is None else self.entity(self.doc[span.start])

    def _modifier_entities(self, head: Token) -> list[Entity]:
        """Named actors among a noun's modifiers: compounds, nationality adjectives, possessors,
        and "from/of/including" phrases."""
        out: list[Entity] = []
        own = self.mention_at[head.i]
        for child in head.children:
            if own is not None and own.start <= child.i < own.end:
                continue
            if child.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and child.i < head.i:
                targets = [child, *conjuncts(child)]
                for tok in targets:
                    found = self._entity_in_modifier(tok)
                    out.extend(e for e in found if e not in out)
            elif child.dep_ == "prep" and child.lower_ in ("from", "of", "including"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for tok in [pobj, *conjuncts(pobj)]:
                        ent = self.entity(tok)
                        if ent is not None and ent not in out:
                            out.append(ent)
            elif child.dep_ == "acl" and child.lower_ == "including":
                for dobj in (c for c in child.children if c.dep_ in ("dobj", "pobj")):
                    for tok in [dobj, *conjuncts(dobj)]:
                        ent = self.entity(tok)
                        if ent is not None and ent not in out:
                            out.append(ent)
        return out

    def _entity_in_modifier(self, token: Token) -> list[Entity]:
        ent = self.entity(token)
        if ent is not None:
            return [ent]
        # a compound chain: "White House national security spokesperson" → look inside it
        out: list[Entity] = []
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.i < token.i:
                for e in self._entity_in_modifier(child):
                    if e not in out:
                        out.append(e)
        return out

    def official_by_title(self, head: Token) -> Entity | None:
        """"the secretary" when the article names exactly one official with that title
        (doc._.officials, from news_officials): the person's latest mention before it."""
        officials = getattr(self.doc._, "officials", None) or []
        word = head.lemma_.lower()
        names = {o.entity_id for o in officials if o.entity_id and title_head(o.title or "") == word}
        if len(names) != 1:
            return None
        (wanted,) = names
        before: list[Entity] = []
        after: list[Entity] = []
        for span in self.mentions:
            ent = self.entity(span[0]) if span.label_ == "PERSON" else None
            if ent is not None and ent.entity_id == wanted:
                (before if span.start < head.i else after).append(ent)
        return before[-1] if before else (after[0] if after else None)

    def _window_start(self, token: Token, sentences: int) -> int:
        """Token index where the ``sentences``-sentence window ending at ``token`` begins."""
        limit = sentence_of(self.doc, token.i).start
        for _ in range(sentences - 1):
            if limit > 0:
                limit = sentence_of(self.doc, limit - 1).start
        return limit

    def previous_person(self, token: Token, sentences: int = 2) -> Entity | None:
        """The last person named before ``token`` in its sentence or the one before: "he"."""
        for i in range(token.i - 1, self._window_start(token, sentences) - 1, -1):
            span = self.mention_at[i]
            if span is not None and span.label_ == "PERSON":
                return self.entity(self.doc[i])
        return None

    def previous_body_subject(self, token: Token, sentences: int = 2) -> Entity | None:
        """The company or government body that was last the subject of a clause before ``token``,
        in its sentence or the one before ("Ford reported ... Net income for 2004 was ...")."""
        return self._previous_subject(token, ("ORG", "AGENCY"), sentences)

    def previous_country_subject(self, token: Token, sentences: int = 2) -> Entity | None:
        """"the government" with no country named: the country that was last the subject of a
        clause in this sentence or the one before ("Mexico finds itself ... Last week, the
        government announced ...")."""
        return self._previous_subject(token, ("GPE",), sentences,
                                      lambda ent: self.countries.code(ent.canonical) is not None)

    def _previous_subject(self, token: Token, types: tuple[str, ...], sentences: int,
                          accept: Callable[[Entity], bool] = lambda ent: True) -> Entity | None:
        """The last entity of ``types`` (and ``accept``ed) that was the subject of a clause before
        ``token``, in its sentence or the ``sentences - 1`` before."""
        for i in range(token.i - 1, self._window_start(token, sentences) - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            ent = self.entity(tok, types)
            if ent is not None and accept(ent):
                return ent
        return None
