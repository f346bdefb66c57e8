"""Pronouns and descriptions resolved to the document's entities, in one pass in text order.

Salience, after Lappin and Leass (1994): every mention of an entity, and every
pronoun or description already resolved to it, adds weight to the entity (more
as a subject, less as a noun modifier or inside a quotation); the weight halves
with each sentence. A "he" or "she" goes to the most salient person it agrees
with (gender known beats gender unknown), among the mentions of earlier
sentences and those before it in its own sentence that syntax allows (the
subject of a clause is never its own object: "Smith met Jones; he ..." may be
either, "Jones praised him" is not Jones). A pronoun inside a quotation goes
only to a person named earlier in the same quotation: its speaker is unknown
here, and the speaker never says "he" of himself. "It" and "they" refer to
bodies and groups only when the subject of the previous clause is one ("The
company said it ..."); they refer to things far more often than to entities.

Descriptions are resolved by kind (models/coref/descriptions.jsonl): an office
to the person the document says holds it; a body to the most recent mention of
its types; a campaign or a spokesperson to whom it belongs.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import Chain, boilerplate_tokens
from pipeline.coref.entities import EntityIndex, STRONG
from pipeline.coref.syntax import (
    SUBJECT_DEPS, clause_subject, governor, in_fronted_clause, role, root_subject,
)
from pipeline.coref.tables import CorefTables, Description, Pronoun
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.titles import Titles
from pipeline.quotations import quote_ids
from pipeline.sentences import sentence_starts

BASE, SUBJECT_BONUS, MAIN_BONUS = 100.0, 80.0, 50.0  # main: the subject of the sentence's main verb
MODIFIER_FACTOR = 0.5  # "the Clinton campaign", "Trump's plan": named, but not the topic
QUOTED_FACTOR = 0.2  # a name inside a quotation is rarely whom the narrative's "he" means
UNKNOWN_GENDER = 0.6  # a person of unknown gender agrees with "he", less well than a known man
DECAY = 0.5  # per sentence
MIN_SALIENCE = 10.0  # below this an entity is no longer in focus: no antecedent
PERSON = ("PERSON",)
BODY_PRONOUN_TYPES = {"n": ("ORG", "AGENCY", "GPE"), "x": ("NORP", "ORG", "AGENCY", "GPE")}


@dataclass
class Occurrence:
    key: str
    head: int  # token index of the mention's or reference's head
    weight: float
    quote: int


class Salience:
    """Each entity's salience, decayed per sentence, kept as (value, sentence it was valid at)."""

    def __init__(self) -> None:
        self.value: dict[str, tuple[float, int]] = {}
        self.last: dict[str, int] = {}  # key → head of its latest occurrence

    def add(self, key: str, weight: float, sentence: int) -> None:
        old = self.get(key, sentence)
        self.value[key] = (old + weight, sentence)

    def get(self, key: str, sentence: int) -> float:
        found = self.value.get(key)
        if found is None:
            return 0.0
        value, at = found
        return value * DECAY ** (sentence - at)


class Resolver:
    """One document's resolution: walk sentences in order, resolve, record chains."""

    def __init__(self, doc: Doc, tables: CorefTables, titles: Titles | None,
                 countries: Countries | None = None) -> None:
        self.doc = doc
        self.countries = countries
        self.tables = tables
        self.words = tables.words
        self.entities = EntityIndex(doc, tables, titles)
        self.quote = quote_ids(doc)
        self.salience = Salience()
        self.current: list[Occurrence] = []  # this sentence's occurrences so far
        self.by_quote: dict[int, list[Occurrence]] = {}
        self.resolved: dict[int, str | None] = {}  # head token → key (None: looked at, unresolved)
        self.refs: dict[str, list[Span]] = {}
        self.sentence = 0
        self.sent: Span | None = None
        self.root: Token | None = None
        self.previous: Span | None = None
        self.last_owner: dict[str, str] = {}  # kind (campaign, spokesperson) → key of the last owner

    # --- the walk --------------------------------------------------------------------------------

    def run(self) -> list[Chain]:
        doc = self.doc
        skip = boilerplate_tokens(doc)
        starts = sentence_starts(doc)
        bounds = list(zip(starts, [*starts[1:], len(doc)]))
        for k, (start, end) in enumerate(bounds):
            self.sentence, self.sent = k, doc[start:end]
            self.root = self.sent.root  # Span.root walks the sentence: once per sentence
            self.current = []
            i = start
            while i < end:
                if i in skip:
                    i += 1
                    continue
                mention = self.entities.mention_at[i]
                if mention is not None:
                    self._occur(self.entities.key(mention), mention.root)
                    i = max(mention.end, i + 1)
                    continue
                tok = doc[i]
                if i not in self.resolved:
                    pronoun = self.tables.pronouns.get(tok.lower_)
                    if pronoun is not None:
                        self._record(tok, doc[i:i + 1], self._pronoun(tok, pronoun))
                    elif tok.lower_ in self.tables.descriptions:
                        self.describe(tok)
                i += 1
            for occ in self.current:
                self.salience.add(occ.key, occ.weight, k)
            self.previous = self.sent
        chains = [Chain(self.entities.info[key].first, sorted(spans, key=lambda s: s.start))
                  for key, spans in self.refs.items()]
        return sorted(chains, key=lambda c: (c.entity.start, c.entity.end))

    def _occur(self, key: str, head: Token) -> None:
        r = role(head)
        weight = BASE + (SUBJECT_BONUS if r == "subj" else 0.0)
        if r == "subj" and self.root is not None and head.head.i == self.root.i:
            weight += MAIN_BONUS
        if r in ("poss", "mod"):
            weight *= MODIFIER_FACTOR
        quote = self.quote[head.i]
        if quote >= 0:
            weight *= QUOTED_FACTOR
        occ = Occurrence(key, head.i, weight, quote)
        self.current.append(occ)
        if quote >= 0:
            self.by_quote.setdefault(quote, []).append(occ)
        self.salience.last[key] = head.i

    def _record(self, head: Token, span: Span, key: str | None) -> None:
        self.resolved[head.i] = key
        if key is None:
            return
        self.refs.setdefault(key, []).append(span)
        self._occur(key, head)

    # --- pronouns --------------------------------------------------------------------------------

    def _pronoun(self, tok: Token, pronoun: Pronoun) -> str | None:
        if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
            return None
        if pronoun.gender in BODY_PRONOUN_TYPES:
            return self._body_pronoun(tok, pronoun)
        if pronoun.case == "refl":
            return self._reflexive(tok, pronoun.gender)
        quote = self.quote[tok.i]
        if quote >= 0:
            return self._quoted(tok, pronoun.gender, quote)
        key = self._cataphor(tok, pronoun.gender)
        if key is None:
            key = self._most_salient(tok, pronoun.gender)
        if key is not None and self.entities.info[key].gender is None:
            self.entities.info[key].votes[pronoun.gender] += STRONG  # "he" said of Smith: Smith is a man
        return key

    def _agrees(self, key: str, gender: str) -> float:
        """How well a person agrees with a pronoun's gender: 1, UNKNOWN_GENDER, or 0 (not at all)."""
        info = self.entities.info[key]
        if info.label != "PERSON":
            return 0.0
        known = info.gender
        if known is None:
            return UNKNOWN_GENDER
        return 1.0 if known == gender else 0.0

    def _bound(self, tok: Token, occ: Occurrence) -> bool:
        """Whether syntax rules out ``occ`` for the (non-reflexive) pronoun ``tok``: co-arguments of one verb."""
        if role(tok) not in ("subj", "obj"):
            return False
        other = self.doc[occ.head]
        verb = governor(tok)
        return verb is not None and governor(other) is not None and governor(other).i == verb.i

    def _most_salient(self, tok: Token, gender: str) -> str | None:
        sentence = self.sentence
        scores: dict[str, float] = {}
        for key, (value, at) in self.salience.value.items():
            if value * DECAY ** (sentence - at) >= MIN_SALIENCE / 4:
                scores[key] = value * DECAY ** (sentence - at)
        bound = set()
        for occ in self.current:
            if occ.head >= tok.i:
                continue
            if self._bound(tok, occ):
                bound.add(occ.key)  # "Smith praised him": not Smith, however salient
            else:
                scores[occ.key] = scores.get(occ.key, 0.0) + occ.weight
        best, best_score = None, 0.0
        for key in sorted(set(scores) - bound):
            score = scores[key] * self._agrees(key, gender)
            if score > best_score or (score == best_score and best is not None
                                      and self.salience.last.get(key, -1) > self.salience.last.get(best, -1)):
                best, best_score = key, score
        return best if best_score >= MIN_SALIENCE else None

    def _quoted(self, tok: Token, gender: str, quote: int) -> str | None:
        """Inside a quotation: the most recent agreeing person named earlier in the same quotation."""
        for occ in reversed(self.by_quote.get(quote, [])):
            if occ.head < tok.i and self._agrees(occ.key, gender) == 1.0 and not self._bound(tok, occ):
                return occ.key
        return None

    def _reflexive(self, tok: Token, gender: str) -> str | None:
        """"himself": the subject of its own clause."""
        verb = governor(tok) or tok.head
        subject = clause_subject(verb)
        if subject is None:
            return None
        key = self._key_at(subject)
        return key if key is not None and self._agrees(key, gender) > 0 else None

    def _cataphor(self, tok: Token, gender: str) -> str | None:
        """"When he arrived, Smith said ...": a pronoun in a fronted clause, the main clause's subject after it."""
        sent = self.sent
        if sent is None or any(o.head < tok.i and self._agrees(o.key, gender) > 0 for o in self.current):
            return None
        if not in_fronted_clause(tok, self.root):
            return None
        subject = clause_subject(self.root)
        if subject is None or subject.i < tok.i:
            return None
        mention = self.entities.mention_at[subject.i]
        if mention is None:
            return None
        key = self.entities.key(mention)
        return key if self._agrees(key, gender) == 1.0 else None

    def _body_pronoun(self, tok: Token, pronoun: Pronoun) -> str | None:
        """"it"/"they" as subject or possessor: the body or group that is the previous clause's subject."""
        if self.quote[tok.i] >= 0 or pronoun.case in ("obj", "refl"):
            return None
        if pronoun.case == "subj" and (tok.dep_ not in SUBJECT_DEPS
                                       or tok.head.lemma_.lower() in self.words["pleonastic_verbs"]):
            return None
        subject = self._previous_subject(tok)
        if subject is None:
            return None
        key = self._key_at(subject)
        if key is None:
            return None
        info = self.entities.info[key]
        return key if info.label in BODY_PRONOUN_TYPES[pronoun.gender] else None

    def _previous_subject(self, tok: Token) -> Token | None:
        """The nearest subject before ``tok`` in its sentence (not its own), else the previous sentence's."""
        sent = self.sent
        own = governor(tok)
        for i in range(tok.i - 1, sent.start - 1, -1):
            cand = self.doc[i]
            if cand.dep_ in SUBJECT_DEPS and (own is None or cand.head.i != own.i or tok.dep_ == "poss"):
                return cand
        if self.previous is None:
            return None
        return root_subject(self.previous)

    def _key_at(self, tok: Token) -> str | None:
        """The entity a token names or refers to: a mention, or a pronoun or description resolved."""
        mention = self.entities.mention_at[tok.i]
        if mention is not None:
            return self.entities.key(mention)
        if tok.i in self.resolved:
            return self.resolved[tok.i]
        if tok.lower_ in self.tables.descriptions:
            return self.describe(tok)
        return None

    # --- descriptions ----------------------------------------------------------------------------

    def describe(self, tok: Token) -> str | None:
        """Resolve the description headed by ``tok`` (once), recording it in the chains."""
        if tok.i in self.resolved:
            return self.resolved[tok.i]
        self.resolved[tok.i] = None  # guards against cycles ("the campaign's spokesman for the campaign")
        desc = self.tables.descriptions[tok.lower_]
        found = self._description(tok, desc)
        if found is None:
            return None
        span, key = found
        self._record(tok, span, key)
        return key

    def _description(self, tok: Token, desc: Description) -> tuple[Span, str] | None:
        if tok.pos_ not in ("NOUN", "PROPN") or self.entities.mention_at[tok.i] is not None:
            return None
        if tok.dep_ in ("attr", "appos", "compound") or (tok.dep_ == "pobj" and tok.head.lower_ in
                                                         self.words["non_referring_preps"]):
            return None  # "X is the president", "X, the mayor,", "the company spokesman": no reference
        if any(c.dep_ == "appos" and self._is_person(c) for c in tok.children) or (
                tok.head.i != tok.i and tok.dep_ in ("nmod",) and self._is_person(tok.head)):
            return None  # "spokesman Josh Earnest", "the senator, Ann Kerr": named in place
        left = [c for c in tok.lefts]
        det = next((c for c in left if c.dep_ in ("det", "predet")), None)
        poss = next((c for c in left if c.dep_ == "poss"), None)
        definite = det is not None and det.lower_ in self.words["definite"]
        indefinite = det is not None and det.lower_ in self.words["indefinite"]
        start = min([c.left_edge.i for c in left] + [tok.i])
        span = self.doc[start:tok.i + 1]
        if desc.kind in ("campaign", "spokesperson"):
            if not (definite or poss is not None or (indefinite and desc.kind == "spokesperson")):
                return None
            owner = self._owner(tok, desc)
            if owner is None and (definite and poss is None):
                owner = self.last_owner.get(desc.kind)
            if owner is None:
                return None
            self.last_owner[desc.kind] = owner
            return span, owner
        if not definite or poss is not None:
            return None
        if desc.kind == "title":
            key = self._title_holder(tok, desc)
        elif desc.kind == "role":
            key = self._title_holder(tok, desc)
        elif desc.kind == "government":
            key = self._government(tok)
        else:
            key = self._body(tok, desc)
        return (span, key) if key is not None else None

    def _is_person(self, tok: Token) -> bool:
        mention = self.entities.mention_at[tok.i]
        return mention is not None and mention.label_ == "PERSON"

    def _owner(self, tok: Token, desc: Description) -> str | None:
        """Whose campaign or spokesperson: the possessor, a named modifier, or the object of "for"/"of"."""
        candidates: list[Token] = []
        for child in tok.lefts:
            if child.dep_ in ("poss", "compound", "nmod", "amod"):
                candidates.append(child)
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in self.words["owner_preps"]:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
        for cand in candidates:
            key = self._key_at(cand)
            if key is not None and self.entities.info[key].label in desc.types:
                return key
        return None

    def _title_holder(self, tok: Token, desc: Description) -> str | None:
        """"the mayor": the person the document says holds the office, else the most salient person with no
        other office stated (only without a complement: "the president of Mexico" needs its holder)."""
        holders = [key for key, info in self.entities.info.items() if desc.head in info.titles]
        if holders:
            return max(holders, key=lambda k: (self._score(k), self._recency(k, tok), k))
        if any(c.dep_ == "prep" for c in tok.rights):
            return None
        return self._salient_person(tok, desc, desc.head)

    def _salient_person(self, tok: Token, desc: Description, office: str | None) -> str | None:
        best, best_score = None, 0.0
        for key in self._candidates():
            info = self.entities.info[key]
            if info.label != "PERSON" or (office is not None and info.titles and office not in info.titles):
                continue
            agree = self._agrees(key, desc.gender) if desc.gender else 1.0
            score = self._score(key) * agree
            if score > best_score:
                best, best_score = key, score
        return best if best_score >= MIN_SALIENCE else None

    def _body(self, tok: Token, desc: Description) -> str | None:
        """"the company": the most salient body of its types, preferring one whose name holds the head word."""
        best, best_rank = None, (0.0, -1)
        for key in self._candidates():
            info = self.entities.info[key]
            if info.label not in desc.types:
                continue
            score = self._score(key)
            if desc.head in (info.first._.canonical or info.first.text).lower().split():
                score *= 3
            rank = (score, self._recency(key, tok))
            if rank > best_rank:
                best, best_rank = key, rank
        return best if best is not None and best_rank[0] > 0 else None

    def _government(self, tok: Token) -> str | None:
        """"the Indonesian government", "Mexico's government": the country named with it; bare, the most
        salient country (a GPE whose name is a country's)."""
        countries = self.countries
        for child in tok.lefts:
            mention = self.entities.mention_at[child.i]
            if mention is None or child.dep_ not in ("amod", "compound", "poss", "nmod"):
                continue
            if mention.label_ == "GPE":
                return self.entities.key(mention)
            if mention.label_ == "NORP" and countries is not None:
                code = countries.of_nationality(mention._.canonical or mention.text)
                return self._country_key(code) if code else None
        if countries is None:
            return None
        best, best_score = None, 0.0
        for key in self._candidates():
            info = self.entities.info[key]
            if info.label == "GPE" and countries.code(info.first._.canonical or info.first.text):
                score = self._score(key)
                if score > best_score:
                    best, best_score = key, score
        return best if best_score >= MIN_SALIENCE else None

    def _country_key(self, code: str) -> str | None:
        """The document's GPE entity for a country code, if the country is named."""
        for key, info in sorted(self.entities.info.items()):
            if info.label == "GPE" and self.countries.code(info.first._.canonical or info.first.text) == code:
                return key
        return None

    def _candidates(self) -> list[str]:
        """Every entity named so far (earlier sentences and this one), in a stable order."""
        return sorted(set(self.salience.value) | {o.key for o in self.current})

    def _score(self, key: str) -> float:
        score = self.salience.get(key, self.sentence)
        return score + sum(o.weight for o in self.current if o.key == key)

    def _recency(self, key: str, tok: Token) -> int:
        last = self.salience.last.get(key, -1)
        return last if last < tok.i else -1


def resolve(doc: Doc, tables: CorefTables, titles: Titles | None = None,
            countries: Countries | None = None) -> list[Chain]:
    """``doc._.coref``: one chain per entity referred to, ordered by the entity's first mention."""
    return Resolver(doc, tables, titles, countries).run()
