"""Lazy readers of the inputs ``newsfacts extract`` accepts.

Files and folders in any mix: ``.txt`` (one article; ``doc_id`` is its path
relative to the folder given, without extension; an optional
``<name>.meta.json`` beside it holds the other record fields), ``.jsonl`` and
``.jsonl.gz`` (one record a line) and ``-`` (JSON lines on stdin). Records
are yielded one at a time, so memory does not grow with the corpus; a bad
record yields an :class:`InputError` and reading goes on.

Hostile input is bounded here, before it costs memory or a hang: a record (a line, a ``.txt`` file) over
the maximum record size is skipped without being held (:func:`max_record_bytes`), a ``.jsonl.gz`` that
decompresses to far more than it could hold (a gzip bomb) is read no further, named pipes and devices are
never opened, and what a folder walk cannot read (an unreadable subfolder, a dangling symbolic link) is
reported, not skipped in silence. A file reached twice in one run (listed twice, or inside two folders
given) is read once. Output folders of ``newsfacts extract`` inside an input folder are not walked: their
part files are records, not articles.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.io import layout, strict_json
from pipeline.io.articles import Article, InputError, make_article

META_SUFFIX = ".meta.json"
SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
MAX_RECORD_ENV = "NEWSFACTS_MAX_RECORD_BYTES"
DEFAULT_MAX_RECORD_BYTES = 5 * 1024 * 1024  # 5 MiB: far beyond any real article (the longest news texts are ~100 KB)
MAX_GZIP_RATIO = 200  # text compresses 3-10×; more than this is a bomb, not a corpus ...
GZIP_FLOOR_BYTES = 32 * 1024 * 1024  # ... once past this much output (small repetitive files are fine)
_CHUNK = 1 << 16

# kinds :func:`expand_inputs` yields besides "-", "unknown" and the file suffixes
UNREADABLE_FOLDER = "unreadable_folder"
DUPLICATE = "duplicate"
OUTPUT_FOLDER = "output_folder"


def max_record_bytes() -> int:
    """The maximum size of one input record in bytes: ``$NEWSFACTS_MAX_RECORD_BYTES``, else 5 MiB."""
    value = os.environ.get(MAX_RECORD_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_RECORD_BYTES
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        limit = 0
    if limit <= 0:
        raise ValueError(f"{MAX_RECORD_ENV}={value!r}: expected a positive number of bytes, e.g. 20000000")
    return limit


def _kind(path: Path) -> str | None:
    name = path.name
    if name.endswith(META_SUFFIX):
        return None
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def _is_output_folder(path: Path) -> bool:
    """A folder ``newsfacts extract --out`` writes to (it has a run state or run manifests)."""
    try:
        return layout.state_path(path).exists() or (path / layout.RUNS_DIR).is_dir()
    except OSError:
        return False


def _walk(root: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the input files under ``root`` and of the folders that could not be listed, sorted by
    path. Symbolic links to folders are not followed (as before); links to files are."""
    found: list[tuple[str, Path]] = []

    def unreadable(exc: OSError) -> None:
        found.append((UNREADABLE_FOLDER, Path(exc.filename) if exc.filename else root))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not _is_output_folder(here / d)]
        found += [(kind, here / name) for name in filenames if (kind := _kind(Path(name)))]
    return sorted(found, key=lambda entry: entry[1])


def expand_inputs(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None, Path | None]]:
    """(kind, path, root) for every input; folders are walked in sorted order.

    Besides ``-``, the file suffixes and ``unknown``, the kind is :data:`UNREADABLE_FOLDER` (a folder that
    could not be listed), :data:`OUTPUT_FOLDER` (an output folder given as an input) or :data:`DUPLICATE`
    (a file already yielded, by whatever path)."""
    seen: set[str] = set()
    for item in inputs:
        if item == "-":
            yield ("-", None, None)
            continue
        path = Path(item)
        if path.is_dir():
            if _is_output_folder(path):
                yield (OUTPUT_FOLDER, path, path)
                continue
            entries, root = _walk(path), path
        else:
            entries, root = [(_kind(path) or "unknown", path)], path.parent
        for kind, child in entries:
            if kind in SUFFIXES:
                identity = os.path.realpath(child)
                if identity in seen:
                    kind = DUPLICATE
                seen.add(identity)
            yield (kind, child, root)


def missing_inputs(inputs: Iterable[str]) -> list[str]:
    """The inputs that name no existing file or folder (``-`` is stdin and always exists)."""
    return [item for item in inputs if item != "-" and not Path(item).exists()]


def count_records(inputs: Iterable[str], max_bytes: int | None = None) -> int | None:
    """How many items :func:`read_articles` will yield (before duplicates are found), or None when that
    cannot be known without consuming the input (stdin). Reads every file once, which costs far less than
    processing it: the progress bar's total."""
    limit = max_bytes or max_record_bytes()
    total = 0
    for kind, path, _ in expand_inputs(inputs):
        if kind == "-":
            return None
        if path is None or kind not in (".jsonl", ".jsonl.gz") or _file_problem(path) is not None:
            total += 1
            continue
        try:
            handle, budget = _open_jsonl(path, kind)
            with handle:
                for _, line in _lines(handle, limit, budget):
                    total += isinstance(line, int) or bool(line.strip())
        except (_OverBudget, OSError, EOFError, zlib.error):
            total += 1  # unreadable, cut short or a bomb: reading reports one error after the lines before it
    return total


def duplicate_input_error(path: Path) -> InputError:
    """A file reached a second time in one run (listed twice, or inside two folders given): read once."""
    return InputError(str(path), "duplicate_input", f"{path}: this file was already read in this run (it is "
                      "listed twice, or lies inside two folders given); it is read once")


def read_articles(inputs: Iterable[str], fallback_date: dt.date | None = None,
                  stdin: IO[str] | None = None, max_bytes: int | None = None) -> Iterator[Article | InputError]:
    """The articles of ``inputs``, and an :class:`InputError` for each record or file that is not one.
    ``max_bytes`` is the maximum record size (default :func:`max_record_bytes`)."""
    limit = max_bytes or max_record_bytes()
    for kind, path, root in expand_inputs(inputs):
        if kind == "-":
            yield from _read_stream(stdin or sys.stdin, "<stdin>", fallback_date, limit)
        elif path is None:
            continue
        elif kind == UNREADABLE_FOLDER:
            yield InputError(str(path), "unreadable", f"{path}: cannot list this folder ({_listing_error(path)}); "
                             "the files in it were not read")
        elif kind == OUTPUT_FOLDER:
            yield InputError(str(path), "output_folder", f"{path} is an output folder of `newsfacts extract`: its part "
                             "files are records, not articles; give the folder of the input articles")
        elif kind == DUPLICATE:
            yield duplicate_input_error(path)
        elif kind == ".txt":
            yield _read_txt(path, root or path.parent, fallback_date, limit)
        elif kind in (".jsonl", ".jsonl.gz"):
            yield from _read_jsonl_file(path, kind, fallback_date, limit)
        elif not path.exists() and not path.is_symlink():
            yield InputError(str(path), "not_found", f"no such file or folder: {path}")
        else:
            yield InputError(str(path), "unsupported_input",
                             f"{path}: expected a .txt, .jsonl or .jsonl.gz file, a folder, or -")


def _listing_error(path: Path) -> str:
    try:
        with os.scandir(path):  # as the walk tried
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it could not be listed during the walk"


def _file_problem(path: Path) -> InputError | None:
    """Why ``path`` cannot be read as a file without risk (a dangling link, a named pipe that would block the
    run, a device), or None. Never opens the file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return InputError(str(path), "dangling_symlink",
                              f"{path}: a symbolic link to {os.readlink(path)}, which does not exist")
        return InputError(str(path), "not_found", f"no such file or folder: {path}")
    except OSError as exc:
        return InputError(str(path), "unreadable", f"{path}: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else \
            "a socket" if stat.S_ISSOCK(info.st_mode) else "a device or other special file"
        return InputError(str(path), "not_a_regular_file",
                          f"{path}: {what}, not a regular file; not read (reading it could block the run). "
                          "Pipe its lines to `newsfacts extract -` instead")
    return None


def _read_txt(path: Path, root: Path, fallback_date: dt.date | None,
              max_bytes: int | None = None) -> Article | InputError:
    doc_id = path.relative_to(root).with_suffix("").as_posix() if path.is_relative_to(root) else path.stem
    limit = max_bytes or max_record_bytes()
    problem = _file_problem(path)
    if problem is not None:
        problem.doc_id = doc_id
        return problem
    try:
        size = path.stat().st_size
        if size > limit:
            return InputError(str(path), "record_too_large", _too_large(str(path), size, limit), doc_id)
        raw = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), "unreadable", f"{path}: {exc.strerror or exc}", doc_id)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(str(path), "invalid_utf8", f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", doc_id)
    record: dict[str, Any] = {"id": doc_id, "text": text}
    meta_path = path.with_name(path.name[: -len(".txt")] + META_SUFFIX)
    meta_problem = None
    if meta_path.exists() or meta_path.is_symlink():
        meta, meta_problem = _read_meta(meta_path, limit)
        record = {**meta, **record}
    article = make_article(record, str(path), fallback_date)
    if meta_problem and isinstance(article, Article):
        article.warnings.insert(0, ("invalid_meta", meta_problem))
    return article


def _read_meta(path: Path, limit: int) -> tuple[dict[str, Any], str | None]:
    """The fields of a ``.meta.json`` sidecar, or none and why: a bad sidecar costs its fields, not the article."""
    problem = _file_problem(path)
    if problem is not None:
        return {}, f"{problem.message}; the article was read without it"
    try:
        size = path.stat().st_size
        if size > limit:
            return {}, f"{_too_large(str(path), size, limit)}; the article was read without it"
        meta = strict_json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return {}, f"{path}: {exc.strerror or exc}; the article was read without it"
    except UnicodeDecodeError as exc:
        return {}, f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); the article was read without it"
    except json.JSONDecodeError as exc:
        return {}, f"{path}: invalid JSON: {json_error(exc)}; the article was read without it"
    except strict_json.RecordRejected as exc:
        return {}, f"{path}: {exc.message}; the article was read without it"
    if not isinstance(meta, dict):
        return {}, f"{path}: expected a JSON object, got {type(meta).__name__}; the article was read without it"
    return meta, None


def _too_large(where: str, size: int, limit: int) -> str:
    return (f"{where}: a record of {size:,} bytes, over the maximum of {limit:,}; not read (raise "
            f"{MAX_RECORD_ENV} if it is a genuine article)")


class _OverBudget(Exception):
    """A compressed file decompressed to more than it could plausibly hold."""


def _open_jsonl(path: Path, kind: str) -> tuple[IO[bytes], int | None]:
    """A ``.jsonl`` or ``.jsonl.gz`` file opened for reading lines, and how many bytes it may decompress to."""
    if kind == ".jsonl.gz":
        return gzip.open(path, "rb"), max(GZIP_FLOOR_BYTES, path.stat().st_size * MAX_GZIP_RATIO)
    return open(path, "rb"), None


def _lines(handle: IO[bytes], limit: int, budget: int | None = None) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) of a binary stream; a line over ``limit`` bytes is (line number, its size), read
    through in chunks and never held. A byte-order mark before the first line is dropped. Raises
    :class:`_OverBudget` once more than ``budget`` bytes were read."""
    lineno = total = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        total += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = handle.readline(_CHUNK)
                size += len(rest)
                total += len(rest)
                if budget is not None and total > budget:
                    raise _OverBudget(total)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, size - (1 if rest.endswith(b"\n") else 0)
            continue
        if budget is not None and total > budget:
            raise _OverBudget(total)
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        yield lineno, line


def _read_jsonl_file(path: Path, kind: str, fallback_date: dt.date | None,
                     max_bytes: int | None = None) -> Iterator[Article | InputError]:
    limit = max_bytes or max_record_bytes()
    problem = _file_problem(path)
    if problem is not None:
        yield problem
        return
    try:
        handle, budget = _open_jsonl(path, kind)
    except OSError as exc:
        yield InputError(str(path), "unreadable", f"{path}: {exc.strerror or exc}")
        return
    lineno = 0
    with handle:
        try:
            for lineno, line in _lines(handle, limit, budget):
                yield from _parse_bytes(line, f"{path}:{lineno}", fallback_date, limit)
        except _OverBudget:
            where = f"{path}:{lineno + 1}"
            yield InputError(where, "decompression_limit", f"{where}: decompresses to more than {budget:,} bytes "
                             f"({MAX_GZIP_RATIO}× its size); not read further (a gzip bomb?). The {lineno:,} lines "
                             "before were read")
        except (OSError, EOFError, zlib.error) as exc:
            where = f"{path}:{lineno + 1}"
            yield InputError(where, "unreadable", f"{where}: cannot read on from line {lineno + 1} ({exc}); "
                             f"the {lineno:,} lines before were read")


def _read_stream(stream: IO[str], name: str, fallback_date: dt.date | None,
                 limit: int) -> Iterator[Article | InputError]:
    """JSON lines of a stream (stdin), read as bytes with the same bounds as a file."""
    binary = getattr(stream, "buffer", None)
    if binary is None:  # an in-memory text stream (tests, the API): its text is already held
        binary = io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))
    for lineno, line in _lines(binary, limit):
        yield from _parse_bytes(line, f"{name}:{lineno}", fallback_date, limit)


def _parse_bytes(line: bytes | int, where: str, fallback_date: dt.date | None,
                 limit: int) -> Iterator[Article | InputError]:
    if isinstance(line, int):
        yield InputError(where, "record_too_large", _too_large(where, line, limit))
        return
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield InputError(where, "invalid_utf8", f"{where}: not UTF-8 ({exc.reason} at byte {exc.start} of the line)")
        return
    yield from _parse_line(text, where, fallback_date)


def _parse_line(line: str, where: str, fallback_date: dt.date | None) -> Iterator[Article | InputError]:
    if not line.strip():
        return
    try:
        record = strict_json.loads(line.rstrip("\r\n"))  # positions in errors are within the line
    except json.JSONDecodeError as exc:
        yield InputError(where, "invalid_json", f"{where}: invalid JSON: {json_error(exc)}")
        return
    except strict_json.RecordRejected as exc:
        yield InputError(where, exc.code, f"{where}: {exc.message}")
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
