"""The data tables of the figure reader, loaded from ``models/figures/`` and validated.

Every record file rejects unknown keys, so a typo in a table fails at load time
instead of silently matching nothing. Multi-word forms ("per cent", "US $") are
split with the pipeline's own tokenizer, so they match however spaCy cuts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from pipeline.resources import check_keys, read_jsonl, read_tsv

UNIT_KINDS = {"percent", "currency", "measure"}
QUALIFIERS = {"approx", "more_than", "less_than", "at_least", "at_most"}
POSITIONS = {"before", "after"}
NUMBER_NOUN_KINDS = {"group", "fraction"}

Tokenize = Callable[[str], list[str]]


@dataclass(frozen=True)
class Unit:
    form: tuple[str, ...]
    unit: str
    kind: str
    position: str
    case: bool
    factor: float
    example: str


@dataclass(frozen=True)
class Qualifier:
    phrase: tuple[str, ...]
    qualifier: str
    position: str
    example: str


@dataclass(frozen=True)
class Scale:
    word: str
    value: float
    spaced: bool
    example: str


@dataclass(frozen=True)
class NumberNoun:
    word: str
    value: float
    kind: str
    needs_of: bool
    example: str


@dataclass(frozen=True)
class FigureTables:
    """Everything the reader looks words up in, keyed for fast access."""

    units: tuple[Unit, ...]
    qualifiers: tuple[Qualifier, ...]
    scales: dict[str, Scale]
    number_nouns: dict[str, NumberNoun]
    reference_phrases: frozenset[tuple[str, ...]]
    temporal_words: frozenset[str]
    skip_adjectives: frozenset[str]
    count_nouns: frozenset[str]
    tally_verbs: frozenset[str]
    address_words: frozenset[str]

    def reference_before(self, lowered: list[str]) -> bool:
        """Whether the words ``lowered`` (the tokens before a number) end with a reference phrase."""
        return any(tuple(lowered[-len(p):]) == p for p in self.reference_phrases if len(p) <= len(lowered))


def simple_tokenize(text: str) -> list[str]:
    """Whitespace split; the component passes spaCy's tokenizer instead."""
    return text.split()


def _in_set(value: str, allowed: set[str], key: str, where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {key} must be one of {sorted(allowed)}, not {value!r}")
    return value


def load_units(ref: str, tokenize: Tokenize) -> tuple[Unit, ...]:
    units = []
    for n, rec in enumerate(read_jsonl(ref), 1):
        where = f"{ref}[{n}]"
        check_keys(rec, {"form", "unit", "kind", "position", "case", "factor", "example"},
                   {"form", "unit", "kind", "position", "example"}, where)
        kind = _in_set(rec["kind"], UNIT_KINDS, "kind", where)
        if kind == "currency" and pycountry.currencies.get(alpha_3=rec["unit"]) is None:
            raise ValueError(f"{where}: {rec['unit']!r} is not an ISO 4217 currency code")
        case = bool(rec.get("case", False))
        form = tuple(t if case else t.casefold() for t in tokenize(rec["form"]))
        units.append(Unit(form, rec["unit"], kind, _in_set(rec["position"], POSITIONS, "position", where),
                          case, float(rec.get("factor", 1.0)), rec["example"]))
    return tuple(units)


def load_qualifiers(ref: str, tokenize: Tokenize) -> tuple[Qualifier, ...]:
    out = []
    for n, rec in enumerate(read_jsonl(ref), 1):
        where = f"{ref}[{n}]"
        check_keys(rec, {"phrase", "qualifier", "position", "example"},
                   {"phrase", "qualifier", "position", "example"}, where)
        out.append(Qualifier(tuple(t.casefold() for t in tokenize(rec["phrase"])),
                             _in_set(rec["qualifier"], QUALIFIERS, "qualifier", where),
                             _in_set(rec["position"], POSITIONS, "position", where), rec["example"]))
    return tuple(out)


def load_scales(ref: str) -> dict[str, Scale]:
    out = {}
    for n, rec in enumerate(read_jsonl(ref), 1):
        where = f"{ref}[{n}]"
        check_keys(rec, {"word", "value", "spaced", "example"}, {"word", "value", "spaced", "example"}, where)
        out[rec["word"].casefold()] = Scale(rec["word"].casefold(), float(rec["value"]), bool(rec["spaced"]),
                                            rec["example"])
    return out


def load_number_nouns(ref: str) -> dict[str, NumberNoun]:
    out = {}
    for n, rec in enumerate(read_jsonl(ref), 1):
        where = f"{ref}[{n}]"
        keys = {"word", "value", "kind", "needs_of", "example"}
        check_keys(rec, keys, keys, where)
        out[rec["word"].casefold()] = NumberNoun(rec["word"].casefold(), float(rec["value"]),
                                                 _in_set(rec["kind"], NUMBER_NOUN_KINDS, "kind", where),
                                                 bool(rec["needs_of"]), rec["example"])
    return out


def load_reference_phrases(ref: str, tokenize: Tokenize) -> frozenset[tuple[str, ...]]:
    phrases = set()
    for n, rec in enumerate(read_jsonl(ref), 1):
        check_keys(rec, {"phrase", "example"}, {"phrase", "example"}, f"{ref}[{n}]")
        phrases.add(tuple(t.casefold() for t in tokenize(rec["phrase"])))
        phrases.add((rec["phrase"].casefold(),))  # as one token too: "No." may stay whole
    return frozenset(phrases)


def load_word_list(ref: str) -> frozenset[str]:
    return frozenset(row[0].strip().casefold() for row in read_tsv(ref) if row and row[0].strip())


def _sorted_longest_first(items: Iterable, key: Callable) -> tuple:
    # longest forms first so "per cent" wins over nothing and "US dollars" over "dollars"; ties by text
    return tuple(sorted(items, key=lambda x: (-len(key(x)), key(x))))


def load_tables(
    units: str,
    qualifiers: str,
    scales: str,
    number_nouns: str,
    reference_words: str,
    temporal_words: str,
    skip_adjectives: str,
    count_nouns: str,
    tally_verbs: str,
    address_words: str,
    tokenize: Tokenize = simple_tokenize,
) -> FigureTables:
    return FigureTables(
        units=_sorted_longest_first(load_units(units, tokenize), lambda u: u.form),
        qualifiers=_sorted_longest_first(load_qualifiers(qualifiers, tokenize), lambda q: q.phrase),
        scales=load_scales(scales),
        number_nouns=load_number_nouns(number_nouns),
        reference_phrases=load_reference_phrases(reference_words, tokenize),
        temporal_words=load_word_list(temporal_words),
        skip_adjectives=load_word_list(skip_adjectives),
        count_nouns=load_word_list(count_nouns),
        tally_verbs=load_word_list(tally_verbs),
        address_words=load_word_list(address_words),
    )


DEFAULT_FILES = {
    "units": "models:figures/units.jsonl",
    "qualifiers": "models:figures/qualifiers.jsonl",
    "scales": "models:figures/scales.jsonl",
    "number_nouns": "models:figures/number_nouns.jsonl",
    "reference_words": "models:figures/reference_words.jsonl",
    "temporal_words": "models:figures/temporal_words.tsv",
    "skip_adjectives": "models:figures/counts_skip_adjectives.tsv",
    "count_nouns": "models:figures/count_nouns.tsv",
    "tally_verbs": "models:figures/tally_verbs.tsv",
    "address_words": "models:figures/address_words.tsv",
}


@lru_cache(maxsize=4)
def default_tables() -> FigureTables:
    """The packaged tables split on whitespace (for code that has no spaCy tokenizer at hand)."""
    return load_tables(**DEFAULT_FILES)
