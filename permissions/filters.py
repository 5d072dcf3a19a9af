"""A principal's read scope as one SQL filter per resource type.

Involvement gives access: an agency that is not a case's owner still sees it while it sends or receives one of its
transfers, is asked for assistance on it, is a unit of a joint plan about it, or is the superior asked to designate.

Each scoped list is the union of a few *branches*, each a query whose column yields visible IDs (the case's own
agency, the transfers it sent, …). For a count or a look-up the filter is `id IN (branch) OR …`. For a page it is
`id IN (first N of branch after the cursor) OR …`: the first N rows of the union are among the first N of each
branch, and each branch reads N entries of an (agency, id) index instead of every row the agency ever touched.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import (
    AssistanceRequest,
    Case,
    CatalogEntry,
    Clue,
    Consultation,
    ConsultationParticipant,
    Dispute,
    EventAudience,
    GuidanceAudience,
    GuidanceDocument,
    JointPlan,
    JointPlanUnit,
    Notice,
    SharingAccessRequest,
    Transfer,
)
from models.enums import AccessRequestStatus, SharingType
from permissions.catalog import ANY
from permissions.index import Scope, domain_of

Branch = tuple[QuerySet[Any], str]  # rows of the query whose `column` is a visible ID
Branches = Callable[[list[int]], list[Branch]]


def _received(ids: list[int]) -> QuerySet[Transfer]:
    """The transfers these agencies received: the receiver's part begins when the transfer is sent (移送), so a draft
    its sender's leader has not approved (or withdrew unsent) is the sender's alone."""
    return Transfer.filter(receiver_id__in=ids, sent_at__isnull=False)


def _case_branches(ids: list[int]) -> list[Branch]:
    return [
        (Case.filter(agency_id__in=ids), "id"),
        (Transfer.filter(sender_id__in=ids), "case_id"),
        (_received(ids), "case_id"),
        (AssistanceRequest.filter(requested_id__in=ids), "case_id"),
        (JointPlan.filter(units__agency_id__in=ids), "case_id"),
        (Dispute.filter(superior_id__in=ids), "transfer__case_id"),
        # The agency that notified a violation follows the case the receiver opened from its notice (R-B1).
        (Notice.filter(sender_id__in=ids), "case_id"),
    ]


def _transfer_branches(ids: list[int]) -> list[Branch]:
    return [
        (Transfer.filter(sender_id__in=ids), "id"),
        (_received(ids), "id"),
        (Dispute.filter(superior_id__in=ids), "transfer_id"),
    ]


def _joint_plan_branches(ids: list[int]) -> list[Branch]:
    return [
        (JointPlan.filter(lead_id__in=ids), "id"),
        (JointPlan.filter(approver_id__in=ids), "id"),
        (JointPlanUnit.filter(agency_id__in=ids), "plan_id"),
    ]


def _consultation_branches(ids: list[int]) -> list[Branch]:
    return [
        (Consultation.filter(convener_id__in=ids), "id"),
        (ConsultationParticipant.filter(agency_id__in=ids), "consultation_id"),
    ]


def _guidance_branches(ids: list[int]) -> list[Branch]:
    return [
        (GuidanceDocument.filter(issuer_id__in=ids), "id"),
        (GuidanceAudience.filter(agency_id__in=ids), "document_id"),
    ]


_BRANCHES: dict[str, Branches] = {
    "case": _case_branches,
    "transfer": _transfer_branches,
    "notice": lambda ids: [(Notice.filter(sender_id__in=ids), "id"), (Notice.filter(receiver_id__in=ids), "id")],
    "clue": lambda ids: [(Clue.filter(agency_id__in=ids), "id"), (Clue.filter(forwarded_to_id__in=ids), "id")],
    "assistance": lambda ids: [
        (AssistanceRequest.filter(requester_id__in=ids), "id"),
        (AssistanceRequest.filter(requested_id__in=ids), "id"),
        (AssistanceRequest.filter(superior_id__in=ids), "id"),  # a refusal escalated to it
    ],
    "consultation": _consultation_branches,
    "joint_plan": _joint_plan_branches,
    "guidance": _guidance_branches,
    "event": lambda ids: [(EventAudience.filter(agency_id__in=ids), "event_id")],
}


def _union(branches: list[Branch], *, after: int | None = None, first: int | None = None) -> Q:
    parts = []
    for query, column in branches:
        if first is not None:
            query = query.filter(**{f"{column}__isnull": False})
            if after is not None:
                query = query.filter(**{f"{column}__gt": after})
            # DISTINCT: a branch repeats an ID (a case received several times by one agency), and N rows holding
            # fewer than N IDs would leave visible rows out of the page.
            query = query.order_by(column).limit(first).distinct()
        parts.append(Q(id__in=Subquery(query.values(column))))
    return reduce(operator.or_, parts)


def _exact(resource: str, ids: list[int]) -> Q:
    """The exact filter of a resource for these agencies (the form counts and look-ups use)."""
    if resource in _BRANCHES:
        return _union(_BRANCHES[resource](ids))
    if resource in _PARTS:
        return _part(resource, ids)
    return _FILTERS[resource](ids)


def _shared_resources(ids: list[int]) -> Q:
    approved = SharingAccessRequest.filter(consumer_id__in=ids, status=AccessRequestStatus.APPROVED)
    open_entries = CatalogEntry.filter(
        Q(sharing_type=SharingType.UNCONDITIONAL)
        | Q(provider_id__in=ids)
        | Q(id__in=Subquery(approved.values("entry_id")))
    )
    return Q(entry_id__in=Subquery(open_entries.values("id")))


# Parts of a record, scoped through it: (the column that holds the owner's ID, the owner's resource). A part is
# visible when its owner is (a party with its case, an item with its transfer).
_PARTS: dict[str, tuple[str, str]] = {
    "party": ("case_id", "case"),
    "transfer_part": ("transfer_id", "transfer"),
    "dispute": ("transfer_id", "transfer"),
    "dispute_message": ("dispute_id", "dispute"),
    "consultation_part": ("consultation_id", "consultation"),
    "joint_plan_part": ("plan_id", "joint_plan"),
    "guidance_part": ("document_id", "guidance"),
}
_OWNERS: dict[str, type[Any]] = {
    "case": Case,
    "transfer": Transfer,
    "dispute": Dispute,
    "consultation": Consultation,
    "joint_plan": JointPlan,
    "guidance": GuidanceDocument,
}
# Rows that are only ever read through the record they belong to, whatever its type (a deadline's clock through
# `subject_id`): the column that holds that record's ID.
_BELONGING: dict[str, str] = {"deadline": "subject_id"}


def _part(resource: str, ids: list[int]) -> Q:
    column, owner = _PARTS[resource]
    owners: dict[str, Any] = {f"{column}__in": Subquery(_OWNERS[owner].filter(_exact(owner, ids)).values("id"))}
    return Q(**owners)


# Resources scoped on their own columns, or in a way of their own.
_FILTERS: dict[str, Callable[[list[int]], Q]] = {
    "user": lambda ids: Q(agency_id__in=ids),
    "deadline_alert": lambda ids: Q(agency_id__in=ids),
    "inspection": lambda ids: Q(agency_id__in=ids),
    "api_key": lambda ids: Q(agency_id__in=ids),
    "shared_resource": _shared_resources,
    "sharing_access_request": lambda ids: (
        Q(consumer_id__in=ids) | Q(entry_id__in=Subquery(CatalogEntry.filter(provider_id__in=ids).values("id")))
    ),
    "policy": lambda ids: (
        Q(ptype="g", v2__in=[domain_of(i) for i in ids]) | Q(ptype="p", v1__in=[ANY, *(domain_of(i) for i in ids)])
    ),
}

# Reference data every signed-in principal reads: the agency tree, the jurisdiction catalog, the sharing catalogs
# (their metadata, not the resources behind them) and the working-day calendar.
PUBLIC_RESOURCES = frozenset(
    {"agency", "matter", "jurisdiction", "sharing_catalog", "catalog_entry", "calendar_day", "time_limit"}
)


def event_visible(scope: Scope, audience: frozenset[int]) -> bool:
    """The rule of the "event" branch above, for an event already in memory (the live stream's ring): visible when
    one of the scope's agencies is in its audience."""
    return scope.everything or bool(audience & scope.agency_ids)


def scope_filter(resource: str, scope: Scope, *, after: int | None = None, first: int | None = None) -> Q | None:
    """The WHERE clause that limits `resource` rows to `scope`; None when nothing is limited.

    With `first`, the clause is exact only for the page of `first` rows after `after` in ID order (see above), and
    only when nothing else filters the rows: the branches know nothing of the other conditions.
    """
    if scope.everything or resource in PUBLIC_RESOURCES:
        return None
    ids = sorted(scope.agency_ids)
    if resource in _BRANCHES:
        return _union(_BRANCHES[resource](ids), after=after, first=first)
    if resource not in _PARTS and resource not in _FILTERS:
        raise KeyError(f"no scope filter for resource {resource!r}")
    return _exact(resource, ids)


# Users reached through a relation (a transfer's officers, an event's actor) are always shown, in their public
# projection (display name and agency) where the reader may not read users of their agency: `User`'s other fields
# need user:read there.
PROJECTED_RESOURCES = frozenset({"user"})
NOTHING = Q(id__in=[])  # renders as 1=0


def relation_is_scoped(resource: str, owner_column: str | None) -> bool:
    """Whether a relation to rows of `resource` reads only those in the reader's scope (`relation_filter`).
    `owner_column` is the target's column that holds the parent row's ID (None for a relation to the row a column of
    the parent points to).

    The target's own read permission and scope apply, as `node(id:)` applies them, except to the parts of the parent
    (its parties, items, messages, clocks) reached through the column that makes them its parts, which are visible
    with it, to reference data, and to users, who are projected instead of left out.
    """
    if resource in _PARTS and owner_column == _PARTS[resource][0]:
        return False
    if resource in _BELONGING and owner_column == _BELONGING[resource]:
        return False
    return resource not in PUBLIC_RESOURCES and resource not in PROJECTED_RESOURCES


def relation_filter(resource: str, scope: Scope) -> Q | None:
    """The WHERE clause on the rows of a scoped relation's target (`relation_is_scoped`), for the reader's read scope
    of `resource`: nothing when it may read none, as `node(id:)` would return none of them."""
    if scope.empty:
        return NOTHING
    return scope_filter(resource, scope)
