"""``newsfacts bench``: our pipeline against bare spaCy on the same texts, in one run.

Each variant runs in a fresh child process (so each has its own peak memory),
and the variants alternate over several rounds so that drift in the shared
machine's speed hits both alike. Throughput is words (whitespace-separated)
per second of ``nlp.pipe`` time, model loading excluded.

With ``--workers N`` (:func:`measure_workers`), the bench instead times what a user of ``newsfacts extract
--workers N`` waits for: :func:`pipeline.extract.run` with N worker processes against 1, on the same
articles, into a temporary output folder. Each run is a fresh process, timed by the wall clock from its
start (interpreter, imports, model load in each worker) to its last record committed, so start-up costs
count as they do for the CLI; the two alternate round by round and the median is reported. Bare spaCy's
own ``nlp.pipe(n_process=N)`` against ``n_process=1`` is timed the same way in the same rounds, as the
yardstick of what two processes give a spaCy user.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# "spacy" is the bare base model as spaCy loads it; "spacy-numpy" the same with the pipeline's matrix backend
# (pipeline/matmul.py), so the share of the speed that is only the backend shows; the others are
# models/pipeline.cfg's pipeline, less the components in LEFT_OUT
VARIANTS = ("spacy", "spacy-numpy", "newsfacts", "no-events", "no-normalisation")
BARE = ("spacy", "spacy-numpy")
LEFT_OUT = {"no-events": ("news_events",)}
NORMALISATION_OFF = {"news_dates": {"normalise": False}, "news_figures": {"normalise": False}}


@dataclass
class Measurement:
    variant: str
    round: int
    seconds: float
    words: int
    docs: int
    peak_rss_mb: float

    @property
    def wps(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _worker(variant: str, model: str | None, texts: list[str], batch_size: int, queue: Any) -> None:
    from pipeline.extract import process_batch
    from pipeline.io.articles import Article
    from pipeline.nlp import build_pipeline, load_base, pipeline_config

    if variant in BARE:
        nlp = load_base(model)  # the model exactly as spaCy loads it
        if variant == "spacy-numpy":
            from pipeline.matmul import use_configured_matmul

            use_configured_matmul(nlp, pipeline_config()["nlp"])
    else:
        left_out = LEFT_OUT.get(variant, ())
        components = [c for c in pipeline_config()["nlp"]["components"] if c not in left_out] if left_out else None
        overrides = NORMALISATION_OFF if variant == "no-normalisation" else None
        nlp = build_pipeline(model, components=components, overrides=overrides)
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    if variant in BARE:
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    else:
        # exactly what `newsfacts extract` does per batch (memory zones, bounded groups, records)
        articles = [Article(str(i), text, "bench") for i, text in enumerate(texts)]
        for start_at in range(0, len(articles), batch_size):
            process_batch(nlp, articles[start_at:start_at + batch_size], "bench")
    seconds = time.perf_counter() - started
    queue.put((seconds, words, len(texts), _peak_rss_mb()))


def measure(texts: list[str], variants: list[str], rounds: int, model: str | None, batch_size: int = 16,
            progress: Any = None) -> list[Measurement]:
    ctx = mp.get_context("spawn")
    results: list[Measurement] = []
    for r in range(rounds):
        order = variants if r % 2 == 0 else list(reversed(variants))
        for variant in order:
            queue = ctx.Queue()
            proc = ctx.Process(target=_worker, args=(variant, model, texts, batch_size, queue))
            proc.start()
            seconds, words, docs, peak = queue.get()
            proc.join()
            results.append(Measurement(variant, r, seconds, words, docs, peak))
            if progress:
                progress(results[-1])
    return results


def summarise(results: list[Measurement], baseline: str = "spacy") -> list[dict[str, Any]]:
    """Median words/s per variant, its ratio to the baseline's, and the highest peak memory."""
    by_variant: dict[str, list[Measurement]] = {}
    for m in results:
        by_variant.setdefault(m.variant, []).append(m)
    base = statistics.median(m.wps for m in by_variant.get(baseline, [])) if baseline in by_variant else None
    rows = []
    for variant, ms in by_variant.items():
        wps = statistics.median(m.wps for m in ms)
        rows.append({
            "variant": variant, "rounds": len(ms), "docs": ms[0].docs, "words": ms[0].words,
            "words_per_second": round(wps, 1), "ratio_to_spacy": round(wps / base, 3) if base else None,
            "peak_rss_mb": round(max(m.peak_rss_mb for m in ms), 1),
        })
    return rows


# --- worker processes: `newsfacts extract --workers N` against --workers 1 ---------------------------

RSS_DIR_ENV = "NEWSFACTS_BENCH_RSS_DIR"  # where each pool worker notes its peak memory (a file named by its pid)
_original_work: Any = None  # pipeline.extract._work, kept when a forked bench run wraps it


@dataclass
class RunMeasurement:
    """One timed ``extract.run``: wall-clock seconds from the fresh process's start to the run's end, and
    the peak memory summed over its processes (the run's own and each pool worker's)."""

    workers: int
    round: int
    seconds: float
    words: int
    docs: int
    failed: int
    peak_rss_mb: float
    processes: int
    load: float  # the machine's 1-minute load average when the run ended: other work on the cores slows both
    cpu_seconds: float = 0.0  # user + system time of the run's processes: cpu_seconds / seconds = cores kept busy
    pipeline: str = "newsfacts"  # or "spacy": bare spaCy's nlp.pipe(n_process=workers)

    @property
    def wps(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _noting_work(batch: list[Any]) -> list[Any]:
    """``extract._work``, then a note of this worker's peak memory: a pool worker's memory is otherwise
    invisible to the process that started it (``RUSAGE_CHILDREN`` gives the largest child, not the sum)."""
    from pipeline import extract

    records = (_original_work or extract._work)(batch)  # spawned workers import an unwrapped extract
    rss_dir = os.environ.get(RSS_DIR_ENV)
    if rss_dir:
        Path(rss_dir, str(os.getpid())).write_text(f"{_peak_rss_mb()}\n")
    return records


def _run_worker(workers: int, model: str | None, articles: list[Any], batch_size: int, queue: Any) -> None:
    """One ``newsfacts extract --workers N`` run, as the CLI does it (same function, fresh output folder)."""
    global _original_work
    import tempfile

    from pipeline import extract

    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        rss_dir = Path(tmp, "rss")
        rss_dir.mkdir()
        os.environ[RSS_DIR_ENV] = str(rss_dir)
        if workers > 1:
            _original_work, extract._work = extract._work, _noting_work
        summary = extract.run(iter(articles), None, Path(tmp, "out"), ["bench"], batch_size, workers=workers,
                              model=model)
        worker_peaks = [float(p.read_text()) for p in rss_dir.iterdir()]
        queue.put((summary.processed, summary.documents_failed, _peak_rss_mb() + sum(worker_peaks),
                   1 + len(worker_peaks)))


def _children_cpu_seconds() -> float:
    """CPU time of the waited-for descendants (a run's pool workers are counted once its process is joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _spacy_run_worker(workers: int, model: str | None, articles: list[Any], batch_size: int, queue: Any) -> None:
    """Bare spaCy's own parallel pipe: the base model as spaCy loads it, ``nlp.pipe(n_process=workers)``.
    Its peak memory is this process's only: spaCy's worker processes are not counted."""
    from pipeline.nlp import load_base

    nlp = load_base(model)
    docs = sum(1 for _ in nlp.pipe((a.text for a in articles), batch_size=batch_size, n_process=workers))
    queue.put((docs, 0, _peak_rss_mb(), workers))


PIPELINES = {"newsfacts": _run_worker, "spacy": _spacy_run_worker}


class BenchRunFailed(RuntimeError):
    """A timed run's process ended without a result (its traceback is above, on stderr)."""


def measure_workers(articles: list[Any], workers: int, rounds: int, model: str | None, batch_size: int = 16,
                    progress: Any = None, pipelines: tuple[str, ...] = ("newsfacts", "spacy")) -> list[RunMeasurement]:
    """``workers`` worker processes against 1 on the same articles, for newsfacts and for bare spaCy,
    alternating which goes first each round."""
    import queue as queues

    ctx = mp.get_context("spawn")  # a fresh interpreter per run, as a new `newsfacts extract` is
    words = sum(len(a.text.split()) for a in articles)
    results: list[RunMeasurement] = []
    for r in range(rounds):
        order = [(p, n) for p in pipelines for n in (1, workers)]
        for pipeline, n in order if r % 2 == 0 else order[::-1]:
            queue = ctx.Queue()
            proc = ctx.Process(target=PIPELINES[pipeline], args=(n, model, articles, batch_size, queue))
            cpu_before = _children_cpu_seconds()
            started = time.perf_counter()
            proc.start()
            while True:
                try:
                    processed, failed, peak, processes = queue.get(timeout=1)
                    break
                except queues.Empty:
                    if not proc.is_alive():
                        raise BenchRunFailed(f"the {pipeline} run with {n} workers of round {r + 1} ended "
                                             f"without a result (exit code {proc.exitcode})") from None
            seconds = time.perf_counter() - started
            proc.join()
            results.append(RunMeasurement(n, r, seconds, words, processed, failed, peak, processes,
                                          os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0,
                                          _children_cpu_seconds() - cpu_before, pipeline))
            if progress:
                progress(results[-1])
    return results


def summarise_workers(results: list[RunMeasurement]) -> list[dict[str, Any]]:
    """Median seconds and words/s per pipeline and number of workers, the speed-up over the same pipeline
    with 1 worker (a ratio of medians), and the highest summed peak memory."""
    by_run: dict[tuple[str, int], list[RunMeasurement]] = {}
    for m in results:
        by_run.setdefault((m.pipeline, m.workers), []).append(m)
    rows = []
    for (pipeline, workers), ms in sorted(by_run.items(), key=lambda item: (item[0][0] != "newsfacts", item[0])):
        one = by_run.get((pipeline, 1))
        base = statistics.median(m.wps for m in one) if one else None
        wps = statistics.median(m.wps for m in ms)
        rows.append({
            "pipeline": pipeline, "workers": workers, "rounds": len(ms), "docs": ms[0].docs, "failed": ms[0].failed, "words": ms[0].words,
            "seconds": round(statistics.median(m.seconds for m in ms), 2), "words_per_second": round(wps, 1),
            "speed_up": round(wps / base, 3) if base else None,
            "peak_rss_mb": round(max(m.peak_rss_mb for m in ms), 1), "processes": max(m.processes for m in ms),
            "cpu_seconds": round(statistics.median(m.cpu_seconds for m in ms), 2),
        })
    return rows


def workers_table(rows: list[dict[str, Any]], rounds: int) -> list[str]:
    """The ``--workers`` summary for people: one line per number of workers, then what the memory column sums."""
    lines = [f"{rows[0]['docs']} articles, {rows[0]['words']} words, {rounds} rounds (median); wall clock from a fresh "
             "process, start-up included",
             f"{'pipeline':<10} {'workers':<8} {'seconds':>8} {'words/s':>9} {'speed-up':>9} {'peak MB':>8}"]
    for row in rows:
        speed_up = f"{row['speed_up']:.3f}" if row["speed_up"] is not None else "-"
        lines.append(f"{row.get('pipeline', 'newsfacts'):<10} {row['workers']:<8} {row['seconds']:>8.1f} "
                     f"{row['words_per_second']:>9.0f} {speed_up:>9} {row['peak_rss_mb']:>8.0f}")
    lines.append("peak MB: newsfacts, the sum over the run's processes (the main one and each worker; pages shared "
                 "after fork count in each); spacy, its main process only")
    return lines
