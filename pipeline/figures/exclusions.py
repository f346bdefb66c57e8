"""Numbers that label rather than count or measure, and so are not figures.

The extraction standard (docs/evaluation.md): not figures are years and other parts of dates, ordinals, numbers
inside names ("COVID-19", "Air Force One", "G7", "Title 42"), phone numbers and
section numbers. Ordinals never become candidates (the number reader rejects
them); dates and names found by other components are blocked before
recognition. What is left to decide here needs the number's neighbours: a year
the date spans missed, an identifier after "Section", a score, list numbering,
an age in apposition, a number word used as a pronoun ("one of", "the two met").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.annotations import doc_text
from pipeline.figures.recognise import AGE_MAX, DASHES, FigureReader, Found, glued, lower_at
from pipeline.figures.tables import FigureTables

YEAR_MIN, YEAR_MAX = 1500, 2100
LIST_NUMBER_MAX = 20
# phone numbers: digit groups joined by spaces, dots, dashes or brackets
PHONE_RE = re.compile(
    r"(?<![\d,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}(?:-\d{1,5})?\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\d,])")
PHONE_WINDOW = 25
TITLE_WORD_RE = re.compile(r"[^\W\d_]+")
SENTENCE_OPENERS = frozenset({".", "!", "?", "“", "\"", "‘", "'", ":", "—", "–", "-", "("})
# entities that make things with numbers for names ("Boeing 737 planes", "Airbus A321 aircraft")
MAKER_LABELS = frozenset({"ORG", "PRODUCT", "FAC"})
# the relations of a bare number word that still counts ("rose to five", "won three", "three of them")
COUNTING_DEPS = frozenset({"pobj", "dobj", "attr", "conj", "appos", "npadvmod"})


@dataclass(frozen=True)
class DocInfo:
    """What annotation the doc has; computed once per doc (``has_annotation`` scans every token)."""

    tagged: bool
    parsed: bool
    text: str  # doc.text rebuilds the string on every access

    @classmethod
    def of(cls, doc: Doc) -> "DocInfo":
        return cls(tagged=doc.has_annotation("TAG"), parsed=doc.has_annotation("DEP"), text=doc_text(doc))


def is_sentence_initial(doc: Doc, i: int, info: DocInfo) -> bool:
    if i == 0 or (info.parsed and doc[i].is_sent_start):
        return True
    prev = doc[i - 1]
    return (prev.is_punct and prev.text in SENTENCE_OPENERS) or prev.is_space or "\n" in prev.whitespace_


def looks_like_phone(doc: Doc, f: Found, text: str) -> bool:
    """"555-1234", "(202) 555 0188", "+44 20 7946 0958"; not "1500-2000" or "2.5 3.5"."""
    start, end = doc[f.num_start].idx, doc[f.num_end - 1].idx + len(doc[f.num_end - 1])
    lo = max(0, start - PHONE_WINDOW)
    for m in PHONE_RE.finditer(text, lo, min(len(text), end + PHONE_WINDOW)):
        if m.end() <= start or m.start() >= end:
            continue
        text = m.group()
        digits = sum(c.isdigit() for c in text)
        separators = len(re.findall(r"[\s.()-]+", text))
        if digits >= 10 or (digits >= 7 and separators >= 2) or re.fullmatch(r"\d{3}[-.]\d{4}", text):
            return True
    return False


def labels_a_thing(doc: Doc, f: Found, reader: FigureReader, info: DocInfo) -> bool:
    """Whether the candidate is a year, a date part, an identifier, a name part, a score, an age ..."""
    tables = reader.tables
    first = doc[f.num_start]
    prev_i = f.start - 1
    prev = doc[prev_i] if prev_i >= 0 else None
    nxt = doc[f.end] if f.end < len(doc) else None
    num = reader.numeral(first.text)
    plain_int = f.num_end - f.num_start == 1 and not f.words and not f.scaled and num is not None \
        and num.plain and num.integer and not f.ranged
    bare = f.unit is None and f.start == f.num_start
    if not f.words and looks_like_phone(doc, f, info.text):
        return True
    # years: a bare four-digit number in the calendar range, unless it counts a plural noun ("1500 troops")
    if plain_int and f.unit is None and len(first.text) == 4 and YEAR_MIN <= f.number <= YEAR_MAX:
        head = first.head if first.dep_ == "nummod" else None
        counts_plural = head is not None and head.i > first.i and head.tag_ == "NNS" \
            and head.lower_ not in tables.temporal_words
        if not counts_plural or (prev is not None and prev.lower_ in tables.year_prepositions):
            return True
    # parts of dates the date spans missed: "11 September", "September 11", "1200 GMT", "6.67 secs"
    if f.unit is None and f.noun is None and nxt is not None and nxt.lower_ in tables.temporal_words \
            and (nxt.pos_ in {"NOUN", "PROPN"} or not info.tagged):
        return True
    if plain_int and bare and f.number <= 31 and prev is not None and prev.lower_ in tables.temporal_words \
            and prev.pos_ == "PROPN":
        return True
    # ages in apposition: "Thanou, 30, was suspended", "Zuniga (52)"
    if plain_int and bare and 0 < f.number < AGE_MAX and prev is not None and prev.text in {",", "("} \
            and prev_i >= 1 and (doc[prev_i - 1].ent_type_ == "PERSON" or doc[prev_i - 1].pos_ == "PROPN") \
            and nxt is not None and nxt.text in {",", ")", ".", ";"}:
        return True
    # identifiers: "Title 42", "No. 10", "Flight 370", "#3", "aged 77"; addresses: "285 Toure Drive"
    if prev is not None and f.start == f.num_start:
        if tables.reference_before([t.lower_ for t in doc[max(0, f.start - 3):f.start]]) or prev.text.startswith("#"):
            return True
    if bare and _names_after(doc, f, tables) and not in_title_case_line(doc, f, info.text):
        return True
    # hyphenated to a word: "COVID-19", "F-35", "G-7", "777-200LR", "one-off", "27-nation"
    if f.start == f.num_start and prev is not None and prev.text in DASHES and glued(doc, f.start) \
            and prev_i >= 1 and glued(doc, prev_i) and doc[prev_i - 1].is_alpha:
        return True
    if f.end == f.num_end and nxt is not None and nxt.text in DASHES and glued(doc, f.end) \
            and glued(doc, f.end + 1) and any(c.isalpha() for c in doc[f.end + 1].text):
        return True
    if f.unit is None and not f.words and nxt is not None and nxt.is_alpha and glued(doc, f.end):
        return True  # letters glued to the digits that the tokenizer split off ("3D")
    # names: a capitalised number word inside a sentence ("Air Force One"), or a bare number right after
    # a capitalised proper noun ("Boeing 737", "Xbox 360", a player's minute "Robben 79")
    if f.words and first.text[:1].isupper() and not is_sentence_initial(doc, f.num_start, info):
        return True
    if bare and prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() \
            and prev.lower_ not in tables.temporal_words and not glued(doc, f.start) \
            and not (prev.ent_type_ not in MAKER_LABELS and _counts_plural_after(doc, f)) \
            and not in_title_case_line(doc, f, info.text):
        return True
    # list numbering: "1." or "2)" at the start of a line, "(3)"
    if plain_int and (f.start == 0 or "\n" in doc[f.start - 1].whitespace_ or doc[f.start - 1].is_space) \
            and nxt is not None and nxt.text in {".", ")"}:
        return True
    if plain_int and prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" \
            and f.number <= LIST_NUMBER_MAX:
        return True
    # formats named by a sum: "a 2+2 meeting" (two ministers a side) is a name, not two counts
    if _in_sum(doc, f):
        return True
    # clock times and ratios written with a colon: "10:30", "3:1"
    if (prev is not None and prev.text == ":" and glued(doc, f.start)) or \
            (nxt is not None and nxt.text == ":" and glued(doc, f.end) and f.end + 1 < len(doc)
             and doc[f.end + 1].like_num):
        return True
    if f.words:
        return word_is_not_a_count(doc, f, tables, info)
    return False


def _in_sum(doc: Doc, f: Found) -> bool:
    """Digits glued to "+" and more digits on the other side ("2+2", "5+1"); "5,000+ people" is a qualifier."""
    after = f.end + 1 < len(doc) and doc[f.end].text == "+" and glued(doc, f.end) and glued(doc, f.end + 1) \
        and doc[f.end + 1].text[:1].isdigit()
    before = f.start >= 2 and doc[f.start - 1].text == "+" and glued(doc, f.start) and glued(doc, f.start - 1) \
        and doc[f.start - 2].text[-1:].isdigit()
    return after or before


def word_is_not_a_count(doc: Doc, f: Found, tables: FigureTables, info: DocInfo) -> bool:
    """Number words are often pronouns or idioms ("one of", "the two met", "no one")."""
    if f.unit is not None or f.scaled or f.noun is not None:
        return False
    last = doc[f.num_end - 1]
    nxt_low = lower_at(doc, f.end)
    prev_low = lower_at(doc, f.start - 1)
    if f.number == 1 and (nxt_low in tables.one_pronoun_after or prev_low in tables.one_pronoun_before):
        return True
    if not info.parsed:
        return f.number == 1 and not doc[f.end:f.end + 1].text[:1].isalpha()
    head = last.head
    noun_head = last.dep_ in {"nummod", "compound", "amod", "quantmod"} and f.end <= head.i <= f.end + 3 \
        and head.pos_ in {"NOUN", "PROPN"} and not any(t.is_punct for t in doc[f.end:head.i])
    if f.number == 1:
        return not noun_head or head.tag_ == "NNS"
    if noun_head or nxt_low == "of":
        return False
    return last.dep_ not in COUNTING_DEPS


def _names_after(doc: Doc, f: Found, tables: FigureTables) -> bool:
    """A number before a capitalised name: an address ("285 Toure Drive", "10 Downing Street") or a title
    ("the FBI's 10 Most Wanted List"): the name it modifies is a singular proper noun, not a plural count."""
    k = f.end
    while k < len(doc) and k - f.end < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
        if doc[k].lower_.rstrip(".") in tables.address_words or doc[k].lower_ in tables.address_words:
            return True
        k += 1
    last = doc[f.num_end - 1]
    head = last.head
    ends_phrase = k >= len(doc) or (doc[k].pos_ not in {"NOUN", "PROPN", "ADJ"} and doc[k].lower_ != "of")
    # the tagger calls capitalised plurals NNP ("100 Hard Rock Cafes"): trust the -s too
    plural = head.tag_ in {"NNS", "NNPS"} or (head.lower_.endswith("s") and not head.lower_.endswith("ss"))
    return k > f.end and last.dep_ in {"nummod", "compound"} and head.i == k - 1 and ends_phrase \
        and not plural and head.ent_type_ != "NORP"


def in_title_case_line(doc: Doc, f: Found, text: str) -> bool:
    """A Title Case headline ("Police Arrest 5 Men In Raid"): capitals there do not mark names."""
    at = doc[f.num_start].idx
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    words = [w for w in TITLE_WORD_RE.findall(text[lo:hi if hi != -1 else len(text)]) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _counts_plural_after(doc: Doc, f: Found) -> bool:
    last = doc[f.num_end - 1]
    return not f.ranged and f.end < len(doc) and last.head.i == f.end and doc[f.end].tag_ in {"NNS", "NNPS"}
