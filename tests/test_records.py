import datetime as dt
import json

from spacy.tokens import Span

from pipeline.annotations import Event, EventPlace, Figure, Geo, Participant, Timex
from pipeline.io.articles import Article, InputError
from pipeline.io.writer import RunWriter, dumps
from pipeline.records import ByteOffsets, document_record, error_record, event_records, mention_records


def test_byte_offsets_count_utf8_bytes():
    text = "López said €5"
    to_bytes = ByteOffsets(text)
    for i in range(len(text) + 1):
        assert to_bytes(i) == len(text[:i].encode("utf-8"))
    assert ByteOffsets("plain")(3) == 3


def _doc(blank, text):
    doc = blank(text)
    doc._.published_at = dt.date(2023, 12, 26)
    return doc


def test_mention_records_carry_both_offsets_and_typed_fields(blank):
    doc = _doc(blank, "López Obrador met Blinken on Tuesday with €4 billion .")
    person = Span(doc, 0, 2, label="PERSON")
    person._.canonical, person._.entity_id, person._.extractor = "Andrés Manuel López Obrador", "person:andres-manuel-lopez-obrador", "model:ner"
    date = Span(doc, 5, 6, label="DATE")
    day = dt.date(2023, 12, 26)
    date._.timex = Timex(timex_type="DATE", timex_value="2023-12-26", date_start=day, date_end=day, anchor=day)
    figure = Span(doc, 7, 10, label="FIGURE")  # € 4 billion
    figure._.figure = Figure(number=4000000000, unit="EUR")
    doc.spans["news_mentions"] = [person, date, figure]
    records = mention_records("d1", doc)
    assert [(r["text"], r["start"], r["end"], r["byte_start"], r["byte_end"]) for r in records] == [
        ("López Obrador", 0, 13, 0, 14), ("Tuesday", 29, 36, 30, 37), ("€4 billion", 42, 52, 43, 55)]
    for r in records:
        assert doc.text[r["start"]:r["end"]] == r["text"]
        assert doc.text.encode()[r["byte_start"]:r["byte_end"]].decode() == r["text"]
    assert records[0]["canonical"] == "Andrés Manuel López Obrador"
    assert records[1]["timex_value"] == "2023-12-26" and records[1]["anchor"] == "2023-12-26"
    assert records[2]["number"] == 4000000000.0 and isinstance(records[2]["number"], float)
    assert list(records[2]) == ["schema_version", "mention_id", "doc_id", "type", "start", "end", "byte_start", "byte_end",
                                "text", "sentence_index", "canonical", "entity_id", "extractor", "number", "unit",
                                "counts", "qualifier", "range_end"]


def test_gpe_and_loc_records_carry_geo_and_no_other_type_does(blank):
    doc = _doc(blank, "Blinken flew from Paris to Texas and Springfield in Europe .")
    person, paris, texas, springfield = (Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="GPE"),
                                         Span(doc, 5, 6, label="GPE"), Span(doc, 7, 8, label="GPE"))
    europe = Span(doc, 9, 10, label="LOC")
    paris._.geo = Geo(2988507, 48.85341, 2.3488, "FR", "P")
    texas._.geo = Geo(4736286, None, None, "US", "A")
    europe._.geo = Geo(6255148, 48.69096, 9.14062, None, "L")
    doc.spans["news_mentions"] = [person, paris, texas, springfield, europe]
    records = mention_records("d1", doc)
    assert "geo" not in records[0]
    assert [r["geo"] for r in records[1:]] == [
        {"geonames_id": 2988507, "latitude": 48.85341, "longitude": 2.3488, "country": "FR", "feature_class": "P"},
        {"geonames_id": 4736286, "latitude": None, "longitude": None, "country": "US", "feature_class": "A"},
        None,
        {"geonames_id": 6255148, "latitude": 48.69096, "longitude": 9.14062, "country": None, "feature_class": "L"}]
    assert list(records[1])[-2:] == ["extractor", "geo"] and records[1]["schema_version"] == 4
    assert dumps(records[1]).endswith(',"geo":{"geonames_id":2988507,"latitude":48.85341,"longitude":2.3488,'
                                      '"country":"FR","feature_class":"P"}}')


def test_event_mention_references_become_mention_ids(blank):
    doc = _doc(blank, "Blinken met Ebrard in Mexico .")
    spans = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="PERSON"), Span(doc, 4, 5, label="GPE")]
    doc.spans["news_mentions"] = spans
    doc._.events = [Event("MEETING", doc[1:2], doc[:], location=EventPlace("Mexico", "gpe:mexico", spans[2]),
                          participants=[Participant("Blinken", "person:blinken", spans[0], "agent")], cluster_id="c1")]
    (event,) = event_records("d1", doc)
    assert event["trigger"] == {"start": 8, "end": 11, "text": "met"} and event["sentence"] == {"start": 0, "end": 30}
    assert event["date"] is None and event["figures"] == []
    assert event["participants"][0]["role"] == "agent" and event["location"]["canonical"] == "Mexico"
    mentions = {m["mention_id"]: m["text"] for m in mention_records("d1", doc)}
    assert mentions[event["location"]["mention_id"]] == "Mexico"
    assert mentions[event["participants"][0]["mention_id"]] == "Blinken"
    assert event["event_id"].startswith("e-") and event["cluster_id"] == "c1"


def test_document_record_fields(blank):
    doc = _doc(blank, "Text . Donate now")
    doc.spans["news_boilerplate"] = [Span(doc, 2, 4, label="donation")]
    article = Article("d1", doc.text, "f.txt", dt.date(2023, 12, 26), "input", meta={"lang": "en"})
    record = document_record(article, [(0, doc)], "en_core_web_sm-3.8.0")
    assert record["boilerplate"] == [{"start": 7, "end": 17, "kind": "donation"}]
    assert record["published_at"] == "2023-12-26" and record["chars"] == 17 and record["meta"] == {"lang": "en"}
    assert list(record) == ["schema_version", "doc_id", "title", "url", "source", "published_at", "published_at_source",
                            "text_sha256", "chars", "language", "boilerplate", "meta", "pipeline_version", "model"]


def test_writer_renames_part_files_only_when_closed(tmp_path):
    writer = RunWriter(tmp_path, "r1")
    writer.write("errors", error_record(InputError("f:2", "invalid_json", "bad")))
    assert not (tmp_path / "errors" / "part-r1.jsonl").exists()
    writer.close()
    lines = (tmp_path / "errors" / "part-r1.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"schema_version": 4, "doc_id": None, "input": "f:2", "error": "invalid_json", "message": "bad"}]
    assert not (tmp_path / "mentions" / "part-r1.jsonl").exists()  # a run leaves no empty part file
    assert list((tmp_path / "attributions").iterdir()) == []  # the table's folder is there, empty
    assert not list(tmp_path.rglob("*.tmp"))


def test_dumps_is_compact_and_keeps_unicode():
    assert dumps({"a": "López", "b": [1, None]}) == '{"a":"López","b":[1,null]}'
