"""Writing configuration records (agencies, matters, the catalog of jurisdictions, calendar days, time limits …)
through Tortoise, each with its event in the same transaction, the administrator as actor.

Records that carry a rule are never written here: the admin calls their procedures (see `admin.views`).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.models import Model
from tortoise.transactions import in_transaction

from events.outbox import record_event
from permissions.principal import Principal


class AdminWriteError(Exception):
    """The database refused the change (a duplicate, a record still in use); the message is for the form."""


def tortoise_values(model: type[Model], data: dict[str, Any]) -> dict[str, Any]:
    """Form data (relations as related rows or IDs, enums as values) as Tortoise field values."""
    values: dict[str, Any] = {}
    fields_map = model._meta.fields_map
    for name, value in data.items():
        field = fields_map.get(name)
        if field is None or field.pk:
            continue
        if isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
            related = getattr(value, "id", value)
            values[field.source_field or f"{name}_id"] = int(related) if related not in (None, "") else None
            continue
        enum_type = getattr(field, "enum_type", None)
        if enum_type is not None and value is not None and not isinstance(value, enum.Enum):
            value = enum_type(value) if value != "" else None
        values[name] = value
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _agencies(model: type[Model], row: Model) -> list[int]:
    """The agencies a record belongs to, for the event's audience."""
    found = [getattr(row, "id")] if model._meta.db_table == "agency" else []  # noqa: B009
    for name in ("agency_id", "provider_id", "owner_id", "department_id", "consumer_id"):
        value = getattr(row, name, None)
        if isinstance(value, int):
            found.append(value)
    return found


async def save_record(actor: Principal, model: type[Model], pk: int | None, data: dict[str, Any]) -> Model:
    """Create (pk None) or update one record and write `admin.<table>.created|updated` in the same transaction."""
    values = tortoise_values(model, data)
    table = model._meta.db_table
    try:
        async with in_transaction() as connection:
            if pk is None:
                row = await model.create(**values, using_db=connection)
                changed = values
            else:
                row = await model.select_for_update().using_db(connection).get(pk=pk)
                changed = {k: v for k, v in values.items() if getattr(row, k) != v}
                if changed:
                    row.update_from_dict(changed)
                    await row.save(using_db=connection)
            await record_event(
                type=f"admin.{table}.{'created' if pk is None else 'updated'}", subject_type=table,
                subject_id=int(row.pk), audience=_agencies(model, row), actor_id=actor.user_id,
                agency_id=actor.agency_id, payload={k: _plain(v) for k, v in changed.items()}, using_db=connection,
            )  # fmt: skip
    except (IntegrityError, OperationalError) as exc:
        raise AdminWriteError(f"数据库拒绝了此次修改(重复或仍被引用):{exc}") from exc
    return row


async def delete_record(actor: Principal, model: type[Model], pk: int) -> None:
    table = model._meta.db_table
    try:
        async with in_transaction() as connection:
            row = await model.get(pk=pk, using_db=connection)
            audience = _agencies(model, row)
            await row.delete(using_db=connection)
            await record_event(
                type=f"admin.{table}.deleted", subject_type=table, subject_id=pk, audience=audience,
                actor_id=actor.user_id, agency_id=actor.agency_id, payload={"label": str(row)}, using_db=connection,
            )  # fmt: skip
    except (IntegrityError, OperationalError) as exc:
        raise AdminWriteError(f"该记录仍被其他记录引用,不能删除:{exc}") from exc
