"""Date compatibility (merging) and date buckets (cluster ids), without a model."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.annotations import EventDate
from pipeline.events.clusters import date_bucket
from pipeline.events.merge import dates_compatible


def date(value, start, end):
    day = dt.date.fromisoformat
    return EventDate(value, start and day(start), end and day(end), mention=None)


DAY = date("2023-12-27", "2023-12-27", "2023-12-27")
OTHER_DAY = date("2023-12-28", "2023-12-28", "2023-12-28")
MONTH = date("2023-12", "2023-12-01", "2023-12-31")
VAGUE = date("PAST_REF", None, None)


@pytest.mark.parametrize("a, b, expected", [
    (DAY, DAY, True),
    (DAY, OTHER_DAY, False),
    (DAY, MONTH, True),  # "Wednesday" lies in "December"
    (None, DAY, True),  # an undated report does not contradict a dated one
    (VAGUE, DAY, True),
    (MONTH, date("2024-01", "2024-01-01", "2024-01-31"), False),
])
def test_dates_compatible(a, b, expected):
    assert dates_compatible(a, b) is expected
    assert dates_compatible(b, a) is expected


def test_date_bucket_keeps_the_granularity_the_article_gives():
    assert date_bucket(DAY, None) == "2023-12-27"
    assert date_bucket(MONTH, None) == "2023-12"
    # no TIMEX value: the period, written as in the dates' ISO form
    assert date_bucket(date(None, "2023-12-01", "2023-12-31"), None) == "2023-12-01/2023-12-31"
    assert date_bucket(date(None, "2023-12-27", None), None) == "2023-12-27/2023-12-27"


def test_undated_events_bucket_by_publication_week():
    assert date_bucket(None, dt.date(2023, 12, 26)) == "published:2023-W52"
    assert date_bucket(VAGUE, dt.date(2023, 12, 26)) == "published:2023-W52"
    assert date_bucket(None, None) == "undated"
