"""The one schema: every domain's queries and mutations, with depth, token and alias limits and error masking."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from graphql_api.access.mutations import AccessMutation
from graphql_api.access.queries import AccessQuery
from graphql_api.accounts.mutations import AccountMutation
from graphql_api.accounts.queries import AccountQuery
from graphql_api.agencies.mutations import AgencyMutation
from graphql_api.agencies.queries import AgencyQuery
from graphql_api.assistance.mutations import AssistanceMutation
from graphql_api.assistance.queries import AssistanceQuery
from graphql_api.attachments.mutations import AttachmentMutation
from graphql_api.calendar.queries import CalendarQuery
from graphql_api.cases.queries import CaseQuery
from graphql_api.clues.mutations import ClueMutation
from graphql_api.clues.queries import ClueQuery
from graphql_api.errors import CodeMalformedIds, StreamMaskErrors, is_client_error
from graphql_api.events.queries import EventQuery
from graphql_api.events.shared_render import SharedEventExecutor
from graphql_api.events.subscriptions import EventSubscription
from graphql_api.guidance.mutations import GuidanceMutation
from graphql_api.guidance.queries import GuidanceQuery
from graphql_api.inspections.mutations import InspectionMutation
from graphql_api.inspections.queries import InspectionQuery
from graphql_api.joint.mutations import JointMutation
from graphql_api.joint.queries import JointQuery
from graphql_api.node_query import NodeQuery
from graphql_api.notices.mutations import NoticeMutation
from graphql_api.notices.queries import NoticeQuery
from graphql_api.relations import describe_scopes
from graphql_api.sharing.mutations import SharingMutation
from graphql_api.sharing.queries import SharingQuery
from graphql_api.supervision.queries import SupervisionQuery
from graphql_api.transfers.mutations import TransferMutation
from graphql_api.transfers.queries import TransferQuery
from graphql_api.webhooks.mutations import WebhookMutation

Query = merge_types(
    "Query",
    (
        NodeQuery,
        AccountQuery,
        AgencyQuery,
        CaseQuery,
        TransferQuery,
        NoticeQuery,
        ClueQuery,
        JointQuery,
        InspectionQuery,
        AssistanceQuery,
        SharingQuery,
        GuidanceQuery,
        CalendarQuery,
        EventQuery,
        AccessQuery,
        SupervisionQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AccountMutation,
        AccessMutation,
        TransferMutation,
        AssistanceMutation,
        NoticeMutation,
        ClueMutation,
        GuidanceMutation,
        AgencyMutation,
        SharingMutation,
        JointMutation,
        InspectionMutation,
        AttachmentMutation,
        WebhookMutation,
    ),
)


def build_schema(*, debug: bool = False, max_depth: int = 12, max_tokens: int = 4000) -> strawberry.Schema:
    # Factories, not instances: Strawberry builds a fresh extension per request. The limits' validation rules are
    # built once, so that the ValidationCache (keyed on the rules) hits; the ParserCache gives every request of one
    # document text the same document, which the shared subscription renders key on (events.shared_render).
    rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    ]
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        CodeMalformedIds,
    ]
    if not debug:
        extensions.append(lambda: StreamMaskErrors(should_mask_error=lambda error: not is_client_error(error)))
    schema = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=EventSubscription,
        extensions=extensions,
        execution_context_class=SharedEventExecutor,
    )
    describe_scopes(schema._schema)
    return schema


def export_sdl() -> str:
    """The schema as SDL, the public contract kept in `schema.graphql`."""
    return build_schema().as_str() + "\n"
