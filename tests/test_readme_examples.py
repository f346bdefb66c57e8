"""Every example in the README runs, and prints what the README says it prints.

The README marks each fenced code block:

- ``<!-- example -->``: run by this test, in README order, in one scratch folder (so a later example sees
  the output of an earlier one: ``extract`` → ``load`` → ``query``). Shell lines run in ``bash``; Python
  blocks run in a fresh interpreter. When the next block is a ``text`` block, it is what the example
  prints (standard output and error, as a terminal shows them), after run ids, durations and the scratch
  folder's path are written as ``RUN_ID``, ``Ns`` and ``.``.
- ``<!-- run -->``: the main job, run here like an example.
- ``<!-- install -->``, ``<!-- install-spark -->``, ``<!-- test -->``: run by CI (``.ci/run``), which reads
  them from the README.
- ``<!-- not-run: why -->``: not runnable here (a cloud warehouse, a Spark cluster); the reason is required.

A block without a marker fails the test: an example nobody runs is an example nobody keeps true. ``json``
blocks are records, not examples (``tests/test_schema.py`` checks them against the golden output). The
scratch folder links the repository's ``tests/`` and ``corpus/``, so paths read as from the repository root.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"
MARKER = re.compile(r"^<!-- (example|run|install|install-spark|test|not-run: .+) -->$")
FENCE = re.compile(r"^```(\w*)$")
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")
DURATION = re.compile(r"\b\d+(?:\.\d+)?s\b")
RUNNABLE = ("example", "run")


def blocks(text: str) -> list[dict]:
    """The fenced blocks of the README with their language, marker and line number."""
    out, lines, i, marker = [], text.splitlines(), 0, None
    while i < len(lines):
        line = lines[i]
        found = MARKER.match(line.strip())
        if found:
            marker = found.group(1)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            start = i
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append({"lang": fence.group(1), "marker": marker, "line": start + 1, "body": "\n".join(body)})
            marker = None
        elif line.strip():
            marker = None
        i += 1
    return out


def normalise(output: str, workdir: Path) -> str:
    output = output.replace(str(workdir) + os.sep, "").replace(str(workdir), ".")
    output = RUN_ID.sub("RUN_ID", output)
    output = DURATION.sub("Ns", output)
    return "\n".join(line.rstrip() for line in output.strip().splitlines())


def test_every_code_block_is_marked():
    unmarked = [(b["line"], b["lang"]) for b in blocks(README.read_text(encoding="utf-8"))
                if b["lang"] not in ("text", "json") and b["marker"] is None]
    assert unmarked == [], f"README code blocks without a run marker (line, language): {unmarked}"


def test_every_output_block_follows_an_example():
    found = blocks(README.read_text(encoding="utf-8"))
    orphans = [b["line"] for n, b in enumerate(found) if b["lang"] == "text"
               and not (n > 0 and found[n - 1]["marker"] in RUNNABLE)]
    assert orphans == []


@pytest.mark.model
def test_readme_examples_print_what_the_readme_says(tmp_path):
    found = blocks(README.read_text(encoding="utf-8"))
    for name in ("tests", "corpus"):
        (tmp_path / name).symlink_to(README.parent / name)
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "200",
           "NO_COLOR": "1", "TERM": "dumb"}
    ran = 0
    for n, block in enumerate(found):
        if block["marker"] not in RUNNABLE:
            continue
        if block["lang"] == "python":
            command = [sys.executable, "-c", block["body"]]
        else:
            command = ["bash", "-e", "-o", "pipefail", "-c", block["body"]]
        # what a user sees: the summary lines go to stderr, records and answers to stdout
        done = subprocess.run(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=600)
        assert done.returncode == 0, f"README line {block['line']}: exit {done.returncode}\n{done.stdout[-2000:]}"
        ran += 1
        following = found[n + 1] if n + 1 < len(found) else None
        if following is not None and following["lang"] == "text" and following["marker"] is None:
            expected = normalise(following["body"], tmp_path)
            assert normalise(done.stdout, tmp_path) == expected, f"README line {block['line']} printed otherwise"
    assert ran >= 5
