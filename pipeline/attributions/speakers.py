"""Who a source is (a :class:`Speaker`) and when the cue's clause happened (an :class:`EventDate`).

A source names its speaker when a PERSON, AGENCY, ORG or GPE mention lies inside it (the one on
its head word first: "a spokesman for the Clinton campaign" is the campaign's only when nothing
better is there); a pronoun or description goes through ``doc._.coref``; "who" is the noun its
relative clause modifies.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MENTIONS, EventDate, Speaker, Timex, referent
from pipeline.events.syntax import clause_head

SPEAKER_TYPES = ("PERSON", "AGENCY", "ORG", "GPE")


class Mentions:
    """The document's mentions by token, for lookups in constant time."""

    def __init__(self, doc: Doc) -> None:
        self.at: dict[int, Span] = {}
        for span in doc.spans.get(MENTIONS, []):
            for i in range(span.start, span.end):
                self.at[i] = span

    def speaker_in(self, doc: Doc, start: int, end: int) -> Span | None:
        """The speaker mention inside tokens [start, end): the one on the span's root first, else the
        first person ("Tory co-chairman Liam Fox"), else the first body."""
        root = doc[start:end].root
        for head in [root, *(c for c in root.children if c.dep_ == "appos" and c.i < end)]:
            # "one of Mr Bakrie's deputies, Mahendra Siregar,": the apposition names the one
            found = self.at.get(head.i)
            if found is not None and found.label_ in SPEAKER_TYPES:
                return found
        inside = [span for i in range(start, end) if (span := self.at.get(i)) is not None and span.label_ in SPEAKER_TYPES]
        people = [span for span in inside if span.label_ == "PERSON"]
        return (people or inside or [None])[0]

    def date_of(self, verb: Token | None) -> EventDate | None:
        """The DATE mention hanging off the clause's verb ("said on Monday"), as an EventDate."""
        if verb is None:
            return None
        for tok in verb.subtree:
            span = self.at.get(tok.i)
            if span is None or span.label_ != "DATE" or tok.i != span.root.i:
                continue
            clause = _clause_verb(tok)
            if clause is not None and clause.i == verb.i:
                timex = span._.timex or Timex()
                return EventDate(timex.timex_value, timex.date_start, timex.date_end, span)
        return None


def _clause_verb(tok: Token) -> Token | None:
    head = clause_head(tok.head)
    return head if head.pos_ in ("VERB", "AUX") else None


HYPHENS = ("-", "‑", "–")


def _hyphen_end(doc: Doc, source: Span) -> int:
    """Where a subject the parser cut at a hyphen really ends: "Tory co-chairman Liam Fox said" is
    parsed with "Tory co" as the subject; the name runs on to the verb."""
    end = source.end
    if end >= len(doc) or doc[end].text not in HYPHENS or doc[end].whitespace_:
        return end
    while end < len(doc) and doc[end].pos_ not in ("VERB", "AUX") and (
            not doc[end].is_punct or doc[end].text in HYPHENS):
        end += 1
    return end


def speaker_of(doc: Doc, source: Span | None, mentions: Mentions) -> Speaker | None:
    if source is None:
        return None
    mention = mentions.speaker_in(doc, source.start, _hyphen_end(doc, source))
    if mention is None:
        mention = referent(doc, source)
    if mention is None and len(source) == 1 and source[0].tag_ in ("WP", "WDT") and source[0].head.dep_ == "relcl":
        noun = source[0].head.head
        mention = mentions.speaker_in(doc, noun.left_edge.i, noun.i + 1) or referent(doc, doc[noun.i:noun.i + 1])
    if mention is None:
        return None
    return Speaker(canonical=mention._.canonical or mention.text, entity_id=mention._.entity_id, mention=mention)
