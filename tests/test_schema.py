import datetime as dt
from pathlib import Path

from spacy.tokens import Span

from pipeline.io.articles import Article, InputError
from pipeline.records import document_record, error_record, mention_records
from pipeline.schema import TABLES, field_names, render_markdown

README = Path(__file__).parent.parent / "README.md"


def test_readme_schema_section_is_generated_from_the_code():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- schema -->") + len("<!-- schema -->\n")
    end = text.index("## Changelog")
    assert text[start:end].strip() == render_markdown().strip(), "run: python -m pipeline.schema_readme"


def test_writers_emit_exactly_the_schema_fields(blank):
    doc = blank("Blinken arrived on Monday with 200 people in Paris , Europe .")
    doc._.published_at = dt.date(2021, 3, 22)
    doc.spans["news_mentions"] = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="DATE"), Span(doc, 5, 6, label="FIGURE"),
                                  Span(doc, 8, 9, label="GPE"), Span(doc, 10, 11, label="LOC")]
    person, date, figure, gpe, loc = mention_records("d", doc)
    assert list(person) == field_names("mentions")
    assert list(date) == field_names("mentions", "DATE")
    assert list(figure) == field_names("mentions", "FIGURE")
    assert list(gpe) == list(loc) == field_names("mentions", "GPE") == field_names("mentions") + ["geo"]
    article = Article("d", doc.text, "x", dt.date(2021, 3, 22), "input")
    assert list(document_record(article, [(0, doc)], "m")) == field_names("documents")
    assert list(error_record(InputError("x", "e", "m"))) == field_names("errors")
    assert list(TABLES) == ["documents", "mentions", "officials", "events", "attributions", "errors"]


def test_readme_records_are_real_output():
    import json

    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- records -->"):text.index("<!-- schema -->")]
    blocks = [json.loads(b.split("```")[0]) for b in section.split("```json\n")[1:]]
    golden = Path(__file__).parent / "golden" / "corpus.jsonl"
    records = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    shipped = [{k: v for k, v in r.items() if k != "table"} for r in records]
    assert len(blocks) == 9
    for block in blocks[:-1]:
        assert block in shipped, block
    assert list(blocks[-1]) == field_names("errors")
    # the errors row is real output too: the bad-input example prints it (tests/test_readme_examples.py checks that)
    errors_line = section.split("```json\n")[-1].split("```")[0].strip()
    assert text[:text.index("<!-- records -->")].count(errors_line) == 1


def test_every_golden_record_validates_against_the_published_json_schemas():
    import json

    import jsonschema

    from pipeline.schema import json_schema

    validators = {t: jsonschema.Draft202012Validator(json_schema(t), format_checker=jsonschema.FormatChecker())
                  for t in TABLES}
    for schema in (json_schema(t) for t in TABLES):
        jsonschema.Draft202012Validator.check_schema(schema)
    golden = Path(__file__).parent / "golden" / "corpus.jsonl"
    seen = set()
    for line in golden.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        table = record.pop("table")
        validators[table].validate(record)
        seen.add(table)
    assert {"documents", "mentions", "officials", "events"} <= seen <= set(TABLES) - {"errors"}


def test_schemas_reject_what_the_contract_forbids():
    import jsonschema

    from pipeline.schema import json_schema

    mention = {"schema_version": 4, "mention_id": "m", "doc_id": "d", "type": "PERSON", "start": 0, "end": 1,
               "byte_start": 0, "byte_end": 1, "text": "B", "sentence_index": 0, "canonical": "B",
               "entity_id": "person:b", "extractor": "model:ner"}
    geo = {"geonames_id": 2988507, "latitude": 48.85341, "longitude": 2.3488, "country": "FR", "feature_class": "P"}
    place = {**mention, "type": "GPE", "text": "Paris", "canonical": "Paris", "entity_id": "gpe:paris", "geo": geo}
    validator = jsonschema.Draft202012Validator(json_schema("mentions"))
    for good in (mention, place, {**place, "geo": None}, {**place, "type": "LOC"},
                 {**place, "geo": {**geo, "latitude": None, "longitude": None, "country": None}}):
        validator.validate(good)
    for bad in ({**mention, "type": "THING"}, {**mention, "extra": 1}, {**mention, "number": 3.0},
                {**mention, "type": "DATE"}, {**mention, "geo": None}, {**mention, "geo": geo},
                {k: v for k, v in place.items() if k != "geo"}, {**place, "geo": {**geo, "extra": 1}},
                {**place, "geo": {k: v for k, v in geo.items() if k != "geonames_id"}},
                {**place, "geo": {**geo, "latitude": "48.8"}}):
        assert not validator.is_valid(bad), bad


def test_geo_follows_into_the_bigquery_and_markdown_schemas():
    from pipeline.schema import bigquery_schema

    (geo,) = [f for f in bigquery_schema("mentions") if f["name"] == "geo"]
    assert (geo["type"], geo["mode"]) == ("RECORD", "NULLABLE")
    assert [(f["name"], f["type"], f["mode"]) for f in geo["fields"]] == [
        ("geonames_id", "INT64", "REQUIRED"), ("latitude", "FLOAT64", "NULLABLE"), ("longitude", "FLOAT64", "NULLABLE"),
        ("country", "STRING", "NULLABLE"), ("feature_class", "STRING", "REQUIRED")]
    assert "| `geo` | object (GPE, LOC only) | yes |" in render_markdown()
    assert "## Output schema (version 4)" in render_markdown()


def test_attributions_follow_into_the_bigquery_markdown_and_json_schemas():
    import json

    from pipeline.schema import bigquery_schema, json_schema

    fields = bigquery_schema("attributions")
    assert [(f["name"], f["type"], f["mode"]) for f in fields] == [
        ("schema_version", "INT64", "REQUIRED"), ("attribution_id", "STRING", "REQUIRED"), ("doc_id", "STRING", "REQUIRED"),
        ("kind", "STRING", "REQUIRED"), ("cue", "RECORD", "REQUIRED"), ("source", "RECORD", "NULLABLE"),
        ("speaker", "RECORD", "NULLABLE"), ("content", "RECORD", "NULLABLE"), ("content_fragments", "RECORD", "REPEATED"),
        ("direct", "BOOL", "REQUIRED"), ("sentence", "RECORD", "REQUIRED"), ("date", "RECORD", "NULLABLE"),
        ("event_id", "STRING", "NULLABLE")]
    by_name = {f["name"]: f for f in fields}
    assert [(f["name"], f["type"], f["mode"]) for f in by_name["content_fragments"]["fields"]] == [
        ("start", "INT64", "REQUIRED"), ("end", "INT64", "REQUIRED"), ("text", "STRING", "REQUIRED")]
    assert [(f["name"], f["mode"]) for f in by_name["speaker"]["fields"]] == [
        ("canonical", "REQUIRED"), ("entity_id", "NULLABLE"), ("mention_id", "NULLABLE")]
    assert [f["name"] for f in by_name["sentence"]["fields"]] == ["start", "end"]
    schema = json_schema("attributions")
    assert schema["properties"]["kind"]["enum"] == ["speech", "thought", "according_to"]
    assert schema["description"].startswith("Since version 3.")
    assert schema["$id"] == "https://newsfacts.invalid/schema/v4/attributions.json"
    assert schema["required"] == field_names("attributions")
    json.dumps(schema)  # serialisable as `newsfacts schema` writes it
    markdown = render_markdown()
    assert "### attributions\n\nSince version 3." in markdown
    assert "| `content_fragments.text` | string |  | As written. |" in markdown
    assert "| `speaker.entity_id` | string | yes | entity_id (joins to mentions and officials). |" in markdown


def test_range_end_follows_into_the_bigquery_markdown_and_json_schemas():
    """Version 4's one additive field: FIGURE mentions carry a range's upper end (null for a single figure)."""
    import jsonschema

    from pipeline.schema import bigquery_schema, json_schema

    assert field_names("mentions", "FIGURE")[-5:] == ["number", "unit", "counts", "qualifier", "range_end"]
    (end,) = [f for f in bigquery_schema("mentions") if f["name"] == "range_end"]
    assert (end["type"], end["mode"]) == ("FLOAT64", "NULLABLE")
    assert "| `range_end` | number (FIGURE only) | yes |" in render_markdown()
    figure = {"schema_version": 4, "mention_id": "m", "doc_id": "d", "type": "FIGURE", "start": 0, "end": 9,
              "byte_start": 0, "byte_end": 9, "text": "10 and 20", "sentence_index": 0, "canonical": None,
              "entity_id": None, "extractor": "rule:figures", "number": 10.0, "unit": None, "counts": "people",
              "qualifier": None, "range_end": 20.0}
    validator = jsonschema.Draft202012Validator(json_schema("mentions"))
    validator.validate(figure)
    validator.validate({**figure, "range_end": None})
    person = {**{k: v for k, v in figure.items() if k not in {"number", "unit", "counts", "qualifier", "range_end"}},
              "type": "PERSON", "canonical": "B", "entity_id": "person:b"}
    validator.validate(person)
    for bad in ({k: v for k, v in figure.items() if k != "range_end"}, {**figure, "range_end": "20"},
                {**person, "range_end": None}):
        assert not validator.is_valid(bad), bad
