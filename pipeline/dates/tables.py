"""The data tables of the date component, loaded from ``models/dates/`` and validated.

Recognition patterns, normalisation rules and word tables are data so that a
new holiday or a new way of writing a date is a data change. Every record file
rejects unknown keys, and every rule carries an ``example`` that a test runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.dates.text import normalise_text
from pipeline.resources import check_keys, read_jsonl, read_tsv

CALENDAR_KINDS = {"month", "weekday", "season", "part_of_day", "ordinal"}
MODS = {"START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS",
        "ON_OR_AFTER", "ON_OR_BEFORE", "BEFORE", "AFTER"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
VAGUE_VALUES = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}


@dataclass(frozen=True)
class UnitInfo:
    unit: str          # the calendar unit a shift moves by
    count: int         # how many designators one of it makes (decade = 10 Y)
    designator: str    # TIMEX3 duration designator; a leading T marks a time unit
    vague: str         # designator of an unquantified duration


@dataclass(frozen=True)
class Modifier:
    words: tuple[str, ...]
    mod: str
    position: str
    needs: str
    example: str


@dataclass(frozen=True)
class Holiday:
    name: str
    month: int | None
    day: int | None
    weekday: int | None
    nth: int | None
    offset: int
    easter: int | None
    example: str


@dataclass(frozen=True)
class NormRule:
    id: str
    regex: re.Pattern[str]
    action: str
    params: dict[str, Any]
    example: str
    expect: str | None
    record: dict[str, Any]


@dataclass(frozen=True)
class Pattern:
    id: str
    pattern: list[dict[str, Any]]
    example: str
    span: str
    drop_first: int = 0     # context tokens at the start of a match that are not part of the date
    drop_last: int = 0


@dataclass
class DateTables:
    words: dict[str, dict[str, Any]]                     # word → {kind: value}
    units: dict[str, UnitInfo]                           # singular and plural forms → info
    unit_plurals: set[str]
    modifiers_before: list[Modifier]
    modifiers_after: list[Modifier]
    vague: dict[str, str]
    holidays: dict[str, Holiday]
    sets: dict[str, str]
    rules: list[NormRule]
    patterns: list[Pattern]
    trim: dict[str, set[str]] = field(default_factory=dict)
    modifier_last_words: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.modifier_last_words = {m.words[-1] for m in self.modifiers_before}

    def kind(self, word: str, kind: str) -> Any:
        return self.words.get(word, {}).get(kind)


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def load_calendar_words(ref: str) -> dict[str, dict[str, Any]]:
    words: dict[str, dict[str, Any]] = {}
    for row in read_tsv(ref):
        if len(row) != 3 or row[1] not in CALENDAR_KINDS:
            raise ValueError(f"{ref}: bad row {row!r}")
        value: Any = row[2]
        if row[1] in ("month", "weekday", "ordinal"):
            value = int(value)
        words.setdefault(row[0], {})[row[1]] = value
    return words


def load_units(ref: str) -> tuple[dict[str, UnitInfo], set[str]]:
    units: dict[str, UnitInfo] = {}
    plurals: set[str] = set()
    for row in read_tsv(ref):
        if len(row) != 6:
            raise ValueError(f"{ref}: bad row {row!r}")
        info = UnitInfo(unit=row[2], count=int(row[3]), designator=row[4], vague=row[5])
        units[row[0]] = info
        units[row[1]] = info
        plurals.add(row[1])
    return units, plurals


def load_modifiers(ref: str) -> list[Modifier]:
    out = []
    for record in read_jsonl(ref):
        where = f"{ref}[{record.get('phrase')}]"
        check_keys(record, {"phrase", "mod", "position", "needs", "example"},
                   {"phrase", "mod", "position", "needs", "example"}, where)
        if record["mod"] not in MODS or record["position"] not in ("before", "after") \
                or record["needs"] not in ("any", "number"):
            raise ValueError(f"{where}: bad mod, position or needs")
        out.append(Modifier(tuple(record["phrase"].split()), record["mod"], record["position"],
                            record["needs"], record["example"]))
    # longest phrases first, so "just over" wins over "over"
    return sorted(out, key=lambda m: -len(m.words))


def load_vague(ref: str) -> dict[str, str]:
    out = {}
    for record in read_jsonl(ref):
        check_keys(record, {"phrase", "value", "example"}, {"phrase", "value", "example"}, f"{ref}[{record.get('phrase')}]")
        if record["value"] not in VAGUE_VALUES:
            raise ValueError(f"{ref}: bad value {record['value']!r}")
        out[record["phrase"]] = record["value"]
    return out


def load_holidays(ref: str) -> dict[str, Holiday]:
    out = {}
    keys = {"name", "month", "day", "weekday", "nth", "offset", "easter", "example"}
    for record in read_jsonl(ref):
        check_keys(record, keys, {"name", "example"}, f"{ref}[{record.get('name')}]")
        out[normalise_text(record["name"])] = Holiday(
            name=record["name"], month=record.get("month"), day=record.get("day"), weekday=record.get("weekday"),
            nth=record.get("nth"), offset=record.get("offset", 0), easter=record.get("easter"),
            example=record["example"])
    return out


def load_sets(ref: str) -> dict[str, str]:
    out = {}
    for record in read_jsonl(ref):
        check_keys(record, {"word", "value", "example"}, {"word", "value", "example"}, f"{ref}[{record.get('word')}]")
        out[record["word"]] = record["value"]
    return out


RULE_KEYS = {"id", "regex", "action", "params", "example", "expect", "ref", "tense", "anchor", "type", "mod"}


def load_rules(ref: str, placeholders: dict[str, str]) -> list[NormRule]:
    out = []
    for record in read_jsonl(ref):
        where = f"{ref}[{record.get('id')}]"
        check_keys(record, RULE_KEYS, {"id", "regex", "action", "example"}, where)
        source = record["regex"]
        for name, alternation in placeholders.items():
            source = source.replace(f"%{name}%", alternation)
        if "%" in source:
            raise ValueError(f"{where}: unknown placeholder in {record['regex']!r}")
        try:
            regex = re.compile(source)
        except re.error as exc:
            raise ValueError(f"{where}: bad regex: {exc}") from exc
        out.append(NormRule(record["id"], regex, record["action"], record.get("params", {}), record["example"],
                            record.get("expect"), record))
    return out


def load_patterns(ref: str) -> list[Pattern]:
    out = []
    for record in read_jsonl(ref):
        where = f"{ref}[{record.get('id')}]"
        check_keys(record, {"id", "pattern", "example", "span", "drop_first", "drop_last"},
                   {"id", "pattern", "example", "span"}, where)
        out.append(Pattern(record["id"], record["pattern"], record["example"], record["span"],
                           record.get("drop_first", 0), record.get("drop_last", 0)))
    return out


def load_trim(ref: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in read_tsv(ref):
        if len(row) != 2:
            raise ValueError(f"{ref}: bad row {row!r}")
        out.setdefault(row[1], set()).add(row[0])
    return out


@lru_cache(maxsize=4)
def load_tables(calendar_words: str, units: str, modifiers: str, vague: str, holidays: str, sets: str,
                rules: str, patterns: str, trim: str) -> DateTables:
    words = load_calendar_words(calendar_words)
    unit_table, plurals = load_units(units)
    mods = load_modifiers(modifiers)
    holiday_table = load_holidays(holidays)

    def of_kind(kind: str) -> list[str]:
        return [w for w, kinds in words.items() if kind in kinds]

    weekday_words = of_kind("weekday")
    placeholders = {
        "MONTH": _alternation(of_kind("month")),
        "WEEKDAY": _alternation(weekday_words),
        "WEEKDAYS": _alternation([w + "s" for w in weekday_words]),
        "SEASON": _alternation(of_kind("season")),
        "POD": _alternation(of_kind("part_of_day")),
        "ORD": _alternation(of_kind("ordinal")),
        "UNIT": _alternation([w for w in unit_table if w not in plurals]),
        "UNITS": _alternation(sorted(plurals)),
        "HOLIDAY": _alternation(list(holiday_table)),
        "YEAR": r"(?:1[0-9]{3}|20[0-9]{2})",
        "DAY": r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "NUM": r"(?:\d+(?:\.\d+)?|an?)",
        "VAGUE": r"(?:a few|few|several|many|some|a couple of|couple of|a number of|numerous|a handful of)",
    }
    return DateTables(
        words=words, units=unit_table, unit_plurals=plurals,
        modifiers_before=[m for m in mods if m.position == "before"],
        modifiers_after=[m for m in mods if m.position == "after"],
        vague=load_vague(vague), holidays=holiday_table, sets=load_sets(sets),
        rules=load_rules(rules, placeholders), patterns=load_patterns(patterns), trim=load_trim(trim),
    )
