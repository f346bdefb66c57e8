"""Access to the data files of ``models/`` (installed as ``pipeline.models``).

Through importlib.resources, so the same code works from a source checkout,
an editable install and a wheel.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def models_dir() -> Traversable:
    """The root of the packaged ``models/`` data."""
    return resources.files("pipeline.models")


def data_file(ref: str | Path) -> Traversable | Path:
    """Resolve a data reference from a config.

    ``"models:gazetteers/agencies.jsonl"`` names a packaged file; anything else
    is a filesystem path, so users can point a component at their own lists.
    """
    ref = str(ref)
    if ref.startswith("models:"):
        node: Traversable = models_dir()
        for part in ref[len("models:"):].split("/"):
            node = node.joinpath(part)
        if not node.is_file():
            raise FileNotFoundError(f"packaged data file not found: {ref}")
        return node
    path = Path(ref)
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {ref}")
    return path


def read_text(ref: str | Path) -> str:
    return data_file(ref).read_text(encoding="utf-8")


def read_jsonl(ref: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a JSONL data file; blank lines and ``//`` comments are skipped."""
    for lineno, line in enumerate(read_text(ref).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{ref}:{lineno}: invalid JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise ValueError(f"{ref}:{lineno}: expected an object")
        yield record


def read_tsv(ref: str | Path) -> Iterator[list[str]]:
    """Yield the rows of a TSV data file; ``#`` comment lines and blank lines are skipped."""
    for line in read_text(ref).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.split("\t")


def check_keys(record: dict[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    """Reject unknown and missing keys, so a typo in a rule file fails loudly."""
    unknown = set(record) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    missing = required - set(record)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
