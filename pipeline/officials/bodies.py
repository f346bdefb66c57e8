"""The body a role belongs to, and that body's country.

Two sources, both in the lexicon: the listed agencies (``lexicon.bodies``),
for bodies named in the text, and the portfolio table
(``lexicon.titles.ministries``), for bodies a title or a generic description
implies once the country is known ("Mexico's foreign ministry",
"Foreign Affairs Secretary" + MX). When the agency list holds a body of that
country under one of the portfolio's generic forms, its name wins, so
officials and mentions name the same body the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.ids import entity_id, fold
from pipeline.lexicon.bodies import Entry
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.titles import Portfolio


def agency_id(canonical: str) -> str:
    """``agency:<slug>``, as everywhere else."""
    return entity_id("AGENCY", canonical)


@dataclass(frozen=True)
class Body:
    name: str
    entity_id: str
    country: str | None


class BodyIndex:
    """Bodies by written form (the listed agencies) and by portfolio and country."""

    def __init__(self, agencies: Iterable[Entry], ministries: dict[str, Portfolio], countries: Countries) -> None:
        self.ministries = ministries
        self.countries = countries
        self.by_form: dict[str, tuple[str, str | None]] = {}
        self.by_country_form: dict[tuple[str, str], str] = {}
        for entry in sorted(agencies, key=lambda e: e.id):
            for form in entry.forms:
                self.by_form.setdefault(fold(form), (entry.name, entry.country))
                if entry.country:
                    self.by_country_form.setdefault((entry.country, fold(form)), entry.name)
        self.generic_forms: dict[str, str] = {}
        for key in sorted(self.ministries):
            for form in self.ministries[key].forms:
                self.generic_forms.setdefault(form, key)
        self.max_form_words = max((len(f.split()) for f in self.generic_forms), default=1)
        self.adjectives = countries.adjectives()

    def _country_name(self, form: str, country: str) -> str | None:
        found = self.by_form.get(fold(form))
        return found[0] if found is not None and found[1] == country else None

    def body(self, name: str, entity_id: str | None = None) -> Body:
        """A body named in the text (its canonical name), with the country the agency list or its name gives."""
        canonical, country = self.by_form.get(fold(name), (name, None))
        if country is None:
            country = self.country_in_name(canonical)
        return Body(canonical, entity_id or agency_id(canonical), country)

    def portfolio_body(self, portfolio: str | None, country: str | None) -> Body | None:
        """The body of a portfolio in a country ("foreign affairs" + MX → Secretariat of Foreign Affairs)."""
        if portfolio is None or country is None or portfolio not in self.ministries:
            return None
        table = self.ministries[portfolio]
        adjectives = self.adjectives.get(country, ())
        for form in table.forms:
            name = self.by_country_form.get((country, form))
            if name is None:
                # the listed "Guatemalan Foreign Ministry" for "foreign ministry" + GT
                name = next((n for adj in adjectives if (n := self._country_name(f"{adj} {form}", country))), None)
            if name is not None:
                return Body(name, agency_id(name), country)
        name = table.bodies.get(country)
        if name is None:
            return None
        canonical, _ = self.by_form.get(fold(name), (name, None))
        return Body(canonical, agency_id(canonical), country)

    def named_body(self, name: str, country: str | None) -> Body | None:
        """A body given by its exact name in the title table ("U.S. Department of State")."""
        canonical, known_country = self.by_form.get(fold(name), (name, None))
        return Body(canonical, agency_id(canonical), known_country or country or self.country_in_name(canonical))

    def generic_portfolio(self, words: list[str]) -> tuple[str, int, int] | None:
        """The first generic body description in a run of words: (portfolio, start, end) in word indexes."""
        folded = [fold(w) for w in words]
        for i in range(len(folded)):
            for n in range(min(self.max_form_words, len(folded) - i), 0, -1):
                key = " ".join(folded[i:i + n])
                if key in self.generic_forms:
                    return self.generic_forms[key], i, i + n
        return None

    def country_in_name(self, name: str) -> str | None:
        """The country a body's own name states ("U.S. Customs and Border Protection", "Mexican National Guard")."""
        countries = self.countries
        words = name.replace("’s", "").replace("'s", "").split()
        for i, word in enumerate(words):
            if i + 1 < len(words) and (code := countries.of_nationality(f"{word} {words[i + 1]}")):
                return code
            code = countries.of_nationality(word) or (countries.of_name(word) if word[:1].isupper() else None)
            if code:
                return code
        if " of " in name:
            tail = name.rsplit(" of ", 1)[1]
            return countries.of_name(tail)
        return None
