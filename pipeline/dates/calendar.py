"""Calendar intervals and their TIMEX3 values.

A resolved date is a :class:`Point`: a granularity (day, week, month ...) and
the first day of the interval. Keeping the interval rather than a string lets
relative expressions shift by any unit ("a year earlier" than a quarter is
again a quarter) and gives ``date_start``/``date_end`` for free.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

# granularities, finest first; "time" and "pod" (part of day) live inside a day
# code of a year that a results story reports on ("the full year"): "a year ago" counts back from it
REPORTED = "reported"
GRANULARITIES = ("time", "pod", "day", "weekend", "week", "month", "season", "quarter", "half", "year",
                 "decade", "century")
# TIMEX3 season codes → first month; winter starts in December of the value's year
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class Point:
    """A calendar interval: ``gran`` and the date it starts on (``code``: season, part of day or time)."""

    gran: str
    start: dt.date
    code: str | None = None

    @property
    def value(self) -> str:
        return timex_value(self)

    @property
    def end(self) -> dt.date:
        return interval_end(self)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def floor(day: dt.date, gran: str, code: str | None = None) -> Point:
    """The interval of granularity ``gran`` that contains ``day``."""
    if gran in ("day", "time", "pod"):
        return Point(gran, day, code)
    if gran == "week":
        return Point("week", day - dt.timedelta(days=day.weekday()))
    if gran == "weekend":
        monday = day - dt.timedelta(days=day.weekday())
        return Point("weekend", monday + dt.timedelta(days=5))
    if gran == "month":
        return Point("month", day.replace(day=1))
    if gran == "quarter":
        return Point("quarter", dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
    if gran == "half":
        return Point("half", dt.date(day.year, 1 if day.month <= 6 else 7, 1))
    if gran == "season":
        # meteorological seasons; Jan/Feb belong to the winter that began the December before
        if day.month in (1, 2):
            return Point("season", dt.date(day.year - 1, 12, 1), "WI")
        code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[3 * (day.month // 3)]
        return Point("season", dt.date(day.year, SEASON_MONTH[code], 1), code)
    if gran == "year":
        return Point("year", dt.date(day.year, 1, 1))
    if gran == "decade":
        return Point("decade", dt.date(day.year - day.year % 10, 1, 1))
    if gran == "century":
        return Point("century", dt.date(day.year - day.year % 100, 1, 1))
    raise ValueError(f"unknown granularity {gran!r}")


def season(year: int, code: str) -> Point:
    return Point("season", dt.date(year, SEASON_MONTH[code], 1), code)


_MONTHS_PER = {"month": 1, "season": 3, "quarter": 3, "half": 6}
_YEARS_PER = {"year": 1, "decade": 10, "century": 100}


def shift(point: Point, count: int, unit: str, gran: str | None = None) -> Point:
    """``point`` moved by ``count`` ``unit``s, re-floored to ``gran`` (default: the point's own)."""
    start = point.start
    if unit == "day":
        start = start + dt.timedelta(days=count)
    elif unit in ("week", "weekend"):
        start = start + dt.timedelta(weeks=count)
    elif unit in _MONTHS_PER:
        start = add_months(start, _MONTHS_PER[unit] * count)
    elif unit in _YEARS_PER:
        start = add_years(start, _YEARS_PER[unit] * count)
    else:
        raise ValueError(f"cannot shift by {unit!r}")
    target = gran or point.gran
    if target in ("time", "pod"):
        return Point(target, start, point.code)
    return floor(start, target)


def _iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


# TIMEX3 value of a point, by granularity: (first day of the point, its code) → value
_VALUE_FORMATS: dict[str, Callable[[dt.date, str | None], str]] = {
    "day": lambda s, code: s.isoformat(),
    "time": lambda s, code: f"{s.isoformat()}T{code}",
    "pod": lambda s, code: f"{s.isoformat()}T{code}",
    "week": lambda s, code: _iso_week(s),
    "weekend": lambda s, code: _iso_week(s) + "-WE",
    "month": lambda s, code: f"{s.year:04d}-{s.month:02d}",
    "quarter": lambda s, code: f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}",
    "half": lambda s, code: f"{s.year:04d}-H{1 if s.month <= 6 else 2}",
    "season": lambda s, code: f"{s.year:04d}-{code}",
    "year": lambda s, code: f"{s.year:04d}",
    "decade": lambda s, code: f"{s.year // 10:03d}",
    "century": lambda s, code: f"{s.year // 100:02d}",
}


def timex_value(point: Point) -> str:
    fmt = _VALUE_FORMATS.get(point.gran)
    if fmt is None:
        raise ValueError(f"unknown granularity {point.gran!r}")
    return fmt(point.start, point.code)


def interval_end(point: Point) -> dt.date:
    s = point.start
    g = point.gran
    if g in ("day", "time", "pod"):
        return s
    if g == "week":
        return s + dt.timedelta(days=6)
    if g == "weekend":
        return s + dt.timedelta(days=1)
    if g == "month":
        return month_end(s.year, s.month)
    if g in ("quarter", "season"):
        last = add_months(s, 2)
        return month_end(last.year, last.month)
    if g == "half":
        return month_end(s.year, s.month + 5)
    if g == "year":
        return dt.date(s.year, 12, 31)
    if g == "decade":
        return dt.date(s.year + 9, 12, 31)
    if g == "century":
        return dt.date(s.year + 99, 12, 31)
    raise ValueError(f"unknown granularity {g!r}")


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` (1-based; -1 = last) ISO ``weekday`` (1 = Monday) of a month."""
    if nth > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (nth - 1))
    last = month_end(year, month)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)

