"""The data tables of the figure reader, parsed from the component's files (``models/figures/``) and validated.

Every record file rejects unknown keys, so a typo in a table fails at load time
instead of silently matching nothing; each record carries an ``example``, which
the model tests run through the pipeline. Multi-word forms ("per cent", "US $") are
split with the pipeline's own tokenizer, so they match however spaCy cuts them.
Currency units are ISO 4217 codes checked against pycountry; their written
forms (symbols and names) are data in ``units.jsonl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pycountry

from pipeline.resources import DataFiles, check_keys, parse_word_lists

UNIT_KINDS = {"percent", "currency", "measure"}
QUALIFIERS = {"approx", "more_than", "less_than", "at_least", "at_most"}
POSITIONS = {"before", "after"}
NUMBER_NOUN_KINDS = {"group", "fraction"}
# the lists of ``word_lists.tsv``, each a field of FigureTables
WORD_LISTS = ("range_separators", "change_words", "one_articles", "fraction_openers", "half_followers",
              "half_blockers", "and_scales", "quote_prepositions", "complement_currency", "complement_measure",
              "complement_percent", "year_prepositions", "one_pronoun_before", "one_pronoun_after", "elided_heads",
              "group_determiners", "age_verbs")

Tokenize = Callable[[str], list[str]]
Records = Iterable[dict[str, Any]]


@dataclass(frozen=True)
class Unit:
    form: tuple[str, ...]
    unit: str
    kind: str
    position: str
    case: bool
    factor: float


@dataclass(frozen=True)
class Qualifier:
    phrase: tuple[str, ...]
    qualifier: str
    position: str


@dataclass(frozen=True)
class Scale:
    word: str
    value: float
    spaced: bool


@dataclass(frozen=True)
class NumberNoun:
    word: str
    value: float
    kind: str
    needs_of: bool
    approx: bool = False  # a loose number: "a couple of" is about two


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
    # word_lists.tsv
    range_separators: frozenset[str]
    change_words: frozenset[str]
    one_articles: frozenset[str]
    fraction_openers: frozenset[str]
    half_followers: frozenset[str]
    half_blockers: frozenset[str]
    and_scales: frozenset[str]
    quote_prepositions: frozenset[str]
    complement_currency: frozenset[str]
    complement_measure: frozenset[str]
    complement_percent: frozenset[str]
    year_prepositions: frozenset[str]
    one_pronoun_before: frozenset[str]
    one_pronoun_after: frozenset[str]
    elided_heads: frozenset[str]
    group_determiners: frozenset[str]
    age_verbs: frozenset[str]

    def reference_before(self, lowered: list[str]) -> bool:
        """Whether the words ``lowered`` (the tokens before a number) end with a reference phrase."""
        return any(tuple(lowered[-len(p):]) == p for p in self.reference_phrases if len(p) <= len(lowered))

    def amount_prepositions(self, kind: str) -> frozenset[str]:
        """The prepositions that introduce what an amount of this unit kind is of ("$4 billion in aid")."""
        return {"currency": self.complement_currency, "measure": self.complement_measure,
                "percent": self.complement_percent}[kind]


def _in_set(value: str, allowed: set[str], key: str, where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {key} must be one of {sorted(allowed)}, not {value!r}")
    return value


def load_units(records: Records, where: str, tokenize: Tokenize) -> tuple[Unit, ...]:
    units = []
    for n, rec in enumerate(records, 1):
        at = f"{where}[{n}]"
        check_keys(rec, {"form", "unit", "kind", "position", "case", "factor", "example"},
                   {"form", "unit", "kind", "position", "example"}, at)
        kind = _in_set(rec["kind"], UNIT_KINDS, "kind", at)
        if kind == "currency" and pycountry.currencies.get(alpha_3=rec["unit"]) is None:
            raise ValueError(f"{at}: {rec['unit']!r} is not an ISO 4217 currency code")
        case = bool(rec.get("case", False))
        form = tuple(t if case else t.casefold() for t in tokenize(rec["form"]))
        units.append(Unit(form, rec["unit"], kind, _in_set(rec["position"], POSITIONS, "position", at),
                          case, float(rec.get("factor", 1.0))))
    return tuple(units)


def load_qualifiers(records: Records, where: str, tokenize: Tokenize) -> tuple[Qualifier, ...]:
    out = []
    for n, rec in enumerate(records, 1):
        at = f"{where}[{n}]"
        check_keys(rec, {"phrase", "qualifier", "position", "example"},
                   {"phrase", "qualifier", "position", "example"}, at)
        out.append(Qualifier(tuple(t.casefold() for t in tokenize(rec["phrase"])),
                             _in_set(rec["qualifier"], QUALIFIERS, "qualifier", at),
                             _in_set(rec["position"], POSITIONS, "position", at)))
    return tuple(out)


def load_scales(records: Records, where: str) -> dict[str, Scale]:
    out = {}
    for n, rec in enumerate(records, 1):
        check_keys(rec, {"word", "value", "spaced", "example"}, {"word", "value", "spaced", "example"},
                   f"{where}[{n}]")
        out[rec["word"].casefold()] = Scale(rec["word"].casefold(), float(rec["value"]), bool(rec["spaced"]))
    return out


def load_number_nouns(records: Records, where: str) -> dict[str, NumberNoun]:
    out = {}
    keys = {"word", "value", "kind", "needs_of", "example"}
    for n, rec in enumerate(records, 1):
        at = f"{where}[{n}]"
        check_keys(rec, keys | {"approx"}, keys, at)
        out[rec["word"].casefold()] = NumberNoun(rec["word"].casefold(), float(rec["value"]),
                                                 _in_set(rec["kind"], NUMBER_NOUN_KINDS, "kind", at),
                                                 bool(rec["needs_of"]), bool(rec.get("approx", False)))
    return out


def load_reference_phrases(records: Records, where: str, tokenize: Tokenize) -> frozenset[tuple[str, ...]]:
    phrases = set()
    for n, rec in enumerate(records, 1):
        check_keys(rec, {"phrase", "example"}, {"phrase", "example"}, f"{where}[{n}]")
        phrases.add(tuple(t.casefold() for t in tokenize(rec["phrase"])))
        phrases.add((rec["phrase"].casefold(),))  # as one token too: "No." may stay whole
    return frozenset(phrases)


def load_word_list(rows: Iterable[list[str]]) -> frozenset[str]:
    return frozenset(row[0].strip().casefold() for row in rows if row and row[0].strip())


def load_word_lists(rows: Iterable[list[str]], where: str) -> dict[str, frozenset[str]]:
    """The named lists of ``list<TAB>word`` rows; every list of WORD_LISTS must be there, and no other."""
    return parse_word_lists(iter(rows), WORD_LISTS, where, normalise=str.casefold)


def _sorted_longest_first(items: Iterable, key: Callable) -> tuple:
    # longest forms first so "per cent" wins over nothing and "US dollars" over "dollars"; ties by text
    return tuple(sorted(items, key=lambda x: (-len(key(x)), key(x))))


def load_tables(files: DataFiles, tokenize: Tokenize) -> FigureTables:
    """The tables from the component's files; ``tokenize`` splits multi-word forms as the pipeline does."""
    refs = files.refs
    return FigureTables(
        units=_sorted_longest_first(load_units(files.jsonl("units"), refs["units"], tokenize), lambda u: u.form),
        qualifiers=_sorted_longest_first(load_qualifiers(files.jsonl("qualifiers"), refs["qualifiers"], tokenize),
                                         lambda q: q.phrase),
        scales=load_scales(files.jsonl("scales"), refs["scales"]),
        number_nouns=load_number_nouns(files.jsonl("number_nouns"), refs["number_nouns"]),
        reference_phrases=load_reference_phrases(files.jsonl("reference_words"), refs["reference_words"], tokenize),
        temporal_words=load_word_list(files.tsv("temporal_words")),
        skip_adjectives=load_word_list(files.tsv("skip_adjectives")),
        count_nouns=load_word_list(files.tsv("count_nouns")),
        tally_verbs=load_word_list(files.tsv("tally_verbs")),
        address_words=load_word_list(files.tsv("address_words")),
        **load_word_lists(files.tsv("word_lists"), refs["word_lists"]),
    )
