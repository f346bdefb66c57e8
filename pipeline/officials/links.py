"""Who holds a title: the syntactic links between a title phrase and a person.

These constructions state a role, each read from the parse or from adjacency inside one sentence:

- pre-nominal: the title directly before the name ("Secretary of State Antony Blinken"), also in the plural
  before coordinated names ("Senators John McCain and Lindsey Graham": each a "Senator"); "The European
  Central Bank, led by President Christine Lagarde" names the body she leads;
- apposition, name first: "John Kirby, a National Security Council spokesman";
- apposition, title first: "the spokesperson, John Kirby" (the parse links the two, or the
  title opens the clause), "one of Mr Bakrie's deputies, Mahendra Siregar";
- predicate: "Zuniga ... was a top Latin America adviser" (copula, including a verb
  coordinated with one that has the subject, and relative clauses: "who is ..."); a denied role
  ("not a secretary") is none, and the backshifted "was" of reported speech is no past role;
- "as": "who serves as special envoy", "appointed by the State Department as special envoy",
  "stepped down as minister" (a past role), "in serving as first lady" (the subject of the clause it
  depends on), "on his first day as home secretary" (the owner of a noun of tenure);
- post-nominal: "Frank Field MP".

A pronoun in any of these ("when he was Home Secretary") stands for a person only where the text leaves
one (:mod:`pipeline.officials.pronouns`). A second pass links titles in apposition to or coordinated with
a linked one, and definite descriptions that open their clause ("The prime minister was commenting ...")
to the person they refer back to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.annotations import DATES
from pipeline.ids import fold
from pipeline.officials.mentions import Mention
from pipeline.officials.phrases import TitlePhrase
from pipeline.officials.pronouns import PronounResolver, person_key
from pipeline.sentences import sentence_of

RELATIVE_PRONOUNS = frozenset({"who", "whom", "that", "which"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OPENERS = frozenset({"“", "\"", "'", "‘", ":", "(", "[", "—", "–", "-"})


@dataclass(frozen=True)
class Link:
    person: Mention
    kind: str  # prenominal | appos_right | appos_left | predicate | as
    former: bool = False
    agent: Mention | None = None  # a body that appointed the person ("appointed by the State Department")
    via: int | None = None  # index of the coordinated title this link was taken from
    others: tuple[Mention, ...] = ()  # further holders of a plural title ("Senators X and Y": Y)


class Linker:
    def __init__(self, doc: Doc, tok_mention: list[Mention | None], phrases: list[TitlePhrase],
                 honorifics: frozenset[str], words: dict[str, frozenset[str]]) -> None:
        self.doc = doc
        self.honorifics = honorifics
        self.words = words  # the officials' word lists (models/officials/word_lists.tsv)
        self.tok_mention = tok_mention
        self.phrases = phrases
        self.by_head = {p.root: p for p in phrases}
        self.surnames = surname_index(m for m in tok_mention if m is not None)
        self.pronouns = PronounResolver(doc, tok_mention, words)

    def person_at(self, index: int) -> Mention | None:
        if 0 <= index < len(self.doc):
            mention = self.tok_mention[index]
            if mention is not None and mention.label == "PERSON":
                return mention
        return None

    def person_of(self, tok: Token) -> Mention | None:
        """The person a token stands for: its own mention, or the mention its compound chain ends in."""
        mention = self.person_at(tok.i)
        if mention is not None:
            return mention
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            return self.person_of(tok.head.head)
        if tok.pos_ == "PRON":
            return self.pronouns.resolve(tok)  # "when he was Home Secretary": only where one person fits
        for child in tok.children:
            if child.dep_ == "appos" and (person := self.person_at(child.i)) is not None:
                return person  # "named Tom Homan's predecessor, Tae Johnson, as acting director"
        if tok.pos_ == "PROPN" and self.tok_mention[tok.i] is None:
            # a surname the recogniser missed, of a person named in full elsewhere in the document
            known = self.surnames.get(fold(tok.text))
            if known is not None:
                return Mention(tok.i, tok.i + 1, "PERSON", tok.text, known.canonical, known.entity_id)
        return None

    def negated(self, phrase: TitlePhrase) -> bool:
        """"a minister and not a secretary", "never a minister": the role is denied."""
        doc = self.doc
        if phrase.np_start > 0 and doc[phrase.np_start - 1].lower_ in self.words["negations"]:
            return True
        return any(c.dep_ == "neg" for c in doc[phrase.root].children)

    def link(self, phrase: TitlePhrase) -> Link | None:
        if self.negated(phrase):
            return None
        if phrase.plural:
            return self._plural(phrase)
        for method in (self._prenominal, self._appos_right, self._appos_left, self._as, self._predicate, self._postnominal):
            found = method(phrase)
            if found is not None:
                return found
        return None

    # -- constructions -----------------------------------------------------------------------------
    def _plural(self, phrase: TitlePhrase) -> Link | None:
        """A plural title holds for the people it names: "Senators X and Y" (each), "one of Mr Bakrie's
        deputies, X" (X)."""
        doc = self.doc
        start = max(phrase.end, phrase.outer_end)
        if start < len(doc) and doc[start].text == ",":
            k = phrase.np_start
            while k > 0 and doc[k - 1].lower_ in self.honorifics:
                k -= 1  # "one of Mr Bakrie's deputies"
            if k < 2 or doc[k - 1].lower_ != "of" or doc[k - 2].lower_ != "one":
                return None
            person = self.person_at(start + 1)
            if person is None or person.start != start + 1:
                return None
            after = doc[person.end] if person.end < len(doc) else None
            if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX")):
                return None
            return Link(person, "appos_left")
        person = self.person_at(start)
        if person is None or person.start != start:
            return None
        others: list[Mention] = []
        j = person.end
        while j + 1 < len(doc):
            if doc[j].text == "," and j + 2 < len(doc) and doc[j + 1].lower_ in ("and", "&"):
                j += 1
            if doc[j].text not in (",", "and", "&"):
                break
            nxt = self.person_at(j + 1)
            if nxt is None or nxt.start != j + 1:
                break
            others.append(nxt)
            j = nxt.end
        if not others:
            return None  # "Senators John Smith": a plural before one name is no title of his
        return Link(person, "prenominal", others=tuple(others))


    def _prenominal(self, phrase: TitlePhrase) -> Link | None:
        if phrase.person_inside is not None:
            return Link(phrase.person_inside, "prenominal")
        start = max(phrase.end, phrase.outer_end)
        if start < len(self.doc) and self.person_at(start) is None and self.doc[start].lower_ in self.honorifics:
            start += 1  # "National Audit Office chief Sir John Bourn"
        person = self.person_at(start)
        if person is not None and person.start == start:
            return Link(person, "prenominal", agent=self._led_body(person))
        return None

    def _led_body(self, person: Mention) -> Mention | None:
        """"The European Central Bank, led by President Christine Lagarde": the body the title-holder leads."""
        doc = self.doc
        inside = range(person.start, person.end)
        root = next((doc[k] for k in inside if doc[k].head.i not in inside), None)
        if root is None or root.dep_ != "pobj" or root.head.lower_ != "by":
            return None
        verb = root.head.head
        if verb.lemma_ not in self.words["leading"]:
            return None
        body = verb.head if verb.dep_ == "acl" else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        mention = self.tok_mention[body.i] if body is not None else None
        return mention if mention is not None and mention.label == "AGENCY" else None

    def _postnominal(self, phrase: TitlePhrase) -> Link | None:
        """"Frank Field MP", "Karen Whitefield MSP": an abbreviated title written after the name."""
        text = self.doc[phrase.match_start:phrase.match_end].text
        if phrase.np_start != phrase.match_start or not text.replace(".", "").isupper():
            return None
        person = self.person_at(phrase.match_start - 1)
        if person is None or person.end != phrase.match_start:
            return None
        if person.start > 0 and self.doc[person.start - 1].pos_ == "DET":
            return None  # "The Edinburgh MSP": a description, not a name
        return Link(person, "postnominal")

    def _appos_right(self, phrase: TitlePhrase) -> Link | None:
        doc, i = self.doc, phrase.np_start - 1
        if i < 1 or doc[i].text != ",":
            return None
        person = self.person_at(i - 1)
        if person is None and doc[i - 1].like_num and i >= 3 and doc[i - 2].text == ",":
            person = self.person_at(i - 3)  # "Blinken, 61, the secretary of state"
        if person is None or person.end not in (i, i - 2):
            return None
        head = doc[phrase.root]
        if head.dep_ in SUBJECT_DEPS and head.head.i > phrase.end:
            return None  # "After he met Obrador, the president said": a new clause, not an apposition
        return Link(person, "appos_right")

    def _appos_left(self, phrase: TitlePhrase) -> Link | None:
        doc = self.doc
        i = max(phrase.end, phrase.outer_end)
        if i >= len(doc) or doc[i].text != ",":
            return None
        j = i + 1
        nxt = next((p for p in self.phrases if p.np_start == j), None)
        if nxt is not None:
            j = nxt.end
        if j + 1 < len(doc) and self.person_at(j) is None and doc[j].lower_ in self.honorifics:
            j += 1  # "The Lord Chief Justice, Lord Woolf"
        person = self.person_at(j)
        if person is None or person.start != j:
            return None
        after = doc[person.end] if person.end < len(doc) else None
        if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX")):
            return None  # "Minister for Children, Young People and Families X": a list, not an apposition
        head = doc[phrase.root]
        person_root = max((doc[k] for k in range(person.start, person.end)), key=lambda t: t.head.i not in range(person.start, person.end))
        related = (
            (head.dep_ == "appos" and person.start <= head.head.i < person.end)
            or (person_root.dep_ == "appos" and phrase.start <= person_root.head.i < phrase.end)
        )
        if related or self._opens_clause(phrase):
            return Link(person, "appos_left")
        return None

    def _opens_clause(self, phrase: TitlePhrase) -> bool:
        """The title phrase (or a chain of coordinated ones ending in it) begins its clause."""
        doc = self.doc
        start = phrase.np_start
        while True:
            prev = next((p for p in self.phrases if p.end == start - 1 and doc[start - 1].pos_ == "CCONJ"), None)
            if prev is None:
                break
            start = prev.np_start
        sent_start = sentence_of(doc, start).start
        return start == sent_start or doc[start - 1].text in OPENERS

    def _as(self, phrase: TitlePhrase) -> Link | None:
        doc = self.doc
        head = doc[phrase.root]
        if head.dep_ != "pobj" or head.head.lower_ != "as":
            return self._as_noun(phrase)
        verb = head.head.head
        if verb.pos_ in ("NOUN", "PROPN"):
            return self._as_noun(phrase)
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        former = verb.lemma_ in self.words["past_role"] or self._past_service(verb)
        agent = self._agent(verb)
        children = list(verb.children)
        for dep in ("nsubjpass", "dobj", "oprd", "nsubj"):
            if dep in ("dobj", "oprd") and verb.lemma_ not in self.words["appointing"]:
                continue
            if dep == "nsubj" and verb.lemma_ not in self.words["serving"] | self.words["leaving"] | self.words["copulas"]:
                continue  # "X said as home secretary he ...": the subject need not be the title-holder
            for child in children:
                if child.dep_ == dep:
                    person = self.person_of(child)
                    if person is not None:
                        return Link(person, "as", former, agent)
        if verb.dep_ in ("acl", "relcl", "advcl"):
            person = self._reduced_relative_owner(verb)
            if person is not None:
                return Link(person, "as", former, agent)
        if verb.lemma_ in self.words["serving"] | self.words["leaving"] | self.words["copulas"]:
            subject = self._inherited_subject(verb)
            if subject is None and verb.dep_ in ("pcomp", "advcl") and verb.tag_ == "VBG":
                # "Hillary Clinton, in serving as first lady, ...", "While serving as governor, he ...": the
                # subject of the clause the gerund depends on
                governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
                if governor.pos_ in ("VERB", "AUX"):
                    subject = self._inherited_subject(governor)
                    former = former or verb.lemma_ in self.words["serving"] and governor.tag_ == "VBD"
                if subject is None:
                    opener = verb.head if verb.dep_ == "pcomp" else verb
                    subject = self._comma_owner(opener.left_edge.i)
                former = former or self._ended(verb)
            if subject is not None:
                return Link(subject, "as", former, agent)
        return None

    def _as_noun(self, phrase: TitlePhrase) -> Link | None:
        """"Charles Clarke on his first day as home secretary", "her resignation as minister": the owner of a
        noun of tenure before "as" holds the role (read from the words: the parse often takes "as" for a
        conjunction here)."""
        doc = self.doc
        k = phrase.np_start - 1
        if k < 1 or doc[k].lower_ != "as":
            return None
        noun = doc[k - 1]
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.words["tenure_nouns"] | self.words["leaving_nouns"]:
            return None
        for child in noun.children:
            if child.dep_ == "poss":
                person = self.person_of(child)
                if person is not None:
                    return Link(person, "as", noun.lemma_.lower() in self.words["leaving_nouns"])
        return None

    def _comma_owner(self, left: int) -> Mention | None:
        """"Hillary Clinton, in serving as ...": the name that ends right before the comma opening the clause."""
        if left >= 2 and self.doc[left - 1].text == ",":
            person = self.person_at(left - 2)
            if person is not None and person.end == left - 1:
                return person
        return None

    def _ended(self, verb: Token) -> bool:
        """The clause dates the role to a period that ended before publication ("from 1993 to 2001")."""
        doc = self.doc
        published = doc._.published_at
        if published is None:
            return False
        lo, hi = verb.left_edge.i, verb.right_edge.i + 1
        for span in doc.spans.get(DATES, []):
            if not (lo <= span.start and span.end <= hi) or span.start == 0:
                continue
            timex = span._.timex
            if doc[span.start - 1].lower_ in ("to", "until", "till", "through") and timex is not None \
                    and timex.date_end is not None and timex.date_end < published:
                return True
        return False

    def _past_service(self, verb: Token) -> bool:
        """"who served as chief of staff": serving told in the simple past is a past role ("has served" is not)."""
        return verb.lemma_ in self.words["serving"] and verb.tag_ == "VBD" and not any(c.dep_ == "aux" for c in verb.children)

    def _agent(self, verb: Token) -> Mention | None:
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    mention = self.tok_mention[obj.i]
                    if mention is not None and mention.label == "AGENCY":
                        return mention
        return None

    def _reduced_relative_owner(self, verb: Token) -> Mention | None:
        """"Ricardo Zuniga, just appointed ... as envoy": the name before the comma that opens the clause."""
        doc = self.doc
        left = verb.left_edge.i
        if left >= 2 and doc[left - 1].text == ",":
            person = self.person_at(left - 2)
            if person is not None and person.end == left - 1:
                return person
            if doc[left - 2].pos_ == "PROPN":
                return None  # a name the recogniser missed stands there: do not reach past it
        return self.person_of(verb.head)

    def _inherited_subject(self, verb: Token) -> Mention | None:
        """The subject of a verb, or of the verb it is coordinated with ("X is ... and was ...")."""
        seen = 0
        while verb is not None and seen < 4:
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS:
                    return self.person_of(child)
            if verb.dep_ != "conj":
                return None
            verb = verb.head
            seen += 1
        return None

    def _predicate(self, phrase: TitlePhrase) -> Link | None:
        head = self.doc[phrase.root]
        if head.dep_ == "appos" and head.head.i in self.by_head:
            return None  # handled through the phrase it is in apposition to (see Linker.propagate)
        if head.dep_ not in ("attr", "oprd", "acomp"):
            return None
        verb = head.head
        lemma = verb.lemma_
        if lemma not in self.words["copulas"] and lemma not in self.words["appointing"]:
            return None
        if any(c.dep_ == "neg" for c in verb.children) or self._hypothetical(verb):
            return None  # "she was not a minister", "had he still been a backbencher"
        person = self._inherited_subject(verb)
        if person is None:
            return None
        return Link(person, "predicate", self._past_copula(verb) if lemma == "be" else False)

    @staticmethod
    def _hypothetical(verb: Token) -> bool:
        """"if he were president", "had he still been a backbencher", "was he a minister?": no statement."""
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return True
            if subject is not None and child.dep_ in ("aux", "auxpass") and child.i < subject.i:
                return True
        return subject is not None and verb.i < subject.i and verb.lemma_ == "be"

    def _past_copula(self, verb: Token) -> bool:
        """"was a top adviser": a past role; "has been ambassador since 2019" is a present one, and so is the
        backshifted "was" of reported speech ("she said she was a minister"); "became" starts a role."""
        if verb.tag_ != "VBD" and not any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lower_ == "had" for c in verb.children):
            return False
        if any(c.lower_ in ("still", "now", "currently") for c in verb.children):
            return False
        clause, steps = verb, 0
        while clause.dep_ in ("ccomp", "xcomp") and steps < 4:
            clause, steps = clause.head, steps + 1
            if clause.tag_ == "VBD" and clause.lemma_ in self.words["reporting"]:
                return False
        return True

    # -- second pass -------------------------------------------------------------------------------
    def propagate(self, links: dict[int, Link]) -> None:
        """Titles in apposition to, or coordinated with, a linked title belong to the same person."""
        changed = True
        rounds = 0
        while changed and rounds < 4:
            changed = False
            rounds += 1
            for index, phrase in enumerate(self.phrases):
                if index in links:
                    continue
                head = self.doc[phrase.root]
                other = self.by_head.get(head.head.i)
                if other is None or head.dep_ not in ("appos", "conj"):
                    other = self._coordinated_before(phrase)
                if other is None:
                    continue
                if self.negated(phrase):
                    continue
                other_index = self.phrases.index(other)
                if other_index in links:
                    base = links[other_index]
                    links[index] = Link(base.person, base.kind, base.former, base.agent, other_index)
                    changed = True

    def anaphors(self, links: dict[int, Link], leaders: frozenset[str]) -> None:
        """"Tony Blair has apologised ... The prime minister was commenting": a definite description that
        opens its clause as the subject refers back to a person.

        To the one person the document has already given the same role, when there is one ("The Indonesian
        Economics Minister" after "Economics Minister Aburizal Bakrie"); otherwise, to the subject of the previous
        sentence, when that person holds no other role in the document and, for a head of state or government,
        no other well-known leader is named in it (``leaders``: their entity keys)."""
        roles: dict[int, tuple[str, tuple[str, ...]]] = {i: _role_key(p) for i, p in enumerate(self.phrases)}
        for index, phrase in enumerate(self.phrases):
            if index in links or not self._definite_subject(phrase):
                continue
            entry = phrase.entry
            if entry.anchored or entry.category in ("administrative", "police", "military") or self.negated(phrase):
                continue
            holders = {person_key(links[i].person): links[i].person for i in sorted(links)
                       if roles[i] == roles[index] and self.phrases[i].match_start < phrase.match_start}
            if len(holders) > 1:
                continue
            if holders:
                person = next(iter(holders.values()))
            else:
                person = self._previous_subject(phrase.np_start)
                if person is None:
                    continue
                key = person_key(person)
                if any(person_key(link.person) == key and roles[i] != roles[index] for i, link in links.items()):
                    continue  # "Tory co-chairman Liam Fox ... Mr Fox said. The Tory leader wanted": not Fox
                if entry.category == "executive" and leaders - {key}:
                    continue  # "the president" with another well-known leader in the article
            here = Mention(phrase.start, phrase.end, "PERSON", person.text, person.canonical, person.entity_id)
            links[index] = Link(here, "anaphor", False)

    def _definite_subject(self, phrase: TitlePhrase) -> bool:
        """"The prime minister was ...", "But the minority leader said": "the" + title, the subject of its clause,
        with only conjunctions, adverbs or punctuation before it in the sentence."""
        doc = self.doc
        if phrase.possessor is not None or phrase.person_inside is not None or phrase.possessed:
            return False
        if doc[phrase.np_start].lower_ != "the" or doc[phrase.root].dep_ not in SUBJECT_DEPS:
            return False
        after = max(phrase.end, phrase.outer_end)
        if after < len(doc) and (self.person_at(after) is not None or doc[after].text in (",", "(", "-", "–", "—")):
            return False  # "The Lord Chief Justice, Lord Woolf, ...": an apposition names the holder
        sent = sentence_of(doc, phrase.np_start)
        return all(t.is_punct or t.pos_ in ("CCONJ", "ADV") for t in doc[sent.start:phrase.np_start])

    def _previous_subject(self, index: int) -> Mention | None:
        """The person who is the subject of the main verb of the sentence before the one at ``index``."""
        doc = self.doc
        sent = sentence_of(doc, index)
        if sent.start == 0:
            return None
        previous = sentence_of(doc, sent.start - 1)
        root = previous.root
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS:
                person = self.person_at(child.i)
                if person is not None:
                    return person
        # a headline run into the first sentence ("PM apology over jailings\n\nTony Blair has apologised"): the
        # parse hangs the name on the headline; the name that opens the paragraph before its verb is the subject
        breaks = [t.i for t in previous if t.is_space and "\n" in t.text and t.i + 1 < previous.end]
        if breaks:
            person = self.person_at(breaks[-1] + 1)
            if person is not None and person.start == breaks[-1] + 1 and person.end < previous.end \
                    and doc[person.end].pos_ in ("AUX", "VERB"):
                return person
        return None

    def _coordinated_before(self, phrase: TitlePhrase) -> TitlePhrase | None:
        """"Special Assistant to the President and Coordinator for the Southwest Border, Ambassador X"."""
        doc = self.doc
        k = phrase.end
        if k < len(doc) and doc[k].pos_ == "CCONJ":
            return next((p for p in self.phrases if p.np_start == k + 1), None)
        return None


def _role_key(phrase: TitlePhrase) -> tuple[str, tuple[str, ...]]:
    return phrase.entry.role, tuple(phrase.rank)


def surname_index(mentions: Iterable[Mention]) -> dict[str, Mention]:
    """Folded last name → the person, for names borne by exactly one person in the document."""
    found: dict[str, dict[str, Mention]] = {}
    for mention in mentions:
        words = mention.canonical.split()
        if mention.label == "PERSON" and len(words) >= 2:
            found.setdefault(fold(words[-1]), {})[mention.canonical] = mention
    return {key: next(iter(people.values())) for key, people in found.items() if len(people) == 1}
