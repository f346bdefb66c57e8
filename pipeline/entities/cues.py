"""Context cues that type, retype or drop one entity candidate.

Each function reads one kind of evidence around a span (a surname the model
missed, a portfolio word before a title, a headline's common word, a place
preposition, a nationality fused into a body's name); ``news_entities``
decides with them. Kept apart from the component so that it holds the flow,
and these the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import IS_LOWER, IS_TITLE, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from pipeline.entities import repairs
from pipeline.entities.evidence import positions
from pipeline.entities.select import Candidate
from pipeline.lexicon import Lexicon


def surname_mentions(doc: Doc, surnames: dict[str, str], taken: set[int]) -> list[Candidate]:
    """A surname the model missed ("[AP Photo] Jacobson will ...") of a person named in full elsewhere in the document."""
    out = []
    keys = frozenset(hash_string(name) for name in surnames if " " not in name)
    for i in positions(doc, ORTH, keys):
        tok = doc[i]
        if tok.i in taken or not tok.is_title or tok.pos_ != "PROPN":
            continue
        if " " in surnames[tok.text] and tok.text != surnames[tok.text]:
            out.append(Candidate(tok.i, tok.i + 1, "PERSON", "repair", "rule:surname"))
    return out


def nationality_test(lexicon: Lexicon) -> Callable[[str], bool]:
    countries = lexicon.countries
    return lambda text: countries.of_nationality(text, plural=True) is not None


def country_matcher(nlp: Language, lexicon: Lexicon) -> PhraseMatcher:
    """Every country's short names as written, to find the countries the model missed."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("COUNTRY", list(nlp.tokenizer.pipe(lexicon.countries.written_names())))
    return matcher


PORTFOLIO_TITLES = frozenset({"minister", "ministers", "secretary", "secretaries"})


def portfolio_before_title(span: Span, heads: dict[str, str], code: Callable[[str], str | None]) -> bool:
    """"Economy Minister X", "Energy Secretary X": a one- or two-word portfolio the model calls an organisation,
    before a minister's or secretary's title. A body's name ("Foreign Office Minister") and a country stay."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ not in PORTFOLIO_TITLES or len(span) > 2:
        return False
    return code(span.text) is None and not any(t.lower_ in heads or t.lower_ == "office" for t in span)


def hyphenated_end(span: Span) -> bool:
    """"McEwen-King": the last word ends a hyphenated name, it is no title."""
    return len(span) > 2 and span[-2].text in ("-", "‐") and span[-3].text[:1].isupper()


def is_plural_title(span: Span, title_words: frozenset[str]) -> bool:
    """"MPs", "Senators": the plural of a title, which the model sometimes calls an organisation."""
    if len(span) != 1:
        return False
    text = span.text
    return text.endswith("s") and len(text) > 2 and text[:-1].lower() in title_words


def headline_end(doc: Doc) -> int:
    """The token after a headline: the first line, when the text opens with a short one."""
    for tok in doc[:25]:
        if "\n" in tok.text:
            return tok.i
    return 0


@dataclass(frozen=True)
class DocWords:
    """A document's words, indexed once: the hashes of its lower-case words and their lemmas, and of the
    capitalised words after the headline that do not open a sentence (a name used as a name)."""

    headline_end: int
    common: frozenset[int]
    named: dict[int, int]

    @classmethod
    def of(cls, doc: Doc, headline: int) -> "DocWords":
        array = doc.to_array([ORTH, LOWER, LEMMA, IS_LOWER, IS_TITLE, SENT_START])
        lower = array[:, 3] == 1
        common = frozenset(array[lower, 1].tolist()) | frozenset(array[lower, 2].tolist())
        named: dict[int, int] = {}
        mask = (array[:, 4] == 1) & (array[:, 5] != 1)
        mask[:headline] = False
        for key in array[mask, 0].tolist():
            named[key] = named.get(key, 0) + 1
        return cls(headline, common, named)


class LazyDocWords:
    """:class:`DocWords` of a document, built on first use (most documents never need it)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.headline_end = headline_end(doc)
        self._words: DocWords | None = None

    @property
    def words(self) -> DocWords:
        if self._words is None:
            self._words = DocWords.of(self.doc, self.headline_end)
        return self._words


def common_word_opening(span: Span, words: repairs.Words, surnames: dict[str, str], lazy: LazyDocWords) -> bool:
    """A one-word PERSON or ORG opening a sentence, or in a headline, that the text also uses as a common word
    and never as a name elsewhere: "Hunt ban support is 'in decline'" above "a ban on hunting"."""
    doc = span.doc
    word = span[0]
    if len(span) != 1 or not (word.is_sent_start or word.i < lazy.headline_end) or span.text in surnames:
        return False
    if span.end < len(doc) and doc[span.end].text in words.possessives:
        return False
    if word.i >= lazy.headline_end and span.end < len(doc) and doc[span.end].pos_ == "PROPN":
        return False
    index = lazy.words
    lower = word.lower_
    if not any(hash_string(lower + ending) in index.common for ending in ("", "s", "es", "ed", "ing", "er", "ers")):
        return False
    # the word itself, if counted, is one of its own "named" uses only when it stands mid-sentence after the headline
    own = 1 if word.i >= index.headline_end and not word.is_sent_start and word.is_title else 0
    return index.named.get(word.orth, 0) - own == 0


def agency_shaped(span: Span, heads: dict[str, str]) -> bool:
    """An organisation named like a government body: "Mexican Foreign Ministry", "Department of Labor",
    "Home Affairs Select Committee"."""
    words = [t.lower_ for t in span if t.is_alpha]
    if not words:
        return False
    last_two = " ".join(words[-2:]) if len(words) > 2 else None  # "Home Affairs Select Committee"
    return (heads.get(words[-1]) in ("agency", "agency_any") or heads.get(words[0]) == "agency_any"
            or (last_two is not None and heads.get(last_two) == "agency"))


def before_administration(span: Span, code: Callable[[str], str | None]) -> bool:
    """"the Trump administration": a one-word name before "administration" is a person."""
    doc = span.doc
    return (len(span) == 1 and span.end < len(doc) and doc[span.end].lower_ == "administration"
            and span[0].is_title and span[0].pos_ == "PROPN" and code(span.text) is None)


PLACE_PREPOSITIONS = ("in", "at", "near", "outside")


def after_place_preposition(span: Span) -> bool:
    """"in Woolwich"; "pubs in Guildford and Woolwich" (a conjunct of a place after the preposition)."""
    prev = span.doc[span.start - 1] if span.start else None
    if prev is not None and prev.lower_ in PLACE_PREPOSITIONS and span[0].dep_ == "pobj":
        return True
    head = span[0].head
    return (span[0].dep_ == "conj" and head.ent_type_ == "GPE" and head.dep_ == "pobj"
            and head.head.lower_ in PLACE_PREPOSITIONS)


def with_nationality_prefix(span: Span, code: Callable[[str], str | None]) -> Span:
    """``Mexican`` + ``National Guard``: a nationality fused into a body's name stays in it."""
    if span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    nationality = prev.ent_type_ == "NORP" or code(prev.text) is not None or repairs.looks_like_nationality(prev)
    if nationality and prev.text[:1].isupper() and (span.start < 2 or span.doc[span.start - 2].text not in ("’s", "'s")):
        return Span(span.doc, span.start - 1, span.end, label=span.label_, span_id=span.id_)
    return span
