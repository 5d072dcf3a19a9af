"""Granting and revoking roles, changing permissions, issuing and revoking API keys."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graphql_api.access.types import AccessError, AccessErrorCode, ApiKeyPayload, PermissionPayload, RolePayload
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import Role
from graphql_api.relations import decode_id
from procedures import api_keys, policies
from procedures.policies import PolicyError


def _error(exc: PolicyError) -> AccessError:
    return AccessError(code=AccessErrorCode(exc.code), field=exc.field, message=str(exc))


def _required_id(value: relay.GlobalID, type_name: str, field: str) -> int:
    pk = decode_id(value, type_name, field=field)
    assert pk is not None  # a non-null argument
    return pk


@strawberry.type
class AccessMutation:
    @strawberry.mutation(
        description="Grant a role in an agency (omit `agency` for supervisor and system_admin, held county-wide). "
        "Requires policy:manage in that agency, or county-wide for county-wide roles."
    )
    async def grant_role(
        self, info: Info, user: relay.GlobalID, role: Role, agency: relay.GlobalID | None = None
    ) -> RolePayload:
        actor = info.context.require_principal()
        try:
            async with forbidden_on_denial():
                row = await policies.grant_role(
                    actor, user_id=_required_id(user, "User", "user"), role=role,
                    agency_id=decode_id(agency, "Agency", field="agency"),
                )  # fmt: skip
        except PolicyError as exc:
            return RolePayload(user=None, errors=[_error(exc)])
        return RolePayload(user=row, errors=[])  # type: ignore[arg-type]  # the type reads the row

    @strawberry.mutation(description="Revoke a role. Requires policy:manage in that agency (county-wide: everywhere).")
    async def revoke_role(
        self, info: Info, user: relay.GlobalID, role: Role, agency: relay.GlobalID | None = None
    ) -> RolePayload:
        actor = info.context.require_principal()
        try:
            async with forbidden_on_denial():
                row = await policies.revoke_role(
                    actor, user_id=_required_id(user, "User", "user"), role=role,
                    agency_id=decode_id(agency, "Agency", field="agency"),
                )  # fmt: skip
        except PolicyError as exc:
            return RolePayload(user=None, errors=[_error(exc)])
        return RolePayload(user=row, errors=[])  # type: ignore[arg-type]  # the type reads the row

    @strawberry.mutation(
        description="Allow or stop allowing a role to do an action on an object, in one agency or (omit `agency`) "
        "wherever the role is held. Requires policy:manage there (county-wide for county-wide lines)."
    )
    async def set_permission(
        self, info: Info, role: Role, object: str, action: str, allow: bool, agency: relay.GlobalID | None = None
    ) -> PermissionPayload:
        actor = info.context.require_principal()
        try:
            async with forbidden_on_denial():
                await policies.change_permission(
                    actor, role=role, agency_id=decode_id(agency, "Agency", field="agency"), obj=object,
                    action=action, allow=allow,
                )  # fmt: skip
        except PolicyError as exc:
            return PermissionPayload(role=None, errors=[_error(exc)])
        return PermissionPayload(role=role, errors=[])

    @strawberry.mutation(description="Issue an API key for an agency. Requires api_key:manage in that agency.")
    async def create_api_key(
        self, info: Info, agency: relay.GlobalID, name: str, role: Role = Role.INTEGRATOR
    ) -> ApiKeyPayload:
        actor = info.context.require_principal()
        try:
            async with forbidden_on_denial():
                issued = await api_keys.create_api_key(
                    actor, agency_id=_required_id(agency, "Agency", "agency"), name=name, role=role
                )
        except PolicyError as exc:
            return ApiKeyPayload(api_key=None, secret=None, errors=[_error(exc)])
        return ApiKeyPayload(api_key=issued.key, secret=issued.secret, errors=[])  # type: ignore[arg-type]

    @strawberry.mutation(description="Revoke an API key at once. Requires api_key:manage in its agency.")
    async def revoke_api_key(self, info: Info, key: relay.GlobalID) -> ApiKeyPayload:
        actor = info.context.require_principal()
        try:
            async with forbidden_on_denial():
                row = await api_keys.revoke_api_key(actor, key_id=_required_id(key, "ApiKey", "key"))
        except PolicyError as exc:
            return ApiKeyPayload(api_key=None, secret=None, errors=[_error(exc)])
        return ApiKeyPayload(api_key=row, secret=None, errors=[])  # type: ignore[arg-type]
