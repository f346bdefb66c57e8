"""Who holds a title: the syntactic links between a title phrase and a person.

Five constructions state a role, and each is read from the parse or from
adjacency inside one sentence:

- pre-nominal: the title directly before the name ("Secretary of State Antony Blinken");
- apposition, name first: "John Kirby, a National Security Council spokesman";
- apposition, title first: "the spokesperson, John Kirby" (the parse links the two, or the
  title opens the clause);
- predicate: "Zuniga ... was a top Latin America adviser" (copula, including a verb
  coordinated with one that has the subject, and relative clauses: "who is ...");
- "as": "who serves as special envoy", "appointed by the State Department as special envoy",
  "stepped down as minister" (a past role).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.ids import fold
from pipeline.officials.mentions import Mention
from pipeline.officials.phrases import TitlePhrase
from pipeline.sentences import sentence_of

COPULAS = frozenset({"be", "become", "remain", "stay"})
APPOINTING = frozenset({
    "appoint", "name", "nominate", "designate", "elect", "reelect", "re-elect", "choose", "select", "tap", "pick",
    "confirm", "install", "swear", "promote", "hire", "reappoint", "make", "announce", "introduce", "proclaim",
})
SERVING = frozenset({"serve", "act", "work", "remain", "stay", "continue", "join", "return", "take", "sit", "operate", "function"})
LEAVING = frozenset({"resign", "step", "quit", "retire", "leave", "depart", "oust", "fire", "sack", "remove", "dismiss",
                     "replace", "succeed", "serve"})
# verbs whose "as" role is a past one even in the present tense
PAST_ROLE = frozenset({"resign", "step", "quit", "retire", "leave", "depart", "oust", "fire", "sack", "remove", "dismiss"})
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


class Linker:
    def __init__(self, doc: Doc, tok_mention: list[Mention | None], phrases: list[TitlePhrase],
                 honorifics: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.honorifics = honorifics
        self.tok_mention = tok_mention
        self.phrases = phrases
        self.by_head = {p.root: p for p in phrases}
        self.surnames = surname_index(m for m in tok_mention if m is not None)

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
        for child in tok.children:
            if child.dep_ == "appos" and (person := self.person_at(child.i)) is not None:
                return person  # "named Tom Homan's predecessor, Tae Johnson, as acting director"
        if tok.pos_ == "PROPN" and self.tok_mention[tok.i] is None:
            # a surname the recogniser missed, of a person named in full elsewhere in the document
            known = self.surnames.get(fold(tok.text))
            if known is not None:
                return Mention(tok.i, tok.i + 1, "PERSON", tok.text, known.canonical, known.entity_id)
        return None

    def link(self, phrase: TitlePhrase) -> Link | None:
        for method in (self._prenominal, self._appos_right, self._appos_left, self._as, self._predicate, self._postnominal):
            found = method(phrase)
            if found is not None:
                return found
        return None

    # -- constructions -----------------------------------------------------------------------------
    def _prenominal(self, phrase: TitlePhrase) -> Link | None:
        if phrase.person_inside is not None:
            return Link(phrase.person_inside, "prenominal")
        start = phrase.end
        if start < len(self.doc) and self.person_at(start) is None and self.doc[start].lower_ in self.honorifics:
            start += 1  # "National Audit Office chief Sir John Bourn"
        person = self.person_at(start)
        if person is not None and person.start == start:
            return Link(person, "prenominal")
        return None

    def _postnominal(self, phrase: TitlePhrase) -> Link | None:
        """"Frank Field MP", "Karen Whitefield MSP": an abbreviated title written after the name."""
        text = self.doc[phrase.match_start:phrase.match_end].text
        if phrase.np_start != phrase.match_start or not text.replace(".", "").isupper():
            return None
        person = self.person_at(phrase.match_start - 1)
        if person is None or person.end != phrase.match_start:
            return None
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
        i = phrase.end
        if i >= len(doc) or doc[i].text != ",":
            return None
        j = i + 1
        nxt = next((p for p in self.phrases if p.np_start == j), None)
        if nxt is not None:
            j = nxt.end
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
        head = self.doc[phrase.root]
        if head.dep_ != "pobj" or head.head.lower_ != "as":
            return None
        verb = head.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        former = verb.lemma_ in PAST_ROLE
        agent = self._agent(verb)
        children = list(verb.children)
        for dep in ("nsubjpass", "dobj", "oprd", "nsubj"):
            if dep in ("dobj", "oprd") and verb.lemma_ not in APPOINTING:
                continue
            if dep == "nsubj" and verb.lemma_ not in SERVING | LEAVING | COPULAS:
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
        if verb.lemma_ in SERVING | LEAVING | COPULAS:
            subject = self._inherited_subject(verb)
            if subject is not None:
                return Link(subject, "as", former, agent)
        return None

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
        if lemma not in COPULAS and lemma not in APPOINTING:
            return None
        person = self._inherited_subject(verb)
        if person is None:
            return None
        return Link(person, "predicate", self._past_copula(verb) if lemma in COPULAS else False)

    def _past_copula(self, verb: Token) -> bool:
        """"was a top adviser": a past role; "has been ambassador since 2019" is a present one."""
        if verb.tag_ != "VBD" and not any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lower_ == "had" for c in verb.children):
            return False
        return not any(c.lower_ in ("still", "now", "currently") for c in verb.children)

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
                other_index = self.phrases.index(other)
                if other_index in links:
                    base = links[other_index]
                    links[index] = Link(base.person, base.kind, base.former, base.agent, other_index)
                    changed = True

    def _coordinated_before(self, phrase: TitlePhrase) -> TitlePhrase | None:
        """"Special Assistant to the President and Coordinator for the Southwest Border, Ambassador X"."""
        doc = self.doc
        k = phrase.end
        if k < len(doc) and doc[k].pos_ == "CCONJ":
            return next((p for p in self.phrases if p.np_start == k + 1), None)
        return None


def surname_index(mentions: Iterable[Mention]) -> dict[str, Mention]:
    """Folded last name → the person, for names borne by exactly one person in the document."""
    found: dict[str, dict[str, Mention]] = {}
    for mention in mentions:
        words = mention.canonical.split()
        if mention.label == "PERSON" and len(words) >= 2:
            found.setdefault(fold(words[-1]), {})[mention.canonical] = mention
    return {key: next(iter(people.values())) for key, people in found.items() if len(people) == 1}
