"""The attributions table (new in schema version 3): records from hand-built annotations, exact and schema-valid."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from spacy.tokens import Doc, Span

from pipeline import SCHEMA_VERSION
from pipeline.annotations import Attribution, Event, EventDate, Participant, Speaker
from pipeline.extract import doc_records
from pipeline.ids import mention_id, short_hash
from pipeline.io.articles import Article
from pipeline.io.writer import dumps
from pipeline.records import attribution_records, event_records, mention_records
from pipeline.schema import field_names, json_schema

TEXT = ('Ada Lovelace visited Leeds on Monday. "We will act," she said, "and we will act soon." '
        'The plan works, according to officials.')
MONDAY = dt.date(2024, 1, 8)


def annotated(blank) -> Doc:
    """Two attributions: a quotation split around its cue whose pronoun source resolved to a named mention, and an
    according-to with an unresolved source."""
    doc = blank(TEXT)
    doc._.published_at = dt.date(2024, 1, 9)
    ada, monday = Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 6, label="DATE")
    ada._.canonical, ada._.entity_id = "Ada Lovelace", "person:ada-lovelace"
    doc.spans["news_mentions"] = [ada, monday]
    quote_sentence, plan_sentence = doc[7:24], doc[24:32]
    statement = Event("STATEMENT", doc[14:15], quote_sentence,
                      participants=[Participant("Ada Lovelace", "person:ada-lovelace", ada, "speaker")])
    doc._.events = [statement]
    doc._.attributions = [
        Attribution("speech", cue=doc[14:15], sentence=quote_sentence, source=doc[13:14],
                    speaker=Speaker("Ada Lovelace", "person:ada-lovelace", ada),
                    content=[doc.char_span(39, 51, alignment_mode="expand"), doc[17:23]], direct=True,
                    date=EventDate("2024-01-08", MONDAY, MONDAY, monday), event=statement),
        Attribution("according_to", cue=doc[28:30], sentence=plan_sentence, source=doc[30:31],
                    content=[doc[24:27]]),
    ]
    return doc


def expected_quote(doc_id: str = "d1", offset: int = 0) -> dict:
    """The record of the split quotation, for the doc at article offset ``offset``."""
    o = offset
    return {
        "schema_version": 4,
        "attribution_id": "a-" + short_hash(doc_id, o + 57, o + 61),
        "doc_id": doc_id,
        "kind": "speech",
        "cue": {"start": o + 57, "end": o + 61, "text": "said"},
        "source": {"start": o + 53, "end": o + 56, "text": "she"},
        "speaker": {"canonical": "Ada Lovelace", "entity_id": "person:ada-lovelace",
                    "mention_id": mention_id(doc_id, "PERSON", o + 0, o + 12)},
        "content": {"start": o + 39, "end": o + 85, "text": 'We will act," she said, "and we will act soon.'},
        "content_fragments": [{"start": o + 39, "end": o + 51, "text": "We will act,"},
                              {"start": o + 64, "end": o + 85, "text": "and we will act soon."}],
        "direct": True,
        "sentence": {"start": o + 38, "end": o + 86},
        "date": {"timex_value": "2024-01-08", "date_start": "2024-01-08", "date_end": "2024-01-08",
                 "mention_id": mention_id(doc_id, "DATE", o + 30, o + 36)},
        "event_id": "e-" + short_hash(doc_id, "STATEMENT", o + 57, o + 61),
    }


def test_attribution_records_are_exact(blank):
    doc = annotated(blank)
    quote, according = attribution_records("d1", doc)
    assert quote == expected_quote()
    assert according == {
        "schema_version": 4, "attribution_id": "a-" + short_hash("d1", 103, 115), "doc_id": "d1",
        "kind": "according_to", "cue": {"start": 103, "end": 115, "text": "according to"},
        "source": {"start": 116, "end": 125, "text": "officials"}, "speaker": None,
        "content": {"start": 87, "end": 101, "text": "The plan works"},
        "content_fragments": [{"start": 87, "end": 101, "text": "The plan works"}],
        "direct": False, "sentence": {"start": 87, "end": 126}, "date": None, "event_id": None}
    assert list(quote) == list(according) == field_names("attributions")
    # the ids as pinned literals: the recipe must not change without a schema note
    assert (quote["attribution_id"], according["attribution_id"]) == ("a-b5a7bdfb3b890ac5", "a-ba9fce21d676ba9e")
    for record in (quote, according):
        for span in [record["cue"], record["source"], record["content"], *record["content_fragments"]]:
            assert TEXT[span["start"]:span["end"]] == span["text"]


def test_attribution_records_join_to_mentions_and_events(blank):
    doc = annotated(blank)
    (quote, _) = attribution_records("d1", doc)
    mentions = {m["mention_id"]: m["text"] for m in mention_records("d1", doc)}
    assert mentions[quote["speaker"]["mention_id"]] == "Ada Lovelace"
    assert mentions[quote["date"]["mention_id"]] == "Monday"
    assert quote["event_id"] == event_records("d1", doc)[0]["event_id"]


def test_a_piece_of_a_long_article_shifts_offsets_and_ids(blank):
    quote, _ = attribution_records("d1", annotated(blank), offset=1000)
    assert quote == expected_quote(offset=1000)
    assert quote["attribution_id"] != expected_quote()["attribution_id"]


def test_no_attributions_no_records_and_no_content_is_null(blank):
    doc = blank("Nothing was said .")
    assert attribution_records("d1", doc) == []  # not set at all (component absent)
    doc._.attributions = []
    assert attribution_records("d1", doc) == []
    doc._.attributions = [Attribution("speech", cue=doc[2:3], sentence=doc[:])]
    (record,) = attribution_records("d1", doc)
    assert (record["source"], record["speaker"], record["content"], record["content_fragments"], record["direct"],
            record["date"], record["event_id"]) == (None, None, None, [], False, None, None)
    assert record["sentence"] == {"start": 0, "end": 18}


def test_records_are_byte_identical_across_runs(blank):
    first = [dumps(r) for r in attribution_records("d1", annotated(blank))]
    second = [dumps(r) for r in attribution_records("d1", annotated(blank))]
    assert first == second
    assert first[1] == (
        '{"schema_version":4,"attribution_id":"a-ba9fce21d676ba9e","doc_id":"d1","kind":"according_to",'
        '"cue":{"start":103,"end":115,"text":"according to"},"source":{"start":116,"end":125,"text":"officials"},'
        '"speaker":null,"content":{"start":87,"end":101,"text":"The plan works"},'
        '"content_fragments":[{"start":87,"end":101,"text":"The plan works"}],"direct":false,'
        '"sentence":{"start":87,"end":126},"date":null,"event_id":null}')


def test_doc_records_write_attributions_after_events_and_release_the_doc(blank):
    doc = annotated(blank)
    article = Article("d1", TEXT, "x", dt.date(2024, 1, 9), "input")
    records = doc_records(article, doc, "m")
    tables = [t for t, _ in records]
    assert tables == ["documents", "mentions", "mentions", "events", "attributions", "attributions"]
    assert records[4][1] == expected_quote()
    assert doc._.attributions is None and doc._.events is None


def test_attribution_records_validate_against_the_json_schema(blank):
    schema = json_schema("attributions")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    records = attribution_records("d1", annotated(blank))
    for record in records:
        validator.validate(record)
    quote = records[0]
    for bad in ({**quote, "kind": "rumour"}, {**quote, "extra": 1}, {k: v for k, v in quote.items() if k != "event_id"},
                {**quote, "content_fragments": None}, {**quote, "direct": "yes"},
                {**quote, "cue": {"start": 57, "end": 61}}, {**quote, "sentence": {**quote["sentence"], "text": "x"}},
                {**quote, "speaker": {"canonical": "Ada Lovelace", "entity_id": None}},
                {**quote, "date": {**quote["date"], "date_start": "8 January"}}):
        assert not validator.is_valid(bad), bad
    assert SCHEMA_VERSION == 4


@pytest.mark.parametrize("kind", ["speech", "thought", "according_to"])
def test_every_kind_is_valid(blank, kind):
    doc = blank("He believes it .")
    doc._.attributions = [Attribution(kind, cue=doc[1:2], sentence=doc[:], source=doc[0:1], content=[doc[2:3]])]
    (record,) = attribution_records("d1", doc)
    jsonschema.Draft202012Validator(json_schema("attributions")).validate(record)
