"""Title phrases: a matched title grown to the whole noun phrase that states a role.

A title from the list ("secretary", "special envoy") is the core. To its left
the parse adds what modifies it inside the same noun phrase: rank and
portfolio words ("acting deputy homeland security"), bodies ("White House"),
nationality words ("Mexican"), possessors ("Mexico's", "the National
Security Council's") and status words ("former", "then-", "newly named").
To its right come complements ("for the Western Hemisphere", "to the
President"), up to a person, a clause or punctuation. Only the part that
names the role stays in the title as written; the rest becomes country,
body and ``former``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from pipeline.lexicon.countries import Countries, country_of_region, is_abbreviation
from pipeline.lexicon.titles import TitleEntry
from pipeline.officials.mentions import Mention
from pipeline.officials.parties import Party
from pipeline.officials.tables import Tables
from pipeline.sentences import sentence_of

HYPHENS = frozenset({"-", "–", "‑"})
NON_COMPLEMENT_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Categories whose titles take a country as their topic ("Iran envoy", "Mexico ambassador"): a written
# country name before them is the posting, not the government served; abbreviations ("U.S.") still are.
TOPIC_CATEGORIES = frozenset({"diplomatic", "administrative"})


@dataclass
class TitlePhrase:
    entry: TitleEntry
    match_start: int
    match_end: int
    head: int  # token index of the title's head noun
    start: int  # title as written: tokens [start, end)
    end: int
    np_start: int  # leftmost token of the noun phrase (determiner, possessor, status words)
    former: bool = False
    country: str | None = None
    org: Mention | None = None  # a body named inside the phrase
    portfolio: str | None = None  # a generic body description inside the phrase ("foreign ministry")
    possessor: Mention | None = None  # a person owning the role ("Biden's chief of staff")
    owner_org: Mention | None = None  # a non-government organisation owning the role ("CBI director general")
    possessed: bool = False  # written with a possessive ("the agency's spokesman"): the role belongs to something
    rank: list[str] = field(default_factory=list)
    person_inside: Mention | None = None  # a PERSON mention that swallowed the title ("President Biden")
    party: Party | None = None  # a party named before the title ("Tory co-chairman"): country, and body of a party office
    root: int = -1  # syntactic root of the title as written: where the phrase attaches to the sentence
    plural: bool = False  # written in the plural ("Senators X and Y"): each person named holds it
    outer_end: int = -1  # end of the noun phrase, past an owner the title leaves out ("... of Japan")
    regional: bool = False  # a state or city before the title ("New York Attorney General"): no national body
    company: bool = False  # owned by a company described, not named ("the firm's chairman")


def match_head(doc: Doc, start: int, end: int, complement_preps: frozenset[str]) -> int:
    """The title's head noun: the syntactic root of the words before its first preposition
    ("secretary" of "secretary of state"; a hyphenated "commander-in-chief" keeps its "in")."""
    cut = end
    for i in range(start + 1, end):
        if (doc[i].pos_ == "ADP" or doc[i].lower_ in complement_preps) and doc[i - 1].text not in HYPHENS:
            cut = i
            break
    words = [doc[i] for i in range(start, cut) if doc[i].text not in HYPHENS] or [doc[start]]
    inside = {t.i for t in words}
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    nouns = [t for t in roots if t.pos_ in ("NOUN", "PROPN")]
    return (nouns or roots or words)[-1].i


def phrase_root(doc: Doc, start: int, end: int, head: int) -> int:
    """The token through which the title attaches to the sentence ("security" in a parse of
    "as secretary of homeland security" that hangs "secretary" under it), else the head."""
    roots = [t.i for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    return roots[0] if len(roots) == 1 else head


def is_country_mention(mention: Mention, countries: Countries) -> str | None:
    """The country a GPE names or a NORP is the nationality of."""
    if mention.label == "GPE":
        return countries.of_name(mention.canonical) or countries.of_name(mention.text)
    if mention.label == "NORP":
        return countries.of_nationality(mention.text) or countries.of_nationality(mention.canonical)
    return None


class PhraseBuilder:
    """Grows title matches into phrases, with the document's mentions at hand."""

    def __init__(self, doc: Doc, tok_mention: list[Mention | None], tables: Tables) -> None:
        self.doc = doc
        self.tok_mention = tok_mention
        self.tables = tables
        self.countries = tables.countries
        self.modifiers = tables.modifiers
        self.bodies = tables.bodies
        self.parties = tables.parties

    # -- left side ---------------------------------------------------------------------------------
    def grow_left(self, phrase: TitlePhrase, limit: int) -> None:
        """Add the phrase's pre-modifiers, up to a determiner, a possessive or a word outside the phrase."""
        doc, start = self.doc, phrase.match_start
        sent_start = sentence_of(doc, start).start
        region = start
        np_start = start
        i = start - 1
        while i >= sent_start:
            tok = doc[i]
            mention = self.tok_mention[i]
            if mention is not None and mention.label == "PERSON":
                break
            if tok.tag_ == "POS" or (tok.text in self.tables.possessive_marks and tok.dep_ == "case"):
                phrase.possessed = True
                np_start = self._possessor(phrase, i, sent_start)
                break
            if tok.lower_ in self.tables.determiners and (tok.pos_ in ("DET", "PRON") or tok.dep_ in ("det", "poss")):
                np_start = i
                break
            if tok.is_punct and tok.text not in HYPHENS:
                break
            if tok.pos_ in ("ADP", "CCONJ", "SCONJ", "PRON", "PART", "NUM", "SYM", "INTJ"):
                break
            if tok.pos_ in ("VERB", "AUX") and tok.tag_ not in ("VBN", "VBG"):
                break
            unit_start = mention.start if mention is not None and mention.label != "ORG" and mention.end <= start else i
            unit_end = i + 1
            glued = doc[i + 1].text in HYPHENS and not tok.whitespace_  # "co-chairman", "ex-Tory"
            if not glued and not self._attached(unit_start, unit_end, limit):
                break
            region = unit_start
            np_start = unit_start
            i = unit_start - 1
        phrase.np_start = min(np_start, region)
        self._classify_left(phrase, region)

    def _attached(self, unit_start: int, unit_end: int, limit: int) -> bool:
        """Some token of the unit depends on a word to its right inside the phrase (or is a hyphen)."""
        for k in range(unit_start, unit_end):
            tok = self.doc[k]
            if tok.text in HYPHENS:
                return True
            head = tok.head.i
            if unit_end <= head < limit:
                return True
        return False

    def _possessor(self, phrase: TitlePhrase, pos_index: int, sent_start: int) -> int:
        """Read "X's" before a title: a country, a body or a person owns the role."""
        doc = self.doc
        if pos_index == 0:
            return pos_index
        owner = self.tok_mention[pos_index - 1]
        if owner is not None:
            left = owner.start
            code = is_country_mention(owner, self.countries)
            if code:
                phrase.country = phrase.country or code
            elif owner.label == "AGENCY":
                phrase.org = owner
            elif owner.label in ("ORG", "NORP") and (party := self.parties.at(doc, owner.start, self.tok_mention)):
                phrase.party = party  # "Plaid Cymru's economics spokesman"
                phrase.country = phrase.country or party.country
            elif owner.label == "ORG":
                phrase.owner_org = owner
            elif owner.label == "PERSON":
                phrase.possessor = owner
        else:
            left = max(doc[pos_index - 1].left_edge.i, sent_start)
            words = [t.text for t in doc[left:pos_index]]
            generic = self.bodies.generic_portfolio(words)
            if generic is not None:
                phrase.portfolio = generic[0]
                self._nationality_in(phrase, left, pos_index)
            elif doc[pos_index - 1].lemma_.lower() in self.tables.words["company_nouns"]:
                phrase.company = True  # "the company's chairman": no public office
        if left > sent_start and doc[left - 1].lower_ in ("the",):
            left -= 1
        return left

    def _nationality_in(self, phrase: TitlePhrase, start: int, end: int) -> None:
        if phrase.country:
            return
        for k in range(start, end):
            mention = self.tok_mention[k]
            code = (is_country_mention(mention, self.countries) if mention is not None
                    else self.countries.of_nationality(self.doc[k].text))
            if code:
                phrase.country = code
                return

    def _classify_left(self, phrase: TitlePhrase, region: int) -> None:
        """Keep the words that name the role; the others set country, body, rank and ``former``."""
        doc = self.doc
        start = phrase.match_start
        inert: set[int] = set()
        for k in range(region, start):
            tok = doc[k]
            if tok.pos_ == "VERB" and tok.lower_ not in self.modifiers:
                # "Honduras-born", "newly minted": a participle and what it governs say nothing of the role
                inert.update(t.i for t in tok.subtree if region <= t.i < start)
        excluded: set[int] = set(inert)
        k = region
        while k < start:
            tok = doc[k]
            mention = self.tok_mention[k]
            if k in inert:
                k += 1
                continue
            party = self.parties.at(doc, k, self.tok_mention, start)
            if party is not None and party.start >= region:
                # "Tory education secretary", "Vermont Democratic governor": the party gives the country (and the
                # body of a party office), but is no part of the title
                phrase.party = phrase.party or party
                phrase.country = phrase.country or party.country
                excluded.update(range(party.start, party.end))
                k = party.end
                continue
            if mention is not None and mention.label == "ORG" and mention.start >= region and mention.end <= start:
                phrase.owner_org = phrase.owner_org or mention
            if mention is not None and mention.label != "ORG" and mention.start >= region and mention.end <= start:
                code = is_country_mention(mention, self.countries)
                if code and not self._is_topic(phrase, mention):
                    phrase.country = phrase.country or code
                    excluded.update(range(mention.start, mention.end))
                elif mention.label == "GPE" and not code and not self._is_topic(phrase, mention):
                    # "Texas Gov.", "London mayor": the place gives the country, the title is "Gov.", "mayor"
                    phrase.country = phrase.country or country_of_region(mention.canonical) \
                        or country_of_region(mention.text)
                    phrase.regional = True
                    excluded.update(range(mention.start, mention.end))
                elif mention.label == "AGENCY":
                    phrase.org = phrase.org or mention
                k = mention.end
                continue
            kind = self.modifiers.get(tok.lower_)
            code = self.countries.of_nationality(tok.text) if tok.text[:1].isupper() else None
            if kind == "former":
                phrase.former = True
                excluded.add(k)
            elif kind == "status":
                excluded.add(k)
            elif kind == "rank" and tok.lower_ in self.tables.words["ordinals"] and k + 1 < start and doc[k + 1].pos_ == "ADJ" \
                    and doc[k + 1].is_alpha and doc[k + 1].lower_ not in self.modifiers:
                # "the first black president": an ordinal of a description, not a rank ("first deputy")
                excluded.add(k)
                while k + 1 < start and doc[k + 1].pos_ == "ADJ" and doc[k + 1].is_alpha \
                        and doc[k + 1].lower_ not in self.modifiers:
                    k += 1
                    excluded.add(k)
            elif kind == "rank":
                phrase.rank.append(tok.lower_)
            elif code and not (phrase.entry.category in TOPIC_CATEGORIES and tok.pos_ == "PROPN"):
                phrase.country = phrase.country or code
                excluded.add(k)
            elif tok.pos_ == "PROPN" and (code := self.countries.of_name(tok.text)) and not self._topic_word(phrase, tok):
                phrase.country = phrase.country or code
                excluded.add(k)
            elif tok.text in HYPHENS and k - 1 in excluded:
                excluded.add(k)
            k += 1
        phrase.start = max(excluded) + 1 if excluded else region
        while phrase.start < start and (doc[phrase.start].text in HYPHENS or doc[phrase.start].pos_ == "ADV"):
            phrase.start += 1
        words = [t.text for t in doc[phrase.start:phrase.match_start]]
        generic = self.bodies.generic_portfolio(words) if words else None
        if generic is not None and phrase.portfolio is None:
            phrase.portfolio = generic[0]

    def _is_topic(self, phrase: TitlePhrase, mention: Mention) -> bool:
        return (
            mention.label == "GPE"
            and phrase.entry.category in TOPIC_CATEGORIES
            and not is_abbreviation(mention.text)
        )

    def _topic_word(self, phrase: TitlePhrase, tok: Token) -> bool:
        return phrase.entry.category in TOPIC_CATEGORIES and not is_abbreviation(tok.text)

    # -- right side --------------------------------------------------------------------------------
    def grow_right(self, phrase: TitlePhrase, taken: set[int], phrase_starts: set[int]) -> None:
        """Add complements ("for the Western Hemisphere"), stopping at people, other titles and clauses."""
        doc = self.doc
        sent_end = sentence_of(doc, phrase.match_start).end
        end = phrase.match_end
        if end + 1 < sent_end and doc[end].text in HYPHENS and doc[end + 1].lower_ == "elect":
            end += 2
        if end < sent_end and doc[end].text == ",":
            # a listed title whose complement goes on as a list: "Minister for Trade, Investment and Tourism"
            prep = next((i for i in range(phrase.match_start + 1, end) if doc[i].lower_ in self.tables.words["complement_preps"]), None)
            if prep is not None:
                end = max(end, self._portfolio_list(prep + 1, sent_end, taken))
        j = end
        outer = end
        while j < sent_end and doc[j].lower_ in self.tables.words["complement_preps"] and doc[j].pos_ == "ADP":
            limit = min(max(doc[j].right_edge.i + 1, j + 1), sent_end)
            listed = self._portfolio_list(j + 1, sent_end, taken)  # "for Culture, Media and Sport"
            limit = max(limit, listed)
            cut = limit
            for x in range(j + 1, limit):
                tok = doc[x]
                mention = self.tok_mention[x]
                if x < listed:
                    continue
                if (tok.is_punct and tok.text not in HYPHENS) or x in taken:
                    cut = x
                    break
                if tok.lemma_.lower() in self.tables.words["time_nouns"] and tok.pos_ == "NOUN":
                    cut = j  # "prime minister at the time", "chancellor of modern times": no complement
                    break
                if mention is not None and mention.label == "PERSON":
                    cut = x
                    break
                if self.modifiers.get(tok.lower_) == "honorific" and x + 1 < limit and self._person_at(x + 1):
                    cut = x  # "a spokesman for Mr Prescott": the principal, not the title-holder
                    break
                if tok.ent_type_ in NON_COMPLEMENT_ENTS:
                    cut = x  # "resigned as Home Secretary on Wednesday": a date, not part of the title
                    break
                if (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")) or tok.lower_ in ("who", "which", "that"):
                    # a clause ("at a dinner hosted by ..."), not a complement; "newly created" stays
                    cut = x
                    break
                if tok.pos_ == "CCONJ" and x + 1 < limit and (x + 1 in phrase_starts or self._person_at(x + 1)):
                    cut = x
                    break
            while cut > j + 1 and doc[cut - 1].pos_ in ("CCONJ", "DET", "ADP", "PUNCT", "PART"):
                cut -= 1
            if not any(doc[x].pos_ in ("NOUN", "PROPN") for x in range(j + 1, cut)):
                break
            if self._complement_names_owner(phrase, doc[j].lower_, j + 1, cut):
                outer = cut  # "Minister for Foreign Affairs of Japan": the phrase goes on to the owner
                break
            self._nationality_in(phrase, j + 1, cut)
            for x in range(j + 1, cut):
                mention = self.tok_mention[x]
                if mention is not None and mention.label == "ORG" and phrase.owner_org is None:
                    phrase.owner_org = mention  # "head of currency strategy at Bank of America"
                elif mention is not None and mention.label == "AGENCY" and phrase.org is None:
                    phrase.org = mention
            words = [t.text for t in doc[j + 1:cut]]
            generic = self.bodies.generic_portfolio(words)
            if generic is not None and phrase.portfolio is None:
                phrase.portfolio = generic[0]
            end = cut
            j = cut
            if cut < limit:
                break
        phrase.end = end
        phrase.outer_end = max(end, outer)
        phrase.root = phrase_root(doc, phrase.start, phrase.end, phrase.head)

    def _portfolio_list(self, start: int, sent_end: int, taken: set[int]) -> int:
        """The end of a list of three or more capitalised portfolios ("Culture, Media and Sport",
        "Environment, Food and Rural Affairs") opening a complement, else ``start``."""
        doc = self.doc

        def run(x: int) -> int:
            while x < sent_end and x not in taken and doc[x].is_alpha and doc[x].text[:1].isupper() \
                    and not self._person_at(x):
                x += 1
            return x

        x = run(start)
        if x == start:
            return start
        items, closed = 1, False
        while x < sent_end and not closed:
            if doc[x].text == "," and x + 1 < sent_end and doc[x + 1].lower_ in ("and", "&"):
                x += 1  # a serial comma
            if doc[x].text != "," and doc[x].lower_ not in ("and", "&"):
                break
            closed = doc[x].lower_ in ("and", "&")
            y = run(x + 1)
            if y == x + 1:
                return start
            items, x = items + 1, y
        return x if closed and items >= 3 else start

    def _person_at(self, index: int) -> bool:
        mention = self.tok_mention[index]
        return mention is not None and mention.label == "PERSON"

    def _complement_names_owner(self, phrase: TitlePhrase, prep: str, start: int, end: int) -> bool:
        """"of Mexico", "of the State Department": the country or body, outside the title.

        Only "of" names the government served: "ambassador to Mexico" and "envoy for Haiti" name the
        posting, which stays in the title."""
        doc = self.doc
        first = start
        while first < end and doc[first].lower_ == "the":
            first += 1
        mention = self.tok_mention[first] if first < end else None
        if (mention is None or mention.label in ("ORG", "AGENCY")) and prep == "of" \
                and (code := self.countries.of_name(doc[first:end].text)):
            # "Minister for Foreign Affairs of Japan", where the recogniser ran the title into a body's name
            phrase.country = phrase.country or code
            return True
        if mention is None or mention.start != first or mention.end != end:
            return False
        code = is_country_mention(mention, self.countries)
        if code:
            if prep != "of":
                return False
            phrase.country = phrase.country or code
            return True
        if mention.label == "AGENCY":
            phrase.org = phrase.org or mention
            return True
        if mention.label == "ORG":
            phrase.owner_org = phrase.owner_org or mention
            return True
        return False
