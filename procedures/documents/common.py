"""What every printable document shares: the Jinja2 templates, dates as the forms print them, and the look-up of a
record under the principal's read scope (the same as the API's list of that resource)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models.base import Entity
from permissions.filters import scope_filter
from permissions.principal import Principal
from procedures.access import read_scope
from procedures.calendar import CHINA

M = TypeVar("M", bound=Entity)

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=select_autoescape(["html"]),
    enable_async=True,
)


def chinese_date(moment: date | None) -> str:
    """2026年9月30日, in China's time zone; the blank of a handwritten date when there is none."""
    if moment is None:
        return "    年  月  日"
    local = moment.astimezone(CHINA) if isinstance(moment, datetime) else moment
    return f"{local.year}年{local.month}月{local.day}日"


def chinese_time(moment: datetime) -> str:
    """2026年9月30日8时05分, in China's time zone."""
    local = moment.astimezone(CHINA)
    return f"{chinese_date(local)}{local.hour}时{local.minute:02d}分"


async def render_template(template: str, **context: Any) -> str:
    return await _env.get_template(template).render_async(**context)


async def visible(principal: Principal, resource: str, model: type[M], row_id: int) -> M | None:
    """The row when the principal may read it (the scope of `resource`, as the API's), else None. A principal that
    may read no row of the resource at all is refused (AccessDenied, audited)."""
    where = scope_filter(resource, await read_scope(principal, resource))
    query = model.filter(id=row_id)
    return await (query.filter(where) if where is not None else query).first()
