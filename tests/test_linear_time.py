"""Runs of capitalised words cost time in proportion to their length (issue 18, item 6).

The agency token patterns match every length of a name ("NAME* NAME Ministry"), so over a run of
capitalised words spaCy's Matcher found, and the entity component judged, a number of matches in the
square of the run: "Ministry " x 2,000 did not finish in 870 s, a 3 KB tag line of agency names took 70 s.
A match is now at most MAX_PATTERN_TOKENS long, found in overlapping windows, and the per-match work is
constant. The counting tests are exact and model-free; the timed ones use the real pipeline.
"""

from __future__ import annotations

import os
import time

import pytest

from pipeline.entities.matcher import MAX_PATTERN_TOKENS, GazetteerMatcher

# "NAME* Ministry": over "Ministry Ministry ...", every run of tokens ending at a "Ministry" matches
PATTERN = [{"label": "AGENCY", "pattern": [{"TEXT": {"REGEX": "^[A-Z]"}, "OP": "*"}, {"ORTH": "Ministry"}]}]
# CI runners are slower and shared; the acceptance figure (10 s) is held where the suite runs alone
BUDGET = 10.0 if os.environ.get("CI") else 60.0


def _short_matches(n: int) -> int:
    """Matches of at most MAX_PATTERN_TOKENS tokens in "Ministry " x n: min(end, MAX) for each end."""
    return sum(min(end, MAX_PATTERN_TOKENS) for end in range(1, n + 1))


@pytest.mark.parametrize("n", [10, 16, 17, 100, 2000])
def test_a_run_gives_linearly_many_matches(blank, n):
    matcher = GazetteerMatcher(blank, [], PATTERN)
    spans = matcher(blank("Ministry " * n))
    assert len(spans) == _short_matches(n)
    assert max(len(span) for span in spans) == min(n, MAX_PATTERN_TOKENS)


def test_windows_find_exactly_the_short_matches_of_the_whole_run(blank):
    """A match depends on its own tokens only, so windowing loses none of the short ones."""
    doc = blank("the Interior Ministry and " + "Ministry " * 40 + "said the Foreign Ministry on Monday")
    matcher = GazetteerMatcher(blank, [], PATTERN)
    whole = {(s, e) for _, s, e in matcher.tokens(doc) if e - s <= MAX_PATTERN_TOKENS}
    assert {(span.start, span.end) for span in matcher(doc)} == whole
    assert (1, 3) in whole and (len(doc) - 4, len(doc) - 2) in whole  # "Interior Ministry", "Foreign Ministry"


@pytest.mark.model
def test_ministry_times_2000_is_one_body_within_the_budget(nlp):
    from pipeline.api import extract_text

    started = time.monotonic()
    records = extract_text("Ministry " * 2000, published_at="2024-01-02", doc_id="run", nlp=nlp)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET, f"'Ministry ' x 2000 took {elapsed:.1f} s"
    assert [(m["type"], m["start"], m["end"]) for m in records["mentions"]] == [("AGENCY", 0, 17999)]
    assert records["errors"] == []


@pytest.mark.model
def test_time_grows_linearly_with_the_run(nlp):
    """Four times the run takes about four times as long; quadratic work would take sixteen."""
    from pipeline.api import extract_text

    def seconds(n: int) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.monotonic()
            extract_text("Ministry " * n, published_at="2024-01-02", doc_id="run", nlp=nlp)
            best = min(best, time.monotonic() - started)
        return best

    short, long = seconds(200), seconds(800)
    assert long < 8 * short + 0.5, f"x200 {short:.2f} s, x800 {long:.2f} s"


@pytest.mark.model
def test_a_3kb_tag_line_of_agency_names_within_the_budget(nlp):
    from pipeline.api import extract_text

    names = ["Interior Ministry", "Census Bureau", "Electoral Commission", "National Security Council",
             "Cabinet Office", "Royal Navy", "Constitutional Court", "Civil Aviation Authority",
             "Federal Bureau of Investigation", "Home Office"]
    line = " ".join(names * 20)
    assert len(line) > 3000
    started = time.monotonic()
    records = extract_text(line, published_at="2024-01-02", doc_id="tags", nlp=nlp)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET, f"the tag line took {elapsed:.1f} s"
    found = [m["text"] for m in records["mentions"] if m["type"] == "AGENCY"]
    for name in ("Interior Ministry", "Census Bureau", "Federal Bureau of Investigation", "Home Office"):
        assert found.count(name) >= 19, name
