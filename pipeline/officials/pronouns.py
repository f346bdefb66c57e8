"""Third-person pronouns resolved to a person, only where the text leaves one candidate.

"Mr Straw said that when he was Home Secretary ...", "Yvette Cooper said she
was a minister", "Charles Clarke on his first day as home secretary": a role
stated of "he", "she" or "his" belongs to a person only when the antecedent is
clear. The candidates are the people named before the pronoun in its sentence;
failing those, the subject of the main clause after it ("When he was home
secretary, David Blunkett ..."); failing that, the people of the previous
sentence. Ruled out: a person of the other gender (by a courtesy title written
anywhere in the document: "Mr", "Mrs", "Sir", "Baroness"), a name that only
modifies a noun ("the Attlee government", "James Callaghan's administration"),
and, for a pronoun inside a quotation, a person named outside it (the speaker
says "I"; "he" is someone else). Exactly one person left: that person.
Otherwise: no one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.officials.mentions import Mention
from pipeline.quotations import quote_ids
from pipeline.sentences import sentence_of, sentence_starts

SUBJECT_DEPS = ("nsubj", "nsubjpass")


def person_key(mention: Mention) -> str:
    return mention.entity_id or mention.canonical


def _modifier(doc: Doc, mention: Mention, institution_nouns: frozenset[str]) -> bool:
    """A name that modifies a noun ("the Attlee government") or owns an institution ("James Callaghan's
    administration"); "Michael Howard's record" still speaks of Howard."""
    inside = range(mention.start, mention.end)
    root = next((doc[k] for k in inside if doc[k].head.i not in inside or doc[k].head.i == k), doc[mention.start])
    if root.head.i in inside or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if root.dep_ == "poss":
        return root.head.lemma_.lower() in institution_nouns
    return root.dep_ in ("compound", "amod", "nmod")


def quoted_tokens(doc: Doc) -> list[bool]:
    """For each token, whether it stands inside a quotation, its opening mark included (quotes never run
    across a paragraph): the quotations of :func:`pipeline.quotations.quote_ids`."""
    ids = quote_ids(doc)
    return [ids[i] >= 0 or (ids[i] < 0 and i + 1 < len(doc) and ids[i + 1] >= 0 and doc[i].is_quote)
            for i in range(len(doc))]


def _genders(words: dict[str, frozenset[str]], kind: str) -> dict[str, str]:
    """Word → "m"/"f" from the ``male_<kind>`` and ``female_<kind>`` word lists."""
    return {**{w: "m" for w in words[f"male_{kind}"]}, **{w: "f" for w in words[f"female_{kind}"]}}


class PronounResolver:
    def __init__(self, doc: Doc, tok_mention: list[Mention | None], words: dict[str, frozenset[str]]) -> None:
        self.doc = doc
        self.pronoun_gender = _genders(words, "pronouns")
        courtesy = _genders(words, "courtesy")
        self.tok_mention = tok_mention
        people: list[Mention] = []
        seen: set[int] = set()
        for mention in tok_mention:
            if mention is not None and mention.label == "PERSON" and id(mention) not in seen:
                seen.add(id(mention))
                people.append(mention)
        genders: dict[str, set[str]] = {}
        for mention in people:
            before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
            first = doc[mention.start].lower_
            gender = courtesy.get(before) or courtesy.get(first)
            if gender:
                genders.setdefault(person_key(mention), set()).add(gender)
        self.gender = {key: next(iter(found)) for key, found in genders.items() if len(found) == 1}
        self.named = people
        self.people = [m for m in people if not _modifier(doc, m, words["institution_nouns"])]
        self._quoted: list[bool] | None = None

    @property
    def quoted(self) -> list[bool]:
        if self._quoted is None:
            self._quoted = quoted_tokens(self.doc)
        return self._quoted

    def _fits(self, mention: Mention, tok: Token, gender: str) -> bool:
        known = self.gender.get(person_key(mention))
        if known is not None and known != gender:
            return False
        return not self.quoted[tok.i] or self.quoted[mention.start]

    @staticmethod
    def _one(candidates: list[Mention]) -> Mention | None:
        """The one distinct person among the candidates (its nearest mention), else None."""
        distinct: dict[str, Mention] = {}
        for mention in candidates:
            distinct[person_key(mention)] = mention  # later (nearer) mentions win
        return next(iter(distinct.values())) if len(distinct) == 1 else None

    def resolve(self, tok: Token) -> Mention | None:
        """The person a "he"/"she"/"his"/"her" stands for, as a mention at the pronoun's offsets."""
        gender = self.pronoun_gender.get(tok.lower_)
        if gender is None or tok.pos_ != "PRON":
            return None
        doc = self.doc
        sent = sentence_of(doc, tok.i)
        here = [m for m in self.people if sent.start <= m.start and m.end <= tok.i and self._fits(m, tok, gender)]
        if here:
            found = self._one(here)
        elif any(tok.i < m.start and m.end <= sent.end for m in self.people):
            # "When he was home secretary, David Blunkett ...": the subject of the main clause that follows
            root = sent.root
            found = self._one([m for m in self.people if tok.i < m.start and m.end <= sent.end
                               and any(doc[i].head.i == root.i and doc[i].dep_ in SUBJECT_DEPS for i in range(m.start, m.end))
                               and self._fits(m, tok, gender)])
        elif any(sent.start <= m.start and m.end <= tok.i for m in self.named):
            found = None  # only names that modify a noun before it: the antecedent is not the previous sentence's
        else:
            found = None
            starts = sentence_starts(doc)
            k = starts.index(sent.start)
            if k > 0:
                previous = doc[starts[k - 1]:sent.start]
                found = self._one([m for m in self.people if previous.start <= m.start and m.end <= previous.end
                                   and self._fits(m, tok, gender)])
        if found is None:
            return None
        return Mention(tok.i, tok.i + 1, "PERSON", tok.text, found.canonical, found.entity_id)
