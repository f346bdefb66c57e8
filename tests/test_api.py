"""``pipeline.api.extract_text``: one text in, exactly the records the CLI writes for it."""

from __future__ import annotations

import json

import pytest

from pipeline.api import extract_text
from pipeline.extract import process
from pipeline.io.articles import make_article
from pipeline.schema import TABLES

pytestmark = pytest.mark.model
TEXT = "Mexico closed two rail crossings with the United States on Monday, the Foreign Ministry said."


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import build_pipeline

    return build_pipeline()


def test_the_records_are_the_clis(nlp):
    got = extract_text(TEXT, published_at="2024-01-10", doc_id="mx-1", nlp=nlp)
    cli: dict[str, list[dict]] = {t: [] for t in TABLES}
    for table, record in process([make_article({"id": "mx-1", "text": TEXT, "published_at": "2024-01-10"},
                                               "extract_text", None)], nlp):
        cli[table].append(record)
    assert json.dumps(got, sort_keys=True) == json.dumps(cli, sort_keys=True)
    assert list(got) == list(TABLES)
    (event,) = [e for e in got["events"] if e["type"] == "POLICY"]
    assert (event["trigger"]["text"], event["date"]["timex_value"]) == ("closed", "2024-01-08")
    assert got["documents"][0]["published_at"] == "2024-01-10"


def test_a_text_the_cli_would_reject_gives_one_error(nlp):
    got = extract_text("   ", nlp=nlp)
    assert [r["error"] for r in got["errors"]] == ["empty_text"]
    assert all(not rows for table, rows in got.items() if table != "errors")
