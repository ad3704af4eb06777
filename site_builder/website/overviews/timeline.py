"""/overzicht/tijdlijn/: each programme's period as a bar, running ones open-ended.

Python places the axis, the bars and their fading ends in drawing units;
`templates/overviews/timeline.md` and `timeline.svg` draw them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from ...content.wording import RUNNING
from .. import urls
from ..site_context import SiteContext
from ..templating import render
from ..views import CaseView, by_title

TIMELINE = urls.page("overzicht/tijdlijn.md")

# Drawing units of the timeline (the SVG scales to the page width, or scrolls on a phone).
TIMELINE_WIDTH = 1000
TIMELINE_LEFT, TIMELINE_RIGHT = 20, 880  # where the first and the last year boundary go
ROW_HEIGHT, AXIS_HEIGHT = 46, 34
BAR_TOP, BAR_HEIGHT = 22, 16  # within a row
FADE_STEPS = 3
MAX_LABEL = 90  # characters of a title shown in the chart; the full title is in its tooltip


@dataclass(frozen=True)
class TimelineRow:
    case: CaseView
    start: int
    end: int | None  # None: still running

    def length(self, this_year: int) -> int:
        """Years the programme ran (or has run so far), counting both ends."""
        return max((self.end if self.end is not None else this_year) - self.start + 1, 1)


@dataclass(frozen=True)
class Rect:
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One row of the chart, in drawing units."""

    row: TimelineRow
    position: int  # 0 for the top row
    top: int  # of the row, within the chart
    label: str  # the title, shortened to MAX_LABEL
    length: int
    solid: Rect
    end_x: float | None  # the closing line of an ended programme
    fades: tuple[Rect, ...]  # the fading end of a running one (then also an arrow)
    arrow: str  # polygon points, "" for an ended programme
    running_x: float  # where the word "lopend" starts
    running_y: float


@dataclass(frozen=True)
class Timeline:
    height: int
    ticks: tuple[tuple[int, float], ...]  # (year, x)
    bars: tuple[Bar, ...]


def timeline_rows(cases: list[CaseView]) -> tuple[list[TimelineRow], list[CaseView]]:
    """Cases with a period, oldest start first (the no-script order), and the rest."""
    dated = [TimelineRow(c, c.period_start, c.period_end) for c in cases if c.has_period]
    dated.sort(key=lambda row: (row.start, row.end or math.inf, row.case.title.casefold()))
    undated = by_title([c for c in cases if not c.has_period])
    return dated, undated


def lay_out_timeline(rows: list[TimelineRow], this_year: int) -> Timeline:
    first = min(row.start for row in rows)
    # Programmes may be planned to start after this year; the axis then runs on to them.
    last = max([this_year, *(row.start for row in rows), *(row.end for row in rows if row.end is not None)])
    span = last + 1 - first

    def x(year: float) -> float:
        return round(TIMELINE_LEFT + (year - first) / span * (TIMELINE_RIGHT - TIMELINE_LEFT), 1)

    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 12)
    ticks = tuple((year, x(year)) for year in range(first + (-first % step), last + 2, step))  # multiples of step
    bars = []
    for position, row in enumerate(rows):
        title = row.case.title
        start_x = x(row.start)
        fades: tuple[Rect, ...] = ()
        arrow, end_x = "", None
        running_x = running_y = 0.0
        if row.end is not None:
            end_x = x(row.end + 1)
            solid = Rect(start_x, max(end_x - start_x, 2))
        else:
            # Solid up to this year, fading through it, then an arrow and the word "lopend".
            current = max(this_year, row.start)  # a planned programme fades from its first year
            this_year_x, after_x = x(current), x(current + 1)
            solid = Rect(start_x, max(this_year_x - start_x, 2))
            fade_width = (after_x - this_year_x) / FADE_STEPS
            fades = tuple(Rect(round(this_year_x + step * fade_width, 1), round(fade_width, 1))
                          for step in range(FADE_STEPS))
            tip, middle = round(after_x + 14, 1), BAR_TOP + BAR_HEIGHT / 2
            arrow = f"{after_x},{BAR_TOP - 4} {tip},{middle} {after_x},{BAR_TOP + BAR_HEIGHT + 4}"
            running_x, running_y = tip + 6, middle + 5
        bars.append(Bar(row, position, AXIS_HEIGHT + position * ROW_HEIGHT,
                        title if len(title) <= MAX_LABEL else title[:MAX_LABEL - 1].rstrip() + "…",
                        row.length(this_year), solid, end_x, fades, arrow, running_x, running_y))
    return Timeline(AXIS_HEIGHT + ROW_HEIGHT * len(rows) + 8, ticks, tuple(bars))


def render_timeline_page(site: SiteContext, today: datetime.date | None = None) -> str:
    this_year = (today or datetime.date.today()).year
    dated, undated = timeline_rows(list(site.views.values()))
    return render("overviews/timeline.md", TIMELINE, this_year=this_year, rows=dated, undated=undated,
                  timeline=lay_out_timeline(dated, this_year) if dated else None, running=RUNNING,
                  chart=dict(width=TIMELINE_WIDTH, left=TIMELINE_LEFT, row_height=ROW_HEIGHT,
                             axis_height=AXIS_HEIGHT, bar_top=BAR_TOP, bar_height=BAR_HEIGHT))
