"""The trigger lexicon and word lists of news_events: loading, validation, indexing."""

from __future__ import annotations

import json

import pytest

from pipeline.events.component import DEFAULT_TRIGGERS, DEFAULT_WORD_LISTS
from pipeline.events.lexicon import CONDITIONS, EVENT_TYPES, WORD_LISTS, TriggerRule, load_lexicon, load_rules


def test_packaged_lexicon_loads_and_covers_every_type():
    lexicon = load_lexicon(DEFAULT_TRIGGERS, DEFAULT_WORD_LISTS)
    assert {rule.type for rule in lexicon.rules} == set(EVENT_TYPES)
    assert set(lexicon.words) == set(WORD_LISTS)
    assert all(lexicon.words[name] for name in WORD_LISTS)
    assert all(rule.example for rule in lexicon.rules)


def test_index_tries_longer_triggers_first_then_file_order():
    lexicon = load_lexicon(DEFAULT_TRIGGERS, DEFAULT_WORD_LISTS)
    assert lexicon.index["shut"][0].lemmas == ("shut", "down")
    assert [r.type for r in lexicon.index["agree"]] == ["POLICY", "AGREEMENT"]
    assert [r.type for r in lexicon.index["arrive"]] == ["MIGRATION", "TRAVEL"]


def test_multiword_noun_head_defaults_to_last_word():
    rule = TriggerRule.from_dict({"trigger": "phone call", "pos": "NOUN", "type": "MEETING", "example": "x"}, "t")
    assert rule.lemmas == ("phone", "call") and rule.head == 1 and rule.group == "meeting"
    verb = TriggerRule.from_dict({"trigger": "set out", "pos": "VERB", "type": "MIGRATION", "example": "x"}, "t")
    assert verb.head == 0


@pytest.mark.parametrize("record, message", [
    ({"trigger": "meet", "pos": "VERB", "type": "MEETING", "example": "x", "colour": 1}, "unknown keys"),
    ({"trigger": "meet", "pos": "VERB", "type": "MEETING"}, "missing keys"),
    ({"trigger": "meet", "pos": "ADJ", "type": "MEETING", "example": "x"}, "pos must be"),
    ({"trigger": "meet", "pos": "VERB", "type": "PARTY", "example": "x"}, "type must be"),
    ({"trigger": "meet", "pos": "VERB", "type": "MEETING", "example": "x", "needs": ["telepathy"]},
     "unknown conditions"),
    ({"trigger": "close", "pos": "VERB", "type": "POLICY", "example": "x", "needs": ["object"]}, "objects list"),
    ({"trigger": "point", "pos": "VERB", "type": "STATEMENT", "example": "x", "needs": ["prep"]}, "preps list"),
    ({"trigger": "phone call", "pos": "NOUN", "type": "MEETING", "example": "x", "head": 2}, "head out of range"),
])
def test_bad_records_are_rejected(record, message):
    with pytest.raises(ValueError, match=message):
        TriggerRule.from_dict(record, "test")


def test_rule_file_from_a_path(tmp_path):
    path = tmp_path / "triggers.jsonl"
    path.write_text("// a comment\n" + json.dumps(
        {"trigger": "confer", "pos": "VERB", "type": "MEETING", "example": "They conferred."}) + "\n")
    rules = load_rules(str(path))
    assert len(rules) == 1 and rules[0].lemmas == ("confer",) and rules[0].needs == ()


def test_unknown_word_list_is_rejected(tmp_path):
    triggers = tmp_path / "t.jsonl"
    triggers.write_text(json.dumps({"trigger": "meet", "pos": "VERB", "type": "MEETING", "example": "x"}) + "\n")
    words = tmp_path / "w.tsv"
    words.write_text("# lists\nmigrnt\tmigrant\n")
    with pytest.raises(ValueError, match="unknown list"):
        load_lexicon(str(triggers), str(words))


def test_every_condition_is_implemented():
    from pipeline.events.triggers import CHECKS

    assert set(CHECKS) == set(CONDITIONS)
