"""Calendar intervals: TIMEX3 values, bounds, shifts."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import calendar as cal
from pipeline.dates.calendar import Point
from pipeline.dates.normalise import parse_point

D = dt.date


@pytest.mark.parametrize(
    ("gran", "day", "value", "start", "end"),
    [
        ("day", D(2021, 3, 22), "2021-03-22", "2021-03-22", "2021-03-22"),
        ("week", D(2023, 12, 20), "2023-W51", "2023-12-18", "2023-12-24"),
        ("weekend", D(2023, 12, 20), "2023-W51-WE", "2023-12-23", "2023-12-24"),
        ("month", D(2024, 2, 10), "2024-02", "2024-02-01", "2024-02-29"),
        ("quarter", D(1989, 8, 1), "1989-Q3", "1989-07-01", "1989-09-30"),
        ("half", D(1989, 8, 1), "1989-H2", "1989-07-01", "1989-12-31"),
        ("season", D(2021, 7, 4), "2021-SU", "2021-06-01", "2021-08-31"),
        ("season", D(2022, 1, 15), "2021-WI", "2021-12-01", "2022-02-28"),
        ("year", D(2019, 5, 5), "2019", "2019-01-01", "2019-12-31"),
        ("decade", D(1994, 5, 5), "199", "1990-01-01", "1999-12-31"),
        ("century", D(1994, 5, 5), "19", "1900-01-01", "1999-12-31"),
    ],
)
def test_floor_value_and_bounds(gran, day, value, start, end):
    point = cal.floor(day, gran)
    assert point.value == value
    assert (point.start.isoformat(), point.end.isoformat()) == (start, end)


def test_iso_week_belongs_to_its_iso_year():
    assert cal.floor(D(2021, 1, 3), "week").value == "2020-W53"
    assert cal.floor(D(2024, 12, 30), "week").value == "2025-W01"


def test_shift_keeps_the_granularity_unless_told():
    assert cal.shift(Point("quarter", D(1989, 7, 1)), -1, "year").value == "1988-Q3"
    assert cal.shift(Point("month", D(2021, 2, 1)), -1, "month").value == "2021-01"
    assert cal.shift(Point("month", D(2021, 1, 1)), -1, "month").value == "2020-12"
    assert cal.shift(Point("day", D(2024, 2, 29)), -1, "year", "day").value == "2023-02-28"
    assert cal.shift(Point("day", D(2021, 3, 22)), -1, "week", "week").value == "2021-W11"


def test_times_and_parts_of_day():
    assert Point("time", D(2000, 4, 6), "04:00").value == "2000-04-06T04:00"
    assert Point("pod", D(2000, 1, 28), "MO").value == "2000-01-28TMO"
    assert Point("pod", D(2000, 1, 28), "MO").end == D(2000, 1, 28)


def test_holiday_arithmetic():
    # Easter comes from dateutil.easter: see test_dates_tables.test_holiday_dates
    assert cal.nth_weekday(2023, 11, 4, 4) == D(2023, 11, 23)   # Thanksgiving
    assert cal.nth_weekday(2024, 5, 1, -1) == D(2024, 5, 27)    # Memorial Day


@pytest.mark.parametrize("value", ["2021-03-22", "2023-W51", "1989-Q3", "1989-H2", "2021-SU", "2023-12", "2019"])
def test_parse_point_round_trips(value):
    assert parse_point(value).value == value
