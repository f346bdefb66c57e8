"""Which government a word names: country names, codes and nationality adjectives.

Country names go through ``pipeline.mentions.countries`` (pycountry plus the
project's alias table) so that officials and mentions agree on codes;
nationality adjectives ("Mexican", "Salvadoran") come from
``models/officials/nationalities.tsv``.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.officials.lexicon import fold, load_nationalities

try:  # the mentions package owns country names; degrade to pycountry alone without it
    from pipeline.mentions.countries import country_code as _country_code
except ImportError:  # pragma: no cover - only while the mentions package is missing
    _country_code = None


@lru_cache(maxsize=4096)
def country_of_name(text: str) -> str | None:
    """ISO alpha-2 for a country name or code as written ("U.S.", "Mexico"), else None."""
    text = text.strip().removeprefix("the ").removesuffix("'s").removesuffix("’s").strip()
    if not text:
        return None
    if _country_code is not None:
        return _country_code(text)
    import pycountry

    if text in ("U.S.", "US", "USA", "U.S.A."):
        return "US"
    if len(text) <= 3 and not text.isupper():
        return None
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def country_of_nationality(text: str) -> str | None:
    """ISO alpha-2 for a nationality adjective ("Mexican" → MX), else None."""
    return load_nationalities().get(fold(text))


def country_of_word(text: str) -> str | None:
    """A nationality adjective or a country name, whichever the word is."""
    return country_of_nationality(text) or country_of_name(text)


def is_abbreviation(text: str) -> bool:
    """"U.S.", "UK", "EU": abbreviated names used attributively work like nationality adjectives."""
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


@lru_cache(maxsize=4096)
def country_of_region(text: str) -> str | None:
    """The country of a state, province or region named in ISO 3166-2 ("Texas" → US, "Chiapas" → MX)."""
    import pycountry

    text = text.strip().removeprefix("the ").strip()
    if len(text) < 4 or not text[:1].isupper():
        return None
    try:
        return pycountry.subdivisions.lookup(text).country_code
    except LookupError:
        return None
