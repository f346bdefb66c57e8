"""TIMEX3 values resolved against the publication date, the reference date and the clause tense."""

from __future__ import annotations

import datetime as dt

import spacy

import pipeline.dates.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.annotations import Timex
from pipeline.dates.normalise import Context, parse_point

_STATE = spacy.blank("en").add_pipe("news_dates", config={"use_dateparser": False}).state
NORMALISER = _STATE.normaliser
normalise_text = _STATE.tables.normalise_text
D = dt.date
TUESDAY = dt.date(2023, 12, 26)


def resolve(text: str, anchor: dt.date | None = TUESDAY, tense: str | None = None, ref: str | None = None,
            is_set: bool = False):
    return NORMALISER.normalise(text, Context(anchor, parse_point(ref) if ref else None, tense, is_set=is_set))


def value(*args, **kwargs) -> str | None:
    return resolve(*args, **kwargs).value


def test_text_normal_form():
    assert normalise_text("Sept. 30, 1989") == "sept 30 1989"
    assert normalise_text("third-quarter") == "third quarter"
    assert normalise_text("Wednesday’s") == "wednesday"
    assert normalise_text("twenty four hours") == "24 hours"
    assert normalise_text("nineteen ninety-six") == "1996"
    assert normalise_text("4 a.m. EDT Thursday") == "4 am edt thursday"
    assert normalise_text("2 1/2 years") == "2.5 years"


class TestWeekdays:
    def test_tense_of_the_clause_picks_the_week(self):
        assert value("Wednesday", tense="future") == "2023-12-27"   # "are due to meet Wednesday"
        assert value("Friday", tense="past") == "2023-12-22"        # "speaking to reporters Friday"
        assert value("Thursday", tense="past") == "2023-12-21"
        assert value("Wednesday", tense="past") == "2023-12-20"
        assert value("Monday", tense="future") == "2024-01-01"

    def test_the_article_date_itself(self):
        assert value("Tuesday", tense="past") == "2023-12-26"
        assert value("Tuesday", tense="future") == "2023-12-26"
        assert value("Tuesday") == "2023-12-26"

    def test_without_tense_the_nearest(self):
        assert value("Wednesday") == "2023-12-27"
        assert value("Saturday") == "2023-12-23"
        assert value("Friday") == "2023-12-29"

    def test_part_of_day_and_clock_time(self):
        assert value("Friday morning", tense="past") == "2023-12-22TMO"
        assert value("noon Saturday", tense="past") == "2023-12-23T12:00"
        assert value("9 a.m. Tuesday") == "2023-12-26T09:00"
        assert resolve("4 p.m.").timex_type == "TIME"

    def test_last_and_next(self):
        assert value("last Friday") == "2023-12-22"
        assert value("next Tuesday") == "2024-01-02"

    def test_without_anchor_left_unresolved(self):
        assert value("Tuesday", anchor=None) == "XXXX-WXX-2"
        assert value("last week", anchor=None) is None


class TestYearRollover:
    def test_months_without_year_by_tense(self):
        assert value("January", tense="future") == "2024-01"
        assert value("November", tense="past") == "2023-11"
        assert value("December", tense="past") == "2023-12"
        assert value("May", tense="past") == "2023-05"
        january = dt.date(2024, 1, 10)
        assert value("December", anchor=january, tense="past") == "2023-12"
        assert value("December", anchor=january) == "2023-12"
        assert value("March", anchor=dt.date(2021, 3, 23), tense="past") == "2021-03"

    def test_a_past_clause_does_not_reach_back_a_whole_year(self):
        # "extended the offer to Nov. 20", written on Nov. 2: this year's, not last year's
        assert value("Nov. 20", anchor=dt.date(1989, 11, 2), tense="past") == "1989-11-20"
        assert value("Dec. 1", anchor=dt.date(1989, 11, 2), tense="past") == "1989-12-01"

    def test_explicit_years(self):
        assert value("March 19, 2021") == "2021-03-19"
        assert value("November 2022") == "2022-11"
        assert value("19 March 2021") == "2021-03-19"
        assert value("Friday, March 19, 2021") == "2021-03-19"

    def test_seasons(self):
        assert value("last fall", anchor=dt.date(1999, 4, 10)) == "1998-FA"
        assert value("this summer", anchor=dt.date(2021, 3, 22), tense="future") == "2021-SU"
        assert value("winter 2022") == "2022-WI"


class TestCalendarUnits:
    def test_relative_to_the_article(self):
        assert value("last week") == "2023-W51"
        assert value("this week") == "2023-W52"
        assert value("next week") == "2024-W01"
        assert value("last month") == "2023-11"
        assert value("next month") == "2024-01"
        assert value("this year") == "2023"
        assert value("last year") == "2022"
        assert value("next year") == "2024"
        assert value("yesterday") == "2023-12-25"
        assert value("tomorrow") == "2023-12-27"
        assert value("tonight") == "2023-12-26TNI"
        assert value("a year ago") == "2022"
        assert value("two months ago") == "2023-10"
        assert value("five years ago") == "2018"

    def test_earlier_and_later_this_period(self):
        res = resolve("earlier this month")
        assert (res.value, res.mod) == ("2023-12", "START")
        res = resolve("later this year")
        assert (res.value, res.mod) == ("2023", "END")
        res = resolve("late December", tense="past")
        assert (res.value, res.mod) == ("2023-12", "END")
        res = resolve("mid-1996")
        assert (res.value, res.mod) == ("1996", "MID")

    def test_the_weekend_follows_the_tense(self):
        assert value("the weekend", tense="past") == "2023-W51-WE"
        assert value("this weekend", tense="future") == "2023-W52-WE"


class TestRelativeToPreviousDate:
    def test_the_month_before(self):
        assert value("the month before", anchor=dt.date(2021, 3, 22), ref="2021-02") == "2021-01"

    def test_a_year_earlier_keeps_the_reference_granularity(self):
        assert value("a year earlier", ref="1989-Q3") == "1988-Q3"
        assert value("the year-ago quarter", ref="1989-Q3") == "1988-Q3"
        assert value("the same period last year", ref="2023-11") == "2022-11"
        assert value("the same period the previous year", ref="2023-11") == "2022-11"
        assert value("November of the prior year", ref="2023-11") == "2022-11"

    def test_later_and_earlier_by_days(self):
        assert value("three days later", ref="2021-03-19") == "2021-03-22"
        assert value("the next day", ref="2021-03-19") == "2021-03-20"
        assert value("the following year", ref="1995") == "1996"

    def test_the_same_day(self):
        assert value("the same day", ref="2021-W11") == "2021-W11"
        assert value("that year", ref="2019-05") == "2019"

    def test_without_a_reference_the_article_date(self):
        assert value("the month before") == "2023-11"


class TestQuartersAndYears:
    def test_quarters(self):
        october = dt.date(1989, 10, 26)
        assert value("the third quarter", anchor=october) == "1989-Q3"
        assert value("third-quarter", anchor=october) == "1989-Q3"
        assert value("the fourth quarter", anchor=october) == "1989-Q4"
        assert value("the third quarter of 1990", anchor=october) == "1990-Q3"
        assert value("next year's first quarter", anchor=october) == "1990-Q1"
        assert value("the latest quarter", anchor=october) == "1989-Q3"
        assert value("the current quarter", anchor=october) == "1989-Q4"
        assert value("the first half", anchor=october) == "1989-H1"
        assert value("the fourth quarter", anchor=dt.date(1990, 1, 15), tense="past") == "1989-Q4"

    def test_fiscal_years_decades_centuries(self):
        assert value("fiscal 1989") == "1989"
        assert value("the 1990s") == "199"
        res = resolve("the early 1990s")
        assert (res.value, res.mod) == ("199", "START")
        assert value("the '90s") == "199"
        assert value("the 20th century") == "19"
        res = resolve("year-end")
        assert (res.value, res.mod) == ("2023", "END")


class TestDurationsSetsRefs:
    def test_durations(self):
        assert value("three months") == "P3M"
        assert value("a year") == "P1Y"
        assert value("10-year") == "P10Y"
        assert value("the past two months") == "P2M"
        assert value("the first nine months") == "P9M"
        assert value("24 hours") == "PT24H"
        assert value("five minutes") == "PT5M"
        assert value("a decade") == "P10Y"
        assert value("half an hour") == "PT30M"
        assert value("two hours 23 minutes") == "PT2H23M"
        assert value("days") == "PXD"
        assert value("several years") == "PXY"
        res = resolve("more than a year")
        assert (res.timex_type, res.value, res.mod) == ("DURATION", "P1Y", "MORE_THAN")
        res = resolve("over a year")
        assert (res.value, res.mod) == ("P1Y", "MORE_THAN")
        res = resolve("about six months")
        assert (res.value, res.mod) == ("P6M", "APPROX")

    def test_sets(self):
        assert value("daily") == "P1D"
        assert value("every week") == "P1W"
        assert value("each July") == "XXXX-07"
        assert value("every Monday") == "XXXX-WXX-1"
        assert value("Tuesday nights") == "XXXX-WXX-2TNI"
        res = resolve("a year", is_set=True)
        assert (res.timex_type, res.value) == ("SET", "P1Y")

    def test_vague_references(self):
        assert value("recently") == "PAST_REF"
        assert value("recent months") == "PAST_REF"
        assert value("recent years") == "PAST_REF"
        assert value("now") == "PRESENT_REF"
        assert value("currently") == "PRESENT_REF"
        assert value("the short term") == "FUTURE_REF"
        assert value("the near future") == "FUTURE_REF"
        assert value("the coming weeks") == "FUTURE_REF"
        assert value("one day", tense="future") == "FUTURE_REF"


class TestIssue16Values:
    def test_fractions_beside_the_whole_part(self):
        assert value("2 1/2 years") == "P2Y6M"
        assert value("a minute and a half") == "PT1M30S"
        assert value("1.5 hours") == "PT1H30M"

    def test_ranges(self):
        res = resolve("Nov. 6 to 10", anchor=D(2015, 11, 13))
        timex = res.timex()
        assert (res.value, timex.date_start, timex.date_end) == ("2015-11-06", D(2015, 11, 6), D(2015, 11, 10))
        assert value("24 and 25 April", anchor=D(1999, 2, 10)) == "1999-04-24"
        assert value("six or seven months") == "PXM"
        assert value("the next 12 to 18 months") == "PXM"

    def test_ordinal_days_and_words(self):
        assert value("the eighth day of Desert Shield") == "2023-12-26"
        assert value("this coming Sunday, March eighth", anchor=D(1998, 3, 5)) == "1998-03-08"

    def test_edges_sets_and_decades(self):
        res = resolve("the end of year")
        assert (res.value, res.mod) == ("2023", "END")
        assert value("every morning") == "XXXX-XX-XXTMO"
        assert value("month-to-month") == "P1M"
        assert value("the next decade") == "P10Y"
        assert value("a new year") == "P1Y"
        assert value("decades now") == "PXDE"
        assert value("a January day", tense="past") == "2023-01"

    def test_the_year_under_discussion(self):
        assert value("the previous year", ref="2004-Q4") == "2003"
        assert value("last financial year", anchor=D(2005, 3, 15)) == "2004"
        assert value("the full year", ref="2004-Q4", anchor=D(2005, 3, 15)) == "2004"
        assert value("the full year", ref="1992", anchor=D(1989, 10, 30)) == "1989"   # a target, not a result
        full_year = resolve("full-year", ref="2004-Q4", anchor=D(2005, 3, 15)).point
        assert NORMALISER.normalise("a year ago", Context(D(2005, 3, 15), full_year)).value == "2003"
        assert value("a year ago", ref="2004", anchor=D(2005, 3, 15)) == "2004"
        assert value("last year's quarter", ref="1989-Q3", anchor=D(1989, 11, 1)) == "1988-Q3"

    def test_last_month_name_skips_the_month_just_gone(self):
        assert value("last February", anchor=D(1998, 3, 1)) == "1997-02"
        assert value("last December", anchor=D(1989, 10, 30)) == "1988-12"
        assert value("last April", anchor=D(1989, 10, 27)) == "1989-04"


def test_interval_bounds_and_anchor():
    assert resolve("last week").timex() == Timex(timex_type="DATE", timex_value="2023-W51", mod=None,
                                                 date_start=D(2023, 12, 18), date_end=D(2023, 12, 24),
                                                 anchor=D(2023, 12, 26))
    assert resolve("March 19, 2021").timex().anchor is None
    duration = resolve("three months").timex()
    assert (duration.date_start, duration.date_end, duration.anchor) == (None, None, None)
    assert resolve("recently").timex().date_start is None
    relative = resolve("the month before", ref="2021-02").timex()
    assert (relative.date_start, relative.date_end, relative.anchor) == (D(2021, 1, 1), D(2021, 1, 31), D(2021, 2, 1))


def test_unparsable_text_has_no_value():
    assert resolve("the third consecutive bout").value is None
