"""The data tables of ``news_officials``, loaded and validated once.

Everything the component knows about the world lives in ``models/``: the
titles it recognises (``models/patterns/titles.jsonl``) and the tables under
``models/officials/`` that turn modifiers, nationality words, portfolios and
well-known office-holders into records. Loading rejects unknown keys, so a
typo in a data file fails at start-up instead of silently losing a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.mentions.ids import fold  # noqa: F401  (re-exported for the officials modules)
from pipeline.resources import check_keys, read_jsonl, read_tsv

CATEGORIES = frozenset(
    {"executive", "ministerial", "diplomatic", "legislative", "judicial", "military", "police", "local",
     "administrative", "party"}
)
MODIFIER_KINDS = frozenset({"former", "status", "rank", "keep", "honorific"})

MODIFIERS = "models:lexicon/title_modifiers.tsv"
NATIONALITIES = "models:lexicon/nationalities.tsv"
MINISTRIES = "models:lexicon/ministries.jsonl"
LEADERS = "models:lexicon/people.jsonl"
NON_OFFICES = "models:lexicon/non_offices.jsonl"
PARTIES = "models:lexicon/parties.tsv"

TITLE_KEYS = {"title", "role", "category", "example", "body", "country", "portfolio", "anchored"}
TITLE_REQUIRED = {"title", "role", "category", "example"}


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


@lru_cache(maxsize=8)
def load_titles(ref: str) -> tuple[TitleEntry, ...]:
    entries: list[TitleEntry] = []
    seen: set[str] = set()
    for record in read_jsonl(ref):
        entry = TitleEntry.from_dict(record, f"{ref}[{record.get('title')}]")
        if entry.title in seen:
            raise ValueError(f"{ref}: duplicate title {entry.title!r}")
        seen.add(entry.title)
        entries.append(entry)
    return tuple(entries)


@lru_cache(maxsize=2)
def load_modifiers(ref: str = MODIFIERS) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in read_tsv(ref):
        if len(row) != 2 or row[1] not in MODIFIER_KINDS:
            raise ValueError(f"{ref}: bad row {row!r}")
        table[row[0].lower()] = row[1]
    return table


@lru_cache(maxsize=2)
def load_nationalities(ref: str = NATIONALITIES) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in read_tsv(ref):
        if len(row) != 2 or len(row[1]) != 2:
            raise ValueError(f"{ref}: bad row {row!r}")
        table[fold(row[0])] = row[1]
    return table


@dataclass(frozen=True)
class Portfolio:
    """A government portfolio: the generic names of its body and the body's name in each country."""

    portfolio: str
    forms: tuple[str, ...]
    bodies: dict[str, str]


@lru_cache(maxsize=2)
def load_ministries(ref: str = MINISTRIES) -> dict[str, Portfolio]:
    table: dict[str, Portfolio] = {}
    for record in read_jsonl(ref):
        where = f"{ref}[{record.get('portfolio')}]"
        check_keys(record, {"portfolio", "forms", "bodies"}, {"portfolio", "forms", "bodies"}, where)
        table[record["portfolio"]] = Portfolio(
            record["portfolio"], tuple(fold(f) for f in record["forms"]), dict(record["bodies"])
        )
    return table


@lru_cache(maxsize=2)
def load_leaders(ref: str = LEADERS) -> dict[str, str]:
    """Folded name → alpha-2 country of well-known office-holders."""
    table: dict[str, str] = {}
    for record in read_jsonl(ref):
        check_keys(record, {"name", "country"}, {"name", "country"}, f"{ref}[{record.get('name')}]")
        table[fold(record["name"])] = record["country"]
    return table


@lru_cache(maxsize=2)
def load_parties(ref: str = PARTIES) -> dict[str, str]:
    """Party name as written → the country whose party it is."""
    table: dict[str, str] = {}
    for row in read_tsv(ref):
        if len(row) != 2 or len(row[1]) != 2:
            raise ValueError(f"{ref}: bad row {row!r}")
        table[row[0]] = row[1]
    return table


@lru_cache(maxsize=2)
def load_non_offices(ref: str = NON_OFFICES) -> tuple[str, ...]:
    """Titles of posts that are no public office ("chief executive"): matched only to block shorter titles."""
    titles: list[str] = []
    for record in read_jsonl(ref):
        where = f"{ref}[{record.get('title')}]"
        check_keys(record, {"title", "reason", "example"}, {"title", "reason", "example"}, where)
        if record["title"] != record["title"].lower():
            raise ValueError(f"{where}: title must be lower case")
        titles.append(record["title"])
    return tuple(titles)


def check_portfolios(entries: tuple[TitleEntry, ...], ministries: dict[str, Portfolio], ref: str) -> None:
    """A title naming an unknown portfolio is a data error."""
    for entry in entries:
        if entry.portfolio is not None and entry.portfolio not in ministries:
            raise ValueError(f"{ref}[{entry.title}]: unknown portfolio {entry.portfolio!r}")
