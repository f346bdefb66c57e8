"""The main job: articles in, records out — streaming, incremental, resumable, parallel.

:func:`process` is the library entry point: it takes an iterator of articles
(and input errors) and yields ``(table, record)`` pairs in input order, one
batch of documents in memory at a time. :func:`run` adds the output folder,
the run state (skip unchanged documents, survive being killed), worker
processes and the manifest.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import itertools
import os
import signal
import sqlite3
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import SCHEMA_VERSION, __version__
from pipeline.annotations import MENTIONS, release
from pipeline.io import layout
from pipeline.io.articles import WARNINGS, Article, InputError, duplicate_doc_error
from pipeline.io.fingerprint import config_fingerprint
from pipeline.io.lock import OutputLocked, lock_output
from pipeline.io.state import NEW, DocKey, RunState, StateUnreadable
from pipeline.io.writer import TABLES, RunWriter
from pipeline.records import (
    ByteOffsets,
    attribution_records,
    document_record,
    error_record,
    event_records,
    mention_records,
    official_records,
    sentence_count,
)

Record = tuple[str, dict[str, Any]]
# Articles longer than this are processed in pieces cut at paragraph breaks (the model's working
# memory grows with the length of a doc); offsets are shifted back and people's names are
# canonicalised across the pieces, so records are as if the article were one doc.
PIECE_CHARS = 20_000
# Texts go through the model in groups of at most this many characters: the model's working memory
# grows with the text in flight (about 5 MB per 1,000 characters with en_core_web_sm), so bounding it
# keeps peak memory flat whatever the mix of lengths. Measured on news-large: 10,000 characters
# (about 5 articles) cost 1 % in speed against 20,000 and 55 MB of working memory instead of 90.
GROUP_CHARS = 10_000


def label_from_meta(meta: dict[str, Any]) -> str:
    """``en_core_web_sm-3.8.0``: a spaCy pipeline's name and version from its meta, as recorded with each document."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


def model_label(nlp: Language) -> str:
    """The label of the base model ``nlp`` was built on."""
    return label_from_meta(nlp.meta)


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``limit`` characters, cut at a paragraph break, else a line
    break, else a sentence end, else whitespace."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, limit // 2)
            if cut != -1:
                cut += len(sep)
                break
        if cut <= 0:
            cut = limit
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


def doc_records(article: Article, pieces: list[tuple[int, Doc]] | Doc, model: str) -> list[Record]:
    """The records of one article, from its doc (or the docs of its pieces, with their offsets)."""
    if isinstance(pieces, Doc):
        pieces = [(0, pieces)]
    to_bytes = ByteOffsets(article.text)
    out: list[Record] = [("documents", document_record(article, pieces, model))]
    sentence_base = 0
    for offset, doc in pieces:
        out += [("mentions", r) for r in mention_records(article.doc_id, doc, offset, to_bytes, sentence_base)]
        sentence_base += sentence_count(doc)
    for offset, doc in pieces:
        out += [("officials", r) for r in official_records(article.doc_id, doc, offset)]
    for offset, doc in pieces:
        out += [("events", r) for r in event_records(article.doc_id, doc, offset)]
    for offset, doc in pieces:
        out += [("attributions", r) for r in attribution_records(article.doc_id, doc, offset)]
        release(doc)  # every table of this piece is serialised
    return out


def _make_doc(nlp: Language, text: str, article: Article) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published_at = article.published_at
    return doc


def _article_records(nlp: Language, article: Article, model: str) -> list[Record]:
    spans = split_pieces(article.text)
    # one piece at a time: the pieces exist to bound the text the model holds at once
    docs = list(nlp.pipe((_make_doc(nlp, article.text[s:e], article) for s, e in spans), batch_size=1))
    if len(docs) > 1 and MENTIONS in nlp.pipe_names:  # the component is named after the span group it writes
        nlp.get_pipe(MENTIONS).unify_people(docs)
    return doc_records(article, [(s, doc) for (s, _), doc in zip(spans, docs)], model)


def _char_groups(articles: list[Article], budget: int = GROUP_CHARS) -> Iterator[list[Article]]:
    group: list[Article] = []
    size = 0
    for article in articles:
        if group and size + len(article.text) > budget:
            yield group
            group, size = [], 0
        group.append(article)
        size += len(article.text)
    if group:
        yield group


def model_groups(batch: list[Article | InputError]) -> list[list[Article]]:
    """The groups in which :func:`process_batch` gives a batch's articles to the model: the articles short
    enough to be one doc (longer ones go in pieces, one at a time), in groups of :data:`GROUP_CHARS`."""
    short = [item for item in batch if isinstance(item, Article) and len(item.text) <= PIECE_CHARS]
    return list(_char_groups(short))


def process_batch(nlp: Language, batch: list[Article | InputError], model: str | None = None) -> list[Record]:
    """The records of a batch, in input order. A failing article costs only itself."""
    model = model or model_label(nlp)
    out: list[Record] = []
    articles = [item for item in batch if isinstance(item, Article)]
    results: dict[int, list[Record] | Exception] = {}
    with nlp.memory_zone():
        for group in model_groups(batch):
            try:
                for article, doc in zip(group, nlp.pipe(_make_doc(nlp, a.text, a) for a in group)):
                    results[id(article)] = doc_records(article, doc, model)
            except Exception:  # noqa: BLE001 - redo one by one below, so only the bad article is lost
                for article in group:
                    results.pop(id(article), None)
        for article in articles:
            if id(article) in results:
                continue
            try:
                results[id(article)] = _article_records(nlp, article, model)
            except Exception as exc:  # noqa: BLE001 - becomes an errors record
                results[id(article)] = exc
    for item in batch:
        if isinstance(item, InputError):
            out.append(("errors", error_record(item)))
            continue
        for code, message in item.warnings:
            out.append(("errors", error_record(InputError(item.input, code, message, item.doc_id))))
        result = results[id(item)]
        if isinstance(result, Exception):
            out.append(("errors", error_record(InputError(
                item.input, "processing_failed", f"{type(result).__name__}: {result}", item.doc_id))))
        else:
            out.extend(result)
    return out


def process(items: Iterable[Article | InputError], nlp: Language, batch_size: int = 16) -> Iterator[Record]:
    """Yield the records of every item, in input order; errors become ``errors`` records."""
    model = model_label(nlp)
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        yield from process_batch(nlp, batch, model)


# --- worker processes -------------------------------------------------------------------------

_WORKER_NLP: Language | None = None
WORKER_DIED = "worker_died"  # errors code of the documents of a batch whose worker died on it twice


def _quiet_worker() -> None:
    """Signals are the parent's to handle: Ctrl-C reaches the whole process group, and the parent stops the
    workers itself; a forked worker must not run the parent's SIGTERM handler or hold its folder lock."""
    import signal

    from pipeline.io.lock import close_inherited

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    close_inherited()


def _init_worker(model: str | None) -> None:
    global _WORKER_NLP
    from pipeline.nlp import build_pipeline

    _quiet_worker()
    _WORKER_NLP = build_pipeline(model)


def _work(batch: list[Article | InputError]) -> list[Record]:
    assert _WORKER_NLP is not None
    return process_batch(_WORKER_NLP, batch)


def lost_batch_records(batch: list[Article | InputError]) -> list[Record]:
    """The records of a batch no worker could process: an ``errors`` row per document (input errors keep
    their own row), so the run goes on and a later run tries these documents again."""
    out: list[Record] = []
    for item in batch:
        if isinstance(item, InputError):
            out.append(("errors", error_record(item)))
        else:
            out.append(("errors", error_record(InputError(
                item.input, WORKER_DIED, f"the worker process died twice on this document's batch of {len(batch)} "
                "(killed, e.g. by the out-of-memory killer); the batch is recorded as failed", item.doc_id))))
    return out


class _LazyPipeline:
    """The pipeline, built on first use."""

    def __init__(self, nlp: Language | None, model: str | None) -> None:
        self.loaded = nlp
        self.model = model

    def get(self) -> Language:
        if self.loaded is None:
            from pipeline.nlp import build_pipeline

            self.loaded = build_pipeline(self.model)
            # The pipeline lives as long as the run: its hundreds of thousands of objects leave the garbage
            # collector's care, so full collections stop walking them, and forked workers do not copy the
            # pages the collector would otherwise touch.
            gc.freeze()
        return self.loaded


def _stop_pool(pool: Any, kill: bool) -> None:
    """Shut a process pool down; ``kill`` stops busy workers first (an interrupted or failed run)."""
    if kill:
        # the executor has no public way to stop a busy worker
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def split_at_groups(batch: list[Article | InputError]) -> list[list[Article | InputError]]:
    """The batch cut where :func:`process_batch` starts a new model group (:func:`model_groups`), so that
    each part holds one group: processed alone, a part gives the records it gives inside the whole batch,
    because the model sees the same texts together (its arithmetic may differ with what a batch holds)."""
    starts = {id(group[0]) for group in model_groups(batch)[1:]}
    parts: list[list[Article | InputError]] = [[]]
    for item in batch:
        if id(item) in starts:
            parts.append([])
        parts[-1].append(item)
    return parts


def _batches_in_parallel(batches: Iterator[list[Article | InputError]], workers: int, model: str | None,
                         pipeline: _LazyPipeline) -> Iterator[tuple[list[Article | InputError], list[Record]]]:
    """Batches processed by ``workers`` processes, yielded whole and in input order.

    The workers are given parts of batches (:func:`split_at_groups`, about five articles each), not whole
    batches: a run ends when its slowest worker does, and with batches of 16 the last one could leave a
    worker idle for a second while the other finishes it."""
    cut: deque[tuple[list[Article | InputError], int]] = deque()  # batches in flight, with their number of parts

    def parts() -> Iterator[list[Article | InputError]]:
        for batch in batches:
            pieces = split_at_groups(batch)
            cut.append((batch, len(pieces)))
            yield from pieces

    records: list[Record] = []
    got = 0
    done = _parts_in_parallel(parts(), workers, model, pipeline)
    try:
        for _, part_records in done:
            records.extend(part_records)
            got += 1
            batch, count = cut[0]
            if got == count:
                cut.popleft()
                yield batch, records
                records, got = [], 0
    finally:
        done.close()  # stops the workers of an unfinished run


def _parts_in_parallel(batches: Iterator[list[Article | InputError]], workers: int, model: str | None,
                       pipeline: _LazyPipeline) -> Iterator[tuple[list[Article | InputError], list[Record]]]:
    """Parts processed by ``workers`` processes, yielded in input order, with a bounded number in flight
    (so that reading stays lazy and memory flat).

    A worker that dies (``kill -9``, the out-of-memory killer) breaks the pool and every part in flight:
    a new pool runs those parts again one at a time, so a part that kills its worker again is known;
    its documents become ``errors`` rows (:data:`WORKER_DIED`) and the run goes on.

    Where the platform forks, the workers inherit the pipeline already loaded here (no second load, pages
    shared); elsewhere each worker loads its own."""
    import multiprocessing as mp
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _WORKER_NLP
    first = next(batches, None)
    if first is None:
        return  # nothing to do: no pool, no model
    batches = itertools.chain([first], batches)
    if "fork" in mp.get_all_start_methods():
        _WORKER_NLP = pipeline.get()
        ctx = mp.get_context("fork")
        init: tuple[Callable[..., None], tuple[Any, ...]] = (_quiet_worker, ())
    else:
        ctx = mp.get_context("spawn")
        init = (_init_worker, (model,))

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=init[0], initargs=init[1])

    def submit(batch: list[Article | InputError]) -> Future:
        try:
            return pool.submit(_work, batch)
        except BrokenProcessPool as exc:  # a worker died since the last look: handled with the others
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    pool = new_pool()
    pending: deque[tuple[list[Article | InputError], Future, bool]] = deque()  # (batch, result, running alone)
    again: deque[list[Article | InputError]] = deque()  # batches in flight when a worker died, to run alone
    finished = False
    try:
        while True:
            if again:
                if not pending:
                    batch = again.popleft()
                    pending.append((batch, submit(batch), True))
            elif not (pending and pending[0][2]):  # a batch running alone runs alone to the end
                while len(pending) < 2 * workers and (batch := next(batches, None)) is not None:
                    pending.append((batch, submit(batch), False))
            if not pending:
                break
            batch, result, alone = pending[0]
            try:
                records = result.result()
            except BrokenProcessPool:
                _stop_pool(pool, kill=True)
                pool = new_pool()
                if alone:  # it broke the pool on its own, for the second time
                    pending.popleft()
                    yield batch, lost_batch_records(batch)
                else:
                    again.extend(b for b, _, _ in pending)
                    pending.clear()
                continue
            pending.popleft()
            yield batch, records
        finished = True
    finally:
        _stop_pool(pool, kill=not finished)


# --- runs ---------------------------------------------------------------------------------------

@dataclass
class RunSummary:
    """What a run did. Every input record is exactly one of processed, skipped or failed; the errors table
    got one row per failed record plus one per warning on a processed document (``warned`` documents)."""

    run_id: str
    out_dir: Path
    counts: dict[str, int]
    processed: int
    skipped: int
    documents_failed: int
    seconds: float
    failures: list[dict[str, Any]] = field(default_factory=list)  # every errors row of the run (failures and warnings)
    recovered: list[str] = field(default_factory=list)
    manifest: Path | None = None
    warned: int = 0  # processed documents with at least one warning row
    reprocessed: dict[str, int] = field(default_factory=dict)  # why done documents were processed again → how many


def new_run_id(now: dt.datetime | None = None, after: str | None = None) -> str:
    """A run id that sorts after ``after`` (the folder's latest run), so that sorted part files are in run
    order even for runs started within the same second."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if after is not None:
        latest = dt.datetime.strptime(after[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
        if now.replace(microsecond=0) <= latest:
            now = latest + dt.timedelta(seconds=1)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def latest_run_id(out_dir: Path) -> str | None:
    """The latest run id recorded in ``out_dir`` (manifests and part files), if any."""
    names = [p.stem for p in (out_dir / layout.RUNS_DIR).glob("*.json")]
    names += [layout.run_id_of(part) for table in TABLES for part in layout.part_files(out_dir, table)]
    return max(names, default=None)


@dataclass(frozen=True)
class RunKey:
    """The parts of a :class:`DocKey` that are the same for every document of a run."""

    model: str
    pipeline_version: str
    config_sha256: str

    def doc_key(self, article: Article) -> DocKey:
        return DocKey(article.text_sha256, article.published_key, article.record_sha256,
                      self.model, self.pipeline_version, self.config_sha256)


FULL = "--full given"  # the re-processing reason of an unchanged document in a --full run


def _select_work(items: Iterable[Article | InputError], state: RunState | None, run_key: RunKey, full: bool,
                 counters: dict[str, int], reasons: dict[str, str],
                 on_document: Callable[[str], None] | None) -> Iterator[Article | InputError]:
    """The items to process: duplicates become errors, unchanged documents are skipped (counted, and shown
    as progress), and each document processed again gets its reason in ``reasons``."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Article):
            if item.doc_id in seen:
                yield duplicate_doc_error(item)
                continue
            seen.add(item.doc_id)
            if state is not None:
                change = state.change(item.doc_id, run_key.doc_key(item))
                if change is None and not full:
                    counters["skipped"] += 1
                    if on_document:
                        on_document("skipped")
                    continue
                if change != NEW:
                    reasons[item.doc_id] = change or FULL
        yield item


class FatalRunError(Exception):
    """A condition that stops every record (no space, no permission, an unusable run state): the run stops,
    keeping what it committed. The message says what happened and what to do."""


class RunTerminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a terminated run ends as an interrupted one does."""

    signal = signal.SIGTERM


def _raise_terminated(signum: int, frame: Any) -> None:
    raise RunTerminated()


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`RunTerminated` (only the main thread may set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def fatal_message(exc: BaseException, out_dir: Path) -> str:
    """What stopped the run, where, and what to do, for an error that stops every record."""
    kept = "the documents committed so far are kept, and a run started again skips them"
    if isinstance(exc, StateUnreadable):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "full" in text:
            return f"no space left for the run state {layout.state_path(out_dir)} ({text}); free space and run again: {kept}"
        if "readonly" in text or "unable to open" in text:
            return (f"cannot write the run state {layout.state_path(out_dir)} ({text}); make {out_dir} writable "
                    f"or give another --out: {kept}")
        return f"the run state {layout.state_path(out_dir)} failed ({text}): {kept}"
    if isinstance(exc, OSError):
        where = exc.filename or out_dir
        reason = exc.strerror or str(exc)
        if exc.errno in _NO_SPACE:
            return f"no space left on the device writing {where} ({reason}); free space and run again: {kept}"
        if exc.errno in _NO_PERMISSION:
            return (f"cannot write to the output folder {out_dir}: {reason}: {where}; make it writable or give "
                    f"another --out: {kept}")
        return f"cannot write to the output folder {out_dir}: {reason}: {where}: {kept}"
    return f"{type(exc).__name__}: {exc}"


def run(
    items: Iterable[Article | InputError],
    nlp: Language | None,
    out_dir: Path,
    inputs: list[str],
    batch_size: int = 16,
    on_document: Callable[[str], None] | None = None,
    workers: int = 1,
    full: bool = False,
    model: str | None = None,
    incremental: bool = True,
    wait: bool = False,
    on_wait: Callable[[OutputLocked], None] | None = None,
) -> RunSummary:
    """Write the records of ``items`` under ``out_dir``; skip documents already done (unless ``full``).

    A document is done when its :class:`DocKey` (text, effective date, record fields, model, pipeline
    version, config and data) matches the one stored when it was last processed. ``nlp`` None builds the
    pipeline for ``model`` on first use, so a re-run with nothing new to do never loads it. With
    ``workers > 1`` the batches run in that many processes and the output is identical to one worker's,
    in the same order. ``on_document`` is called once per input record: "documents", "skipped" or "errors".

    One run at a time holds ``out_dir``: another raises :class:`OutputLocked`, unless ``wait`` (then it
    calls ``on_wait`` and waits its turn). However the run ends (normally, an exception, Ctrl-C, SIGTERM),
    the part files renamed into place hold exactly what the run state committed. Conditions that stop
    every record (no space, no permission, an unusable run state) raise :class:`FatalRunError`.
    """
    try:
        with lock_output(out_dir, wait, on_wait) as claim, _sigterm_interrupts():
            run_id = new_run_id(after=latest_run_id(out_dir))
            claim(run_id)
            return _run_locked(run_id, items, nlp, out_dir, inputs, batch_size, on_document, workers, full, model,
                               incremental)
    except (OSError, sqlite3.Error, StateUnreadable) as exc:
        raise FatalRunError(fatal_message(exc, out_dir)) from exc


def _run_locked(run_id: str, items: Iterable[Article | InputError], nlp: Language | None, out_dir: Path,
                inputs: list[str], batch_size: int, on_document: Callable[[str], None] | None, workers: int,
                full: bool, model: str | None, incremental: bool) -> RunSummary:
    pipeline = _LazyPipeline(nlp, model)  # a re-run with nothing new never loads the model
    label = model_label(nlp) if nlp is not None else _model_label_for(model)
    run_key = RunKey(label, __version__, config_fingerprint())
    state = RunState(out_dir) if incremental else None
    recovered = state.recover(out_dir, TABLES) if state else []
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    writer = RunWriter(out_dir, run_id)
    if state:
        state.start_run(run_id)
    # counters and failures are those of committed batches: an interrupted run reports what it kept
    counters = {"skipped": 0, "processed": 0, "failed": 0, "warned": 0}
    reasons: dict[str, str] = {}
    reprocessed: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    synced: dict[str, int] = {}  # the committed part lengths of a run without state
    status = "failed"
    work = _select_work(items, state, run_key, full, counters, reasons, on_document)
    batches = iter(lambda: list(islice(work, batch_size)), [])
    if workers > 1:
        results: Iterator[tuple[list[Article | InputError], list[Record]]] = \
            _batches_in_parallel(batches, workers, model, pipeline)
    else:
        results = ((batch, process_batch(pipeline.get(), batch, label)) for batch in batches)
    try:
        for batch, records in results:
            done: list[tuple[str, DocKey]] = []
            failed_ids = set()
            warned_ids = set()
            batch_failures: list[dict[str, Any]] = []
            for table, record in records:
                writer.write(table, record)
                if table == "errors":
                    batch_failures.append(record)
                    if record["error"] in WARNINGS:
                        warned_ids.add((record["input"], record["doc_id"]))
                    else:
                        failed_ids.add((record["input"], record["doc_id"]))  # an input error of the same file has no doc_id
                        if on_document:
                            on_document("errors")
                elif table == "documents" and on_document:
                    on_document("documents")
            batch_reasons: list[str] = []
            warned = 0
            for item in batch:
                if not isinstance(item, Article):
                    continue
                reason = reasons.pop(item.doc_id, None)
                if (item.input, item.doc_id) in failed_ids:
                    continue
                done.append((item.doc_id, run_key.doc_key(item)))
                warned += (item.input, item.doc_id) in warned_ids
                if reason:
                    batch_reasons.append(reason)
            sizes = writer.sync()
            if state:
                state.commit(run_id, done, sizes)
            else:
                synced = sizes
            counters["processed"] += len(done)
            counters["failed"] += sum(1 for r in batch_failures if r["error"] not in WARNINGS)
            counters["warned"] += warned
            reprocessed.update(batch_reasons)
            failures += batch_failures
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        if hasattr(results, "close"):
            results.close()  # stops the worker processes of an unfinished run
        ending = status != "completed"  # an exception is on its way: clean-up must not replace it
        try:
            committed = state.committed_bytes(run_id) if state else synced
        except sqlite3.Error:
            if not ending:
                raise
            committed = None  # unknown: the temporary parts stay, and the next start recovers them
        if committed is not None:
            writer.close(committed)
        path: Path | None = None
        try:
            if state:
                state.finish_run(run_id, status if committed is not None else "running")
                state.close()
            seconds = time.perf_counter() - started
            manifest = {
                "run_id": run_id,
                "schema_version": SCHEMA_VERSION,
                "pipeline_version": __version__,
                "model": label,
                "config_sha256": run_key.config_sha256,
                "components": list(pipeline.loaded.pipe_names) if pipeline.loaded is not None else None,
                "inputs": inputs,
                "status": status,
                "workers": workers,
                "full": full,
                "started_at": started_at,
                "seconds": round(seconds, 3),
                "documents": {"processed": counters["processed"], "skipped": counters["skipped"],
                              "failed": counters["failed"], "warned": counters["warned"],
                              "reprocessed": dict(sorted(reprocessed.items()))},
                "counts": dict(writer.counts),
                "recovered_runs": recovered,
                "failures": failures[:1000],
            }
            path = writer.write_manifest(manifest)
        except (OSError, sqlite3.Error):
            if not ending:
                raise
    return RunSummary(run_id, out_dir, dict(writer.counts), counters["processed"], counters["skipped"],
                      counters["failed"], seconds, failures, recovered, path, counters["warned"],
                      dict(sorted(reprocessed.items(), key=lambda kv: (-kv[1], kv[0]))))


SHOWN_ERRORS = 10  # errors rows printed after the summary line; the rest are in the errors table


def summary_lines(summary: RunSummary, out: Path) -> list[tuple[str, bool]]:
    """The run summary for people, as (line, is_a_problem) pairs: counts that add up (every input record is
    processed, skipped or failed; errors rows = failed records + warnings on processed documents), why
    documents were processed again, then the first errors rows with their file and line."""
    counts = summary.counts
    warned = f" ({summary.warned} with warnings)" if summary.warned else ""
    lines = [(f"{summary.processed} processed{warned}, {summary.skipped} skipped (unchanged), "
              f"{summary.documents_failed} failed in {summary.seconds:.1f}s: {counts['mentions']} mentions, "
              f"{counts['officials']} officials, {counts['events']} events → {out} (run {summary.run_id})", False)]
    lines += [(f"{n} re-processed: {reason}", False) for reason, n in summary.reprocessed.items()]
    if summary.recovered:
        lines.append((f"recovered the output of interrupted run(s): {', '.join(summary.recovered)}", False))
    for row in summary.failures[:SHOWN_ERRORS]:
        message = row["message"].removeprefix(f"{row['input']}: ")
        kind = " (warning; the document was processed)" if row["error"] in WARNINGS else ""
        lines.append((f"  {row['input']}: {row['error']}{kind}: {message}", True))
    if len(summary.failures) > SHOWN_ERRORS:
        lines.append((f"  … {len(summary.failures) - SHOWN_ERRORS} more in {out / 'errors'}", False))
    return lines


def _model_label_for(model: str | None) -> str:
    """The model label without building the whole pipeline (for multi-process runs)."""
    import spacy

    from pipeline.nlp import resolve_model_name

    name = resolve_model_name(model)
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(name)) if spacy.util.is_package(name) else \
        spacy.util.load_meta(Path(name) / "meta.json")
    return label_from_meta(meta)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
