"""From a parsed document to official records: match titles, grow phrases, link people, fill in.

The steps, each in its own module: titles are found with a PhraseMatcher over
the titles table (:mod:`pipeline.officials.lexicon`), grown into phrases
(:mod:`pipeline.officials.phrases`), linked to a person
(:mod:`pipeline.officials.links`), and turned into records here: body and
country are taken from the phrase, then the body, then the title itself, then
the same person's other roles in the document, then the table of well-known
office-holders. One record is kept per person and title.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.officials.bodies import Body, BodyIndex
from pipeline.officials.lexicon import (
    TitleEntry,
    check_portfolios,
    fold,
    load_leaders,
    load_modifiers,
    load_non_offices,
    load_parties,
    load_ministries,
    load_titles,
)
from pipeline.officials.links import Link, Linker
from pipeline.officials.mentions import Mention, document_mentions, person_id, token_index
from pipeline.officials.phrases import HYPHENS, PhraseBuilder, TitlePhrase, match_head

BOILERPLATE_KEY = "news_boilerplate"
NOUNS = ("NOUN", "PROPN")
# categories whose titles also name posts in companies and clubs; owned by a non-government ORG they are no office
CORPORATE_CATEGORIES = frozenset({"administrative", "executive"})
NOMINAL_DEPS = ("pobj", "appos", "attr", "nsubj", "nsubjpass", "dobj", "conj", "oprd", "ROOT")


def title_patterns_texts(title: str) -> list[str]:
    """The casings a title is tokenised in: tokenizer exceptions ("Sen.", "Gov.") are case-sensitive."""
    capitalised = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    return sorted({title, capitalised, title.upper()})


class OfficialsExtractor:
    """Everything built once per pipeline: the tables and the title matcher."""

    def __init__(self, vocab: Vocab, make_doc: Any, titles: str, agencies: str | None = "models:lexicon/agencies.jsonl") -> None:
        self.entries: dict[str, TitleEntry] = {e.title: e for e in load_titles(titles)}
        check_portfolios(tuple(self.entries.values()), load_ministries(), titles)
        self.modifiers = load_modifiers()
        self.honorifics = frozenset(w for w, kind in self.modifiers.items() if kind == "honorific")
        self.leaders = load_leaders()
        self.parties = load_parties()
        self.bodies = BodyIndex(agencies)
        self.non_offices = frozenset(load_non_offices())
        clash = self.non_offices & set(self.entries)
        if clash:
            raise ValueError(f"titles listed both as offices and as non-offices: {sorted(clash)}")
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for title in sorted(self.entries) + sorted(self.non_offices):
            self.matcher.add(title, [make_doc(text) for text in title_patterns_texts(title)])

    def __call__(self, doc: Doc) -> list[dict[str, Any]]:
        mentions = document_mentions(doc)
        tok_mention = token_index(mentions, len(doc))
        phrases = self._phrases(doc, tok_mention)
        linker = Linker(doc, tok_mention, phrases, self.honorifics)
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
        records = {i: self._record(doc, phrases[i], links[i]) for i in sorted(links)}
        for i, link in links.items():
            # coordinated titles of one person share the body one of them states
            base = records.get(link.via) if link.via is not None else None
            if base is None:
                continue
            for a, b in ((records[i], base), (base, records[i])):
                if a["org"] is None and b["org"] is not None:
                    a["org"], a["org_entity_id"] = b["org"], b["org_entity_id"]
                    a["country"] = a["country"] or b["country"]
        records = list(records.values())
        return finish(list(records), self.leaders, self.entries, self.bodies)

    # -- phrases -----------------------------------------------------------------------------------
    def _matches(self, doc: Doc, tok_mention: list[Mention | None]) -> list[tuple[int, int, TitleEntry, Mention | None]]:
        blocked = {i for span in doc.spans.get(BOILERPLATE_KEY, []) for i in range(span.start, span.end)}
        found = sorted(
            ((start, end, doc.vocab.strings[key]) for key, start, end in self.matcher(doc)),
            key=lambda m: (-(m[1] - m[0]), m[0], m[2]),
        )
        used: set[int] = set()
        chosen = []
        for start, end, title in found:
            if any(i in used or i in blocked for i in range(start, end)):
                continue
            if title in self.non_offices:
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
        builder = PhraseBuilder(doc, tok_mention, self.modifiers, self.bodies, self.parties)
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

    # -- records -----------------------------------------------------------------------------------
    def _record(self, doc: Doc, phrase: TitlePhrase, link: Link) -> dict[str, Any]:
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
        while start_tok < phrase.start and (doc[start_tok].lower_ in ("the", "a", "an") or doc[start_tok].is_punct
                                            or self.modifiers.get(doc[start_tok].lower_) == "status"):
            start_tok += 1  # the span states the role: "Earlier chief constable Green" starts at "chief"
        span_start = min(doc[start_tok].idx, doc[person.start].idx)
        last = max(phrase.end, person.end) - 1
        span_end = doc[last].idx + len(doc[last].text)
        title_end = doc[phrase.end - 1]
        return {
            "name": person.canonical,
            "entity_id": person.entity_id,
            "title": doc.text[doc[phrase.start].idx:title_end.idx + len(title_end.text)],
            "role": role_of(entry, phrase.rank),
            "org": body.name if body is not None else None,
            "org_entity_id": body.entity_id if body is not None else None,
            "country": country,
            "former": bool(phrase.former or link.former),
            "start": span_start,
            "end": span_end,
            "_portfolio": phrase.portfolio,
            "_entry": entry.title,
            "_stated_country": phrase.country is not None,
            "_possessor": phrase.possessor.canonical if phrase.possessor is not None else None,
        }

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


def _fill_body(record: dict[str, Any], country: str, entries: dict[str, TitleEntry], bodies: BodyIndex) -> None:
    if record["org"] is not None:
        return
    entry = entries[record["_entry"]]
    if record["_portfolio"]:
        body = bodies.portfolio_body(record["_portfolio"], country)
    elif country in entry.body:
        body = bodies.named_body(entry.body[country], country)
    else:
        body = bodies.portfolio_body(entry.portfolio, country)
    if body is not None:
        record["org"], record["org_entity_id"] = body.name, body.entity_id


def _document_country(records: list[dict[str, Any]], entries: dict[str, TitleEntry], bodies: BodyIndex) -> None:
    """Roles with no country serve the one government the article's other roles serve."""
    counts = Counter(r["country"] for r in records if r["country"])
    if len(counts) != 1:
        return  # several governments in the article: a role that names none could serve any
    country = next(iter(counts))
    for record in records:
        # heads of state and government are as often foreign as not; a stated body has its own country
        if record["country"] is None and record["org"] is None and entries[record["_entry"]].category != "executive":
            record["country"] = country
            _fill_body(record, country, entries, bodies)


def leader_country(leaders: dict[str, str], name: str) -> str | None:
    """The country of a well-known office-holder, by full name or by a surname only one of them bears."""
    key = fold(name)
    if key in leaders:
        return leaders[key]
    if " " in key:
        return None
    countries = {country for full, country in leaders.items() if full.split()[-1] == key}
    return countries.pop() if len(countries) == 1 else None


def _person_key(record: dict[str, Any]) -> str:
    return record["entity_id"] or fold(record["name"])


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _same_role(a: dict[str, Any], b: dict[str, Any], rank_words: frozenset[str]) -> bool:
    """Two statements of one role: the same title, the same normalised role, or one title inside the
    other that differs in no rank word ("Secretary" in "Secretary of State", not "President" in "Vice President")."""
    ta, tb = fold(a["title"]).replace("-", " ").split(), fold(b["title"]).replace("-", " ").split()
    if ta == tb:
        return True
    if a["role"] == b["role"] and (a["org"] is None or b["org"] is None or a["org"] == b["org"]):
        return True
    longer, shorter = (ta, tb) if len(ta) >= len(tb) else (tb, ta)
    if not _contains(longer, shorter):
        return False
    extra = list(longer)
    for word in shorter:
        extra.remove(word)
    return not any(word in rank_words for word in extra)


def finish(records: list[dict[str, Any]], leaders: dict[str, str], entries: dict[str, TitleEntry], bodies: BodyIndex) -> list[dict[str, Any]]:
    """Fill countries from the person's other roles and the leaders table; one record per person and title."""
    records = sorted(records, key=lambda r: (r["start"], r["end"], r["title"]))
    by_person: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_person.setdefault(_person_key(record), []).append(record)
    for group in by_person.values():
        stated = Counter(r["country"] for r in group if r["country"] and r["_stated_country"])
        known = stated or Counter(r["country"] for r in group if r["country"])
        fallback = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if known else leader_country(leaders, group[0]["name"])
        for record in group:
            if record["country"] is None and fallback:
                record["country"] = fallback
                _fill_body(record, fallback, entries, bodies)
    for record in records:
        # "Biden's chief of staff": the role serves the government of the person who owns it
        if record["country"] is None and record["_possessor"]:
            owner_country = next((r["country"] for r in records if r["country"] and fold(r["name"]) == fold(record["_possessor"])), None)
            record["country"] = owner_country or leader_country(leaders, record["_possessor"])
            if record["country"]:
                _fill_body(record, record["country"], entries, bodies)
    _document_country(records, entries, bodies)
    rank_words = frozenset(word for word, kind in load_modifiers().items() if kind == "rank")
    kept: list[dict[str, Any]] = []
    for record in records:
        twin = next((k for k in kept if _person_key(k) == _person_key(record) and _same_role(k, record, rank_words)), None)
        if twin is None:
            kept.append(record)
            continue
        for key in ("org", "org_entity_id", "country"):
            if twin[key] is None and record[key] is not None:
                twin[key] = record[key]
    for record in kept:
        for key in ("_portfolio", "_entry", "_stated_country", "_possessor"):
            record.pop(key, None)
    return kept
