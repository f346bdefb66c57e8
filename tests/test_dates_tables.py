"""Every record of the date tables runs its example (models/dates/*.jsonl)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

import pipeline.dates.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.dates.normalise import Context, Normaliser, parse_point
from pipeline.dates.tables import (load_holidays, load_meanings, load_modifiers, load_rules, load_sets, load_tables,
                                   load_vague, load_word_lists)
from pipeline.lexicon import default_lexicon
from pipeline.resources import DataFiles, parse_jsonl, parse_tsv

COMPONENT = spacy.blank("en").add_pipe("news_dates", config={"use_dateparser": False})
TABLES = COMPONENT.state.tables
NORMALISER = COMPONENT.state.normaliser
ANCHOR = dt.date(2021, 3, 22)  # a Monday


@pytest.mark.parametrize("rule", TABLES.rules, ids=lambda r: r.id)
def test_every_rule_resolves_its_example(rule):
    record = rule.record
    anchor = dt.date.fromisoformat(record.get("anchor", ANCHOR.isoformat()))
    ref = parse_point(record["ref"]) if "ref" in record else None
    res = NORMALISER.normalise(rule.example, Context(anchor, ref, record.get("tense")))
    assert (res.rule, res.value) == (rule.id, rule.expect)


@pytest.mark.parametrize("record", list(COMPONENT.files.jsonl("modifiers")), ids=lambda r: r["phrase"])
def test_every_modifier_gives_its_mod(record):
    res = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert res.mod == record["mod"]
    assert res.value is not None


@pytest.mark.parametrize("record", list(COMPONENT.files.jsonl("vague")), ids=lambda r: r["phrase"])
def test_every_vague_phrase_gives_its_reference(record):
    res = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert (res.timex_type, res.value) == ("DATE", record["value"])


@pytest.mark.parametrize("record", list(COMPONENT.files.jsonl("sets")), ids=lambda r: r["word"])
def test_every_frequency_word_is_a_set(record):
    res = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert (res.timex_type, res.value) == ("SET", record["value"])


@pytest.mark.parametrize("record", list(COMPONENT.files.jsonl("holidays")), ids=lambda r: r["name"])
def test_every_holiday_resolves_to_a_day_of_the_year(record):
    res = NORMALISER.normalise(f"{record['example']} 2021", Context(ANCHOR))
    assert res.rule == "holiday"
    assert res.point is not None and res.point.gran == "day" and res.point.start.year == 2021


def test_holiday_dates():
    def value(text: str) -> str | None:
        return NORMALISER.normalise(text, Context(ANCHOR)).value

    assert value("Thanksgiving 2023") == "2023-11-23"
    assert value("Memorial Day 2024") == "2024-05-27"
    assert value("Easter 2024") == "2024-03-31"
    assert value("Easter 2000") == "2000-04-23"
    assert value("Good Friday 2021") == "2021-04-02"
    assert value("Election Day 2020") == "2020-11-03"
    assert value("last Christmas") == "2020-12-25"


def _records(text: str) -> list[dict]:
    return list(parse_jsonl(text, "bad.jsonl"))


def test_unknown_keys_are_rejected():
    with pytest.raises(ValueError, match="unknown keys"):
        load_rules(_records('{"id": "x", "regex": "x", "action": "year", "example": "x", "colour": "red"}'),
                   "bad.jsonl", {})
    for loader, record in [
        (load_modifiers, '{"phrase": "about", "mod": "APPROX", "position": "before", "needs": "any", "example": "x", "z": 1}'),
        (load_vague, '{"phrase": "now", "value": "PRESENT_REF", "example": "now", "z": 1}'),
        (load_sets, '{"word": "daily", "value": "P1D", "example": "daily", "z": 1}'),
        (lambda records, where: load_holidays(records, where, TABLES.normalise_text),
         '{"name": "x", "example": "x", "z": 1}'),
    ]:
        with pytest.raises(ValueError, match="unknown keys"):
            loader(_records(record), "bad.jsonl")


def test_bad_values_are_rejected():
    with pytest.raises(ValueError):
        load_modifiers(_records('{"phrase": "about", "mod": "ROUGHLY", "position": "before", "needs": "any", '
                                '"example": "x"}'), "bad.jsonl")
    with pytest.raises(ValueError, match="placeholder"):
        load_rules(_records('{"id": "x", "regex": "%NOPE%", "action": "year", "example": "x"}'), "bad.jsonl", {})
    with pytest.raises(ValueError, match="granularity"):
        load_meanings(parse_tsv("fortnight\tgranularity\tfortnight\n"), "bad.tsv")
    with pytest.raises(ValueError, match="base"):
        load_meanings(parse_tsv("ago\tdirection\t-1 now\n"), "bad.tsv")


def test_word_lists_must_all_be_there():
    rows = list(COMPONENT.files.tsv("word_lists"))
    with pytest.raises(ValueError, match="unknown list"):
        load_word_lists(rows + [["start_wrods", "the"]], "bad.tsv")
    with pytest.raises(ValueError, match="missing lists"):
        load_word_lists([row for row in rows if row[0] != "deictic"], "bad.tsv")


def test_rules_name_only_known_actions(tmp_path):
    bad = tmp_path / "rules.jsonl"
    bad.write_text('{"id": "x", "regex": "x", "action": "guess", "example": "x"}\n')
    tables = load_tables(DataFiles({**COMPONENT.files.refs, "rules": str(bad)}), default_lexicon())
    with pytest.raises(ValueError, match="unknown action"):
        Normaliser(tables)
