"""Words that look like dates and are not: titles of programmes and newspapers, idioms.

"Radio 4's Today programme", "the Mail on Sunday", "ITV1's This Morning" are
names; "saved the day", "at the end of the day" are idioms. Their time words
name no time, so no date span may fall inside them. The phrases are data
(``models/dates/not_dates.jsonl``); one rule needs no list: a deictic word
written with a capital inside a sentence of ordinary case ("told Today that")
is a title.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.resources import check_keys

KINDS = ("name", "idiom", "property")
RECORD_KEYS = {"phrase", "kind", "context", "example"}
# deictic words that, capitalised inside a sentence, are a title ("told Today", "on Tonight")
CAPITAL_DEICTICS = frozenset({"Today", "Tonight", "Tomorrow", "Yesterday"})
# a sentence with at least this share of capitalised words is a headline in title case
TITLE_CASE_SHARE = 0.6


@dataclass(frozen=True)
class NotDate:
    phrase: str
    kind: str
    context: frozenset[str]     # a name only counts before one of these words ("Today programme"), if any
    example: str


def load_not_dates(records: Iterable[dict[str, Any]], where: str) -> tuple[NotDate, ...]:
    out = []
    for i, record in enumerate(records, 1):
        check_keys(record, RECORD_KEYS, {"phrase", "kind", "example"}, f"{where}:{i}")
        if record["kind"] not in KINDS:
            raise ValueError(f"{where}:{i}: kind must be one of {KINDS}")
        out.append(NotDate(record["phrase"], record["kind"], frozenset(w.lower() for w in record.get("context", ())),
                           record["example"]))
    return tuple(out)


class NotDates:
    """Finds the tokens of a document that no date span may cover."""

    def __init__(self, nlp: Language, entries: tuple[NotDate, ...]) -> None:
        self.entries = entries
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.idioms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.context: dict[str, frozenset[str]] = {}
        for n, entry in enumerate(entries):
            if entry.kind == "property":
                continue
            key = f"{entry.kind}:{n}"
            matcher = self.names if entry.kind == "name" else self.idioms
            matcher.add(key, [nlp.make_doc(entry.phrase)])
            self.context[key] = entry.context
        # frequency words that name a kind of thing before a noun ("the annual report")
        self.properties = frozenset(e.phrase.lower() for e in entries if e.kind == "property")

    def blocked(self, doc: Doc) -> set[int]:
        out: set[int] = set()
        for matcher in (self.names, self.idioms):
            for match_id, start, end in matcher(doc):
                context = self.context[doc.vocab.strings[match_id]]
                if context and (end >= len(doc) or doc[end].lower_ not in context):
                    continue
                out.update(range(start, end))
        for token in doc:
            if token.text in CAPITAL_DEICTICS and not token.is_sent_start and _ordinary_case(token, doc):
                previous = doc[token.i - 1]
                if not (previous.is_punct and previous.text not in (",", "'s", "’s")):
                    out.add(token.i)
        return out


def _ordinary_case(token, doc: Doc) -> bool:
    """The token's sentence is not a headline in title case ("Oil Prices Rise Today")."""
    sent: Span = token.sent if doc.has_annotation("SENT_START") else doc[:]
    words = [t for t in sent if t.is_alpha]
    capitals = sum(1 for t in words if t.text[:1].isupper())
    return not words or capitals / len(words) < TITLE_CASE_SHARE
