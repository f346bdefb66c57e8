"""Every record of the date tables runs its example (models/dates/*.jsonl)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates.component import DEFAULT_DATA
from pipeline.dates.normalise import Context, Normaliser, parse_point
from pipeline.dates.tables import load_holidays, load_modifiers, load_rules, load_sets, load_tables, load_vague
from pipeline.resources import read_jsonl

TABLES = load_tables(**DEFAULT_DATA)
NORMALISER = Normaliser(TABLES)
ANCHOR = dt.date(2021, 3, 22)  # a Monday


@pytest.mark.parametrize("rule", TABLES.rules, ids=lambda r: r.id)
def test_every_rule_resolves_its_example(rule):
    record = rule.record
    anchor = dt.date.fromisoformat(record.get("anchor", ANCHOR.isoformat()))
    ref = parse_point(record["ref"]) if "ref" in record else None
    timex = NORMALISER.normalise(rule.example, Context(anchor, ref, record.get("tense")))
    assert (timex.rule, timex.value) == (rule.id, rule.expect)


@pytest.mark.parametrize("record", list(read_jsonl(DEFAULT_DATA["modifiers"])), ids=lambda r: r["phrase"])
def test_every_modifier_gives_its_mod(record):
    timex = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert timex.mod == record["mod"]
    assert timex.value is not None


@pytest.mark.parametrize("record", list(read_jsonl(DEFAULT_DATA["vague"])), ids=lambda r: r["phrase"])
def test_every_vague_phrase_gives_its_reference(record):
    timex = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert (timex.timex_type, timex.value) == ("DATE", record["value"])


@pytest.mark.parametrize("record", list(read_jsonl(DEFAULT_DATA["sets"])), ids=lambda r: r["word"])
def test_every_frequency_word_is_a_set(record):
    timex = NORMALISER.normalise(record["example"], Context(ANCHOR))
    assert (timex.timex_type, timex.value) == ("SET", record["value"])


@pytest.mark.parametrize("record", list(read_jsonl(DEFAULT_DATA["holidays"])), ids=lambda r: r["name"])
def test_every_holiday_resolves_to_a_day_of_the_year(record):
    timex = NORMALISER.normalise(f"{record['example']} 2021", Context(ANCHOR))
    assert timex.rule == "holiday"
    assert timex.point is not None and timex.point.gran == "day" and timex.point.start.year == 2021


def test_holiday_dates():
    def value(text: str) -> str | None:
        return NORMALISER.normalise(text, Context(ANCHOR)).value

    assert value("Thanksgiving 2023") == "2023-11-23"
    assert value("Memorial Day 2024") == "2024-05-27"
    assert value("Easter 2024") == "2024-03-31"
    assert value("Good Friday 2021") == "2021-04-02"
    assert value("Election Day 2020") == "2020-11-03"
    assert value("last Christmas") == "2020-12-25"


def test_unknown_keys_are_rejected(tmp_path):
    bad = tmp_path / "rules.jsonl"
    bad.write_text('{"id": "x", "regex": "x", "action": "year", "example": "x", "colour": "red"}\n')
    with pytest.raises(ValueError, match="unknown keys"):
        load_rules(str(bad), {})
    for loader, record in [
        (load_modifiers, '{"phrase": "about", "mod": "APPROX", "position": "before", "needs": "any", "example": "x", "z": 1}'),
        (load_vague, '{"phrase": "now", "value": "PRESENT_REF", "example": "now", "z": 1}'),
        (load_sets, '{"word": "daily", "value": "P1D", "example": "daily", "z": 1}'),
        (load_holidays, '{"name": "x", "example": "x", "z": 1}'),
    ]:
        bad.write_text(record + "\n")
        with pytest.raises(ValueError, match="unknown keys"):
            loader(str(bad))


def test_bad_values_are_rejected(tmp_path):
    bad = tmp_path / "mods.jsonl"
    bad.write_text('{"phrase": "about", "mod": "ROUGHLY", "position": "before", "needs": "any", "example": "x"}\n')
    with pytest.raises(ValueError):
        load_modifiers(str(bad))
    bad.write_text('{"id": "x", "regex": "%NOPE%", "action": "year", "example": "x"}\n')
    with pytest.raises(ValueError, match="placeholder"):
        load_rules(str(bad), {})


def test_rules_name_only_known_actions(tmp_path):
    bad = tmp_path / "rules.jsonl"
    bad.write_text('{"id": "x", "regex": "x", "action": "guess", "example": "x"}\n')
    tables = load_tables(DEFAULT_DATA["calendar_words"], DEFAULT_DATA["units"], DEFAULT_DATA["modifiers"],
                         DEFAULT_DATA["vague"], DEFAULT_DATA["holidays"], DEFAULT_DATA["sets"], str(bad),
                         DEFAULT_DATA["patterns"], DEFAULT_DATA["trim"])
    with pytest.raises(ValueError, match="unknown action"):
        Normaliser(tables)
