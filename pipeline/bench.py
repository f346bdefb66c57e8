"""``newsfacts bench``: our pipeline against bare spaCy on the same texts, in one run.

Each variant runs in a fresh child process (so each has its own peak memory),
and the variants alternate over several rounds so that drift in the shared
machine's speed hits both alike. Throughput is words (whitespace-separated)
per second of ``nlp.pipe`` time, model loading excluded.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

# "spacy" is the bare base model; the others are models/pipeline.cfg's pipeline, less the components in LEFT_OUT
VARIANTS = ("spacy", "newsfacts", "no-events", "no-normalisation")
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

    if variant == "spacy":
        nlp = load_base(model)  # the model exactly as spaCy loads it
    else:
        left_out = LEFT_OUT.get(variant, ())
        components = [c for c in pipeline_config()["nlp"]["components"] if c not in left_out] if left_out else None
        overrides = NORMALISATION_OFF if variant == "no-normalisation" else None
        nlp = build_pipeline(model, components=components, overrides=overrides)
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    if variant == "spacy":
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
