"""The body a role belongs to, and that body's country.

Two sources: the agency gazetteer (``pipeline.gazetteers``, written for
``news_entities``) for bodies named in the text, and the portfolio table
(``models/officials/ministries.jsonl``) for bodies a title or a generic
description implies once the country is known ("Mexico's foreign ministry",
"Foreign Affairs Secretary" + MX). When the gazetteer holds a body of that
country under one of the portfolio's generic forms, its name wins, so
officials and mentions name the same body the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.mentions.ids import entity_id as make_entity_id
from pipeline.officials.countries import country_of_nationality, country_of_name
from pipeline.officials.lexicon import Portfolio, fold, load_ministries, load_nationalities

AGENCIES = "models:lexicon/agencies.jsonl"


def agency_id(canonical: str) -> str:
    """``agency:<slug>``, as everywhere else."""
    return make_entity_id("AGENCY", canonical)


@dataclass(frozen=True)
class Body:
    name: str
    entity_id: str
    country: str | None


class BodyIndex:
    """Bodies by written form (from the gazetteer, when present) and by portfolio and country."""

    def __init__(self, agencies: str | None = AGENCIES) -> None:
        self.ministries: dict[str, Portfolio] = load_ministries()
        self.by_form: dict[str, tuple[str, str | None]] = {}
        self.by_country_form: dict[tuple[str, str], str] = {}
        if agencies:
            self._load_gazetteer(agencies)
        self.generic_forms: dict[str, str] = {}
        for key in sorted(self.ministries):
            for form in self.ministries[key].forms:
                self.generic_forms.setdefault(form, key)
        self.max_form_words = max((len(f.split()) for f in self.generic_forms), default=1)
        self.adjectives: dict[str, tuple[str, ...]] = {}
        for adjective, code in sorted(load_nationalities().items()):
            self.adjectives[code] = self.adjectives.get(code, ()) + (adjective,)

    def _country_name(self, form: str, country: str) -> str | None:
        found = self.by_form.get(fold(form))
        return found[0] if found is not None and found[1] == country else None

    def _load_gazetteer(self, ref: str) -> None:
        try:
            from pipeline.gazetteers import load_entries
            entries = load_entries(ref)
        except (ImportError, FileNotFoundError, OSError):
            return  # the gazetteer is optional: bodies then come from the text and the portfolio table
        for entry in sorted(entries, key=lambda e: str(getattr(e, "id", ""))):
            name = getattr(entry, "name", None)
            if not name:
                continue
            country = getattr(entry, "country", None) or None
            forms = [name, *(getattr(entry, "aliases", None) or ()), *(getattr(entry, "acronyms", None) or ())]
            for form in forms:
                self.by_form.setdefault(fold(form), (name, country))
                if country:
                    self.by_country_form.setdefault((country, fold(form)), name)

    def body(self, name: str, entity_id: str | None = None) -> Body:
        """A body named in the text (its canonical name), with the country the gazetteer or its name gives."""
        canonical, country = self.by_form.get(fold(name), (name, None))
        if country is None:
            country = country_in_name(canonical)
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
                # the gazetteer's "Guatemalan Foreign Ministry" for "foreign ministry" + GT
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
        return Body(canonical, agency_id(canonical), known_country or country or country_in_name(canonical))

    def generic_portfolio(self, words: list[str]) -> tuple[str, int, int] | None:
        """The first generic body description in a run of words: (portfolio, start, end) in word indexes."""
        folded = [fold(w) for w in words]
        for i in range(len(folded)):
            for n in range(min(self.max_form_words, len(folded) - i), 0, -1):
                key = " ".join(folded[i:i + n])
                if key in self.generic_forms:
                    return self.generic_forms[key], i, i + n
        return None


def country_in_name(name: str) -> str | None:
    """The country a body's own name states ("U.S. Customs and Border Protection", "Mexican National Guard")."""
    words = name.replace("’s", "").replace("'s", "").split()
    for i, word in enumerate(words):
        if i + 1 < len(words) and (code := country_of_nationality(f"{word} {words[i + 1]}")):
            return code
        code = country_of_nationality(word) or (country_of_name(word) if word[:1].isupper() else None)
        if code:
            return code
    if " of " in name:
        tail = name.rsplit(" of ", 1)[1]
        return country_of_name(tail)
    return None
