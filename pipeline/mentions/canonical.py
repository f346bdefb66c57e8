"""Canonical names within one document.

People: every mention of a person points to the fullest form of the name in
the document ("Blinken", "Mr. Blinken", "Antony J. Blinken" → "Antony
Blinken"; accents folded when comparing, kept from the accented variant); a
bare surname shared by two people is left alone. Bodies: the gazetteer's
name, or the long form an acronym was defined with in the text. Countries:
the lexicon's one name per country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.annotations import MENTIONS
from pipeline.ids import entity_id, fold
from pipeline.lexicon import Lexicon

INITIAL = re.compile(r"^[A-Z]\.?$")
POSSESSIVE_TAIL = re.compile(r"[’']s?$")


@dataclass
class EntityMention:
    """What canonicalisation needs of a mention: its type, text, gazetteer name and position."""

    type: str
    text: str
    start: int
    gazetteer_name: str | None = None
    owner: str | None = None  # alpha-2 of the country the text gives an unlisted body ("Japan's Foreign Ministry")
    canonical: str | None = None
    country: str | None = None  # the owner carried to every mention of the same body in the document


class Canonicaliser:
    """Canonical names for one document's mentions, from the lexicon's countries, honorifics and people."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.countries = lexicon.countries
        honorifics = lexicon.words("honorific", "name_title")
        # compared after folding, dotted or not: "Mr." and "Mr" alike
        self.honorifics = frozenset(honorifics | {w.rstrip(".") for w in honorifics})
        self.known_surnames = lexicon.people.unique_surnames
        self.possessives = lexicon.words("clitic")

    def person_words(self, name: str) -> list[str]:
        """Name words without honorifics, initials or a possessive tail."""
        words = [POSSESSIVE_TAIL.sub("", w) for w in name.replace("\u00a0", " ").split()]
        return [w for w in words if w and fold(w) not in self.honorifics and not INITIAL.match(w)]


    def canonical_people(self, names: list[str]) -> dict[str, str]:
        """Map each written person name to its canonical form within the document."""
        forms = sorted(set(names), key=lambda n: (-len(self.person_words(n)), n))
        full = [n for n in forms if len(self.person_words(n)) >= 2]
        # Group full names: one is the other's prefix or suffix (after folding),
        # sharing at least two words ("Roberto Velasco" ⊂ "Roberto Velasco Álvarez").
        groups: list[list[list[str]]] = []
        for name in full:
            words = [fold(w) for w in self.person_words(name)]
            for group in groups:
                head = group[0]
                if _contains_edge(head, words) and len(words) >= 2:
                    group.append(words)
                    break
            else:
                groups.append([words])
        best: dict[tuple[str, ...], str] = {}
        for name in full:
            key = tuple(fold(w) for w in self.person_words(name))
            for group in groups:
                if list(key) in group:
                    gkey = tuple(group[0])
                    current = best.get(gkey)
                    clean = " ".join(self.person_words(name))
                    if current is None or _better(clean, current):
                        best[gkey] = clean
        mapping: dict[str, str] = {}
        for name in forms:
            words = [fold(w) for w in self.person_words(name)]
            if not words:
                mapping[name] = name
                continue
            owners = sorted({tuple(g[0]) for g in groups if any(_contains_edge(member, words) for member in g)})
            if len(owners) == 1:
                mapping[name] = best[owners[0]]
            else:
                mapping[name] = " ".join(self.person_words(name)) or name
        return mapping

    def canonicalise(self, mentions: list[EntityMention]) -> None:
        """Set ``canonical`` on every entity mention of one document (in place).

        The lexicon's well-known people complete a bare surname that the
        document itself never writes in full.
        """
        people = self.canonical_people([m.text for m in mentions if m.type == "PERSON"])
        for written, canonical in list(people.items()):
            if " " not in canonical and canonical in self.known_surnames:
                people[written] = self.known_surnames[canonical]
        bodies: list[str] = []
        for m in sorted(mentions, key=lambda m: m.start):
            if m.type == "PERSON":
                m.canonical = people.get(m.text, m.text)
            elif m.type == "GPE":
                code = self.countries.code(m.text)
                m.canonical = self.countries.name(code) if code else m.text
            elif m.type in ("AGENCY", "ORG", "LOC"):
                if m.gazetteer_name:
                    m.canonical = m.gazetteer_name
                else:
                    m.canonical = _earlier_body(m.text, bodies) or m.text
                if m.type == "AGENCY":
                    bodies.append(m.canonical)
            else:
                m.canonical = m.text
        self._nearest_namesake(mentions)
        _spread_owners(mentions)

    def _nearest_namesake(self, mentions: list[EntityMention]) -> None:
        """A bare surname shared by two people of the document ("Clinton" beside "Hillary Clinton" and
        "Bill Clinton") is the one named last before it, as a reader takes it; failing that, the next one."""
        people = sorted((m for m in mentions if m.type == "PERSON" and m.canonical), key=lambda m: m.start)
        full = [(m.start, m.canonical, [fold(w) for w in m.canonical.split()]) for m in people
                if len(m.canonical.split()) >= 2]
        for m in people:
            words = [fold(w) for w in self.person_words(m.canonical or "")]
            if len(words) != 1:
                continue
            namesakes = [(start, name) for start, name, full_words in full if full_words[-1] == words[0]]
            if len({name for _, name in namesakes}) < 2:
                continue
            before = [name for start, name in namesakes if start < m.start]
            m.canonical = before[-1] if before else namesakes[0][1]


def _accent_score(name: str) -> int:
    return sum(1 for ch in name if ord(ch) > 127)


def _better(candidate: str, current: str) -> bool:
    """Prefer more words, then accented spellings (journalists drop accents, not add them)."""
    return (len(candidate.split()), _accent_score(candidate)) > (len(current.split()), _accent_score(current))


def _contains_edge(longer: list[str], shorter: list[str]) -> bool:
    if len(shorter) > len(longer):
        return False
    n = len(shorter)
    return longer[:n] == shorter or longer[-n:] == shorter


def _earlier_body(text: str, bodies: list[str]) -> str | None:
    """``National Guard`` after ``Mexican National Guard``: a shortened name of a body named before."""
    matches = sorted({b for b in bodies if b != text and b.endswith(" " + text)})
    return matches[0] if len(matches) == 1 else None


def unify_people(canonicaliser: Canonicaliser, docs: list[Doc]) -> None:
    """One canonical name per person across the pieces of a long article ("Blinken" in piece two is the
    "Antony Blinken" of piece one), carried into the officials and event participants that name them."""
    people = [s for doc in docs for s in doc.spans.get(MENTIONS, []) if s.label_ == "PERSON"]
    mapping = canonicaliser.canonical_people([s._.canonical or s.text for s in people])
    renamed: dict[str, tuple[str, str]] = {}
    for span in people:
        canonical = mapping.get(span._.canonical or span.text, span._.canonical)
        new_id = entity_id("PERSON", canonical)
        if span._.entity_id and span._.entity_id != new_id:
            renamed[span._.entity_id] = (canonical, new_id)
        span._.canonical, span._.entity_id = canonical, new_id
    for doc in docs:
        for official in doc._.officials or []:
            if official.entity_id in renamed:
                official.name, official.entity_id = renamed[official.entity_id]
        for event in doc._.events or []:
            for p in event.participants:
                if p.entity_id in renamed:
                    p.canonical, p.entity_id = renamed[p.entity_id]


def _spread_owners(mentions: list[EntityMention]) -> None:
    """An unlisted body that the text gives a country ("Japan's Ministry of Foreign Affairs") is that
    country's body, and so are its mentions without an owner, unless the document gives the name two
    countries (then they stay without one)."""
    owners: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "AGENCY" and not m.gazetteer_name and m.owner and m.canonical:
            owners.setdefault(m.canonical, set()).add(m.owner)
    for m in mentions:
        found = owners.get(m.canonical or "", set()) if m.type == "AGENCY" and not m.gazetteer_name else set()
        m.country = m.owner if m.owner and found else next(iter(found)) if len(found) == 1 else None
