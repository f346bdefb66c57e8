import datetime as dt

import pytest

from pipeline.io.articles import Article, InputError, find_dateline, make_article, parse_published_at, text_id


@pytest.mark.parametrize(
    "value, expected",
    [("2023-12-26", dt.date(2023, 12, 26)), ("2023-12-26T18:04:00Z", dt.date(2023, 12, 26)),
     ("2023-12-26T18:04:00+01:00", dt.date(2023, 12, 26)), ("2023-12-26 08:00", dt.date(2023, 12, 26))],
)
def test_published_at_accepts_dates_and_iso_datetimes(value, expected):
    assert parse_published_at(value) == expected


@pytest.mark.parametrize("value", ["26/12/2023", "yesterday", "2023-13-01", 20231226, ""])
def test_published_at_rejects_other_forms(value):
    with pytest.raises(ValueError):
        parse_published_at(value)


@pytest.mark.parametrize(
    "text, expected",
    [("WASHINGTON, March 22, 2021 (Reuters) - The White House ...", dt.date(2021, 3, 22)),
     ("Published 5 Sept 2023\nThe minister said ...", dt.date(2023, 9, 5)),
     ("Posted 2024-07-19 by staff. More text", dt.date(2024, 7, 19)),
     ("No date in the first lines at all.", None)],
)
def test_dateline_at_the_top_of_the_text(text, expected):
    assert find_dateline(text) == expected


def test_dateline_only_counts_near_the_top():
    assert find_dateline("x" * 400 + " March 22, 2021") is None


def test_record_date_wins_over_dateline_and_fallback():
    article = make_article({"id": "a", "text": "March 1, 2020 - text", "published_at": "2021-01-02"}, "f:1", dt.date(1999, 1, 1))
    assert (article.published_at, article.published_at_source) == (dt.date(2021, 1, 2), "input")


def test_dateline_then_fallback():
    article = make_article({"text": "March 1, 2020 - text"}, "f:1", dt.date(1999, 1, 1))
    assert (article.published_at, article.published_at_source) == (dt.date(2020, 3, 1), "dateline")
    article = make_article({"text": "no date"}, "f:1", dt.date(1999, 1, 1))
    assert (article.published_at, article.published_at_source) == (dt.date(1999, 1, 1), "input")
    article = make_article({"text": "no date"}, "f:1", None)
    assert (article.published_at, article.published_at_source) == (None, None)


def test_unparseable_date_is_a_warning_not_a_lost_document():
    article = make_article({"id": "a", "text": "Some text.", "published_at": "someday"}, "f:3", None)
    assert isinstance(article, Article)
    assert article.warnings == [("invalid_published_at", "published_at must be YYYY-MM-DD or an ISO datetime, got 'someday'")]


def test_missing_id_is_a_stable_hash_of_the_text():
    article = make_article({"text": "Same text."}, "f:1", None)
    assert article.doc_id == text_id("Same text.") == make_article({"text": "Same text."}, "g:9", None).doc_id
    assert article.doc_id.startswith("sha256-") and len(article.doc_id) == len("sha256-") + 16


def test_other_keys_are_kept_under_meta_in_sorted_order():
    article = make_article({"text": "t", "lang": "en", "author": "X", "url": "u"}, "f:1", None)
    assert list(article.meta.items()) == [("author", "X"), ("lang", "en")] and article.url == "u"


@pytest.mark.parametrize(
    "record, code",
    [({"id": "x"}, "missing_text"), ({"id": "x", "text": 5}, "text_not_string"),
     ({"id": "x", "text": "  \n"}, "empty_text"), ({"id": "x", "text": "a\x00b"}, "nul_in_text")],
)
def test_bad_records_become_errors(record, code):
    error = make_article(record, "f:7", None)
    assert isinstance(error, InputError)
    assert (error.error, error.doc_id, error.input) == (code, "x", "f:7")


def test_the_key_fields_of_an_article_for_the_run_state():
    import hashlib
    import json

    dated = make_article({"id": "a", "text": "Text.", "published_at": "2021-03-22", "title": "T", "x": 1}, "in", None)
    assert dated.published_key == "2021-03-22 input"
    fields = {"meta": {"x": 1}, "source": None, "title": "T", "url": None}
    assert dated.record_sha256 == hashlib.sha256(json.dumps(fields, separators=(",", ":")).encode()).hexdigest()
    assert make_article({"text": "March 3, 2020 - Text."}, "in", None).published_key == "2020-03-03 dateline"
    assert make_article({"text": "Text."}, "in", None).published_key == ""
    assert make_article({"text": "Text."}, "in", dt.date(2024, 1, 2)).published_key == "2024-01-02 input"
    assert make_article({"text": "Text.", "title": "U", "x": 1}, "in", None).record_sha256 != dated.record_sha256


def test_publication_dates_outside_the_anchor_years_are_refused_with_a_warning():
    import datetime as dt

    from pipeline.io.articles import make_article

    for value in ("0001-01-01", "9999-12-30"):
        article = make_article({"id": "x", "text": "Yesterday it rained.", "published_at": value}, "in.jsonl:1",
                               dt.date(2021, 3, 22))
        assert (article.published_at, article.published_at_source) == (dt.date(2021, 3, 22), "input")
        assert article.warnings == [("published_at_out_of_range", f"published_at {value} is outside the years "
                                     "1000-8999 that relative dates can be worked out from; the document was "
                                     "processed without it")]
