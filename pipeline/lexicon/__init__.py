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
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from spacy.util import registry

from pipeline.lexicon.bodies import Bodies, load_country_prefixes, load_entries
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.titles import Titles
from pipeline.resources import DataFiles

WORD_CLASSES = frozenset({"article", "demonstrative", "plural_demonstrative", "possessive", "clitic", "honorific",
                          "name_title"})
_SHARED: dict[str, "Lexicon"] = {}


class Lexicon:
    """Shared tables, each parsed on first use from the files it was given."""

    def __init__(self, files: DataFiles) -> None:
        self.files = files

    @classmethod
    def shared(cls, files: DataFiles) -> "Lexicon":
        """One lexicon per distinct set of files in a process: components share its parsed tables."""
        key = files.fingerprint()
        if key not in _SHARED:
            _SHARED[key] = cls(files)
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
        for name in ("countries", "people", "titles", "bodies", "_word_classes"):
            getattr(self, name)
        return self

    # --- serialisation: the files as read, so a saved pipeline needs none of the originals ---

    def to_disk(self, path: str | Path) -> None:
        self.files.to_disk(path)

    @classmethod
    def from_disk(cls, path: str | Path) -> "Lexicon":
        return cls.shared(DataFiles.from_disk(path))

    def to_bytes(self) -> bytes:
        return self.files.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Lexicon":
        return cls.shared(DataFiles.from_bytes(data))


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
) -> Lexicon:
    """The lexicon of these files (the packaged ones by default)."""
    refs = dict(locals())
    key = "\x1f".join(f"{k}={v}" for k, v in sorted(refs.items()))
    if key not in _BY_REFS:
        _BY_REFS[key] = Lexicon(DataFiles(refs))
    return _BY_REFS[key]


_BY_REFS: dict[str, Lexicon] = {}


def default_lexicon() -> Lexicon:
    """The packaged lexicon (for code and tests outside a pipeline)."""
    return make_lexicon()
