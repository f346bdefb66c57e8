"""Shared fixtures. The real English model is loaded once per session, and only by tests marked ``model``.

Tests marked ``spark`` start a JVM: they are skipped, each with the reason, when pyspark or Java 17+ is
missing, so that the light install (no Spark, no Java) runs the rest of the suite cleanly. CI sets
NEWSFACTS_REQUIRE_SPARK=1, which turns that skip into an error: there, Spark must run.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import spacy

from pipeline import annotations  # noqa: F401

SPARK_INSTALL = "python -m pip install -r requirements.lock -r requirements-spark.lock"
JAVA_MIN = 17


def _java_command() -> tuple[str | None, str]:
    """The java Spark will run, found as Spark's launcher finds it: $JAVA_HOME/bin/java, else java on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if os.access(java, os.X_OK):
            return str(java), f"JAVA_HOME={java_home}"
        return None, f"JAVA_HOME={java_home} has no bin/java"
    java = shutil.which("java")
    return (java, "PATH") if java else (None, "no java on PATH and JAVA_HOME is unset")


def java_major(version_output: str) -> int | None:
    """The major version in ``java -version`` output: 'openjdk version "17.0.15"' → 17, '"1.8.0_292"' → 8."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


@functools.cache
def spark_unavailable() -> str | None:
    """Why tests marked ``spark`` cannot run here, or None when pyspark and Java 17+ are both present."""
    if importlib.util.find_spec("pyspark") is None:
        return f"pyspark is not installed (the spark extra): {SPARK_INSTALL}"
    java, where = _java_command()
    if java is None:
        return (f"Spark needs Java {JAVA_MIN} or newer: {where}; "
                f"install a JDK {JAVA_MIN} (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Spark needs Java {JAVA_MIN} or newer: {java} -version failed ({error})"
    major = java_major(done.stderr + done.stdout)
    if major is None or major < JAVA_MIN:
        found = (done.stderr + done.stdout).strip().splitlines()[:1] or ["no version printed"]
        return (f"Spark needs Java {JAVA_MIN} or newer: {java} ({where}) is {found[0]!r}; "
                f"install a JDK {JAVA_MIN} or set JAVA_HOME")
    return None


def pytest_report_header(config: pytest.Config) -> str:
    reason = spark_unavailable()
    return f"spark tests: skipped, {reason}" if reason else "spark tests: run (pyspark and Java 17+ found)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spark_items = [item for item in items if item.get_closest_marker("spark")]
    reason = spark_unavailable() if spark_items else None
    if reason is None:
        return
    if os.environ.get("NEWSFACTS_REQUIRE_SPARK") == "1":
        raise pytest.UsageError(f"NEWSFACTS_REQUIRE_SPARK=1 but the spark tests cannot run: {reason}")
    for item in spark_items:
        item.add_marker(pytest.mark.skip(reason=reason))


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
