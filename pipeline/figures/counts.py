"""What a figure counts: the counted noun phrase, read from the dependency parse.

"242,418 migrant encounters" → "migrant encounters" (the noun the number
modifies, with its compounds and classifying adjectives); "a pair of rail
crossings" → "rail crossings" (the complement of a number noun); "$4 billion in
development aid" → "development aid" (the complement of an amount); "apprehensions
fell to 129,000" → "apprehensions" (the subject of a change or total). A bare
number that counts nothing written next to it ("about 70,000 more than in
November") takes the counted noun of the figure just before it, in the same or
the previous sentence of the same paragraph; "others" in "83 people ... and 111
others" stands for the noun of the figure before it. Ratios (percentages,
fractions) count nothing.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from pipeline.figures.recognise import DASHES, Found
from pipeline.figures.tables import FigureTables

# a figure takes the counted noun of the one before only when their sizes are alike
# ("242,418 migrant encounters ... about 70,000 more"; not "30,000 asylum-seekers ... a 219 vote")
INHERIT_MAX_RATIO = 20
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
NAME_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON", "LOC", "FAC"})
OF = frozenset({"of"})  # the complement of a number noun or number word: "a pair of crossings", "two of them"


def noun_phrase(head: Token, tables: FigureTables, left_limit: int = 0) -> str | None:
    """The head noun with the compounds and classifying adjectives right before it, as written.

    ``left_limit``: the first token the phrase may use (the end of the figure before it).
    """
    if head.pos_ not in {"NOUN", "PROPN"} or head.like_num:
        return None
    if head.pos_ == "PROPN" and head.tag_ != "NNPS":
        return None
    if head.lower_ in tables.temporal_words:
        return None
    doc = head.doc
    left = head.i
    i = head.i - 1
    while i >= left_limit:
        tok = doc[i]
        if tok.text in DASHES and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
            i -= 1
            continue
        inside = head.i >= tok.head.i > tok.i
        if not inside or tok.dep_ not in MODIFIER_DEPS or tok.like_num \
                or ((tok.pos_ == "PROPN" or tok.ent_type_ in NAME_ENTS) and not _group_adjective(tok)) \
                or tok.tag_ in {"JJR", "JJS", "RBR", "RBS"} or tok.lower_ in tables.temporal_words \
                or tok.lower_ in tables.skip_adjectives or not any(c.isalpha() for c in tok.text) \
                or any(c.isdigit() for c in tok.text):
            break
        left = i
        i -= 1
    text = doc[left:head.i + 1].text.strip("-–—‐'’\"“”()[],.;:")
    return text or None


def _group_adjective(tok: Token) -> bool:
    """A group adjective (NORP) defines the category counted ("418 Democratic primary voters"); other
    names before the noun ("Clinton emails", "US jobs") do not."""
    return tok.ent_type_ == "NORP" and tok.tag_ == "JJ"


def _of_complement(tok: Token) -> Token | None:
    """The object of the preposition token ``tok`` ("of", "in")."""
    for child in tok.children:
        if child.dep_ == "pobj":
            return child
    return None


def _figure_head(doc: Doc, f: Found) -> Token:
    """The token of the figure that the rest of the sentence attaches to."""
    for i in range(f.start, f.end):
        tok = doc[i]
        if not (f.start <= tok.head.i < f.end) or tok.head.i == tok.i:
            return tok
    return doc[f.end - 1]


def _complement_after(doc: Doc, f: Found, preps: frozenset[str], tables: FigureTables,
                      mass_only: bool = False) -> str | None:
    """The noun after "of"/"in" that the figure is an amount of; ``mass_only``: not a plural (money)."""
    if f.end >= len(doc) or doc[f.end].lower_ not in preps:
        return None
    prep = doc[f.end]
    obj = _of_complement(prep)
    if obj is None or (mass_only and obj.tag_ in {"NNS", "NNPS"}):
        return None
    head = _figure_head(doc, f)
    if prep.lower_ != "of":
        # "paid $13m in penalties", "a bill of $27bn in back taxes" are amounts of something;
        # "closed at $50 in trading", "rose to $27 in electronic trading" are prices on a scale
        if head.dep_ == "pobj" and head.head.lower_ in tables.quote_prepositions:
            return None
        if not f.start <= prep.head.i < f.end and prep.head.i not in {head.head.i, head.head.head.i}:
            return None
    # "$4 billion in development aid" is an amount of aid; "$9.3bn in a sale" is not
    if prep.lower_ != "of" and any(c.dep_ in {"det", "poss"} for c in obj.children):
        return None
    return noun_phrase(obj, tables, f.end + 1)


def _modified_noun(doc: Doc, f: Found, tables: FigureTables) -> str | None:
    """The noun right after the figure that the number modifies ("18,945 family members")."""
    last = doc[f.num_end - 1]
    head = last.head
    if last.dep_ not in {"nummod", "compound", "amod", "quantmod", "nmod", "npadvmod"}:
        return None
    if not (f.end <= head.i <= f.end + 6) or doc[f.end - 1].text.endswith("."):
        return None
    # nothing but the noun's own modifiers may stand between the figure and the noun
    for tok in doc[f.end:head.i]:
        if tok.head.i != head.i and not (f.end <= tok.head.i <= head.i):
            return None
        if (tok.is_punct and tok.text not in DASHES) or tok.like_num:
            return None
    return noun_phrase(head, tables, f.end)


def _tally_subject(doc: Doc, f: Found, tables: FigureTables) -> str | None:
    """The subject of "X rose to 129,000", "X totalled 5,000", "the number of X was 5,000"."""
    tok = _figure_head(doc, f)
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb = tok.head.head
    elif tok.dep_ in {"dobj", "attr", "npadvmod"}:
        verb = tok.head
    else:
        return None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    # "the number of participants rose to 13", "took the number of participants to 13"
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and child.lemma_.lower() in tables.count_nouns \
                and child.i != tok.i:
            for grandchild in child.children:
                if grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                    obj = _of_complement(grandchild)
                    if obj is not None:
                        return noun_phrase(obj, tables, grandchild.i + 1)
    if verb.lemma_.lower() not in tables.tally_verbs:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    subj = subjects[0]
    if subj.lemma_.lower() in tables.count_nouns:
        for child in subj.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = _of_complement(child)
                return noun_phrase(obj, tables, child.i + 1) if obj is not None else None
        return None
    if subj.tag_ == "NNS" and verb.lemma_ != "be":
        return noun_phrase(subj, tables, max(0, subj.left_edge.i))
    return None


def counted_noun(doc: Doc, f: Found, tables: FigureTables) -> str | None:
    """What the figure counts, or None when nothing is counted. Needs a parse.

    A ratio counts nothing ("52 percent of voters", "a fifth of members": the voters are the whole, not
    the count); an amount of money measures a mass ("$4 billion in development aid") but counts neither
    the plural it is spent on ("$1.2bn in grants") nor the noun it describes ("a $3.4bn package").
    """
    if f.unit_kind == "percent" or _is_fraction(f, tables):
        return None
    if f.unit is None:
        counted = _complement_after(doc, f, OF, tables)  # "a pair of rail crossings", "2,093 of the emails"
        if counted:
            return counted
    if f.unit_kind in {"currency", "measure"}:
        return _complement_after(doc, f, tables.amount_prepositions(f.unit_kind), tables,
                                 mass_only=f.unit_kind == "currency")
    return _modified_noun(doc, f, tables) or _plural_after(doc, f, tables) or _tally_subject(doc, f, tables) \
        or _copula_predicate(doc, f, tables)


def _is_fraction(f: Found, tables: FigureTables) -> bool:
    """"a fifth", "two-thirds", "half": a part of a whole, like a percentage."""
    return f.noun is not None and tables.number_nouns[f.noun].kind == "fraction"


def _copula_predicate(doc: Doc, f: Found, tables: FigureTables) -> str | None:
    """"more than 2,700 were UK businesses": a bare number as subject of "be" counts the predicate noun."""
    head = _figure_head(doc, f)
    if head.dep_ not in SUBJECT_DEPS or head.head.lemma_ != "be":
        return None
    for child in head.head.children:
        if child.dep_ == "attr" and child.i > head.i and child.tag_ in {"NNS", "NNPS"}:
            return noun_phrase(child, tables, f.end)
    return None


def _plural_after(doc: Doc, f: Found, tables: FigureTables) -> str | None:
    """A plural noun phrase right after a bare count the parser attached elsewhere ("2 and 3 million people")."""
    if f.end >= len(doc) or doc[f.end - 1].text.endswith("."):
        return None
    tok = doc[f.end]
    while tok.pos_ in {"NOUN", "ADJ"} and tok.dep_ in {"compound", "amod"} and tok.head.i > tok.i \
            and tok.head.i - f.end <= 3:
        tok = tok.head
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.is_sent_start:
        return None
    return noun_phrase(tok, tables, f.end)


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n\n")
    while pos != -1:
        starts.append(pos + 2)
        pos = text.find("\n\n", pos + 2)
    return starts


def add_counts(doc: Doc, figures: list[Found], tables: FigureTables, parsed: bool,
               text: str) -> list[tuple[Found, str | None]]:
    """Each figure with its counted noun; bare counts with none take the one of the figure before.

    ``parsed``: whether the doc has a dependency parse (without one nothing is counted); ``text``: doc.text.
    """
    if not figures or not parsed:
        return [(f, None) for f in figures]
    paragraphs = _paragraph_starts(text)
    sentences = [sent.start for sent in doc.sents]
    out: list[tuple[Found, str | None]] = []
    for f in figures:
        counted = counted_noun(doc, f, tables)
        if counted is not None and counted.lower() in tables.elided_heads and out:
            counted = _antecedent(doc, f, out[-1]) or counted
        if counted is None and f.unit is None and f.noun is None and out:
            prev, prev_counted = out[-1]
            if prev_counted and prev.unit is None and _inherits(doc, f, prev, sentences, paragraphs):
                counted = prev_counted
        out.append((f, counted))
    return out


def _antecedent(doc: Doc, f: Found, before: tuple[Found, str | None]) -> str | None:
    """"83 people have been killed and 111 others are missing": "others" stands for the noun the
    figure before counts, in the same sentence."""
    prev, prev_counted = before
    if prev_counted is None or prev.unit is not None or doc[prev.start].sent.start != doc[f.start].sent.start:
        return None
    return prev_counted


def _inherits(doc: Doc, f: Found, prev: Found, sentences: list[int], paragraphs: list[int]) -> bool:
    """"242,418 migrant encounters ... about 70,000 more": the same or the previous sentence and paragraph."""
    here = bisect_right(sentences, f.start)
    there = bisect_right(sentences, prev.start)
    same_paragraph = bisect_right(paragraphs, doc[f.start].idx) == bisect_right(paragraphs, doc[prev.start].idx)
    similar = prev.number > 0 and f.number > 0 and max(f.number, prev.number) <= INHERIT_MAX_RATIO * min(
        f.number, prev.number)
    return here - there <= 1 and same_paragraph and similar and not _counts_something_else(doc, f)


def _counts_something_else(doc: Doc, f: Found) -> bool:
    """A plural noun right after the number that the parser did not attach: do not guess across it."""
    nxt = doc[f.end] if f.end < len(doc) else None
    return nxt is not None and nxt.pos_ == "NOUN" and nxt.tag_ == "NNS"
