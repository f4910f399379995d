"""The proposition timeline: who affirmed and who denied, when, as positions.

Pure arithmetic on dates, computed at build time; the template draws it with
HTML and CSS (no chart library, no script). One row per speaker, in the order
of their first claim, so a change of position reads along a row; one mark
per claim, placed by its date between the first and the last dated claim.
Marks that would overlap in a row are moved to a lane below.

Positions are whole percentages, so that the page can place marks with
classes (``timeline-at-37``) instead of inline styles, which a strict
Content-Security-Policy would block.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from .index import oldest_first
from .model import Claim

DATED_END = 100
"""Where the last dated claim sits (percent of the track), with no undated claims."""
DATED_END_WITH_UNDATED = 84
"""... and with undated claims, which get a slot of their own at the right."""
UNDATED_AT = 96
MIN_GAP = 4
"""Percent of the track: marks of one row closer than this go to separate lanes."""
MAX_TICKS = 6
EDGE_CLEARANCE = 16
"""Percent of the track kept free of round-date ticks beside the two end dates,
whose labels are wider."""


@dataclass(frozen=True)
class Mark:
    """One claim on the timeline: ``x`` in percent of the track, ``lane`` from 0."""

    claim: Claim
    x: int
    lane: int


@dataclass(frozen=True)
class Row:
    """One speaker's claims, oldest first, and the same marks by lane."""

    speaker: str
    marks: tuple[Mark, ...]
    lanes: tuple[tuple[Mark, ...], ...]


@dataclass(frozen=True)
class Tick:
    """A date on the axis; ``edge`` ticks (the first and last dated claims) are
    always labelled, the others only where there is room."""

    x: int
    date: datetime.date
    label: str
    edge: bool = False


@dataclass(frozen=True)
class Timeline:
    """Rows of marks and the ticks of the axis."""

    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    undated: bool
    undated_at: int = UNDATED_AT

    @property
    def marks(self) -> int:
        """How many claims the timeline shows."""
        return sum(len(row.marks) for row in self.rows)


def build_timeline(claims: Iterable[Claim]) -> Timeline:
    """The timeline of ``claims`` (any order; each is shown once)."""
    ordered = sorted(claims, key=oldest_first)
    dated = [claim.date for claim in ordered if claim.date is not None]
    undated = len(dated) < len(ordered)
    end_at = DATED_END_WITH_UNDATED if undated else DATED_END
    start = min(dated) if dated else None
    span = (max(dated) - start).days if dated and start else 0

    def position(claim: Claim) -> int:
        if claim.date is None or start is None:
            return UNDATED_AT
        if span == 0:
            return end_at // 2
        return round((claim.date - start).days / span * end_at)

    by_speaker: dict[str, list[Claim]] = {}
    for claim in ordered:
        by_speaker.setdefault(claim.speaker or "", []).append(claim)
    rows = []
    for speaker, own in by_speaker.items():
        marks = _lay_out([(claim, position(claim)) for claim in own])
        lanes: list[list[Mark]] = []
        for mark in marks:
            if mark.lane == len(lanes):
                lanes.append([])
            lanes[mark.lane].append(mark)
        rows.append(Row(speaker, tuple(marks), tuple(tuple(lane) for lane in lanes)))
    ticks = _ticks(start, span, end_at) if start is not None else ()
    return Timeline(tuple(rows), ticks, undated)


def _lay_out(placed: list[tuple[Claim, int]]) -> list[Mark]:
    """Put each mark in the lowest lane where it does not overlap the previous
    mark (``placed`` is in order of position). A heap of busy lanes by where
    they end and one of free lanes by number keep it O(n log n)."""
    busy: list[tuple[int, int]] = []  # (last x, lane)
    free: list[int] = []
    lanes = 0
    marks = []
    for claim, x in placed:
        while busy and x - busy[0][0] >= MIN_GAP:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, lanes = lanes, lanes + 1
        heapq.heappush(busy, (x, lane))
        marks.append(Mark(claim, x, lane))
    return marks


def _ticks(start: datetime.date, span: int, end_at: int) -> tuple[Tick, ...]:
    """The first and last dates, and round dates between them (months, years
    or days, whichever gives at most MAX_TICKS), away from the two ends."""
    end = start + datetime.timedelta(days=span)
    if span == 0:
        return (Tick(end_at // 2, start, start.isoformat(), True),)
    edges = [Tick(0, start, start.isoformat(), True), Tick(end_at, end, end.isoformat(), True)]
    inner: list[tuple[datetime.date, str]] = []
    for candidate in _candidates(start, end):
        if len(candidate) <= MAX_TICKS:
            inner = candidate
            break
    ticks = [edges[0]]
    for date, label in inner:
        x = round((date - start).days / span * end_at)
        if EDGE_CLEARANCE <= x <= end_at - EDGE_CLEARANCE:
            ticks.append(Tick(x, date, label))
    ticks.append(edges[1])
    return tuple(ticks)


def _candidates(
    start: datetime.date, end: datetime.date
) -> Iterable[list[tuple[datetime.date, str]]]:
    """Round dates strictly inside (start, end), finer first: every 1, 2, 7 or
    14 days; the first of every 1, 2, 3 or 6 months; every 1, 2, 5, 10, 20,
    50... years. Each list stops one past MAX_TICKS (then it is too many)."""
    for step in (1, 2, 7, 14):
        days: list[tuple[datetime.date, str]] = []
        ordinal = start.toordinal() + step
        while ordinal < end.toordinal() and len(days) <= MAX_TICKS:
            day = datetime.date.fromordinal(ordinal)
            days.append((day, day.isoformat()))
            ordinal += step
        yield days
    for step in (1, 2, 3, 6):
        months: list[tuple[datetime.date, str]] = []
        index = start.year * 12 + start.month  # the month after start's, counted from 1
        index += (-index) % step  # the first month of a step (Jan, Mar... for 2)
        while len(months) <= MAX_TICKS:
            year, month = divmod(index, 12)
            if year > datetime.MAXYEAR:
                break
            day = datetime.date(year, month + 1, 1)
            if day >= end:
                break
            months.append((day, f"{year:04d}-{month + 1:02d}"))
            index += step
        yield months
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        years: list[tuple[datetime.date, str]] = []
        year = start.year + 1
        year += (-year) % step
        while len(years) <= MAX_TICKS and year <= datetime.MAXYEAR:
            day = datetime.date(year, 1, 1)
            if day >= end:
                break
            years.append((day, f"{year:04d}"))
            year += step
        yield years
