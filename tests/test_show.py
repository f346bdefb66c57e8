"""``newsfacts show``: review pages, checked by parsing the HTML they write."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.review import page_file_name
from pipeline.review.records import DocumentRecords
from pipeline.review.render import document_page

runner = CliRunner()
CORPUS = Path(__file__).parent.parent / "corpus"
VOID = {"meta", "br", "img", "link", "input", "hr", "wbr", "col", "area", "base", "source", "track", "embed"}


class Page(HTMLParser):
    """The parts of a page the tests look at: every element with an id, mention elements and their text, table
    rows with their cells' text and links, every href, and every tag name."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self.mentions: list[dict[str, str]] = []  # attrs of each nf-mention, plus its "text"
        self.marks: dict[str, str] = {}  # id → text of each nf-target element
        self.anchors: list[str] = []  # ids of empty nf-anchor elements
        self.tables: dict[str, list[dict]] = {}  # table id → rows: {"id", "cells": [text], "links": [[href]]}
        self.back_link: str | None = None
        self.text_parts: list[str] = []  # the text of the article element
        self._open_text: list[tuple[object, list[str]]] = []  # (element, text parts) of mentions and marks
        self._table: str | None = None
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attr_list}
        self.tags.add(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        classes = attrs.get("class", "").split()
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
            if self._row is not None and self._cell is not None:
                self._row["links"][-1].append(attrs["href"])
            if attrs["href"].endswith(".html") and self.back_link is None and not self._table:
                self.back_link = attrs["href"]
        if "nf-text" in classes:
            self._open_text.append((("text", attrs), []))
        if "nf-mention" in classes:
            self._open_text.append((("mention", attrs), []))
        if "nf-target" in classes:
            self._open_text.append((("mark", attrs), []))
        if "nf-anchor" in classes:
            self.anchors.append(attrs["id"])
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        if tag == "tr" and self._table and "id" in attrs:
            self._row = {"id": attrs["id"], "cells": [], "links": []}
        if tag == "td" and self._row is not None:
            self._cell = []
            self._row["links"].append([])
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        name, attrs = self.stack.pop()
        assert name == tag, f"</{tag}> closes <{name}>"
        if self._open_text and self._open_text[-1][0][1] is attrs:
            (kind, attrs_), parts = self._open_text.pop()
            if kind == "mention":
                self.mentions.append({**attrs_, "text": "".join(parts)})
            elif kind == "text":
                self.text_parts = parts
            else:
                self.marks[attrs_["id"]] = "".join(parts)
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        if tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        for _, parts in self._open_text:
            parts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _records(out: Path, table: str, doc_id: str) -> list[dict]:
    return [r for part in sorted((out / table).glob("part-*.jsonl")) for line in part.read_text("utf-8").splitlines()
            if (r := json.loads(line))["doc_id"] == doc_id]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("show") / "out"
    result = runner.invoke(app, ["extract", "--out", str(folder), "--quiet", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def seed_002(out, tmp_path_factory) -> tuple[Page, Path]:
    page = tmp_path_factory.mktemp("page") / "page.html"
    result = runner.invoke(app, ["show", str(out), "--doc", "seed-002", "--html", str(page)])
    assert result.exit_code == 0, result.output
    mentions, officials, events, attributions = (len(_records(out, t, "seed-002"))
                                                 for t in ("mentions", "officials", "events", "attributions"))
    assert result.output == (f"wrote {page}: seed-002, {mentions} mentions, {officials} officials, {events} events, "
                             f"{attributions} attributions\n")
    return Page(page.read_text("utf-8")), page


@pytest.mark.model
def test_every_mention_is_one_highlighted_span_with_its_exact_text(out, seed_002):
    page, _ = seed_002
    text = (CORPUS / "seed-002.txt").read_text("utf-8")
    records = sorted(_records(out, "mentions", "seed-002"), key=lambda m: m["start"])
    assert len(records) > 50
    assert len(page.mentions) == len(records)
    assert [m["id"] for m in page.mentions] == [r["mention_id"] for r in records]
    for span, record in zip(page.mentions, records):
        start, end = int(span["data-start"]), int(span["data-end"])
        assert (start, end, span["data-type"]) == (record["start"], record["end"], record["type"])
        assert span["text"] == text[start:end] == record["text"]
        assert span["href"] == f"#row-{record['mention_id']}"  # the span links to its row in the mentions table
    assert page.mentions[0]["text"] == "U.S." and page.mentions[0]["data-type"] == "GPE"
    assert "".join(page.text_parts) == text  # the article is shown exactly, labels and all markup aside


@pytest.mark.model
def test_the_tables_hold_the_records_and_each_row_links_to_its_offsets(out, seed_002):
    page, _ = seed_002
    text = (CORPUS / "seed-002.txt").read_text("utf-8")
    ids = set(page.ids)
    assert len(ids) == len(page.ids), "ids are unique"

    officials = sorted(_records(out, "officials", "seed-002"), key=lambda o: (o["start"], o["end"]))
    rows = page.tables["officials"]
    assert [r["id"] for r in rows] == [f"row-{o['official_id']}" for o in officials]
    assert [r["cells"][:3] for r in rows] == [[f"{o['start']}–{o['end']}", o["name"], o["title"]] for o in officials]
    assert rows[0]["cells"] == ["198–231", "Antony Blinken", "Secretary of State", "U.S. Department of State", "US", ""]
    for row, official in zip(rows, officials):
        assert row["links"][0] == [f"#{official['official_id']}"]
        # the official's span is marked with its id, around exactly its words (mentions and all)
        assert page.marks[official["official_id"]] == text[official["start"]:official["end"]]
        assert row["links"][1] and row["links"][1][0].lstrip("#") in ids  # the name links to the person's mention

    events = sorted(_records(out, "events", "seed-002"), key=lambda e: (e["trigger"]["start"], e["type"]))
    rows = page.tables["events"]
    assert [r["id"] for r in rows] == [f"row-{e['event_id']}" for e in events]
    assert [r["cells"][:3] for r in rows] == [
        [f"{e['trigger']['start']}–{e['trigger']['end']}", e["type"], e["trigger"]["text"]] for e in events]
    meeting = rows[0]["cells"]
    assert meeting == ["38–42", "MEETING", "meet", "2023-12-27", "Mexico City",
                       "United States (agent), Mexico (agent), Andrés Manuel López Obrador (agent)", "–"]
    for row, event in zip(rows, events):
        assert row["links"][0] == [f"#{event['event_id']}"]
        # the trigger is marked with the event's id, around exactly its words
        assert page.marks[event["event_id"]] == text[event["trigger"]["start"]:event["trigger"]["end"]]
        participants = [p["mention_id"] for p in event["participants"]]
        assert row["links"][5] == [f"#{m}" for m in participants]

    figures = [m for m in sorted(_records(out, "mentions", "seed-002"), key=lambda m: m["start"]) if m["type"] == "FIGURE"]
    rows = page.tables["figures"]
    assert [r["links"][0] for r in rows] == [[f"#{m['mention_id']}"] for m in figures]
    assert rows[0]["cells"][:3] == ["1269–1276", "242,418", "242,418"] and rows[0]["cells"][5] == "migrant encounters"

    attributions = _records(out, "attributions", "seed-002")
    rows = page.tables["attributions"]
    assert sorted(r["id"] for r in rows) == sorted(f"row-{a['attribution_id']}" for a in attributions)
    assert all(r["links"][0][0].lstrip("#") in ids for r in rows)
    first = rows[0]["cells"]
    assert first == ["104–113", "speech", "described", "the White House", "White House",
                     "“a dramatic increase in the flow of migrants through the region”", ""]

    assert len(page.tables["mentions"]) == len(page.mentions)
    # every in-page link lands on an element of the page
    assert all(href.lstrip("#") in ids for href in page.hrefs if href.startswith("#"))


@pytest.mark.model
def test_the_page_is_self_contained(seed_002):
    page, path = seed_002
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed", "svg"}
    assert all(href.startswith("#") for href in page.hrefs)
    markup = path.read_text("utf-8")
    assert "http://" not in markup and "https://" not in markup and "@import" not in markup and "url(" not in markup
    assert "Content-Security-Policy" in markup and "default-src 'none'" in markup
    assert 'class="spans"' not in markup  # displaCy's block wrapper is not left inside the lines of text


@pytest.mark.model
def test_the_index_links_every_document_page(out, tmp_path):
    index = tmp_path / "review" / "index.html"
    result = runner.invoke(app, ["show", str(out), "--html", str(index)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {index} and 5 document pages beside it\n"
    page = Page(index.read_text("utf-8"))
    rows = page.tables["documents"]
    doc_ids = [f"seed-00{i}" for i in range(5)]
    assert [r["id"] for r in rows] == [f"row-{d}" for d in doc_ids]
    assert [r["links"][0] for r in rows] == [[f"{d}.html"] for d in doc_ids]
    assert [r["cells"][0] for r in rows] == doc_ids
    for row, doc_id in zip(rows, doc_ids):
        assert row["cells"][4] == str(len(_records(out, "mentions", doc_id)))
        doc_page = Page((index.parent / f"{doc_id}.html").read_text("utf-8"))
        assert len(doc_page.mentions) == len(_records(out, "mentions", doc_id))
        assert doc_page.back_link == "index.html"
    assert sorted(p.name for p in index.parent.iterdir()) == ["index.html", *(f"{d}.html" for d in doc_ids)]


@pytest.mark.model
def test_a_reprocessed_document_is_shown_once_from_its_latest_run(out, tmp_path):
    again = tmp_path / "out"
    shutil.copytree(out, again)
    result = runner.invoke(app, ["extract", "--out", str(again), "--quiet", "--workers", "1", "--full"])
    assert result.exit_code == 0, result.output
    runs = sorted(p.stem for p in (again / "_runs").glob("*.json"))
    assert len(runs) == 2
    page_path = tmp_path / "p.html"
    assert runner.invoke(app, ["show", str(again), "--doc", "seed-002", "--html", str(page_path)]).exit_code == 0
    page = Page(page_path.read_text("utf-8"))
    assert len(page.mentions) == len(_records(out, "mentions", "seed-002"))  # not twice
    assert f"run: {runs[1]}" in page_path.read_text("utf-8")


@pytest.mark.model
def test_errors_are_usage_errors_that_say_what_to_do(out, tmp_path):
    page = tmp_path / "p.html"
    result = runner.invoke(app, ["show", str(tmp_path), "--doc", "seed-002", "--html", str(page)])
    assert result.exit_code == 2
    assert f"{tmp_path} is not an extract output folder: it has no documents/part-*.jsonl" in result.output

    result = runner.invoke(app, ["show", str(out), "--doc", "seed-999", "--html", str(page)])
    assert result.exit_code == 2
    assert "unknown doc id 'seed-999'" in result.output and "known: seed-000, seed-001" in result.output

    changed = tmp_path / "changed"
    shutil.copytree(CORPUS, changed)
    (changed / "seed-002.txt").write_text((CORPUS / "seed-002.txt").read_text("utf-8") + "Edited.\n", "utf-8")
    result = runner.invoke(app, ["show", str(out), "--doc", "seed-002", "--html", str(page), "--input", str(changed)])
    assert result.exit_code == 2
    assert "the text of 1 document(s) in the input differs from the one extracted (seed-002: " in result.output

    result = runner.invoke(app, ["show", str(out), "--doc", "seed-002", "--html", str(page),
                                 "--input", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such input file or folder" in result.output

    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CORPUS / "seed-000.txt", other / "seed-000.txt")
    result = runner.invoke(app, ["show", str(out), "--doc", "seed-002", "--html", str(page), "--input", str(other)])
    assert result.exit_code == 2 and "no text for seed-002 in the input" in result.output
    assert not page.exists()


def test_untrusted_text_and_records_are_escaped():
    text = 'Bob <script>alert("x")</script> & <b>Eve</b> said "hi" at </div> HQ.'
    start = text.index("<b>Eve</b>")
    mentions = [
        {"mention_id": "m-1", "type": "PERSON", "start": 0, "end": 3, "text": "Bob", "canonical": "Bob",
         "entity_id": "person:bob", "extractor": "model:ner"},
        {"mention_id": 'm-2"x', "type": 'PERSON"><script>alert(1)</script>', "start": start, "end": start + 10,
         "text": "<b>Eve</b>", "canonical": "<i>Eve</i>", "entity_id": None, "extractor": "<img src=x>"},
    ]
    records = DocumentRecords({"doc_id": "<doc>", "title": "<h1>t</h1>", "url": "javascript:alert(1)",
                               "published_at": None, "boilerplate": []}, "run-1", mentions=mentions)
    markup = document_page(records, text)
    page = Page(markup)
    assert "script" not in page.tags and "img" not in page.tags and "i" not in page.tags
    assert [m["text"] for m in page.mentions] == ["Bob", "<b>Eve</b>"]
    assert "".join(page.text_parts) == text
    assert [m["id"] for m in page.mentions] == ["m-1", 'm-2"x']
    assert 'href="javascript' not in markup
    assert page.tables["mentions"][1]["cells"][2] == "<b>Eve</b>"


@pytest.mark.parametrize("doc_id, name", [("seed-002", "seed-002.html"), ("a/b c", "a_b_c-"), ("index", "index-")])
def test_page_file_names_are_safe_and_distinct(doc_id, name):
    assert page_file_name(doc_id).startswith(name) and page_file_name(doc_id).endswith(".html")
    assert "/" not in page_file_name(doc_id)
