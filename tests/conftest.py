"""Shared fixtures. The real English model is loaded once per session, and only by tests marked ``model``."""

from __future__ import annotations

import pytest
import spacy

from pipeline import annotations  # noqa: F401


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.jsonl from the current pipeline instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import cached_pipeline

    return cached_pipeline(None)
