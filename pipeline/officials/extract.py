"""From a parsed document to officials: match titles, grow phrases, link people, fill in.

The steps, each in its own module: titles are found with a PhraseMatcher over
the lexicon's titles, grown into phrases (:mod:`pipeline.officials.phrases`),
linked to a person (:mod:`pipeline.officials.links`), and turned into
statements here: body and country are taken from the phrase, then the body,
then the title itself, then the same person's other roles in the document,
then the table of well-known office-holders. One statement is kept per person
and title; what reaches the document is its :class:`pipeline.annotations.Official`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.annotations import Official, boilerplate_tokens
from pipeline.ids import fold
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.titles import TitleEntry
from pipeline.officials.bodies import Body
from pipeline.officials.links import Link, Linker
from pipeline.officials.mentions import Mention, document_mentions, person_id, token_index
from pipeline.officials.phrases import HYPHENS, PhraseBuilder, TitlePhrase, match_head
from pipeline.officials.tables import Tables

NOUNS = ("NOUN", "PROPN")
# categories whose titles also name posts in companies and clubs; owned by a non-government ORG they are no office
CORPORATE_CATEGORIES = frozenset({"administrative", "executive"})
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

    def __call__(self, doc: Doc) -> list[Statement]:
        mentions = document_mentions(doc, self.tables.government_words)
        tok_mention = token_index(mentions, len(doc))
        phrases = self._phrases(doc, tok_mention)
        linker = Linker(doc, tok_mention, phrases, self.tables.honorifics)
        links: dict[int, Link] = {}
        for index, phrase in enumerate(phrases):
            if phrase.owner_org is not None and phrase.org is None and phrase.entry.category in CORPORATE_CATEGORIES:
                continue  # "CBI director general", "Chelsea chairman": not a public office
            if phrase.entry.anchored and _bare(phrase):
                continue  # "Director Martin Scorsese": nothing says which office
            found = linker.link(phrase)
            if found is not None:
                links[index] = found
        linker.propagate(links)
        statements = {i: self._statement(doc, phrases[i], links[i]) for i in sorted(links)}
        for i, link in links.items():
            # coordinated titles of one person share the body one of them states
            base = statements.get(link.via) if link.via is not None else None
            if base is None:
                continue
            for a, b in ((statements[i], base), (base, statements[i])):
                if a.org is None and b.org is not None:
                    a.org, a.org_entity_id = b.org, b.org_entity_id
                    a.country = a.country or b.country
        return finish(list(statements.values()), self.tables)

    # -- phrases -----------------------------------------------------------------------------------
    def _matches(self, doc: Doc, tok_mention: list[Mention | None]) -> list[tuple[int, int, TitleEntry, Mention | None]]:
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
            entry = self.entries[title]
            ok, inside = self._acceptable(doc, start, end, tok_mention)
            if not ok:
                continue
            used.update(range(start, end))
            chosen.append((start, end, entry, inside))
        return sorted(chosen, key=lambda m: m[0])

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
        head = doc[match_head(doc, start, end)]
        if inside is None and following is None:
            inside = _untagged_name(doc, end, tok_mention)
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
        for start, end, entry, inside in self._matches(doc, tok_mention):
            head = match_head(doc, start, end)
            phrase = TitlePhrase(entry, start, end, head, start, end, start)
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
    def _statement(self, doc: Doc, phrase: TitlePhrase, link: Link) -> Statement:
        entry = phrase.entry
        person = link.person
        body: Body | None = None
        if phrase.org is not None:
            body = self.bodies.body(phrase.org.canonical, phrase.org.entity_id)
        elif link.agent is not None:
            body = self.bodies.body(link.agent.canonical, link.agent.entity_id)
        country = phrase.country or (body.country if body is not None else None) or _party_state_tag(doc, person.end)
        if country is None and entry.country and phrase.end == phrase.match_end:
            country = entry.country
        if body is None:
            body = self._implied_body(phrase, country)
        start_tok = phrase.np_start
        while start_tok < phrase.start and (doc[start_tok].lower_ in self.tables.articles or doc[start_tok].is_punct
                                            or self.modifiers.get(doc[start_tok].lower_) == "status"):
            start_tok += 1  # the span states the role: "Earlier chief constable Green" starts at "chief"
        title_end = doc[phrase.end - 1]
        return Statement(
            span=doc[min(start_tok, person.start):max(phrase.end, person.end)],
            entity_id=person.entity_id,
            name=person.canonical,
            title=doc.text[doc[phrase.start].idx:title_end.idx + len(title_end.text)],
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

    def _implied_body(self, phrase: TitlePhrase, country: str | None) -> Body | None:
        entry = phrase.entry
        if country is None:
            return None
        if phrase.portfolio is not None:
            return self.bodies.portfolio_body(phrase.portfolio, country)
        if country in entry.body:
            return self.bodies.named_body(entry.body[country], country)
        return self.bodies.portfolio_body(entry.portfolio, country)


def _bare(phrase: TitlePhrase) -> bool:
    """A title written with nothing that ties it to a body: no body, country, owner, modifier or complement."""
    return (phrase.org is None and phrase.country is None and not phrase.possessed and phrase.portfolio is None
            and phrase.start == phrase.match_start and phrase.end == phrase.match_end and not phrase.rank)


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


def _untagged_name(doc: Doc, start: int, tok_mention: list[Mention | None]) -> Mention | None:
    """A name the recogniser missed right after a title ("Minister for Water Sarah Mitchell")."""
    end = start
    while end < len(doc) and end - start < 4 and tok_mention[end] is None and doc[end].pos_ == "PROPN" \
            and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    if end < len(doc) and doc[end].pos_ == "PROPN" and tok_mention[end] is None:
        return None  # a longer run of capitals is a heading or a body, not a name
    if not _name_like(doc, start, end):
        return None
    text = doc[start:end].text
    return Mention(start, end, "PERSON", text, text, None)


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
    counts = Counter(s.country for s in statements if s.country)
    if len(counts) != 1:
        return  # several governments in the article: a role that names none could serve any
    country = next(iter(counts))
    for statement in statements:
        # heads of state and government are as often foreign as not; a stated body has its own country
        if statement.country is None and statement.org is None and statement.entry.category != "executive":
            statement.country = country
            _fill_body(statement, country, tables)


def leader_country(people: KnownPeople, name: str) -> str | None:
    """The country of a well-known office-holder, by full name or by a surname only one of them bears."""
    code = people.country(name)
    if code is not None:
        return code
    key = fold(name)
    if " " in key:
        return None
    countries = {country for full, country in people.countries.items() if full.split()[-1] == key}
    return countries.pop() if len(countries) == 1 else None


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


def finish(statements: list[Statement], tables: Tables) -> list[Statement]:
    """Fill countries from the person's other roles and the leaders table; one statement per person and title."""
    statements = sorted(statements, key=lambda s: (s.span.start_char, s.span.end_char, s.title))
    people = tables.people
    by_person: dict[str, list[Statement]] = {}
    for statement in statements:
        by_person.setdefault(_person_key(statement), []).append(statement)
    for group in by_person.values():
        stated = Counter(s.country for s in group if s.country and s.stated_country)
        known = stated or Counter(s.country for s in group if s.country)
        fallback = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if known else leader_country(people, group[0].name)
        for statement in group:
            if statement.country is None and fallback:
                statement.country = fallback
                _fill_body(statement, fallback, tables)
    for statement in statements:
        # "Biden's chief of staff": the role serves the government of the person who owns it
        if statement.country is None and statement.possessor:
            owner = fold(statement.possessor)
            owner_country = next((s.country for s in statements if s.country and fold(s.name) == owner), None)
            statement.country = owner_country or leader_country(people, statement.possessor)
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
