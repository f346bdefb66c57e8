"""Span-level repairs of the base model's typical NER errors.

Each function fixes a *class* of error seen in news text with evidence from
syntax, case and context, never from a list of strings: determiners and
possessives inside spans, a country glued to the body it owns
("Mexico's National Immigration Institute"), photo credits
("Evan Vucci/AP Photo"), title words read as organisations ("Homeland
Security" in "Homeland Security Secretary"), and names cut short or typed as
places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.lexicon import Lexicon

EDGE_PUNCT = frozenset("()[]{}\"'“”‘’,;:.!?/-–—|*")


@dataclass(frozen=True)
class Words:
    """The word classes the repairs read: from the lexicon, and the entities' own language cues."""

    determiners: frozenset[str]  # articles and demonstratives
    possessives: frozenset[str]  # possessive clitics ("'s", "’")
    honorifics: frozenset[str]
    foreign: frozenset[str]  # function words that mark a sentence as Spanish, French or Portuguese
    english: frozenset[str]
    country_code: Callable[[str], str | None]
    particles: frozenset[str] = frozenset()  # lower-case particles inside names ("da", "van", "bin")
    title_modifiers: frozenset[str] = frozenset()  # words before a title ("former", "vice", "acting")

    @classmethod
    def build(cls, lexicon: Lexicon, language_cues: Iterable[list[str]], where: str) -> "Words":
        cues: dict[str, set[str]] = {"foreign": set(), "english": set()}
        for row in language_cues:
            if len(row) != 2 or row[1] not in cues:
                raise ValueError(f"{where}: bad row {row!r}")
            cues[row[1]].add(row[0])
        modifiers = frozenset(w for w, kind in lexicon.titles.modifiers.items() if kind in ("former", "rank", "keep"))
        return cls(lexicon.words("article", "demonstrative", "plural_demonstrative"), lexicon.words("clitic"),
                   lexicon.words("honorific"), frozenset(cues["foreign"]), frozenset(cues["english"]),
                   lexicon.countries.code, lexicon.words("name_particle"), modifiers)


HANDLE_RE = re.compile(r"^[@#]\w")
INITIAL_RE = re.compile(r"[A-Z]\.")
# a code of letters, a hyphen and digits in one word ("COVID-19", "SARS-2"); "G7", "MI6", "ITV1" and "Channel 4" are names
CODE_LIKE_RE = re.compile(r"^[A-Za-z]{3,}-\d+$")
# a bare amount, score or time: an optional currency code and sign, then digits ("100bn", "HK$6.31bn", "7:40.53")
AMOUNT_RE = re.compile(r"^(?:[A-Z]{0,3}[$£€¥]\s?)?\d[\d.,:/\s-]*(?:[a-z]{1,2}n?|m|k|million|billion)?$")


def trim(words: Words, span: Span) -> Span | None:
    """Drop leading determiners and edge punctuation, and trailing possessives; a person's name loses
    the honorifics around it ("Lord Ashcroft" → "Ashcroft": a PERSON mention is the name only)."""
    start, end = span.start, span.end
    doc = span.doc
    person = span.label_ == "PERSON"
    while start < end and (doc[start].lower_ in words.determiners or doc[start].text in EDGE_PUNCT
                           or (person and doc[start].lower_ in words.honorifics)):
        start += 1
    while person and end > start and doc[end - 1].lower_ in words.honorifics:
        end -= 1
    while end > start and (doc[end - 1].text in words.possessives or doc[end - 1].text in EDGE_PUNCT):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, span_id=span.id_)


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash between words ("Federer - nice"), not a hyphen inside one ("Lewis-Francis")."""
    return doc[i].text in ("-", "–", "—") and (doc[i].whitespace_ != "" or (i > 0 and doc[i - 1].whitespace_ != ""))


def cut_person_tail(words: Words, span: Span) -> Span:
    """A name the model ran on past a dash or into a score or a verb ("Roger Federer - nice", "Rainer
    Schuettler 7-5"): the full name before it, when there are two words of it at least."""
    if is_name_like(span, words.particles):
        return span
    doc = span.doc
    end = span.start
    while end < span.end and not _spaced_dash(doc, end) and not doc[end].like_num \
            and (doc[end].text[:1].isupper() or doc[end].text in words.particles or doc[end].text in ("-", "‐")):
        end += 1
    if end - span.start >= 2 and end < span.end and is_name_like(doc[span.start:end], words.particles):
        return Span(doc, span.start, end, label=span.label_, span_id=span.id_)
    return span


def split_possessive(words: Words, span: Span) -> list[Span]:
    """``Mexico’s National Immigration Institute`` → ``Mexico`` and ``National Immigration Institute``.

    The owner keeps the model's label only if it is a place; the owned part
    keeps the span's label.
    """
    doc = span.doc
    for i in range(span.start + 1, span.end - 1):
        if doc[i].text in words.possessives:
            left = Span(doc, span.start, i, label="GPE" if _looks_like_place(doc, span.start, i) else span.label_)
            if words.country_code(left.text) is not None:
                left.label_ = "GPE"
            right = Span(doc, i + 1, span.end, label=span.label_)
            return [part for part in (left, right) if len(part)]
    return [span]


def _looks_like_place(doc: Doc, start: int, end: int) -> bool:
    return any(tok.ent_type_ in ("GPE", "LOC") for tok in doc[start:end])


SPLIT_TOKENS = frozenset({"/", "[", "]", "(", ")", "|", "•"})


def split_at_separators(span: Span) -> list[Span]:
    """Photo credits fuse a name, an agency and the next sentence around slashes and brackets
    ("Evan Vucci/AP Photo] Jacobson"), and a headline's last name runs into the first word of the text
    ("... says Milburn⏎⏎Labour will"): split there."""
    doc = span.doc
    parts: list[Span] = []
    start = span.start
    for i in range(span.start, span.end):
        if doc[i].text in SPLIT_TOKENS or (doc[i].is_space and "\n" in doc[i].text):
            if i > start:
                parts.append(Span(doc, start, i, label=span.label_))
            start = i + 1
    if start < span.end:
        parts.append(Span(doc, start, span.end, label=span.label_))
    return parts


DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ic")


def looks_like_nationality(tok: Token) -> bool:
    """"Mexican", "Guatemalan", "Chinese": a capitalised demonym-shaped word."""
    return tok.is_title and tok.is_alpha and tok.lower_.endswith(DEMONYM_ENDINGS)


def is_adjectival_nationality(span: Span) -> bool:
    """A one-word "organisation" used as a modifier of a noun ("Guatemalan migrants") is a nationality."""
    if len(span) != 1:
        return False
    tok = span[0]
    return looks_like_nationality(tok) and (tok.pos_ == "ADJ" or (tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN"))


def is_name_like(span: Span, particles: frozenset[str] = frozenset()) -> bool:
    """Two or more capitalised word tokens (initials allowed), nothing else; lower-case name particles
    may stand between them ("Luiz Inácio Lula da Silva", "Osama bin Laden")."""
    words = [t for t in span if not t.is_punct]
    if not words or (len(words) == 1 and not (words[0].text[:1].isupper() and any(c.islower() for c in words[0].text))):
        return False  # one word is a name only written in mixed case ("Cher", "McConnell"; not "GPRS")

    def capitalised(t: Token) -> bool:
        # initials and abbreviations ("R.", "Jr."), hyphens and apostrophes; a possessive the tokenizer left on the last word ("Jr.'s")
        return t.text[:1].isupper() and (t.is_alpha or re.fullmatch(r"[A-Z][a-z]{0,2}\.|[A-Za-z’'-]+|[A-Z][A-Za-z.]*['’]s", t.text) is not None)

    # a particle may open a surname ("van Persie") or stand inside a name, never close it
    return all(capitalised(t) or (k < len(words) - 1 and t.text in particles) for k, t in enumerate(words))


def strip_title(words: Words, span: Span, title_words: frozenset[str], title_phrases: frozenset[str]) -> Span:
    """A person's name without the title before it: "Vice Chair Alan Blinder" → "Alan Blinder",
    "Former Fed Vice Chair ..." likewise. Modifiers ("Vice", "Former", "Acting") go only with the title
    they modify; the name keeps at least one capitalised word."""
    doc = span.doc
    i, cut = span.start, span.start
    while i < span.end - 1:
        longest = next((k for k in range(min(span.end - 1, i + 5), i + 1, -1)
                        if doc[i:k].text.lower() in title_phrases), None)
        if longest is not None:
            i = cut = longest
        elif doc[i].lower_ in title_words or doc[i].lower_ in words.honorifics:
            i = cut = i + 1
        elif doc[i].lower_ in words.title_modifiers or doc[i].text in ("-", "–"):
            i += 1
        else:
            break
    if cut == span.start or not doc[cut].text[:1].isupper():
        return span
    return Span(doc, cut, span.end, label=span.label_, span_id=span.id_)


def is_foreign_sentence(words: Words, sent: Span) -> bool:
    """A sentence (such as a quoted tweet) written mostly in another language."""
    lowered = [t.lower_ for t in sent if t.is_alpha]
    if len(lowered) < 4:
        return False
    foreign = sum(w in words.foreign for w in lowered)
    english = sum(w in words.english for w in lowered)
    return foreign >= 2 and foreign > 2 * english


def is_handle_or_code(span: Span) -> bool:
    """Handles, hashtags, code-like tokens ("COVID-19") and bare amounts the model calls names
    ("100bn", "HK$6.31bn") are not named entities."""
    if any(HANDLE_RE.match(t.text) for t in span) or CODE_LIKE_RE.match(span.text):
        return True
    return AMOUNT_RE.match(span.text) is not None


def title_fragment_start(span: Span, title_phrases: frozenset[str]) -> int | None:
    """Where a listed title starts inside a body-like span, or None.

    ``Homeland Security`` in "Homeland Security Secretary" (returns the span's start: all of it is title),
    ``State`` in "Secretary of State"; ``Mexico Foreign Affairs`` in "Mexico Foreign Affairs Secretary"
    returns the start of "Foreign", leaving "Mexico". Only whole listed titles count, so "BNP leader"
    keeps "BNP"."""
    doc = span.doc
    text = span.text
    for n in (2, 3):
        if span.start >= n and f"{doc[span.start - n:span.start].text.lower()} {text.lower()}" in title_phrases:
            return span.start
    after = [doc[span.end:span.end + n].text.lower() for n in (1, 2) if span.end + n <= len(doc)]
    if not after:
        return None
    for k in range(span.start, span.end):
        inner = text[doc[k].idx - span.start_char:].lower()  # doc[k:span.end].text, without building a Span
        for following in after:
            if f"{inner} {following}" in title_phrases:
                return k
    return None


def is_title_fragment(span: Span, title_phrases: frozenset[str]) -> bool:
    return title_fragment_start(span, title_phrases) == span.start


def preceded_by_person_cue(words: Words, span: Span, title_words: frozenset[str]) -> bool:
    """``Mr. Velasco``, ``President Trump``, ``adviser Ricardo Zúñiga``: a title or honorific before a name."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    if prev.lower_ in words.honorifics:
        return True
    return prev.lower_ in title_words and prev.pos_ in ("PROPN", "NOUN")


def surname_index(spans: Iterable[Span]) -> dict[str, str]:
    """Last words of multi-word person names → the full name, for retyping bare surnames."""
    index: dict[str, str] = {}
    for span in spans:
        words = [t.text for t in span if t.is_alpha or "-" in t.text]
        if len(words) >= 2:
            for k in range(0, len(words)):
                index.setdefault(" ".join(words[k:]), span.text)
    return index


def extend_person(words: Words, span: Span, blocked: set[int], title_words: frozenset[str]) -> Span:
    """Grow a PERSON span over adjacent capitalised name tokens the model left out
    (``Andrés Manuel López`` + ``Obrador``; ``J. Blinken`` ← ``Antony``)."""
    doc = span.doc
    start, end = span.start, span.end

    def nameish(tok: Token) -> bool:
        return (
            tok.i not in blocked
            and tok.text[:1].isupper()
            and tok.lower_ not in title_words
            and tok.lower_ not in words.honorifics
            and tok.lower_ not in words.title_modifiers
            and tok.ent_type_ in ("", "PERSON")
            and (tok.pos_ == "PROPN" or INITIAL_RE.fullmatch(tok.text) is not None)
        )

    while end < len(doc) and nameish(doc[end]) and doc[end].is_alpha and not doc[end].is_sent_start:
        end += 1
    while (start > 0 and nameish(doc[start - 1]) and not doc[start].is_sent_start
           and not (doc[start - 1].is_sent_start and doc[start - 1].ent_type_ == "")):
        start -= 1  # a capitalised word opening the sentence that the model left out is no name ("Actor X")
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)
