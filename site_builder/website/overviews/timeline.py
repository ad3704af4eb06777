"""/overzicht/tijdlijn/: each programme's period as a bar, as far as the sources know it.

A bar is solid from the start up to the year the sources show the programme active: its
end if they give one (closed by a line), otherwise the year the information describes.
After that a planned end is drawn as an outlined bar up to the planned year ("gepland"),
and an unknown end fades out ("einde onbekend"). Nothing is drawn up to today: the
sources do not say a programme still runs. Python places everything in drawing units;
`templates/overviews/timeline.md` and `timeline.svg` draw it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...content.wording import UNKNOWN_END
from .. import urls
from ..site_context import SiteContext
from ..templating import render
from ..views import CaseView, by_title

TIMELINE = urls.page("overzicht/tijdlijn.md")

# Drawing units of the timeline (the SVG scales to the page width, or scrolls on a phone).
TIMELINE_WIDTH = 1000
TIMELINE_LEFT, TIMELINE_RIGHT = 20, 860  # where the first and the last year boundary go
ROW_HEIGHT, AXIS_HEIGHT = 46, 34
BAR_TOP, BAR_HEIGHT = 22, 16  # within a row
FADE_STEPS = 3
MAX_LABEL = 90  # characters of a title shown in the chart; the full title is in its tooltip
PLANNED = "gepland"


@dataclass(frozen=True)
class TimelineRow:
    case: CaseView

    @property
    def start(self) -> int:
        return self.case.active_years[0]

    @property
    def end(self) -> int | None:
        """An end the sources give."""
        return self.case.period_end

    @property
    def planned_end(self) -> int | None:
        return self.case.planned_end if self.end is None else None

    @property
    def known_until(self) -> int:
        """The last year the sources show the programme active (Case.active_years)."""
        return self.case.active_years[1]

    @property
    def status(self) -> str:
        """'afgelopen', 'gepland' (a planned end) or 'onbekend' (no end known)."""
        return "afgelopen" if self.end is not None else "gepland" if self.planned_end is not None else "onbekend"

    @property
    def known_years(self) -> int:
        """Years the sources show it active, counting both ends."""
        return self.known_until - self.start + 1


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
    solid: Rect  # what the sources show
    end_x: float | None  # the closing line of an ended programme
    planned: Rect | None  # the outlined part up to a planned end
    fades: tuple[Rect, ...]  # the fading end of a programme whose end is unknown
    note: str  # "gepland" or "einde onbekend"; "" for an ended programme
    note_x: float
    note_y: float


@dataclass(frozen=True)
class Timeline:
    height: int
    ticks: tuple[tuple[int, float], ...]  # (year, x)
    bars: tuple[Bar, ...]


def timeline_rows(cases: list[CaseView]) -> tuple[list[TimelineRow], list[CaseView]]:
    """Cases with active years (a start year), oldest start first (the no-script order), and the rest."""
    dated = [TimelineRow(c) for c in cases if c.active_years is not None]
    dated.sort(key=lambda row: (row.start, row.end or math.inf, row.case.title.casefold()))
    undated = by_title([c for c in cases if c.active_years is None])
    return dated, undated


def lay_out_timeline(rows: list[TimelineRow]) -> Timeline:
    first = min(row.start for row in rows)
    last = max(max(row.known_until, row.planned_end or 0) for row in rows)
    span = last + 1 - first

    def x(year: float) -> float:
        return round(TIMELINE_LEFT + (year - first) / span * (TIMELINE_RIGHT - TIMELINE_LEFT), 1)

    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 12)
    ticks = tuple((year, x(year)) for year in range(first + (-first % step), last + 2, step))  # multiples of step
    bars = []
    middle = BAR_TOP + BAR_HEIGHT / 2
    for position, row in enumerate(rows):
        title = row.case.title
        start_x, known_x = x(row.start), x(row.known_until + 1)
        solid = Rect(start_x, max(known_x - start_x, 2))
        end_x, planned, fades, note, note_x = None, None, (), "", 0.0
        if row.end is not None:
            end_x = known_x
        elif row.planned_end is not None and row.planned_end > row.known_until:
            planned_x = x(row.planned_end + 1)
            planned = Rect(known_x, round(planned_x - known_x, 1))
            note, note_x = f"{PLANNED} tot {row.planned_end}", planned_x + 6
        else:
            # What comes after the year the information describes is unknown: a short fade.
            fade_width = (x(row.known_until + 2) - known_x) / FADE_STEPS
            fades = tuple(Rect(round(known_x + step * fade_width, 1), round(fade_width, 1))
                          for step in range(FADE_STEPS))
            note, note_x = (f"{PLANNED} tot {row.planned_end}" if row.planned_end else UNKNOWN_END,
                            round(known_x + FADE_STEPS * fade_width + 6, 1))
        bars.append(Bar(row, position, AXIS_HEIGHT + position * ROW_HEIGHT,
                        title if len(title) <= MAX_LABEL else title[:MAX_LABEL - 1].rstrip() + "…",
                        solid, end_x, planned, fades, note, note_x, middle + 5))
    return Timeline(AXIS_HEIGHT + ROW_HEIGHT * len(rows) + 8, ticks, tuple(bars))


def render_timeline_page(site: SiteContext) -> str:
    dated, undated = timeline_rows(list(site.views.values()))
    return render("overviews/timeline.md", TIMELINE, rows=dated, undated=undated,
                  timeline=lay_out_timeline(dated) if dated else None,
                  chart=dict(width=TIMELINE_WIDTH, left=TIMELINE_LEFT, row_height=ROW_HEIGHT,
                             axis_height=AXIS_HEIGHT, bar_top=BAR_TOP, bar_height=BAR_HEIGHT))
