"""Titles of public office and the tables that interpret them.

The titles themselves (``titles.jsonl``: written form, normalised role,
category, and where the title fixes them a body, a country or a portfolio),
the words that modify a title (former, acting, deputy ...), posts that are no
public office, the bodies of each portfolio by country, party names that fix
a country, and the words that mark a public body. Officials read all of it;
entities and events read the titles' head words to tell a title from a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.ids import fold
from pipeline.resources import check_keys

CATEGORIES = frozenset(
    {"executive", "ministerial", "diplomatic", "legislative", "judicial", "military", "police", "local",
     "administrative", "party"}
)
MODIFIER_KINDS = frozenset({"former", "status", "rank", "keep", "honorific"})
TITLE_KEYS = {"title", "role", "category", "example", "body", "country", "portfolio", "anchored"}
TITLE_REQUIRED = {"title", "role", "category", "example"}
# Words that end the noun a title is about ("secretary of state" → "secretary").
TITLE_STOP = frozenset({"for", "of", "at", "to", "on", "in", "from", "with", "the", "and"})
# Leading words that are never the head of a title ("deputy", "acting").
HEAD_MODIFIERS = frozenset({"acting", "deputy", "former", "assistant", "associate", "senior", "chief", "top", "interim",
                            "vice"})


@dataclass(frozen=True)
class TitleEntry:
    """One written form of a title and what it means."""

    title: str  # lower-case form as matched ("homeland security secretary")
    role: str  # normalised role ("secretary of homeland security")
    category: str
    example: str
    body: dict[str, str] = field(default_factory=dict)  # country → body the title fixes there
    country: str | None = None  # the one government this title exists in, when it names no other
    portfolio: str | None = None  # key into ministries.jsonl for bodies by country
    anchored: bool = False  # an office only with a body, country, owner or complement written with it

    @classmethod
    def from_dict(cls, record: dict, where: str) -> "TitleEntry":
        check_keys(record, TITLE_KEYS, TITLE_REQUIRED, where)
        title = record["title"]
        if not isinstance(title, str) or title != title.lower() or title.strip() != title or not title:
            raise ValueError(f"{where}: title must be a trimmed lower-case string")
        if record["category"] not in CATEGORIES:
            raise ValueError(f"{where}: category must be one of {sorted(CATEGORIES)}")
        body = record.get("body") or {}
        if not isinstance(body, dict) or not all(isinstance(k, str) and len(k) == 2 for k in body):
            raise ValueError(f"{where}: body must map alpha-2 country codes to body names")
        country = record.get("country")
        if country is not None and (not isinstance(country, str) or len(country) != 2):
            raise ValueError(f"{where}: country must be an ISO alpha-2 code")
        return cls(
            title=title,
            role=record["role"],
            category=record["category"],
            example=record["example"],
            body=dict(sorted(body.items())),
            country=country,
            portfolio=record.get("portfolio"),
            anchored=bool(record.get("anchored", False)),
        )


@dataclass(frozen=True)
class Portfolio:
    """A government portfolio: the generic names of its body and the body's name in each country."""

    portfolio: str
    forms: tuple[str, ...]
    bodies: dict[str, str]


def title_head(title: str) -> str:
    """The noun a title is about: the word before its first preposition, else the last word."""
    words = title.lower().replace("-", " ").split()
    for i, word in enumerate(words):
        if word in TITLE_STOP and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


class Titles:
    """Every title table, validated together (a title naming an unknown portfolio is an error)."""

    def __init__(self, titles: Iterable[dict[str, Any]], non_offices: Iterable[dict[str, Any]],
                 modifiers: Iterable[list[str]], ministries: Iterable[dict[str, Any]],
                 parties: Iterable[list[str]], government_words: Iterable[list[str]], where: str = "titles") -> None:
        self.entries: tuple[TitleEntry, ...] = _load_titles(titles, where)
        self.ministries = _load_ministries(ministries, "ministries")
        for entry in self.entries:
            if entry.portfolio is not None and entry.portfolio not in self.ministries:
                raise ValueError(f"{where}[{entry.title}]: unknown portfolio {entry.portfolio!r}")
        self.non_offices = _load_non_offices(non_offices, "non_offices")
        self.modifiers = _code_table(modifiers, "title_modifiers", lower=True, kinds=MODIFIER_KINDS)
        self.parties = _code_table(parties, "parties")
        self.government_words = frozenset(row[0] for row in government_words)
        self.by_title = {entry.title: entry for entry in self.entries}
        self.phrases = frozenset(self.by_title)
        heads: set[str] = set()
        for entry in self.entries:
            for value in (entry.title, entry.role):
                head = title_head(value)
                if head and head not in HEAD_MODIFIERS:
                    heads.add(head)
        self.head_words = frozenset(heads)


def _load_titles(records: Iterable[dict[str, Any]], where: str) -> tuple[TitleEntry, ...]:
    entries: list[TitleEntry] = []
    seen: set[str] = set()
    for record in records:
        entry = TitleEntry.from_dict(record, f"{where}[{record.get('title')}]")
        if entry.title in seen:
            raise ValueError(f"{where}: duplicate title {entry.title!r}")
        seen.add(entry.title)
        entries.append(entry)
    return tuple(entries)


def _load_ministries(records: Iterable[dict[str, Any]], where: str) -> dict[str, Portfolio]:
    table: dict[str, Portfolio] = {}
    for record in records:
        here = f"{where}[{record.get('portfolio')}]"
        check_keys(record, {"portfolio", "forms", "bodies"}, {"portfolio", "forms", "bodies"}, here)
        table[record["portfolio"]] = Portfolio(
            record["portfolio"], tuple(fold(f) for f in record["forms"]), dict(record["bodies"])
        )
    return table


def _load_non_offices(records: Iterable[dict[str, Any]], where: str) -> tuple[str, ...]:
    """Titles of posts that are no public office ("chief executive"): matched only to block shorter titles."""
    titles: list[str] = []
    for record in records:
        here = f"{where}[{record.get('title')}]"
        check_keys(record, {"title", "reason", "example"}, {"title", "reason", "example"}, here)
        if record["title"] != record["title"].lower():
            raise ValueError(f"{here}: title must be lower case")
        titles.append(record["title"])
    return tuple(titles)


def _code_table(rows: Iterable[list[str]], where: str, lower: bool = False,
                kinds: frozenset[str] | None = None) -> dict[str, str]:
    """Two-column rows: word → alpha-2 code (or, with ``kinds``, → one of those kinds)."""
    table: dict[str, str] = {}
    for row in rows:
        ok = len(row) == 2 and (row[1] in kinds if kinds is not None else len(row[1]) == 2)
        if not ok:
            raise ValueError(f"{where}: bad row {row!r}")
        table[row[0].lower() if lower else row[0]] = row[1]
    return table
