"""Measuring and reporting, shared by every section of ``manage.py bench``.

- ``sample`` and ``interleaved`` repeat actions that time themselves (so that what must not be
  measured, such as forgetting a cached host, stays outside the figure); ``interleaved`` alternates
  the sides, so that noise on the machine hits every side alike.
- ``statements`` captures the SQL of one action with each statement's execution time.
- ``Samples`` holds the durations; ``duration``, ``spread``, ``times_faster`` and ``times_costlier``
  format them; ``Row`` and ``render_table`` make the printed table; ``write_report`` prints it with
  the machine it ran on.

Nothing here asserts a threshold: a figure is only worth its ratio against a baseline measured in
the same run.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import django
from django.db import connection

Log = Callable[[str], None]
#: An action that times itself: it returns the seconds that count.
Timed = Callable[[], float]


# Samples and formatting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Samples:
    """Durations in seconds."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    def __len__(self) -> int:
        return len(self.seconds)

    def per(self, divisor: float) -> Samples:
        """Every duration divided by ``divisor`` (e.g. per page of a document)."""
        return Samples(tuple(seconds / divisor for seconds in self.seconds))


UNITS = {"µs": 1e6, "ms": 1e3, "s": 1.0}


def unit_for(seconds: float) -> str:
    return "µs" if seconds < 1e-3 else "ms" if seconds < 1 else "s"


def number(seconds: float, unit: str) -> str:
    value = seconds * UNITS[unit]
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def duration(seconds: float) -> str:
    """``seconds`` in µs, ms or s, with three significant digits."""
    unit = unit_for(seconds)
    return f"{number(seconds, unit)} {unit}"


def spread(samples: Samples) -> str:
    """Median with min-max, all in the median's unit, e.g. ``4.10 ms (3.80–5.02)``."""
    unit = unit_for(samples.median)
    low, high = number(samples.low, unit), number(samples.high, unit)
    return f"{number(samples.median, unit)} {unit} ({low}–{high})"


def times_faster(baseline: float, ours: float) -> str:
    """baseline ÷ ours: how many times faster ours is."""
    return f"{baseline / ours:.1f}× (b/o)" if ours > 0 else "–"


def times_costlier(ours: float, baseline: float) -> str:
    """ours ÷ baseline: how many times more ours costs."""
    return f"{ours / baseline:.2f}× (o/b)" if baseline > 0 else "–"


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


# The measurement loop --------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    """The seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def interleaved(actions: Mapping[str, Timed], *, repeat: int, warmup: int = 0) -> dict[str, Samples]:
    """``warmup`` untimed rounds, then ``repeat`` rounds; every round runs each action once, in order."""
    for _ in range(warmup):
        for action in actions.values():
            action()
    times: dict[str, list[float]] = {key: [] for key in actions}
    for _ in range(repeat):
        for key, action in actions.items():
            times[key].append(action())
    return {key: Samples(tuple(values)) for key, values in times.items()}


def sample(action: Timed, *, repeat: int, warmup: int = 0) -> Samples:
    """``warmup`` untimed runs of ``action``, then ``repeat`` timed ones."""
    return interleaved({"": action}, repeat=repeat, warmup=warmup)[""]


#: One SQL statement and the seconds it took.
Statement = tuple[str, float]
R = TypeVar("R")


def statements(action: Callable[[], R]) -> tuple[list[Statement], R]:
    """The statements ``action`` sends, each with its execution time measured by an execute wrapper
    (finer than the millisecond figure Django records), and what ``action`` returned."""
    captured: list[Statement] = []

    def timed_execute(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            # With its parameters, as Django's query log has it (EXPLAIN needs them).
            text = sql if many else connection.ops.last_executed_query(context["cursor"], sql, params)
            captured.append((text, seconds))

    with connection.execute_wrapper(timed_execute):
        result = action()
    return captured, result


def statement_count(action: Callable[[], object]) -> int:
    return len(statements(action)[0])


def timed_statements(action: Callable[[], R]) -> tuple[float, list[Statement], R]:
    """The seconds ``action`` takes, its statements (see ``statements``) and what it returned."""
    started = time.perf_counter()
    captured, result = statements(action)
    return time.perf_counter() - started, captured, result


# The table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    measurement: str
    ours: str
    baseline: str
    ratio: str
    notes: str


def render_table(rows: Sequence[Row]) -> str:
    header = Row("measurement", "ours", "baseline", "ratio", "notes")
    cells = [[r.measurement, r.ours, r.baseline, r.ratio, r.notes] for r in [header, *rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(5)]
    right_aligned = {1, 2, 3}

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if i in right_aligned else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return " | ".join(parts).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])


def machine_info() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"machine: {usable} usable cores ({os.cpu_count()} online), load {load} at start, "
        f"PostgreSQL {server_version}, Python {platform.python_version()}, Django {django.get_version()}, "
        f"{platform.platform(terse=True)}"
    )


class Writer(Protocol):
    """Where the report goes: a text stream, or a management command's ``stdout``."""

    def write(self, text: str, /) -> object: ...


def write_report(out: Writer, *, info: str, setup_lines: Sequence[str], rows: Sequence[Row], seconds: float) -> None:
    """The machine, the setup lines, the table, the legend and the wall time."""
    out.write("\n" + info + "\n")
    out.write("".join(line + "\n" for line in setup_lines) + "\n")
    out.write(render_table(rows) + "\n\n")
    out.write(
        "ratio: b/o = baseline ÷ ours (how many times faster ours is); "
        "o/b = ours ÷ baseline (how many times more ours costs).\n"
        "ours/baseline cells: median (min–max) where several samples were taken, otherwise one run.\n"
    )
    out.write(f"total wall time: {seconds:.0f} s\n")
