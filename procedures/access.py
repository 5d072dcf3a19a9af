"""Asking the Authorizer on behalf of a procedure or a query, and recording every refusal in the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tortoise.models import Model

from events.outbox import record_event
from permissions.authorizer import Scope, authorizer
from permissions.catalog import READ_OBJECT
from permissions.filters import PUBLIC_RESOURCES, scope_filter
from permissions.principal import Principal


class AccessDenied(Exception):
    """The principal may not do this; the refusal is already in the audit trail."""


# False while an execution runs whose errors are never shown: the planned read path's attempt at the fields it leaves
# to the ordinary execution (graphql_api.planner.subtrees); the ordinary path, answering instead, records them.
_recording: ContextVar[bool] = ContextVar("caselink_record_denials", default=True)


@contextmanager
def unrecorded_denials() -> Iterator[None]:
    token = _recording.set(False)
    try:
        yield
    finally:
        _recording.reset(token)


def refusal(action: str, obj: str, agency_id: int | None) -> str:
    """What was refused, in plain words and without an ID: a refusal must not tell who sends, receives or holds a
    record (the audit trail keeps who asked and where)."""
    what = f"{action.replace('_', ' ')} {obj.replace('_', ' ')}"
    return f"you may not {what} in every agency" if agency_id is None else f"you may not {what} here"


async def deny(principal: Principal, action: str, obj: str, agency_id: int | None) -> AccessDenied:
    """Record the refused attempt (in its own transaction: the refused act writes nothing) and return the error."""
    if not _recording.get():
        return AccessDenied(refusal(action, obj, agency_id))
    await record_event(
        type="access.denied",
        subject_type="access",  # not the object's type: the ID is an agency's, and timelines must not pick it up
        subject_id=agency_id or 0,
        audience=[principal.agency_id],
        actor_id=principal.user_id,
        agency_id=principal.agency_id,
        payload={"action": action, "object": obj, "agency_id": agency_id, "subject": principal.subject},
    )
    return AccessDenied(refusal(action, obj, agency_id))


def _allowed(principal: Principal, action: str, obj: str, agency_id: int | None) -> bool:
    if agency_id is None:
        return authorizer.scope(principal, action, obj).everything
    return authorizer.can(principal, action, obj, agency_id)


async def require(principal: Principal, action: str, obj: str, agency_id: int | None) -> None:
    """Pass, or record the refusal and raise AccessDenied. `agency_id` None asks for every agency at once."""
    if not _allowed(principal, action, obj, agency_id):
        raise await deny(principal, action, obj, agency_id)


async def require_on(
    principal: Principal, action: str, obj: str, agency_id: int | None, *, record: Model, resource: str,
    missing: Exception,
) -> None:  # fmt: skip
    """`require` for an act on a record (a `resource` row): see `refuse_on`."""
    if not _allowed(principal, action, obj, agency_id):
        raise await refuse_on(principal, action, obj, agency_id, record=record, resource=resource, missing=missing)


async def refuse_on(
    principal: Principal, action: str, obj: str, agency_id: int | None, *, record: Model, resource: str,
    missing: Exception,
) -> Exception:  # fmt: skip
    """Record the refusal of an act on a record and return the error to raise: AccessDenied, or `missing` (what a
    record that does not exist gets) when the principal may not read the record, so that trying an act on any ID
    tells nothing of which records exist or who holds them."""
    denied = await deny(principal, action, obj, agency_id)
    return denied if await readable(principal, resource, record) else missing


async def readable(principal: Principal, resource: str, record: Model) -> bool:
    """Whether `node(id:)` would return the record to the principal: its read permission and scope."""
    scope = visible_scope(principal, resource)
    if scope.empty:
        return False
    where = scope_filter(resource, scope)
    return where is None or await type(record).filter(where, pk=record.pk).exists()


def visible_scope(principal: Principal, resource: str) -> Scope:
    """The agencies whose `resource` rows the principal may read (empty when none), without recording anything."""
    if resource in PUBLIC_RESOURCES:
        return Scope.all()
    return authorizer.scope(principal, "read", READ_OBJECT[resource])


async def read_scope(principal: Principal, resource: str) -> Scope:
    """The agencies whose `resource` rows the principal may read; a principal that may read none is refused."""
    scope = visible_scope(principal, resource)
    if scope.empty:
        raise await deny(principal, "read", READ_OBJECT[resource], None)
    return scope
