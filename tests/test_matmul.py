"""The base model's matrix backend: numpy's BLAS on one thread, the same predictions as blis."""

from __future__ import annotations

import pytest
import spacy
from thinc.api import NumpyOps

from pipeline.matmul import use_matmul

TEXT = ("Treasury Secretary Janet Yellen met Chinese Vice Premier He Lifeng in Beijing on Friday, "
        "and the two sides said they would keep talking about exports worth $12.5bn.")


def _ops(nlp: spacy.Language) -> set[tuple[str, bool]]:
    return {(type(node.ops).__name__, node.ops.use_blis) for _, pipe in nlp.pipeline
            if hasattr(getattr(pipe, "model", None), "walk") for node in pipe.model.walk()}


def _analysis(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.mark.model
def test_numpy_backend_gives_the_same_analysis() -> None:
    from pipeline.nlp import load_base

    blis, numpy_ops = load_base(None), load_base(None)
    use_matmul(numpy_ops, "numpy", blas_threads=1)
    assert _ops(blis) == {("NumpyOps", True)} and _ops(numpy_ops) == {("NumpyOps", False)}
    assert _analysis(numpy_ops(TEXT)) == _analysis(blis(TEXT))
    assert [(e.text, e.label_) for e in numpy_ops(TEXT).ents][:3] == [
        ("Treasury", "ORG"), ("Janet Yellen", "PERSON"), ("Chinese", "NORP")]


@pytest.mark.model
def test_blas_is_kept_to_one_thread() -> None:
    from threadpoolctl import threadpool_info

    from pipeline.nlp import cached_pipeline

    cached_pipeline(None)  # built with models/pipeline.cfg: matmul "numpy", blas_threads 1
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_blis_leaves_the_model_as_loaded_and_unknown_backends_fail() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")  # its model exists (uninitialised), with spaCy's default ops
    before = _ops(nlp)
    use_matmul(nlp, "blis")
    assert _ops(nlp) == before
    with pytest.raises(ValueError, match="matmul must be one of numpy, blis"):
        use_matmul(nlp, "cupy")
    use_matmul(nlp, "numpy", blas_threads=None)
    assert {name for name, _ in _ops(nlp)} == {"NumpyOps"} and not any(blis for _, blis in _ops(nlp))
