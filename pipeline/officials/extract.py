"""From a parsed document to officials: match titles, grow phrases, link people, fill in.

The steps, each in its own module: titles are found with a PhraseMatcher over
the lexicon's titles (and their plurals), grown into phrases
(:mod:`pipeline.officials.phrases`), linked to a person
(:mod:`pipeline.officials.links`), and turned into statements here: body and
country are taken from the phrase (nationality, place, party, owner), then the
body (named, led, or a "Committee" named before), then the title itself, then
the same person's other roles in the document, the party the text ties the
person to, and the table of well-known office-holders. A counterpart takes the
country written with it and its owner's portfolio. One statement is kept per
person and title; what reaches the document is its
:class:`pipeline.annotations.Official`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.annotations import Official, boilerplate_tokens
from pipeline.ids import entity_id, fold
from pipeline.lexicon.countries import country_of_region
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.titles import TITLE_STOP, TitleEntry
from pipeline.officials.bodies import Body
from pipeline.officials.links import Link, Linker
from pipeline.officials.mentions import (
    Mention,
    document_mentions,
    person_id,
    token_index,
)
from pipeline.officials.phrases import HYPHENS, PhraseBuilder, TitlePhrase, match_head
from pipeline.officials.tables import Tables

NOUNS = ("NOUN", "PROPN")
# categories whose titles also name posts in companies and clubs; owned by a non-government ORG they are no office
CORPORATE_CATEGORIES = frozenset({"administrative", "executive"})
INITIAL_TOKEN = re.compile(r"^[A-Z]\.$")
# roles held relative to another person: the role is the owner's, the country the counterpart's own
RELATIONAL_ROLES = frozenset({"counterpart"})
# categories whose titles, with a party before them, name an office of that party ("Tory co-chairman")
PARTY_OFFICES = frozenset({"party", "administrative"})
NOMINAL_DEPS = ("pobj", "appos", "attr", "nsubj", "nsubjpass", "dobj", "conj", "oprd", "ROOT")


@dataclass
class Statement:
    """One person holding one role, as the text states it, with the working data the document-level
    steps read (the normalised role, the title's entry, the portfolio and owner the phrase named)."""

    span: Span  # the title phrase and the person together: the official's offsets
    entity_id: str | None
    name: str
    title: str
    role: str
    org: str | None
    org_entity_id: str | None
    country: str | None
    former: bool
    entry: TitleEntry
    portfolio: str | None
    stated_country: bool  # the phrase itself names the country
    possessor: str | None  # a person owning the role ("Biden's chief of staff")
    relation_of: str | None = None  # person key of whom this is the counterpart ("his Japanese counterpart")

    @property
    def official(self) -> Official:
        return Official(self.span, self.entity_id, self.name, self.title, self.org, self.org_entity_id, self.country,
                        self.former)


def title_patterns_texts(title: str) -> list[str]:
    """The casings a title is tokenised in: tokenizer exceptions ("Sen.", "Gov.") are case-sensitive."""
    capitalised = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    return sorted({title, capitalised, title.upper()})


class OfficialsExtractor:
    """Everything built once per pipeline: the tables and the title matcher."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], tables: Tables) -> None:
        self.tables = tables
        self.entries = tables.entries
        self.modifiers = tables.modifiers
        self.bodies = tables.bodies
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for title in sorted(self.entries) + sorted(tables.non_offices):
            self.matcher.add(title, [make_doc(text) for text in title_patterns_texts(title)])
        # plural forms ("Senators X and Y", "one of Mr Bakrie's deputies, X") → the singular title
        self.plurals: dict[str, str] = {}
        for title in sorted(self.entries):
            plural = plural_title(title)
            if plural is None or plural in self.entries or plural in tables.non_offices or plural in self.plurals:
                continue
            self.plurals[plural] = title
            self.matcher.add(plural, [make_doc(text) for text in title_patterns_texts(plural)])

    def __call__(self, doc: Doc) -> list[Statement]:
        mentions = document_mentions(doc, self.tables.government_words)
        tok_mention = token_index(mentions, len(doc))
        phrases = self._phrases(doc, tok_mention)
        linker = Linker(doc, tok_mention, phrases, self.tables.honorifics, self.tables.words)
        links: dict[int, Link] = {}
        for index, phrase in enumerate(phrases):
            if (phrase.owner_org is not None or phrase.company) and phrase.org is None \
                    and phrase.entry.category in CORPORATE_CATEGORIES:
                continue  # "CBI director general", "Chelsea chairman": not a public office
            found = linker.link(phrase)
            if phrase.entry.anchored and _bare(phrase) and (found is None or found.agent is None):
                continue  # "Director Martin Scorsese": nothing says which office ("chaired by Chairman X" does)
            if found is not None:
                links[index] = found
        linker.propagate(links)
        leaders = frozenset(m.entity_id or m.canonical for m in mentions
                            if m.label == "PERSON" and leader_country(self.tables.people, m.canonical, self.tables.words["name_suffixes"]))
        linker.anaphors(links, leaders)
        bodies = [m for m in mentions if m.label in ("AGENCY", "ORG")]
        statements = {i: self._statement(doc, phrases[i], links[i], tok_mention, bodies) for i in sorted(links)}
        for i, statement in list(statements.items()):
            if statement.entry.role in RELATIONAL_ROLES:
                if not self._relate(statement, phrases[i], linker):
                    del statements[i]
        shared = [self._statement(doc, phrases[i], Link(other, link.kind, link.former, link.agent), tok_mention, bodies)
                  for i, link in sorted(links.items()) for other in link.others]
        for i, link in links.items():
            # coordinated titles of one person share the body one of them states
            base = statements.get(link.via) if link.via is not None else None
            if base is None:
                continue
            for a, b in ((statements[i], base), (base, statements[i])):
                if a.org is None and b.org is not None:
                    a.org, a.org_entity_id = b.org, b.org_entity_id
                    a.country = a.country or b.country
        found = list(statements.values()) + shared
        for statement in found:
            if statement.relation_of is None:
                continue
            # the counterpart holds the portfolio its owner holds, in the counterpart's own country
            owner = next((s for s in found if s.relation_of is None and _person_key(s) == statement.relation_of), None)
            portfolio = (owner.portfolio or owner.entry.portfolio) if owner is not None else None
            if portfolio is None:
                continue
            statement.portfolio = portfolio
            body = self.bodies.portfolio_body(portfolio, statement.country) if statement.org is None else None
            if body is not None:
                statement.org, statement.org_entity_id = body.name, body.entity_id
        return finish(found, self.tables, affiliations(doc, tok_mention, self.tables))

    def _relate(self, statement: Statement, phrase: TitlePhrase, linker: Linker) -> bool:
        """A counterpart ("his Japanese counterpart, Minoru Kihara") is the office-holder of another country who
        matches the owner: the written country is its own, never the owner's; without one it says nothing."""
        owner = phrase.possessor
        if owner is None:
            determiner = statement.span.doc[phrase.np_start]
            owner = linker.pronouns.resolve(determiner)
        statement.possessor = None
        statement.relation_of = (owner.entity_id or owner.canonical) if owner is not None else None
        return statement.stated_country and statement.country is not None

    # -- phrases -----------------------------------------------------------------------------------
    def _matches(self, doc: Doc, tok_mention: list[Mention | None]) -> list[tuple[int, int, TitleEntry, Mention | None, bool]]:
        blocked = boilerplate_tokens(doc)
        found = sorted(
            ((start, end, doc.vocab.strings[key]) for key, start, end in self.matcher(doc)),
            key=lambda m: (-(m[1] - m[0]), m[0], m[2]),
        )
        used: set[int] = set()
        chosen = []
        for start, end, title in found:
            if any(i in used or i in blocked for i in range(start, end)):
                continue
            if title in self.tables.non_offices:
                used.update(range(start, end))  # "Chief Executive" is no "Chief"
                continue
            plural = title in self.plurals
            entry = self.entries[self.plurals[title]] if plural else self.entries[title]
            ok, inside = (True, None) if plural else self._acceptable(doc, start, end, tok_mention)
            if plural and not self._plural_acceptable(doc, start, end, tok_mention):
                ok = False
            if not ok:
                continue
            used.update(range(start, end))
            chosen.append((start, end, entry, inside, plural))
        return sorted(chosen, key=lambda m: m[0])

    def _plural_acceptable(self, doc: Doc, start: int, end: int, tok_mention: list[Mention | None]) -> bool:
        """A plural title is one when no entity runs across it and its head is a noun."""
        for i in range(start, end):
            mention = tok_mention[i]
            if mention is not None and (mention.start < start or mention.end > end):
                return False
        return doc[match_head(doc, start, end, self.tables.words["complement_preps"])].pos_ in NOUNS

    def _acceptable(self, doc: Doc, start: int, end: int, tok_mention: list[Mention | None]) -> tuple[bool, Mention | None]:
        """Whether a title match is a title here, and the person it opens when a name ran over it.

        A title inside a body's or a person's name ("Office of the President", "John Major") is none.
        The recogniser often runs a title into the name after it ("Constable David Okafor" as PERSON,
        "Monarch Rosa Delgado" as ORG) or tags title words alone ("Pro Tempore" as PERSON): the
        name then starts after the title.
        """
        inside: Mention | None = None
        following = tok_mention[end] if end < len(doc) else None
        followed_by_person = following is not None and following.label == "PERSON" and following.start == end
        seen: set[int] = set()
        for i in range(start, end):
            mention = tok_mention[i]
            if mention is None or id(mention) in seen:
                continue
            seen.add(id(mention))
            if mention.start >= start and mention.end <= end:
                continue  # title words tagged as an entity of their own
            if mention.start < start and mention.end > end:
                return False, None
            if mention.start >= start:  # runs on past the title: is the rest a name?
                if mention.start == start and mention.label in ("ORG", "AGENCY") and end < mention.end \
                        and (doc[end].lower_ in ("for", "of") or doc[end].text == ","):
                    continue  # "Minister for Trade, Investment and Tourism" tagged as a body: the title's own words
                if mention.label in ("PERSON", "ORG", "FAC", "AGENCY", "GPE") and _name_like(doc, end, mention.end, 1 if mention.label == "PERSON" else 2):
                    inside = Mention(end, mention.end, "PERSON", doc[end:mention.end].text,
                                     mention.canonical if mention.label == "PERSON" and mention.canonical != mention.text
                                     else doc[end:mention.end].text, None)
                    continue
                return False, None
            # starts before the title and ends inside it: a body's name, unless a name follows
            # ("Mexico Foreign Affairs" tagged ORG in "Mexico Foreign Affairs Secretary Marcelo Ebrard")
            if not followed_by_person:
                return False, None
        head = doc[match_head(doc, start, end, self.tables.words["complement_preps"])]
        if inside is None and following is None:
            inside = _untagged_name(doc, end, tok_mention, self.tables.name_particles,
                                    self.tables.words["name_suffixes"])
        elif inside is None and following is not None and following.start == end and following.label in ("ORG", "FAC", "GPE") \
                and _name_like(doc, following.start, following.end):
            inside = Mention(end, following.end, "PERSON", following.text, following.text, None)  # "MEP Julia Novak" as ORG
        if head.pos_ not in NOUNS and head.dep_ not in NOMINAL_DEPS and not followed_by_person and inside is None:
            return False, None
        if head.dep_ in ("compound", "amod", "nmod") and head.head.i >= end and inside is None and not followed_by_person:
            governor = tok_mention[head.head.i]
            if doc[head.head.i].pos_ in NOUNS and (governor is None or governor.label != "PERSON"):
                return False, None  # "head coach", "general manager": the title word modifies another noun
        return True, inside

    def _phrases(self, doc: Doc, tok_mention: list[Mention | None]) -> list[TitlePhrase]:
        builder = PhraseBuilder(doc, tok_mention, self.tables)
        phrases: list[TitlePhrase] = []
        for start, end, entry, inside, plural in self._matches(doc, tok_mention):
            head = match_head(doc, start, end, self.tables.words["complement_preps"])
            phrase = TitlePhrase(entry, start, end, head, start, end, start, plural=plural)
            if inside is not None:
                if inside.entity_id is None:
                    inside = Mention(inside.start, inside.end, "PERSON", inside.text, inside.canonical,
                                     person_id(inside.canonical))
                phrase.person_inside = inside
            following = tok_mention[end] if end < len(doc) else None
            limit = following.end if following is not None and following.label == "PERSON" and following.start == end else end
            builder.grow_left(phrase, limit)
            if phrase.org is None:
                # a body named inside the title or run into it: "White House press secretary", "U.N. High Commissioner"
                phrase.org = next((m for i in range(start, end) if (m := tok_mention[i]) is not None and m.label == "AGENCY"), None)
            phrases.append(phrase)
        taken: set[int] = set()
        for phrase in phrases:
            following = tok_mention[phrase.match_end] if phrase.match_end < len(doc) else None
            if following is not None and following.label == "PERSON" and following.start == phrase.match_end:
                taken.update(range(phrase.np_start, phrase.match_end))
        starts = {p.np_start for p in phrases} | {p.match_start for p in phrases}
        for phrase in phrases:
            own = set(range(phrase.np_start, phrase.match_end))
            builder.grow_right(phrase, taken - own, starts - own)
        return phrases

    # -- statements --------------------------------------------------------------------------------
    def _statement(self, doc: Doc, phrase: TitlePhrase, link: Link, tok_mention: list[Mention | None],
                   bodies: list[Mention]) -> Statement:
        """One statement from a linked phrase; ``bodies`` are the document's named bodies, in order."""
        entry = phrase.entry
        person = link.person
        body: Body | None = None
        if phrase.org is not None:
            body = self.bodies.body(phrase.org.canonical, phrase.org.entity_id)
        elif link.agent is not None:
            body = self.bodies.body(link.agent.canonical, link.agent.entity_id)
        elif phrase.party is not None and phrase.party.name and entry.category in PARTY_OFFICES \
                and phrase.party.country in (None, phrase.country):
            # "Tory co-chairman", "Labour leader": an office of the party
            party = phrase.party
            body = Body(party.name, party.entity_id or entity_id("ORG", party.name), party.country)
        if body is None:
            named = self._named_before(doc, phrase, bodies)
            body = self.bodies.body(named.canonical, named.entity_id) if named is not None else None
        country = phrase.country or (body.country if body is not None else None) or _party_state_tag(doc, person.end) \
            or self._place_after(doc, person.end, tok_mention)
        if country is None and entry.country and phrase.end == phrase.match_end:
            country = entry.country
        if body is None and not (phrase.regional and entry.category != "legislative"):
            body = self._implied_body(phrase, country)  # not for "New York Attorney General": a state office
        start_tok = phrase.np_start
        while start_tok < phrase.start and (doc[start_tok].lower_ in self.tables.articles or doc[start_tok].is_punct
                                            or self.modifiers.get(doc[start_tok].lower_) == "status"):
            start_tok += 1  # the span states the role: "Earlier chief constable Green" starts at "chief"
        title = doc[phrase.start:phrase.end].text
        if phrase.plural:
            title = singular_title(title, title_head_word(entry.title))  # "Senators X and Y": each a "Senator"
        return Statement(
            span=doc[min(start_tok, person.start):max(phrase.end, person.end)],
            entity_id=person.entity_id,
            name=person.canonical,
            title=title,
            role=role_of(entry, phrase.rank),
            org=body.name if body is not None else None,
            org_entity_id=body.entity_id if body is not None else None,
            country=country,
            former=bool(phrase.former or link.former),
            entry=entry,
            portfolio=phrase.portfolio,
            stated_country=phrase.country is not None,
            possessor=phrase.possessor.canonical if phrase.possessor is not None else None,
        )

    def _named_before(self, doc: Doc, phrase: TitlePhrase, bodies: list[Mention]) -> Mention | None:
        """"The Constitutional Affairs Select Committee said ... Committee chairman Alan Beith": a body word
        capitalised in the title ("Committee") stands for the one body of the document named with it."""
        words = {doc[i].text for i in range(phrase.start, phrase.end)
                 if doc[i].text in self.tables.government_words and doc[i].text[:1].isupper()}
        if not words:
            return None
        start = doc[phrase.start].idx
        found = {m.canonical: m for m in bodies
                 if m.canonical.split()[-1] in words and m.canonical.split()[-1] != m.canonical
                 and doc[m.start].idx < start}
        return next(iter(found.values())) if len(found) == 1 else None

    def _place_after(self, doc: Doc, index: int, tok_mention: list[Mention | None]) -> str | None:
        """"Senator Bernie Sanders of Vermont", "President Lula of Brazil": the place written after the name."""
        if index + 1 >= len(doc) or doc[index].lower_ != "of":
            return None
        place = tok_mention[index + 1]
        if place is None or place.label != "GPE" or place.start != index + 1:
            return None
        return self.tables.countries.of_name(place.canonical) or country_of_region(place.canonical) \
            or country_of_region(place.text)

    def _implied_body(self, phrase: TitlePhrase, country: str | None) -> Body | None:
        entry = phrase.entry
        if country is None:
            return None
        if phrase.portfolio is not None:
            return self.bodies.portfolio_body(phrase.portfolio, country)
        if country in entry.body:
            return self.bodies.named_body(entry.body[country], country)
        return self.bodies.portfolio_body(entry.portfolio, country)


def title_head_word(title: str) -> str:
    """The head word of a title as listed: the word before its first preposition, else the last word."""
    words = title.split(" ")
    for i, word in enumerate(words):
        if i > 0 and word in TITLE_STOP:
            return words[i - 1]
    return words[-1]


def plural_word(word: str) -> str | None:
    """The English plural of a title's head word ("secretary" → "secretaries", "chairman" → "chairmen",
    "sen." → "sens.", "secretary-general" → "secretaries-general")."""
    if "-" in word:
        parts = word.split("-")
        if parts[-1] in ("general", "elect") or "in" in parts:
            first = plural_word(parts[0])
            return None if first is None else "-".join([first, *parts[1:]])
        last = plural_word(parts[-1])
        return None if last is None else "-".join([*parts[:-1], last])
    if word.endswith(".") and len(word) > 2:
        return word[:-1] + "s."
    if not word.isalpha() or len(word) < 2:
        return None
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("person"):
        return word[:-6] + "people"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def plural_title(title: str) -> str | None:
    """The plural of a title, its head word made plural ("foreign minister" → "foreign ministers",
    "secretary of state" → "secretaries of state")."""
    words = title.split(" ")
    head = title_head_word(title)
    index = max(i for i, w in enumerate(words) if w == head) if title.endswith(head) else words.index(head)
    plural = plural_word(head)
    if plural is None or plural == head:
        return None
    return " ".join([*words[:index], plural, *words[index + 1:]])


def singular_title(written: str, head: str) -> str:
    """A title written in the plural with its head word made singular again, in the case it was written in."""
    words = written.split(" ")
    for part in head.split("-"):
        plural = plural_word(part)
        if plural is None:
            continue
        for i, word in enumerate(words):
            pieces = word.split("-")
            for j, piece in enumerate(pieces):
                if piece.lower() == plural:
                    pieces[j] = singular_word(piece, part)
                    words[i] = "-".join(pieces)
                    return " ".join(words)
    return written


def singular_word(written: str, singular: str) -> str:
    """The singular head word in the case the plural was written in ("Senators" → "Senator", "MPs" → "MP")."""
    if written.lower().startswith(singular.lower()):
        return written[:len(singular)]
    if written.isupper():
        return singular.upper()
    if written[:1].isupper():
        return singular[:1].upper() + singular[1:]
    return singular


def affiliations(doc: Doc, tok_mention: list[Mention | None], tables: Tables) -> dict[str, str]:
    """The country of each person the text ties to a party: "Labour's Yvette Cooper", "Liberal Democrat Sarah
    Teather", "Rep. Henry Cuellar, D-Texas"."""
    found: dict[str, set[str]] = {}
    seen: set[int] = set()
    parties = tables.parties
    for mention in tok_mention:
        if mention is None or mention.label != "PERSON" or id(mention) in seen:
            continue
        seen.add(id(mention))
        end = mention.start
        if end > 0 and doc[end - 1].text in tables.possessive_marks:
            end -= 1  # "Labour's Yvette Cooper"
        party = parties.ending_at(doc, end, tok_mention)
        country = (party.country if party is not None else None) or _party_state_tag(doc, mention.end)
        if country:
            found.setdefault(mention.entity_id or fold(mention.canonical), set()).add(country)
    return {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}


def _bare(phrase: TitlePhrase) -> bool:
    """A title written with nothing that ties it to a body: no body, country, owner, modifier or complement."""
    return (phrase.org is None and phrase.country is None and phrase.party is None and not phrase.possessed
            and phrase.portfolio is None and phrase.start == phrase.match_start and phrase.end == phrase.match_end
            and not phrase.rank)


def _party_state_tag(doc: Doc, index: int) -> str | None:
    """"Rep. Henry Cuellar, D-Texas," / "(R-Fla.)": the U.S. party-and-state tag after a name."""
    if index + 3 < len(doc) and doc[index].text in (",", "(") and doc[index + 1].text in ("D", "R", "I") \
            and doc[index + 2].text in HYPHENS and doc[index + 3].text[:1].isupper():
        return "US"
    return None


def _name_like(doc: Doc, start: int, end: int, shortest: int = 2) -> bool:
    """Two to four capitalised proper nouns: a personal name, not a body ("Motors", "Hotel Group")."""
    words = [t for t in doc[start:end] if t.text not in HYPHENS]
    return shortest <= len(words) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in words)


def _untagged_name(doc: Doc, start: int, tok_mention: list[Mention | None], name_particles: frozenset[str],
                   name_suffixes: frozenset[str]) -> Mention | None:
    """A name the recogniser missed right after a title ("Minister for Water Sarah Mitchell", "Vice President
    Joseph R. Biden Jr.", "Commission President Ursula von der Leyen")."""
    end = start
    initials: list[int] = []
    particles: list[int] = []
    while end < len(doc) and end - start < 6:
        tok = doc[end]
        mention = tok_mention[end]
        if mention is not None:
            if particles and particles[-1] == end - 1 and mention.start == end and mention.end == end + 1 \
                    and mention.label in ("GPE", "LOC", "ORG", "NORP") and tok.is_alpha and tok.text[:1].isupper():
                end += 1  # a surname after a particle, taken for a place or a body ("von der Leyen")
            break
        if end > start and tok.text in name_particles:
            particles.append(end)  # "Lula da Silva", "von der Leyen"
        elif not tok.text[:1].isupper():
            break
        elif end > start and INITIAL_TOKEN.match(tok.text):
            initials.append(end)  # "Joseph R. Biden"
        elif not (tok.pos_ == "PROPN" and tok.is_alpha):
            break
        end += 1
    while particles and particles[-1] == end - 1:
        end = particles.pop()
    suffix = end < len(doc) and end > start and tok_mention[end] is None and doc[end].lower_.rstrip(".") in name_suffixes
    if end < len(doc) and doc[end].pos_ == "PROPN" and tok_mention[end] is None and not suffix:
        return None  # a longer run of capitals is a heading or a body, not a name
    if initials and initials[-1] == end - 1:
        return None
    words = [i for i in range(start, end) if i not in initials and i not in particles]
    if not (2 <= len(words) <= 4) or not all(doc[i].is_alpha and doc[i].text[:1].isupper()
                                             and (doc[i].pos_ == "PROPN" or tok_mention[i] is not None) for i in words):
        return None
    if suffix:
        end += 1  # "Joseph R. Biden Jr."
    text = doc[start:end].text
    canonical = " ".join(doc[i].text for i in range(start, end) if i not in initials)  # names drop middle initials
    return Mention(start, end, "PERSON", text, canonical, None)


def role_of(entry: TitleEntry, rank: list[str]) -> str:
    """The normalised role with the rank words written before the title ("deputy" + "secretary of state")."""
    words = [w for w in rank if not entry.role.startswith(w)]
    return " ".join([*words, entry.role])


def _fill_body(statement: Statement, country: str, tables: Tables) -> None:
    if statement.org is not None:
        return
    entry = statement.entry
    bodies = tables.bodies
    if statement.portfolio:
        body = bodies.portfolio_body(statement.portfolio, country)
    elif country in entry.body:
        body = bodies.named_body(entry.body[country], country)
    else:
        body = bodies.portfolio_body(entry.portfolio, country)
    if body is not None:
        statement.org, statement.org_entity_id = body.name, body.entity_id


def _document_country(statements: list[Statement], tables: Tables) -> None:
    """Roles with no country serve the one government the article's other roles serve."""
    counts = Counter(s.country for s in statements if s.country and s.relation_of is None)
    if len(counts) != 1:
        return  # several governments in the article: a role that names none could serve any
    country = next(iter(counts))
    # a counterpart's country is the one its owner does not serve
    foreign = {s.relation_of for s in statements if s.relation_of is not None and s.country == country}
    for statement in statements:
        # heads of state and government are as often foreign as not; a stated body has its own country
        if statement.country is None and statement.org is None and statement.entry.category != "executive" \
                and _person_key(statement) not in foreign:
            statement.country = country
            _fill_body(statement, country, tables)


def leader_country(people: KnownPeople, name: str, name_suffixes: frozenset[str]) -> str | None:
    """The country of a well-known office-holder, by full name or by a surname only one of them bears."""
    code = people.country(name)
    if code is not None:
        return code
    words = [w for w in name.split() if fold(w).rstrip(".") not in name_suffixes]
    if not words:
        return None
    if len(words) == 1:
        key = fold(words[0])
        countries = {country for full, country in people.countries.items() if full.split()[-1] == key}
        return countries.pop() if len(countries) == 1 else None
    # "Joseph Biden Jr." for the listed "Joe Biden": the surname one listed person bears, and the first initial
    full = people.unique_surnames.get(words[-1])
    return people.country(full) if full is not None and fold(full)[:1] == fold(words[0])[:1] else None


def _person_key(statement: Statement) -> str:
    return statement.entity_id or fold(statement.name)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _same_role(a: Statement, b: Statement, rank_words: frozenset[str]) -> bool:
    """Two statements of one role: the same title, the same normalised role, or one title inside the
    other that differs in no rank word ("Secretary" in "Secretary of State", not "President" in "Vice President")."""
    ta, tb = fold(a.title).replace("-", " ").split(), fold(b.title).replace("-", " ").split()
    if ta == tb:
        return True
    if a.role == b.role and (a.org is None or b.org is None or a.org == b.org):
        return True
    longer, shorter = (ta, tb) if len(ta) >= len(tb) else (tb, ta)
    if not _contains(longer, shorter):
        return False
    extra = list(longer)
    for word in shorter:
        extra.remove(word)
    return not any(word in rank_words for word in extra)


def finish(statements: list[Statement], tables: Tables, affiliations: dict[str, str] | None = None) -> list[Statement]:
    """Fill countries from the person's other roles, party and the leaders table; one statement per person and title."""
    statements = sorted(statements, key=lambda s: (s.span.start_char, s.span.end_char, s.title))
    people = tables.people
    by_person: dict[str, list[Statement]] = {}
    for statement in statements:
        by_person.setdefault(_person_key(statement), []).append(statement)
    for group in by_person.values():
        stated = Counter(s.country for s in group if s.country and s.stated_country)
        known = stated or Counter(s.country for s in group if s.country)
        fallback = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if known else \
            (affiliations or {}).get(_person_key(group[0])) or leader_country(people, group[0].name, tables.words["name_suffixes"])
        for statement in group:
            if statement.country is None and fallback:
                statement.country = fallback
                _fill_body(statement, fallback, tables)
    for statement in statements:
        # "Biden's chief of staff": the role serves the government of the person who owns it
        if statement.country is None and statement.possessor:
            owner = fold(statement.possessor)
            owner_country = next((s.country for s in statements if s.country and fold(s.name) == owner), None)
            statement.country = owner_country or leader_country(people, statement.possessor, tables.words["name_suffixes"])
            if statement.country:
                _fill_body(statement, statement.country, tables)
    _document_country(statements, tables)
    kept: list[Statement] = []
    for statement in statements:
        twin = next((k for k in kept if _person_key(k) == _person_key(statement)
                     and _same_role(k, statement, tables.rank_words)), None)
        if twin is None:
            kept.append(statement)
            continue
        if twin.org is None and statement.org is not None:
            twin.org = statement.org
        if twin.org_entity_id is None and statement.org_entity_id is not None:
            twin.org_entity_id = statement.org_entity_id
        if twin.country is None and statement.country is not None:
            twin.country = statement.country
    return kept
