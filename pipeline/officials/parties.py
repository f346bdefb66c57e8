"""Political parties as officials read them: a party word before a title or a name.

A party named before a title ("Tory education secretary", "Vermont Democratic
governor") says which country the role serves, and for a party office
("Tory co-chairman", "Labour leader") which organisation it belongs to, but it
is no part of the title. A party before a name ("Labour's Yvette Cooper",
"Liberal Democrat Sarah Teather") says which country the person serves.

Both sources come through the lexicon's one view of parties
(:class:`pipeline.lexicon.parties.Parties`): ``parties.tsv`` (names as written,
with the one country they name) and the gazetteer's parties, which give the
party's canonical name.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.ids import entity_id
from pipeline.lexicon.bodies import Entry
from pipeline.lexicon.parties import Parties
from pipeline.officials.mentions import Mention

PARTY_LABELS = ("ORG", "NORP")


@dataclass(frozen=True)
class Party:
    start: int  # tokens [start, end)
    end: int
    country: str | None
    name: str | None  # canonical name of the party, where known
    entity_id: str | None


class PartyIndex:
    """Party names by written form: the lexicon's party words and its listed parties."""

    def __init__(self, parties: Parties) -> None:
        self.table = parties.words  # written form (case-sensitive) → country
        self.entries = parties.by_form  # written form → listed party
        # a party word → the one listed party of its country it names ("Tory" → "Tory Party")
        self.short: dict[str, Entry] = {w: e for w in sorted(self.table) if (e := parties.party_of(w)) is not None}
        self.max_words = max((len(f.split()) for f in (*self.table, *self.entries)), default=1)
        self.first_words = frozenset(f.split()[0] for f in (*self.table, *self.entries))
        self.last_words = frozenset(f.split()[-1] for f in (*self.table, *self.entries))

    def _named(self, form: str, start: int, end: int, mention: Mention | None = None) -> Party | None:
        entry = self.entries.get(form) or self.short.get(form)
        country = self.table.get(form) or (entry.country if entry is not None else None)
        if entry is None and form not in self.table:
            return None
        if mention is not None and mention.label == "ORG" and (entry is None or mention.canonical in entry.forms):
            return Party(start, end, country, mention.canonical, mention.entity_id)
        if entry is not None:  # the gazetteer's name for a short form ("Tory" → "Conservative Party")
            return Party(start, end, country, entry.name, entity_id("ORG", entry.name))
        return Party(start, end, country, None, None)

    def ending_at(self, doc: Doc, end: int, tok_mention: list[Mention | None]) -> Party | None:
        """The party whose name ends right before token ``end`` ("Labour" in "Labour's Yvette Cooper")."""
        if end < 1:
            return None
        last = tok_mention[end - 1]
        if doc[end - 1].text not in self.last_words and (last is None or last.label not in PARTY_LABELS):
            return None
        for k in range(max(0, end - self.max_words), end):
            party = self.at(doc, k, tok_mention, end)
            if party is not None and party.end == end:
                return party
        return None

    def at(self, doc: Doc, k: int, tok_mention: list[Mention | None], end_limit: int | None = None) -> Party | None:
        """The party named from token ``k`` on (ending before ``end_limit``), or None."""
        limit = len(doc) if end_limit is None else end_limit
        mention = tok_mention[k]
        if mention is not None and mention.start == k and mention.end <= limit and mention.label in PARTY_LABELS:
            for form in (mention.text, mention.canonical):
                found = self._named(form, mention.start, mention.end, mention)
                if found is not None:
                    return found
            if mention.label == "ORG" and mention.canonical.endswith(" Party"):
                return Party(mention.start, mention.end, None, mention.canonical, mention.entity_id)
        if doc[k].text not in self.first_words:
            return None
        for n in range(min(self.max_words, limit - k), 0, -1):
            words = doc[k:k + n]
            if any(tok_mention[i] is not None and tok_mention[i].label not in PARTY_LABELS for i in range(k, k + n)):
                continue  # a place or a person: "Georgia Democrat" is no party name
            form = " ".join(t.text for t in words)
            if form not in self.table and form not in self.entries:
                continue
            if n == 1 and k > 0:
                prev = doc[k - 1]
                if prev.text[:1].isupper() and prev.is_alpha and not prev.is_sent_start and tok_mention[k - 1] is None:
                    continue  # part of a longer name: "Christian Democrat", "Social Democrat"
            found = self._named(form, k, k + n)
            if found is not None:
                return found
        return None
