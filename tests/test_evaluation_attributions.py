"""The attribution scores of ``newsfacts eval`` (PolNeAR's rules), on tiny hand-made gold and predictions."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluation.attributions import (
    Tokens,
    is_speech_cue,
    match_cues,
    score_attributions,
    source_matches,
    token_f1,
    verb_forms,
)
from pipeline.evaluation.report import render_table
from pipeline.evaluation.runner import evaluate, read_predictions, to_prediction
from pipeline.evaluation.scoring import score_documents


def span(text: str, part: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def att(cue: tuple[int, int], source: tuple[int, int] | None = None, content: list[tuple[int, int]] | None = None) -> dict:
    out = {"cue": {"start": cue[0], "end": cue[1]}, "source": None, "content": None}
    if source:
        out["source"] = {"start": source[0], "end": source[1]}
    if content:
        out["content"] = {"start": content[0][0], "end": content[-1][1]}
        out["content_fragments"] = [{"start": s, "end": e} for s, e in content]
    return out


def test_cues_pair_greedily_largest_overlap_first():
    gold = [att((0, 10)), att((12, 20))]
    pred = [att((8, 14)), att((5, 15))]  # the second overlaps gold 0 by 5 chars: it is paired first
    assert match_cues(gold, pred) == [(0, 1), (1, 0)]


def test_cue_ties_go_to_the_earlier_gold_then_the_earlier_prediction():
    assert match_cues([att((0, 4)), att((6, 10))], [att((2, 8))]) == [(0, 0)]
    assert match_cues([att((0, 10))], [att((0, 3)), att((7, 10))]) == [(0, 0)]


def test_cue_overlap_is_counted_over_fragments():
    gold = [{"cue": {"start": 0, "end": 20}, "cue_fragments": [{"start": 0, "end": 5}, {"start": 15, "end": 20}]}]
    assert match_cues(gold, [att((8, 12))]) == []
    assert match_cues(gold, [att((4, 16))]) == [(0, 0)]


@pytest.mark.parametrize("cue, speech", [
    ("said", True), ("told reporters", True), ("according to", True), ("pointed out", True), ("admitted", True),
    ("testified", True), ("is expected", False), ("believes", False), (":", False), ("has also said", True),
    ("saying", True), ("in a statement", False), ("denies", True), ("emphasised", True),
])
def test_speech_cues_by_first_or_last_word(cue, speech):
    assert is_speech_cue(cue) is speech


def test_verb_forms_follow_spelling_rules():
    assert verb_forms("deny") == {"deny", "denies", "denied", "denying"}
    assert verb_forms("argue") == {"argue", "argues", "argued", "arguing"}
    assert verb_forms("say") >= {"says", "said", "saying"}


def test_a_pronoun_source_is_matched_only_by_that_pronoun():
    text = "Donald Trump spoke. He said he and Pence would win."
    he = span(text, "He")
    gold = {"source": he}
    assert source_matches(gold, {"source": he}, text)
    assert not source_matches(gold, {"source": span(text, "Donald Trump")}, text)
    wider = {"start": he["start"], "end": text.index("Pence") + 5}
    gold_he = {"source": span(text, "he and Pence")}
    assert source_matches(gold_he, {"source": span(text, "Pence")}, text)  # not a pronoun: any overlap
    assert not source_matches({"source": span(text, "he ")}, {"source": wider}, text)


def test_content_tokens_are_word_tokens_overlapping_the_fragments():
    text = "“We will win,” he said, “and soon.”"
    tokens = Tokens(text)
    assert tokens.within([(0, 14), (24, 35)]) == {0, 1, 2, 5, 6}
    assert tokens.within([(2, 3)]) == {0}  # a partial overlap counts
    assert token_f1({0, 1, 2, 5, 6}, {0, 1, 2}) == pytest.approx(0.75)
    assert token_f1(set(), set()) == 1.0


def test_document_scores_count_exactly():
    text = "“We will win,” he said, “and soon.” Polls show she leads, according to Gallup."
    gold = [
        att(tuple(span(text, "said").values())[:2], tuple(span(text, "he ").values())[:2],
            [(0, 14), (text.index("“and"), text.index("Polls") - 1)]),
        att((text.index("show"), text.index("show") + 4), (text.index("Polls"), text.index("Polls") + 5),
            [(text.index("she"), text.index("leads") + 5)]),
        att((text.index("according"), text.index("according") + 12), (text.index("Gallup"), text.index("Gallup") + 6),
            [(text.index("Polls"), text.index("leads") + 5)]),
    ]
    pred = [
        att((text.index("said"), text.index("said") + 4), (text.index("he "), text.index("he ") + 2), [(0, 14)]),
        att((text.index("according"), text.index("according") + 9), None, None),
        att((text.index("win"), text.index("win") + 3)),  # a false cue
    ]
    scores = score_attributions([({"text": text, "attributions": gold}, {"attributions": pred})]).as_dict()
    assert scores["cues"] == {"tp": 2, "fp": 1, "fn": 1, "precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert scores["speech_cues"] == {"tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["source"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    # said: gold We will win and soon (5 tokens), predicted We will win (3): F1 0.75; according: no content
    assert scores["content"] == {"pairs_with_content": 1, "matched_pairs": 2, "f1_with_content": 0.75, "f1_all": 0.375}


def test_attributions_are_reported_only_when_the_gold_has_them():
    text = "He said so."
    plain = score_documents([({"text": text}, {"attributions": []})]).as_dict()
    assert "attributions" not in plain
    gold = {"text": text, "attributions": [att((3, 7), (0, 2), [(8, 10)])]}
    scored = score_documents([(gold, {"attributions": [att((3, 7), (0, 2), [(8, 10)])]})])
    data = scored.as_dict()["attributions"]
    assert data["cues"]["f1"] == data["speech_cues"]["f1"] == data["source"]["accuracy"] == 1.0
    assert data["content"]["f1_all"] == 1.0
    table = render_table(scored, "t")
    assert "speech cues" in table and "source accuracy" in table and "content token F1" in table


def test_records_of_the_attributions_table_become_predictions():
    row = {"attribution_id": "a-1", "doc_id": "d", "kind": "speech", "cue": {"start": 3, "end": 7, "text": "said"},
           "source": {"start": 0, "end": 2, "text": "He"}, "speaker": None,
           "content": {"start": 8, "end": 10, "text": "so"}, "content_fragments": [{"start": 8, "end": 10, "text": "so"}],
           "direct": False}
    pred = to_prediction({"attributions": [row]})
    assert pred["attributions"] == [{"cue": row["cue"], "source": row["source"], "content": row["content"],
                                     "content_fragments": row["content_fragments"]}]
    gold = {"doc_id": "d", "text": "He said so.", "attributions": [att((3, 7), (0, 2), [(8, 10)])]}
    assert evaluate([gold], {"d": pred}).attributions.matched == 1


def test_old_output_is_scored_from_statement_events(tmp_path):
    (tmp_path / "mentions").mkdir()
    (tmp_path / "events").mkdir()
    mention = {"doc_id": "d", "mention_id": "m-1", "start": 0, "end": 5, "text": "Trump", "type": "PERSON"}
    event = {"doc_id": "d", "type": "STATEMENT", "trigger": {"start": 6, "end": 10, "text": "said"},
             "participants": [{"canonical": "Donald Trump", "mention_id": "m-1"}]}
    (tmp_path / "mentions" / "part-r1.jsonl").write_text(json.dumps(mention) + "\n", encoding="utf-8")
    (tmp_path / "events" / "part-r1.jsonl").write_text(json.dumps(event) + "\n", encoding="utf-8")
    pred = read_predictions(tmp_path)
    assert pred["d"]["attributions"] == [{"cue": event["trigger"], "source": {"start": 0, "end": 5}, "content": None,
                                          "content_fragments": []}]
