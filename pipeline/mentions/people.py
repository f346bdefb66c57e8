"""Well-known people, so that a bare "Biden" in an article that never writes "Joe Biden"
still gets the same canonical name and id as everywhere else.

The list is data (``models/officials/leaders.jsonl``: heads of state and
government, ministers); only surnames that name one listed person are used.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.resources import read_jsonl


@lru_cache(maxsize=4)
def known_people(ref: str) -> tuple[str, ...]:
    return tuple(sorted({r["name"] for r in read_jsonl(ref) if isinstance(r.get("name"), str)}))


@lru_cache(maxsize=4)
def unique_surnames(ref: str) -> dict[str, str]:
    """Surname → full name, for surnames that belong to exactly one listed person."""
    owners: dict[str, set[str]] = {}
    for name in known_people(ref):
        owners.setdefault(name.split()[-1], set()).add(name)
    return {surname: next(iter(names)) for surname, names in sorted(owners.items()) if len(names) == 1}
