"""Input articles, and the input errors that stand in for the ones that could not be read."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# errors-table codes for documents that were still processed
WARNINGS = frozenset({"invalid_published_at", "published_at_out_of_range", "control_characters", "long_text",
                      "invalid_meta"})
RECORD_KEYS = ("id", "text", "published_at", "url", "title", "source")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTH_ABBR = {k[:3]: v for k, v in MONTHS.items()}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATELINE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
)
DATELINE_WINDOW = 300  # characters at the top of an article where a dateline may stand
CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# publication dates that relative dates ("yesterday", "10 years ago") can be worked out from: outside these
# years the arithmetic leaves the calendar Python can represent (years 1-9999)
ANCHOR_YEARS = (1000, 8999)
LONG_TEXT = 1_000_000  # spaCy's default max_length; longer texts are processed in pieces


@dataclass
class Article:
    doc_id: str
    text: str
    input: str  # file, and line for JSONL, for error reports
    published_at: dt.date | None = None
    published_at_source: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)

    @cached_property
    def text_sha256(self) -> str:
        """Hex SHA-256 of the UTF-8 text: the change detector of incremental runs, computed once."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def published_key(self) -> str:
        """The effective publication date and its source (``"2021-03-22 input"``, ``""`` for none): the
        date the document's records are anchored to, so a new ``--published-at`` that changes it is seen."""
        if self.published_at is None:
            return ""
        return f"{self.published_at.isoformat()} {self.published_at_source or ''}".rstrip()

    @cached_property
    def record_sha256(self) -> str:
        """Hex SHA-256 of the record fields the documents table carries besides the text (title, url, source, meta)."""
        fields = {"title": self.title, "url": self.url, "source": self.source, "meta": self.meta}
        data = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class InputError:
    """A record that could not become an article; it becomes an ``errors`` row."""

    input: str
    error: str
    message: str
    doc_id: str | None = None


def duplicate_doc_error(article: "Article") -> InputError:
    """The error of an article whose ``doc_id`` a run has already seen (the first one is kept)."""
    return InputError(article.input, "duplicate_doc_id",
                      f"doc_id {article.doc_id!r} appears twice in this run; the first was kept", article.doc_id)


def text_id(text: str) -> str:
    """The id of a record without one: a hash of its text, stable across runs."""
    return "sha256-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_published_at(value: Any) -> dt.date:
    """``YYYY-MM-DD`` or an ISO datetime → its date; anything else raises ValueError."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10]) if len(text) >= 10 and text[10:11] in ("", "T", " ") else dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise ValueError(f"published_at must be YYYY-MM-DD or an ISO datetime, got {value!r}")


def find_dateline(text: str) -> dt.date | None:
    """A date written at the top of the article ("March 22, 2021 ..."), the fallback anchor."""
    head = text[:DATELINE_WINDOW]
    found: list[tuple[int, dt.date]] = []
    for pattern in DATELINE_PATTERNS:
        for m in pattern.finditer(head):
            parts = m.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else MONTH_ABBR[parts["month"].lower()[:3]]
            try:
                found.append((m.start(), dt.date(int(parts["year"]), month, int(parts["day"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def make_article(record: dict[str, Any], input_ref: str, fallback_date: dt.date | None) -> Article | InputError:
    """Validate one input record into an Article (or the error that explains why not)."""
    if "text" not in record:
        return InputError(input_ref, "missing_text", "record has no 'text' field", _str_or_none(record.get("id")))
    text = record["text"]
    doc_id = _str_or_none(record.get("id"))
    if not isinstance(text, str):
        return InputError(input_ref, "text_not_string", f"'text' must be a string, got {type(text).__name__}", doc_id)
    if not text.strip():
        return InputError(input_ref, "empty_text", "'text' is empty", doc_id)
    if "\x00" in text:
        return InputError(input_ref, "nul_in_text", "'text' contains NUL characters (binary data?)", doc_id)
    article = Article(doc_id=doc_id or text_id(text), text=text, input=input_ref,
                      title=_str_or_none(record.get("title")), url=_str_or_none(record.get("url")),
                      source=_str_or_none(record.get("source")),
                      meta={k: v for k, v in sorted(record.items()) if k not in RECORD_KEYS})
    if CONTROL_CHARS.search(text):
        article.warnings.append(("control_characters", "text contains control characters; processed as given "
                                 "(offsets refer to the text with them)"))
    if len(text) > LONG_TEXT:
        article.warnings.append(("long_text", f"text has {len(text):,} characters; processed in pieces, "
                                 "offsets refer to the whole text"))
    raw_date = record.get("published_at")
    if raw_date not in (None, ""):
        try:
            published = parse_published_at(raw_date)
        except ValueError as exc:
            article.warnings.append(("invalid_published_at", str(exc)))
        else:
            if ANCHOR_YEARS[0] <= published.year <= ANCHOR_YEARS[1]:
                article.published_at, article.published_at_source = published, "input"
            else:
                article.warnings.append(("published_at_out_of_range", (
                    f"published_at {published.isoformat()} is outside the years {ANCHOR_YEARS[0]}-{ANCHOR_YEARS[1]} "
                    "that relative dates can be worked out from; the document was processed without it")))
    if article.published_at is None:
        dateline = find_dateline(text)
        if dateline is not None:
            article.published_at, article.published_at_source = dateline, "dateline"
        elif fallback_date is not None:
            # the --published-at given by the user is input too, just not per record
            article.published_at, article.published_at_source = fallback_date, "input"
    return article


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
