"""The word tables of ``news_coref``, parsed once from its data files (``models/coref/``).

Each table is data so that a user's config can swap it: which pronouns are
resolved and what they agree with, which description heads refer and to what
kind of entity, which words and given names fix a person's gender.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.annotations import ENTITY_TYPES
from pipeline.resources import check_keys, parse_word_lists

GENDERS = frozenset({"m", "f"})
PRONOUN_GENDERS = frozenset({"m", "f", "n", "x"})
NUMBERS = frozenset({"sg", "pl"})
CASES = frozenset({"subj", "obj", "poss", "refl"})
KINDS = frozenset({"title", "role", "body", "campaign", "spokesperson", "medium", "government"})
WORD_LISTS = ("pleonastic_verbs", "definite", "indefinite", "owner_preps", "non_referring_preps")
DESCRIPTION_KEYS = frozenset({"head", "kind", "types", "gender", "example"})


@dataclass(frozen=True)
class Pronoun:
    """What a third-person pronoun agrees with: number, gender (n = a body, x = any) and its case."""

    word: str
    number: str
    gender: str
    case: str


@dataclass(frozen=True)
class Description:
    """A description head ("mayor", "company") and what it may refer to."""

    head: str
    kind: str
    types: tuple[str, ...]
    gender: str | None = None


@dataclass(frozen=True)
class CorefTables:
    pronouns: dict[str, Pronoun]
    descriptions: dict[str, Description]
    gender_words: dict[str, str]  # "mr" → "m", "congresswoman" → "f"
    given_names: dict[str, str]  # "hillary" → "f"
    words: dict[str, frozenset[str]]


def load_pronouns(rows: Iterable[list[str]], where: str) -> dict[str, Pronoun]:
    table: dict[str, Pronoun] = {}
    for row in rows:
        if (len(row) != 4 or row[1] not in NUMBERS or row[2] not in PRONOUN_GENDERS or row[3] not in CASES
                or row[0] != row[0].lower()):
            raise ValueError(f"{where}: bad row {row!r} (word, number, gender, case)")
        table[row[0]] = Pronoun(*row)
    return table


def load_gendered(rows: Iterable[list[str]], where: str) -> dict[str, str]:
    """``word<TAB>m|f`` rows (gender words, given names) as a lower-case table."""
    table: dict[str, str] = {}
    for row in rows:
        if len(row) != 2 or row[1] not in GENDERS:
            raise ValueError(f"{where}: bad row {row!r} (word, m|f)")
        table[row[0].lower()] = row[1]
    return table


def load_descriptions(records: Iterator[dict[str, Any]], where: str) -> dict[str, Description]:
    table: dict[str, Description] = {}
    for record in records:
        here = f"{where}[{record.get('head')}]"
        check_keys(record, DESCRIPTION_KEYS, {"head", "kind", "types", "example"}, here)
        if record["kind"] not in KINDS:
            raise ValueError(f"{here}: kind must be one of {sorted(KINDS)}")
        types = tuple(record["types"])
        if not types or not set(types) <= set(ENTITY_TYPES):
            raise ValueError(f"{here}: types must be entity types")
        gender = record.get("gender")
        if gender is not None and gender not in GENDERS:
            raise ValueError(f"{here}: gender must be m or f")
        head = record["head"]
        if head in table:
            raise ValueError(f"{here}: duplicate head")
        table[head] = Description(head, record["kind"], types, gender)
    return table


def load_word_lists(rows: Iterator[list[str]], where: str) -> dict[str, frozenset[str]]:
    return parse_word_lists(rows, WORD_LISTS, where, normalise=str.lower)
