"""Walks over the dependency parse shared by the trigger and argument rules.

spaCy's English parser (ClearNLP labels) is the only grammar assumed here:
``nsubj``/``nsubjpass`` subjects, ``xcomp``/``advcl``/``conj`` clause links,
``prep`` + ``pobj`` phrases, ``agent`` for passive "by".
"""

from __future__ import annotations

from spacy.tokens import Token

# arcs along which a clause without its own subject or date takes its head's
CONTROL_DEPS = ("xcomp", "conj", "advcl", "acomp", "ccomp")
# a noun trigger in one of these prepositional phrases happens where/when its verb does
FRAME_PREPS = ("in", "during", "at", "on", "after", "before", "ahead", "through")


def children(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def conjuncts(token: Token) -> list[Token]:
    """Tokens conjoined to ``token`` ("A, B and C"), without the token itself."""
    out = []
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop(0)
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ == "conj")
    return out



def clause_tokens(token: Token) -> list[Token]:
    """``token``'s subtree without nested clauses (they report other things)."""
    out = [token]
    stack = [c for c in token.children if c.dep_ not in ("ccomp", "advcl", "relcl", "conj", "parataxis", "csubj")]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in ("ccomp", "advcl", "relcl", "parataxis", "csubj"))
    return sorted(out, key=lambda t: t.i)


def subject_of(token: Token, hops: int = 4) -> tuple[list[Token], str]:
    """The subjects of ``token``'s clause and whether they are agents or patients.

    Climbs control and coordination ("are due to meet", "deployed ... and said",
    "closed two crossings, citing ..."), object control ("urged Congress to act"),
    and participles to the noun they modify ("Zuniga, appointed by ..."). A
    clause may have two subject tokens when the parser splits an apposition
    ("Special Assistant ..., Ambassador Roberta Jacobson will travel").
    """
    current = token
    for _ in range(hops):
        active = [c for c in current.children if c.dep_ == "nsubj"]
        if active:
            return active, "agent"
        passive = [c for c in current.children if c.dep_ == "nsubjpass"]
        if passive:
            # "are scheduled to convene": the passive is the controlling verb's, not the trigger's
            return passive, "patient" if current.i == token.i else "agent"
        if current.dep_ in ("acl", "amod") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [current.head], "patient" if current.tag_ == "VBN" else "agent"
        if current.dep_ == "relcl":
            return [current.head], "agent"
        if current.dep_ in CONTROL_DEPS and current.head.i != current.i:
            if current.dep_ == "xcomp":
                objects = [c for c in current.head.children if c.dep_ == "dobj"]
                if objects:
                    return objects[:1], "agent"
            current = current.head
            continue
        break
    return [], "agent"


def by_agents(token: Token) -> list[Token]:
    return [p for c in token.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
            for p in c.children if p.dep_ == "pobj"]


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    return [p for c in token.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def noun_frame(token: Token) -> tuple[Token | None, str]:
    """The verb a noun trigger is an argument of, and how: "held talks" (dobj), "talks took
    place" (nsubj), "discussed in a phone call" (pobj), "held a series of meetings" (dobj)."""
    # "a series of meetings", "a round of talks": the collective noun stands in for the trigger
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        token = token.head.head
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and token.head.pos_ in ("VERB", "AUX"):
        return token.head, token.dep_
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in FRAME_PREPS:
        verb = token.head.head
        if verb.pos_ in ("VERB", "AUX"):
            return verb, "pobj"
    return None, ""


def governing_verb(token: Token) -> Token | None:
    return noun_frame(token)[0]


def clause_head(token: Token) -> Token:
    """The verb whose clause ``token`` is in (itself, for a verb)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current
