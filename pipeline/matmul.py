"""Which library multiplies the base model's matrices, and on how many threads.

spaCy's CPU models run their layers through thinc's ``NumpyOps``, which by
default sends every matrix product to ``blis``. On the machines this project
is measured on (AMD EPYC, AVX-512), numpy's own BLAS (OpenBLAS, which picks
its kernels for the CPU it finds) does the same products about three times
faster on one thread, and the products are a third of the model's time. The
predictions are the same: on 75,567 tokens of news-large not one tag, head,
dependency, entity or lemma differed (``newsfacts bench`` reports the speed
against bare spaCy with its own default, and against bare spaCy given this
same backend, so the share of the gain that is ours is visible).

OpenBLAS starts a thread per core. A newsfacts process is one worker of a run
that already uses the cores through ``--workers``, so the threads would only
contend: the pipeline keeps BLAS to ``blas_threads`` (1 by default) through
threadpoolctl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.language import Language
from thinc.api import NumpyOps

BACKENDS = ("numpy", "blis")


def use_matmul(nlp: Language, backend: str = "numpy", blas_threads: int | None = 1) -> None:
    """Give every layer of the pipeline's models ``NumpyOps`` with the chosen backend.

    ``"blis"`` leaves the models as spaCy loaded them. Models on other ops (a GPU) are left alone."""
    if backend not in BACKENDS:
        raise ValueError(f"matmul must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "blis":
        return
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model: Any = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
    if blas_threads:
        limit_blas_threads(blas_threads)


def use_configured_matmul(nlp: Language, nlp_settings: Mapping[str, Any]) -> None:
    """:func:`use_matmul` with the ``matmul`` and ``blas_threads`` of a config's ``[nlp]`` section."""
    use_matmul(nlp, nlp_settings.get("matmul", "numpy"), nlp_settings.get("blas_threads", 1))


def limit_blas_threads(threads: int) -> None:
    """Keep numpy's BLAS to ``threads`` threads in this process (and in processes forked from it)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
