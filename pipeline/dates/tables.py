"""The data tables of the date component, read from its data files and validated.

Recognition patterns, normalisation rules and word tables are data so that a
new holiday or a new way of writing a date is a data change. Every record file
rejects unknown keys, and every rule carries an ``example`` that a test runs.
Loaders take the parsed rows or records of a file plus ``where`` (the file's
reference) for their errors; :func:`load_tables` builds everything once from
the component's :class:`~pipeline.resources.DataFiles` and the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from pipeline.dates.calendar import GRANULARITIES
from pipeline.dates.text import TextNormaliser
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles, check_keys, parse_word_lists

CALENDAR_KINDS = {"month", "weekday", "season", "part_of_day", "ordinal"}
MODS = {"START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS",
        "ON_OR_AFTER", "ON_OR_BEFORE", "BEFORE", "AFTER"}
VAGUE_VALUES = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
MEANING_KINDS = {"relative", "direction", "granularity", "clock", "day_offset"}
BASES = {"dct", "ref"}  # what a relative expression counts from: the publication date or the last date mentioned

Rows = Iterable[list[str]]
Records = Iterable[dict[str, Any]]


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
    temporal: bool = False  # the match is a date by itself though no word of it is a time word ("the latest period")


@dataclass(frozen=True)
class WordLists:
    """The closed word lists of ``word_lists.tsv`` (what each is for is written in the file)."""

    start_words: frozenset[str]
    left_words: frozenset[str]
    trailing_adverbs: frozenset[str]
    trailing_prepositions: frozenset[str]
    deictic: frozenset[str]
    deictic_days: frozenset[str]
    splitters: frozenset[str]
    period_ends: frozenset[str]
    period_nouns: frozenset[str]
    age_words: frozenset[str]
    quantity_words: frozenset[str]
    pod_fillers: frozenset[str]
    common_words: frozenset[str]
    frequency_heads: frozenset[str]
    frequency_cues: frozenset[str]
    past_prepositions: frozenset[str]
    bare_words: frozenset[str]
    coordinators: frozenset[str]
    coordination_words: frozenset[str]
    number_starts: frozenset[str]
    start_edges: frozenset[str]
    last_ordinals: frozenset[str]
    vague_quantities: frozenset[str]
    not_numbers: frozenset[str]
    future_aux: frozenset[str]
    modal_aux: frozenset[str]
    past_aux: frozenset[str]
    perfect_aux: frozenset[str]
    progressive_aux: frozenset[str]
    schedule_words: frozenset[str]
    schedule_verbs: frozenset[str]


WORD_LISTS = tuple(f.name for f in fields(WordLists))


@dataclass(frozen=True)
class Meanings:
    """What the normalisation actions read a word as (``meanings.tsv``)."""

    relative: dict[str, tuple[int, str]]      # "last" → (-1, "dct"): shift and base
    directions: dict[str, tuple[int, str]]    # "ago" → (-1, "dct"): sign and base
    granularity: dict[str, str]               # "night" → "day"
    clock: dict[str, tuple[int, int]]         # "noon" → (12, 0)
    day_offsets: dict[str, tuple[int, str | None]]  # "tonight" → (0, "NI")


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
    trim: dict[str, set[str]]
    lists: WordLists
    meanings: Meanings
    normalise_text: Callable[[str], str]                 # the normal form the rules read (pipeline.dates.text)
    articles: frozenset[str]                             # from the lexicon's function words
    possessives: frozenset[str]
    determiners: frozenset[str]                          # articles and possessives
    start_words: frozenset[str]                          # what a date may start with
    bare_words: frozenset[str]                           # what leaves a unit undated ("the year", "his day")
    modifier_last_words: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.modifier_last_words = {m.words[-1] for m in self.modifiers_before}

    def kind(self, word: str, kind: str) -> Any:
        return self.words.get(word, {}).get(kind)


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def load_calendar_words(rows: Rows, where: str) -> dict[str, dict[str, Any]]:
    words: dict[str, dict[str, Any]] = {}
    for row in rows:
        if len(row) != 3 or row[1] not in CALENDAR_KINDS:
            raise ValueError(f"{where}: bad row {row!r}")
        value: Any = row[2]
        if row[1] in ("month", "weekday", "ordinal"):
            value = int(value)
        words.setdefault(row[0], {})[row[1]] = value
    return words


def load_units(rows: Rows, where: str) -> tuple[dict[str, UnitInfo], set[str]]:
    units: dict[str, UnitInfo] = {}
    plurals: set[str] = set()
    for row in rows:
        if len(row) != 6:
            raise ValueError(f"{where}: bad row {row!r}")
        info = UnitInfo(unit=row[2], count=int(row[3]), designator=row[4], vague=row[5])
        units[row[0]] = info
        units[row[1]] = info
        plurals.add(row[1])
    return units, plurals


def load_modifiers(records: Records, where: str) -> list[Modifier]:
    out = []
    for record in records:
        at = f"{where}[{record.get('phrase')}]"
        check_keys(record, {"phrase", "mod", "position", "needs", "example"},
                   {"phrase", "mod", "position", "needs", "example"}, at)
        if record["mod"] not in MODS or record["position"] not in ("before", "after") \
                or record["needs"] not in ("any", "number"):
            raise ValueError(f"{at}: bad mod, position or needs")
        out.append(Modifier(tuple(record["phrase"].split()), record["mod"], record["position"],
                            record["needs"], record["example"]))
    # longest phrases first, so "just over" wins over "over"
    return sorted(out, key=lambda m: -len(m.words))


def load_vague(records: Records, where: str) -> dict[str, str]:
    out = {}
    for record in records:
        check_keys(record, {"phrase", "value", "example"}, {"phrase", "value", "example"},
                   f"{where}[{record.get('phrase')}]")
        if record["value"] not in VAGUE_VALUES:
            raise ValueError(f"{where}: bad value {record['value']!r}")
        out[record["phrase"]] = record["value"]
    return out


def load_holidays(records: Records, where: str, normalise_text: Callable[[str], str]) -> dict[str, Holiday]:
    """Holidays by their normalised name (the form the rules' %HOLIDAY% matches)."""
    out = {}
    keys = {"name", "month", "day", "weekday", "nth", "offset", "easter", "example"}
    for record in records:
        check_keys(record, keys, {"name", "example"}, f"{where}[{record.get('name')}]")
        out[normalise_text(record["name"])] = Holiday(
            name=record["name"], month=record.get("month"), day=record.get("day"), weekday=record.get("weekday"),
            nth=record.get("nth"), offset=record.get("offset", 0), easter=record.get("easter"),
            example=record["example"])
    return out


def load_sets(records: Records, where: str) -> dict[str, str]:
    out = {}
    for record in records:
        check_keys(record, {"word", "value", "example"}, {"word", "value", "example"},
                   f"{where}[{record.get('word')}]")
        out[record["word"]] = record["value"]
    return out


RULE_KEYS = {"id", "regex", "action", "params", "example", "expect", "ref", "tense", "anchor", "type", "mod"}


def load_rules(records: Records, where: str, placeholders: dict[str, str]) -> list[NormRule]:
    out = []
    for record in records:
        at = f"{where}[{record.get('id')}]"
        check_keys(record, RULE_KEYS, {"id", "regex", "action", "example"}, at)
        source = record["regex"]
        for name, alternation in placeholders.items():
            source = source.replace(f"%{name}%", alternation)
        if "%" in source:
            raise ValueError(f"{at}: unknown placeholder in {record['regex']!r}")
        try:
            regex = re.compile(source)
        except re.error as exc:
            raise ValueError(f"{at}: bad regex: {exc}") from exc
        out.append(NormRule(record["id"], regex, record["action"], record.get("params", {}), record["example"],
                            record.get("expect"), record))
    return out


def load_patterns(records: Records, where: str) -> list[Pattern]:
    out = []
    for record in records:
        at = f"{where}[{record.get('id')}]"
        check_keys(record, {"id", "pattern", "example", "span", "drop_first", "drop_last", "temporal"},
                   {"id", "pattern", "example", "span"}, at)
        out.append(Pattern(record["id"], record["pattern"], record["example"], record["span"],
                           record.get("drop_first", 0), record.get("drop_last", 0), bool(record.get("temporal", False))))
    return out


def load_trim(rows: Rows, where: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in rows:
        if len(row) != 2:
            raise ValueError(f"{where}: bad row {row!r}")
        out.setdefault(row[1], set()).add(row[0])
    return out


def load_word_lists(rows: Rows, where: str) -> WordLists:
    """The named lists of ``list<TAB>word`` rows; every list of WORD_LISTS must be there, and no other."""
    return WordLists(**parse_word_lists(iter(rows), WORD_LISTS, where))


def load_meanings(rows: Rows, where: str) -> Meanings:
    relative: dict[str, tuple[int, str]] = {}
    directions: dict[str, tuple[int, str]] = {}
    granularity: dict[str, str] = {}
    clock: dict[str, tuple[int, int]] = {}
    day_offsets: dict[str, tuple[int, str | None]] = {}
    for row in rows:
        if len(row) != 3 or row[1] not in MEANING_KINDS:
            raise ValueError(f"{where}: bad row {row!r}")
        word, kind, value = row
        try:
            if kind in ("relative", "direction"):
                shift, base = value.split()
                if base not in BASES:
                    raise ValueError(f"unknown base {base!r}")
                (relative if kind == "relative" else directions)[word] = (int(shift), base)
            elif kind == "granularity":
                if value not in GRANULARITIES:
                    raise ValueError(f"unknown granularity {value!r}")
                granularity[word] = value
            elif kind == "clock":
                hour, minute = value.split(":")
                clock[word] = (int(hour), int(minute))
            else:
                days, _, pod = value.partition(" ")
                day_offsets[word] = (int(days), pod or None)
        except ValueError as exc:
            raise ValueError(f"{where}: bad row {row!r}: {exc}") from exc
    return Meanings(relative, directions, granularity, clock, day_offsets)


def load_tables(files: DataFiles, lexicon: Lexicon) -> DateTables:
    """Every table of the component, from its data files and the lexicon's function words."""
    refs = files.refs
    lists = load_word_lists(files.tsv("word_lists"), refs["word_lists"])
    normalise_text = TextNormaliser(lists.not_numbers).normalise
    words = load_calendar_words(files.tsv("calendar_words"), refs["calendar_words"])
    unit_table, plurals = load_units(files.tsv("units"), refs["units"])
    mods = load_modifiers(files.jsonl("modifiers"), refs["modifiers"])
    holiday_table = load_holidays(files.jsonl("holidays"), refs["holidays"], normalise_text)

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
        "VAGUE": _alternation(lists.vague_quantities),
    }
    articles = lexicon.words("article")
    possessives = lexicon.words("possessive")
    return DateTables(
        words=words, units=unit_table, unit_plurals=plurals,
        modifiers_before=[m for m in mods if m.position == "before"],
        modifiers_after=[m for m in mods if m.position == "after"],
        vague=load_vague(files.jsonl("vague"), refs["vague"]), holidays=holiday_table,
        sets=load_sets(files.jsonl("sets"), refs["sets"]),
        rules=load_rules(files.jsonl("rules"), refs["rules"], placeholders),
        patterns=load_patterns(files.jsonl("patterns"), refs["patterns"]),
        trim=load_trim(files.tsv("trim"), refs["trim"]),
        lists=lists, meanings=load_meanings(files.tsv("meanings"), refs["meanings"]),
        normalise_text=normalise_text,
        articles=articles, possessives=possessives, determiners=articles | possessives,
        start_words=lexicon.words("article", "demonstrative", "plural_demonstrative", "possessive") | lists.start_words,
        bare_words=articles | possessives | lists.bare_words,
    )
