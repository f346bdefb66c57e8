"""Country names to one canonical English name, through pycountry.

pycountry holds the ISO 3166 names and codes; two small data files add the
written forms it does not resolve ("U.S.", "Britain") and the short names
news readers use where its name is an official one ("Russian Federation").
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from pipeline.mentions.ids import fold
from pipeline.resources import read_tsv

ALIASES = "models:lexicon/country_aliases.tsv"
NAMES = "models:lexicon/country_names.tsv"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    aliases = {fold(form): code for form, code in read_tsv(ALIASES)}
    names = dict(read_tsv(NAMES))
    return aliases, names


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """ISO alpha-2 for a written country name or code, else None (cities, states)."""
    aliases, _ = _tables()
    key = fold(text.strip())
    if key in aliases:
        return aliases[key]
    if len(text) <= 3 and not text.isupper():
        return None  # "us", "It": only upper-case codes count
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        return None


def country_name(code: str) -> str:
    _, names = _tables()
    if code in names:
        return names[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or getattr(country, "name")
