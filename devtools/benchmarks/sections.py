"""The sections of ``manage.py bench`` and the run that measures the chosen ones.

``SECTIONS`` lists them in the order they run (``--only`` names them); each brings its rows for the
table, which lists them by number. See the package docstring for why the order is what it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.management.base import CommandError

from devtools.benchmarks import certificates, commission, intake, migrations, provisioning, register, routing
from devtools.benchmarks.fixtures import BenchRun, Figures, Options, bench_database, silence_celery
from devtools.benchmarks.timing import Log, Row, Writer, machine_info, write_report


@dataclass(frozen=True)
class Section:
    name: str
    #: Its place in the table (the numbers of its rows).
    number: int
    run: Callable[[BenchRun], Figures]
    #: Refuses options the section cannot work with, before anything is set up.
    check: Callable[[Options], None] | None = None


#: The sections ``--only`` can choose, in the order they run.
SECTIONS: tuple[Section, ...] = (
    Section("migrations", 2, migrations.run),
    Section("provisioning", 1, provisioning.run),
    Section("routing", 4, routing.run),
    Section("register", 5, register.run, register.check),
    Section("intake", 6, intake.run, intake.check),
    Section("commission", 7, commission.run),
    Section("certificates", 8, certificates.run, certificates.check),
)
NAMES = tuple(section.name for section in SECTIONS)


def parse_sections(only: str) -> tuple[str, ...]:
    """``"register,intake"`` -> the chosen sections in running order; unknown names are refused."""
    chosen = {name.strip() for name in only.split(",") if name.strip()}
    unknown = chosen - set(NAMES)
    if unknown or not chosen:
        raise CommandError(f"--only takes a comma-separated list of {', '.join(NAMES)}")
    return tuple(name for name in NAMES if name in chosen)


def run(options: Options, *, keep: bool, out: Writer, log: Log, sections: Sequence[str] = NAMES) -> None:
    """Measure ``sections`` in a throw-away database and write the report to ``out``."""
    if options.members < 1 or options.repeat < 1 or options.requests < 1:
        raise CommandError("--members, --repeat and --requests must be at least 1")
    chosen = [section for section in SECTIONS if section.name in sections]
    for section in chosen:
        if section.check is not None:
            section.check(options)
    started = time.perf_counter()
    silence_celery()
    with bench_database(keep=keep, log=log):
        info = machine_info()
        bench = BenchRun(options=options, sections=tuple(section.name for section in chosen), log=log)
        figures: dict[int, Figures] = {}
        for section in chosen:
            figures[section.number] = section.run(bench)
            bench.setup_lines += figures[section.number].setup_lines
    rows: list[Row] = [row for number in sorted(figures) for row in figures[number].rows]
    write_report(out, info=info, setup_lines=bench.setup_lines, rows=rows, seconds=time.perf_counter() - started)
