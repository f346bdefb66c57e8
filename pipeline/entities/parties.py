"""Party names written bare: "Labour's Yvette Cooper", "Tory co-chairman", "Liberal Democrat MP",
"Republican nominee", "some Conservatives".

The parties come from the lexicon: the gazetteer's entries of kind ``party``
(whose listed names, aliases and acronyms the gazetteer matches itself) give
their short forms ("Labour Party" → "Labour", "Liberal Democrats" → "Liberal
Democrat"), and the party words of ``parties.tsv`` add theirs. A short form
typed ORG carries its gazetteer party's id ("Tory" → the Conservative Party),
so every form of a party joins on one entity. How a bare
short form is typed (ORG: the party; NORP: its members or followers) is the
convention of ``models/entities/party_usage.tsv``: plural people-nouns are
NORP, all-capitals forms ORG, other forms by the word, else by the party's
country (US party adjectives are NORP), else ORG.

A multi-word form is matched whole, so "Liberal Democrat" is never cut to a
NORP "Democrat"; a form inside a longer name the model found ("Democratic
Republic of the Congo", "Labour Day") is left to that name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.entities.repairs import split_at_separators
from pipeline.entities.select import Candidate
from pipeline.lexicon import Lexicon

EXTRACTOR = "rule:party"
_PLURAL_RE = re.compile(r"(?:[tmnl]|ive)s$")  # Democrats, Dems, Republicans, Liberals, Conservatives
# party words that are also people-nouns, whose plural names members: Republican, Democrat, Conservative,
# Socialist, Chavista, Liberal, Tory, Lib Dem (not "Labour", "Congress", "Komeito")
_PEOPLE_NOUN_RE = re.compile(r"(?:an|at|ive|ist|ista|al|ory|Dem)$")


@dataclass(frozen=True)
class PartyForm:
    text: str
    label: str
    country: str | None
    entry_id: str | None = None  # the gazetteer party an ORG form names ("Tory" → the Conservative Party)


def load_usage(rows: Iterable[list[str]], where: str) -> tuple[dict[str, str], dict[str, str]]:
    """(country → type, word → type) from ``party_usage.tsv``."""
    countries: dict[str, str] = {}
    words: dict[str, str] = {}
    for row in rows:
        if len(row) != 3 or row[0] not in ("country", "word") or row[2] not in ("ORG", "NORP"):
            raise ValueError(f"{where}: expected country|word<TAB>key<TAB>ORG|NORP, not {row!r}")
        (countries if row[0] == "country" else words)[row[1]] = row[2]
    return countries, words


def _short_forms(form: str) -> list[str]:
    """"Labour Party" → "Labour"; "Liberal Democrats" → "Liberal Democrat"; "Lib Dems" → "Lib Dem"."""
    out = []
    words = form.split()
    if len(words) >= 2 and words[-1] == "Party" and words[0] not in ("The", "the"):
        short = " ".join(words[:-1])
        if all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words[:-1]):
            out.append(short)
    if len(words) <= 3 and words[-1][:1].isupper() and _PLURAL_RE.search(words[-1]) and "Party" not in words:
        out.append(form[:-1])
    return out


def party_forms(lexicon: Lexicon, usage: tuple[dict[str, str], dict[str, str]]) -> list[PartyForm]:
    """Every bare form of every party the lexicon knows, typed; forms the gazetteer lists are left to it."""
    by_country, by_word = usage
    bodies = lexicon.bodies
    listed = set(bodies.forms)
    candidates: dict[str, set[str | None]] = {}
    owners: dict[str, set[str]] = {}  # short form → the gazetteer parties it is a short form of
    parties = lexicon.parties
    for entry in parties.entries:
        for form in entry.forms:
            for short in _short_forms(form):
                candidates.setdefault(short, set()).add(entry.country)
                owners.setdefault(short, set()).add(entry.id)
    curated = parties.words  # party word → country, hand-listed: wins over derived forms
    for word, country in curated.items():
        candidates[word] = {country}
        # "Tory" names the party whose listed form is "Tory Party"; "Lib Dem" the one listed as "Lib Dems"
        owners[word] = {e.id for e in parties.named_by[word]} or owners.get(word, set())
    singulars = set(candidates)
    for word in list(candidates):
        if _PEOPLE_NOUN_RE.search(word) and not word.isupper():
            plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
            candidates.setdefault(plural, set()).update(candidates[word])
    out: list[PartyForm] = []
    for text, countries in sorted(candidates.items()):
        if text in listed or len(countries) != 1:
            continue  # the gazetteer's own form, or a short form two countries' parties share
        country = next(iter(countries))
        if text.replace(" ", "").isupper():
            label = "ORG"
        elif text not in singulars or (text in curated and _is_plural_of(text, singulars)):
            label = "NORP"  # members: "Conservatives", "Tories", "Democrats"
        else:
            label = by_word.get(text) or by_country.get(country or "", "ORG")
        ids = owners.get(text, set())
        out.append(PartyForm(text, label, country, next(iter(ids)) if label == "ORG" and len(ids) == 1 else None))
    return out


def _is_plural_of(text: str, singulars: set[str]) -> bool:
    return (text.endswith("ies") and text[:-3] + "y" in singulars) or (text.endswith("s") and text[:-1] in singulars)


class PartyMatcher:
    """Bare party forms in a document, as candidates that outrank the model's guesses."""

    def __init__(self, nlp: Language, forms: list[PartyForm], title_words: frozenset[str],
                 title_phrases: frozenset[str], title_modifiers: frozenset[str], possessives: frozenset[str]) -> None:
        self.labels = {f.text: f.label for f in forms}
        self.ids = {f.text: f.entry_id for f in forms}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        if forms:
            self.matcher.add("PARTY", list(nlp.tokenizer.pipe([f.text for f in forms])))
        self.title_words = title_words
        self.title_phrases = title_phrases
        self.title_modifiers = title_modifiers
        self.possessives = possessives

    def __call__(self, doc: Doc, ents: list[Span] | None = None) -> list[Candidate]:
        spans = sorted((doc[s:e] for _, s, e in self.matcher(doc)), key=lambda sp: (sp.start, -len(sp)))
        if not spans:
            return []
        pieces = [piece for ent in (doc.ents if ents is None else ents) for piece in split_at_separators(ent)]
        out: list[Candidate] = []
        used: set[int] = set()
        for span in spans:
            if any(i in used for i in range(span.start, span.end)) or not self._fits(doc, span, pieces):
                continue
            out.append(Candidate(span.start, span.end, self.labels[span.text], "repair", EXTRACTOR, self.ids[span.text]))
            used.update(range(span.start, span.end))
        return out

    def _fits(self, doc: Doc, span: Span, ents: list[Span]) -> bool:
        for ent in ents:
            if ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
                # a longer name holds the form: "Democratic Republic of the Congo", "Labour Day";
                # only a person the model ran the party into keeps it apart ("Labour Yvette Cooper")
                return ent.label_ == "PERSON" and ent.start == span.start
        if any(ent.start < span.end and span.start < ent.end for ent in ents):
            return True  # the model saw a name here and cut it otherwise ("Democrat" of "Liberal Democrat")
        nxt = doc[span.end] if span.end < len(doc) else None
        prev = doc[span.start - 1] if span.start > 0 else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
            if f"{span.text} {nxt.text}".lower() in self.title_phrases:
                return False  # "Labor Secretary": a title
            if not (nxt.lower_ in self.title_words or nxt.ent_type_ == "PERSON" or nxt.lower_.rstrip("s") in self.title_words):
                return False  # the start of a longer name the model did not tag
        if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not doc[span.start].is_sent_start:
            if prev.lower_ not in self.title_modifiers and prev.lower_ not in self.title_words:
                return False  # the end of a longer name
        if doc[span.start].is_sent_start:
            # "Labour costs rose": a common word opening a sentence, unless a possessive, a name or a verb follows
            return nxt is None or nxt.text in self.possessives or nxt.ent_type_ == "PERSON" or nxt.pos_ in ("VERB", "AUX") \
                or nxt.lower_ in self.title_words
        return True
