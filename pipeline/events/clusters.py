"""Cross-document event ids computed from an event's content alone.

Reports of one real-world happening in different articles must share an id,
and tomorrow's report must get today's id without re-reading the corpus. So
the id is a hash of what independent reports of one happening agree on:

- the event type;
- when: the resolved date as the article gives it (a day, else the month,
  week or year); for undated events the ISO week the article was published,
  since reports of one happening appear within days of each other;
- an anchor: for a statement, the speaker; for a statistic, the number
  reported; else the place when there is one, else the countries taking part,
  else every participant. Other participants are left out on purpose: two
  articles rarely list the same delegation members.
"""

from __future__ import annotations

import datetime as dt

from pipeline.annotations import EventDate
from pipeline.events.arguments import is_vague
from pipeline.events.model import Report
from pipeline.ids import short_hash


def date_bucket(date: EventDate | None, published: dt.date | None) -> str:
    if not is_vague(date):
        assert date is not None
        value = date.timex_value
        if isinstance(value, str) and value:
            return value
        return f"{date.date_start}/{date.date_end or date.date_start}"
    if published is not None:
        year, week, _ = published.isocalendar()
        return f"published:{year}-W{week:02d}"
    return "undated"


def _anchor(event: Report) -> str:
    if event.type == "STATEMENT":
        speaker = event.speaker()
        if speaker is not None:
            return speaker.entity_id
    if event.type == "STATISTIC" and event.figure_numbers:
        return f"{event.figure_numbers[0]:g}"
    if event.location is not None:
        return event.location.entity_id
    ids = sorted(event.participant_ids())
    countries = [i for i in ids if i.startswith("gpe:")]
    return ",".join(countries or ids)


def cluster_key(event: Report, published: dt.date | None) -> tuple[str, str, str]:
    return event.type, date_bucket(event.date, published), _anchor(event)


def cluster_id(event: Report, published: dt.date | None) -> str:
    return "c-" + short_hash(*cluster_key(event, published))
