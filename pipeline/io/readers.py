"""Lazy readers of the inputs ``newsfacts extract`` accepts.

Files and folders in any mix: ``.txt`` (one article; ``doc_id`` is its path
relative to the folder given, without extension; an optional
``<name>.meta.json`` beside it holds the other record fields), ``.jsonl`` and
``.jsonl.gz`` (one record a line) and ``-`` (JSON lines on stdin). Records
are yielded one at a time, so memory does not grow with the corpus; a bad
record yields an :class:`InputError` and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.io.articles import Article, InputError, make_article

META_SUFFIX = ".meta.json"
SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")


def _kind(path: Path) -> str | None:
    name = path.name
    if name.endswith(META_SUFFIX):
        return None
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def expand_inputs(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None, Path | None]]:
    """(kind, path, root) for every readable input; folders are walked in sorted order."""
    for item in inputs:
        if item == "-":
            yield ("-", None, None)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind = _kind(child)
                if kind:
                    yield (kind, child, path)
        else:
            yield (_kind(path) or "unknown", path, path.parent)


def missing_inputs(inputs: Iterable[str]) -> list[str]:
    """The inputs that name no existing file or folder (``-`` is stdin and always exists)."""
    return [item for item in inputs if item != "-" and not Path(item).exists()]


def count_records(inputs: Iterable[str]) -> int | None:
    """How many items :func:`read_articles` will yield (before duplicates are found), or None when that
    cannot be known without consuming the input (stdin). Reads every file once, which costs far less than
    processing it: the progress bar's total."""
    total = 0
    for kind, path, _ in expand_inputs(inputs):
        if kind == "-":
            return None
        if path is None or kind in (".txt", "unknown") or not path.is_file():
            total += 1
            continue
        try:
            with (gzip.open(path, "rb") if kind == ".jsonl.gz" else open(path, "rb")) as handle:
                for line in handle:
                    total += bool(line.strip())
        except (OSError, EOFError, gzip.BadGzipFile):
            total += 1  # unreadable, or cut short: reading reports one error after the lines before it
    return total


def read_articles(inputs: Iterable[str], fallback_date: dt.date | None = None,
                  stdin: IO[str] | None = None) -> Iterator[Article | InputError]:
    for kind, path, root in expand_inputs(inputs):
        if kind == "-":
            yield from _read_lines(stdin or sys.stdin, "<stdin>", fallback_date)
        elif path is None or not path.exists():
            yield InputError(str(path), "not_found", f"no such file or folder: {path}")
        elif kind == ".txt":
            yield _read_txt(path, root or path.parent, fallback_date)
        elif kind in (".jsonl", ".jsonl.gz"):
            yield from _read_jsonl_file(path, kind, fallback_date)
        else:
            yield InputError(str(path), "unsupported_input",
                             f"{path}: expected a .txt, .jsonl or .jsonl.gz file, a folder, or -")


def _read_txt(path: Path, root: Path, fallback_date: dt.date | None) -> Article | InputError:
    doc_id = path.relative_to(root).with_suffix("").as_posix() if path.is_relative_to(root) else path.stem
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), "unreadable", f"{path}: {exc.strerror or exc}", doc_id)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(str(path), "invalid_utf8", f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", doc_id)
    record: dict[str, Any] = {"id": doc_id, "text": text}
    meta_path = path.with_name(path.name[: -len(".txt")] + META_SUFFIX)
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return InputError(str(meta_path), "invalid_meta", f"{meta_path}: {exc}", doc_id)
        if not isinstance(meta, dict):
            return InputError(str(meta_path), "invalid_meta", f"{meta_path}: expected a JSON object", doc_id)
        record = {**meta, **record}
    return make_article(record, str(path), fallback_date)


def _read_jsonl_file(path: Path, kind: str, fallback_date: dt.date | None) -> Iterator[Article | InputError]:
    try:
        handle: IO[bytes] = gzip.open(path, "rb") if kind == ".jsonl.gz" else open(path, "rb")
    except OSError as exc:
        yield InputError(str(path), "unreadable", f"{path}: {exc.strerror or exc}")
        return
    with handle:
        try:
            for lineno, raw in enumerate(handle, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield InputError(f"{path}:{lineno}", "invalid_utf8",
                                     f"{path}:{lineno}: not UTF-8 ({exc.reason} at byte {exc.start} of the line)")
                    continue
                yield from _parse_line(line, f"{path}:{lineno}", fallback_date)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield InputError(str(path), "unreadable", f"{path}: {exc}")


def _read_lines(stream: IO[str], name: str, fallback_date: dt.date | None) -> Iterator[Article | InputError]:
    for lineno, line in enumerate(stream, 1):
        yield from _parse_line(line, f"{name}:{lineno}", fallback_date)


def _parse_line(line: str, where: str, fallback_date: dt.date | None) -> Iterator[Article | InputError]:
    if not line.strip():
        return
    try:
        record = json.loads(line.rstrip("\r\n"))  # positions in errors are within the line
    except json.JSONDecodeError as exc:
        yield InputError(where, "invalid_json", f"{where}: invalid JSON: {json_error(exc)}")
        return
    if not isinstance(record, dict):
        yield InputError(where, "invalid_record", f"{where}: expected a JSON object, got {type(record).__name__}")
        return
    yield make_article(record, where, fallback_date)


def json_error(exc: json.JSONDecodeError) -> str:
    """``Expecting value at column 8``: the json module's message and the column in the line. Some of its
    messages already end in "at" ("Invalid control character at"); the column follows them directly."""
    at = "" if exc.msg.endswith(" at") else " at"
    return f"{exc.msg}{at} column {exc.pos + 1}"
