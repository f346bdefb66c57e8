"""The main job: articles in, records out, streaming.

:func:`process` is the library entry point: it takes an iterator of
articles (and input errors) and yields ``(table, record)`` pairs in input
order, one batch of documents in memory at a time. :func:`run` adds the
output folder, the manifest and progress reporting for the CLI.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import SCHEMA_VERSION, __version__
from pipeline.io.articles import Article, InputError
from pipeline.io.writer import RunWriter
from pipeline.records import document_record, error_record, event_records, mention_records, official_records

Record = tuple[str, dict[str, Any]]


def model_label(nlp: Language) -> str:
    """``en_core_web_sm-3.8.0``: the base model's name and version, as recorded with each document."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


def doc_records(article: Article, doc: Doc, model: str) -> list[Record]:
    out: list[Record] = [("documents", document_record(article, doc, model))]
    out += [("mentions", r) for r in mention_records(article.doc_id, doc)]
    out += [("officials", r) for r in official_records(article.doc_id, doc)]
    out += [("events", r) for r in event_records(article.doc_id, doc)]
    return out


def _make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.published_at = article.published_at
    return doc


def _run_batch(nlp: Language, articles: list[Article]) -> list[Doc | Exception]:
    """Process a batch; if it fails, process its documents one by one so only the bad one is lost."""
    try:
        return list(nlp.pipe(_make_doc(nlp, a) for a in articles))
    except Exception:  # noqa: BLE001 - isolate the failing document below
        results: list[Doc | Exception] = []
        for article in articles:
            try:
                results.append(nlp(_make_doc(nlp, article)))
            except Exception as exc:  # noqa: BLE001 - becomes an errors record
                results.append(exc)
        return results


def process(items: Iterable[Article | InputError], nlp: Language, batch_size: int = 16) -> Iterator[Record]:
    """Yield the records of every item, in input order; errors become ``errors`` records."""
    model = model_label(nlp)
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        articles = [item for item in batch if isinstance(item, Article)]
        docs = iter(_run_batch(nlp, articles)) if articles else iter(())
        for item in batch:
            if isinstance(item, InputError):
                yield ("errors", error_record(item))
                continue
            for code, message in item.warnings:
                yield ("errors", error_record(InputError(item.input, code, message, item.doc_id)))
            result = next(docs)
            if isinstance(result, Exception):
                yield ("errors", error_record(InputError(
                    item.input, "processing_failed", f"{type(result).__name__}: {result}", item.doc_id)))
            else:
                yield from doc_records(item, result, model)


@dataclass
class RunSummary:
    run_id: str
    out_dir: Path
    counts: dict[str, int]
    documents_failed: int
    seconds: float
    failures: list[dict[str, Any]] = field(default_factory=list)
    manifest: Path | None = None


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def run(
    items: Iterable[Article | InputError],
    nlp: Language,
    out_dir: Path,
    inputs: list[str],
    batch_size: int = 16,
    on_document: Callable[[str], None] | None = None,
) -> RunSummary:
    """Write every record of ``items`` under ``out_dir`` and a manifest of the run."""
    run_id = new_run_id()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    writer = RunWriter(out_dir, run_id)
    failures: list[dict[str, Any]] = []
    status = "failed"
    try:
        for table, record in process(items, nlp, batch_size):
            writer.write(table, record)
            if table == "errors":
                failures.append(record)
            if table in ("documents", "errors") and on_document is not None and (
                table == "documents" or record["error"] != "invalid_published_at"
            ):
                on_document(table)
        status = "completed"
    finally:
        # records already written are whole documents: keep them even if the run was interrupted
        writer.close()
        seconds = time.perf_counter() - started
        manifest = {
            "run_id": run_id,
            "schema_version": SCHEMA_VERSION,
            "pipeline_version": __version__,
            "model": model_label(nlp),
            "components": list(nlp.pipe_names),
            "inputs": inputs,
            "status": status,
            "started_at": started_at,
            "seconds": round(seconds, 3),
            "counts": dict(writer.counts),
            "failures": failures[:1000],
        }
        path = writer.write_manifest(manifest)
    failed_docs = sum(1 for f in failures if f["error"] != "invalid_published_at")
    return RunSummary(run_id, out_dir, dict(writer.counts), failed_docs, seconds, failures, path)
