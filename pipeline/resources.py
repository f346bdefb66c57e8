"""Data files of ``models/`` (installed as ``pipeline.models``) and of users' own folders.

A reference ``"models:<folder>/<file>"`` names a packaged file;
anything else is a filesystem path, so a config can point a component at a
user's own list. Files are read through importlib.resources, so the same code
works from a source checkout, an editable install and a wheel.

:class:`DataFiles` holds what one component (or the lexicon) reads, as text:
read once on first use, written into a saved pipeline by ``to_disk`` and read
back from it, so a saved pipeline never depends on the files it was built from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import srsly

META_KEY = "_meta"  # a JSONL record holding a file's sources and notes; loaders skip it
_INDEX = "files.json"


def models_dir() -> Traversable:
    """The root of the packaged ``models/`` data."""
    return resources.files("pipeline.models")


def data_file(ref: str | Path) -> Traversable | Path:
    """The file a reference names; a missing one is an error that names the reference."""
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


def parse_jsonl(text: str, where: str) -> Iterator[dict[str, Any]]:
    """The records of a JSONL text; blank lines and ``_meta`` records are skipped."""
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}:{lineno}: invalid JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise ValueError(f"{where}:{lineno}: expected an object")
        if META_KEY in record:
            continue
        yield record


def parse_tsv(text: str) -> Iterator[list[str]]:
    """The rows of a TSV text; ``#`` comment lines and blank lines are skipped."""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.split("\t")


def check_keys(record: dict[str, Any], allowed: set[str] | frozenset[str], required: set[str] | frozenset[str],
               where: str) -> None:
    """Reject unknown and missing keys, so a typo in a rule file fails loudly."""
    unknown = set(record) - set(allowed)
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    missing = set(required) - set(record)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")


class DataFiles:
    """The data files one component reads, by config key, held as text once read.

    Reading is lazy, so building a component (as ``spacy.load`` does before
    ``from_disk``) never touches files that a saved pipeline replaces.
    """

    def __init__(self, refs: Mapping[str, str], texts: Mapping[str, str] | None = None) -> None:
        self.refs = dict(refs)
        self._texts: dict[str, str] = dict(texts or {})

    def text(self, key: str) -> str:
        if key not in self._texts:
            self._texts[key] = read_text(self.refs[key])
        return self._texts[key]

    def jsonl(self, key: str) -> Iterator[dict[str, Any]]:
        return parse_jsonl(self.text(key), self.refs[key])

    def tsv(self, key: str) -> Iterator[list[str]]:
        return parse_tsv(self.text(key))

    def all_texts(self) -> dict[str, str]:
        return {key: self.text(key) for key in sorted(self.refs)}

    def fingerprint(self) -> str:
        """Content hash of every file: equal fingerprints mean equal data."""
        digest = hashlib.sha256()
        for key, text in self.all_texts().items():
            digest.update(f"{key}\x1f{self.refs[key]}\x1f{text}\x1e".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    # --- serialisation: one file per key, as written, plus an index of the original references ---

    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        index = {}
        for key, text in self.all_texts().items():
            name = key + (Path(self.refs[key].split(":")[-1]).suffix or ".txt")
            (path / name).write_text(text, encoding="utf-8")
            index[key] = {"ref": self.refs[key], "file": name}
        srsly.write_json(path / _INDEX, index)

    @classmethod
    def from_disk(cls, path: str | Path) -> "DataFiles":
        path = Path(path)
        index = srsly.read_json(path / _INDEX)
        texts = {key: (path / item["file"]).read_text(encoding="utf-8") for key, item in index.items()}
        return cls({key: item["ref"] for key, item in index.items()}, texts)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"refs": self.refs, "texts": self.all_texts()})

    @classmethod
    def from_bytes(cls, data: bytes) -> "DataFiles":
        msg = srsly.msgpack_loads(data)
        return cls(msg["refs"], msg["texts"])



def parse_word_lists(rows: Iterator[list[str]], names: tuple[str, ...], where: str,
                     normalise: Callable[[str], str] = str.strip, require_all: bool = True) -> dict[str, frozenset[str]]:
    """Named word lists from ``list<TAB>word`` rows: one file holds a component's closed lists.

    Only the ``names`` the component knows are allowed; with ``require_all``
    each of them must be there, so a list lost in an edit fails loudly.
    """
    lists: dict[str, set[str]] = {}
    for row in rows:
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"{where}: expected list<TAB>word, not {row!r}")
        name = row[0].strip()
        if name not in names:
            raise ValueError(f"{where}: unknown list {name!r} (known: {', '.join(names)})")
        lists.setdefault(name, set()).add(normalise(row[1].strip()))
    missing = [name for name in names if name not in lists]
    if missing and require_all:
        raise ValueError(f"{where}: missing lists {missing}")
    return {name: frozenset(lists.get(name, ())) for name in names}
