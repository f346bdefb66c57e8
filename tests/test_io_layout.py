from pathlib import Path

from pipeline.io import layout
from pipeline.io.writer import RunWriter


def test_part_names_carry_their_run_id():
    out = Path("out")
    assert layout.part_path(out, "mentions", "r1") == out / "mentions" / "part-r1.jsonl"
    assert layout.tmp_part_path(out, "mentions", "r1") == out / "mentions" / ".part-r1.jsonl.tmp"
    assert layout.run_id_of(layout.part_path(out, "mentions", "20240101T000000Z-ab.cd")) == "20240101T000000Z-ab.cd"


def test_part_files_are_the_finished_parts_in_run_order(tmp_path):
    for run_id in ("r2", "r1"):
        writer = RunWriter(tmp_path, run_id)
        writer.write("documents", {"doc_id": run_id})
        writer.close()
    open_run = RunWriter(tmp_path, "r3")  # still open: its part is not visible yet
    assert [layout.run_id_of(p) for p in layout.part_files(tmp_path, "documents")] == ["r1", "r2"]
    assert layout.part_files(tmp_path, "no-such-table") == []
    open_run.close()


def test_manifest_and_state_live_in_their_folders(tmp_path):
    writer = RunWriter(tmp_path, "r1")
    writer.close()
    assert writer.write_manifest({"run_id": "r1"}) == tmp_path / "_runs" / "r1.json"
    assert layout.state_path(tmp_path) == tmp_path / "_state" / "state.sqlite"


def test_a_run_id_sorts_after_the_folders_latest_even_within_one_second():
    import datetime as dt

    from pipeline.extract import new_run_id

    now = dt.datetime(2024, 1, 2, 3, 4, 5, 900000, tzinfo=dt.timezone.utc)
    latest = "20240102T030405Z-ffffffff"
    run = new_run_id(now, after=latest)
    assert run > latest and run.startswith("20240102T030406Z-")
    assert new_run_id(now, after="20240101T000000Z-00000000").startswith("20240102T030405Z-")
