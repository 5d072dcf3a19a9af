"""Officers, integrators' API keys, and who is signed in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.enums import Role
from graphql_api.node import ModelNode
from graphql_api.relations import to_one
from permissions.authorizer import authorizer
from permissions.principal import Principal, key_subject, user_subject

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.type(description="An officer or staff member of an agency. Visible to its own agency and supervisors.")
class User(ModelNode):
    _model = models.User
    _resource = "user"

    username: str
    display_name: str
    certificate_no: str | None = strawberry.field(description="Enforcement certificate number (执法证号).")
    phone: str
    is_active: bool
    agency_id: strawberry.Private[int]

    agency: _Agency = to_one(models.Agency, "agency_id")

    @strawberry.field(description="The roles the user holds in its own agency, county-wide ones included.")
    def roles(self) -> list[Role]:
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
    user: User | None
    api_key: ApiKey | None
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
