"""``newsfacts bench``: the tables' shape and the runs they time (not the speed, which is the machine's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.bench import RunMeasurement, summarise_workers, workers_table
from pipeline.cli import app

TEXTS = [
    "The Prime Minister, Boris Johnson, said on Monday that 3,000 jobs would be cut.",
    "Health Secretary Matt Hancock announced £2bn for hospitals in London on 5 March 2020.",
    "Police arrested two men in Manchester after a shooting on Friday night.",
    "The Bank of England raised interest rates to 0.5% on Thursday, its governor said.",
]
WORDS = sum(len(t.split()) for t in TEXTS)


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"doc_id": f"d{i}", "text": t, "published_at": "2020-03-05"}) + "\n"
                            for i, t in enumerate(TEXTS)), encoding="utf-8")
    return path


def test_bench_workers_prints_one_row_per_pipeline_and_worker_count(articles: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(articles), "--workers", "2", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"4 articles, {WORDS} words, 1 rounds (median); wall clock from a fresh process, "
                        "start-up included")
    assert lines[1].split() == ["pipeline", "workers", "seconds", "words/s", "speed-up", "peak", "MB"]
    rows = [line.split() for line in lines[2:6]]
    assert [row[:2] for row in rows] == [["newsfacts", "1"], ["newsfacts", "2"], ["spacy", "1"], ["spacy", "2"]]
    assert rows[0][4] == rows[2][4] == "1.000"  # the baseline of each pipeline is its own 1 worker
    for row in rows:
        assert len(row) == 6
        assert float(row[2]) > 0 and float(row[3]) > 0 and float(row[4]) > 0 and float(row[5]) > 0
    assert lines[6].startswith("peak MB: newsfacts, the sum over the run's processes")
    assert len(lines) == 7
    progress = [line for line in result.stderr.splitlines() if line.startswith("round ")]
    assert [line.split()[:5] for line in progress] == [
        ["round", "1", "newsfacts", "workers", "1"], ["round", "1", "newsfacts", "workers", "2"],
        ["round", "1", "spacy", "workers", "1"], ["round", "1", "spacy", "workers", "2"]]


def test_bench_workers_json_counts_every_process_and_document(articles: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(articles), "--workers", "2", "--rounds", "1", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["pipeline"], r["workers"], r["rounds"], r["docs"], r["failed"], r["words"], r["processes"])
            for r in rows] == [
        ("newsfacts", 1, 1, 4, 0, WORDS, 1),
        ("newsfacts", 2, 1, 4, 0, WORDS, 2),  # the run's process and the one worker that got the only batch
        ("spacy", 1, 1, 4, 0, WORDS, 1),
        ("spacy", 2, 1, 4, 0, WORDS, 2),
    ]
    assert rows[0]["speed_up"] == rows[2]["speed_up"] == 1.0
    assert rows[1]["peak_rss_mb"] > rows[0]["peak_rss_mb"]  # a worker's memory is added to the run's


def test_bench_workers_and_variants_together_is_a_usage_error(articles: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(articles), "--workers", "2", "--variants", "spacy"])
    assert result.exit_code == 2
    assert "give --variants or --workers, not both" in result.stderr


def test_bench_needs_at_least_two_workers(articles: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(articles), "--workers", "1"])
    assert result.exit_code == 2


def _m(workers: int, round_: int, seconds: float, peak: float, processes: int) -> RunMeasurement:
    return RunMeasurement(workers, round_, seconds, 1000, 4, 0, peak, processes, 1.0, seconds * workers)


def test_summarise_workers_is_the_median_and_its_ratio_to_one_worker() -> None:
    results = [_m(1, 0, 10.0, 200.0, 1), _m(2, 0, 5.0, 390.0, 3),
               _m(2, 1, 6.0, 400.0, 3), _m(1, 1, 12.0, 210.0, 1),
               _m(1, 2, 20.0, 205.0, 1), _m(2, 2, 4.0, 380.0, 3)]
    rows = summarise_workers(results)
    assert rows == [
        {"pipeline": "newsfacts", "workers": 1, "rounds": 3, "docs": 4, "failed": 0, "words": 1000, "seconds": 12.0,
         "words_per_second": 83.3, "speed_up": 1.0, "peak_rss_mb": 210.0, "processes": 1, "cpu_seconds": 12.0},
        {"pipeline": "newsfacts", "workers": 2, "rounds": 3, "docs": 4, "failed": 0, "words": 1000, "seconds": 5.0,
         "words_per_second": 200.0, "speed_up": 2.4, "peak_rss_mb": 400.0, "processes": 3, "cpu_seconds": 10.0},
    ]
    assert workers_table(rows, 3)[2:4] == [
        "newsfacts  1            12.0        83     1.000      210",
        "newsfacts  2             5.0       200     2.400      400",
    ]


def test_bench_variants_time_bare_spacy_both_ways_and_newsfacts(articles: Path) -> None:
    """The default variants: bare spaCy as loaded (the yardstick), with the pipeline's matrix backend, and
    newsfacts, each a row with its ratio to the first."""
    result = CliRunner().invoke(app, ["bench", str(articles), "--rounds", "1", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["variant"], r["rounds"], r["docs"], r["words"]) for r in rows] == [
        ("spacy", 1, 4, WORDS), ("spacy-numpy", 1, 4, WORDS), ("newsfacts", 1, 4, WORDS)]
    assert rows[0]["ratio_to_spacy"] == 1.0
    assert all(r["ratio_to_spacy"] > 0 and r["peak_rss_mb"] > 0 for r in rows)
    progress = [line.split()[:3] for line in result.stderr.splitlines() if line.startswith("round ")]
    assert progress == [["round", "1", "spacy"], ["round", "1", "spacy-numpy"], ["round", "1", "newsfacts"]]


def test_bench_unknown_variant_is_a_usage_error(articles: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(articles), "--variants", "spacy,fast"])
    assert result.exit_code == 2
    assert "unknown variant(s) ['fast']" in result.stderr
