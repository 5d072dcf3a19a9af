"""The dashboard: R-G2 statistics and overdue warnings as charts. The charts are SVG drawn here, on the server:
no script and no asset from elsewhere (the machines that run this reach no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

from markupsafe import Markup
from sqladmin import expose
from sqladmin.i18n import gettext, lazy_gettext
from starlette.requests import Request
from starlette.responses import Response
from tortoise.functions import Count

from admin.auth import GuardedPage, principal_of
from models import Agency, DeadlineAlert
from models.enums import AlertLevel
from permissions.authorizer import authorizer
from permissions.principal import Principal
from procedures.calendar import WorkingCalendar
from procedures.clocks import count_open_provisional
from procedures.holiday_notices import missing_year
from procedures.supervision import statistics

_COLOURS = ("#206bc4", "#2fb344", "#f59f00", "#d63939")


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: list[float]


def bar_chart(categories: list[str], series: list[Series], *, width: int = 760) -> Markup:
    """Grouped horizontal bars, one group per category; an SVG with its numbers written on the bars."""
    if not categories:
        return Markup(f"<p class='text-secondary'>{escape(gettext('No data yet'))}</p>")
    bar, gap, left = 14, 10, 190
    group = bar * len(series) + gap
    height = group * len(categories) + 30
    top = max((v for s in series for v in s.values), default=0) or 1
    scale = (width - left - 60) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'class="caselink-chart" font-size="12">']  # fmt: skip
    for i, name in enumerate(categories):
        y = i * group
        parts.append(f'<text x="{left - 8}" y="{y + group / 2}" text-anchor="end">{escape(name)}</text>')
        for j, s in enumerate(series):
            value = s.values[i]
            by = y + j * bar
            colour = _COLOURS[j % len(_COLOURS)]
            parts.append(f'<rect x="{left}" y="{by}" width="{value * scale:.1f}" height="{bar - 2}" fill="{colour}">'
                         f"<title>{escape(s.label)}: {value:g}</title></rect>")  # fmt: skip
            parts.append(f'<text x="{left + value * scale + 4:.1f}" y="{by + bar - 4}">{value:g}</text>')
    legend_y = height - 8
    for j, s in enumerate(series):
        x = left + j * 160
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{_COLOURS[j % 4]}"/>'
                     f'<text x="{x + 14}" y="{legend_y}">{escape(s.label)}</text>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))


async def _alerts_by_agency(principal: Principal) -> tuple[list[str], list[Series]]:
    scope = authorizer.scope(principal, "read", "event")
    query = DeadlineAlert.all()
    if not scope.everything:
        query = query.filter(agency_id__in=sorted(scope.agency_ids))
    rows = await query.group_by("agency_id", "level").annotate(n=Count("id")).values("agency_id", "level", "n")
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(int(row["agency_id"]), {})[str(row["level"])] = int(row["n"])
    names = dict(await Agency.filter(id__in=list(counts)).values_list("id", "name"))
    ids = sorted(counts, key=lambda a: -sum(counts[a].values()))[:15]
    return [str(names[a]) for a in ids], [
        Series(gettext("overdue"), [counts[a].get(AlertLevel.RED.value, 0) for a in ids]),
        Series(gettext("warning"), [counts[a].get(AlertLevel.YELLOW.value, 0) for a in ids]),
    ]


async def _statistics(principal: Principal) -> tuple[list[str], list[Series]]:
    scope = authorizer.scope(principal, "read", "statistics")
    agencies = Agency.all() if scope.everything else Agency.filter(id__in=sorted(scope.agency_ids))
    names = dict(await agencies.values_list("id", "name"))
    end = datetime.now(UTC)
    found = [s for s in await statistics(list(names), start=end - timedelta(days=365), end=end)
             if s.transfers_sent or s.transfers_received or s.assistance_asked or s.clues_registered]  # fmt: skip
    found.sort(key=lambda s: -(s.transfers_sent + s.transfers_received))
    found = found[:15]
    return [str(names[s.agency_id]) for s in found], [
        Series(gettext("Transfers sent"), [s.transfers_sent for s in found]),
        Series(gettext("Transfers received"), [s.transfers_received for s in found]),
        Series(gettext("Assistance answered on time"), [s.assistance_answered_on_time for s in found]),
        Series(gettext("Clues passed on"), [s.clues_passed_on for s in found]),
    ]


class Dashboard(GuardedPage):
    name = lazy_gettext("Dashboard")
    identity = "dashboard"
    permission = ("read", "statistics")
    icon = "fa-solid fa-chart-column"

    @expose("/dashboard", methods=["GET"])
    async def dashboard(self, request: Request) -> Response:
        principal = principal_of(request)
        statistics_chart = bar_chart(*await _statistics(principal))
        alerts_chart = bar_chart(*await _alerts_by_agency(principal))
        scope = authorizer.scope(principal, "read", "event")
        provisional = await count_open_provisional(None if scope.everything else sorted(scope.agency_ids))
        missing = missing_year(datetime.now(UTC), await WorkingCalendar.load())
        return await self.templates.TemplateResponse(
            request,
            "caselink/dashboard.html",
            {"statistics_chart": statistics_chart, "alerts_chart": alerts_chart, "missing_year": missing,
             "provisional": provisional, "may_import": authorizer.scope(principal, "manage", "calendar").everything},
        )  # fmt: skip
