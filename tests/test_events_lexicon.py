"""The trigger rules and word lists of news_events: loading, validation, indexing."""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline.events.component import EventExtractor
from pipeline.events.lexicon import (CONDITIONS, EVENT_TYPES, WORD_LISTS, TriggerLexicon, TriggerRule, load_rules,
                                     load_word_lists)
from pipeline.lexicon import default_lexicon
from pipeline.resources import DataFiles, parse_tsv


@pytest.fixture(scope="module")
def packaged():
    return spacy.blank("en").add_pipe("news_events").state


def test_packaged_lexicon_loads_and_covers_every_type(packaged):
    assert {rule.type for rule in packaged.rules} == set(EVENT_TYPES)
    assert set(packaged.words) == set(WORD_LISTS)
    assert all(packaged.words[name] for name in WORD_LISTS)
    assert all(rule.example for rule in packaged.rules)


def test_closed_lists_as_the_rules_use_them(packaged):
    # "the talks", "this meeting": the lexicon's demonstratives plus the events' own "the"
    assert packaged.words["anaphor"] == {"the", "this", "that", "these", "those"}
    assert packaged.words["appointed"] == {"newly", "recently", "just"}


def test_index_tries_longer_triggers_first_then_file_order(packaged):
    assert packaged.index["shut"][0].lemmas == ("shut", "down")
    assert [r.type for r in packaged.index["agree"]] == ["POLICY", "AGREEMENT"]
    assert [r.type for r in packaged.index["arrive"]] == ["MIGRATION", "TRAVEL"]


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


def test_rule_files_from_a_path(tmp_path):
    triggers = tmp_path / "triggers.jsonl"
    triggers.write_text(json.dumps({"_meta": {"about": "a test rule"}}) + "\n" + json.dumps(
        {"trigger": "confer", "pos": "VERB", "type": "MEETING", "example": "They conferred."}) + "\n")
    words = tmp_path / "words.tsv"
    words.write_text("# lists\nmigrant\tmigrant\n")
    extractor = EventExtractor(DataFiles({"triggers": str(triggers), "word_lists": str(words)}), default_lexicon())
    lexicon = extractor.state
    assert len(lexicon.rules) == 1 and lexicon.rules[0].lemmas == ("confer",) and lexicon.rules[0].needs == ()
    assert lexicon.index == {"confer": lexicon.rules} and lexicon.words["migrant"] == {"migrant"}
    assert lexicon.words["light"] == frozenset()
    # a saved component carries its rules, not the paths they came from
    triggers.unlink()
    restored = EventExtractor(DataFiles({"triggers": "x", "word_lists": "y"}), default_lexicon())
    assert restored.from_bytes(extractor.to_bytes()).state == lexicon


def test_error_names_the_file_and_record():
    with pytest.raises(ValueError, match=r"^rules\.jsonl:2: missing keys"):
        load_rules([{"trigger": "meet", "pos": "VERB", "type": "MEETING", "example": "x"}, {"trigger": "go"}],
                   "rules.jsonl")


def test_unknown_word_list_is_rejected():
    with pytest.raises(ValueError, match="w.tsv: unknown list"):
        load_word_lists(parse_tsv("# lists\nmigrnt\tmigrant\n"), "w.tsv")


def test_every_condition_is_implemented():
    from pipeline.events.triggers import CHECKS

    assert set(CHECKS) == set(CONDITIONS)


def test_objects_may_name_a_shared_word_list(packaged):
    """"@enact_object" in a record's objects stands for that list of word_lists.tsv."""
    unveil = next(r for r in packaged.rules if r.lemmas == ("unveil",))
    assert unveil.objects == packaged.words["enact_object"] and {"plan", "bill", "budget"} <= unveil.objects
    record = {"trigger": "unveil", "pos": "VERB", "type": "POLICY", "objects": ["@no_such_list", "plan"],
              "needs": ["object"], "example": "x"}
    with pytest.raises(ValueError, match="objects name @no_such_list, which is no word list"):
        TriggerLexicon.build(load_rules([record], "t"), dict(packaged.words))
