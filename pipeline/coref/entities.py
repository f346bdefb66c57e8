"""The document's entities as the resolver sees them: one key per entity, its type, gender and offices.

A pronoun agrees with an entity, not with one mention of it: the gender that
"Mr" fixes in one sentence holds for "Smith" in the next. Gender comes from
courtesy titles and gendered words written before a name ("Mr", "Congresswoman"),
from the given name (models/coref/given_names.tsv), and later from pronouns
resolved to the entity; the offices from doc._.officials and from titles written
before a name ("Sen. Kerr").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.annotations import MENTIONS
from pipeline.coref.tables import CorefTables
from pipeline.lexicon.titles import Titles, title_head

RESOLVABLE_TYPES = frozenset({"PERSON", "AGENCY", "ORG", "GPE", "NORP"})
STRONG, WEAK = 3, 1  # votes of a gendered word written with the name, and of a given name
TITLE_REACH = 3  # tokens before a name searched for a title ("Democratic Sen. Ann Kerr")


def entity_key(span: Span) -> str:
    """One key per entity: its cross-document id, else its type and canonical name."""
    return span._.entity_id or f"{span.label_}:{span._.canonical or span.text}"


@dataclass
class EntityInfo:
    key: str
    label: str
    first: Span  # the first mention: the chain's entity
    votes: Counter = field(default_factory=Counter)  # "m"/"f" → weight of the evidence
    titles: set[str] = field(default_factory=set)  # title heads: "senator", "president"

    @property
    def gender(self) -> str | None:
        m, f = self.votes["m"], self.votes["f"]
        if m == f:
            return None
        return "m" if m > f else "f"


class EntityIndex:
    """Mentions by token, and what the document says about each entity."""

    def __init__(self, doc: Doc, tables: CorefTables, titles: Titles | None) -> None:
        self.doc = doc
        self.mention_at: list[Span | None] = [None] * len(doc)
        self.info: dict[str, EntityInfo] = {}
        self.key_of: dict[tuple[int, int], str] = {}
        for span in doc.spans.get(MENTIONS, []):
            if span.label_ not in RESOLVABLE_TYPES:
                continue
            key = entity_key(span)
            self.key_of[(span.start, span.end)] = key
            for i in range(span.start, span.end):
                self.mention_at[i] = span
            info = self.info.get(key)
            if info is None:
                info = self.info[key] = EntityInfo(key, span.label_, span)
            if span.label_ == "PERSON":
                self._person_evidence(span, info, tables, titles)
        for official in doc._.officials or ():
            key = self._official_key(official.span, official.entity_id)
            if key is None:
                continue
            info = self.info[key]
            info.titles.update(_heads(official.title, titles))
            gender = _gendered(official.title, tables)
            if gender:
                info.votes[gender] += STRONG

    def key(self, span: Span) -> str:
        return self.key_of[(span.start, span.end)]

    def _person_evidence(self, span: Span, info: EntityInfo, tables: CorefTables, titles: Titles | None) -> None:
        doc = self.doc
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        first = doc[span.start].lower_
        for word in (before, first):
            if word in tables.gender_words:
                info.votes[tables.gender_words[word]] += STRONG
        names = (span._.canonical or span.text).split()
        if len(names) >= 2:
            given = names[0].lower()
            if given in tables.given_names:
                info.votes[tables.given_names[given]] += WEAK
        # "MSNBC host Joe Hale", "Joe Hale, the host,": a person-describing head written with the name
        described = [doc[span.start - 1]] if span.start > 0 else []
        described += [c for c in span.root.children if c.dep_ == "appos"]
        for tok in described:
            desc = tables.descriptions.get(tok.lower_)
            if desc is not None and desc.kind in ("title", "role"):
                info.titles.add(desc.head)
        if titles is not None:
            # "Sen. Ann Kerr", "Health Minister Raj Patel": titles written before the name
            start = span.start
            for n in range(1, TITLE_REACH + 1):
                if start - n < 0 or doc[start - n].is_punct and doc[start - n].text not in (".",):
                    break
                phrase = doc[start - n:start].text.lower()
                entry = titles.by_title.get(phrase)
                if entry is not None:
                    info.titles.update({title_head(entry.title), title_head(entry.role)})

    def _official_key(self, span: Span, entity_id: str | None) -> str | None:
        """The person an official record is about: a PERSON mention inside its span, else by id."""
        for i in range(span.end - 1, span.start - 1, -1):
            mention = self.mention_at[i]
            if mention is not None and mention.label_ == "PERSON":
                return self.key(mention)
        if entity_id is not None and entity_id in self.info:
            return entity_id
        return None


def _heads(title: str, titles: Titles | None) -> set[str]:
    """The head words a title is referred to by: "Secretary of State" → secretary; "Sen." → senator."""
    heads = {title_head(title)}
    if titles is not None:
        entry = titles.by_title.get(title.lower())
        if entry is not None:
            heads.add(title_head(entry.role))
    return {h for h in heads if h}


def _gendered(title: str, tables: CorefTables) -> str | None:
    for word in title.lower().split():
        if word in tables.gender_words:
            return tables.gender_words[word]
    return None
