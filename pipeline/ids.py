"""Deterministic ids: the same entity gets the same id in every document, the
same mention under the same pipeline version the same mention id, so that a
warehouse can join across documents and re-runs replace rows exactly."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and whitespace-folded text: ``Zúñiga`` and ``ZUNIGA`` fold alike.
    The one comparison form of names across the pipeline."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("’", "'").casefold().split())


def slug(text: str) -> str:
    return _NON_ALNUM.sub("-", fold(text).replace("’", "").replace("'", "")).strip("-")


def entity_id(type_: str, canonical: str, country: str | None = None) -> str:
    """``("PERSON", "Antony Blinken")`` → ``person:antony-blinken``.

    A body whose name every government uses ("Ministry of Foreign Affairs")
    carries the country the text gives it: ``agency:jp:ministry-of-foreign-affairs``,
    so two countries' ministries never share an id across documents."""
    if country:
        return f"{type_.lower()}:{country.lower()}:{slug(canonical)}"
    return f"{type_.lower()}:{slug(canonical)}"


def short_hash(*parts: object, length: int = 16) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def mention_id(doc_id: str, type_: str, start: int, end: int) -> str:
    return f"m-{short_hash(doc_id, type_, start, end)}"
