"""Syntax the resolver reads: grammatical roles and the clause a token belongs to (quotations: pipeline.quotations).

Kept apart from the resolution rules so each can be tested on a hand-built parse.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "obj"})
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})


def role(tok: Token) -> str:
    """``subj``, ``obj``, ``poss`` (a possessor), ``mod`` (a noun modifier) or ``other``."""
    dep = tok.dep_
    if dep in SUBJECT_DEPS:
        return "subj"
    if dep in OBJECT_DEPS or (dep == "pobj" and tok.head.dep_ in ("prep", "agent")):
        return "obj"
    if dep == "poss":
        return "poss"
    if dep in MODIFIER_DEPS:
        return "mod"
    return "other"


def governor(tok: Token) -> Token | None:
    """The verb whose argument ``tok`` is (subject, object, or object of one of its prepositions)."""
    dep = tok.dep_
    if dep in SUBJECT_DEPS or dep in OBJECT_DEPS:
        return tok.head
    if dep == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head
    return None


def clause_subject(verb: Token) -> Token | None:
    """The subject of a verb, else of the verb it is conjoined with or an open complement of ("he wants to")."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def root_subject(sent: Span) -> Token | None:
    """The subject of a sentence's main verb, else the last subject in the sentence."""
    subject = clause_subject(sent.root)
    if subject is not None:
        return subject
    last = None
    for tok in sent:
        if tok.dep_ in SUBJECT_DEPS:
            last = tok
    return last


def in_fronted_clause(tok: Token, root: Token) -> bool:
    """Whether ``tok`` stands in an adverbial clause before the main verb ("When he arrived, Smith said ...")."""
    if tok.i >= root.i:
        return False
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "advcl" and node.head.i == root.i:
            return True
        node = node.head
    return False
