"""Officers, integrators' API keys, and who is signed in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import Role
from graphql_api.node import ModelNode
from graphql_api.relations import computed, to_one
from permissions.authorizer import authorizer
from permissions.principal import Principal, key_subject, user_subject

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


_PRIVATE = " Null for a user of an agency whose users you may not read (user:read there)."


def _private(column: str, description: str = "") -> Any:
    """A field of the user that only readers with user:read in the user's agency see: the public projection of a
    user reached through a relation (an officer of another agency on a transfer) is its display name and agency."""
    return computed(
        (column, "agency_id"),
        lambda row, can: row[column] if can("read", "user", row["agency_id"]) else None,
        description=(description + _PRIVATE).strip(),
    )


@strawberry.type(
    description="An officer or staff member of an agency. Listed for readers with user:read in its agency (its own "
    "agency's staff, supervisors); reached through a relation elsewhere, it shows its display name and agency only."
)
class User(ModelNode):
    _model = models.User
    _resource = "user"

    display_name: str
    agency_id: strawberry.Private[int]
    username: str | None = _private("username")
    certificate_no: str | None = _private("certificate_no", "Enforcement certificate number (执法证号).")
    phone: str | None = _private("phone")
    is_active: bool | None = _private("is_active")

    agency: _Agency = to_one(models.Agency, "agency_id")

    @strawberry.field(description="The roles the user holds in its own agency, county-wide ones included." + _PRIVATE)
    def roles(self, info: Info) -> list[Role] | None:
        if not info.context.can("read", "user", [self.agency_id]):
            return None
        return roles_in(user_subject(self.pk), self.agency_id)


@strawberry.type(description="An integrator's API key. The secret is shown once, at creation, and never again.")
class ApiKey(ModelNode):
    _model = models.ApiKey
    _resource = "api_key"

    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    agency_id: strawberry.Private[int]

    agency: _Agency = to_one(models.Agency, "agency_id")

    @strawberry.field(description="The roles the key holds in its agency.")
    def roles(self) -> list[Role]:
        return roles_in(key_subject(self.pk), self.agency_id)


def roles_in(subject: str, agency_id: int) -> list[Role]:
    """Roles held in the agency, county-wide ones included, from the live policy."""
    held = authorizer.roles(Principal(subject=subject, agency_id=agency_id))
    return sorted(held.get(agency_id, frozenset()) | held.get(None, frozenset()))


@strawberry.type(description="Who is signed in, for which agency, with which roles.")
class Viewer:
    user: User | None = strawberry.field(description="You, when you signed in as a user.")
    api_key: ApiKey | None = strawberry.field(
        description="The key you signed in with, when your roles let you read your agency's keys (api_key:read)."
    )
    agency: _Agency
    roles: list[Role]


@strawberry.enum(description="Why a login, a password change or signing out was refused.")
class LoginErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    INACTIVE_USER = "inactive_user"
    WEAK_PASSWORD = "weak_password"
    NOT_A_PERSON = "not_a_person"


@strawberry.type(description="Why a login failed, for the form field it concerns.")
class LoginError:
    code: LoginErrorCode
    field: str | None
    message: str


@strawberry.type
class LogoutPayload:
    signed_out: bool = strawberry.field(description="Every token and admin session of the user has ended.")
    errors: list[LoginError]


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(description="A bearer token for the Authorization header.")
    expires_at: datetime | None
    user: User | None
    errors: list[LoginError]
