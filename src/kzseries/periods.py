"""The period grammar used in ``data/raw/``.

=================  ===================================================
``2024``           a calendar year
``2024-H1``        a half-year (H1 = Jan-Jun, H2 = Jul-Dec)
``2024-Q3``        a quarter
``2024-08``        a month (or a point in that month, for stocks)
``2025-09-02``     a day: an as-of date (stocks, campaign running totals)
``2025-01/2025-08``  a span of months, e.g. a year-to-date total
=================  ===================================================
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PATTERN = (
    r"(?:\d{4}(?:-H[12]|-Q[1-4]|-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?)"
    r"|(?:\d{4}-(?:0[1-9]|1[0-2])/\d{4}-(?:0[1-9]|1[0-2]))"
)
_RE = re.compile(PATTERN)


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # year | half | quarter | month | day | span
    start: date
    end: date

    @property
    def year(self) -> int:
        """The calendar year the period ends in."""
        return self.end.year

    @property
    def months(self) -> int:
        """Number of whole calendar months covered (0 for a single day)."""
        if self.kind == "day":
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def is_full_year(self) -> bool:
        return self.kind == "year" or (
            self.kind == "span" and self.start.month == 1 and self.end.month == 12
            and self.start.year == self.end.year
        )


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse(text: str) -> Period:
    """Parse a period string; raise ``ValueError`` with the grammar if malformed."""
    if not isinstance(text, str) or not _RE.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a period; use YYYY, YYYY-H1, YYYY-Q1, YYYY-MM, YYYY-MM-DD or YYYY-MM/YYYY-MM"
        )
    if "/" in text:
        a, b = text.split("/")
        y1, m1 = map(int, a.split("-"))
        y2, m2 = map(int, b.split("-"))
        start, end = date(y1, m1, 1), _month_end(y2, m2)
        if end < start:
            raise ValueError(f"{text!r}: the span ends before it starts")
        return Period(text, "span", start, end)
    y = int(text[:4])
    rest = text[5:]
    if not rest:
        return Period(text, "year", date(y, 1, 1), date(y, 12, 31))
    if rest[0] == "H":
        h = int(rest[1])
        return Period(text, "half", date(y, 6 * h - 5, 1), _month_end(y, 6 * h))
    if rest[0] == "Q":
        q = int(rest[1])
        return Period(text, "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    parts = rest.split("-")
    m = int(parts[0])
    if len(parts) == 1:
        return Period(text, "month", date(y, m, 1), _month_end(y, m))
    d = date(y, m, int(parts[1]))  # raises ValueError for 2025-02-30
    return Period(text, "day", d, d)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True
