"""The data files of models/: valid JSONL everywhere, and each file named by exactly one loader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
DATA_FILES = sorted(p for p in MODELS.rglob("*") if p.suffix in (".jsonl", ".tsv"))


@pytest.mark.parametrize("path", [p for p in DATA_FILES if p.suffix == ".jsonl"], ids=lambda p: p.name)
def test_every_jsonl_line_parses(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert all(isinstance(r, dict) for r in records)
    assert "_meta" in records[0], "the first record notes the file's sources"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(MODELS)))
def test_each_data_file_is_named_by_one_loader(path):
    ref = "models:" + path.relative_to(MODELS).as_posix()
    named = [p for p in (ROOT / "pipeline").rglob("*.py") if ref in p.read_text(encoding="utf-8")]
    assert len(named) == 1, (ref, [p.relative_to(ROOT).as_posix() for p in named])
    assert ref in (MODELS / "pipeline.cfg").read_text(encoding="utf-8")


def test_tsv_files_name_their_sources():
    for path in (p for p in DATA_FILES if p.suffix == ".tsv"):
        head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        assert re.search(r"source", " ".join(head), re.I), path
