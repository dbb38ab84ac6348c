"""What the staff dashboards show, as each capability counts it: the shared vocabulary.

Each capability that has a dashboard counts in SQL (``core/<capability>/figures.py``)
and returns ``Table``s: named columns and rows of plain values (dates, keys, numbers),
never a label; the console (``api/dashboards``) puts the labels in the staff member's
language, draws the charts and writes the CSV from the same rows. Days and weeks are
those of UTC, the same on SQLite and PostgreSQL; a week starts on Monday.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def since(self) -> datetime:
        """The first moment of the period (UTC)."""
        return datetime.combine(self.start, time(), UTC)

    @property
    def until(self) -> datetime:
        """The first moment after the period (UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time(), UTC)

    def weeks(self) -> list[date]:
        """The Monday of every week the period touches, in order."""
        first = monday(self.start)
        return [first + timedelta(weeks=i) for i in range((self.end - first).days // 7 + 1)]

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Table:
    """Rows of values under named columns. ``name`` says what it counts (e.g.
    ``childcare.occupancy``); the console finds its title, its column headings and how to
    name each value (a site, a status, a language) by the names."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


# --- days and weeks in SQL, the same on both databases ---------------------------------------


class day_of(FunctionElement[date]):
    """The UTC day of a date-time column (a date column as it is)."""

    type = Date()
    inherit_cache = True


class week_of(FunctionElement[date]):
    """The Monday of the UTC week of a date or date-time column."""

    type = Date()
    inherit_cache = True


def _is_datetime(element: FunctionElement[Any]) -> bool:
    """Whether the argument is a date-time (also behind a TypeDecorator, as UtcDateTime)."""
    kind = getattr(next(iter(element.clauses)), "type", None)
    return isinstance(getattr(kind, "impl", kind), DateTime)


def _argument(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    argument: ColumnElement[Any] = next(iter(element.clauses))
    return compiler.process(argument, **kw)


@compiles(day_of)
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({_argument(element, compiler, **kw)})"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    argument = _argument(element, compiler, **kw)
    if _is_datetime(element):
        return f"CAST(({argument} AT TIME ZONE 'UTC') AS DATE)"
    return f"CAST({argument} AS DATE)"


@compiles(week_of)
def _week_of_sqlite(element: week_of, compiler: SQLCompiler, **kw: Any) -> str:
    # the next Sunday (the day itself on a Sunday), then back six days
    return f"date({_argument(element, compiler, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_of, "postgresql")
def _week_of_postgresql(element: week_of, compiler: SQLCompiler, **kw: Any) -> str:
    argument = _argument(element, compiler, **kw)
    if _is_datetime(element):
        return f"CAST(date_trunc('week', {argument} AT TIME ZONE 'UTC') AS DATE)"
    return f"CAST(date_trunc('week', CAST({argument} AS TIMESTAMP)) AS DATE)"


class seconds_between(FunctionElement[float]):
    """The seconds from the date-time ``earlier`` to the date-time ``later`` (negative when
    it is before): ``seconds_between(later, earlier)``. To the microsecond on PostgreSQL,
    to the millisecond on SQLite (whose Julian days are floating-point numbers)."""

    type = Float()
    inherit_cache = True


def _two_arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    later, earlier = list(element.clauses)
    return compiler.process(later, **kw), compiler.process(earlier, **kw)


@compiles(seconds_between)
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _two_arguments(element, compiler, **kw)
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


@compiles(seconds_between, "postgresql")
def _seconds_between_postgresql(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _two_arguments(element, compiler, **kw)
    return f"CAST(EXTRACT(EPOCH FROM ({later}) - ({earlier})) AS DOUBLE PRECISION)"
