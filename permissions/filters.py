"""A principal's read scope as one SQL filter per resource type.

Involvement gives access: an agency that is not a case's owner still sees it while it sends or receives one of its
transfers, is asked for assistance on it, is a unit of a joint plan about it, or is the superior asked to designate.
"""

from __future__ import annotations

from collections.abc import Callable

from tortoise.expressions import Q, Subquery

from models import (
    AssistanceRequest,
    Case,
    CatalogEntry,
    Consultation,
    ConsultationParticipant,
    Dispute,
    EventAudience,
    GuidanceAudience,
    GuidanceDocument,
    JointPlan,
    JointPlanUnit,
    SharingAccessRequest,
    Transfer,
)
from models.enums import AccessRequestStatus, SharingType
from permissions.catalog import ANY
from permissions.index import Scope, domain_of

ScopeFilter = Callable[[list[int]], Q]


def _cases(ids: list[int]) -> Q:
    return (
        Q(agency_id__in=ids)
        | Q(id__in=Subquery(Transfer.filter(Q(sender_id__in=ids) | Q(receiver_id__in=ids)).values("case_id")))
        | Q(id__in=Subquery(AssistanceRequest.filter(requested_id__in=ids).values("case_id")))
        | Q(id__in=Subquery(JointPlan.filter(units__agency_id__in=ids).values("case_id")))
        | Q(id__in=Subquery(Dispute.filter(superior_id__in=ids).values("transfer__case_id")))
    )


def _transfers(ids: list[int]) -> Q:
    return (
        Q(sender_id__in=ids)
        | Q(receiver_id__in=ids)
        | Q(id__in=Subquery(Dispute.filter(superior_id__in=ids).values("transfer_id")))
    )


def _joint_plans(ids: list[int]) -> Q:
    return (
        Q(lead_id__in=ids)
        | Q(approver_id__in=ids)
        | Q(id__in=Subquery(JointPlanUnit.filter(agency_id__in=ids).values("plan_id")))
    )


def _consultations(ids: list[int]) -> Q:
    participating = ConsultationParticipant.filter(agency_id__in=ids).values("consultation_id")
    return Q(convener_id__in=ids) | Q(id__in=Subquery(participating))


def _shared_resources(ids: list[int]) -> Q:
    open_entries = CatalogEntry.filter(
        Q(sharing_type=SharingType.UNCONDITIONAL)
        | Q(provider_id__in=ids)
        | Q(
            id__in=Subquery(
                SharingAccessRequest.filter(consumer_id__in=ids, status=AccessRequestStatus.APPROVED).values("entry_id")
            )
        )
    )
    return Q(entry_id__in=Subquery(open_entries.values("id")))


def _guidance(ids: list[int]) -> Q:
    return Q(issuer_id__in=ids) | Q(id__in=Subquery(GuidanceAudience.filter(agency_id__in=ids).values("document_id")))


_FILTERS: dict[str, ScopeFilter] = {
    "case": _cases,
    "party": lambda ids: Q(case_id__in=Subquery(Case.filter(_cases(ids)).values("id"))),
    "transfer": _transfers,
    "transfer_part": lambda ids: Q(transfer_id__in=Subquery(Transfer.filter(_transfers(ids)).values("id"))),
    "dispute": lambda ids: Q(transfer_id__in=Subquery(Transfer.filter(_transfers(ids)).values("id"))),
    "dispute_message": lambda ids: Q(
        dispute_id__in=Subquery(
            Dispute.filter(transfer_id__in=Subquery(Transfer.filter(_transfers(ids)).values("id"))).values("id")
        )
    ),
    "user": lambda ids: Q(agency_id__in=ids),
    "api_key": lambda ids: Q(agency_id__in=ids),
    "notice": lambda ids: Q(sender_id__in=ids) | Q(receiver_id__in=ids),
    "clue": lambda ids: Q(agency_id__in=ids) | Q(forwarded_to_id__in=ids),
    "assistance": lambda ids: Q(requester_id__in=ids) | Q(requested_id__in=ids),
    "consultation": _consultations,
    "joint_plan": _joint_plans,
    "shared_resource": _shared_resources,
    "guidance": _guidance,
    "consultation_part": lambda ids: Q(
        consultation_id__in=Subquery(Consultation.filter(_consultations(ids)).values("id"))
    ),
    "joint_plan_part": lambda ids: Q(plan_id__in=Subquery(JointPlan.filter(_joint_plans(ids)).values("id"))),
    "guidance_part": lambda ids: Q(document_id__in=Subquery(GuidanceDocument.filter(_guidance(ids)).values("id"))),
    "sharing_access_request": lambda ids: (
        Q(consumer_id__in=ids) | Q(entry_id__in=Subquery(CatalogEntry.filter(provider_id__in=ids).values("id")))
    ),
    "policy": lambda ids: (
        Q(ptype="g", v2__in=[domain_of(i) for i in ids]) | Q(ptype="p", v1__in=[ANY, *(domain_of(i) for i in ids)])
    ),
    "event": lambda ids: Q(id__in=Subquery(EventAudience.filter(agency_id__in=ids).values("event_id"))),
}

# Reference data every signed-in principal reads: the agency tree, the jurisdiction catalog, the sharing catalogs
# (their metadata, not the resources behind them) and the working-day calendar.
PUBLIC_RESOURCES = frozenset(
    {"agency", "matter", "jurisdiction", "sharing_catalog", "catalog_entry", "calendar_day", "time_limit"}
)


def scope_filter(resource: str, scope: Scope) -> Q | None:
    """The WHERE clause that limits `resource` rows to `scope`; None when nothing is limited."""
    if scope.everything or resource in PUBLIC_RESOURCES:
        return None
    build = _FILTERS.get(resource)
    if build is None:
        raise KeyError(f"no scope filter for resource {resource!r}")
    return build(sorted(scope.agency_ids))
