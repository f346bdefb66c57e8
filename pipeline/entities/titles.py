"""Head words of official titles, read from the titles data of ``news_officials``.

Entities need them to tell a name from a title around it: "Homeland Security"
before "Secretary" is part of a title, not a body; "President" before
"Trump" marks a person.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.resources import read_jsonl

TITLE_STOP = frozenset({"for", "of", "at", "to", "on", "in", "from", "with", "the", "and"})
MODIFIERS = frozenset({"acting", "deputy", "former", "assistant", "associate", "senior", "chief", "top", "interim", "vice"})


def title_head(title: str) -> str:
    """The noun a title is about: the word before its first preposition, else the last word."""
    words = title.lower().replace("-", " ").split()
    for i, word in enumerate(words):
        if word in TITLE_STOP and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


@lru_cache(maxsize=4)
def _title_records(ref: str) -> tuple[dict, ...]:
    return tuple(read_jsonl(ref))


def title_head_words(ref: str) -> set[str]:
    heads: set[str] = set()
    for record in _title_records(ref):
        for key in ("title", "role"):
            value = record.get(key)
            if isinstance(value, str) and value.strip():
                head = title_head(value)
                if head and head not in MODIFIERS:
                    heads.add(head)
    return heads


def title_phrases(ref: str) -> frozenset[str]:
    """Every title form, lower-cased ("homeland security secretary", "secretary of state")."""
    return frozenset(r["title"].lower() for r in _title_records(ref) if isinstance(r.get("title"), str))
