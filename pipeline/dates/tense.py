"""The tense of the clause a date sits in, which decides which Tuesday "Tuesday" is.

"met on Tuesday" points back, "will meet on Tuesday" forward. The date's
syntactic head chain is walked up to the first verb (a participle or a noun in
between is passed through: "Speaking to reporters Friday, X said" takes
"said"), and that verb's form and auxiliaries give the direction. The
auxiliaries and scheduling words are lists of ``models/dates/word_lists.tsv``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.dates.tables import WordLists

MAX_STEPS = 8


def _aux_words(verb: Token) -> list[str]:
    return [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _under_past_perfect(verb: Token, steps: int = 2) -> bool:
    """Whether the words governing an infinitive are in the past perfect ("had been scheduled to ...")."""
    token = verb
    for _ in range(steps):
        if token.head is token:
            return False
        token = token.head
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children):
            return True
    return False


def verb_tense(verb: Token, words: WordLists) -> str | None:
    """Direction of one verb: "past", "future", or None (present, or no cue)."""
    aux = _aux_words(verb)
    if any(a in words.future_aux for a in aux) or any(a in words.modal_aux for a in aux):
        return "future"
    if "to" in aux and verb.tag_ == "VB" and verb.dep_ != "advcl":
        if _under_past_perfect(verb):
            return "past"          # a plan already overtaken: "had been due to expire Friday"
        return "future"            # complement infinitives look ahead: "agreed to meet Tuesday", "due to meet"
    if any(a in words.past_aux for a in aux):
        return "past"
    if any(a in words.perfect_aux for a in aux):
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and not aux and verb.dep_ in ("acl", "relcl", "advcl", "ROOT", "conj", "ccomp"):
        return "past"              # "the accord signed Tuesday"
    if verb.tag_ == "VBG" and any(a in words.progressive_aux for a in aux):
        return "future"            # "is meeting Tuesday"
    if verb.lemma_ == "be" or verb.tag_ in ("VBZ", "VBP"):
        for child in verb.children:
            if child.dep_ in ("acomp", "xcomp", "attr") and child.lower_ in words.schedule_words:
                return "future"
    return None


def clause_tense(span: Span, words: WordLists) -> tuple[str | None, bool]:
    """Walk from the span's root to the verb of its clause and read that verb's tense.

    Also says whether the walk passed through a noun ("a cutback in September"):
    such a date dates the noun's event, which the verb's tense describes less surely.
    """
    token = span.root
    through_noun = False
    for _ in range(MAX_STEPS):
        head = token.head
        if head is token:
            if token.pos_ in ("VERB", "AUX"):
                return verb_tense(token, words), through_noun
            return None, through_noun
        token = head
        if token.pos_ not in ("VERB", "AUX"):
            if token.lower_ in words.schedule_words and token.pos_ == "ADJ":
                return "future", through_noun
            if token.pos_ in ("NOUN", "PROPN"):
                through_noun = True
            continue
        if token.lemma_ in words.schedule_verbs and not through_noun:
            return "future", through_noun   # "has scheduled a news conference Thursday"
        tense = verb_tense(token, words)
        if tense is not None:
            return tense, through_noun
        # a participle or bare infinitive without auxiliaries takes its governor's tense
        if token.tag_ in ("VBG", "VBN", "VB") and token.dep_ != "ROOT" and (
                not _aux_words(token) or token.dep_ == "advcl"):
            continue                   # purpose clauses too: "held celebrations to mark the entry on Friday"
        return None, through_noun
    return None, through_noun
