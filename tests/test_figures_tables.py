"""The figure tables in models/figures load, validate and reject bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import pytest

from pipeline.figures.tables import DEFAULT_FILES, load_qualifiers, load_tables, load_units


def test_default_tables_load():
    tables = load_tables(**DEFAULT_FILES)
    assert len(tables.units) > 100
    assert {q.qualifier for q in tables.qualifiers} == {"approx", "more_than", "less_than", "at_least", "at_most"}
    assert tables.scales["billion"].value == 1e9
    assert tables.number_nouns["pair"].value == 2
    assert ("title",) in tables.reference_phrases
    assert "march" in tables.temporal_words
    assert "major" in tables.skip_adjectives
    assert "number" in tables.count_nouns
    assert "fall" in tables.tally_verbs


def test_currency_units_are_iso_4217():
    tables = load_tables(**DEFAULT_FILES)
    for unit in tables.units:
        if unit.kind == "currency":
            assert pycountry.currencies.get(alpha_3=unit.unit) is not None, unit


def test_units_sorted_longest_first():
    tables = load_tables(**DEFAULT_FILES)
    lengths = [len(u.form) for u in tables.units]
    assert lengths == sorted(lengths, reverse=True)


def _write(tmp_path: Path, records: list[dict]) -> str:
    path = tmp_path / "t.jsonl"
    path.write_text("// a comment line\n" + "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_unknown_key_rejected(tmp_path):
    ref = _write(tmp_path, [{"form": "$", "unit": "USD", "kind": "currency", "position": "before",
                             "example": "$5", "colour": "green"}])
    with pytest.raises(ValueError, match="unknown keys"):
        load_units(ref, str.split)


def test_bad_currency_code_rejected(tmp_path):
    ref = _write(tmp_path, [{"form": "zz", "unit": "ZZZ", "kind": "currency", "position": "after",
                             "example": "5 zz"}])
    with pytest.raises(ValueError, match="ISO 4217"):
        load_units(ref, str.split)


def test_bad_qualifier_rejected(tmp_path):
    ref = _write(tmp_path, [{"phrase": "about", "qualifier": "roughly", "position": "before",
                             "example": "about 5"}])
    with pytest.raises(ValueError, match="qualifier must be one of"):
        load_qualifiers(ref, str.split)


def test_multiword_forms_use_the_tokenizer(tmp_path):
    ref = _write(tmp_path, [{"form": "per cent", "unit": "percent", "kind": "percent", "position": "after",
                             "example": "3 per cent"}])
    (unit,) = load_units(ref, lambda text: text.replace(" ", "|").split("|"))
    assert unit.form == ("per", "cent")
