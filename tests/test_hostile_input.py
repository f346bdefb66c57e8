"""Hostile input costs only itself: mixed good and hostile records, generated, through `extract` and `load`.

Every good record is written exactly once, every bad one has an errors row (with its file and line), the
run exits 1, every part file is valid UTF-8 JSON and `newsfacts load` accepts the folder. Model-free: the
pipeline is a blank English one (the behaviour under test is reading and writing, not NLP), so each example
takes a fraction of a second.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app

MAX_RECORD = 450_000  # NEWSFACTS_MAX_RECORD_BYTES for these runs: above the nested line, below the oversized one

# hostile lines: each must become exactly one errors row with this code
HOSTILE: dict[str, tuple[str, str]] = {
    "nan": ('{"id": "h", "text": "Some text.", "x": NaN}', "non_finite_number"),
    "infinity": ('{"id": "h", "text": "Some text.", "x": [-Infinity]}', "non_finite_number"),
    "1e999": ('{"id": "h", "text": "Some text.", "x": {"y": 1e999}}', "non_finite_number"),
    "long_int": ('{"id": "h", "text": "Some text.", "x": %s}' % ("7" * 4400), "number_too_long"),
    "nested": ('{"id": "h", "text": "Some text.", "x": %s1%s}' % ("[" * 200_000, "]" * 200_000), "too_deeply_nested"),
    "nested_100": ('{"id": "h", "text": "Some text.", "x": %s1%s}' % ("[" * 100, "]" * 100), "too_deeply_nested"),
    "surrogate_id": ('{"id": "\\ud800", "text": "Some text."}', "lone_surrogate"),
    "surrogate_title": ('{"id": "h", "text": "Some text.", "title": "a\\udc00b"}', "lone_surrogate"),
    "surrogate_meta": ('{"id": "h", "text": "Some text.", "tags": ["ok", "\\ud83d"]}', "lone_surrogate"),
    "surrogate_key": ('{"id": "h", "text": "Some text.", "\\udfff": 1}', "lone_surrogate"),
    "surrogate_text": ('{"id": "h", "text": "Some \\ud800 text."}', "lone_surrogate"),
    "too_large": (json.dumps({"id": "h", "text": "word " * (MAX_RECORD // 4)}), "record_too_large"),
    "broken_json": ('{"id": "h", "text": "unterminated', "invalid_json"),
    "no_text": ('{"id": "h"}', "missing_text"),
}

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)
GOOD = st.fixed_dictionaries({"text": TEXT}, optional={
    "title": TEXT, "source": TEXT, "tags": st.lists(TEXT, max_size=3),
    "count": st.integers(-(10 ** 30), 10 ** 30), "score": st.floats(allow_nan=False, allow_infinity=False),
    "published_at": st.sampled_from(["2021-03-22", "0001-01-01", "9999-12-30", "2021-03-22T10:00:00Z"])})
LINES = st.lists(st.one_of(GOOD, st.sampled_from(sorted(HOSTILE))), min_size=1, max_size=12).filter(
    lambda lines: any(isinstance(line, str) for line in lines))


@pytest.fixture(autouse=True)
def blank_pipeline(monkeypatch):
    """The run builds a blank English pipeline instead of the model; the record size limit is small."""
    from pipeline import annotations  # noqa: F401  - the doc and span extensions the records read

    monkeypatch.setattr("pipeline.nlp.build_pipeline", lambda model=None, *args, **kwargs: spacy.blank("en"))
    monkeypatch.setenv("NEWSFACTS_MAX_RECORD_BYTES", str(MAX_RECORD))


def _strict_lines(path: Path) -> list[dict]:
    """The records of a part file, refusing anything but valid UTF-8 JSON with finite numbers."""
    def refuse(name: str) -> None:
        raise AssertionError(f"{path}: {name} in output")

    return [json.loads(line, parse_constant=refuse) for line in path.read_bytes().decode("utf-8").splitlines()]


def _tables(out: Path) -> dict[str, list[dict]]:
    return {table.name: [r for part in sorted(table.glob("part-*.jsonl")) for r in _strict_lines(part)]
            for table in out.iterdir() if table.is_dir() and not table.name.startswith("_")}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(lines=LINES, bom=st.booleans(), gz=st.booleans(), twice=st.booleans(), ascii_only=st.booleans())
def test_good_records_written_once_bad_ones_reported(tmp_path_factory, lines, bom, gz, twice, ascii_only):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / ("in.jsonl.gz" if gz else "in.jsonl")
    expected_docs: list[str] = []
    expected_errors: list[tuple[str, str]] = []
    raw: list[str] = []
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, str):
            raw.append(HOSTILE[line][0])
            expected_errors.append((f"{path}:{lineno}", HOSTILE[line][1]))
        else:
            record = {"id": f"good-{lineno}", **line}
            raw.append(json.dumps(record, ensure_ascii=ascii_only))
            expected_docs.append(record["id"])
    data = ("\ufeff" if bom else "").encode("utf-8") + ("\n".join(raw) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    if twice:
        expected_errors.append((str(path), "duplicate_input"))
    out = folder / "out"
    args = ["extract", str(path), *([str(path)] if twice else []), "--out", str(out), "-q", "-w", "1"]

    result = CliRunner().invoke(app, args)

    assert result.exit_code == 1, result.output
    tables = _tables(out)
    assert [d["doc_id"] for d in tables["documents"]] == expected_docs
    failures = [(e["input"], e["error"]) for e in tables["errors"]
                if e["error"] not in ("published_at_out_of_range",)]
    assert sorted(failures) == sorted(expected_errors)
    loaded = CliRunner().invoke(app, ["load", str(out), "--duckdb", str(folder / "news.duckdb")])
    assert loaded.exit_code == 0, loaded.output

    # the second run finds every good record done: nothing written twice, ever
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1, again.output
    assert [d["doc_id"] for d in _tables(out)["documents"]] == expected_docs
