"""Evidence of what kind of thing a name is, read off one mention's syntax.

Each function looks at one candidate span and the dependency parse around it
and answers from the word classes of ``models/entities/type_evidence.tsv``:
a corporate suffix in the name itself ("Acme Group"), an apposition or
description whose head is a company noun ("Fiat, the Italian car company",
"carmaker Fiat"), a possessed company noun ("Fiat's truck unit"), shares
("shares in Unilever", "Unilever shares"); a product whose name the span is
part of ("the Honda Civic hatchback", "Airbus A380"); a nickname of a group
of people ("the Birmingham Six") or a surname used for a family ("the Kennedy
family"). The document-level typing (:mod:`pipeline.entities.consistency`)
weighs these per name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy
from spacy.tokens import Doc, Span, Token

from pipeline.resources import parse_word_lists

CLASSES = ("org_suffix", "org_noun", "org_possessed", "stock_noun", "product_noun", "family_noun",
           "group_number", "numbered_name")
# A model designation: letters then digits ("S40", "LR3", "A380", "V50"), the way products are numbered.
MODEL_CODE_RE = re.compile(r"^[A-Z]{1,3}-?\d{1,4}[A-Za-z]?$")


def positions(doc: Doc, attr: int, keys: frozenset[int]) -> list[int]:
    """Indices of the tokens whose attribute (a string-store hash: ``LOWER``, ``ORTH``) is one of ``keys``,
    found on the doc's array rather than token by token."""
    if not keys or not len(doc):
        return []
    values = doc.to_array([attr])
    return numpy.flatnonzero(numpy.isin(values, numpy.fromiter(keys, dtype=values.dtype))).tolist()


@dataclass(frozen=True)
class Evidence:
    org_suffix: frozenset[str]
    org_noun: frozenset[str]
    org_possessed: frozenset[str]
    stock_noun: frozenset[str]
    product_noun: frozenset[str]
    family_noun: frozenset[str]
    group_number: frozenset[str]
    numbered_name: frozenset[str]
    possessives: frozenset[str]  # the lexicon's possessive clitics
    possessed_phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # first word → phrases

    @classmethod
    def build(cls, rows: Iterable[list[str]], where: str, possessives: frozenset[str]) -> "Evidence":
        lists = parse_word_lists(iter(rows), CLASSES, where, normalise=lambda w: w.strip())
        for name, words in lists.items():
            if name != "group_number" and any(w != w.lower() for w in words):
                raise ValueError(f"{where}: {name} words must be lower case")
        phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((tuple(p.split()) for p in lists["org_possessed"]), key=lambda p: (-len(p), p)):
            phrases.setdefault(phrase[0], []).append(phrase)
        return cls(**lists, possessed_phrases={k: tuple(v) for k, v in phrases.items()}, possessives=possessives)

    # --- organisation ---------------------------------------------------------------------

    def org_reason(self, span: Span) -> str | None:
        """Why this mention names an organisation, or None: the first rule that fires."""
        words = [t for t in span if t.is_alpha or "." in t.text]
        if len(words) >= 2 and words[-1].lower_ in self.org_suffix and words[-1].text[:1].isupper():
            return "org_suffix"
        root = span.root
        doc = span.doc
        for child in root.children:
            if child.dep_ == "appos" and child.i >= span.end and self._org_head(child):
                return "org_apposition"  # "Fiat, the Italian car company"
            if child.dep_ in ("compound", "nmod", "appos") and child.i < span.start and self._org_head(child):
                return "org_description"  # "carmaker Fiat", "US bank Citigroup"
        if span.start > 0 and self._org_head(doc[span.start - 1]):
            return "org_description"  # "banking group HSBC", "the newspaper Le Monde"
        head = root.head
        if root.dep_ == "appos" and head.i < span.start and self._org_head(head):
            return "org_apposition"  # "the carmaker, Fiat"
        if root.dep_ == "nsubj" and head.lemma_ == "be":
            if any(c.dep_ == "attr" and self._org_head(c) for c in head.children):
                return "org_predicate"  # "Le Monde is a newspaper"
        if span.end < len(doc) and doc[span.end].text in self.possessives and self._possesses_org_noun(doc, span.end + 1):
            return "org_possessed"  # "Fiat's truck unit", "Unilever's chief executive"
        if root.dep_ == "compound" and head.i >= span.end and head.lower_ in self.stock_noun:
            return "org_shares"  # "Unilever shares"
        if (root.dep_ == "pobj" and head.lower_ in ("in", "of") and head.head.lower_ in self.stock_noun
                and head.head.i < head.i):
            return "org_shares"  # "shares in Unilever"
        return None

    def _possesses_org_noun(self, doc: Doc, i: int) -> bool:
        """After "X's": modifiers, then a noun a company owns that ends the noun phrase ("truck unit made"),
        or a phrase of several words ("chief executive")."""
        for start in range(i, min(i + 3, len(doc))):
            for phrase in self.possessed_phrases.get(doc[start].lower_, ()):
                end = start + len(phrase)
                if end > len(doc) or tuple(t.lower_ for t in doc[start:end]) != phrase:
                    continue
                if len(phrase) > 1 or end == len(doc) or doc[end].pos_ not in ("NOUN", "PROPN"):
                    return True
            if doc[start].pos_ not in ("ADJ", "NOUN") or not doc[start].is_lower:
                return False
        return False

    def _org_head(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and tok.text.islower() and tok.lower_ in self.org_noun

    # --- products ---------------------------------------------------------------------------

    def product(self, span: Span) -> str | None:
        """Whether a name is (part of) a product's name: "name" when it certainly is ("the Honda Civic
        hatchback", "Airbus A380"), "modifier" when one capitalised word modifies a product noun ("the Corolla
        and Camry models", "the Nikkei 225 index", but also "Toyota models", which only the rest of the document
        can tell apart), else None."""
        doc = span.doc
        if len(span) > 1 and MODEL_CODE_RE.match(span[-1].text):
            return "name"
        if span.end < len(doc) and MODEL_CODE_RE.match(doc[span.end].text) and doc[span.end].pos_ in ("PROPN", "NOUN"):
            return "name"
        tok = span.root
        names = len([t for t in span if t.text[:1].isupper()])
        for _ in range(6):
            if tok.dep_ not in ("compound", "conj", "nummod", "nmod") or tok.head is tok:
                return None
            head = tok.head
            if tok.dep_ != "conj" and head.i < tok.i:
                return None
            if head.pos_ == "NOUN" and head.text.islower() and head.lower_ in self.product_noun and head.i >= span.end:
                return "name" if names >= 2 else "modifier"
            if head.pos_ not in ("PROPN", "NOUN", "NUM"):
                return None
            if head.i >= span.end and tok.dep_ != "conj" and head.text[:1].isupper():
                names += 1  # "Honda" + "Civic"
            tok = head
        return None

    # --- no referent of ours ----------------------------------------------------------------

    def not_a_referent(self, span: Span) -> str | None:
        """"named_group": the nickname of a group of people ("the Birmingham Six": the span is the name before
        the number, or holds it); "family": a surname used for a family ("the Kennedy and Bush families")."""
        doc = span.doc
        if span.end < len(doc) and doc[span.end].text in self.group_number and span[-1].lower_ not in self.numbered_name:
            return "named_group"
        if (len(span) > 1 and span[-1].text in self.group_number and doc[span.end - 2].lower_ != "of"
                and doc[span.end - 2].lower_ not in self.numbered_name):
            return "named_group"  # not "Group of Seven", "BBC Two", "League One"
        if span.label_ == "PERSON" and len(span) == 1:
            tok = span.root
            while tok.dep_ == "conj" and tok.head.i < tok.i:
                tok = tok.head
            head = tok.head
            if tok.dep_ in ("compound", "nmod", "amod") and head.i >= span.end and head.lower_ in self.family_noun:
                return "family"
        return None
