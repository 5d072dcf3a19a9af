"""R-B1: a suspected violation found on patrol within another agency's remit is dissuaded or stopped on the spot and
notified to that agency, which must investigate and report what it did. Both directions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, Case, Matter, Notice
from models.enums import AgencyKind, CaseSource, CaseStatus, NoticeOutcome, NoticeStatus
from permissions.principal import Principal
from procedures import clocks, numbering
from procedures.access import require, require_on
from procedures.jurisdiction import propose_receiver

N = NoticeStatus


class NoticeError(Exception):
    """A step refused; `code` is one of NoticeErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class NoticeInput:
    place: str
    found_at: datetime
    facts: str
    dissuasion: str  # what was done on the spot to dissuade or stop it
    matter_id: int | None = None
    receiver_id: int | None = None  # None: the agency the catalog makes competent for the matter here
    party_name: str = ""
    party_detail: str = ""


def _missing(notice_id: int) -> NoticeError:
    return NoticeError("NOT_FOUND", f"no notice has the ID {notice_id}", field="notice")


async def _notice(notice_id: int) -> Notice:
    notice = await Notice.get_or_none(id=notice_id)
    if notice is None:
        raise _missing(notice_id)
    return notice


async def _require(actor: Principal, action: str, obj: str, notice: Notice) -> None:
    """`require` in the receiver, and a notice the actor may not read is answered as a missing one (`require_on`)."""
    await require_on(actor, action, obj, notice.receiver_id, record=notice, resource="notice",
                     missing=_missing(notice.id))  # fmt: skip


async def _event(connection: BaseDBAsyncClient, type_: str, notice: Notice, actor: Principal, at: datetime,
                 **payload: object) -> None:  # fmt: skip
    await record_event(
        type=f"notice.{type_}", subject_type="notice", subject_id=notice.id, audience=[notice.sender_id,
        notice.receiver_id], actor_id=actor.user_id, agency_id=actor.agency_id, case_id=notice.case_id,
        payload={"status": notice.status.value, "number": notice.number, **payload}, occurred_at=at,
        using_db=connection,
    )  # fmt: skip


async def notify(actor: Principal, data: NoticeInput, *, at: datetime | None = None) -> Notice:
    """Record the violation and what was done, and notify the competent agency; its response clock starts."""
    now = at or datetime.now(UTC)
    await require(actor, "create", "notice", actor.agency_id)
    for name, value in (("place", data.place), ("facts", data.facts), ("dissuasion", data.dissuasion)):
        if not value.strip():
            raise NoticeError("REASON_REQUIRED", f"the notice needs its {name}", field=name)
    receiver_id = data.receiver_id
    if data.matter_id is not None and not await Matter.exists(id=data.matter_id):
        raise NoticeError("NOT_FOUND", f"no matter has the ID {data.matter_id}", field="matter")
    if receiver_id is None and data.matter_id is not None:
        probe = Case(agency_id=actor.agency_id, matter_id=data.matter_id, territory_id=actor.agency_id)
        proposal = await propose_receiver(probe, on=now.date())
        receiver_id = proposal.agency.id if proposal else None
    if receiver_id is None:
        raise NoticeError("NO_RECEIVER", "name the competent agency, or a matter the catalog knows", field="receiver")
    if receiver_id == actor.agency_id:
        raise NoticeError("SAME_AGENCY", "within one's own remit, handle it instead of notifying", field="receiver")
    if not await Agency.exists(id=receiver_id):
        raise NoticeError("NOT_FOUND", f"no agency has the ID {receiver_id}", field="receiver")
    sender = await Agency.get(id=actor.agency_id)
    async with in_transaction() as connection:
        response = await clocks.due("notice.response", now, using_db=connection)
        notice = await Notice.create(
            number=await numbering.issue_number(sender, numbering.NOTICE, now.year, using_db=connection),
            sender_id=sender.id, receiver_id=receiver_id, matter_id=data.matter_id, place=data.place,
            found_at=data.found_at, party_name=data.party_name, party_detail=data.party_detail, facts=data.facts,
            dissuasion=data.dissuasion, created_by_id=actor.user_id, sent_at=now,
            response_deadline=response.at, using_db=connection,
        )  # fmt: skip
        await clocks.keep(response, notice.id, using_db=connection)
        await _event(connection, "sent", notice, actor, now)
    return notice


async def acknowledge(actor: Principal, notice_id: int, *, at: datetime | None = None) -> Notice:
    now = at or datetime.now(UTC)
    notice = await _notice(notice_id)
    await _require(actor, "acknowledge", "notice", notice)
    async with in_transaction() as connection:
        if (
            not await Notice.filter(id=notice.id, status=N.SENT)
            .using_db(connection)
            .update(status=N.ACKNOWLEDGED, acknowledged_at=now)
        ):
            raise NoticeError("INVALID_STATE", f"the notice is {notice.status.value}, not sent")
        notice.status, notice.acknowledged_at = N.ACKNOWLEDGED, now
        await _event(connection, "acknowledged", notice, actor, now)
    return notice


async def report(
    actor: Principal, notice_id: int, *, outcome: NoticeOutcome, text: str, at: datetime | None = None
) -> Notice:
    """The receiver reports what it did: investigated, opened a case (see `open_case`), or found no violation."""
    now = at or datetime.now(UTC)
    notice = await _notice(notice_id)
    await _require(actor, "report", "notice", notice)
    if outcome is NoticeOutcome.CASE_OPENED:
        raise NoticeError("USE_OPEN_CASE", "open the case from the notice: the report follows", field="outcome")
    if not text.strip():
        raise NoticeError("REASON_REQUIRED", "say what was done", field="text")
    return await _report(actor, notice, outcome, text, now, case_id=None)


async def _report(
    actor: Principal, notice: Notice, outcome: NoticeOutcome, text: str, now: datetime, *, case_id: int | None,
    connection: BaseDBAsyncClient | None = None,
) -> Notice:  # fmt: skip
    async def write(conn: BaseDBAsyncClient) -> None:
        changed = await Notice.filter(id=notice.id, status__in=[N.SENT, N.ACKNOWLEDGED]).using_db(conn).update(
            status=N.REPORTED, outcome=outcome, outcome_text=text, reported_at=now, case_id=case_id,
            acknowledged_at=notice.acknowledged_at or now,
        )  # fmt: skip
        if not changed:
            raise NoticeError("INVALID_STATE", f"the notice is {notice.status.value}: already reported")
        notice.status, notice.outcome, notice.outcome_text, notice.reported_at = N.REPORTED, outcome, text, now
        notice.case_id, notice.acknowledged_at = case_id, notice.acknowledged_at or now
        await _event(conn, "reported", notice, actor, now, outcome=outcome.value,
                     late=now > notice.response_deadline)  # fmt: skip

    if connection is not None:
        await write(connection)
    else:
        async with in_transaction() as conn:
            await write(conn)
    return notice


async def open_case(actor: Principal, notice_id: int, *, title: str, at: datetime | None = None) -> Case:
    """Turn the notice into a case of the receiver in one step, and report that back to the sender."""
    now = at or datetime.now(UTC)
    notice = await _notice(notice_id)
    await _require(actor, "report", "notice", notice)
    await _require(actor, "create", "case", notice)
    if not title.strip():
        raise NoticeError("REASON_REQUIRED", "the case needs a title", field="title")
    receiver, sender = await Agency.get(id=notice.receiver_id), await Agency.get(id=notice.sender_id)
    local = (AgencyKind.TOWNSHIP, AgencyKind.SUB_DISTRICT)  # where the facts happened: the township of the two
    territory = sender.id if sender.kind in local else receiver.id if receiver.kind in local else None
    async with in_transaction() as connection:
        filing = await clocks.due("case.filing", now, using_db=connection)
        case = await Case.create(
            number=await numbering.issue_number(receiver, numbering.CASE, now.year, using_db=connection),
            title=title, matter_id=notice.matter_id, agency_id=receiver.id, territory_id=territory,
            source=CaseSource.NOTICE, status=CaseStatus.OPEN, facts=f"{notice.facts}\n(据{notice.number}告知)",
            opened_by_id=actor.user_id, discovered_at=notice.found_at,
            filing_deadline=filing.at, using_db=connection,
        )  # fmt: skip
        await clocks.keep(filing, case.id, using_db=connection)
        await record_event(type="case.opened", subject_type="case", subject_id=case.id, case_id=case.id,
                           audience=[receiver.id, notice.sender_id], actor_id=actor.user_id,
                           agency_id=actor.agency_id, payload={"number": case.number, "notice": notice.number},
                           using_db=connection)  # fmt: skip
        await _report(actor, notice, NoticeOutcome.CASE_OPENED, f"已立案调查:{case.number}", now, case_id=case.id,
                      connection=connection)  # fmt: skip
    return case
