"""Run safety (issue 18): interrupts at the commit boundary, killed workers, a second run on one folder.

Each run here is a real ``newsfacts extract`` in a child process, with a blank spaCy pipeline (the behaviour
under test is committing and renaming, not NLP) and a fault injected at an exact point: a signal sent to the
run itself between the fsync and the state commit, or a worker killed with SIGKILL. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline.io.layout import state_path

N_DOCS = 12
TIMEOUT = 60  # seconds any child may take; a hang fails the test instead of blocking CI

# The child: `newsfacts extract IN --out OUT -q --batch-size 2 ARGS...` with a blank pipeline. FAULT is the
# fault injected, set from the environment so the same code runs faulty and clean.
CHILD = textwrap.dedent('''
    import os, signal, sys, time
    import spacy
    from pipeline import extract
    from pipeline.cli import app
    from pipeline.io.state import RunState

    extract._LazyPipeline.get = lambda self: self.loaded or setattr(self, "loaded", spacy.blank("en")) or self.loaded
    fault, arg = os.environ.get("FAULT", ""), os.environ.get("FAULT_ARG", "")

    if fault in ("sigint-before-commit", "sigterm-before-commit", "sigint-after-commit"):
        # the 3rd commit: its records are written and fsynced; the signal arrives before (or just after) the
        # state records them
        commit, calls = RunState.commit, [0]
        sig = signal.SIGTERM if fault.startswith("sigterm") else signal.SIGINT

        def faulty_commit(self, *args):
            calls[0] += 1
            if calls[0] == 3 and fault.endswith("after-commit"):
                commit(self, *args)
            if calls[0] == 3:
                os.kill(os.getpid(), sig)
                time.sleep(5)  # the handler raises here
            if not (calls[0] == 3 and fault.endswith("after-commit")):
                commit(self, *args)

        RunState.commit = faulty_commit

    if fault in ("kill-worker-once", "kill-worker-always", "hold"):
        process_batch = extract.process_batch

        def faulty_batch(nlp, batch, model=None):
            ids = {getattr(item, "doc_id", None) for item in batch}
            if fault == "hold":  # a slow run: wait for the test to let it go
                while not os.path.exists(arg):
                    time.sleep(0.05)
            elif "d05" in ids and (fault == "kill-worker-always" or not os.path.exists(arg)):
                with open(arg + ".tmp", "w") as f:
                    f.write(str(os.getpid()))
                os.replace(arg + ".tmp", arg)  # the test sees the worker's pid and kills it with SIGKILL
                if fault == "kill-worker-always":
                    os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would, every time
                time.sleep(30)
            return process_batch(nlp, batch, model)

        extract.process_batch = faulty_batch

    app(sys.argv[1:], prog_name="newsfacts")
''')


def _input(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i:02d}", "text": f"The minister spoke on Friday about case {i}."})
                            + "\n" for i in range(N_DOCS)), encoding="utf-8")
    return path


def _start(tmp_path: Path, out: Path, *args: str, fault: str = "", arg: str = "") -> subprocess.Popen:
    env = {**os.environ, "FAULT": fault, "FAULT_ARG": arg}
    return subprocess.Popen([sys.executable, "-c", CHILD, "extract", str(_input(tmp_path)), "--out", str(out), "-q",
                             "--batch-size", "2", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _extract(tmp_path: Path, out: Path, *args: str, fault: str = "", arg: str = "") -> tuple[int, str]:
    child = _start(tmp_path, out, *args, fault=fault, arg=arg)
    try:
        _, err = child.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"extract {fault or 'clean'} did not finish in {TIMEOUT}s")
    return child.returncode, err


def _doc_ids(out: Path, table: str = "documents") -> list[str]:
    return [json.loads(line)["doc_id"] for part in sorted((out / table).glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def _state_docs(out: Path) -> list[str]:
    import sqlite3

    db = sqlite3.connect(state_path(out))
    try:
        return [row[0] for row in db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]
    finally:
        db.close()


def _wait_for(path: Path, what: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} never happened")
        time.sleep(0.05)
    return path.read_text()


ALL = [f"d{i:02d}" for i in range(N_DOCS)]


@pytest.mark.parametrize("fault, code", [("sigint-before-commit", 130), ("sigterm-before-commit", 143),
                                         ("sigint-after-commit", 130)])
def test_a_signal_at_the_commit_boundary_keeps_exactly_what_the_state_committed(tmp_path, fault, code):
    out = tmp_path / "out"
    returncode, err = _extract(tmp_path, out, "-w", "1", fault=fault)
    assert returncode == code, err
    assert "interrupted: the documents committed so far are kept" in err
    kept = 6 if fault.endswith("after-commit") else 4  # batches of 2: the 3rd commit went through, or not
    assert _doc_ids(out) == ALL[:kept] == _state_docs(out)
    assert not list(out.rglob("*.tmp"))
    (manifest,) = (out / "_runs").glob("*.json")
    info = json.loads(manifest.read_text())
    assert info["status"] == "interrupted" and info["counts"]["documents"] == kept
    if not fault.endswith("after-commit"):
        assert info["documents"]["processed"] == kept

    returncode, err = _extract(tmp_path, out, "-w", "1")
    assert returncode == 0, err
    assert f"{N_DOCS - kept} processed, {kept} skipped (unchanged)" in err
    assert _doc_ids(out) == ALL == _state_docs(out)  # each document exactly once


def test_a_worker_killed_with_sigkill_is_replaced_and_its_batch_run_again(tmp_path):
    out, marker = tmp_path / "out", tmp_path / "worker.pid"
    child = _start(tmp_path, out, "-w", "2", fault="kill-worker-once", arg=str(marker))
    try:
        os.kill(int(_wait_for(marker, "the worker holding d05")), signal.SIGKILL)
        _, err = child.communicate(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert sorted(_doc_ids(out)) == ALL == _state_docs(out)
    assert _doc_ids(out) == ALL  # in input order, each once


def test_a_batch_that_kills_its_worker_again_becomes_errors_rows_and_the_run_goes_on(tmp_path):
    out, marker = tmp_path / "out", tmp_path / "worker.pid"
    returncode, err = _extract(tmp_path, out, "-w", "2", fault="kill-worker-always", arg=str(marker))
    assert returncode == 1, err
    assert "10 processed, 0 skipped (unchanged), 2 failed" in err
    assert _doc_ids(out) == [d for d in ALL if d not in ("d04", "d05")] == _state_docs(out)
    errors = [json.loads(line) for part in (out / "errors").glob("part-*.jsonl") for line in part.read_text().splitlines()]
    assert [(e["doc_id"], e["error"], e["input"]) for e in errors] == \
        [("d04", "worker_died", f"{tmp_path / 'in.jsonl'}:5"), ("d05", "worker_died", f"{tmp_path / 'in.jsonl'}:6")]
    assert errors[0]["message"].startswith("the worker process died twice on this document's batch of 2")

    returncode, err = _extract(tmp_path, out, "-w", "2")  # the fault is gone: the two are done, once
    assert returncode == 0, err
    assert "2 processed, 10 skipped (unchanged), 0 failed" in err
    assert sorted(_doc_ids(out)) == ALL == _state_docs(out)


def test_a_second_run_on_the_same_folder_refuses_with_exit_2_or_waits_its_turn(tmp_path):
    out, release = tmp_path / "out", tmp_path / "release"
    first = _start(tmp_path, out, "-w", "1", fault="hold", arg=str(release))
    waiting = None
    try:
        holder = json.loads(_wait_for(out / "_state" / "lock", "the first run taking the lock") or "{}")
        deadline = time.monotonic() + TIMEOUT
        while not holder.get("run_id") and time.monotonic() < deadline:
            time.sleep(0.05)
            holder = json.loads((out / "_state" / "lock").read_text() or "{}")
        returncode, err = _extract(tmp_path, out, "-w", "1")
        assert returncode == 2, err
        assert f"is in use by run {holder['run_id']} (process {first.pid})" in err and "--wait" in err

        waiting = _start(tmp_path, out, "-w", "1", "--wait")
        watchdog = threading.Timer(TIMEOUT, waiting.kill)  # bounds the read below
        watchdog.start()
        try:
            assert waiting.stderr.readline() == f"waiting for run {holder['run_id']} to finish with {out} …\n"
        finally:
            watchdog.cancel()
        assert waiting.poll() is None  # it waits while the first one runs
        release.write_text("go")
        _, err = first.communicate(timeout=TIMEOUT)
        assert first.returncode == 0, err
        _, err = waiting.communicate(timeout=TIMEOUT)
        assert waiting.returncode == 0, err
        assert f"0 processed, {N_DOCS} skipped (unchanged)" in err
    finally:
        for child in (first, waiting):
            if child is not None and child.poll() is None:
                child.kill()
                child.communicate()
    assert _doc_ids(out) == ALL == _state_docs(out)  # no duplicates
    runs = sorted(p.stem for p in (out / "_runs").glob("*.json"))
    assert runs[0] == holder["run_id"] and len(runs) == 2  # the refused run left nothing; the waiter sorts after


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f'''
        import time
        from pathlib import Path
        from pipeline.io.lock import lock_output
        with lock_output(Path({str(out)!r})) as claim:
            claim("20200101T000000Z-dead0000")
            print("locked", flush=True)
            time.sleep(60)
    ''')], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        holder.kill()  # SIGKILL: no clean-up ran; the lock file still names it
        holder.wait(timeout=TIMEOUT)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert "dead0000" in (out / "_state" / "lock").read_text()
    returncode, err = _extract(tmp_path, out, "-w", "1")
    assert returncode == 0, err
    assert _doc_ids(out) == ALL
