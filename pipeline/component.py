"""What every ``news_*`` component shares: its data, built lazily, saved with the pipeline, and scored.

A component's state is its data files (:class:`pipeline.resources.DataFiles`)
and the lexicon, plus whatever it builds from them (matchers, tables). The
build happens on first use, not in ``__init__``: ``spacy.load`` creates each
component from its config before ``from_disk`` hands it the saved data, and a
saved pipeline must load even when the files its config names have moved.
``to_disk`` writes the files as read and the lexicon; ``from_disk`` reads them
back and drops what was built, so the next document rebuilds from the saved
data. spaCy's own ``span_ruler`` keeps its patterns the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.scorer import Scorer
from spacy.training import Example
from spacy.util import registry

from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles

_FILES, _LEXICON = "files", "lexicon"


class NewsComponent:
    """Base class: subclasses implement :meth:`build` and call ``self.state`` in ``__call__``."""

    spans_key: str | None = None  # the span group the component writes, scored by ``score``

    def __init__(self, files: DataFiles | None = None, lexicon: Lexicon | None = None,
                 scorer: Callable[..., dict[str, Any]] | None = None) -> None:
        self.files = files if files is not None else DataFiles({})
        self.lexicon = lexicon
        self.scorer = scorer
        self._state: Any = None

    def build(self) -> Any:
        """Everything derived from the data: called once, on first use."""
        return None

    @property
    def state(self) -> Any:
        if self._state is None:
            self._state = self.build()
        return self._state

    def warm(self) -> None:
        """Build now (before worker processes fork, so they share what was built)."""
        if self.lexicon is not None:
            self.lexicon.load()
        _ = self.state

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        if self.scorer is None or self.spans_key is None:
            return {}
        return self.scorer(examples, spans_key=self.spans_key, **kwargs)

    # --- serialisation -----------------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.files.to_disk(path / _FILES)
        if self.lexicon is not None:
            self.lexicon.to_disk(path / _LEXICON)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "NewsComponent":
        path = Path(path)
        self.files = DataFiles.from_disk(path / _FILES)
        if (path / _LEXICON).exists():
            self.lexicon = Lexicon.from_disk(path / _LEXICON)
        self._state = None
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        msg = {_FILES: self.files.to_bytes()}
        if self.lexicon is not None:
            msg[_LEXICON] = self.lexicon.to_bytes()
        return srsly.msgpack_dumps(msg)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "NewsComponent":
        msg = srsly.msgpack_loads(data)
        self.files = DataFiles.from_bytes(msg[_FILES])
        if _LEXICON in msg:
            self.lexicon = Lexicon.from_bytes(msg[_LEXICON])
        self._state = None
        return self


def score_span_group(examples: Iterable[Example], *, spans_key: str, **kwargs: Any) -> dict[str, Any]:
    """Labelled P/R/F of one span group against the reference docs' group of the same key."""
    return Scorer.score_spans(
        examples,
        attr=f"spans_{spans_key}",
        getter=lambda doc, attr: doc.spans.get(spans_key, []),
        has_annotation=lambda doc: spans_key in doc.spans,
        labeled=True,
        allow_overlap=True,
    )


@registry.scorers("newsfacts.spans_scorer.v1")
def make_spans_scorer() -> Callable[..., dict[str, Any]]:
    return score_span_group
