"""R-B2: complaints and reports are accepted promptly; within one's own remit handled, otherwise registered and passed
on with a clue transfer letter (违法线索移送函) to the competent agency, the complainant told where it went; the result
comes back to the agency that passed it on, and the complainant gets feedback, unless there is no way to reach them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, Case, Clue, Complainant, Matter
from models.enums import ClueChannel, ClueStatus, ContactMethod
from permissions.principal import Principal
from procedures import clocks, numbering
from procedures.access import require, require_on
from procedures.jurisdiction import propose_receiver

C = ClueStatus


class ClueError(Exception):
    """A step refused; `code` is one of ClueErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class ComplainantInput:
    name: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class RegisterInput:
    channel: ClueChannel
    content: str
    party_name: str = ""
    matter_id: int | None = None
    complainant: ComplainantInput | None = None  # None: anonymous
    received_at: datetime | None = None


def _missing(clue_id: int) -> ClueError:
    return ClueError("NOT_FOUND", f"no clue has the ID {clue_id}", field="clue")


async def _clue(clue_id: int) -> Clue:
    clue = await Clue.get_or_none(id=clue_id)
    if clue is None:
        raise _missing(clue_id)
    return clue


async def _require(actor: Principal, action: str, agency_id: int | None, clue: Clue) -> None:
    """`require`, and a clue the actor may not read is answered as a missing one (`require_on`)."""
    await require_on(actor, action, "clue", agency_id, record=clue, resource="clue", missing=_missing(clue.id))


async def _event(connection: BaseDBAsyncClient, type_: str, clue: Clue, actor: Principal, at: datetime,
                 **payload: object) -> None:  # fmt: skip
    audience = [clue.agency_id] + ([clue.forwarded_to_id] if clue.forwarded_to_id else [])
    await record_event(
        type=f"clue.{type_}", subject_type="clue", subject_id=clue.id, audience=audience, actor_id=actor.user_id,
        agency_id=actor.agency_id, case_id=clue.case_id, payload={"status": clue.status.value, **payload},
        occurred_at=at, using_db=connection,
    )  # fmt: skip


async def _move(connection: BaseDBAsyncClient, clue: Clue, allowed: list[ClueStatus], to: ClueStatus,
                **changes: object) -> None:  # fmt: skip
    if not await Clue.filter(id=clue.id, status__in=allowed).using_db(connection).update(status=to, **changes):
        raise ClueError("INVALID_STATE", f"the clue is {clue.status.value}, not {'/'.join(a.value for a in allowed)}")
    clue.status = to
    for name, value in changes.items():
        setattr(clue, name, value)


def _reachable(complainant: Complainant | None) -> ContactMethod | None:
    """How the complainant can be told, or None when they left no way to reach them."""
    if complainant is None:
        return None
    if complainant.phone:
        return ContactMethod.SMS
    if complainant.email:
        return ContactMethod.ONLINE
    if complainant.address:
        return ContactMethod.LETTER
    return None


async def register(actor: Principal, data: RegisterInput, *, at: datetime | None = None) -> Clue:
    """Accept and register a complaint or report; the acceptance clock (7 working days) starts when it came in."""
    now = at or datetime.now(UTC)
    await require(actor, "register", "clue", actor.agency_id)
    if not data.content.strip():
        raise ClueError("REASON_REQUIRED", "record what was reported", field="content")
    if data.matter_id is not None and not await Matter.exists(id=data.matter_id):
        raise ClueError("NOT_FOUND", f"no matter has the ID {data.matter_id}", field="matter")
    agency = await Agency.get(id=actor.agency_id)
    received = data.received_at or now
    async with in_transaction() as connection:
        complainant = None
        given = data.complainant
        if given is not None and (given.name or given.phone or given.address or given.email):
            complainant = await Complainant.create(name=given.name, phone=given.phone, address=given.address,
                                                   email=given.email, using_db=connection)  # fmt: skip
        acceptance = await clocks.due("clue.accept", received, using_db=connection)
        clue = await Clue.create(
            number=await numbering.issue_number(agency, numbering.CLUE_REGISTRATION, received.year,
                                                using_db=connection),
            agency_id=agency.id, channel=data.channel, complainant_id=complainant.id if complainant else None,
            content=data.content, party_name=data.party_name, matter_id=data.matter_id, registered_by_id=actor.user_id,
            received_at=received, accepted_at=now, accept_deadline=acceptance.at, using_db=connection,
        )  # fmt: skip
        await clocks.keep(acceptance, clue.id, using_db=connection)
        await _event(connection, "registered", clue, actor, now, anonymous=complainant is None)
    return clue


async def handle_in_own_remit(actor: Principal, clue_id: int, *, at: datetime | None = None) -> Clue:
    """Within the agency's own remit it handles the clue itself."""
    now = at or datetime.now(UTC)
    clue = await _clue(clue_id)
    await _require(actor, "register", clue.agency_id, clue)
    async with in_transaction() as connection:
        await _move(connection, clue, [C.REGISTERED], C.HANDLING)
        await _event(connection, "handling", clue, actor, now)
    return clue


async def pass_on(
    actor: Principal, clue_id: int, *, receiver_id: int | None = None, basis: str = "", at: datetime | None = None
) -> Clue:
    """Outside its remit: the clue transfer letter goes to the competent agency, and the complainant is told where."""
    now = at or datetime.now(UTC)
    clue = await _clue(clue_id)
    await _require(actor, "forward", clue.agency_id, clue)
    if receiver_id is None and clue.matter_id is not None:
        probe = Case(agency_id=clue.agency_id, matter_id=clue.matter_id, territory_id=clue.agency_id)
        proposal = await propose_receiver(probe, on=now.date())
        receiver_id = proposal.agency.id if proposal else None
        basis = basis or (proposal.explanation if proposal else "")
    if receiver_id is None:
        raise ClueError("NO_RECEIVER", "name the competent agency, or a matter the catalog knows", field="receiver")
    if receiver_id == clue.agency_id:
        raise ClueError("SAME_AGENCY", "within the agency's own remit, handle the clue instead", field="receiver")
    receiver = await Agency.get_or_none(id=receiver_id)
    if receiver is None:
        raise ClueError("NOT_FOUND", f"no agency has the ID {receiver_id}", field="receiver")
    if not basis.strip():
        raise ClueError("REASON_REQUIRED", "state the basis of the receiver's jurisdiction", field="basis")
    complainant = await Complainant.get_or_none(id=clue.complainant_id) if clue.complainant_id else None
    method = _reachable(complainant)
    sender = await Agency.get(id=clue.agency_id)
    async with in_transaction() as connection:
        text = f"您反映的问题已于{now:%Y-%m-%d}移送{receiver.name}依法处理。"
        told = {"complainant_told_at": now, "complainant_told_method": method, "complainant_told_text": text}
        inform = await clocks.due("clue.inform", now, using_db=connection)
        await _move(
            connection, clue, [C.REGISTERED], C.PASSED_ON, forwarded_to_id=receiver.id, forwarded_at=now,
            jurisdiction_basis=basis, inform_deadline=inform.at,
            letter_number=await numbering.issue_number(sender, numbering.CLUE_LETTER, now.year, using_db=connection),
            **(told if method else {}),
        )  # fmt: skip
        await clocks.keep(inform, clue.id, using_db=connection)
        await _event(connection, "passed_on", clue, actor, now, receiver_id=receiver.id,
                     letter_number=clue.letter_number, complainant_told=bool(method))  # fmt: skip
    return clue


async def report_result(actor: Principal, clue_id: int, *, result: str, at: datetime | None = None) -> Clue:
    """The competent agency reports the result back to the sender and gives the complainant feedback (if reachable)."""
    now = at or datetime.now(UTC)
    clue = await _clue(clue_id)
    await _require(actor, "report_result", clue.forwarded_to_id or clue.agency_id, clue)
    if clue.forwarded_to_id is None:
        raise ClueError("INVALID_STATE", "the clue was not passed on", field="clue")
    if not result.strip():
        raise ClueError("REASON_REQUIRED", "state the result", field="result")
    complainant = await Complainant.get_or_none(id=clue.complainant_id) if clue.complainant_id else None
    method = _reachable(complainant)
    async with in_transaction() as connection:
        feedback = {"feedback_at": now, "feedback_method": method,
                    "feedback_text": f"您反映的问题经查处理结果如下:{result}"} if method else {}  # fmt: skip
        await _move(connection, clue, [C.PASSED_ON], C.RESULT_REPORTED, result_text=result, result_at=now, **feedback)
        await _event(connection, "result_reported", clue, actor, now, feedback_given=bool(method))
    return clue
