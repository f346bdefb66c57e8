"""What a review page shows: the latest records of each document in an output folder, and the texts they point into.

The records are de-duplicated as ``newsfacts load`` does it: a document's rows come from the latest run (run ids
sort in time order) whose ``documents`` part holds it, so a re-processed document is shown once, as last extracted.
``pipeline.warehouse`` does this in SQL while loading, so there is no Python helper to reuse; this is the small
reader for it.

The output does not hold the article texts (``documents`` keeps only ``text_sha256`` and ``chars``), so the texts
are read again from the input the run was made from, and each is checked against its ``text_sha256``: offsets into
a changed text would highlight the wrong words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io.articles import Article
from pipeline.io.layout import part_files, run_id_of
from pipeline.io.readers import missing_inputs, read_articles

RECORD_TABLES = ("mentions", "officials", "events", "attributions")  # a document's rows, besides its documents row


class ReviewError(Exception):
    """A problem the user can fix (wrong folder, unknown document, missing or changed text): a usage error."""


@dataclass
class DocumentRecords:
    """One document's records from the run that wins for it."""

    document: dict[str, Any]
    run_id: str
    mentions: list[dict[str, Any]] = field(default_factory=list)
    officials: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document["doc_id"]


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReviewError(f"{path}:{lineno}: not a JSON record ({exc.msg} at column {exc.colno}); "
                                  "the output folder is damaged") from None
            if not isinstance(record, dict) or "doc_id" not in record:
                raise ReviewError(f"{path}:{lineno}: expected a record with a doc_id; the output folder is damaged")
            yield record


def check_output_folder(out_dir: Path) -> None:
    """Raise :class:`ReviewError` unless ``out_dir`` holds the documents table of at least one finished run."""
    if not out_dir.is_dir():
        raise ReviewError(f"{out_dir} is not a folder; give the --out folder of `newsfacts extract`")
    if not part_files(out_dir, "documents"):
        raise ReviewError(f"{out_dir} is not an extract output folder: it has no documents/part-*.jsonl; "
                          f"run `newsfacts extract --out {out_dir}` first")


def read_latest(out_dir: Path, doc_ids: Iterable[str] | None = None) -> dict[str, DocumentRecords]:
    """The latest records of every document (or of ``doc_ids`` only), in doc_id order.

    Raises :class:`ReviewError` when ``out_dir`` is not an output folder or a wanted doc_id is in none of its runs.
    """
    check_output_folder(out_dir)
    wanted = None if doc_ids is None else set(doc_ids)
    latest: dict[str, DocumentRecords] = {}
    for part in part_files(out_dir, "documents"):  # in run order: a later run replaces an earlier one
        run_id = run_id_of(part)
        for record in _read_jsonl(part):
            if wanted is None or record["doc_id"] in wanted:
                latest[record["doc_id"]] = DocumentRecords(record, run_id)
    missing = sorted((wanted or set()) - set(latest))
    if missing:
        known = sorted({r["doc_id"] for p in part_files(out_dir, "documents") for r in _read_jsonl(p)})
        shown = ", ".join(known[:10]) + (f", … ({len(known)} in all)" if len(known) > 10 else "")
        raise ReviewError(f"unknown doc id {', '.join(map(repr, missing))}: not in {out_dir / 'documents'}; "
                          f"known: {shown}")
    runs = {records.run_id for records in latest.values()}
    for table in RECORD_TABLES:
        for part in part_files(out_dir, table):
            run_id = run_id_of(part)
            if run_id not in runs:
                continue
            for record in _read_jsonl(part):
                owner = latest.get(record["doc_id"])
                if owner is not None and owner.run_id == run_id:
                    getattr(owner, table).append(record)
    return dict(sorted(latest.items()))


def read_texts(inputs: list[str], documents: dict[str, DocumentRecords]) -> dict[str, str]:
    """The text of every document in ``documents``, read from ``inputs`` and checked against its ``text_sha256``.

    Raises :class:`ReviewError` when a document is not in the input or its text there has changed.
    """
    absent = missing_inputs(inputs)
    if absent:
        raise ReviewError(f"no such input file or folder: {', '.join(absent)}")
    texts: dict[str, str] = {}
    changed: dict[str, str] = {}
    for item in read_articles(inputs):
        if not isinstance(item, Article) or item.doc_id not in documents or item.doc_id in texts:
            continue
        expected = documents[item.doc_id].document.get("text_sha256")
        if item.text_sha256 == expected:
            texts[item.doc_id] = item.text
            changed.pop(item.doc_id, None)
        else:
            changed[item.doc_id] = f"{item.input} has sha256 {item.text_sha256[:12]}…, the output {str(expected)[:12]}…"
    shown_inputs = ", ".join(inputs)
    if changed:
        details = "; ".join(f"{doc_id}: {why}" for doc_id, why in sorted(changed.items()))
        raise ReviewError(f"the text of {len(changed)} document(s) in the input differs from the one extracted "
                          f"({details}); pass the input the run was made from with --input, or extract again")
    missing = sorted(set(documents) - set(texts))
    if missing:
        listed = ", ".join(missing[:10]) + (f", … ({len(missing)} in all)" if len(missing) > 10 else "")
        raise ReviewError(f"no text for {listed} in the input ({shown_inputs}); the output does not keep texts, "
                          "so pass the files the run was made from with --input")
    return texts
