"""JSON input parsed strictly: only values every output can carry.

Python's ``json`` module accepts things that would break the run later or make its output unloadable:
``NaN``/``Infinity`` and ``1e999`` (the writer refuses non-finite numbers, DuckDB has no JSON for them),
integers longer than Python converts (a ValueError that is not a JSONDecodeError), nesting deep enough to
exhaust the stack (RecursionError; DuckDB refuses JSON deeper than 128 levels) and ``"\\ud800"`` escapes
(lone surrogates: no UTF-8 encoding exists, so the part file would be invalid UTF-8). Each becomes a
:class:`RecordRejected` with a code for the ``errors`` table and a message that says what to fix.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

MAX_DEPTH = 64  # levels of objects and arrays in one input record (the record itself is level 1)
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300  # Python's own limit on int(str)


class RecordRejected(ValueError):
    """A JSON text that parses but holds a value the pipeline cannot carry to its output."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _constant(name: str) -> Any:
    raise RecordRejected("non_finite_number", f"{name} is not a number JSON output can hold; write it as null or a string")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise RecordRejected("non_finite_number", f"the number {_short(text)} is too large for a 64-bit float; "
                             "write it as a string")
    return value


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise RecordRejected("number_too_long", f"an integer of {digits:,} digits (more than {MAX_INT_DIGITS:,}); "
                             "write it as a string")
    return int(text)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def loads(text: str) -> Any:
    """``json.loads`` that raises :class:`RecordRejected` for the values above (and JSONDecodeError for
    text that is not JSON at all)."""
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise RecordRejected("too_deeply_nested", f"objects and arrays nested more than {MAX_DEPTH} levels deep") from None
    problem = check_value(value)
    if problem is not None:
        raise problem
    return value


def check_value(value: Any) -> RecordRejected | None:
    """The first lone surrogate (in a key or a string) or excess of nesting in a parsed value, or None.

    Iterative, so that no depth of nesting can exhaust the stack here."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            problem = _surrogate(item, where)
            if problem:
                return problem
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            return RecordRejected("too_deeply_nested", f"objects and arrays nested more than {MAX_DEPTH} levels deep "
                                  f"(at {where or 'the top'})")
        if isinstance(item, dict):
            children = []
            for key, child in item.items():
                path = f"{where}.{key}" if where else key
                problem = _surrogate(key, f"the key {path!r}", is_key=True)
                if problem:
                    return problem
                children.append((child, path, depth + 1))
            stack.extend(reversed(children))
        else:
            stack.extend(reversed([(child, f"{where}[{i}]", depth + 1) for i, child in enumerate(item)]))
    return None


def _surrogate(text: str, where: str, is_key: bool = False) -> RecordRejected | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        field = where if is_key else (f"field {where!r}" if where else "the value")
        return RecordRejected("lone_surrogate", f"{field} holds a lone surrogate (\\u{ord(char):04x} at character "
                              f"{exc.start + 1}), which no UTF-8 text can hold; the producer's \\u escapes are broken")
    return None
