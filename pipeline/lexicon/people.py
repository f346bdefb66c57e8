"""Well-known people, so that a bare "Biden" in an article that never writes "Joe Biden"
gets the same canonical name and id as everywhere else, and a role stated without
a country ("President Joe Biden") still gets the country served."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.ids import fold
from pipeline.resources import check_keys


class KnownPeople:
    """Heads of state and government and other office-holders often named without their country."""

    def __init__(self, records: Iterable[dict[str, Any]], where: str = "people") -> None:
        countries: dict[str, str] = {}
        names: set[str] = set()
        for record in records:
            check_keys(record, {"name", "country"}, {"name", "country"}, f"{where}[{record.get('name')}]")
            if not isinstance(record["name"], str) or not record["name"].strip():
                raise ValueError(f"{where}: bad name {record['name']!r}")
            names.add(record["name"])
            countries[fold(record["name"])] = record["country"]
        self.names: tuple[str, ...] = tuple(sorted(names))
        self.countries = countries  # folded name → alpha-2
        owners: dict[str, set[str]] = {}
        for name in self.names:
            owners.setdefault(name.split()[-1], set()).add(name)
        self.surnames = frozenset(owners)
        # Surname → full name, for surnames that belong to exactly one listed person.
        self.unique_surnames = {s: next(iter(n)) for s, n in sorted(owners.items()) if len(n) == 1}

    def country(self, name: str) -> str | None:
        return self.countries.get(fold(name))
