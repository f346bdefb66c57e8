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
    doc = blank("Blinken arrived on Monday with 200 people .")
    doc._.published_at = dt.date(2021, 3, 22)
    doc.spans["news_mentions"] = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="DATE"), Span(doc, 5, 6, label="FIGURE")]
    person, date, figure = mention_records("d", doc)
    assert list(person) == field_names("mentions")
    assert list(date) == field_names("mentions", "DATE")
    assert list(figure) == field_names("mentions", "FIGURE")
    article = Article("d", doc.text, "x", dt.date(2021, 3, 22), "input")
    assert list(document_record(article, [(0, doc)], "m")) == field_names("documents")
    assert list(error_record(InputError("x", "e", "m"))) == field_names("errors")
    assert set(TABLES) == {"documents", "mentions", "officials", "events", "errors"}


def test_readme_records_are_real_output():
    import json

    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- records -->"):text.index("<!-- schema -->")]
    blocks = [json.loads(b.split("```")[0]) for b in section.split("```json\n")[1:]]
    golden = Path(__file__).parent / "golden" / "corpus.jsonl"
    records = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    shipped = [{k: v for k, v in r.items() if k != "table"} for r in records]
    assert len(blocks) == 7
    for block in blocks[:-1]:
        assert block in shipped, block
    assert list(blocks[-1]) == field_names("errors")
