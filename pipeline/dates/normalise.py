"""TIMEX3 values for temporal expressions, resolved against an anchor and a reference date.

The rules of ``models/dates/rules.jsonl`` pick an action; the actions here do
the calendar work. Inputs besides the text: the publication date (``anchor``,
what "last week" counts from), the last date the article mentioned (``ref``,
what "the month before" counts from) and the tense of the clause (which
Tuesday "Tuesday" is). What the relative words mean ("last" counts back from
the publication date, "before" from the reference) is ``models/dates/meanings.tsv``.
dateparser resolves what no rule covers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter

from pipeline.annotations import Timex
from pipeline.dates import calendar as cal
from pipeline.dates.calendar import Point
from pipeline.dates.tables import DateTables, NormRule

# finer granularities a "year earlier"/"a year ago" keeps ("the year-ago quarter" is a quarter)
KEEPS_ON_YEAR_SHIFT = {"quarter", "half", "month", "season", "week"}
GRAN_RANK = {g: i for i, g in enumerate(cal.GRANULARITIES)}
WEAK_WINDOW = 62  # days
TENSE_HORIZON = 270  # days
# a fraction of a unit is written in the next smaller one (half a year → P6M)
SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}


@dataclass(frozen=True)
class Context:
    anchor: dt.date | None
    ref: Point | None = None
    tense: str | None = None      # "past", "future" or None
    weak: bool = False            # the tense reached the date through a noun: months and seasons ignore it
    is_set: bool = False          # "a year" after an amount ("$5 a year") is a frequency


@dataclass(frozen=True)
class Resolution:
    """What normalisation works out for one expression: the TIMEX3 value and the interval behind it."""

    timex_type: str
    value: str | None
    mod: str | None = None
    point: Point | None = None
    anchor: dt.date | None = None
    rule: str | None = None
    end: dt.date | None = None    # the last day of a range ("Nov. 6 to 10"): the value names its first day

    def timex(self) -> Timex:
        """The annotation of the expression's span (an interval only for a resolved value)."""
        resolved = self.point is not None and self.value is not None
        return Timex(
            timex_type=self.timex_type,
            timex_value=self.value,
            mod=self.mod,
            date_start=self.point.start if resolved else None,
            date_end=(self.end or self.point.end) if resolved else None,
            anchor=self.anchor,
        )


def parse_point(value: str) -> Point | None:
    """A TIMEX3 calendar value back to a Point (for tests and reference dates given as text)."""
    patterns = [
        (r"(\d{4})-(\d{2})-(\d{2})", lambda m: Point("day", dt.date(int(m[1]), int(m[2]), int(m[3])))),
        (r"(\d{4})-W(\d{2})", lambda m: Point("week", dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))),
        (r"(\d{4})-Q(\d)", lambda m: Point("quarter", dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))),
        (r"(\d{4})-H(\d)", lambda m: Point("half", dt.date(int(m[1]), 6 * int(m[2]) - 5, 1))),
        (r"(\d{4})-(SP|SU|FA|WI)", lambda m: cal.season(int(m[1]), m[2])),
        (r"(\d{4})-(\d{2})", lambda m: Point("month", dt.date(int(m[1]), int(m[2]), 1))),
        (r"(\d{4})", lambda m: Point("year", dt.date(int(m[1]), 1, 1))),
    ]
    for pattern, build in patterns:
        match = re.fullmatch(pattern, value)
        if match:
            return build(match)
    return None


class Normaliser:
    """Resolves expression texts; results are cached per (text, context)."""

    def __init__(self, tables: DateTables, fallback: Callable[[str, dt.date], Point | None] | None = None,
                 cache_size: int = 50000) -> None:
        self.tables = tables
        self.fallback = fallback
        self.cache: dict[tuple, Resolution] = {}
        self.cache_size = cache_size
        self.actions: dict[str, Callable[..., Resolution | None]] = {
            name[len("_act_"):]: getattr(self, name) for name in dir(self) if name.startswith("_act_")
        }
        for rule in tables.rules:
            if rule.action not in self.actions:
                raise ValueError(f"rule {rule.id}: unknown action {rule.action!r}")

    # ------------------------------------------------------------------ entry points
    def normalise(self, text: str, ctx: Context) -> Resolution:
        key = (text, ctx)
        hit = self.cache.get(key)
        if hit is None:
            hit = self._normalise(self.tables.normalise_text(text), ctx, allow_fallback=True, raw=text)
            if len(self.cache) >= self.cache_size:
                self.cache.clear()
            self.cache[key] = hit
        return hit

    def _normalise(self, words: str, ctx: Context, allow_fallback: bool, raw: str | None = None) -> Resolution:
        stripped = self._strip_determiners(words)
        if stripped in self.tables.vague:
            return Resolution("DATE", self.tables.vague[stripped], rule="vague")
        core, mod = self._peel_modifiers(words)
        first, _, rest = core.partition(" ")
        if rest and first in self.tables.possessives:
            core = rest                 # "its fourth quarter"
        if mod is not None and core in self.tables.units and core not in self.tables.unit_plurals:
            core = f"the {core}"        # "the end of year" is the end of the year
        stripped = self._strip_determiners(core)
        if stripped in self.tables.vague:
            return Resolution("DATE", self.tables.vague[stripped], mod, rule="vague")
        for rule in self.tables.rules:
            match = rule.regex.fullmatch(core)
            if match is None:
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            result = self.actions[rule.action](groups, ctx, rule)
            if result is not None:
                return Resolution(result.timex_type, result.value, result.mod or mod, result.point,
                                  result.anchor, rule.id, result.end)
        if allow_fallback and self.fallback is not None and ctx.anchor is not None and raw is not None:
            point = self.fallback(raw, ctx.anchor)
            if point is not None:
                return Resolution("DATE", point.value, mod, point, ctx.anchor, "dateparser")
        return Resolution("DATE", None, mod, rule=None)

    # ------------------------------------------------------------------ helpers
    def _strip_determiners(self, words: str) -> str:
        parts = words.split()
        while len(parts) > 1 and parts[0] in self.tables.determiners:
            parts = parts[1:]
        return " ".join(parts)

    def _peel_modifiers(self, words: str) -> tuple[str, str | None]:
        parts = words.split()
        mod = None
        changed = True
        while changed and len(parts) > 1:
            changed = False
            if parts[0] == "the" and any(tuple(parts[1:1 + len(m.words)]) == m.words and len(parts) > 1 + len(m.words)
                                         for m in self.tables.modifiers_before if m.needs == "any"):
                parts = parts[1:]
            for m in self.tables.modifiers_before:
                n = len(m.words)
                if len(parts) > n and tuple(parts[:n]) == m.words:
                    nxt = parts[n]
                    if m.needs == "number" and not (nxt[0].isdigit() or nxt in self.tables.lists.number_starts):
                        continue
                    parts = parts[n:]
                    mod = mod or m.mod
                    changed = True
                    break
            for m in self.tables.modifiers_after:
                n = len(m.words)
                if len(parts) > n and tuple(parts[-n:]) == m.words:
                    parts = parts[:-n]
                    mod = mod or m.mod
                    changed = True
                    break
        return " ".join(parts), mod

    def _unit(self, word: str):
        return self.tables.units.get(word)

    @staticmethod
    def _num(text: str | None, default: float = 1) -> float:
        if text is None:
            return default
        if text in ("a", "an"):
            return 1
        return float(text)

    def _pick_year(self, month: int, day: int | None, ctx: Context) -> Point | None:
        """The occurrence of a month (and day) without a year that the tense points to."""
        anchor = ctx.anchor
        if anchor is None:
            return None
        candidates = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                start = dt.date(year, month, day or 1)
            except ValueError:
                continue
            candidates.append(Point("day", start) if day else Point("month", start))
        return self._choose(candidates, ctx)

    @staticmethod
    def _choose(candidates: list[Point], ctx: Context, use_weak: bool = False) -> Point | None:
        anchor = ctx.anchor
        if not candidates or anchor is None:
            return None
        tense = ctx.tense
        if ctx.weak and not use_weak and tense is not None:
            # a tense that reached the date through a noun yields to an occurrence within two months
            # the other way ("notified of a cutback in September", written in August)
            other = [p for p in candidates if (p.start > anchor if tense == "past" else p.end < anchor)]
            near = [p for p in other if min(abs((p.start - anchor).days), abs((p.end - anchor).days)) <= WEAK_WINDOW]
            if near:
                tense = None
        if tense == "past":
            past = [p for p in candidates if p.start <= anchor]
            choice = max(past, key=lambda p: p.start) if past else None
            if choice is not None and choice.start.year == anchor.year or choice is None:
                return choice
            # a year-less date in a past clause is within the year, or in the last months of the one before;
            # "extended the offer to Nov. 20", written on Nov. 2, is this year's
            if (anchor - choice.end).days <= TENSE_HORIZON:
                return choice
        elif tense == "future":
            future = [p for p in candidates if p.end >= anchor]
            choice = min(future, key=lambda p: p.start) if future else None
            if choice is not None and choice.start.year == anchor.year or choice is None:
                return choice
            if (choice.start - anchor).days <= TENSE_HORIZON:
                return choice

        def distance(p: Point) -> tuple[int, int]:
            if p.start <= anchor <= p.end:
                return (0, 0)
            gap = (p.start - anchor).days if p.start > anchor else (anchor - p.end).days
            return (gap, 1 if p.start > anchor else 0)   # a tie goes to the past

        return min(candidates, key=distance)

    def _weekday(self, weekday: int, ctx: Context) -> Point | None:
        anchor = ctx.anchor
        if anchor is None:
            return None
        back = (anchor.isoweekday() - weekday) % 7
        forward = (weekday - anchor.isoweekday()) % 7
        if ctx.tense == "past":
            days = -back
        elif ctx.tense == "future":
            days = forward
        else:
            days = -back if back <= forward else forward
        return Point("day", anchor + dt.timedelta(days=days))

    @staticmethod
    def _with_pod(point: Point, pod: str | None) -> Point:
        if pod and point.gran == "day":
            return Point("pod", point.start, pod)
        return point

    def _base(self, kind: str, ctx: Context) -> tuple[Point | None, dt.date | None]:
        """The point a relative expression counts from: the reference date, else the publication date."""
        if kind == "ref" and ctx.ref is not None:
            return ctx.ref, ctx.ref.start
        if ctx.anchor is None:
            return None, None
        return Point("day", ctx.anchor), ctx.anchor

    def _date(self, point: Point | None, ctx: Context, anchor: dt.date | None, ttype: str = "DATE",
              mod: str | None = None) -> Resolution | None:
        if point is None:
            return None
        return Resolution("TIME" if point.gran in ("time", "pod") and ttype == "DATE" else ttype, point.value,
                          mod, point, anchor)

    @staticmethod
    def _unresolved(value: str | None = None, ttype: str = "DATE") -> Resolution:
        return Resolution(ttype, value)

    # ------------------------------------------------------------------ actions
    def _act_literal(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        return Resolution(rule.params.get("type", "DATE"), rule.params["value"])

    def _act_vague_by_tense(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """"will one day be": a vague future; elsewhere "one day" is a duration."""
        if ctx.tense != "future" or ctx.weak:
            return None
        return Resolution("DATE", "FUTURE_REF")

    def _day_number(self, word: str) -> int:
        """"19", "19th" or "nineteenth" as a day of the month."""
        digits = "".join(c for c in word if c.isdigit())
        return int(digits) if digits else self.tables.kind(word, "ordinal") or 0

    def _act_date(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        month = g["month"]
        month_n = int(month) if month.isdigit() else self.tables.kind(month, "month")
        day = self._day_number(g["day"])
        if not month_n or not 1 <= month_n <= 12 or not 1 <= day <= 31:
            return None
        if "day2" in g:
            return self._range(g, ctx, rule, month_n, day)
        if "year" in g:
            year = int(g["year"])
            if year < 100:
                year += 1900 if year >= 50 else 2000
            try:
                return self._date(Point("day", dt.date(year, month_n, day)), ctx, None)
            except ValueError:
                return None
        if g.get("rel") in ("last", "this past", "next", "this coming"):
            ctx = Context(ctx.anchor, ctx.ref, "past" if g["rel"] in ("last", "this past") else "future")
        point = self._pick_year(month_n, day, ctx)
        if point is None:
            return self._unresolved(f"XXXX-{month_n:02d}-{day:02d}")
        return self._date(point, ctx, ctx.anchor)

    def _range(self, g: dict, ctx: Context, rule: NormRule, month: int, day: int) -> Resolution | None:
        """"Nov. 6 to 10": the value is the first day, the interval runs to the last one."""
        last = self._day_number(g["day2"])
        first = self._act_date({k: v for k, v in g.items() if k != "day2"}, ctx, rule)
        if first is None or first.point is None or not day < last <= 31:
            return first
        try:
            end = first.point.start.replace(day=last)
        except ValueError:
            return first
        return Resolution(first.timex_type, first.value, first.mod, first.point, first.anchor, end=end)

    def _act_month(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        month = self.tables.kind(g["month"], "month")
        if month is None:
            return None
        if "year" in g:
            return self._date(Point("month", dt.date(int(g["year"]), month, 1)), ctx, None)
        if "rel" in g:
            shift, base_kind = self.tables.meanings.relative[g["rel"]]
            base, anchor = self._base(base_kind, ctx)
            if base is None:
                return self._unresolved()
            return self._date(Point("month", dt.date(base.start.year + shift, month, 1)), ctx, anchor)
        point = self._pick_year(month, None, ctx)
        if point is None:
            return self._unresolved(f"XXXX-{month:02d}")
        return self._date(point, ctx, ctx.anchor)

    def _act_year(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        year = int(g["year"])
        if year < 100:
            year += 1900 if year >= 50 else 2000
        return self._date(Point("year", dt.date(year, 1, 1)), ctx, None)

    def _act_decade(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        if "decade" in g:
            start = int(g["decade"]) * 10
        else:
            digit = int(g["short"])
            century = 1900
            if ctx.anchor is not None and 2000 + digit * 10 <= ctx.anchor.year:
                century = 2000
            start = century + digit * 10
        return self._date(Point("decade", dt.date(start, 1, 1)), ctx, None)

    def _act_century(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        ordinal = self.tables.kind(g["ord"], "ordinal")
        if ordinal is None:
            ordinal = int("".join(c for c in g["ord"] if c.isdigit()))
        if not 1 <= ordinal <= 30:
            return None
        return self._date(Point("century", dt.date(100 * (ordinal - 1) or 1, 1, 1)), ctx, None)

    def _act_season(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        code = self.tables.kind(g["season"], "season")
        if "year" in g:
            return self._date(cal.season(int(g["year"]), code), ctx, None)
        if ctx.anchor is None:
            return self._unresolved(f"XXXX-{code}")
        candidates = [cal.season(y, code) for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)]
        return self._date(self._choose(candidates, ctx), ctx, ctx.anchor)

    def _holiday_date(self, name: str, year: int) -> dt.date:
        h = self.tables.holidays[name]
        if h.easter is not None:
            return easter(year) + dt.timedelta(days=h.easter)
        if h.day is not None:
            return dt.date(year, h.month, h.day)
        return cal.nth_weekday(year, h.month, h.weekday, h.nth) + dt.timedelta(days=h.offset)

    def _act_holiday(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        name = g["holiday"]
        if "year" in g:
            return self._date(Point("day", self._holiday_date(name, int(g["year"]))), ctx, None)
        if ctx.anchor is None:
            return self._unresolved()
        candidates = [Point("day", self._holiday_date(name, y))
                      for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)]
        shift = self.tables.meanings.relative[g["rel"]][0] if "rel" in g else None
        if shift is not None and shift < 0:
            return self._date(max((p for p in candidates if p.start < ctx.anchor), key=lambda p: p.start),
                              ctx, ctx.anchor)
        if shift is not None and shift > 0:
            return self._date(min((p for p in candidates if p.start > ctx.anchor), key=lambda p: p.start),
                              ctx, ctx.anchor)
        return self._date(self._choose(candidates, ctx), ctx, ctx.anchor)

    def _act_weekday(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        weekday = self.tables.kind(g["weekday"], "weekday")
        pod = self.tables.kind(g["pod"], "part_of_day") if "pod" in g else None
        point = self._weekday(weekday, ctx)
        if point is None:
            return self._unresolved(f"XXXX-WXX-{weekday}")
        return self._date(self._with_pod(point, pod), ctx, ctx.anchor)

    def _act_deictic_day(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        word = g.get("word") or rule.params["word"]
        pod = self.tables.kind(g["pod"], "part_of_day") if "pod" in g else None
        days, implied_pod = self.tables.meanings.day_offsets[word]
        if implied_pod is not None:
            pod = implied_pod           # "tonight"
        if ctx.anchor is None:
            return self._unresolved()
        point = Point("day", ctx.anchor + dt.timedelta(days=days))
        return self._date(self._with_pod(point, pod), ctx, ctx.anchor)

    def _act_time(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        if "named" in g:
            hour, minute = self.tables.meanings.clock[g["named"]]
        else:
            hour, minute = int(g["hour"]), int(g.get("minute", 0))
            ampm = g.get("ampm")
            if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
                return None
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
        day: Point | None
        anchor = ctx.anchor
        if "rest" in g:
            inner = self._normalise(g["rest"], ctx, allow_fallback=False)
            if inner.point is None or inner.point.gran not in ("day", "pod"):
                return None
            day, anchor = inner.point, inner.anchor
        elif ctx.anchor is not None:
            day = Point("day", ctx.anchor)
        else:
            return Resolution("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}")
        point = Point("time", day.start, f"{hour:02d}:{minute:02d}")
        return Resolution("TIME", point.value, None, point, anchor)

    def _quarter_year(self, g: dict, ctx: Context, q_start: int, per: str) -> tuple[int | None, dt.date | None]:
        for key in ("year", "year2"):
            if key in g:
                return int(g[key]), None
        for key in ("yrel", "yrel2"):
            if key in g:
                shift = self.tables.meanings.relative[g[key]][0]
                if ctx.anchor is None:
                    return None, None
                return ctx.anchor.year + shift, ctx.anchor
        if g.get("rel") in ("year ago", "year earlier"):
            if ctx.anchor is None:
                return None, None
            return ctx.anchor.year - 1, ctx.anchor
        if ctx.anchor is None:
            return None, None
        year = ctx.anchor.year
        if ctx.tense == "past" and dt.date(year, q_start, 1) > ctx.anchor:
            year -= 1
        return year, ctx.anchor

    def _act_quarter(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        per = g["per"]
        word = g["ord"]
        if word in self.tables.lists.last_ordinals:
            ordinal = 4 if per == "quarter" else 2
        else:
            ordinal = self.tables.kind(word, "ordinal")
        if ordinal is None or (per == "quarter" and ordinal > 4) or (per == "half" and ordinal > 2):
            return None
        q_start = 3 * ordinal - 2 if per == "quarter" else 6 * ordinal - 5
        year, anchor = self._quarter_year(g, ctx, q_start, per)
        if year is None:
            return self._unresolved(f"XXXX-{'Q' if per == 'quarter' else 'H'}{ordinal}")
        return self._date(Point(per, dt.date(year, q_start, 1)), ctx, anchor)

    def _act_period(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """"the quarter", "the latest period", "the year-ago quarter", "the same period last year"."""
        per = g.get("per", "period")
        if g.get("unit") and g["unit"] not in ("period", "time"):
            per = self.tables.meanings.granularity.get(g["unit"]) or "period"
        years = rule.params.get("years", 0)
        if rule.params.get("current"):
            if ctx.anchor is None:
                return self._unresolved()
            gran = "quarter" if per in ("quarter", "period") else per
            return self._date(cal.floor(ctx.anchor, gran), ctx, ctx.anchor)
        base: Point | None
        anchor: dt.date | None
        latest = g.get("rel") in ("latest", "most recent", "recent", "just ended", "just completed")
        usable_ref = ctx.ref is not None and (
            ctx.ref.gran in ("quarter", "half", "month") if per == "period"
            else GRAN_RANK.get(ctx.ref.gran, 99) <= GRAN_RANK.get(per, 99))
        if usable_ref and not latest:
            base, anchor = ctx.ref, ctx.ref.start
            if per != "period" and base.gran != per:
                base = cal.floor(base.start, per)
        elif ctx.anchor is not None:
            gran = "quarter" if per == "period" else per
            base, anchor = cal.shift(cal.floor(ctx.anchor, gran), -1, gran), ctx.anchor
        else:
            return self._unresolved()
        if "year" in g:
            base = Point(base.gran, base.start.replace(year=int(g["year"])), base.code)
            years = 0
        if years:
            gran = base.gran if base.gran in KEEPS_ON_YEAR_SHIFT or base.gran == "year" else "year"
            base = cal.shift(base, years, "year", gran)
        return self._date(base, ctx, anchor)

    def _act_same(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        gran = self.tables.meanings.granularity.get(g["unit"])
        if ctx.ref is not None:
            point = ctx.ref
            if gran and GRAN_RANK.get(gran, 0) > GRAN_RANK.get(point.gran, 0):
                point = cal.floor(point.start, gran)
            return self._date(point, ctx, ctx.ref.start)
        if ctx.anchor is None or gran is None:
            return self._unresolved()
        return self._date(cal.floor(ctx.anchor, gran), ctx, ctx.anchor)

    def _act_relative_unit(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        info = self._unit(rule.params.get("unit") or g["unit"])
        if info is None or info.unit in ("second", "minute", "hour"):
            return None
        rel = g["rel"]
        shift, base_kind = self.tables.meanings.relative[rel]
        if rel == "next" and "the" in g:
            base_kind = "ref"               # "the next day" follows the story, "next week" the calendar
        gran = info.unit
        if gran == "weekend" and shift == 0 and ctx.anchor is not None:
            return self._weekend(ctx)
        base, anchor = self._base(base_kind, ctx)
        if base is None:
            return self._unresolved()
        point = cal.shift(cal.floor(base.start, gran), shift * info.count if gran == "week" else shift, gran)
        return self._date(point, ctx, anchor)

    def _act_unit_before(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        info = self._unit(g["unit"])
        if info is None or info.unit in ("second", "minute", "hour"):
            return None
        sign = self.tables.meanings.directions[g["dir"]][0]
        base, anchor = self._base("ref", ctx)
        if base is None:
            return self._unresolved()
        return self._date(cal.shift(cal.floor(base.start, info.unit), sign, info.unit), ctx, anchor)

    def _weekend(self, ctx: Context) -> Resolution | None:
        """"the weekend" is the last one in a past clause, the next one in a future clause."""
        current = cal.floor(ctx.anchor, "weekend")
        candidates = [cal.shift(current, -1, "week"), current, cal.shift(current, 1, "week")]
        if ctx.tense is None:
            candidates = candidates[:2] if ctx.anchor.isoweekday() < 5 else candidates[1:2]
        return self._date(self._choose(candidates, ctx, use_weak=True), ctx, ctx.anchor)

    def _act_unit_ref(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        gran = self.tables.meanings.granularity.get(g["unit"])
        if ctx.anchor is None or gran is None:
            return self._unresolved()
        if gran == "weekend":
            return self._weekend(ctx)
        if rule.params.get("reported"):
            # "the full year" of a results story is the year of the quarter under discussion, and what
            # "a year ago" then counts back from
            usable = ctx.ref is not None and GRAN_RANK.get(ctx.ref.gran, 99) <= GRAN_RANK[gran] and (
                ctx.anchor is None or ctx.ref.start <= ctx.anchor)     # a target year ("by 1992") reports nothing
            day = ctx.ref.start if usable else ctx.anchor
            return self._date(Point(gran, cal.floor(day, gran).start, cal.REPORTED), ctx, ctx.anchor)
        return self._date(cal.floor(ctx.anchor, gran), ctx, ctx.anchor)

    def _act_ordinal_day(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """"the eighth day of Desert Shield": a count that news reports on the day it reaches, the publication date."""
        if ctx.anchor is None:
            return self._unresolved()
        return self._date(Point("day", ctx.anchor), ctx, ctx.anchor)

    def _act_inner(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """An expression with words that add nothing to its value ("decades now"): the value of the rest."""
        inner = self._normalise(g["rest"], ctx, allow_fallback=False)
        return inner if inner.value is not None else None

    def _act_relative_named(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        name, rel = g["name"], g["rel"]
        shift, base_kind = self.tables.meanings.relative[rel]
        base, anchor = self._base(base_kind, ctx)
        if base is None:
            return self._unresolved()
        day = base.start
        weekday = self.tables.kind(name, "weekday")
        if weekday is not None:
            pod = self.tables.kind(g["pod"], "part_of_day") if "pod" in g else None
            if shift < 0:
                back = (day.isoweekday() - weekday) % 7 or 7
                point = Point("day", day - dt.timedelta(days=back))
            elif shift > 0:
                forward = (weekday - day.isoweekday()) % 7 or 7
                point = Point("day", day + dt.timedelta(days=forward))
            else:
                point = Point("day", day - dt.timedelta(days=day.isoweekday() - weekday))
            return self._date(self._with_pod(point, pod), ctx, anchor)
        month = self.tables.kind(name, "month")
        if month is not None:
            candidates = [Point("month", dt.date(y, month, 1)) for y in range(day.year - 2, day.year + 3)]
            current = cal.floor(day, "month")
        else:
            code = self.tables.kind(name, "season")
            # two years either side: a winter that starts in December belongs to the next year's code
            candidates = [cal.season(y, code) for y in range(day.year - 2, day.year + 3)]
            current = cal.floor(day, "season")
        if shift < 0:
            # "last February", said in March, is a year back: the month just gone would be "last month"
            before = cal.shift(current, -1, "month").start if month is not None and base_kind == "dct" else current.start
            options = [p for p in candidates if p.start < before]
            if not options:
                return self._unresolved()
            point = max(options, key=lambda p: p.start)
        elif shift > 0:
            options = [p for p in candidates if p.start > current.start]
            if not options:
                return self._unresolved()
            point = min(options, key=lambda p: p.start)
        else:
            point = self._choose(candidates[1:4], Context(day, None, ctx.tense))
        return self._date(point, ctx, anchor)

    def _act_offset(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        info = self._unit(g["unit"])
        if info is None:
            return None
        count = self._num(g.get("num")) + (0.5 if "half" in g else 0)
        direction = g["dir"]
        mod = "APPROX" if "orso" in g else None
        sign, base_kind = self.tables.meanings.directions[direction]
        if count != int(count):
            return self._unresolved("PAST_REF" if sign < 0 else "FUTURE_REF")
        steps = sign * int(count) * info.count
        unit = info.unit
        if unit in ("second", "minute", "hour"):
            base, anchor = self._base(base_kind, ctx)
            if base is None:
                return self._unresolved()
            return self._date(cal.floor(base.start, "day"), ctx, anchor, mod=mod)
        if unit == "century":
            unit, steps = "year", steps
        ref = ctx.ref
        # a year before a quarter or a month is that quarter or month a year earlier
        keeps = KEEPS_ON_YEAR_SHIFT if base_kind == "ref" else ("quarter", "half")
        if unit == "year" and ref is not None and (ref.gran in keeps or ref.code == cal.REPORTED):
            return self._date(cal.shift(ref, steps, "year", ref.gran), ctx, ref.start, mod=mod)
        base, anchor = self._base(base_kind, ctx)
        if base is None:
            return self._unresolved()
        gran = {"weekend": "week", "decade": "year", "century": "year"}.get(unit, unit)
        if base_kind == "ref" and ref is not None and gran in ("day", "week") and ref.gran in ("day", "pod", "time"):
            gran = "day"
        if base_kind == "ref" and ref is not None and GRAN_RANK.get(ref.gran, 0) > GRAN_RANK.get(gran, 0):
            gran = ref.gran if unit != "year" else "year"
        shift_unit = "year" if unit in ("decade", "century") else unit
        point = cal.shift(cal.floor(base.start, "day"), steps, shift_unit, gran)
        return self._date(point, ctx, anchor, mod=mod)

    def _duration_value(self, count: float, info) -> str:
        """TIMEX3 writes a fraction in the next smaller unit, beside the whole part: 2 1/2 years → P2Y6M."""
        designator = info.designator
        amount = count * info.count
        whole, rest = int(amount), amount - int(amount)
        parts = [(whole, designator)] if whole or not rest else []
        if rest and designator in SMALLER:
            smaller, factor = SMALLER[designator]
            parts.append((rest * factor, smaller))
        elif rest:
            parts = [(amount, designator)]
        date_part = "".join(f"{n:g}{d}" for n, d in parts if not d.startswith("T"))
        time_part = "".join(f"{n:g}{d[1:]}" for n, d in parts if d.startswith("T"))
        return "P" + date_part + (f"T{time_part}" if time_part else "")

    def _act_compound_duration(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """"two hours 23 minutes" → PT2H23M."""
        parts: dict[str, float] = {}
        for num, unit in (("num", "unit"), ("num2", "unit2")):
            info = self._unit(g[unit])
            if info is None:
                return None
            parts[info.designator] = parts.get(info.designator, 0) + self._num(g[num]) * info.count
        date_part = "".join(f"{v:g}{d}" for d in ("Y", "M", "W", "D") if (v := parts.get(d)))
        time_part = "".join(f"{v:g}{d[1:]}" for d in ("TH", "TM", "TS") if (v := parts.get(d)))
        return Resolution("DURATION", "P" + date_part + (f"T{time_part}" if time_part else ""))

    def _act_duration(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        info = self._unit(g["unit"])
        if info is None:
            return None
        if rule.params.get("vague"):
            designator = info.vague
            value = f"PTX{designator[1:]}" if designator.startswith("T") else f"PX{designator}"
            return Resolution("DURATION", value)
        count = rule.params.get("num") or self._num(g.get("num")) + (0.5 if "half" in g else 0)
        if count == 0:
            return None
        if ctx.is_set and g.get("num") in ("a", "an") and not g.get("rel"):
            return Resolution("SET", self._duration_value(1, info))
        return Resolution("DURATION", self._duration_value(count, info), rule.params.get("mod"))

    def _act_set(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        if "word" in g:
            value = self.tables.sets.get(g["word"])
            return Resolution("SET", value) if value else None
        if "unit" in g:
            info = self._unit(g["unit"])
            if info is None:
                return None
            count = int(g.get("num", 1)) * (2 if "other" in g else 1)
            return Resolution("SET", self._duration_value(count, info))
        pod = self.tables.kind(g["pod"], "part_of_day") if "pod" in g else None
        suffix = f"T{pod}" if pod else ""
        if "name" not in g:
            return Resolution("SET", f"XXXX-XX-XX{suffix}") if pod else None    # "every morning"
        name = g["name"]
        singular = name[:-1] if name.endswith("s") and self.tables.kind(name[:-1], "weekday") else name
        weekday = self.tables.kind(singular, "weekday")
        if weekday is not None:
            return Resolution("SET", f"XXXX-WXX-{weekday}{suffix}")
        month = self.tables.kind(name, "month")
        if month is not None:
            return Resolution("SET", f"XXXX-{month:02d}")
        code = self.tables.kind(name, "season")
        return Resolution("SET", f"XXXX-{code}") if code else None

    def _act_year_edge(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        """"year-end", "the end of the year": the year, with mod END (START for its start)."""
        mod = "END" if g["edge"] == "end" else "START"
        if "year" in g:
            return self._date(Point("year", dt.date(int(g["year"]), 1, 1)), ctx, None, mod=mod)
        if ctx.anchor is None:
            return self._unresolved()
        shift = self.tables.meanings.relative[g["rel"]][0] if "rel" in g else 0
        return self._date(Point("year", dt.date(ctx.anchor.year + shift, 1, 1)), ctx, ctx.anchor, mod=mod)

    def _act_week_of(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        inner = self._normalise(g["rest"], ctx, allow_fallback=False)
        if inner.point is None or inner.point.gran not in ("day", "pod", "time"):
            return None
        return self._date(cal.floor(inner.point.start, "week"), ctx, inner.anchor)

    def _act_part_of(self, g: dict, ctx: Context, rule: NormRule) -> Resolution | None:
        inner = self._normalise(g["rest"], ctx, allow_fallback=False)
        if inner.value is None or inner.timex_type != "DATE":
            return None
        mod = "START" if g["edge"] in self.tables.lists.start_edges else "END"
        return Resolution(inner.timex_type, inner.value, mod, inner.point, inner.anchor)
