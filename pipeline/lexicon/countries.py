"""Countries: written names, codes and nationality words to ISO 3166-1 alpha-2, and back to one name.

pycountry holds the ISO 3166 names, codes and subdivisions; the lexicon's
tables add only what it lacks: written forms it does not resolve ("U.S.",
"Britain"), the short names news readers use where its name is an official
one ("Russian Federation"), and nationality adjectives ("Salvadoran").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pycountry

from pipeline.ids import fold


class Countries:
    """Lookups between written country words and alpha-2 codes, cached per instance."""

    def __init__(self, aliases: Iterable[list[str]], names: Iterable[list[str]],
                 nationalities: Iterable[list[str]], where: str = "nationalities") -> None:
        self.aliases = {fold(form): code for form, code in aliases}
        self.names = dict(names)
        self.nationalities: dict[str, str] = {}
        for row in nationalities:
            if len(row) != 2 or len(row[1]) != 2:
                raise ValueError(f"{where}: bad row {row!r}")
            self.nationalities[fold(row[0])] = row[1]
        self.code = lru_cache(maxsize=8192)(self._code)
        self.of_name = lru_cache(maxsize=8192)(self._of_name)

    def _code(self, text: str) -> str | None:
        """ISO alpha-2 for a written country name or code, else None (cities, states)."""
        key = fold(text.strip())
        if key in self.aliases:
            return self.aliases[key]
        if len(text) <= 3 and not text.isupper():
            return None  # "us", "It": only upper-case codes count
        try:
            return pycountry.countries.lookup(text.strip()).alpha_2
        except LookupError:
            return None

    def name(self, code: str) -> str:
        """One English short name per country: the table's, else pycountry's common or official name."""
        if code in self.names:
            return self.names[code]
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return code
        return getattr(country, "common_name", None) or getattr(country, "name")

    def _of_name(self, text: str) -> str | None:
        """A country as written in running text ("the U.S.'s", "Mexico") → alpha-2."""
        text = text.strip().removeprefix("the ").removesuffix("'s").removesuffix("’s").strip()
        return self.code(text) if text else None

    def of_nationality(self, text: str, plural: bool = False) -> str | None:
        """ISO alpha-2 for a nationality adjective ("Mexican" → MX); with ``plural``, "Mexicans" too."""
        key = fold(text.strip())
        code = self.nationalities.get(key)
        if code is None and plural and key.endswith("s"):
            code = self.nationalities.get(key[:-1])
        return code

    def written_names(self) -> list[str]:
        """Every country's names as news writes them out (ISO 3166 names, common names, the preferred
        names), sorted; names with commas or brackets ("Korea, Republic of") are left out."""
        forms: set[str] = set()
        for country in pycountry.countries:
            for name in (country.name, getattr(country, "common_name", None), self.name(country.alpha_2)):
                if name and "," not in name and "(" not in name and self.code(name) == country.alpha_2:
                    forms.add(name)
        return sorted(forms)

    def adjectives(self) -> dict[str, tuple[str, ...]]:
        """alpha-2 → its nationality adjectives (folded), in sorted order."""
        out: dict[str, tuple[str, ...]] = {}
        for adjective, code in sorted(self.nationalities.items()):
            out[code] = out.get(code, ()) + (adjective,)
        return out


def is_abbreviation(text: str) -> bool:
    """"U.S.", "UK", "EU": abbreviated names used attributively work like nationality adjectives."""
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


@lru_cache(maxsize=4096)
def country_of_region(text: str) -> str | None:
    """The country of a state, province or region named in ISO 3166-2 ("Texas" → US, "Chiapas" → MX)."""
    text = text.strip().removeprefix("the ").strip()
    if len(text) < 4 or not text[:1].isupper():
        return None
    try:
        return pycountry.subdivisions.lookup(text).country_code
    except LookupError:
        return None
